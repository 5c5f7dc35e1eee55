// SPDX-License-Identifier: GPL-2.0
/*
 * Cpusets as a container subsystem
 *
 * A cpuset confines the tasks of a container to a set of CPUs and a set of
 * memory nodes.  Files, in every group of a hierarchy that cpuset is bound
 * to (without the "cpuset." prefix on a noprefix mount):
 *
 *  cpuset.cpus, cpuset.mems
 *	The group's CPUs and memory nodes, read as a list in canonical form
 *	("0-2,5").  The top group's are every online CPU and every node with
 *	memory, and cannot be written (EINVAL).  A new group starts with both
 *	empty.  A write replaces the list; an empty write clears it.  Writes
 *	fail, changing nothing, with
 *	  EINVAL  for a malformed list, a CPU or node that does not exist or
 *		  is offline, or one outside the parent's list;
 *	  EBUSY   if a child's list would no longer be inside the group's, or
 *		  if the list would overlap a sibling's while either of the two
 *		  is exclusive;
 *	  ENOSPC  for an empty list while the group has tasks.
 *
 *  Flags read 0 or 1.  A write is an unsigned decimal number, surrounding
 *  white space ignored: 0 clears the flag, any other number sets it;
 *  anything else (negative, not a number, trailing junk, empty) fails with
 *  EINVAL and changes nothing.
 *
 *  cpuset.cpu_exclusive, cpuset.mem_exclusive
 *	Flags.  An exclusive group's CPUs (nodes) overlap no sibling's.
 *	Setting the flag needs the parent to have it (EINVAL otherwise; the
 *	top group starts with both) and no sibling to overlap (EBUSY);
 *	clearing it fails with EBUSY while a child has it, in the top group
 *	too.  A task's kernel allocations that may not use its own nodes fall
 *	back to the nodes of its nearest mem_exclusive ancestor.
 *
 *  cpuset.memory_migrate
 *	Flag.  When 1, a task's pages move with it: onto the group's nodes
 *	when the task is attached to the group (once the move is done and
 *	forks are let go again, before the write to tasks returns), and onto
 *	the new nodes when the group's nodes change.
 *
 *  cpuset.memory_spread_page, cpuset.memory_spread_slab
 *	Flags, which a new group copies from its parent.  With
 *	memory_spread_page the group's tasks put their page cache on the
 *	group's nodes in turn rather than on the local node first.
 *	memory_spread_slab sets the task flag that cgroup v1 sets; the 6.12
 *	slab allocator does not read it.
 *
 *  cpuset.sched_load_balance
 *	Flag, 1 in a new group.  The scheduler balances load only within the
 *	union of the groups that have it: while the top group has it, across
 *	all active CPUs; otherwise groups with it and overlapping CPUs make
 *	one scheduler domain each, and CPUs in no such group are in none.
 *
 *  cpuset.memory_pressure
 *	Read-only: the rate of direct reclaim by the group's tasks (not its
 *	descendants'), filtered with a half-life of 10 s, as cgroup v1
 *	computes it: about 1000 times the reclaims per second.  0 while
 *	memory_pressure_enabled is 0.
 *
 *  cpuset.memory_pressure_enabled
 *	Flag, top group only, default 0: whether direct reclaim is counted.
 *
 * Enforcement.  A task's allowed CPUs and nodes (/proc/PID/status:
 * Cpus_allowed_list, Mems_allowed_list) are its group's: attaching a task
 * sets them, changing a group's lists updates all its tasks, and forked
 * children inherit them.  Attaching to a group without CPUs or without
 * nodes fails with ENOSPC.  sched_setaffinity() is clamped to the group:
 * the task gets the part of its mask that is in the group, and a mask
 * wholly outside it fails with EINVAL.  What a task asked for with
 * sched_setaffinity() stays in force where it fits: a task that narrowed
 * itself keeps that narrowing across group changes and moves, as long as
 * it has a CPU in the group's list.  Kernel threads that are bound to CPUs
 * (PF_NO_SETAFFINITY) cannot leave the top group (EINVAL).
 *
 * CPU hotplug.  A CPU going offline leaves every group at once.  Tasks of
 * a group left with no CPU then move, from a work item, to the nearest
 * ancestor that has CPUs and nodes; the other groups' tasks get their
 * group's new list.  A CPU coming online joins the top group only.
 *
 * The rest of the kernel sees the interface of <linux/cpuset.h>, which
 * this subsystem implements instead of cgroup's cpuset (the two cannot be
 * built together), in kernel/container_cpuset_hooks.c: boot, CPU hotplug,
 * cpuset_cpus_allowed() for the scheduler's affinity paths,
 * cpuset_mems_allowed() and cpuset_node_allowed() for the page allocator.
 * kernel/container_cpuset.h holds what the two files share, and says how
 * they lock.
 *
 * This file is the subsystem itself: applying a group's lists to its
 * tasks, the control files, and the callbacks of struct container_subsys.
 */

