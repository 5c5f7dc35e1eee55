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

/*
 * The two times of cpuacct.stat, each the sum of some of the fields that
 * the tick charges (enum cpu_usage_stat); the other fields are not ours.
 */
static const struct {
	const char *name;
	unsigned int fields;
} cpuacct_times[] = {
	{ "user",	BIT(CPUTIME_USER) | BIT(CPUTIME_NICE) },
	{ "system",	BIT(CPUTIME_SYSTEM) | BIT(CPUTIME_IRQ) |
			BIT(CPUTIME_SOFTIRQ) },
};

/* a group's counters: the runtime, then one per time of cpuacct_times[] */
#define CPUACCT_RUNTIME		0
#define CPUACCT_NR_COUNTERS	(1 + ARRAY_SIZE(cpuacct_times))

/*
 * One counter of one group on one CPU.  The runtime is written by whoever
 * holds the runqueue lock of that CPU, the times by that CPU itself with
 * interrupts off: each counter has its own writer and its own sync point
 * (which costs nothing on 64-bit).  @base is written only by a reset,
 * under container_lock().
 */
struct cpuacct_counter {
	u64_stats_t value;
	struct u64_stats_sync sync;
	u64 base;
};

struct cpuacct_cpu {
	struct cpuacct_counter counter[CPUACCT_NR_COUNTERS];
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

static inline struct cpuacct_counter *
cpuacct_counter(struct cpuacct_group *ca, int cpu, int which)
{
	return &per_cpu_ptr(ca->cpu, cpu)->counter[which];
}

/*
 * Add @val to counter @which on @cpu, for @tsk's group and each ancestor.
 * The caller is in an RCU read-side section (interrupts are off), which
 * keeps the groups from being freed under us.
 */
static void cpuacct_add(struct task_struct *tsk, int cpu, int which, u64 val)
{
	struct css_group *cg = task_css_group(tsk);
	struct container_subsys_state *css;

	if (unlikely(!cg))		/* a task that is still being made */
		return;
	for (css = cg->subsys[cpuacct_subsys_id]; css; css = css->parent) {
		struct cpuacct_counter *c;

		c = cpuacct_counter(css_cpuacct(css), cpu, which);
		u64_stats_update_begin(&c->sync);
		u64_stats_add(&c->value, val);
		u64_stats_update_end(&c->sync);
	}
}

/**
 * __container_cpuacct_charge - charge runtime to a task's group and ancestors
 * @tsk: the task that ran
 * @delta_exec: nanoseconds
 *
 * Called through container_cpuacct_charge() with the runqueue of
 * task_cpu(@tsk) locked and interrupts off.
 */
void __container_cpuacct_charge(struct task_struct *tsk, u64 delta_exec)
{
	cpuacct_add(tsk, task_cpu(tsk), CPUACCT_RUNTIME, delta_exec);
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
	int t;

	for (t = 0; t < ARRAY_SIZE(cpuacct_times); t++) {
		if (cpuacct_times[t].fields & BIT(index)) {
			cpuacct_add(tsk, smp_processor_id(), 1 + t, val);
			return;
		}
	}
}

/* counter @which of @ca on @cpu since the last reset */
static u64 cpuacct_read(struct cpuacct_group *ca, int cpu, int which)
{
	struct cpuacct_counter *c = cpuacct_counter(ca, cpu, which);
	unsigned int start, seq;
	u64 value, base;

	do {
		seq = read_seqcount_begin(&ca->base_seq);
		base = c->base;
	} while (read_seqcount_retry(&ca->base_seq, seq));
	do {
		start = u64_stats_fetch_begin(&c->sync);
		value = u64_stats_read(&c->value);
	} while (u64_stats_fetch_retry(&c->sync, start));
	return value - base;
}

/* counter @which of @ca, all CPUs together */
static u64 cpuacct_sum(struct cpuacct_group *ca, int which)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += cpuacct_read(ca, cpu, which);
	return sum;
}

/*
 * Make the group read zero from now on: each base moves up to its
 * counter.  Serialized by container_lock().
 */
static void cpuacct_reset(struct cpuacct_group *ca)
{
	int cpu, i;

	lockdep_assert(container_lock_is_held());
	preempt_disable();
	write_seqcount_begin(&ca->base_seq);
	for_each_possible_cpu(cpu) {
		for (i = 0; i < CPUACCT_NR_COUNTERS; i++) {
			struct cpuacct_counter *c = cpuacct_counter(ca, cpu, i);
			unsigned int start;

			do {
				start = u64_stats_fetch_begin(&c->sync);
				c->base = u64_stats_read(&c->value);
			} while (u64_stats_fetch_retry(&c->sync, start));
		}
	}
	write_seqcount_end(&ca->base_seq);
	preempt_enable();
}

static u64 cpuacct_usage_read(struct container_subsys_state *css,
			      struct container_cftype *cft)
{
	return cpuacct_sum(css_cpuacct(css), CPUACCT_RUNTIME);
}

/* "0" resets; anything else, out-of-range numbers included, is EINVAL */
static int cpuacct_usage_write(struct container_subsys_state *css,
			       struct container_cftype *cft, char *buf)
{
	u64 val;

	if (kstrtou64(buf, 10, &val) || val)
		return -EINVAL;
	cpuacct_reset(css_cpuacct(css));
	return 0;
}

static int cpuacct_percpu_show(struct container_subsys_state *css,
			       struct container_cftype *cft,
			       struct seq_file *sf)
{
	const char *sep = "";
	int cpu;

	for_each_possible_cpu(cpu) {
		seq_printf(sf, "%s%llu", sep,
			   cpuacct_read(css_cpuacct(css), cpu, CPUACCT_RUNTIME));
		sep = " ";
	}
	seq_putc(sf, '\n');
	return 0;
}

static int cpuacct_stat_show(struct container_subsys_state *css,
			     struct container_cftype *cft,
			     struct seq_file *sf)
{
	int t;

	for (t = 0; t < ARRAY_SIZE(cpuacct_times); t++)
		seq_printf(sf, "%s %llu\n", cpuacct_times[t].name,
			   nsec_to_clock_t(cpuacct_sum(css_cpuacct(css), 1 + t)));
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
	int cpu, i;

	for_each_possible_cpu(cpu)
		for (i = 0; i < CPUACCT_NR_COUNTERS; i++)
			u64_stats_init(&cpuacct_counter(ca, cpu, i)->sync);
	seqcount_init(&ca->base_seq);
}

static struct container_subsys_state *
cpuacct_create(struct container_subsys_state *parent)
{
	struct cpuacct_group *ca;

	if (!parent) {
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

static void cpuacct_destroy(struct container_subsys_state *css)
{
	struct cpuacct_group *ca = css_cpuacct(css);

	if (ca == &top_cpuacct)
		return;
	free_percpu(ca->cpu);
	kfree(ca);
}

/*
 * Before a task moves, settle the runtime it has run up since the
 * scheduler last accounted it: that time belongs to its old group.
 */
static int cpuacct_can_attach(struct container_subsys_state *css,
			      struct container_taskset *tset)
{
	struct container_subsys_state *old_css;
	struct task_struct *tsk;

	if (static_branch_likely(&container_cpuacct_key))
		container_taskset_for_each(tsk, old_css, tset)
			task_sched_runtime(tsk);
	return 0;
}

/*
 * Charging is on exactly while a mounted hierarchy has cpuacct.  A new
 * hierarchy's top group starts from zero.
 */
static void cpuacct_bind(struct container_subsys_state *root_css)
{
	if (container_hierarchy_id(root_css->container)) {
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
