// SPDX-License-Identifier: GPL-2.0-only
/*
 * bc - BeanCounters over containers: open files charged to groups
 *
 * After OpenVZ's BeanCounters, the second resource controller of the 2007
 * series: each resource of a group keeps what it holds, the highest and
 * lowest it held, a barrier, a limit and a count of refusals.  One
 * resource is implemented, numfiles: the struct files in existence that
 * tasks of the group and its descendants allocated.
 *
 * Files, in every group, for a resource RES:
 *
 *  bc.RES.held
 *	What the group and its descendants hold now.
 *
 *  bc.RES.maxheld, bc.RES.minheld
 *	The highest and lowest held since the group was made, or since 0
 *	was last written to the file, which sets it to held.
 *
 *  bc.RES.barrier, bc.RES.limit
 *	"max" (the default) or a number.  A charge that would take held
 *	above the barrier fails for a task without CAP_SYS_ADMIN, one above
 *	the limit fails for every task.  Not writable in a hierarchy's top
 *	group (EINVAL); a barrier above the limit is EINVAL.  Lowering either
 *	below held takes nothing away, it only refuses new charges.
 *
 *  bc.RES.failcnt
 *	The charges that this group's barrier or limit refused.
 *
 * A file is charged when it is allocated (alloc_empty_file(): open, exec,
 * pipes, sockets, epoll, anonymous inodes ...) to the group of the task
 * allocating it and each ancestor, top included, and the file keeps a
 * reference to that state; the charge goes back when the file is freed.
 * Moving the task or passing the descriptor to another task changes
 * nothing, and a removed group lives on, uncounted in any directory, until
 * its last file is freed.  A charge refused by a level fails the open with
 * ENFILE, as the kernel's own file-max does, and leaves the levels below
 * as they were.  Files allocated while bc was not bound to a mounted
 * hierarchy are charged nowhere.
 *
 * Cost: unbound, a patched-out jump on allocation and a test on free.
 * Bound, on allocation and on free one atomic per level and no lock, plus
 * the reference on the group's state (a per-CPU count).
 */

#include <linux/atomic.h>
#include <linux/capability.h>
#include <linux/container.h>
#include <linux/container_bc.h>
#include <linux/fs.h>
#include <linux/jump_label.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#define BC_MAX		LONG_MAX	/* "max": no barrier or limit */

/* the resources; each has the six files of its name, see bc_files[] */
enum bc_resource {
	BC_NUMFILES,
	BC_NR_RESOURCES
};

/**
 * struct bc_counter - one resource of one group
 * @held: charged here and below; changed without a lock
 * @maxheld: the highest @held seen since creation or the last reset
 * @minheld: the lowest @held seen since creation or the last reset
 * @barrier: the bound for tasks without CAP_SYS_ADMIN, BC_MAX for none
 * @limit: the bound for every task, BC_MAX for none; @barrier <= @limit,
 *	both changed under container_lock()
 * @failcnt: the charges refused here
 */
struct bc_counter {
	atomic_long_t held;
	atomic_long_t maxheld;
	atomic_long_t minheld;
	long barrier;
	long limit;
	atomic_long_t failcnt;
};

/**
 * struct bc - a group's bc state
 * @css: the framework's part
 * @res: its resources
 */
struct bc {
	struct container_subsys_state css;
	struct bc_counter res[BC_NR_RESOURCES];
};

DEFINE_STATIC_KEY_FALSE(container_bc_key);

static inline struct bc *css_bc(struct container_subsys_state *css)
{
	return container_of(css, struct bc, css);
}

static inline struct bc_counter *
css_counter(struct container_subsys_state *css, struct container_cftype *cft)
{
	return &css_bc(css)->res[cft->private];
}

static struct container_subsys_state *
bc_create(struct container_subsys_state *parent)
{
	struct bc *bc = kzalloc(sizeof(*bc), GFP_KERNEL);
	int i;

	if (!bc)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < BC_NR_RESOURCES; i++) {
		bc->res[i].barrier = BC_MAX;
		bc->res[i].limit = BC_MAX;
	}
	return &bc->css;
}

/* the framework calls this once nothing holds the state: no charge is left */
static void bc_destroy(struct container_subsys_state *css)
{
	kfree(css_bc(css));
}

