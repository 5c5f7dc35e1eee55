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
 *  cpuset.cpu_exclusive, cpuset.mem_exclusive
 *	0 or 1 (other values: EINVAL).  An exclusive group's CPUs (nodes)
 *	overlap no sibling's.  Setting the flag needs the parent to have it
 *	(EINVAL otherwise; the top group always has both) and no sibling to
 *	overlap (EBUSY); clearing it fails with EBUSY while a child has it.
 *	A task's kernel allocations that may not use its own nodes fall back
 *	to the nodes of its nearest mem_exclusive ancestor.
 *
 *  cpuset.memory_migrate
 *	0 or 1.  When 1, a task's pages move with it: onto the group's nodes
 *	when the task is attached to the group (once the move is done and
 *	forks are let go again, before the write to tasks returns), and onto
 *	the new nodes when the group's nodes change.
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
 * this file implements instead of cgroup's cpuset (the two cannot be built
 * together): cpuset_cpus_allowed() for the scheduler's affinity paths,
 * cpuset_mems_allowed() and cpuset_node_allowed() for the page allocator,
 * and the mems_allowed sequence count that lets allocations race safely
 * with a change of a task's nodes.
 *
 * Locking:
 *  - container_lock() serializes the write handlers, attach, mkdir/rmdir
 *    and the hotplug work item.
 *  - cpuset_mutex guards the groups' lists and flags and cpuset_list
 *    against the CPU hotplug callback, which runs with the hotplug lock
 *    held and so cannot take container_lock().  Nothing holding it takes
 *    the hotplug lock.
 *  - cpuset_callback_lock, a raw spinlock, is also held while the lists
 *    change, for readers in any context (the scheduler's fallback path,
 *    the page allocator).
 *  - cpuset_seq, a sequence count under cpuset_callback_lock, lets the
 *    fork path read the lists without taking any lock.
 */

#include <linux/container.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/cpuset.h>
#include <linux/mempolicy.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/oom.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

/* bits in cpuset->flags */
enum {
	CS_CPU_EXCLUSIVE,
	CS_MEM_EXCLUSIVE,
	CS_MEMORY_MIGRATE,
};

/**
 * struct cpuset - cpuset's state for one container
 * @css: the framework's part
 * @flags: CS_* bits
 * @cpus: the group's CPUs
 * @mems: the group's memory nodes
 * @node: entry in cpuset_list
 */
struct cpuset {
	struct container_subsys_state css;
	unsigned long flags;
	cpumask_var_t cpus;
	nodemask_t mems;
	struct list_head node;
};

static struct cpuset top_cpuset = {
	.flags = BIT(CS_CPU_EXCLUSIVE) | BIT(CS_MEM_EXCLUSIVE),
};

/* see <linux/cpuset.h>; on while a group other than the top exists */
DEFINE_STATIC_KEY_FALSE(cpusets_pre_enable_key);
DEFINE_STATIC_KEY_FALSE(cpusets_enabled_key);
/* never on: every node this subsystem offers can satisfy any allocation */
DEFINE_STATIC_KEY_FALSE(cpusets_insane_config_key);

static DEFINE_MUTEX(cpuset_mutex);
static DEFINE_RAW_SPINLOCK(cpuset_callback_lock);
static seqcount_raw_spinlock_t cpuset_seq =
	SEQCNT_RAW_SPINLOCK_ZERO(cpuset_seq, &cpuset_callback_lock);

/* every cpuset, parents before children; under cpuset_mutex and container_lock() */
static LIST_HEAD(cpuset_list);

/* scratch masks: one for container_lock() holders, one for the hotplug path */
static cpumask_var_t cpuset_scratch_cpus;
static cpumask_var_t cpuset_hotplug_cpus;

/* the group whose tasks' memory policies are being rebound, if any */
static struct cpuset *cpuset_being_rebound;

static void cpuset_hotplug_workfn(struct work_struct *work);
static DECLARE_WORK(cpuset_hotplug_work, cpuset_hotplug_workfn);

static inline struct cpuset *css_cs(struct container_subsys_state *css)
{
	return container_of(css, struct cpuset, css);
}

static inline struct cpuset *container_cs(struct container *cont)
{
	return css_cs(container_subsys_state(cont, cpuset_subsys_id));
}

static inline struct cpuset *parent_cs(struct cpuset *cs)
{
	return cs->css.parent ? css_cs(cs->css.parent) : NULL;
}

