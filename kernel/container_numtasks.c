// SPDX-License-Identifier: GPL-2.0-only
/*
 * numtasks - a task-count and fork-rate limit per container
 *
 * After the Resource Groups controller of the 2007 series: a group may be
 * limited in how many tasks it and its descendants hold, and in how fast
 * they fork.  Threads count as tasks.
 *
 * Files, in every group but a hierarchy's top:
 *
 *  numtasks.max
 *	"max" (the default) or a number from 0 to PID_MAX_LIMIT: the most
 *	tasks the group and its descendants may hold.
 *
 *  numtasks.current
 *	The tasks in the group and its descendants.  A task counts from
 *	its fork until it is reaped, so zombies count.
 *
 *  numtasks.failcnt
 *	The forks that this group's max or forkrate refused.
 *
 *  numtasks.forkrate
 *	"max" (the default) or "N/S": at most N new tasks per S seconds
 *	(S from 1 to 3600) in the group's subtree, as a token bucket that
 *	holds N tokens and gains one every S/N seconds; each fork takes one.
 *	Writing it fills the bucket.  "0/S" refuses every fork.  The
 *	bucket reads the clock of the last tick, so tokens come back late
 *	by at most a tick: never more than N forks per S seconds.
 *
 * A fork (clone, vfork, a new thread) that would take the group or any of
 * its ancestors over max, or find an empty bucket there, fails with
 * EAGAIN; the group that refused counts it in failcnt, and no count or
 * bucket changes.  Moving tasks is never refused, so current may exceed
 * max; lowering max below current kills nothing, it only refuses forks.
 *
 * Cost: on fork and on release one atomic per level of the task's group
 * below the top (a compare-and-exchange on fork, a second one for a level
 * with a forkrate), no lock.  Unbound, nothing: the framework skips the callbacks.
 */

#include <linux/atomic.h>
#include <linux/container.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/threads.h>
#include <linux/timekeeping.h>

#define NUMTASKS_MAX		INT_MAX		/* "max": no limit */
#define NUMTASKS_MAX_SECONDS	3600

/**
 * struct numtasks_rate - a forkrate N/S, replaced whole when written
 * @t: the nanoseconds of the interval one fork takes, S/N rounded up (so
 *	never more than N forks per S seconds); 0 for N = 0
 * @burst: N * @t, the most the bucket's time may run ahead of now
 * @n: N
 * @s: S
 * @rcu: for freeing it once forks no longer look at it
 */
struct numtasks_rate {
	u64 t;
	u64 burst;
	unsigned int n;
	unsigned int s;
	struct rcu_head rcu;
};

/**
 * struct numtasks - a group's counts and limits
 * @css: the framework's part
 * @current_tasks: tasks here and below; changed without a lock
 * @max: the limit, NUMTASKS_MAX for none
 * @failcnt: forks refused here
 * @rate: the forkrate, NULL for "max"; changed under container_lock()
 * @tat: the bucket, as the time up to which it is spent ("theoretical
 *	arrival time" of the generic cell rate algorithm): each fork moves
 *	it on by @rate->t from now or from where it was, whichever is
 *	later, and a fork that would move it more than @rate->burst ahead
 *	of now is refused.  So a full bucket (the time in the past) gives
 *	N forks, and one more comes back every S/N seconds.
 */
struct numtasks {
	struct container_subsys_state css;
	atomic_t current_tasks;
	int max;
	atomic64_t failcnt;
	struct numtasks_rate __rcu *rate;
	atomic64_t tat;
};

static inline struct numtasks *css_nt(struct container_subsys_state *css)
{
	return container_of(css, struct numtasks, css);
}

/* the group above, or NULL for a top group, which keeps no count */
static inline struct numtasks *parent_nt(struct numtasks *nt)
{
	struct container_subsys_state *parent = nt->css.parent;

	return parent && parent->parent ? css_nt(parent) : NULL;
}

/* the group that counts for @css, or NULL for a top group */
static inline struct numtasks *counting_nt(struct container_subsys_state *css)
{
	return container_css_is_top(css) ? NULL : css_nt(css);
}

