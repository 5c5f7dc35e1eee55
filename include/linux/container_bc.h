/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bc - open files charged to containers (BeanCounters' numfiles)
 *
 * The hooks of the file allocator.  A file is charged when it is allocated
 * to the bc state of the allocating task's group, which the file then
 * carries in f_bc, and the charge goes back to that state when the file is
 * freed, wherever the task or the descriptor have gone since.
 */
#ifndef _LINUX_CONTAINER_BC_H
#define _LINUX_CONTAINER_BC_H

#include <linux/fs.h>
#include <linux/jump_label.h>

#ifdef CONFIG_CONTAINER_BC

struct container_subsys_state;

DECLARE_STATIC_KEY_FALSE(container_bc_key);

int __container_bc_charge_file(struct file *file);
void __container_bc_uncharge_file(struct container_subsys_state *css);

/**
 * container_bc_charge_file - charge a new file to the current task's group
 * @file: the file, allocated and initialised, not yet visible to anyone
 *
 * A patched-out jump while no mounted hierarchy has bc.  On failure the
 * caller frees @file, which charges nothing back.
 *
 * Return: 0, or -ENFILE when the group or an ancestor is full.
 */
static inline int container_bc_charge_file(struct file *file)
{
	if (static_branch_unlikely(&container_bc_key))
		return __container_bc_charge_file(file);
	return 0;
}

/**
 * container_bc_uncharge_file - give back the charge of a file being freed
 * @file: the file
 *
 * A file allocated while bc was unbound carries no state and costs one
 * test here.  Any context.
 */
static inline void container_bc_uncharge_file(struct file *file)
{
	if (file->f_bc)
		__container_bc_uncharge_file(file->f_bc);
}

#else /* !CONFIG_CONTAINER_BC */

static inline int container_bc_charge_file(struct file *file)
{
	return 0;
}

static inline void container_bc_uncharge_file(struct file *file)
{
}

#endif /* CONFIG_CONTAINER_BC */

#endif /* _LINUX_CONTAINER_BC_H */
