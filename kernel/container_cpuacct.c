// SPDX-License-Identifier: GPL-2.0
/*
 * CPU accounting container subsystem
 *
 * Counts the CPU time that the tasks of each container use.  A group's
 * count includes the time of all its descendants: a task's runtime is
 * charged to its own group and to every ancestor, once each.
 *
 * Files, in every group of a hierarchy that cpuacct is bound to:
 *
 *  cpuacct.usage
 *	Nanoseconds of CPU time used by the group's tasks and by its
 *	descendants' tasks since the group was made (the top group: since
 *	the hierarchy was mounted) or since the last reset.  Writing "0"
 *	resets the group's counters (not its children's); any other value
 *	fails with EINVAL and changes nothing.
 *
 *  cpuacct.usage_percpu
 *	The same count split by the CPU the time was used on: one number
 *	per possible CPU, separated by spaces.  The numbers add up to
 *	cpuacct.usage.
 *
 *  cpuacct.stat
 *	"user N" and "system N": the part of that time the tick saw in user
 *	and in kernel mode (system includes interrupts), in USER_HZ units.
 *
 * The time comes from the scheduler's own runtime accounting: the hook
 * runs where a task's sum_exec_runtime grows, with the same delta, so a
 * group's usage agrees with its tasks' CPU clocks (CLOCK_THREAD_CPUTIME_ID,
 * /proc/PID/schedstat).  A task that moves to another group charges the new
 * group from then on; what it used before stays with the old one (the
 * runtime it had not been charged yet is settled before the move).  Time
 * used stays counted after the tasks that used it exit.
 *
 * Counters are per CPU: the charge for a task adds to the counters of the
 * task's CPU, which the runqueue lock serializes, so charging never
 * contends on a shared cache line.  Resets do not write the counters:
 * they record the current values as a base that reads subtract.
 *
 * While no mounted hierarchy has cpuacct bound, a static key keeps the
 * scheduler hooks to one patched-out jump.  This subsystem is independent
 * of cgroup's cpuacct controller; both can be in one kernel.
 */

#include <linux/container.h>
#include <linux/container_cpuacct.h>
#include <linux/jiffies.h>
#include <linux/kernel_stat.h>
#include <linux/percpu.h>
#include <linux/sched/cputime.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/u64_stats_sync.h>

enum cpuacct_stat_index {
	CPUACCT_STAT_USER,
	CPUACCT_STAT_SYSTEM,
	CPUACCT_STAT_NSTATS,
};

static const char * const cpuacct_stat_names[CPUACCT_STAT_NSTATS] = {
	[CPUACCT_STAT_USER]	= "user",
	[CPUACCT_STAT_SYSTEM]	= "system",
};

/*
 * One group's counters on one CPU.  @usage is written by whoever holds the
 * runqueue lock of that CPU, @stat by that CPU itself with interrupts off:
 * two writers, hence two sync points (which cost nothing on 64-bit).  The
 * bases are written only by a reset, under container_lock().
 */
struct cpuacct_cpu {
	u64_stats_t usage;
	struct u64_stats_sync usage_sync;
	u64_stats_t stat[CPUACCT_STAT_NSTATS];
	struct u64_stats_sync stat_sync;
	u64 usage_base;
	u64 stat_base[CPUACCT_STAT_NSTATS];
};

/**
 * struct cpuacct_group - cpuacct's state for one container
 * @css: the framework's part
 * @cpu: per-CPU counters
 * @base_seq: lets readers see a reset's bases whole
 */
struct cpuacct_group {
	struct container_subsys_state css;
	struct cpuacct_cpu __percpu *cpu;
	seqcount_t base_seq;
};

DEFINE_STATIC_KEY_FALSE(container_cpuacct_key);

static DEFINE_PER_CPU(struct cpuacct_cpu, top_cpuacct_cpu);

static struct cpuacct_group top_cpuacct = {
	.cpu		= &top_cpuacct_cpu,
};

static inline struct cpuacct_group *css_cpuacct(struct container_subsys_state *css)
{
	return container_of(css, struct cpuacct_group, css);
}

static inline struct cpuacct_group *container_cpuacct(struct container *cont)
{
	return css_cpuacct(container_subsys_state(cont, cpuacct_subsys_id));
}

static inline struct cpuacct_group *parent_cpuacct(struct cpuacct_group *ca)
{
	return ca->css.parent ? css_cpuacct(ca->css.parent) : NULL;
}

/* the task's group; the caller is in an RCU read-side section */
static inline struct cpuacct_group *task_cpuacct(struct task_struct *tsk)
{
	struct css_group *cg = task_css_group(tsk);

	if (unlikely(!cg))
		return NULL;
	return css_cpuacct(cg->subsys[cpuacct_subsys_id]);
}