#include <linux/container.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/cpuset.h>
#include <linux/mempolicy.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "container_cpuset.h"

/* the shared state; container_cpuset.h says what each is for */
struct cpuset cpuset_top = {
	.flags = BIT(CS_CPU_EXCLUSIVE) | BIT(CS_MEM_EXCLUSIVE) |
		 BIT(CS_SCHED_LOAD_BALANCE),
};

/* the groups' lists and flags, and cpuset_list, against CPU hotplug */
DEFINE_MUTEX(cpuset_mutex);
/* the groups' lists too, for readers in any context */
DEFINE_RAW_SPINLOCK(cpuset_callback_lock);
seqcount_raw_spinlock_t cpuset_seq =
	SEQCNT_RAW_SPINLOCK_ZERO(cpuset_seq, &cpuset_callback_lock);
LIST_HEAD(cpuset_list);
cpumask_var_t cpuset_scratch_cpus;
struct cpuset *cpuset_being_rebound;

/* the cpuset of a container, for the walks over a group's children */
static inline struct cpuset *container_cs(struct container *cont)
{
	return css_cs(container_css(cont, cpuset_subsys_id));
}

/* -------------------------------------------------------------------------
 * Applying a group's lists to its tasks
 */

/*
 * Give @tsk the nodes @mems and rebind its own memory policy to them.
 *
 * Allocations read tsk->mems_allowed without our locks, in two ways.  Those
 * that loop on read_mems_allowed_begin() and read_mems_allowed_retry() go
 * round again if they overlapped the change, which is why it is made in
 * one write section of tsk->mems_allowed_seq.  Those that only test a node
 * (cpuset_node_allowed()) may see the mask half written; so the mask only
 * grows, to the old and new nodes together, before it shrinks to the new
 * ones.  Whatever such a reader sees holds every old node or every new
 * one, never nothing; and while mpol_rebind_task() changes the task's
 * policy, the mask allows the nodes of the old policy and of the new.
 */
static void cpuset_set_task_mems(struct task_struct *tsk,
				 const nodemask_t *mems)
{
	unsigned long flags;
	nodemask_t both;

	/* for tsk->mempolicy, and to keep out the other mems_allowed writers */
	task_lock(tsk);
	if (!nodes_equal(tsk->mems_allowed, *mems)) {
		nodes_or(both, tsk->mems_allowed, *mems);
		/*
		 * The write side of the mems_allowed_seq protocol, which must
		 * stay in step with set_mems_allowed() and the readers
		 * read_mems_allowed_begin()/read_mems_allowed_retry() in
		 * include/linux/cpuset.h: under task_lock(), and with
		 * interrupts off, since an allocation in an interrupt that
		 * comes while @tsk is the current task would spin forever on
		 * the count we hold odd.
		 */
		local_irq_save(flags);
		write_seqcount_begin(&tsk->mems_allowed_seq);
		tsk->mems_allowed = both;
		mpol_rebind_task(tsk, mems);
		tsk->mems_allowed = *mems;
		write_seqcount_end(&tsk->mems_allowed_seq);
		local_irq_restore(flags);
	}
	task_unlock(tsk);
}

/*
 * The memory of a process follows its leader: rebind the VMA policies to
 * @to.  Return the process's memory, referenced, if its pages are to move
 * from the nodes @from onto @to (@migrate), or NULL.
 */
static struct mm_struct *cpuset_rebind_mm(struct task_struct *tsk,
					  const nodemask_t *from,
					  const nodemask_t *to, bool migrate)
{
	struct mm_struct *mm;
	nodemask_t mems = *to;

	if (!thread_group_leader(tsk))
		return NULL;
	mm = get_task_mm(tsk);
	if (!mm)
		return NULL;
	mpol_rebind_mm(mm, &mems);
	if (migrate && !nodes_equal(*from, *to))
		return mm;
	mmput(mm);
	return NULL;
}