/*
 * The task's cpuset, under RCU or container_lock().  Early in boot, before
 * container_init() made the top state, every task is in the top cpuset.
 */
static struct cpuset *task_cs(struct task_struct *tsk)
{
	struct css_group *cg = task_css_group(tsk);

	if (unlikely(!cg || !cg->subsys[cpuset_subsys_id]))
		return &top_cpuset;
	return css_cs(cg->subsys[cpuset_subsys_id]);
}

static inline bool is_cpu_exclusive(const struct cpuset *cs)
{
	return test_bit(CS_CPU_EXCLUSIVE, &cs->flags);
}

static inline bool is_mem_exclusive(const struct cpuset *cs)
{
	return test_bit(CS_MEM_EXCLUSIVE, &cs->flags);
}

static inline bool is_memory_migrate(const struct cpuset *cs)
{
	return test_bit(CS_MEMORY_MIGRATE, &cs->flags);
}

/* -------------------------------------------------------------------------
 * Applying a group's lists to its tasks
 */

/*
 * Change a task's nodes.  An allocation racing with us sees the union of
 * the old and new nodes in mems_allowed, never an empty set, and retries
 * if the sequence count moved (read_mems_allowed_begin/retry()).
 */
static void cpuset_set_task_mems(struct task_struct *tsk,
				 const nodemask_t *mems)
{
	task_lock(tsk);
	if (nodes_equal(tsk->mems_allowed, *mems)) {
		task_unlock(tsk);
		return;
	}
	local_irq_disable();
	write_seqcount_begin(&tsk->mems_allowed_seq);
	nodes_or(tsk->mems_allowed, tsk->mems_allowed, *mems);
	mpol_rebind_task(tsk, mems);
	tsk->mems_allowed = *mems;
	write_seqcount_end(&tsk->mems_allowed_seq);
	local_irq_enable();
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

/* Apply @cs's lists to all its tasks; under container_lock(). */
static void cpuset_update_tasks(struct cpuset *cs, bool cpus, bool mems,
				const nodemask_t *old_mems)
{
	struct cpuset_update u = {
		.top = cs == &top_cpuset,
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
};

static int cpuset_seq_show(struct container *cont, struct container_cftype *cft,
			   struct seq_file *sf)
{
	struct cpuset *cs = container_cs(cont);

	mutex_lock(&cpuset_mutex);
	if (cft->private == FILE_CPUS)
		seq_printf(sf, "%*pbl\n", cpumask_pr_args(cs->cpus));
	else
		seq_printf(sf, "%*pbl\n", nodemask_pr_args(&cs->mems));
	mutex_unlock(&cpuset_mutex);
	return 0;
}

static u64 cpuset_read_flag(struct container *cont, struct container_cftype *cft)
{
	struct cpuset *cs = container_cs(cont);

	switch (cft->private) {
	case FILE_CPU_EXCLUSIVE:
		return is_cpu_exclusive(cs);
	case FILE_MEM_EXCLUSIVE:
		return is_mem_exclusive(cs);
	case FILE_MEMORY_MIGRATE:
		return is_memory_migrate(cs);
	}
	return 0;
}

/* does the group have a task? */
static int cpuset_found_task(struct task_struct *tsk, void *data)
{
	return 1;
}

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
out:
	free_cpumask_var(cpus);
	return ret;
}

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

static int cpuset_write_list(struct container *cont,
			     struct container_cftype *cft, char *buf)
{
	struct cpuset *cs = container_cs(cont);

	if (cft->private == FILE_CPUS)
		return cpuset_write_cpus(cs, buf);
	return cpuset_write_mems(cs, buf);
}

/* Set or clear an exclusive flag; under cpuset_mutex and container_lock(). */
static int cpuset_set_exclusive(struct cpuset *cs, int bit, bool on)
{
	struct cpuset *parent = parent_cs(cs);
	struct container *pos;

	if (on) {
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
	} else {
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

static int cpuset_write_flag(struct container *cont,
			     struct container_cftype *cft, u64 val)
{
	struct cpuset *cs = container_cs(cont);
	int ret = 0;

	if (val > 1)
		return -EINVAL;

	mutex_lock(&cpuset_mutex);
	switch (cft->private) {
	case FILE_CPU_EXCLUSIVE:
		ret = cpuset_set_exclusive(cs, CS_CPU_EXCLUSIVE, val);
		break;
	case FILE_MEM_EXCLUSIVE:
		ret = cpuset_set_exclusive(cs, CS_MEM_EXCLUSIVE, val);
		break;
	case FILE_MEMORY_MIGRATE:
		assign_bit(CS_MEMORY_MIGRATE, &cs->flags, val);
		break;
	}
	mutex_unlock(&cpuset_mutex);
	return ret;
}

/*
 * The top group's lists and exclusive flags are fixed: its files have no
 * write handler.  Each name is here twice, once for the top group only
 * and once for the others.
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
		.flags = CONTAINER_CFTYPE_ONLY_ON_ROOT,
		.read_u64 = cpuset_read_flag,
	},
	{
		.name = "cpu_exclusive",
		.private = FILE_CPU_EXCLUSIVE,
		.flags = CONTAINER_CFTYPE_NOT_ON_ROOT,
		.read_u64 = cpuset_read_flag,
		.write_u64 = cpuset_write_flag,
	},
	{
		.name = "mem_exclusive",
		.private = FILE_MEM_EXCLUSIVE,
		.flags = CONTAINER_CFTYPE_ONLY_ON_ROOT,
		.read_u64 = cpuset_read_flag,
	},
	{
		.name = "mem_exclusive",
		.private = FILE_MEM_EXCLUSIVE,
		.flags = CONTAINER_CFTYPE_NOT_ON_ROOT,
		.read_u64 = cpuset_read_flag,
		.write_u64 = cpuset_write_flag,
	},
	{
		.name = "memory_migrate",
		.private = FILE_MEMORY_MIGRATE,
		.read_u64 = cpuset_read_flag,
		.write_u64 = cpuset_write_flag,
	},
	{ }
};

/* -------------------------------------------------------------------------
 * Subsystem callbacks
 */

static struct container_subsys_state *
cpuset_create(struct container_subsys *ss, struct container *cont)
{
	struct cpuset *cs;

	/* the default hierarchy's top, once at boot; cpuset_init() set it up */
	if (!cont->parent)
		return &top_cpuset.css;

	cs = kzalloc(sizeof(*cs), GFP_KERNEL);
	if (!cs)
		return ERR_PTR(-ENOMEM);
	if (!zalloc_cpumask_var(&cs->cpus, GFP_KERNEL)) {
		kfree(cs);
		return ERR_PTR(-ENOMEM);
	}
	nodes_clear(cs->mems);

	mutex_lock(&cpuset_mutex);
	list_add_tail(&cs->node, &cpuset_list);
	mutex_unlock(&cpuset_mutex);

	cpus_read_lock();
	cpuset_inc();
	cpus_read_unlock();
	return &cs->css;
}

static void cpuset_destroy(struct container_subsys *ss, struct container *cont)
{
	struct cpuset *cs = container_cs(cont);

	if (cs == &top_cpuset)
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
static void cpuset_post_clone(struct container_subsys *ss,
			      struct container *cont)
{
	struct cpuset *cs = container_cs(cont), *parent = parent_cs(cs);

	mutex_lock(&cpuset_mutex);
	raw_spin_lock_irq(&cpuset_callback_lock);
	write_seqcount_begin(&cpuset_seq);
	cpumask_copy(cs->cpus, parent->cpus);
	cs->mems = parent->mems;
	write_seqcount_end(&cpuset_seq);
	raw_spin_unlock_irq(&cpuset_callback_lock);
	mutex_unlock(&cpuset_mutex);
}

static int cpuset_can_attach(struct container_subsys *ss,
			     struct container *cont,
			     struct container_taskset *tset)
{
	struct cpuset *cs = container_cs(cont);
	struct container *old_cont;
	struct task_struct *tsk;
	int ret = 0;

	mutex_lock(&cpuset_mutex);
	if (cpumask_empty(cs->cpus) || nodes_empty(cs->mems))
		ret = -ENOSPC;
	container_taskset_for_each(tsk, old_cont, tset) {
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

static void cpuset_attach(struct container_subsys *ss, struct container *cont,
			  struct container_taskset *tset)
{
	struct cpuset *cs = container_cs(cont);
	struct container *old_cont;
	struct task_struct *tsk;
	nodemask_t mems;
	bool migrate;

	raw_spin_lock_irq(&cpuset_callback_lock);
	cpumask_copy(cpuset_scratch_cpus, cs->cpus);
	mems = cs->mems;
	migrate = is_memory_migrate(cs);
	raw_spin_unlock_irq(&cpuset_callback_lock);

	container_taskset_for_each(tsk, old_cont, tset) {
		nodemask_t old_mems = container_cs(old_cont)->mems;

		set_cpus_allowed_ptr(tsk, cpuset_scratch_cpus);
		cpuset_set_task_mems(tsk, &mems);
		cpuset_attach_mm(tsk, &old_mems, &mems, migrate);
	}
}

static void cpuset_post_attach(struct container_subsys *ss)
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
 */
static void cpuset_fork(struct container_subsys *ss, struct task_struct *task)
{
	cpumask_var_t cpus;
	nodemask_t mems;
	struct cpuset *cs;
	unsigned int seq;
	bool stale;

	if (!cpusets_enabled() || (task->flags & PF_KTHREAD))
		return;

	/* no lock on the fork path: retry if the lists changed meanwhile */
	rcu_read_lock();
	do {
		seq = read_seqcount_begin(&cpuset_seq);
		cs = task_cs(task);
		stale = cs != &top_cpuset &&
			(!cpumask_subset(task->cpus_ptr, cs->cpus) ||
			 !nodes_equal(task->mems_allowed, cs->mems));
	} while (read_seqcount_retry(&cpuset_seq, seq));
	rcu_read_unlock();
	if (!stale || !alloc_cpumask_var(&cpus, GFP_KERNEL))
		return;

	rcu_read_lock();
	raw_spin_lock_irq(&cpuset_callback_lock);
	cs = task_cs(task);
	cpumask_copy(cpus, cs->cpus);
	mems = cs->mems;
	raw_spin_unlock_irq(&cpuset_callback_lock);
	rcu_read_unlock();

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
	.destroy	= cpuset_destroy,
	.can_attach	= cpuset_can_attach,
	.attach		= cpuset_attach,
	.post_attach	= cpuset_post_attach,
	.fork		= cpuset_fork,
	.post_clone	= cpuset_post_clone,
	.files		= cpuset_files,
};

/* -------------------------------------------------------------------------
 * CPU hotplug
 */

/**
 * cpuset_update_active_cpus - follow a change of the active CPUs
 *
 * Called by the scheduler, with the CPU hotplug lock held, when a CPU
 * becomes active or inactive.  A CPU that went away leaves every group; a
 * CPU that came back joins the top group.  The tasks are updated later by
 * a work item, which may take container_lock().
 */
void cpuset_update_active_cpus(void)
{
	struct cpumask *gone = cpuset_hotplug_cpus;
	struct cpuset *cs;
	bool changed;

	/* a single scheduling domain, as without cpusets */
	partition_sched_domains(1, NULL, NULL);

	mutex_lock(&cpuset_mutex);
	cpumask_andnot(gone, top_cpuset.cpus, cpu_active_mask);
	changed = !cpumask_equal(top_cpuset.cpus, cpu_active_mask);
	raw_spin_lock_irq(&cpuset_callback_lock);
	write_seqcount_begin(&cpuset_seq);
	list_for_each_entry(cs, &cpuset_list, node)
		cpumask_andnot(cs->cpus, cs->cpus, gone);
	cpumask_copy(top_cpuset.cpus, cpu_active_mask);
	write_seqcount_end(&cpuset_seq);
	raw_spin_unlock_irq(&cpuset_callback_lock);
	mutex_unlock(&cpuset_mutex);

	if (changed)
		schedule_work(&cpuset_hotplug_work);
}

/* the nearest ancestor of @cs with CPUs and nodes; under cpuset_mutex */
static struct cpuset *cpuset_nearest_usable(struct cpuset *cs)
{
	while (cs != &top_cpuset &&
	       (cpumask_empty(cs->cpus) || nodes_empty(cs->mems)))
		cs = parent_cs(cs);
	return cs;
}

/*
 * After a hotplug event: move the tasks of groups left without CPUs to the
 * nearest ancestor that can hold them, and give every other group's tasks
 * its new list.  Nothing to do while cpuset is not mounted: there are no
 * groups then, and the top group's tasks keep their own masks.
 */
static void cpuset_hotplug_workfn(struct work_struct *work)
{
	struct cpuset *cs, *dest;

	container_lock();
	if (!container_hierarchy_id(top_cpuset.css.container))
		goto out;

	list_for_each_entry(cs, &cpuset_list, node) {
		if (container_is_removed(cs->css.container))
			continue;
		mutex_lock(&cpuset_mutex);
		dest = cpuset_nearest_usable(cs);
		mutex_unlock(&cpuset_mutex);
		if (dest != cs)
			container_transfer_tasks(dest->css.container,
						 cs->css.container);
		else
			cpuset_update_tasks(cs, true, false, NULL);
	}
out:
	container_unlock();
}

/* -------------------------------------------------------------------------
 * The <linux/cpuset.h> interface
 */

/**
 * cpuset_init - set up the top cpuset early in boot
 *
 * Until cpuset_init_smp() it holds every CPU and node.
 *
 * Return: 0.
 */
int __init cpuset_init(void)
{
	if (!alloc_cpumask_var(&top_cpuset.cpus, GFP_KERNEL) ||
	    !alloc_cpumask_var(&cpuset_scratch_cpus, GFP_KERNEL) ||
	    !alloc_cpumask_var(&cpuset_hotplug_cpus, GFP_KERNEL))
		panic("cpuset: no memory for the top cpuset\n");
	cpumask_setall(top_cpuset.cpus);
	nodes_setall(top_cpuset.mems);
	list_add(&top_cpuset.node, &cpuset_list);
	return 0;
}

/**
 * cpuset_init_smp - give the top cpuset the CPUs and nodes that are up
 */
void __init cpuset_init_smp(void)
{
	mutex_lock(&cpuset_mutex);
	raw_spin_lock_irq(&cpuset_callback_lock);
	cpumask_copy(top_cpuset.cpus, cpu_active_mask);
	top_cpuset.mems = node_states[N_MEMORY];
	raw_spin_unlock_irq(&cpuset_callback_lock);
	mutex_unlock(&cpuset_mutex);
}

/*
 * The CPUs of the nearest group, from @cs up, that has an active one;
 * under cpuset_callback_lock.
 */
static struct cpuset *cpuset_nearest_active(struct cpuset *cs)
{
	while (cs != &top_cpuset &&
	       !cpumask_intersects(cs->cpus, cpu_active_mask))
		cs = parent_cs(cs);
	return cs;
}

/**
 * cpuset_cpus_allowed - the CPUs a task's cpuset lets it use
 * @p: the task
 * @mask: where to put them
 *
 * The active CPUs of @p's group (or of its nearest ancestor that has
 * some), within the CPUs @p can run on.  sched_setaffinity() clamps the
 * requested mask to these.
 */
void cpuset_cpus_allowed(struct task_struct *p, struct cpumask *mask)
{
	const struct cpumask *possible = task_cpu_possible_mask(p);
	unsigned long flags;
	struct cpuset *cs;

	rcu_read_lock();
	raw_spin_lock_irqsave(&cpuset_callback_lock, flags);
	cs = cpuset_nearest_active(task_cs(p));
	cpumask_and(mask, cs->cpus, cpu_active_mask);
	raw_spin_unlock_irqrestore(&cpuset_callback_lock, flags);
	rcu_read_unlock();

	if (!cpumask_and(mask, mask, possible))
		cpumask_copy(mask, possible);
}

/**
 * cpuset_cpus_allowed_fallback - give a task its cpuset's CPUs again
 * @tsk: a task that has no active CPU left in its mask
 *
 * Called from select_fallback_rq() with @tsk's pi_lock held.
 *
 * Return: true if @tsk's mask was set to its group's CPUs.
 */
bool cpuset_cpus_allowed_fallback(struct task_struct *tsk)
{
	const struct cpumask *possible = task_cpu_possible_mask(tsk);
	unsigned long flags;
	struct cpuset *cs;
	bool changed = false;

	rcu_read_lock();
	raw_spin_lock_irqsave(&cpuset_callback_lock, flags);
	cs = cpuset_nearest_active(task_cs(tsk));
	if (cpumask_intersects(cs->cpus, cpu_active_mask) &&
	    cpumask_subset(cs->cpus, possible)) {
		do_set_cpus_allowed(tsk, cs->cpus);
		changed = true;
	}
	raw_spin_unlock_irqrestore(&cpuset_callback_lock, flags);
	rcu_read_unlock();
	return changed;
}

/**
 * cpuset_mems_allowed - the memory nodes a task's cpuset lets it use
 * @tsk: the task
 *
 * Return: the nodes with memory of @tsk's group, or of its nearest
 * ancestor that has some.
 */
nodemask_t cpuset_mems_allowed(struct task_struct *tsk)
{
	unsigned long flags;
	struct cpuset *cs;
	nodemask_t mask;

	rcu_read_lock();
	raw_spin_lock_irqsave(&cpuset_callback_lock, flags);
	cs = task_cs(tsk);
	while (cs != &top_cpuset &&
	       !nodes_intersects(cs->mems, node_states[N_MEMORY]))
		cs = parent_cs(cs);
	nodes_and(mask, cs->mems, node_states[N_MEMORY]);
	raw_spin_unlock_irqrestore(&cpuset_callback_lock, flags);
	rcu_read_unlock();
	return mask;
}

/**
 * cpuset_init_current_mems_allowed - let the boot task use every node
 */
void cpuset_init_current_mems_allowed(void)
{
	nodes_setall(current->mems_allowed);
}

/**
 * cpuset_nodemask_valid_mems_allowed - may the current task use a node of @nodemask?
 * @nodemask: the nodes
 *
 * Return: 1 if @nodemask and the current task's nodes intersect, else 0.
 */
int cpuset_nodemask_valid_mems_allowed(nodemask_t *nodemask)
{
	return nodes_intersects(*nodemask, current->mems_allowed);
}

/**
 * cpuset_node_allowed - may the current task allocate on @node?
 * @node: the node
 * @gfp_mask: the allocation's flags
 *
 * Yes if @node is one of the task's nodes, for allocations in interrupts,
 * and for tasks that the OOM killer chose or that are exiting.  Otherwise
 * a hardwall (user) allocation may not; a kernel allocation may use the
 * nodes of the nearest mem_exclusive ancestor of the task's group (the top
 * group is one).
 *
 * Return: true if the allocation may use @node.
 */
bool cpuset_node_allowed(int node, gfp_t gfp_mask)
{
	unsigned long flags;
	struct cpuset *cs;
	bool allowed;

	if (in_interrupt())
		return true;
	if (node_isset(node, current->mems_allowed))
		return true;
	if (unlikely(tsk_is_oom_victim(current)))
		return true;
	if (gfp_mask & __GFP_HARDWALL)
		return false;
	if (current->flags & PF_EXITING)
		return true;

	rcu_read_lock();
	raw_spin_lock_irqsave(&cpuset_callback_lock, flags);
	cs = task_cs(current);
	while (cs != &top_cpuset && !is_mem_exclusive(cs))
		cs = parent_cs(cs);
	allowed = node_isset(node, cs->mems);
	raw_spin_unlock_irqrestore(&cpuset_callback_lock, flags);
	rcu_read_unlock();
	return allowed;
}

/**
 * cpuset_mems_allowed_intersects - may two tasks use a common node?
 * @tsk1: one task
 * @tsk2: the other
 *
 * The OOM killer asks this to find tasks whose memory could help.
 *
 * Return: 1 if their nodes intersect, else 0.
 */
int cpuset_mems_allowed_intersects(const struct task_struct *tsk1,
				   const struct task_struct *tsk2)
{
	return nodes_intersects(tsk1->mems_allowed, tsk2->mems_allowed);
}

/**
 * cpuset_task_status_allowed - show a task's nodes in /proc/PID/status
 * @m: the status file
 * @task: the task
 */
void cpuset_task_status_allowed(struct seq_file *m, struct task_struct *task)
{
	seq_printf(m, "Mems_allowed:\t%*pb\n",
		   nodemask_pr_args(&task->mems_allowed));
	seq_printf(m, "Mems_allowed_list:\t%*pbl\n",
		   nodemask_pr_args(&task->mems_allowed));
}

/**
 * cpuset_mem_spread_node - the next of the current task's nodes, in turn
 *
 * Return: a node, for allocations spread over the task's nodes.
 */
int cpuset_mem_spread_node(void)
{
	int node = current->cpuset_mem_spread_rotor;

	if (node == NUMA_NO_NODE)
		node = node_random(&current->mems_allowed);
	node = next_node_in(node, current->mems_allowed);
	current->cpuset_mem_spread_rotor = node;
	return node;
}

/**
 * current_cpuset_is_being_rebound - are the current group's policies moving?
 *
 * Return: true while the memory policies of the tasks of the current
 * task's group are being rebound to new nodes.
 */
bool current_cpuset_is_being_rebound(void)
{
	bool ret;

	rcu_read_lock();
	ret = READ_ONCE(cpuset_being_rebound) == task_cs(current);
	rcu_read_unlock();
	return ret;
}

/**
 * cpuset_print_current_mems_allowed - add the current task's nodes to a report
 *
 * Continues a line of an allocation failure or OOM report.
 */
void cpuset_print_current_mems_allowed(void)
{
	pr_cont(",cpuset_mems_allowed=%*pbl",
		nodemask_pr_args(&current->mems_allowed));
}
