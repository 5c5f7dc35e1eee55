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
 *  - the scheduler domains: cpuset_rebuild_domains() partitions the
 *    active CPUs into the domains that sched_load_balance asks for;
 *  - direct reclaim: __cpuset_memory_pressure_bump() feeds the reclaiming
 *    task's group's memory_pressure meter;
 *  - /proc/PID/status and the OOM and allocation failure reports;
 *  - the cpuset filesystem and /proc/PID/cpuset, for the old tools.
 *
 * kernel/container_cpuset.c is the subsystem itself, and says what
 * cpusets do; kernel/container_cpuset.h holds what the two files share.
 */

#include <linux/container.h>
#include <linux/cpu.h>
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
#include <linux/sched/isolation.h>
#include <linux/sched/topology.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>
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
	cpuset_meter_init(&cpuset_top.pressure);
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
	/* the hotplug lock is held for writing: the domains follow at once */
	cpuset_rebuild_domains_locked();
	mutex_unlock(&cpuset_mutex);

	if (changed)
		schedule_work(&cpuset_hotplug_work);
}

/* -------------------------------------------------------------------------
 * Scheduler domains
 */

/*
 * The CPUs of @cs the scheduler may balance, into @mask: its active CPUs
 * that are not isolated from domains (isolcpus=domain).  Under
 * cpuset_mutex.
 */
static bool cpuset_balance_cpus(const struct cpuset *cs, struct cpumask *mask)
{
	cpumask_and(mask, cs->cpus, cpu_active_mask);
	return cpumask_and(mask, mask, housekeeping_cpumask(HK_TYPE_DOMAIN));
}

/* does @cs make a domain, or part of one? */
static bool cpuset_makes_domain(const struct cpuset *cs)
{
	return is_sched_load_balance(cs) &&
	       !container_is_removed(cs->css.container);
}

/*
 * Merge the @n masks of @doms that overlap, until no two do; free the
 * masks that are left over.  Return how many remain.
 */
static int cpuset_merge_domains(cpumask_var_t *doms, int n)
{
	int i, j;

	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			if (!cpumask_intersects(doms[i], doms[j]))
				continue;
			cpumask_or(doms[i], doms[i], doms[j]);
			/* the last takes j's place; i grew, so look again */
			cpumask_copy(doms[j], doms[n - 1]);
			free_cpumask_var(doms[n - 1]);
			n--;
			j = i;
		}
	}
	return n;
}

/**
 * cpuset_rebuild_domains_locked - give the scheduler the domains of the groups
 *
 * The scheduler balances load within each domain and never across them.
 * With sched_load_balance set in the top group there is one domain of all
 * the active CPUs, as without cpusets.  Otherwise each group that has it
 * set (and CPUs) wants its CPUs balanced: groups whose CPUs overlap share
 * one domain, and the CPUs of no such group are in no domain at all,
 * each scheduling only its own tasks.
 *
 * Context: cpus_read_lock() (or the hotplug callback's write hold) and
 * cpuset_mutex; may sleep.
 */
void cpuset_rebuild_domains_locked(void)
{
	cpumask_var_t *doms;
	struct cpuset *cs;
	int n = 0, i = 0;

	lockdep_assert_cpus_held();
	lockdep_assert_held(&cpuset_mutex);

	if (is_sched_load_balance(&cpuset_top))
		goto one_domain;

	list_for_each_entry(cs, &cpuset_list, node) {
		if (cs != &cpuset_top && cpuset_makes_domain(cs))
			n++;
	}
	/* no group: no domain, yet an array for the scheduler to own */
	doms = alloc_sched_domains(n);
	if (!doms)
		goto one_domain;
	list_for_each_entry(cs, &cpuset_list, node) {
		if (cs == &cpuset_top || !cpuset_makes_domain(cs))
			continue;
		if (cpuset_balance_cpus(cs, doms[i]))
			i++;
	}
	/* the masks of the groups without a usable CPU are not handed over */
	while (n > i)
		free_cpumask_var(doms[--n]);
	n = cpuset_merge_domains(doms, n);
	partition_sched_domains(n, doms, NULL);
	return;

one_domain:
	/* NULL: the active CPUs outside isolcpus=domain, in one domain */
	partition_sched_domains(1, NULL, NULL);
}