/**
 * struct cpuset_update - what to apply to the tasks of a group
 * @top: the group is the top group
 * @cpus: the CPUs, or NULL to leave them
 * @mems: the nodes, or NULL to leave them
 * @old_mems: the nodes the tasks had, to migrate pages from
 * @migrate: move pages from @old_mems to @mems
 */
struct cpuset_update {
	bool top;
	const struct cpumask *cpus;
	const nodemask_t *mems;
	const nodemask_t *old_mems;
	bool migrate;
};

/*
 * Give @tsk the spread flags of @flags, a snapshot of its group's.  The
 * page cache allocator (filemap_alloc_folio()) tests them in the task.
 */
static void cpuset_set_task_spread(struct task_struct *tsk,
				   unsigned long flags)
{
	bool page = test_bit(CS_SPREAD_PAGE, &flags);
	bool slab = test_bit(CS_SPREAD_SLAB, &flags);

	/* a test first: the fork path rarely has anything to change */
	if (task_spread_page(tsk) != page) {
		if (page)
			task_set_spread_page(tsk);
		else
			task_clear_spread_page(tsk);
	}
	if (task_spread_slab(tsk) != slab) {
		if (slab)
			task_set_spread_slab(tsk);
		else
			task_clear_spread_slab(tsk);
	}
}

/* container_scan_tasks() callback: the spread flags in @data to a task */
static int cpuset_spread_task(struct task_struct *tsk, void *data)
{
	cpuset_set_task_spread(tsk, *(unsigned long *)data);
	return 0;
}

/* apply a struct cpuset_update to one task, for container_scan_tasks() */
static int cpuset_update_task(struct task_struct *tsk, void *data)
{
	struct cpuset_update *u = data;

	/* kernel threads of the top group place themselves */
	if ((tsk->flags & PF_NO_SETAFFINITY) ||
	    (u->top && (tsk->flags & PF_KTHREAD)))
		return 0;
	if (u->cpus)
		set_cpus_allowed_ptr(tsk, u->cpus);
	if (u->mems) {
		struct mm_struct *mm;

		cpuset_set_task_mems(tsk, u->mems);
		mm = cpuset_rebind_mm(tsk, u->old_mems, u->mems, u->migrate);
		if (mm) {
			do_migrate_pages(mm, u->old_mems, u->mems,
					 MPOL_MF_MOVE_ALL);
			mmput(mm);
		}
	}
	return 0;
}

/**
 * cpuset_update_tasks - apply a group's lists to all its tasks
 * @cs: the group
 * @cpus: give the tasks @cs's CPUs
 * @mems: give the tasks @cs's nodes, rebinding their memory policies and,
 *	if @cs has memory_migrate, moving their pages
 * @old_mems: the nodes the tasks had, to move pages from; NULL if the same
 *	as @cs's
 *
 * Context: under container_lock(); takes cpuset_callback_lock.
 */
void cpuset_update_tasks(struct cpuset *cs, bool cpus, bool mems,
			 const nodemask_t *old_mems)
{
	struct cpuset_update u = {
		.top = cs == &cpuset_top,
		.old_mems = old_mems,
	};
	nodemask_t new_mems;

	lockdep_assert(container_lock_is_held());

	raw_spin_lock_irq(&cpuset_callback_lock);
	cpumask_copy(cpuset_scratch_cpus, cs->cpus);
	new_mems = cs->mems;
	raw_spin_unlock_irq(&cpuset_callback_lock);

	if (cpus)
		u.cpus = cpuset_scratch_cpus;
	if (mems) {
		u.mems = &new_mems;
		u.migrate = is_memory_migrate(cs);
		if (!u.old_mems)
			u.old_mems = &new_mems;
		WRITE_ONCE(cpuset_being_rebound, cs);
	}
	container_scan_tasks(cs->css.container, cpuset_update_task, &u);
	WRITE_ONCE(cpuset_being_rebound, NULL);
}

/* -------------------------------------------------------------------------
 * Control files
 */

enum cpuset_file {
	FILE_CPUS,
	FILE_MEMS,
	FILE_CPU_EXCLUSIVE,
	FILE_MEM_EXCLUSIVE,
	FILE_MEMORY_MIGRATE,
	FILE_MEMORY_PRESSURE,
	FILE_MEMORY_PRESSURE_ENABLED,
	FILE_SPREAD_PAGE,
	FILE_SPREAD_SLAB,
	FILE_SCHED_LOAD_BALANCE,
};

/* read cpus or mems */
static int cpuset_seq_show(struct container_subsys_state *css,
			   struct container_cftype *cft, struct seq_file *sf)
{
	struct cpuset *cs = css_cs(css);

