// SPDX-License-Identifier: GPL-2.0
/*
 * The container "debug" subsystem: the framework's internals as files.
 *
 * Bind it like any subsystem (mount -t container -o debug ...).  Every
 * container then has read-only files:
 *
 *   debug.nr_groups      css_groups whose tasks are in this container
 *   debug.nr_tasks       tasks in this container (threads, zombies not
 *                        counted: they live in the top containers)
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
 */

#include <linux/container.h>
#include <linux/err.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "container_internal.h"

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
debug_create(struct container_subsys *ss, struct container *cont)
{
	struct container_subsys_state *css;

	css = kzalloc(sizeof(*css), GFP_KERNEL);
	return css ?: ERR_PTR(-ENOMEM);
}

static void debug_destroy(struct container_subsys *ss, struct container *cont)
{
	kfree(container_subsys_state(cont, debug_subsys_id));
}

static u64 debug_count_tasks(struct container *cont)
{
	struct task_struct *g, *t;
	u64 n = 0;

	rcu_read_lock();
	for_each_process_thread(g, t)
		if (task_container(t, debug_subsys_id) == cont)
			n++;
	rcu_read_unlock();
	return n;
}

static u64 debug_read(struct container *cont, struct container_cftype *cft)
{
	u64 val = 0;

	switch (cft->private) {
	case DEBUG_NR_GROUPS:
		return READ_ONCE(cont->nr_groups);
	case DEBUG_TASKS:
		return debug_count_tasks(cont);
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
};

static int debug_populate(struct container_subsys *ss, struct container *cont)
{
	return container_add_files(cont, ss, debug_files,
				   ARRAY_SIZE(debug_files));
}

struct container_subsys debug_subsys = {
	.name		= "debug",
	.subsys_id	= debug_subsys_id,
	.create		= debug_create,
	.destroy	= debug_destroy,
	.populate	= debug_populate,
};