static struct container_subsys_state *
numtasks_create(struct container_subsys_state *parent)
{
	struct numtasks *nt = kzalloc(sizeof(*nt), GFP_KERNEL);

	if (!nt)
		return ERR_PTR(-ENOMEM);
	nt->max = NUMTASKS_MAX;
	return &nt->css;
}

static void numtasks_destroy(struct container_subsys_state *css)
{
	struct numtasks *nt = css_nt(css);

	/* no fork can look at a state that is being freed */
	kfree(rcu_dereference_protected(nt->rate, true));
	kfree(nt);
}

/* count @n tasks (may be negative) in @nt and above, up to @stop */
static void numtasks_add(struct numtasks *nt, struct numtasks *stop, int n)
{
	for (; nt != stop; nt = parent_nt(nt))
		atomic_add(n, &nt->current_tasks);
}

/* take a token from @nt's bucket, if it has a forkrate */
static bool numtasks_take_token(struct numtasks *nt, s64 now)
{
	struct numtasks_rate *rate;
	s64 tat, new;
	bool ok = true;

	rcu_read_lock();
	rate = rcu_dereference(nt->rate);
	if (rate && !rate->t) {			/* N = 0 */
		ok = false;
	} else if (rate) {
		tat = atomic64_read(&nt->tat);
		do {
			new = max(tat, now) + rate->t;
			if (new - now > rate->burst) {
				ok = false;
				break;
			}
		} while (!atomic64_try_cmpxchg(&nt->tat, &tat, new));
	}
	rcu_read_unlock();
	return ok;
}

/* give back the token of a fork that did not happen */
static void numtasks_return_token(struct numtasks *nt)
{
	struct numtasks_rate *rate;

	rcu_read_lock();
	rate = rcu_dereference(nt->rate);
	if (rate)
		atomic64_sub(rate->t, &nt->tat);
	rcu_read_unlock();
}

/* undo numtasks_charge_fork() from @nt up to, not including, @stop */
static void numtasks_uncharge_fork(struct numtasks *nt, struct numtasks *stop)
{
	for (; nt != stop; nt = parent_nt(nt)) {
		atomic_dec(&nt->current_tasks);
		numtasks_return_token(nt);
	}
}

/* count one more task in @nt unless it holds max already */
static bool numtasks_try_count(struct numtasks *nt)
{
	int max = READ_ONCE(nt->max);
	int n = atomic_read(&nt->current_tasks);

	do {
		if (n >= max)
			return false;
	} while (!atomic_try_cmpxchg(&nt->current_tasks, &n, n + 1));
	return true;
}

/*
 * Charge a new task to its group and each ancestor: fork callbacks run with
 * moves held off, so the groups cannot change under us.  A level counts the
 * task only below its max, so concurrent forks never take current over it,
 * not even for a moment; when a level refuses, those below it are given
 * back their count and token.
 */
static int numtasks_can_fork(struct task_struct *task,
			     struct container_subsys_state *css)
{
	struct numtasks *first = counting_nt(css), *nt;
	s64 now = 0;

	for (nt = first; nt; nt = parent_nt(nt)) {
		if (!numtasks_try_count(nt))
			goto refuse;
		if (rcu_access_pointer(nt->rate)) {
			if (!now)
				now = ktime_get_coarse_ns();
			if (!numtasks_take_token(nt, now)) {
				atomic_dec(&nt->current_tasks);
				goto refuse;
			}
		}
	}
	return 0;

refuse:
	atomic64_inc(&nt->failcnt);
	numtasks_uncharge_fork(first, nt);
	return -EAGAIN;
}

static void numtasks_cancel_fork(struct task_struct *task,
				 struct container_subsys_state *css)
{
	numtasks_uncharge_fork(counting_nt(css), NULL);
}

/* the task's count lasts until it is reaped: zombies count */
static void numtasks_release(struct task_struct *task,
			     struct container_subsys_state *css)
{
	numtasks_add(counting_nt(css), NULL, -1);
}

/* moves are never refused; each task's count follows it */
static void numtasks_attach(struct container_subsys_state *css,
			    struct container_taskset *tset)
{
	struct container_subsys_state *old_css;
	struct task_struct *task;

	container_taskset_for_each(task, old_css, tset) {
		numtasks_add(counting_nt(css), NULL, 1);
		numtasks_add(counting_nt(old_css), NULL, -1);
	}
}