	mutex_lock(&cpuset_mutex);
	if (cft->private == FILE_CPUS)
		seq_printf(sf, "%*pbl\n", cpumask_pr_args(cs->cpus));
	else
		seq_printf(sf, "%*pbl\n", nodemask_pr_args(&cs->mems));
	mutex_unlock(&cpuset_mutex);
	return 0;
}

/* read a flag file */
static u64 cpuset_read_flag(struct container_subsys_state *css,
			    struct container_cftype *cft)
{
	struct cpuset *cs = css_cs(css);

	switch (cft->private) {
	case FILE_CPU_EXCLUSIVE:
		return is_cpu_exclusive(cs);
	case FILE_MEM_EXCLUSIVE:
		return is_mem_exclusive(cs);
	case FILE_MEMORY_MIGRATE:
		return is_memory_migrate(cs);
	case FILE_MEMORY_PRESSURE:
		if (!READ_ONCE(cpuset_memory_pressure_enabled))
			return 0;
		return cpuset_meter_read(&cs->pressure);
	case FILE_MEMORY_PRESSURE_ENABLED:
		return READ_ONCE(cpuset_memory_pressure_enabled);
	case FILE_SPREAD_PAGE:
		return test_bit(CS_SPREAD_PAGE, &cs->flags);
	case FILE_SPREAD_SLAB:
		return test_bit(CS_SPREAD_SLAB, &cs->flags);
	case FILE_SCHED_LOAD_BALANCE:
		return is_sched_load_balance(cs);
	}
	return 0;
}

/* container_scan_tasks() callback: stop at the first task */
static int cpuset_found_task(struct task_struct *tsk, void *data)
{
	return 1;
}

/* does the group have a task?  Under container_lock(). */
static bool cpuset_has_tasks(struct cpuset *cs)
{
	return container_scan_tasks(cs->css.container, cpuset_found_task,
				    NULL) == 1;
}

/*
 * May @cs get the CPUs @cpus?  Under cpuset_mutex and container_lock();
 * @has_tasks tells whether the group has tasks.
 */
static int cpuset_check_cpus(struct cpuset *cs, const struct cpumask *cpus,
			     bool has_tasks)
{
	struct cpuset *parent = parent_cs(cs);
	struct container *pos;

	if (!cpumask_subset(cpus, parent->cpus))
		return -EINVAL;
	if (cpumask_empty(cpus) && has_tasks)
		return -ENOSPC;
	container_for_each_child(pos, cs->css.container) {
		if (!cpumask_subset(container_cs(pos)->cpus, cpus))
			return -EBUSY;
	}
	container_for_each_child(pos, parent->css.container) {
		struct cpuset *sibling = container_cs(pos);

		if (sibling == cs || container_is_removed(pos))
			continue;
		if ((is_cpu_exclusive(cs) || is_cpu_exclusive(sibling)) &&
		    cpumask_intersects(cpus, sibling->cpus))
			return -EBUSY;
	}
	return 0;
}

/* the same for nodes */
static int cpuset_check_mems(struct cpuset *cs, const nodemask_t *mems,
			     bool has_tasks)
{
	struct cpuset *parent = parent_cs(cs);
	struct container *pos;

	if (!nodes_subset(*mems, parent->mems))
		return -EINVAL;
	if (nodes_empty(*mems) && has_tasks)
		return -ENOSPC;
	container_for_each_child(pos, cs->css.container) {
		if (!nodes_subset(container_cs(pos)->mems, *mems))
			return -EBUSY;
	}
	container_for_each_child(pos, parent->css.container) {
		struct cpuset *sibling = container_cs(pos);

		if (sibling == cs || container_is_removed(pos))
			continue;
		if ((is_mem_exclusive(cs) || is_mem_exclusive(sibling)) &&
		    nodes_intersects(*mems, sibling->mems))
			return -EBUSY;
	}
	return 0;
}

