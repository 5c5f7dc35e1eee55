/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Container framework internals, shared by the core (kernel/container.c),
 * the filesystem side (kernel/container_fs.c), the debug subsystem and the
 * KUnit tests.  Not for other subsystems: use <linux/container.h>.
 */
#ifndef _KERNEL_CONTAINER_INTERNAL_H
#define _KERNEL_CONTAINER_INTERNAL_H

#include <linux/atomic.h>
#include <linux/container.h>
#include <linux/init.h>
#include <linux/limits.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#define MAX_CONTAINER_ROOT_NAMELEN	64

/**
 * struct container_root - one hierarchy
 * @kf_root: its kernfs tree; NULL for the default hierarchy
 * @subsys_mask: the subsystems bound to it
 * @hierarchy_id: its id, the index in container_hierarchies[]
 * @noprefix: control files are named without "SUBSYS."
 * @nr_containers: containers in it, the top one included
 * @nr_sbs: mounted superblocks (0 or 1)
 * @nr_mounting: mounts in progress that hold on to it
 * @top: the top container
 * @top_files: the files that subsystems added to @top, to remove on rebind
 * @name: the name= label, or ""
 * @release_agent: the release agent's path, under
 *	container_release_agent_lock
 */
struct container_root {
	struct kernfs_root *kf_root;
	unsigned long subsys_mask;
	int hierarchy_id;
	bool noprefix;
	int nr_containers;
	int nr_sbs;
	int nr_mounting;
	struct container top;
	struct list_head top_files;
	char name[MAX_CONTAINER_ROOT_NAMELEN];
	char release_agent[PATH_MAX];
};

/**
 * struct container_opts - the options of one mount or remount
 * @subsys_mask: the subsystems named
 * @all: "all" was given
 * @none: "none" was given
 * @noprefix: "noprefix" was given
 * @name: the value of "name=", or NULL
 * @release_agent: the value of "release_agent=", or NULL
 */
struct container_opts {
	unsigned long subsys_mask;
	bool all;
	bool none;
	bool noprefix;
	char *name;
	char *release_agent;
};

/* how container_move_task() moves */
#define MOVE_PROCESS	BIT(0)	/* every thread of the process */
#define MOVE_BY_USER	BIT(1)	/* for a write to tasks or procs */

extern struct mutex container_mutex;
extern spinlock_t container_release_agent_lock;

extern struct container_subsys *container_subsys_table[CONTAINER_SUBSYS_COUNT];
extern struct container_root container_default_root;
extern struct container_root *container_hierarchies[CONTAINER_MAX_HIERARCHIES];

#define ALL_SUBSYS_MASK		(BIT(CONTAINER_SUBSYS_COUNT) - 1)

/* the first subsystem in @mask from id *@i on, or NULL */
static inline struct container_subsys *next_subsys(unsigned long mask, int *i)
{
	*i = find_next_bit(&mask, CONTAINER_SUBSYS_COUNT, *i);
	return *i < CONTAINER_SUBSYS_COUNT ? container_subsys_table[*i] : NULL;
}

#define for_each_subsys_in(ss, i, mask)					\
	for ((i) = 0; ((ss) = next_subsys(mask, &(i))); (i)++)

#define for_each_subsys(ss, i)	for_each_subsys_in(ss, i, ALL_SUBSYS_MASK)

#define for_each_root_subsys(root, ss, i)				\
	for_each_subsys_in(ss, i, (root)->subsys_mask)

/* the first mounted hierarchy from id *@id on, or NULL */
static inline struct container_root *next_root(int *id)
{
	for (; *id < CONTAINER_MAX_HIERARCHIES; (*id)++)
		if (container_hierarchies[*id])
			return container_hierarchies[*id];
	return NULL;
}

#define for_each_mounted_root(root, id)					\
	for ((id) = 1; ((root) = next_root(&(id))); (id)++)

static inline bool container_is_top(const struct container *cont)
{
	return !cont->parent;
}

static inline void container_get(struct container *cont)
{
	refcount_inc(&cont->refcnt);
}

void container_put(struct container *cont);
struct container *css_group_container(struct css_group *cg,
				      struct container_root *root);

/* the core, for the filesystem side */
void container_init_one(struct container *cont, struct container_root *root,
			struct container *parent);
int container_rebind(struct container_root *root, unsigned long mask);
struct container *container_make(struct container *parent, const char *name,
				 umode_t mode);
int container_remove(struct container *cont);
int container_move_task(struct container *cont, struct task_struct *tsk,
			unsigned int how);

/* the filesystem side, for the core */
int container_populate_dir(struct container *cont);
int container_add_subsys_files(struct container_subsys_state *css);
void container_remove_top_files(struct container_root *root,
				struct container_subsys *ss);
void container_notify_populated(struct container *cont);
void __init container_fs_init(void);

/* objects in existence, for the debug subsystem's leak checks */
extern atomic_t container_nr_css_groups;
extern atomic_t container_nr_containers;
extern atomic_t container_nr_css;

int container_nr_hierarchies(void);

#endif /* _KERNEL_CONTAINER_INTERNAL_H */