/**
 * __container_cpuacct_charge - charge runtime to a task's group and ancestors
 * @tsk: the task that ran
 * @delta_exec: nanoseconds
 *
 * Called through container_cpuacct_charge() with the runqueue of
 * task_cpu(@tsk) locked and interrupts off, which also keeps the groups
 * from being freed under us.
 */
void __container_cpuacct_charge(struct task_struct *tsk, u64 delta_exec)
{
	int cpu = task_cpu(tsk);
	struct cpuacct_group *ca;

	for (ca = task_cpuacct(tsk); ca; ca = parent_cpuacct(ca)) {
		struct cpuacct_cpu *c = per_cpu_ptr(ca->cpu, cpu);

		u64_stats_update_begin(&c->usage_sync);
		u64_stats_add(&c->usage, delta_exec);
		u64_stats_update_end(&c->usage_sync);
	}
}

/**
 * __container_cpuacct_account_field - charge user or system time
 * @tsk: the task the time belongs to
 * @index: enum cpu_usage_stat index
 * @val: nanoseconds
 *
 * Called through container_cpuacct_account_field() with interrupts off on
 * the CPU that the time was spent on.
 */
void __container_cpuacct_account_field(struct task_struct *tsk, int index,
				       u64 val)
{
	enum cpuacct_stat_index stat;
	struct cpuacct_group *ca;

	switch (index) {
	case CPUTIME_USER:
	case CPUTIME_NICE:
		stat = CPUACCT_STAT_USER;
		break;
	case CPUTIME_SYSTEM:
	case CPUTIME_IRQ:
	case CPUTIME_SOFTIRQ:
		stat = CPUACCT_STAT_SYSTEM;
		break;
	default:
		return;
	}

	for (ca = task_cpuacct(tsk); ca; ca = parent_cpuacct(ca)) {
		struct cpuacct_cpu *c = this_cpu_ptr(ca->cpu);

		u64_stats_update_begin(&c->stat_sync);
		u64_stats_add(&c->stat[stat], val);
		u64_stats_update_end(&c->stat_sync);
	}
}

static u64 cpuacct_cpu_usage_raw(struct cpuacct_cpu *c)
{
	unsigned int start;
	u64 val;

	do {
		start = u64_stats_fetch_begin(&c->usage_sync);
		val = u64_stats_read(&c->usage);
	} while (u64_stats_fetch_retry(&c->usage_sync, start));
	return val;
}

static u64 cpuacct_cpu_stat_raw(struct cpuacct_cpu *c,
				enum cpuacct_stat_index stat)
{
	unsigned int start;
	u64 val;

	do {
		start = u64_stats_fetch_begin(&c->stat_sync);
		val = u64_stats_read(&c->stat[stat]);
	} while (u64_stats_fetch_retry(&c->stat_sync, start));
	return val;
}

/* usage of @ca on @cpu since the last reset */
static u64 cpuacct_cpu_usage(struct cpuacct_group *ca, int cpu)
{
	struct cpuacct_cpu *c = per_cpu_ptr(ca->cpu, cpu);
	unsigned int seq;
	u64 base;

	do {
		seq = read_seqcount_begin(&ca->base_seq);
		base = c->usage_base;
	} while (read_seqcount_retry(&ca->base_seq, seq));
	return cpuacct_cpu_usage_raw(c) - base;
}

static u64 cpuacct_cpu_stat(struct cpuacct_group *ca, int cpu,
			    enum cpuacct_stat_index stat)
{
	struct cpuacct_cpu *c = per_cpu_ptr(ca->cpu, cpu);
	unsigned int seq;
	u64 base;

	do {
		seq = read_seqcount_begin(&ca->base_seq);
		base = c->stat_base[stat];
	} while (read_seqcount_retry(&ca->base_seq, seq));
	return cpuacct_cpu_stat_raw(c, stat) - base;
}

/* Make the group read zero from now on; serialized by container_lock(). */
static void cpuacct_reset(struct cpuacct_group *ca)
{
	int cpu, i;

	preempt_disable();
	write_seqcount_begin(&ca->base_seq);
	for_each_possible_cpu(cpu) {
		struct cpuacct_cpu *c = per_cpu_ptr(ca->cpu, cpu);

		c->usage_base = cpuacct_cpu_usage_raw(c);
		for (i = 0; i < CPUACCT_STAT_NSTATS; i++)
			c->stat_base[i] = cpuacct_cpu_stat_raw(c, i);
	}
	write_seqcount_end(&ca->base_seq);
	preempt_enable();
}