/* set the group's CPUs from a list, and give them to its tasks */
static int cpuset_write_cpus(struct cpuset *cs, const char *buf)
{
	cpumask_var_t cpus;
	bool has_tasks;
	int ret;

	if (!alloc_cpumask_var(&cpus, GFP_KERNEL))
		return -ENOMEM;
	/* -ERANGE for a CPU beyond the mask is just a bad value to users */
	ret = -EINVAL;
	if (cpulist_parse(buf, cpus) || !cpumask_subset(cpus, cpu_possible_mask))
		goto out;

	mutex_lock(&cpuset_mutex);
	ret = cpumask_equal(cpus, cs->cpus) ? 0 : 1;
	mutex_unlock(&cpuset_mutex);
	if (!ret)
		goto out;

	/* tasks only move in under container_lock(), which we hold */
	has_tasks = cpuset_has_tasks(cs);

	mutex_lock(&cpuset_mutex);
	ret = cpuset_check_cpus(cs, cpus, has_tasks);
	if (!ret) {
		raw_spin_lock_irq(&cpuset_callback_lock);
		write_seqcount_begin(&cpuset_seq);
		cpumask_copy(cs->cpus, cpus);
		write_seqcount_end(&cpuset_seq);
		raw_spin_unlock_irq(&cpuset_callback_lock);
	}
	mutex_unlock(&cpuset_mutex);

	if (!ret && has_tasks)
		cpuset_update_tasks(cs, true, false, NULL);
	if (!ret && is_sched_load_balance(cs))
		cpuset_rebuild_domains();
out:
	free_cpumask_var(cpus);
	return ret;
}

/* the same for nodes */
static int cpuset_write_mems(struct cpuset *cs, const char *buf)
{
	nodemask_t mems, old_mems;
	bool has_tasks;
	int ret;

	if (nodelist_parse(buf, mems) ||
	    !nodes_subset(mems, node_states[N_MEMORY]))
		return -EINVAL;

	mutex_lock(&cpuset_mutex);
	old_mems = cs->mems;
	mutex_unlock(&cpuset_mutex);
	if (nodes_equal(mems, old_mems))
		return 0;

	has_tasks = cpuset_has_tasks(cs);

	mutex_lock(&cpuset_mutex);
	ret = cpuset_check_mems(cs, &mems, has_tasks);
	if (!ret) {
		raw_spin_lock_irq(&cpuset_callback_lock);
		write_seqcount_begin(&cpuset_seq);
		cs->mems = mems;
		write_seqcount_end(&cpuset_seq);
		raw_spin_unlock_irq(&cpuset_callback_lock);
	}
	mutex_unlock(&cpuset_mutex);

	if (!ret && has_tasks)
		cpuset_update_tasks(cs, false, true, &old_mems);
	return ret;
}

/* write cpus or mems */
static int cpuset_write_list(struct container_subsys_state *css,
			     struct container_cftype *cft, char *buf)
{
	struct cpuset *cs = css_cs(css);

	if (cft->private == FILE_CPUS)
		return cpuset_write_cpus(cs, buf);
	return cpuset_write_mems(cs, buf);
}

/* Set or clear an exclusive flag; under cpuset_mutex and container_lock(). */
static int cpuset_set_exclusive(struct cpuset *cs, int bit, bool on)
{
	struct cpuset *parent = parent_cs(cs);
	struct container *pos;

	if (on && parent) {
		if (!test_bit(bit, &parent->flags))
			return -EINVAL;
		container_for_each_child(pos, parent->css.container) {
			struct cpuset *sibling = container_cs(pos);

			if (sibling == cs || container_is_removed(pos))
				continue;
			if (bit == CS_CPU_EXCLUSIVE &&
			    cpumask_intersects(cs->cpus, sibling->cpus))
				return -EBUSY;
			if (bit == CS_MEM_EXCLUSIVE &&
			    nodes_intersects(cs->mems, sibling->mems))
				return -EBUSY;
		}
	} else if (!on) {
		container_for_each_child(pos, cs->css.container) {
			if (test_bit(bit, &container_cs(pos)->flags))
				return -EBUSY;
		}
	}

	raw_spin_lock_irq(&cpuset_callback_lock);
	assign_bit(bit, &cs->flags, on);
	raw_spin_unlock_irq(&cpuset_callback_lock);
	return 0;
}

/*
 * Set or clear a flag bit that needs no check; under cpuset_mutex.
 * Return whether it changed.
 */
static bool cpuset_assign_flag(struct cpuset *cs, int bit, bool on)
{
	bool was = test_bit(bit, &cs->flags);

	raw_spin_lock_irq(&cpuset_callback_lock);
	assign_bit(bit, &cs->flags, on);
	raw_spin_unlock_irq(&cpuset_callback_lock);
	return was != on;
}

/*
 * Write a flag file.  The framework parsed an unsigned decimal number (or
 * failed the write with EINVAL); any number but 0 sets the flag, as in
 * cgroup v1.  Under container_lock().
 */