/* bring @mark up (@up) or down to @held, unless it is there already */
static void bc_move_mark(atomic_long_t *mark, long held, bool up)
{
	long old = atomic_long_read(mark);

	while (up ? held > old : held < old)
		if (atomic_long_try_cmpxchg(mark, &old, held))
			break;
}

/*
 * Count one more in @c unless that takes it over its bound: the barrier
 * for most, the limit for CAP_SYS_ADMIN, asked only when the barrier is
 * reached (*@admin: -1 not asked yet, else the answer), so that an
 * ordinary charge asks nothing.  A compare-and-exchange, so that
 * concurrent charges never take held over the bound, not even for a
 * moment.
 */
static bool bc_try_charge(struct bc_counter *c, int *admin)
{
	long held = atomic_long_read(&c->held);
	long bound;

	do {
		bound = READ_ONCE(c->barrier);
		if (held >= bound) {
			/* as alloc_empty_file() asks before passing file-max */
			if (*admin < 0)
				*admin = capable(CAP_SYS_ADMIN);
			if (*admin)
				bound = READ_ONCE(c->limit);
			if (held >= bound)
				return false;
		}
	} while (!atomic_long_try_cmpxchg(&c->held, &held, held + 1));
	return true;
}

/*
 * Charge one of resource @r to @css and each ancestor.  When a level
 * refuses, it counts a failure and the levels below get their charge back;
 * maxheld moves only once every level took the charge, so that it never
 * shows a count that was refused.
 */
static int bc_charge(struct container_subsys_state *css, enum bc_resource r)
{
	struct container_subsys_state *pos, *stop;
	struct bc_counter *c;
	int admin = -1;

	for (pos = css; pos; pos = pos->parent) {
		c = &css_bc(pos)->res[r];
		if (!bc_try_charge(c, &admin))
			goto refuse;
	}
	for (pos = css; pos; pos = pos->parent) {
		c = &css_bc(pos)->res[r];
		bc_move_mark(&c->maxheld, atomic_long_read(&c->held), true);
	}
	return 0;

refuse:
	atomic_long_inc(&c->failcnt);
	for (stop = pos, pos = css; pos != stop; pos = pos->parent)
		atomic_long_dec(&css_bc(pos)->res[r].held);
	return -ENFILE;
}

static void bc_uncharge(struct container_subsys_state *css, enum bc_resource r)
{
	struct bc_counter *c;

	for (; css; css = css->parent) {
		c = &css_bc(css)->res[r];
		bc_move_mark(&c->minheld, atomic_long_dec_return(&c->held),
			     false);
	}
}

/**
 * __container_bc_charge_file - charge a new file, bc bound
 * @file: the file
 *
 * See container_bc_charge_file().  The file keeps the reference to the
 * state that container_task_get_css() takes, so the state outlives the
 * task's membership and the group.
 *
 * Return: 0, or -ENFILE.
 */
int __container_bc_charge_file(struct file *file)
{
	struct container_subsys_state *css;
	int ret;

	css = container_task_get_css(current, bc_subsys_id);
	ret = bc_charge(css, BC_NUMFILES);
	if (ret) {
		container_css_put(css);
		return ret;
	}
	file->f_bc = css;
	return 0;
}

/**
 * __container_bc_uncharge_file - give back a file's charge
 * @css: the state that the file carries
 *
 * From file_free(), in any context that frees files.
 */
void __container_bc_uncharge_file(struct container_subsys_state *css)
{
	bc_uncharge(css, BC_NUMFILES);
	container_css_put(css);
}

/*
 * Charging is on while a mounted hierarchy has bc.  The top state is the
 * same in every hierarchy, so the files charged to it before stay there.
 */
static void bc_bind(struct container_subsys_state *root_css)
{
	if (container_hierarchy_id(root_css->container))
		static_branch_enable(&container_bc_key);
	else
		static_branch_disable(&container_bc_key);
}

static s64 bc_held_read(struct container_subsys_state *css,
			struct container_cftype *cft)
{
	return atomic_long_read(&css_counter(css, cft)->held);
}

static s64 bc_maxheld_read(struct container_subsys_state *css,
			   struct container_cftype *cft)
{
	return atomic_long_read(&css_counter(css, cft)->maxheld);
}

static s64 bc_minheld_read(struct container_subsys_state *css,
			   struct container_cftype *cft)
{
	return atomic_long_read(&css_counter(css, cft)->minheld);
}