static int numtasks_max_show(struct container_subsys_state *css,
			     struct container_cftype *cft, struct seq_file *sf)
{
	int max = READ_ONCE(css_nt(css)->max);

	if (max == NUMTASKS_MAX)
		seq_puts(sf, "max\n");
	else
		seq_printf(sf, "%d\n", max);
	return 0;
}

static int numtasks_max_write(struct container_subsys_state *css,
			      struct container_cftype *cft, char *buf)
{
	unsigned int max;

	if (!strcmp(buf, "max"))
		max = NUMTASKS_MAX;
	else if (kstrtouint(buf, 10, &max) || max > PID_MAX_LIMIT)
		return -EINVAL;
	WRITE_ONCE(css_nt(css)->max, max);
	return 0;
}

static s64 numtasks_current_read(struct container_subsys_state *css,
				 struct container_cftype *cft)
{
	return atomic_read(&css_nt(css)->current_tasks);
}

static u64 numtasks_failcnt_read(struct container_subsys_state *css,
				 struct container_cftype *cft)
{
	return atomic64_read(&css_nt(css)->failcnt);
}

static int numtasks_forkrate_show(struct container_subsys_state *css,
				  struct container_cftype *cft,
				  struct seq_file *sf)
{
	struct numtasks_rate *rate;

	rcu_read_lock();
	rate = rcu_dereference(css_nt(css)->rate);
	if (!rate)
		seq_puts(sf, "max\n");
	else
		seq_printf(sf, "%u/%u\n", rate->n, rate->s);
	rcu_read_unlock();
	return 0;
}

/* "max", or "N/S" with N in 0..PID_MAX_LIMIT and S in 1..3600 */
static int numtasks_forkrate_write(struct container_subsys_state *css,
				   struct container_cftype *cft, char *buf)
{
	struct numtasks *nt = css_nt(css);
	struct numtasks_rate *rate = NULL, *old;
	unsigned int n, s;
	char *slash;

	if (strcmp(buf, "max")) {
		slash = strchr(buf, '/');
		if (!slash)
			return -EINVAL;
		*slash = '\0';
		if (kstrtouint(buf, 10, &n) || n > PID_MAX_LIMIT ||
		    kstrtouint(slash + 1, 10, &s) || !s ||
		    s > NUMTASKS_MAX_SECONDS)
			return -EINVAL;
		rate = kzalloc(sizeof(*rate), GFP_KERNEL);
		if (!rate)
			return -ENOMEM;
		rate->n = n;
		rate->s = s;
		if (n) {
			rate->t = DIV_ROUND_UP_ULL((u64)s * NSEC_PER_SEC, n);
			rate->burst = n * rate->t;
		}
	}
	/* a new rate starts with a full bucket */
	old = rcu_replace_pointer(nt->rate, NULL, container_lock_is_held());
	atomic64_set(&nt->tat, 0);
	rcu_assign_pointer(nt->rate, rate);
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

static struct container_cftype numtasks_files[] = {
	{
		.name = "max",
		.flags = CONTAINER_CFTYPE_NOT_ON_ROOT,
		.seq_show = numtasks_max_show,
		.write_string = numtasks_max_write,
	},
	{
		.name = "current",
		.flags = CONTAINER_CFTYPE_NOT_ON_ROOT,
		.read_s64 = numtasks_current_read,
	},
	{
		.name = "failcnt",
		.flags = CONTAINER_CFTYPE_NOT_ON_ROOT,
		.read_u64 = numtasks_failcnt_read,
	},
	{
		.name = "forkrate",
		.flags = CONTAINER_CFTYPE_NOT_ON_ROOT,
		.seq_show = numtasks_forkrate_show,
		.write_string = numtasks_forkrate_write,
	},
	{ }
};

struct container_subsys numtasks_subsys = {
	.name		= "numtasks",
	.subsys_id	= numtasks_subsys_id,
	.create		= numtasks_create,
	.destroy	= numtasks_destroy,
	.attach		= numtasks_attach,
	.can_fork	= numtasks_can_fork,
	.cancel_fork	= numtasks_cancel_fork,
	.release	= numtasks_release,
	.files		= numtasks_files,
};