static int cpuset_write_flag(struct container_subsys_state *css,
			     struct container_cftype *cft, u64 val)
{
	struct cpuset *cs = css_cs(css);
	bool on = val != 0, changed = false;
	unsigned long flags;
	int ret = 0;

	mutex_lock(&cpuset_mutex);
	switch (cft->private) {
	case FILE_CPU_EXCLUSIVE:
		ret = cpuset_set_exclusive(cs, CS_CPU_EXCLUSIVE, on);
		break;
	case FILE_MEM_EXCLUSIVE:
		ret = cpuset_set_exclusive(cs, CS_MEM_EXCLUSIVE, on);
		break;
	case FILE_MEMORY_MIGRATE:
		cpuset_assign_flag(cs, CS_MEMORY_MIGRATE, on);
		break;
	case FILE_MEMORY_PRESSURE_ENABLED:
		WRITE_ONCE(cpuset_memory_pressure_enabled, on);
		break;
	case FILE_SPREAD_PAGE:
		changed = cpuset_assign_flag(cs, CS_SPREAD_PAGE, on);
		break;
	case FILE_SPREAD_SLAB:
		changed = cpuset_assign_flag(cs, CS_SPREAD_SLAB, on);
		break;
	case FILE_SCHED_LOAD_BALANCE:
		changed = cpuset_assign_flag(cs, CS_SCHED_LOAD_BALANCE, on);
		break;
	}
	flags = cs->flags;
	mutex_unlock(&cpuset_mutex);

	if (!changed)
		return ret;
	if (cft->private == FILE_SCHED_LOAD_BALANCE)
		cpuset_rebuild_domains();
	else
		container_scan_tasks(cs->css.container, cpuset_spread_task,
				     &flags);
	return 0;
}

/*
 * The top group's lists are fixed: its cpus and mems have no write
 * handler, so those names are here twice, once for the top group only and
 * once for the others.
 */
static struct container_cftype cpuset_files[] = {
	{
		.name = "cpus",
		.private = FILE_CPUS,
		.flags = CONTAINER_CFTYPE_ONLY_ON_ROOT,
		.seq_show = cpuset_seq_show,
	},
	{
		.name = "cpus",
		.private = FILE_CPUS,
		.flags = CONTAINER_CFTYPE_NOT_ON_ROOT,
		.seq_show = cpuset_seq_show,
		.write_string = cpuset_write_list,
	},
	{
		.name = "mems",
		.private = FILE_MEMS,
		.flags = CONTAINER_CFTYPE_ONLY_ON_ROOT,
		.seq_show = cpuset_seq_show,
	},
	{
		.name = "mems",
		.private = FILE_MEMS,
		.flags = CONTAINER_CFTYPE_NOT_ON_ROOT,
		.seq_show = cpuset_seq_show,
		.write_string = cpuset_write_list,
	},
	{
		.name = "cpu_exclusive",
		.private = FILE_CPU_EXCLUSIVE,
		.read_u64 = cpuset_read_flag,
		.write_u64 = cpuset_write_flag,
	},
	{
		.name = "mem_exclusive",
		.private = FILE_MEM_EXCLUSIVE,
		.read_u64 = cpuset_read_flag,
		.write_u64 = cpuset_write_flag,
	},
	{
		.name = "memory_migrate",
		.private = FILE_MEMORY_MIGRATE,
		.read_u64 = cpuset_read_flag,
		.write_u64 = cpuset_write_flag,
	},
	{
		.name = "memory_pressure",
		.private = FILE_MEMORY_PRESSURE,
		.read_u64 = cpuset_read_flag,
	},
	{
		.name = "memory_spread_page",
		.private = FILE_SPREAD_PAGE,
		.read_u64 = cpuset_read_flag,
		.write_u64 = cpuset_write_flag,
	},
	{
		.name = "memory_spread_slab",
		.private = FILE_SPREAD_SLAB,
		.read_u64 = cpuset_read_flag,
		.write_u64 = cpuset_write_flag,
	},
	{
		.name = "sched_load_balance",
		.private = FILE_SCHED_LOAD_BALANCE,
		.read_u64 = cpuset_read_flag,
		.write_u64 = cpuset_write_flag,
	},
	{
		.name = "memory_pressure_enabled",
		.private = FILE_MEMORY_PRESSURE_ENABLED,
		.flags = CONTAINER_CFTYPE_ONLY_ON_ROOT,
		.read_u64 = cpuset_read_flag,
		.write_u64 = cpuset_write_flag,
	},
	{ }
};