static u64 bc_failcnt_read(struct container_subsys_state *css,
			   struct container_cftype *cft)
{
	return atomic_long_read(&css_counter(css, cft)->failcnt);
}

/* only 0 may be written to a mark: it starts again from held */
static int bc_mark_reset(atomic_long_t *mark, struct bc_counter *c, u64 val)
{
	if (val)
		return -EINVAL;
	atomic_long_set(mark, atomic_long_read(&c->held));
	return 0;
}

static int bc_maxheld_write(struct container_subsys_state *css,
			    struct container_cftype *cft, u64 val)
{
	struct bc_counter *c = css_counter(css, cft);

	return bc_mark_reset(&c->maxheld, c, val);
}

static int bc_minheld_write(struct container_subsys_state *css,
			    struct container_cftype *cft, u64 val)
{
	struct bc_counter *c = css_counter(css, cft);

	return bc_mark_reset(&c->minheld, c, val);
}

static void bc_bound_show(struct seq_file *sf, long bound)
{
	if (bound == BC_MAX)
		seq_puts(sf, "max\n");
	else
		seq_printf(sf, "%ld\n", bound);
}

static int bc_barrier_show(struct container_subsys_state *css,
			   struct container_cftype *cft, struct seq_file *sf)
{
	bc_bound_show(sf, READ_ONCE(css_counter(css, cft)->barrier));
	return 0;
}

static int bc_limit_show(struct container_subsys_state *css,
			 struct container_cftype *cft, struct seq_file *sf)
{
	bc_bound_show(sf, READ_ONCE(css_counter(css, cft)->limit));
	return 0;
}

/* "max" or a number up to BC_MAX; not in a top group, which has no bounds */
static int bc_bound_parse(struct container_subsys_state *css, char *buf,
			  long *bound)
{
	unsigned long val;

	if (container_css_is_top(css))
		return -EINVAL;
	if (!strcmp(buf, "max"))
		val = BC_MAX;
	else if (kstrtoul(buf, 10, &val) || val > BC_MAX)
		return -EINVAL;
	*bound = val;
	return 0;
}

/* writes are serialized by container_lock(), which keeps barrier <= limit */
static int bc_barrier_write(struct container_subsys_state *css,
			    struct container_cftype *cft, char *buf)
{
	struct bc_counter *c = css_counter(css, cft);
	long barrier;
	int ret;

	lockdep_assert(container_lock_is_held());
	ret = bc_bound_parse(css, buf, &barrier);
	if (ret)
		return ret;
	if (barrier > c->limit)
		return -EINVAL;
	WRITE_ONCE(c->barrier, barrier);
	return 0;
}

static int bc_limit_write(struct container_subsys_state *css,
			  struct container_cftype *cft, char *buf)
{
	struct bc_counter *c = css_counter(css, cft);
	long limit;
	int ret;

	lockdep_assert(container_lock_is_held());
	ret = bc_bound_parse(css, buf, &limit);
	if (ret)
		return ret;
	if (limit < c->barrier)
		return -EINVAL;
	WRITE_ONCE(c->limit, limit);
	return 0;
}

/* a resource's six files; a new resource adds its enum value and these */
static struct container_cftype bc_files[] = {
	{
		.name = "numfiles.held",
		.private = BC_NUMFILES,
		.read_s64 = bc_held_read,
	},
	{
		.name = "numfiles.maxheld",
		.private = BC_NUMFILES,
		.read_s64 = bc_maxheld_read,
		.write_u64 = bc_maxheld_write,
	},
	{
		.name = "numfiles.minheld",
		.private = BC_NUMFILES,
		.read_s64 = bc_minheld_read,
		.write_u64 = bc_minheld_write,
	},
	{
		.name = "numfiles.barrier",
		.private = BC_NUMFILES,
		.seq_show = bc_barrier_show,
		.write_string = bc_barrier_write,
	},
	{
		.name = "numfiles.limit",
		.private = BC_NUMFILES,
		.seq_show = bc_limit_show,
		.write_string = bc_limit_write,
	},
	{
		.name = "numfiles.failcnt",
		.private = BC_NUMFILES,
		.read_u64 = bc_failcnt_read,
	},
	{ }
};

struct container_subsys bc_subsys = {
	.name		= "bc",
	.subsys_id	= bc_subsys_id,
	.create		= bc_create,
	.destroy	= bc_destroy,
	.bind		= bc_bind,
	.files		= bc_files,
};
