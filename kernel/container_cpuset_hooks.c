// SPDX-License-Identifier: GPL-2.0
/*
 * Cpusets as a container subsystem: the <linux/cpuset.h> interface
 *
 * What the rest of the kernel calls, in place of cgroup's cpuset (the two
 * cannot be built together):
 *  - boot: cpuset_init() and cpuset_init_smp() set up the top group;
 *  - CPU hotplug: cpuset_update_active_cpus(), from the scheduler, takes
 *    a CPU that went away out of every group, and a work item then moves
 *    or updates the tasks of the groups it changed;
 *  - the scheduler's affinity paths: cpuset_cpus_allowed() and
 *    cpuset_cpus_allowed_fallback();
 *  - the page allocator and the OOM killer: cpuset_mems_allowed(),
 *    cpuset_node_allowed() and the other mems_allowed queries;
 *  - /proc/PID/status and the OOM and allocation failure reports;
 *  - the cpuset filesystem and /proc/PID/cpuset, for the old tools.
 *
 * kernel/container_cpuset.c is the subsystem itself, and says what
 * cpusets do; kernel/container_cpuset.h holds what the two files share.
 */

#include <linux/container.h>
#include <linux/cpumask.h>
#include <linux/cpuset.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/init.h>
#include <linux/jump_label.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/oom.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "container_cpuset.h"

/* see <linux/cpuset.h>; on while a group other than the top exists */
DEFINE_STATIC_KEY_FALSE(cpusets_pre_enable_key);
DEFINE_STATIC_KEY_FALSE(cpusets_enabled_key);
/* never on: every node this subsystem offers can satisfy any allocation */
DEFINE_STATIC_KEY_FALSE(cpusets_insane_config_key);

/* a scratch mask for the hotplug callback */
static cpumask_var_t cpuset_hotplug_cpus;

/* -------------------------------------------------------------------------
 * Boot
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
	if (!alloc_cpumask_var(&cpuset_top.cpus, GFP_KERNEL) ||
	    !alloc_cpumask_var(&cpuset_scratch_cpus, GFP_KERNEL) ||
	    !alloc_cpumask_var(&cpuset_hotplug_cpus, GFP_KERNEL))
		panic("cpuset: no memory for the top cpuset\n");
	cpumask_setall(cpuset_top.cpus);
	nodes_setall(cpuset_top.mems);
	list_add(&cpuset_top.node, &cpuset_list);
	return 0;
}

/**
 * cpuset_init_smp - give the top cpuset the CPUs and nodes that are up
 */
void __init cpuset_init_smp(void)
{
	mutex_lock(&cpuset_mutex);
	raw_spin_lock_irq(&cpuset_callback_lock);
	cpumask_copy(cpuset_top.cpus, cpu_active_mask);
	cpuset_top.mems = node_states[N_MEMORY];
	raw_spin_unlock_irq(&cpuset_callback_lock);
	mutex_unlock(&cpuset_mutex);
}

/* -------------------------------------------------------------------------
 * CPU hotplug
 */