static u64 cpuacct_usage_read(struct container *cont,
			      struct container_cftype *cft)
{
	struct cpuacct_group *ca = container_cpuacct(cont);
	u64 total = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		total += cpuacct_cpu_usage(ca, cpu);
	return total;
}

/* "0" resets; anything else, out-of-range numbers included, is EINVAL */
static int cpuacct_usage_write(struct container *cont,
			       struct container_cftype *cft, char *buf)
{
	u64 val;

	if (kstrtou64(buf, 10, &val) || val)
		return -EINVAL;
	cpuacct_reset(container_cpuacct(cont));
	return 0;
}

static int cpuacct_percpu_show(struct container *cont,
			       struct container_cftype *cft,
			       struct seq_file *sf)
{
	struct cpuacct_group *ca = container_cpuacct(cont);
	const char *sep = "";
	int cpu;

	for_each_possible_cpu(cpu) {
		seq_printf(sf, "%s%llu", sep, cpuacct_cpu_usage(ca, cpu));
		sep = " ";
	}
	seq_putc(sf, '\n');
	return 0;
}

static int cpuacct_stat_show(struct container *cont,
			     struct container_cftype *cft,
			     struct seq_file *sf)
{
	struct cpuacct_group *ca = container_cpuacct(cont);
	int cpu, i;

	for (i = 0; i < CPUACCT_STAT_NSTATS; i++) {
		u64 ns = 0;

		for_each_possible_cpu(cpu)
			ns += cpuacct_cpu_stat(ca, cpu, i);
		seq_printf(sf, "%s %llu\n", cpuacct_stat_names[i],
			   nsec_to_clock_t(ns));
	}
	return 0;
}

static struct container_cftype cpuacct_files[] = {
	{
		.name = "usage",
		.read_u64 = cpuacct_usage_read,
		.write_string = cpuacct_usage_write,
	},
	{
		.name = "usage_percpu",
		.seq_show = cpuacct_percpu_show,
	},
	{
		.name = "stat",
		.seq_show = cpuacct_stat_show,
	},
	{ }
};

static void cpuacct_init_counters(struct cpuacct_group *ca)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct cpuacct_cpu *c = per_cpu_ptr(ca->cpu, cpu);

		u64_stats_init(&c->usage_sync);
		u64_stats_init(&c->stat_sync);
	}
	seqcount_init(&ca->base_seq);
}

static struct container_subsys_state *
cpuacct_create(struct container_subsys *ss, struct container *cont)
{
	struct cpuacct_group *ca;

	if (!cont->parent) {
		/* once, at boot: the top group never goes away */
		cpuacct_init_counters(&top_cpuacct);
		return &top_cpuacct.css;
	}

	ca = kzalloc(sizeof(*ca), GFP_KERNEL);
	if (!ca)
		return ERR_PTR(-ENOMEM);
	ca->cpu = alloc_percpu(struct cpuacct_cpu);
	if (!ca->cpu) {
		kfree(ca);
		return ERR_PTR(-ENOMEM);
	}
	cpuacct_init_counters(ca);
	return &ca->css;
}

static void cpuacct_destroy(struct container_subsys *ss,
			    struct container *cont)
{
	struct cpuacct_group *ca = container_cpuacct(cont);

	if (ca == &top_cpuacct)
		return;
	free_percpu(ca->cpu);
	kfree(ca);
}

/*
 * Before a task moves, settle the runtime it has run up since the
 * scheduler last accounted it: that time belongs to its old group.
 */
static int cpuacct_can_attach(struct container_subsys *ss,
			      struct container *cont,
			      struct container_taskset *tset)
{
	struct container *old_cont;
	struct task_struct *tsk;

	if (static_branch_likely(&container_cpuacct_key))
		container_taskset_for_each(tsk, old_cont, tset)
			task_sched_runtime(tsk);
	return 0;
}

/*
 * Charging is on exactly while a mounted hierarchy has cpuacct.  A new
 * hierarchy's top group starts from zero.
 */
static void cpuacct_bind(struct container_subsys *ss, struct container *root)
{
	if (container_hierarchy_id(root)) {
		cpuacct_reset(&top_cpuacct);
		static_branch_enable(&container_cpuacct_key);
	} else {
		static_branch_disable(&container_cpuacct_key);
	}
}

struct container_subsys cpuacct_subsys = {
	.name		= "cpuacct",
	.subsys_id	= cpuacct_subsys_id,
	.create		= cpuacct_create,
	.destroy	= cpuacct_destroy,
	.can_attach	= cpuacct_can_attach,
	.files		= cpuacct_files,
	.bind		= cpuacct_bind,
};
