/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the two files of the cpuset subsystem share: the group state, its
 * locks and a few accessors.  Private to kernel/container_cpuset.c (the
 * subsystem: groups, control files, callbacks) and
 * kernel/container_cpuset_hooks.c (the <linux/cpuset.h> interface the rest
 * of the kernel calls); nothing else includes it.
 *
 * Locking:
 *  - container_lock() serializes the write handlers, attach, mkdir/rmdir
 *    and the hotplug work item.
 *  - cpuset_mutex guards the groups' lists and flags and cpuset_list
 *    against the CPU hotplug callback, which runs with the hotplug lock
 *    held and so cannot take container_lock().  Nothing holding it takes
 *    the hotplug lock: the scheduler domains are rebuilt under
 *    cpus_read_lock() (or the hotplug callback's write hold) and then
 *    cpuset_mutex, in that order, and partition_sched_domains() takes
 *    sched_domains_mutex inside both.
 *  - cpuset_callback_lock, a raw spinlock, is also held while the lists
 *    change, for readers in any context (the scheduler's fallback path,
 *    the page allocator).
 *  - cpuset_seq, a sequence count under cpuset_callback_lock, lets the
 *    fork path read the lists without taking any lock.
 *  - each group's pressure.lock guards its reclaim meter only; the page
 *    allocator takes it from direct reclaim, under RCU.
 */
#ifndef _KERNEL_CONTAINER_CPUSET_H
#define _KERNEL_CONTAINER_CPUSET_H

#include <linux/bitops.h>
#include <linux/container.h>
#include <linux/cpumask.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/seqlock.h>
#include <linux/spinlock.h>
#include <linux/time64.h>
#include <linux/types.h>

/* bits in cpuset->flags */
enum {
	CS_CPU_EXCLUSIVE,
	CS_MEM_EXCLUSIVE,
	CS_MEMORY_MIGRATE,
	CS_SCHED_LOAD_BALANCE,
	CS_SPREAD_PAGE,
	CS_SPREAD_SLAB,
};

/**
 * struct cpuset_meter - a group's filtered rate of direct reclaim
 * @lock: guards the rest
 * @rate: the filtered rate, about 1000 times the events per second: what
 *	memory_pressure reads
 * @pending: events since @stamp, each counting CPUSET_METER_SCALE
 * @stamp: the second (ktime_get_seconds()) @rate was last brought up to
 */
struct cpuset_meter {
	spinlock_t lock;		/* guards the rest */
	int rate;
	int pending;
	time64_t stamp;
};

/**
 * struct cpuset - cpuset's state for one container
 * @css: the framework's part
 * @flags: CS_* bits
 * @cpus: the group's CPUs
 * @mems: the group's memory nodes
 * @node: entry in cpuset_list
 * @pressure: the rate of direct reclaim by the group's tasks
 */
struct cpuset {
	struct container_subsys_state css;
	unsigned long flags;
	cpumask_var_t cpus;
	nodemask_t mems;
	struct list_head node;
	struct cpuset_meter pressure;
};

/* the top group, of whichever hierarchy cpuset is bound to */
extern struct cpuset cpuset_top;

extern struct mutex cpuset_mutex;
extern raw_spinlock_t cpuset_callback_lock;
extern seqcount_raw_spinlock_t cpuset_seq;

/* every cpuset, parents before children; under cpuset_mutex and container_lock() */
extern struct list_head cpuset_list;

/* a scratch mask for container_lock() holders */
extern cpumask_var_t cpuset_scratch_cpus;

/* the group whose tasks' memory policies are being rebound, if any */
extern struct cpuset *cpuset_being_rebound;

void cpuset_update_tasks(struct cpuset *cs, bool cpus, bool mems,
			 const nodemask_t *old_mems);

void cpuset_meter_init(struct cpuset_meter *m);
int cpuset_meter_read(struct cpuset_meter *m);
void cpuset_rebuild_domains_locked(void);
void cpuset_rebuild_domains(void);

/* the cpuset a subsystem state is part of */
static inline struct cpuset *css_cs(struct container_subsys_state *css)
{
	return container_of(css, struct cpuset, css);
}

/* the parent group's cpuset, NULL for the top group */
static inline struct cpuset *parent_cs(struct cpuset *cs)
{
	return cs->css.parent ? css_cs(cs->css.parent) : NULL;
}

/*
 * The task's cpuset, under RCU or container_lock().  Early in boot, before
 * container_init() made the top state, every task is in the top cpuset.
 */
static inline struct cpuset *task_cs(struct task_struct *tsk)
{
	struct css_group *cg = task_css_group(tsk);

	if (unlikely(!cg || !cg->subsys[cpuset_subsys_id]))
		return &cpuset_top;
	return css_cs(cg->subsys[cpuset_subsys_id]);
}

/* do the group's CPUs overlap no sibling's? */
static inline bool is_cpu_exclusive(const struct cpuset *cs)
{
	return test_bit(CS_CPU_EXCLUSIVE, &cs->flags);
}

/* do the group's nodes overlap no sibling's? */
static inline bool is_mem_exclusive(const struct cpuset *cs)
{
	return test_bit(CS_MEM_EXCLUSIVE, &cs->flags);
}

/* do the pages of the group's tasks follow its nodes? */
static inline bool is_memory_migrate(const struct cpuset *cs)
{
	return test_bit(CS_MEMORY_MIGRATE, &cs->flags);
}

/* does the scheduler balance load across the group's CPUs? */
static inline bool is_sched_load_balance(const struct cpuset *cs)
{
	return test_bit(CS_SCHED_LOAD_BALANCE, &cs->flags);
}

#endif /* _KERNEL_CONTAINER_CPUSET_H */