/* the nearest ancestor of @cs with CPUs and nodes; under cpuset_mutex */
static struct cpuset *cpuset_nearest_usable(struct cpuset *cs)
{
	while (cs != &cpuset_top &&
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
	if (!container_hierarchy_id(cpuset_top.css.container))
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

static DECLARE_WORK(cpuset_hotplug_work, cpuset_hotplug_workfn);

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
	cpumask_andnot(gone, cpuset_top.cpus, cpu_active_mask);
	changed = !cpumask_equal(cpuset_top.cpus, cpu_active_mask);
	raw_spin_lock_irq(&cpuset_callback_lock);
	write_seqcount_begin(&cpuset_seq);
	list_for_each_entry(cs, &cpuset_list, node)
		cpumask_andnot(cs->cpus, cs->cpus, gone);
	cpumask_copy(cpuset_top.cpus, cpu_active_mask);
	write_seqcount_end(&cpuset_seq);
	raw_spin_unlock_irq(&cpuset_callback_lock);
	mutex_unlock(&cpuset_mutex);

	if (changed)
		schedule_work(&cpuset_hotplug_work);
}

/* -------------------------------------------------------------------------
 * CPUs, for the scheduler
 */

/*
 * The nearest group, from @cs up, that has an active CPU; under
 * cpuset_callback_lock.
 */
static struct cpuset *cpuset_nearest_active(struct cpuset *cs)
{
	while (cs != &cpuset_top &&
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

/* -------------------------------------------------------------------------
 * Memory nodes, for the page allocator and the OOM killer
 */

/*
 * The nearest group, from @cs up, that has a node with memory; under
 * cpuset_callback_lock.
 */
static struct cpuset *cpuset_nearest_with_memory(struct cpuset *cs)
{
	while (cs != &cpuset_top &&
	       !nodes_intersects(cs->mems, node_states[N_MEMORY]))
		cs = parent_cs(cs);
	return cs;
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
	cs = cpuset_nearest_with_memory(task_cs(tsk));
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

/*
 * How far an allocation of the current task may go when the node it asks
 * for is not one of the task's own nodes.
 */
enum cpuset_reach {
	CPUSET_REACH_OWN,	/* nowhere: only its own nodes */
	CPUSET_REACH_EXCLUSIVE,	/* its nearest mem_exclusive group's nodes */
	CPUSET_REACH_ANY,	/* any node */
};

/*
 * The reach of the current task's allocation with @gfp_mask.  The page
 * allocator (get_page_from_freelist(), __alloc_pages_slowpath()) and the
 * OOM killer were written for these rules, so they must stay in step with
 * cpuset_node_allowed() in the 6.12 kernel/cgroup/cpuset.c:
 *  - in an interrupt the current task is a bystander: any node;
 *  - an OOM victim (tsk_is_oom_victim()) needs memory to exit: any node,
 *    even for a __GFP_HARDWALL allocation;
 *  - a __GFP_HARDWALL (user) allocation: only the task's own nodes;
 *  - an allocation for the kernel by an exiting task: any node;
 *  - another allocation for the kernel: those of the nearest mem_exclusive
 *    group.
 */
static enum cpuset_reach cpuset_alloc_reach(gfp_t gfp_mask)
{
	if (in_interrupt() || unlikely(tsk_is_oom_victim(current)))
		return CPUSET_REACH_ANY;
	if (gfp_mask & __GFP_HARDWALL)
		return CPUSET_REACH_OWN;
	if (current->flags & PF_EXITING)
		return CPUSET_REACH_ANY;
	return CPUSET_REACH_EXCLUSIVE;
}

/*
 * The nearest group, from @cs up, that is mem_exclusive (the top group
 * is); under cpuset_callback_lock.
 */
static struct cpuset *cpuset_nearest_mem_exclusive(struct cpuset *cs)
{
	while (cs != &cpuset_top && !is_mem_exclusive(cs))
		cs = parent_cs(cs);
	return cs;
}

/**
 * cpuset_node_allowed - may the current task allocate on @node?
 * @node: the node
 * @gfp_mask: the allocation's flags
 *
 * Yes if @node is one of the task's nodes.  Otherwise it depends on the
 * allocation, as cpuset_alloc_reach() tells: a user allocation may not,
 * one for the kernel may use the nodes of the nearest mem_exclusive
 * ancestor of the task's group, and some may use any node.
 *
 * Return: true if the allocation may use @node.
 */
bool cpuset_node_allowed(int node, gfp_t gfp_mask)
{
	unsigned long flags;
	struct cpuset *cs;
	bool allowed;

	if (node_isset(node, current->mems_allowed))
		return true;

	switch (cpuset_alloc_reach(gfp_mask)) {
	case CPUSET_REACH_OWN:
		return false;
	case CPUSET_REACH_ANY:
		return true;
	case CPUSET_REACH_EXCLUSIVE:
		break;
	}

	rcu_read_lock();
	raw_spin_lock_irqsave(&cpuset_callback_lock, flags);
	cs = cpuset_nearest_mem_exclusive(task_cs(current));
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

/* -------------------------------------------------------------------------
 * Reports
 */

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
 * cpuset_print_current_mems_allowed - report the current task's nodes
 *
 * Called in the middle of a line of key=value pairs: the OOM killer's
 * "oom-kill:constraint=..." summary (dump_oom_victim() in mm/oom_kill.c)
 * and the allocation failure warning (warn_alloc() in mm/page_alloc.c).
 * The caller goes on with pr_cont() and ends the line itself.  The nodes
 * start a line of their own, in the same form, which ends that line; it
 * is left open, so that the caller's next pairs (",task=...") or its
 * newline end it.
 */
void cpuset_print_current_mems_allowed(void)
{
	pr_info("cpuset_mems_allowed=%*pbl",
		nodemask_pr_args(&current->mems_allowed));
}

/* -------------------------------------------------------------------------
 * The cpuset filesystem and /proc/PID/cpuset, for the tools written for
 * cpusets before containers
 */

static const struct container_fs_preset cpuset_fs_preset = {
	.subsys_mask	= BIT(cpuset_subsys_id),
	.noprefix	= true,
	.release_agent	= "/sbin/cpuset_release_agent",
};

static int cpuset_init_fs_context(struct fs_context *fc)
{
	return container_init_preset_fs_context(fc, &cpuset_fs_preset);
}

/*
 * "mount -t cpuset none DIR" mounts the cpuset hierarchy as
 * "mount -t container -o cpuset,noprefix,release_agent=..." does, so
 * both find the same one, but it shows as type cpuset in /proc/mounts,
 * which is how the old tools look for it.
 */
static struct file_system_type cpuset_fs_type = {
	.name			= "cpuset",
	.init_fs_context	= cpuset_init_fs_context,
	.kill_sb		= container_kill_sb,
};

static int __init cpuset_fs_init(void)
{
	return register_filesystem(&cpuset_fs_type);
}
fs_initcall(cpuset_fs_init);

#ifdef CONFIG_PROC_PID_CPUSET
/**
 * proc_cpuset_show - show /proc/PID/cpuset
 * @m: the seq_file of the /proc file
 * @ns: the reader's pid namespace
 * @pid: the pid of the task
 * @tsk: the task
 *
 * The task's group as a path from the top of the cpuset hierarchy; "/"
 * while cpuset is not mounted.
 *
 * Return: 0 or a negative errno.
 */
int proc_cpuset_show(struct seq_file *m, struct pid_namespace *ns,
		     struct pid *pid, struct task_struct *tsk)
{
	char *buf;
	int ret;

	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = container_task_path(tsk, cpuset_subsys_id, buf, PATH_MAX);
	if (ret >= 0) {
		seq_puts(m, buf);
		seq_putc(m, '\n');
		ret = 0;
	}
	kfree(buf);
	return ret;
}
#endif