/* -------------------------------------------------------------------------
 * Subsystem callbacks
 */

/* a new group, with no CPUs and no nodes */
static struct container_subsys_state *
cpuset_create(struct container_subsys_state *parent)
{
	struct cpuset *cs;

	/* the default hierarchy's top, once at boot; cpuset_init() set it up */
	if (!parent)
		return &cpuset_top.css;

	cs = kzalloc(sizeof(*cs), GFP_KERNEL);
	if (!cs)
		return ERR_PTR(-ENOMEM);
	if (!zalloc_cpumask_var(&cs->cpus, GFP_KERNEL)) {
		kfree(cs);
		return ERR_PTR(-ENOMEM);
	}
	nodes_clear(cs->mems);
	cpuset_meter_init(&cs->pressure);

	mutex_lock(&cpuset_mutex);
	/* balancing by default; the spread flags come from the parent */
	cs->flags = BIT(CS_SCHED_LOAD_BALANCE) |
		    (css_cs(parent)->flags &
		     (BIT(CS_SPREAD_PAGE) | BIT(CS_SPREAD_SLAB)));
	list_add_tail(&cs->node, &cpuset_list);
	mutex_unlock(&cpuset_mutex);

	cpus_read_lock();
	cpuset_inc();
	cpus_read_unlock();
	return &cs->css;
}

/*
 * rmdir: the group is gone for the scheduler domains at once, though its
 * state lives on until its last reference drops.
 */
static void cpuset_offline(struct container_subsys_state *css)
{
	struct cpuset *cs = css_cs(css);

	if (is_sched_load_balance(cs) && !cpumask_empty(cs->cpus))
		cpuset_rebuild_domains();
}

/* free a group; the top one lives for ever */
static void cpuset_destroy(struct container_subsys_state *css)
{
	struct cpuset *cs = css_cs(css);

	if (cs == &cpuset_top)
		return;

	cpus_read_lock();
	cpuset_dec();
	cpus_read_unlock();

	mutex_lock(&cpuset_mutex);
	list_del(&cs->node);
	mutex_unlock(&cpuset_mutex);

	free_cpumask_var(cs->cpus);
	kfree(cs);
}

/*
 * A group made by the kernel for a task (container_clone(), a fork_clone()
 * fork) starts with its parent's lists rather than empty ones, so the task
 * can be in it.  Nothing is in the group yet.
 */
static void cpuset_post_clone(struct container_subsys_state *css)
{
	struct cpuset *cs = css_cs(css), *parent = parent_cs(cs);

	mutex_lock(&cpuset_mutex);
	raw_spin_lock_irq(&cpuset_callback_lock);
	write_seqcount_begin(&cpuset_seq);
	cpumask_copy(cs->cpus, parent->cpus);
	cs->mems = parent->mems;
	write_seqcount_end(&cpuset_seq);
	raw_spin_unlock_irq(&cpuset_callback_lock);
	mutex_unlock(&cpuset_mutex);

	if (is_sched_load_balance(cs))
		cpuset_rebuild_domains();
}

/*
 * A move into @css's group needs the group to have CPUs and nodes, and no
 * task of @tset to be a kernel thread bound to its CPUs.
 */
static int cpuset_can_attach(struct container_subsys_state *css,
			     struct container_taskset *tset)
{
	struct cpuset *cs = css_cs(css);
	struct container_subsys_state *old_css;
	struct task_struct *tsk;
	int ret = 0;

	mutex_lock(&cpuset_mutex);
	if (cpumask_empty(cs->cpus) || nodes_empty(cs->mems))
		ret = -ENOSPC;
	container_taskset_for_each(tsk, old_css, tset) {
		if (ret)
			break;
		if (tsk->flags & PF_NO_SETAFFINITY)
			ret = -EINVAL;
	}
	mutex_unlock(&cpuset_mutex);
	return ret;
}

/**
 * struct cpuset_mm_move - pages of a process to move after an attach
 * @node: entry in cpuset_mm_moves
 * @mm: the process's memory, referenced
 * @from: the nodes the pages are on
 * @to: the nodes they go to
 */
struct cpuset_mm_move {
	struct list_head node;
	struct mm_struct *mm;
	nodemask_t from;
	nodemask_t to;
};

/*
 * The page migrations of the last attach, run by cpuset_post_attach()
 * once forks are let go: a migration may take seconds and wait for
 * kworkers, which must not happen while every fork in the system waits
 * for the move.  Under container_lock().
 */
static LIST_HEAD(cpuset_mm_moves);

