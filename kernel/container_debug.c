// SPDX-License-Identifier: GPL-2.0
/*
 * The container "debug" subsystem: the framework's internals as files.
 *
 * Bind it like any subsystem (mount -t container -o debug ...).  Every
 * container then has read-only files:
 *
 *   debug.nr_groups      css_groups whose member tasks are in this
 *                        container
 *   debug.nr_tasks       tasks in this container (threads; a task that
 *                        is exiting is no longer counted)
 *   debug.live           the same count as this subsystem's callbacks see
 *                        it: fork adds the child, attach moves each task
 *                        from its old container to the new one, exit takes
 *                        the task away.  It equals nr_tasks in a container
 *                        that was empty when the hierarchy was mounted or
 *                        made; any other value shows callbacks out of
 *                        order.  Top containers keep no count (0)
 *   debug.refcount       references to the reader's own css_group
 *
 * and the numbers of framework objects in existence, system-wide, which
 * return to their earlier values once groups and tasks are gone (after
 * an RCU grace period and the release work have run):
 *
 *   debug.css_groups     css_groups, init's included
 *   debug.containers     containers other than hierarchy tops, including
 *                        removed ones whose states still have references
 *   debug.css            subsystem states of those containers
 *   debug.hierarchies    hierarchies, mounted or kept for their groups
 *   debug.stat           the four counts above, "NAME VALUE" a line
 */

#include <linux/container.h>
#include <linux/err.h>
#include <linux/percpu.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "container_internal.h"

/**
 * struct debug_css - the debug subsystem's state for one container
 * @css: the framework's part
 * @live: tasks here, as the fork, attach and exit callbacks counted them,
 *	per CPU so that the bench's forks pay no shared atomic for it
 */
struct debug_css {
	struct container_subsys_state css;
	long __percpu *live;
};

static struct debug_css *css_debug(struct container_subsys_state *css)
{
	return container_of(css, struct debug_css, css);
}

/*
 * Count @delta for @css.  Top containers keep no count: their tasks were
 * there before the hierarchy was mounted, and a fork anywhere in the
 * system would touch it.
 */
static void debug_count(struct container_subsys_state *css, long delta)
{
	if (!container_css_is_top(css))
		this_cpu_add(*css_debug(css)->live, delta);
}

enum debug_file {
	DEBUG_NR_GROUPS,
	DEBUG_TASKS,
	DEBUG_REFCOUNT,
	DEBUG_CSS_GROUPS,
	DEBUG_CONTAINERS,
	DEBUG_CSS,
	DEBUG_HIERARCHIES,
};

static struct container_subsys_state *
debug_create(struct container_subsys_state *parent)
{
	struct debug_css *d;

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return ERR_PTR(-ENOMEM);
	d->live = alloc_percpu(long);
	if (!d->live) {
		kfree(d);
		return ERR_PTR(-ENOMEM);
	}
	return &d->css;
}

static void debug_destroy(struct container_subsys_state *css)
{
	struct debug_css *d = css_debug(css);

	free_percpu(d->live);
	kfree(d);
}

static void debug_fork(struct task_struct *task,
		       struct container_subsys_state *css)
{
	debug_count(css, 1);
}

static void debug_attach(struct container_subsys_state *css,
			 struct container_taskset *tset)
{
	struct container_subsys_state *old_css;
	struct task_struct *tsk;

	container_taskset_for_each(tsk, old_css, tset) {
		debug_count(old_css, -1);
		debug_count(css, 1);
	}
}

static void debug_exit(struct task_struct *task,
		       struct container_subsys_state *css)
{
	debug_count(css, -1);
}

static u64 debug_count_tasks(struct container_subsys_state *css)
{
	struct task_struct *g, *t;
	u64 n = 0;

	rcu_read_lock();
	for_each_process_thread(g, t)
		if (!(t->flags & PF_EXITING) &&
		    task_subsys_state(t, debug_subsys_id) == css)
			n++;
	rcu_read_unlock();
	return n;
}

static u64 debug_read(struct container_subsys_state *css,
		      struct container_cftype *cft)
{
	u64 val = 0;

	switch (cft->private) {
	case DEBUG_NR_GROUPS:
		return READ_ONCE(css->container->nr_groups);
	case DEBUG_TASKS:
		return debug_count_tasks(css);
	case DEBUG_REFCOUNT:
		rcu_read_lock();
		val = refcount_read(&task_css_group(current)->refcount);
		rcu_read_unlock();
		return val;
	case DEBUG_CSS_GROUPS:
		return atomic_read(&container_nr_css_groups);
	case DEBUG_CONTAINERS:
		return atomic_read(&container_nr_containers);
	case DEBUG_CSS:
		return atomic_read(&container_nr_css);
	case DEBUG_HIERARCHIES:
		return container_nr_hierarchies();
	}
	return val;
}

/* signed: a negative count would show callbacks out of order */
static s64 debug_live_read(struct container_subsys_state *css,
			   struct container_cftype *cft)
{
	struct debug_css *d = css_debug(css);
	s64 n = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		n += *per_cpu_ptr(d->live, cpu);
	return n;
}

static int debug_stat_show(struct container_subsys_state *css,
			   struct container_cftype *cft, struct seq_file *sf)
{
	seq_printf(sf, "css_groups %d\ncontainers %d\ncss %d\nhierarchies %d\n",
		   atomic_read(&container_nr_css_groups),
		   atomic_read(&container_nr_containers),
		   atomic_read(&container_nr_css),
		   container_nr_hierarchies());
	return 0;
}

static struct container_cftype debug_files[] = {
	{ .name = "nr_groups", .private = DEBUG_NR_GROUPS,
	  .read_u64 = debug_read },
	{ .name = "nr_tasks", .private = DEBUG_TASKS,
	  .read_u64 = debug_read },
	{ .name = "refcount", .private = DEBUG_REFCOUNT,
	  .read_u64 = debug_read },
	{ .name = "css_groups", .private = DEBUG_CSS_GROUPS,
	  .read_u64 = debug_read },
	{ .name = "containers", .private = DEBUG_CONTAINERS,
	  .read_u64 = debug_read },
	{ .name = "css", .private = DEBUG_CSS, .read_u64 = debug_read },
	{ .name = "hierarchies", .private = DEBUG_HIERARCHIES,
	  .read_u64 = debug_read },
	{ .name = "live", .read_s64 = debug_live_read },
	{ .name = "stat", .seq_show = debug_stat_show },
	{ }
};

struct container_subsys debug_subsys = {
	.name		= "debug",
	.subsys_id	= debug_subsys_id,
	.create		= debug_create,
	.destroy	= debug_destroy,
	.attach		= debug_attach,
	.fork		= debug_fork,
	.exit		= debug_exit,
	.files		= debug_files,
};