/**
 * cpuset_rebuild_domains - the same, taking the locks
 *
 * Called after a change that may change the domains: a sched_load_balance
 * flag, the CPUs of a group that has it, the removal of such a group.
 *
 * Context: may sleep; not under cpuset_mutex or the hotplug lock.
 */
void cpuset_rebuild_domains(void)
{
	cpus_read_lock();
	mutex_lock(&cpuset_mutex);
	cpuset_rebuild_domains_locked();
	mutex_unlock(&cpuset_mutex);
	cpus_read_unlock();
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
 * Memory pressure
 */

/* see <linux/cpuset.h>: does direct reclaim feed the groups' meters? */
int cpuset_memory_pressure_enabled __read_mostly;

/*
 * The meter is a first-order low-pass filter of the direct reclaim events,
 * in fixed point with CPUSET_METER_SCALE as 1: each second the rate keeps
 * CPUSET_METER_KEEP of itself (a half-life of 10 s) and gains the rest of
 * the second's events.  memory_pressure of cgroup v1's cpusets reads the
 * same numbers for the same events: this arithmetic, its integer rounding
 * and its bounds must stay in step with fmeter_update(),
 * fmeter_markevent() and fmeter_getrate() in kernel/cgroup/cpuset-v1.c.
 */
#define CPUSET_METER_SCALE	1000
#define CPUSET_METER_KEEP	933
/* after this many seconds nothing is left of a rate anyway */
#define CPUSET_METER_MAX_SECONDS	99U
/* keeps pending (and so the rate) far from overflowing an int */
#define CPUSET_METER_MAX_PENDING	1000000

/**
 * cpuset_meter_init - an idle meter
 * @m: the meter
 */
void cpuset_meter_init(struct cpuset_meter *m)
{
	spin_lock_init(&m->lock);
	m->rate = 0;
	m->pending = 0;
	m->stamp = 0;
}

/* bring @m's rate up to the second @now; under @m->lock */
static void cpuset_meter_advance(struct cpuset_meter *m, time64_t now)
{
	u32 seconds = now - m->stamp;

	if (!seconds)
		return;
	for (seconds = min(seconds, CPUSET_METER_MAX_SECONDS); seconds;
	     seconds--)
		m->rate = CPUSET_METER_KEEP * m->rate / CPUSET_METER_SCALE;
	m->rate += (CPUSET_METER_SCALE - CPUSET_METER_KEEP) * m->pending /
		   CPUSET_METER_SCALE;
	m->pending = 0;
	m->stamp = now;
}

/* count one event at the second @now; under @m->lock */
static void cpuset_meter_event(struct cpuset_meter *m, time64_t now)
{
	cpuset_meter_advance(m, now);
	m->pending = min(m->pending + CPUSET_METER_SCALE,
			 CPUSET_METER_MAX_PENDING);
}

/**
 * cpuset_meter_read - the rate of a meter now
 * @m: the meter
 *
 * Return: the rate, as memory_pressure reads it.
 */
int cpuset_meter_read(struct cpuset_meter *m)
{
	int rate;

	spin_lock(&m->lock);
	cpuset_meter_advance(m, ktime_get_seconds());
	rate = m->rate;
	spin_unlock(&m->lock);
	return rate;
}

/**
 * __cpuset_memory_pressure_bump - count a direct reclaim of the current task
 *
 * Called by the page allocator, through cpuset_memory_pressure_bump(),
 * when the current task goes into direct reclaim while
 * cpuset_memory_pressure_enabled is set: one event in the meter of the
 * task's group (not its ancestors').
 */
void __cpuset_memory_pressure_bump(void)
{
	struct cpuset_meter *m;

	rcu_read_lock();
	m = &task_cs(current)->pressure;
	spin_lock(&m->lock);
	cpuset_meter_event(m, ktime_get_seconds());
	spin_unlock(&m->lock);
	rcu_read_unlock();
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

#ifdef CONFIG_CONTAINER_KUNIT_TEST
#include "container_cpuset_test.c"
#endif