/* rebind the memory policies of @tsk's process; pages move later */
static void cpuset_attach_mm(struct task_struct *tsk, const nodemask_t *from,
			     const nodemask_t *to, bool migrate)
{
	struct cpuset_mm_move *mv;
	struct mm_struct *mm;

	mm = cpuset_rebind_mm(tsk, from, to, migrate);
	if (!mm)
		return;
	/* without memory the pages stay where they are, as on a failure */
	mv = kmalloc(sizeof(*mv), GFP_KERNEL);
	if (!mv) {
		mmput(mm);
		return;
	}
	mv->mm = mm;
	mv->from = *from;
	mv->to = *to;
	list_add_tail(&mv->node, &cpuset_mm_moves);
}

/* the tasks of @tset are in @css's group now: give them its lists */
static void cpuset_attach(struct container_subsys_state *css,
			  struct container_taskset *tset)
{
	struct cpuset *cs = css_cs(css);
	struct container_subsys_state *old_css;
	struct task_struct *tsk;
	unsigned long flags;
	nodemask_t mems;
	bool migrate;

	raw_spin_lock_irq(&cpuset_callback_lock);
	cpumask_copy(cpuset_scratch_cpus, cs->cpus);
	mems = cs->mems;
	migrate = is_memory_migrate(cs);
	flags = cs->flags;
	raw_spin_unlock_irq(&cpuset_callback_lock);

	container_taskset_for_each(tsk, old_css, tset) {
		nodemask_t old_mems = css_cs(old_css)->mems;

		cpuset_set_task_spread(tsk, flags);
		set_cpus_allowed_ptr(tsk, cpuset_scratch_cpus);
		cpuset_set_task_mems(tsk, &mems);
		cpuset_attach_mm(tsk, &old_mems, &mems, migrate);
	}
}

/* run the page migrations that cpuset_attach() queued */
static void cpuset_post_attach(void)
{
	struct cpuset_mm_move *mv, *tmp;

	list_for_each_entry_safe(mv, tmp, &cpuset_mm_moves, node) {
		do_migrate_pages(mv->mm, &mv->from, &mv->to, MPOL_MF_MOVE_ALL);
		mmput(mv->mm);
		list_del(&mv->node);
		kfree(mv);
	}
}

/*
 * A child normally has its parent's CPUs and nodes already.  But it copied
 * them early in fork, and a write of the group's lists may have updated
 * the group's tasks before the child was one of them: give it the group's.
 * @css is @task's group for as long as this runs.
 */
static void cpuset_fork(struct task_struct *task,
			struct container_subsys_state *css)
{
	struct cpuset *cs = css_cs(css);
	cpumask_var_t cpus;
	nodemask_t mems;
	unsigned int seq;
	bool stale;

	/*
	 * The child copied its parent's spread flags, which a write of the
	 * group's flags may have changed before the child was in the group.
	 */
	cpuset_set_task_spread(task, READ_ONCE(cs->flags));

	if (!cpusets_enabled() || (task->flags & PF_KTHREAD) ||
	    cs == &cpuset_top)
		return;

	/* no lock on the fork path: retry if the lists changed meanwhile */
	do {
		seq = read_seqcount_begin(&cpuset_seq);
		stale = !cpumask_subset(task->cpus_ptr, cs->cpus) ||
			!nodes_equal(task->mems_allowed, cs->mems);
	} while (read_seqcount_retry(&cpuset_seq, seq));
	if (!stale || !alloc_cpumask_var(&cpus, GFP_KERNEL))
		return;

	raw_spin_lock_irq(&cpuset_callback_lock);
	cpumask_copy(cpus, cs->cpus);
	mems = cs->mems;
	raw_spin_unlock_irq(&cpuset_callback_lock);

	if (!cpumask_empty(cpus))
		set_cpus_allowed_ptr(task, cpus);
	if (!nodes_empty(mems))
		cpuset_set_task_mems(task, &mems);
	free_cpumask_var(cpus);
}

struct container_subsys cpuset_subsys = {
	.name		= "cpuset",
	.subsys_id	= cpuset_subsys_id,
	.create		= cpuset_create,
	.offline	= cpuset_offline,
	.destroy	= cpuset_destroy,
	.can_attach	= cpuset_can_attach,
	.attach		= cpuset_attach,
	.post_attach	= cpuset_post_attach,
	.fork		= cpuset_fork,
	.post_clone	= cpuset_post_clone,
	.files		= cpuset_files,
};
