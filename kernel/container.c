// SPDX-License-Identifier: GPL-2.0
/*
 * Generic process containers
 *
 * A container is a group of tasks.  Containers form hierarchies; each
 * hierarchy is one mount of the "container" filesystem, in which every
 * directory is a container and the top directory holds every task at
 * first.  Subsystems (cpuset, cpuacct, ...) bind to at most one hierarchy
 * each and keep per-container state that applies to the container's tasks.
 * Documentation/containers.txt describes the user interface and the
 * subsystem API.
 *
 * This file is the core: groups, the css_groups that tasks point to,
 * moving tasks, fork and exit, and release notification, in the order
 * data flows.  kernel/container_fs.c is the filesystem side: mount
 * options, hierarchies' kernfs trees, control files, the tasks and procs
 * files and /proc; kernel/container_internal.h is what the two share.
 *
 * Locking:
 *
 *  - container_mutex (container_lock()) serializes every change of the
 *    container trees and of task membership: mount, remount, umount,
 *    mkdir, rmdir, moves, and the write handlers of control files.
 *  - container_threadgroup_rwsem, a per-CPU rwsem, holds forks off while
 *    tasks move.  Fork read-holds it from container_can_fork() until the
 *    child is placed and visible (container_post_fork()), so a child's
 *    groups are decided once and a mover never sees a half-made task; the
 *    exit callbacks read-hold it too, so that they never come before an
 *    attach of the same task.  Every move write-holds it, inside
 *    container_mutex, from can_attach to attach.  Nothing that holds it
 *    for writing may wait for a fork: no work items, no kthreads.
 *  - css_group_lock, a spinlock, protects the css_group table and each
 *    container's nr_groups.  It is taken when a css_group is made or
 *    freed and when one gains its first member task or loses its last,
 *    never on an ordinary fork or exit.
 *  - task->alloc_lock (task_lock()) orders changes of task->containers
 *    against exit.  Readers use RCU.
 *
 * Kernfs holds an "active reference" on a node while one of our callbacks
 * runs, and removing the node waits for these.  A callback that takes
 * container_mutex must first break that protection (see live_begin() in
 * kernel/container_fs.c); otherwise rmdir, which removes nodes under
 * container_mutex, would deadlock against it.
 */

#define pr_fmt(fmt) "container: " fmt

#include <linux/container.h>
#include <linux/hash.h>
#include <linux/hashtable.h>
#include <linux/kernfs.h>
#include <linux/mutex.h>
#include <linux/percpu-rwsem.h>
#include <linux/sched/signal.h>
#include <linux/sched/stat.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/umh.h>

#include "container_internal.h"

/* -------------------------------------------------------------------------
 * State and locking
 */

/* container_lock(): see "Locking" above */
DEFINE_MUTEX(container_mutex);
static DEFINE_SPINLOCK(css_group_lock);
DEFINE_SPINLOCK(container_release_agent_lock);
static DEFINE_SPINLOCK(release_list_lock);
DEFINE_STATIC_PERCPU_RWSEM(container_threadgroup_rwsem);

/* in the order of container_subsys.h, which is the order of the ids */
#define SUBSYS(_x) (&_x ## _subsys),
struct container_subsys *container_subsys_table[CONTAINER_SUBSYS_COUNT] = {
#include <linux/container_subsys.h>
};

#undef SUBSYS

/*
 * The default hierarchy (id 0) holds every subsystem that no mount has
 * bound.  It has only its top container and no filesystem.
 */
struct container_root container_default_root;

/* the hierarchies by id; slot 0 is the default hierarchy */
struct container_root *container_hierarchies[CONTAINER_MAX_HIERARCHIES] = {
	[0] = &container_default_root,
};

/*
 * The css_group of init_task and of every reaped task: all top containers.
 * It is never reference-counted, so a fork in the top containers touches
 * no shared cache line; its counts stay at their initial values.
 */
static struct css_group init_css_group = {
	.refcount = REFCOUNT_INIT(1),
	.nr_tasks = ATOMIC_INIT(1),
};

#define CSS_GROUP_HASH_BITS	7
static DEFINE_HASHTABLE(css_group_table, CSS_GROUP_HASH_BITS);

/* subsystems with each task callback, so the hot paths skip the rest */
static unsigned long subsys_can_fork_mask;
static unsigned long subsys_fork_mask;
static unsigned long subsys_exit_mask;
static unsigned long subsys_release_mask;
static unsigned long subsys_fork_clone_mask;

/*
 * The subsystems bound to a mounted hierarchy.  Only those see the task
 * callbacks: an unbound subsystem costs a fork or an exit one test of
 * this word.  Changed with moves held off (write-held threadgroup rwsem),
 * so a fork sees the same set from can_fork() to fork(); exit and release
 * read it without a lock, and may see a subsystem that is just being
 * bound or unbound, whose tasks are all in a top container then.
 */
static unsigned long subsys_bound_mask;

/* the subsystems with callback @mask that are bound */
static inline unsigned long bound_subsys(unsigned long mask)
{
	return READ_ONCE(subsys_bound_mask) & mask;
}

/* counts for the debug subsystem and the leak tests */
atomic_t container_nr_css_groups = ATOMIC_INIT(1);
atomic_t container_nr_containers = ATOMIC_INIT(0);
atomic_t container_nr_css = ATOMIC_INIT(0);

/**
 * container_lock - take the lock that serializes container changes
 *
 * Held, it keeps every hierarchy, container and task membership as it is:
 * mount, umount, remount, mkdir, rmdir and attach all take it.  It may be
 * held for a long time and may sleep; do not take it on a hot path.
 */
void container_lock(void)
{
	mutex_lock(&container_mutex);
}

/**
 * container_unlock - release container_lock()
 */
void container_unlock(void)
{
	mutex_unlock(&container_mutex);
}

/**
 * container_lock_is_held - for lockdep assertions
 *
 * Return: true if container_lock() may be held by the current task.
 */
bool container_lock_is_held(void)
{
#ifdef CONFIG_LOCKDEP
	return lockdep_is_held(&container_mutex);
#else
	return mutex_is_locked(&container_mutex);
#endif
}

/**
 * container_put - drop a reference to a container's structure
 * @cont: the container
 *
 * A container's structure stays while its subsystem states or a child's
 * do; a hierarchy's stays while its top container does.
 */
void container_put(struct container *cont)
{
	struct container *parent = cont->parent;

	if (!refcount_dec_and_test(&cont->refcnt))
		return;
	if (!parent) {
		kfree_rcu(cont->root, top.rcu_head);
		return;
	}
	kernfs_put(cont->populated_kn);
	kernfs_put(cont->kn);
	atomic_dec(&container_nr_containers);
	kfree_rcu(cont, rcu_head);
	container_put(parent);
}

/**
 * css_group_container - the container of a css_group in a hierarchy
 * @cg: the css_group
 * @root: the hierarchy
 *
 * A zombie's css_group may name a removed container of a hierarchy
 * destroyed since, whose id @root now has: the zombie is in no container
 * of @root, so it shows at the top.
 *
 * Return: the container, @root's top for none.
 */
struct container *css_group_container(struct css_group *cg,
				      struct container_root *root)
{
	struct container *cont = cg->conts[root->hierarchy_id];

	return cont && cont->root == root ? cont : &root->top;
}

/* -------------------------------------------------------------------------
 * Hierarchies
 */

/**
 * container_init_one - set up a new container's structure
 * @cont: the zeroed structure
 * @root: its hierarchy
 * @parent: its parent, NULL for a hierarchy's top
 *
 * It inherits notify_on_release from @parent.
 */
void container_init_one(struct container *cont, struct container_root *root,
			struct container *parent)
{
	cont->root = root;
	cont->parent = parent;
	INIT_LIST_HEAD(&cont->sibling);
	INIT_LIST_HEAD(&cont->children);
	INIT_LIST_HEAD(&cont->release_list);
	refcount_set(&cont->refcnt, 1);
	if (parent && test_bit(CONT_NOTIFY_ON_RELEASE, &parent->flags))
		set_bit(CONT_NOTIFY_ON_RELEASE, &cont->flags);
}

/* move @ss's top state from its hierarchy's top to @to */
static void move_top_state(struct container_subsys *ss, struct container *to)
{
	struct container *from = &ss->root->top;
	int id = ss->subsys_id;

	to->subsys[id] = from->subsys[id];
	from->subsys[id] = NULL;
	to->subsys[id]->container = to;
	ss->root->subsys_mask &= ~BIT(id);
	to->root->subsys_mask |= BIT(id);
	ss->root = to->root;
	if (ss->bind)
		ss->bind(to->subsys[id]);
}

/**
 * container_rebind - give a hierarchy another set of subsystems
 * @root: the hierarchy
 * @mask: the subsystems it is to have
 *
 * Bind the subsystems in @mask to @root and send those of @root that are
 * not in @mask back to the default hierarchy, all or nothing.  Only
 * hierarchies without child containers change, so every task is in the
 * top container of both sides and no css_group needs to change: the top
 * state of each subsystem simply moves from one top to the other.
 *
 * The new files are made first (inactive: the root was created
 * deactivated); if one cannot be, the states go back and nothing the user
 * can see has changed.  Removing files cannot fail, so the subsystems
 * that leave go last.
 *
 * Return: 0, -EBUSY if a subsystem of @mask is bound elsewhere, or the
 * error of making a file.
 */
int container_rebind(struct container_root *root, unsigned long mask)
{
	unsigned long added = mask & ~root->subsys_mask;
	unsigned long removed = root->subsys_mask & ~mask;
	struct container_subsys *ss;
	int i, ret = 0;

	lockdep_assert_held(&container_mutex);

	for_each_subsys_in(ss, i, added)
		if (ss->root != &container_default_root)
			return -EBUSY;

	/* files after the states: a populate() may look at its root state */
	for_each_subsys_in(ss, i, added)
		move_top_state(ss, &root->top);
	if (root->kf_root) {
		for_each_subsys_in(ss, i, added) {
			ret = container_add_subsys_files(root->top.subsys[i]);
			if (ret)
				break;
		}
	}
	if (ret) {
		for_each_subsys_in(ss, i, added) {
			container_remove_top_files(root, ss);
			move_top_state(ss, &container_default_root.top);
		}
		return ret;
	}

	for_each_subsys_in(ss, i, removed) {
		container_remove_top_files(root, ss);
		move_top_state(ss, &container_default_root.top);
	}
	if (added | removed) {
		percpu_down_write(&container_threadgroup_rwsem);
		WRITE_ONCE(subsys_bound_mask,
			   (subsys_bound_mask | added) & ~removed);
		percpu_up_write(&container_threadgroup_rwsem);
	}
	if (root->kf_root)
		kernfs_activate(root->top.kn);
	return 0;
}

/* -------------------------------------------------------------------------
 * mkdir, rmdir and rename
 */

static void css_destroy_work(struct work_struct *work)
{
	struct container_subsys_state *css =
		container_of(to_rcu_work(work), struct container_subsys_state,
			     destroy_rwork);
	struct container *cont = css->container;
	struct container_subsys *ss = css->ss;

	struct container_subsys_state *parent = css->parent;

	mutex_lock(&container_mutex);
	percpu_ref_exit(&css->refcnt);
	ss->destroy(css);
	cont->subsys[ss->subsys_id] = NULL;
	mutex_unlock(&container_mutex);
	/* the parent's state outlives its children's */
	percpu_ref_put(&parent->refcnt);

	atomic_dec(&container_nr_css);
	container_put(cont);
}

/* the last reference to a removed container's state is gone */
static void css_release(struct percpu_ref *ref)
{
	struct container_subsys_state *css =
		container_of(ref, struct container_subsys_state, refcnt);

	INIT_RCU_WORK(&css->destroy_rwork, css_destroy_work);
	queue_rcu_work(system_wq, &css->destroy_rwork);
}

static int init_css(struct container_subsys_state *css,
		    struct container_subsys *ss, struct container *cont)
{
	int ret;

	css->container = cont;
	css->ss = ss;
	css->parent = cont->parent->subsys[ss->subsys_id];
	cont->subsys[ss->subsys_id] = css;
	ret = percpu_ref_init(&css->refcnt, css_release, 0, GFP_KERNEL);
	if (ret)
		return ret;
	percpu_ref_get(&css->parent->refcnt);
	container_get(cont);
	atomic_inc(&container_nr_css);
	return 0;
}

/**
 * container_make - make a child container
 * @parent: the parent, live
 * @name: the name of its directory
 * @mode: the directory's mode
 *
 * The new container gets a state from each of the hierarchy's subsystems
 * and its files, or nothing is left.
 *
 * Return: the container, or an ERR_PTR.
 */
struct container *container_make(struct container *parent, const char *name,
				 umode_t mode)
{
	struct container_root *root = parent->root;
	struct container_subsys *ss;
	struct container *cont;
	struct kernfs_node *kn;
	int i, ret;

	lockdep_assert_held(&container_mutex);

	cont = kzalloc(sizeof(*cont), GFP_KERNEL);
	if (!cont)
		return ERR_PTR(-ENOMEM);
	container_init_one(cont, root, parent);
	atomic_inc(&container_nr_containers);

	/* like its files, the directory belongs to whoever made it */
	kn = kernfs_create_dir_ns(parent->kn, name, mode, current_fsuid(),
				  current_fsgid(), cont, NULL);
	if (IS_ERR(kn)) {
		atomic_dec(&container_nr_containers);
		kfree(cont);
		return ERR_CAST(kn);
	}
	kernfs_get(kn);
	cont->kn = kn;
	container_get(parent);

	for_each_root_subsys(root, ss, i) {
		struct container_subsys_state *css = ss->create(parent->subsys[i]);

		if (IS_ERR(css)) {
			ret = PTR_ERR(css);
			goto err;
		}
		ret = init_css(css, ss, cont);
		if (ret) {
			ss->destroy(css);
			cont->subsys[i] = NULL;
			goto err;
		}
	}

	ret = container_populate_dir(cont);
	if (ret)
		goto err;

	list_add_tail(&cont->sibling, &parent->children);
	root->nr_containers++;
	kernfs_activate(kn);
	return cont;

err:
	kernfs_remove(kn);
	for_each_root_subsys(root, ss, i) {
		if (!cont->subsys[i])
			continue;
		percpu_ref_exit(&cont->subsys[i]->refcnt);
		percpu_ref_put(&cont->subsys[i]->parent->refcnt);
		ss->destroy(cont->subsys[i]);
		cont->subsys[i] = NULL;
		atomic_dec(&container_nr_css);
		refcount_dec(&cont->refcnt);
	}
	container_put(cont);
	return ERR_PTR(ret);
}

static void check_for_release(struct container *cont);

/**
 * container_remove - take an empty container away
 * @cont: the container
 *
 * The directory goes at once; the subsystems' states go when their last
 * reference does.
 *
 * Return: 0, or -EBUSY while it has tasks or children.
 */
int container_remove(struct container *cont)
{
	struct container *parent = cont->parent;
	struct container_subsys *ss;
	bool busy;
	int i;

	lockdep_assert_held(&container_mutex);

	spin_lock(&css_group_lock);
	busy = cont->nr_groups || !list_empty(&cont->children);
	spin_unlock(&css_group_lock);
	if (busy)
		return -EBUSY;

	set_bit(CONT_REMOVED, &cont->flags);
	list_del_init(&cont->sibling);
	cont->root->nr_containers--;

	spin_lock(&release_list_lock);
	list_del_init(&cont->release_list);
	spin_unlock(&release_list_lock);

	kernfs_remove(cont->kn);
	for_each_root_subsys(cont->root, ss, i) {
		percpu_ref_kill(&cont->subsys[i]->refcnt);
		if (ss->offline)
			ss->offline(cont->subsys[i]);
	}

	check_for_release(parent);
	container_put(cont);
	return 0;
}

/* -------------------------------------------------------------------------
 * css_groups
 */

/*
 * The table key of a css_group's contents: its states and its containers
 * below the hierarchies' tops, folded into one word and hashed.
 */
static u32 css_group_key(struct container_subsys_state **css,
			 struct container **conts)
{
	unsigned long fold = 0;
	int i;

	for (i = 0; i < CONTAINER_SUBSYS_COUNT; i++)
		fold = fold * 31 + (unsigned long)css[i];
	for (i = 1; i < CONTAINER_MAX_HIERARCHIES; i++)
		fold = fold * 31 + (unsigned long)conts[i];
	return hash_long(fold, 32);
}

static void get_css_group(struct css_group *cg)
{
	if (cg != &init_css_group)
		refcount_inc(&cg->refcount);
}

/* the references a css_group holds on the states and containers it names */
static void css_group_pin(struct css_group *cg, bool pin)
{
	int i;

	for (i = 0; i < CONTAINER_SUBSYS_COUNT; i++) {
		if (!cg->subsys[i])
			continue;
		if (pin)
			percpu_ref_get(&cg->subsys[i]->refcnt);
		else
			percpu_ref_put(&cg->subsys[i]->refcnt);
	}
	for (i = 1; i < CONTAINER_MAX_HIERARCHIES; i++) {
		if (!cg->conts[i])
			continue;
		if (pin)
			container_get(cg->conts[i]);
		else
			container_put(cg->conts[i]);
	}
}

/*
 * Drop a reference.  Only the last one takes css_group_lock, to take the
 * group out of the table before anyone finds it there again; as long as a
 * group keeps tasks, this is one atomic.  Process context.
 */
static void put_css_group(struct css_group *cg)
{
	/* __cond_lock() tells sparse when the lock is taken */
	if (cg == &init_css_group ||
	    !__cond_lock(&css_group_lock,
			 refcount_dec_and_lock(&cg->refcount, &css_group_lock)))
		return;
	hash_del(&cg->hlist);
	spin_unlock(&css_group_lock);

	css_group_pin(cg, false);
	atomic_dec(&container_nr_css_groups);
	kfree_rcu(cg, rcu_head);
}

/*
 * @cont gained (@delta 1) or lost (-1) a reason to be populated: tasks of
 * its own, or a populated child.  Where that changes whether it is
 * populated, its populated file is notified and its parent gains or loses
 * a reason in turn.  A hierarchy's top always holds tasks (init's at
 * least): it reads 1 and counts nothing.
 */
static void populated_change(struct container *cont, int delta)
{
	lockdep_assert_held(&css_group_lock);

	for (; !container_is_top(cont); cont = cont->parent) {
		bool was = cont->nr_populated;

		cont->nr_populated += delta;
		if (was == !!cont->nr_populated)
			break;
		container_notify_populated(cont);
	}
}

/*
 * A task becomes a member of @cg's containers (fork, or a move in).  The
 * first member makes the containers busy: each counts its css_groups that
 * have members in nr_groups, which rmdir, release notification and the
 * populated file read.
 */
static void css_group_add_task(struct css_group *cg)
{
	int i;

	if (cg == &init_css_group || atomic_inc_not_zero(&cg->nr_tasks))
		return;
	spin_lock(&css_group_lock);
	if (atomic_inc_return(&cg->nr_tasks) == 1) {
		for (i = 1; i < CONTAINER_MAX_HIERARCHIES; i++)
			if (cg->conts[i] && !cg->conts[i]->nr_groups++)
				populated_change(cg->conts[i], 1);
	}
	spin_unlock(&css_group_lock);
}

/* a member leaves (exit, a failed fork, or a move out) */
static void css_group_remove_task(struct css_group *cg)
{
	int i;

	if (cg == &init_css_group ||
	    !atomic_dec_and_lock(&cg->nr_tasks, &css_group_lock))
		return;
	for (i = 1; i < CONTAINER_MAX_HIERARCHIES; i++) {
		struct container *cont = cg->conts[i];

		if (cont && !--cont->nr_groups) {
			populated_change(cont, -1);
			check_for_release(cont);
		}
	}
	spin_unlock(&css_group_lock);
}

/*
 * The css_group for a task that is in @old and moves to @cont: found in
 * the table if one exists, otherwise made.  Returns it with a reference,
 * or NULL without memory.
 */
static struct css_group *find_css_group(struct css_group *old,
					struct container *cont)
{
	struct container_subsys_state *css[CONTAINER_SUBSYS_COUNT];
	struct container *conts[CONTAINER_MAX_HIERARCHIES];
	struct container_root *root = cont->root;
	struct container_subsys *ss;
	struct css_group *cg;
	u32 key;
	int i;

	lockdep_assert_held(&container_mutex);

	memcpy(css, old->subsys, sizeof(css));
	memcpy(conts, old->conts, sizeof(conts));
	conts[root->hierarchy_id] = container_is_top(cont) ? NULL : cont;
	for_each_root_subsys(root, ss, i)
		css[i] = cont->subsys[i];
	key = css_group_key(css, conts);

	spin_lock(&css_group_lock);
	hash_for_each_possible(css_group_table, cg, hlist, key) {
		if (memcmp(cg->subsys, css, sizeof(css)) ||
		    memcmp(cg->conts, conts, sizeof(conts)))
			continue;
		if (cg == &init_css_group ||
		    refcount_inc_not_zero(&cg->refcount)) {
			spin_unlock(&css_group_lock);
			return cg;
		}
	}
	spin_unlock(&css_group_lock);

	cg = kzalloc(sizeof(*cg), GFP_KERNEL);
	if (!cg)
		return NULL;
	refcount_set(&cg->refcount, 1);
	memcpy(cg->subsys, css, sizeof(css));
	memcpy(cg->conts, conts, sizeof(conts));
	css_group_pin(cg, true);
	atomic_inc(&container_nr_css_groups);

	spin_lock(&css_group_lock);
	hash_add(css_group_table, &cg->hlist, key);
	spin_unlock(&css_group_lock);
	return cg;
}

/* -------------------------------------------------------------------------
 * Moving tasks
 *
 * Every move goes through container_migrate(): the tasks file and the
 * procs file, container_attach_task(), container_transfer_tasks() (CPU
 * hotplug) and container_clone().  The caller holds container_mutex and
 * container_threadgroup_rwsem for writing (lock_moves()), so neither the
 * set of tasks nor the groups of their parents change: a fork either
 * finished before (its child is in the set if its parent is) or starts
 * after, in the destination.  Every subsystem's can_attach() sees the
 * whole set before any task moves; then every task moves; then attach()
 * sees the set.  The slow part of a move, if any, waits for post_attach(),
 * after forks are let go (unlock_moves()).
 */

/**
 * struct container_mig - one task of a move
 * @tsk: the task, referenced
 * @from: its css_group when the move began, referenced
 * @to: the css_group it moves to, referenced; NULL if it stays
 */
struct container_mig {
	struct task_struct *tsk;
	struct css_group *from;
	struct css_group *to;
};

/**
 * struct container_taskset - the tasks of one move
 * @dst: the destination
 * @by_user: a write to tasks or procs asked for the move
 * @ssid: the subsystem whose callback is walking the set
 * @nr: entries in @tasks
 * @max: room in @tasks
 * @cursor: where the walk of container_taskset_next() is
 * @tasks: the entries; @one when there is only one
 * @one: room for a single task, with no allocation
 */
struct container_taskset {
	struct container *dst;
	bool by_user;
	int ssid;
	int nr;
	int max;
	int cursor;
	struct container_mig *tasks;
	struct container_mig one;
};

static void taskset_init(struct container_taskset *tset,
			 struct container *dst)
{
	memset(tset, 0, sizeof(*tset));
	tset->dst = dst;
	tset->tasks = &tset->one;
	tset->max = 1;
}

/* make room for @max tasks; the set must still be empty */
static int taskset_reserve(struct container_taskset *tset, int max)
{
	if (max <= tset->max)
		return 0;
	tset->tasks = kvcalloc(max, sizeof(*tset->tasks), GFP_KERNEL);
	if (!tset->tasks) {
		tset->tasks = &tset->one;
		return -ENOMEM;
	}
	tset->max = max;
	return 0;
}

/*
 * Add @tsk unless it has begun to exit: exit takes it out of its
 * containers' lists, and no move may touch it after that.  Forks are held
 * off, so its css_group cannot change until the commit.
 */
static void taskset_add(struct container_taskset *tset,
			struct task_struct *tsk)
{
	struct container_mig *m;

	if ((tsk->flags & PF_EXITING) || WARN_ON_ONCE(tset->nr == tset->max))
		return;
	m = &tset->tasks[tset->nr++];
	get_task_struct(tsk);
	m->tsk = tsk;
	task_lock(tsk);
	m->from = rcu_dereference_protected(tsk->containers,
					    lockdep_is_held(&tsk->alloc_lock));
	get_css_group(m->from);
	task_unlock(tsk);
}

static void taskset_free(struct container_taskset *tset)
{
	int i;

	for (i = 0; i < tset->nr; i++) {
		struct container_mig *m = &tset->tasks[i];

		if (m->to)
			put_css_group(m->to);
		put_css_group(m->from);
		put_task_struct(m->tsk);
	}
	if (tset->tasks != &tset->one)
		kvfree(tset->tasks);
	tset->nr = 0;
}

/* the next task of the set that moves, from the cursor on */
static struct task_struct *
taskset_walk(struct container_taskset *tset,
	     struct container_subsys_state **old_css)
{
	for (; tset->cursor < tset->nr; tset->cursor++) {
		struct container_mig *m = &tset->tasks[tset->cursor];

		if (!m->to)
			continue;
		*old_css = m->from->subsys[tset->ssid];
		tset->cursor++;
		return m->tsk;
	}
	return NULL;
}

/**
 * container_taskset_first - start a walk of a move's tasks
 * @tset: the set passed to the callback
 * @old_css: set to the calling subsystem's state the task moves out of
 *
 * Return: the first task that moves, or NULL.
 */
struct task_struct *
container_taskset_first(struct container_taskset *tset,
			struct container_subsys_state **old_css)
{
	tset->cursor = 0;
	return taskset_walk(tset, old_css);
}

/**
 * container_taskset_next - go on with a walk of a move's tasks
 * @tset: the set passed to the callback
 * @old_css: set to the calling subsystem's state the task moves out of
 *
 * Return: the next task that moves, or NULL at the end.
 */
struct task_struct *
container_taskset_next(struct container_taskset *tset,
		       struct container_subsys_state **old_css)
{
	return taskset_walk(tset, old_css);
}

/**
 * container_taskset_by_user - did user space ask for this move?
 * @tset: the set passed to the callback
 *
 * Return: true for a write to a tasks or procs file, false for a move the
 * kernel makes (container_clone(), CPU hotplug, container_attach_task()).
 */
bool container_taskset_by_user(const struct container_taskset *tset)
{
	return tset->by_user;
}

/* hold forks off for a move; container_mutex is held */
static void lock_moves(void)
{
	lockdep_assert_held(&container_mutex);
	percpu_down_write(&container_threadgroup_rwsem);
}

/* let forks go again, then let @root's subsystems finish their moves */
static void unlock_moves(struct container_root *root)
{
	struct container_subsys *ss;
	int i;

	percpu_up_write(&container_threadgroup_rwsem);
	for_each_root_subsys(root, ss, i)
		if (ss->post_attach)
			ss->post_attach();
}

/* undo the can_attach() of the subsystems of @root before @failed */
static void cancel_attach(struct container_taskset *tset,
			  struct container_subsys *failed)
{
	struct container_subsys *ss;
	int i;

	for_each_root_subsys(tset->dst->root, ss, i) {
		if (ss == failed)
			break;
		if (!ss->cancel_attach)
			continue;
		tset->ssid = i;
		ss->cancel_attach(tset->dst->subsys[i], tset);
	}
}

/*
 * Move the tasks of @tset, all or none: a task that started to exit
 * meanwhile stays behind, as it would have a moment later.
 * Return: 0, -ESRCH if no task of the set could be moved (all exiting),
 * -ENOMEM, or a subsystem's error.
 */
static int container_migrate(struct container_taskset *tset)
{
	struct container *dst = tset->dst;
	struct container_root *root = dst->root;
	struct container_subsys *ss;
	int i, moving = 0, ret;

	lockdep_assert_held(&container_mutex);
	percpu_rwsem_assert_held(&container_threadgroup_rwsem);

	if (!tset->nr)
		return -ESRCH;
	for (i = 0; i < tset->nr; i++) {
		struct container_mig *m = &tset->tasks[i];

		if (css_group_container(m->from, root) == dst)
			continue;
		m->to = find_css_group(m->from, dst);
		if (!m->to)
			return -ENOMEM;
		moving++;
	}
	if (!moving)
		return 0;

	for_each_root_subsys(root, ss, i) {
		if (!ss->can_attach)
			continue;
		tset->ssid = i;
		ret = ss->can_attach(dst->subsys[i], tset);
		if (ret) {
			cancel_attach(tset, ss);
			return ret;
		}
	}

	for (i = 0; i < tset->nr; i++) {
		struct container_mig *m = &tset->tasks[i];
		struct task_struct *tsk = m->tsk;
		bool exiting;

		if (!m->to)
			continue;
		task_lock(tsk);
		/* pairs with the task_lock() section of container_exit() */
		exiting = tsk->flags & PF_EXITING;
		if (!exiting)
			rcu_assign_pointer(tsk->containers, m->to);
		task_unlock(tsk);
		if (exiting) {
			put_css_group(m->to);
			m->to = NULL;
			continue;
		}
		/* the task's references: to @to, taken over, and to @from */
		css_group_add_task(m->to);
		css_group_remove_task(m->from);
		put_css_group(m->from);
		get_css_group(m->to);
	}

	for_each_root_subsys(root, ss, i) {
		if (!ss->attach)
			continue;
		tset->ssid = i;
		ss->attach(dst->subsys[i], tset);
	}
	return 0;
}

/**
 * container_move_task - move a task, or its whole process, into a container
 * @cont: the destination
 * @tsk: the task
 * @how: MOVE_PROCESS for every thread of @tsk's process, MOVE_BY_USER for
 *	a move that a write to tasks or procs asked for
 *
 * Return: 0, -ESRCH, -ENOMEM, or a subsystem's error.
 */
int container_move_task(struct container *cont, struct task_struct *tsk,
			unsigned int how)
{
	struct container_taskset tset;
	struct task_struct *t;
	int ret = 0;

	taskset_init(&tset, cont);
	tset.by_user = how & MOVE_BY_USER;
	lock_moves();
	if (how & MOVE_PROCESS) {
		/* forks are held off: the thread count cannot grow */
		ret = taskset_reserve(&tset, get_nr_threads(tsk));
		if (!ret) {
			rcu_read_lock();
			for_each_thread(tsk, t) {
				if (tset.nr == tset.max)
					break;
				taskset_add(&tset, t);
			}
			rcu_read_unlock();
		}
	} else {
		taskset_add(&tset, tsk);
	}
	if (!ret)
		ret = container_migrate(&tset);
	unlock_moves(cont->root);
	taskset_free(&tset);
	return ret;
}

/**
 * container_attach_task - move a task into a container
 * @cont: the destination
 * @tsk: the task
 *
 * Call under container_lock(); forks are held off meanwhile.  The
 * subsystems' can_attach() callbacks may refuse.  A task that is already
 * in @cont stays and succeeds.
 *
 * Return: 0, -ESRCH if the task is exiting, -ENOMEM, or a subsystem's
 * error.
 */
int container_attach_task(struct container *cont, struct task_struct *tsk)
{
	lockdep_assert_held(&container_mutex);
	return container_move_task(cont, tsk, 0);
}

/**
 * container_transfer_tasks - move every task of a container to another
 * @to: the destination, in the same hierarchy
 * @from: the container to empty
 *
 * Call under container_lock().  Forks are held off while the tasks are
 * gathered and moved, so a task forked meanwhile moves too: afterwards
 * @from holds no task (exiting ones apart).
 *
 * Return: 0, -ENOMEM, or a subsystem's error.
 */
int container_transfer_tasks(struct container *to, struct container *from)
{
	struct container_root *root = from->root;
	struct container_taskset tset;
	struct task_struct *g, *t;
	int ret;

	lockdep_assert_held(&container_mutex);
	if (WARN_ON_ONCE(to->root != root))
		return -EINVAL;

	taskset_init(&tset, to);
	lock_moves();
	/* forks are held off: nr_threads cannot grow */
	ret = taskset_reserve(&tset, nr_threads);
	if (!ret) {
		rcu_read_lock();
		for_each_process_thread(g, t) {
			if (css_group_container(task_css_group(t), root) != from)
				continue;
			if (tset.nr == tset.max)
				break;
			taskset_add(&tset, t);
		}
		rcu_read_unlock();
		ret = container_migrate(&tset);
		if (ret == -ESRCH)
			ret = 0;
	}
	unlock_moves(root);
	taskset_free(&tset);
	return ret;
}

/* -------------------------------------------------------------------------
 * Fork and exit
 */

/*
 * A child container for @tsk under @parent, named node_PID after the
 * task's pid in the initial pid namespace, with the post_clone()
 * callbacks run on it: what container_clone() moves a task into and a
 * fork_clone() fork starts in.
 */
static struct container *create_clone(struct container *parent,
				      struct task_struct *tsk)
{
	struct container_subsys *ss;
	struct container *cont;
	char name[24];
	int i;

	lockdep_assert_held(&container_mutex);

	snprintf(name, sizeof(name), "node_%d", task_pid_nr(tsk));
	cont = container_make(parent, name, 0755);
	if (IS_ERR(cont))
		return cont;
	for_each_root_subsys(parent->root, ss, i)
		if (ss->post_clone)
			ss->post_clone(cont->subsys[i]);
	return cont;
}

/*
 * Does @cg name a container made for a fork still under way?  Only the
 * forking child can be in one: moves are held off until the fork is done.
 */
static bool has_fork_clones(struct css_group *cg)
{
	int i;

	for (i = 1; i < CONTAINER_MAX_HIERARCHIES; i++)
		if (cg->conts[i] &&
		    test_bit(CONT_FORK_CLONE, &cg->conts[i]->flags))
			return true;
	return false;
}

/* the fork is done: its containers are like any other from now on */
static void clear_fork_clones(struct css_group *cg)
{
	int i;

	for (i = 1; i < CONTAINER_MAX_HIERARCHIES; i++)
		if (cg->conts[i])
			clear_bit(CONT_FORK_CLONE, &cg->conts[i]->flags);
}

/* remove the containers that were made for a fork that did not happen */
static void remove_fork_clones(struct css_group *cg)
{
	int i;

	lockdep_assert_held(&container_mutex);

	for (i = 1; i < CONTAINER_MAX_HIERARCHIES; i++) {
		struct container *cont = cg->conts[i];

		if (cont && test_and_clear_bit(CONT_FORK_CLONE, &cont->flags))
			container_remove(cont);
	}
}

/* the bound subsystems whose fork_clone() wants @child in a new container */
static unsigned long fork_clone_subsys(struct task_struct *child)
{
	unsigned long want = 0;
	struct container_subsys *ss;
	int i;

	for_each_subsys_in(ss, i, bound_subsys(subsys_fork_clone_mask))
		if (ss->fork_clone(child))
			want |= BIT(i);
	return want;
}

/*
 * Place @child in a new child container of its parent's in the hierarchy
 * of each subsystem in @want (fork_clone() said so).  Called before the
 * threadgroup rwsem is taken; takes it for reading, with container_mutex
 * held, as a move would (so the order of the two locks is a move's), and
 * returns with it held and the child placed, or with an errno and nothing
 * left behind.  The containers are flagged until the fork is done, so that
 * a failed fork removes them again.
 */
static int fork_into_clones(struct task_struct *child, unsigned long want)
{
	unsigned long done = 0;
	struct container_subsys *ss;
	struct css_group *cg, *next;
	int i, ret = 0;

	mutex_lock(&container_mutex);
	cg = rcu_dereference_protected(current->containers,
				       lockdep_is_held(&container_mutex));
	get_css_group(cg);
	/* still bound, now that binding cannot change */
	for_each_subsys_in(ss, i, want & subsys_bound_mask) {
		struct container_root *root = ss->root;
		struct container *cont;

		if (done & BIT(root->hierarchy_id))
			continue;
		cont = create_clone(css_group_container(cg, root), child);
		if (IS_ERR(cont)) {
			ret = PTR_ERR(cont);
			break;
		}
		set_bit(CONT_FORK_CLONE, &cont->flags);
		done |= BIT(root->hierarchy_id);
		next = find_css_group(cg, cont);
		if (!next) {
			container_remove(cont);
			ret = -ENOMEM;
			break;
		}
		put_css_group(cg);
		cg = next;
	}
	if (ret) {
		remove_fork_clones(cg);
		put_css_group(cg);
		mutex_unlock(&container_mutex);
		return ret;
	}
	percpu_down_read(&container_threadgroup_rwsem);
	css_group_add_task(cg);
	RCU_INIT_POINTER(child->containers, cg);
	mutex_unlock(&container_mutex);
	return 0;
}

/* a task's css_group, which cannot change while forks are held off */
static struct css_group *forking_css_group(struct task_struct *tsk)
{
	return rcu_dereference_protected(tsk->containers,
		percpu_rwsem_is_held(&container_threadgroup_rwsem));
}

/* run cancel_fork() for the subsystems in @mask */
static void cancel_fork_subsys(struct task_struct *child, unsigned long mask)
{
	struct css_group *cg = forking_css_group(child);
	struct container_subsys *ss;
	int i;

	for_each_subsys_in(ss, i, mask & bound_subsys(subsys_can_fork_mask))
		if (ss->cancel_fork)
			ss->cancel_fork(child, cg->subsys[i]);
}

/*
 * Take a failed fork's child out of its containers.  @child is not
 * visible; nobody else looks at its css_group.
 */
static void uncharge_fork(struct task_struct *child)
{
	struct css_group *cg = rcu_dereference_protected(child->containers, 1);

	RCU_INIT_POINTER(child->containers, &init_css_group);
	css_group_remove_task(cg);
	percpu_up_read(&container_threadgroup_rwsem);
	if (unlikely(has_fork_clones(cg))) {
		mutex_lock(&container_mutex);
		remove_fork_clones(cg);
		mutex_unlock(&container_mutex);
	}
	put_css_group(cg);
}

/**
 * container_can_fork - place a new task in its parent's containers
 * @child: the task being forked, not yet visible
 *
 * Called from copy_process() before the point of no return.  Holds moves
 * off until container_post_fork() or container_cancel_fork(), so that the
 * parent's containers, read here, are the child's for good (or new
 * children of them, where a subsystem's fork_clone() asks for it).  The
 * subsystems' can_fork() callbacks may refuse the fork.
 *
 * Return: 0, or the errno of the subsystem that refused.
 */
int container_can_fork(struct task_struct *child)
{
	unsigned long want = 0;
	struct container_subsys *ss;
	struct css_group *cg;
	int i, ret;

	if (unlikely(bound_subsys(subsys_fork_clone_mask)))
		want = fork_clone_subsys(child);
	if (unlikely(want)) {
		ret = fork_into_clones(child, want);
		if (ret)
			return ret;
	} else {
		percpu_down_read(&container_threadgroup_rwsem);
		cg = forking_css_group(current);
		get_css_group(cg);
		css_group_add_task(cg);
		RCU_INIT_POINTER(child->containers, cg);
	}

	cg = forking_css_group(child);
	for_each_subsys_in(ss, i, bound_subsys(subsys_can_fork_mask)) {
		ret = ss->can_fork(child, cg->subsys[i]);
		if (ret) {
			cancel_fork_subsys(child, BIT(i) - 1);
			uncharge_fork(child);
			return ret;
		}
	}
	return 0;
}

/**
 * container_cancel_fork - undo container_can_fork() for a failed fork
 * @child: the task that will not be
 *
 * The subsystems whose can_fork() allowed it see cancel_fork().
 */
void container_cancel_fork(struct task_struct *child)
{
	cancel_fork_subsys(child, ALL_SUBSYS_MASK);
	uncharge_fork(child);
}

/**
 * container_post_fork - the new task is visible: let moves go again
 * @child: the new task
 *
 * The subsystems' fork() callbacks run first, while the child cannot
 * have moved yet.
 */
void container_post_fork(struct task_struct *child)
{
	struct css_group *cg = forking_css_group(child);
	struct container_subsys *ss;
	int i;

	for_each_subsys_in(ss, i, bound_subsys(subsys_fork_mask))
		ss->fork(child, cg->subsys[i]);
	if (unlikely(bound_subsys(subsys_fork_clone_mask)) &&
	    has_fork_clones(cg))
		clear_fork_clones(cg);
	percpu_up_read(&container_threadgroup_rwsem);
}

/**
 * container_exit - an exiting task leaves its containers' task lists
 * @tsk: the task, PF_EXITING already set
 *
 * Movers skip a task with PF_EXITING; the task_lock() section orders this
 * against a move that committed just before.  The exit() callbacks run
 * with moves held off, so none of them comes before an attach() of the
 * same task.  The task keeps its states (and charges its CPU time to
 * them) until it is reaped: container_release().
 */
void container_exit(struct task_struct *tsk)
{
	struct container_subsys *ss;
	struct css_group *cg;
	int i;

	if (bound_subsys(subsys_exit_mask)) {
		percpu_down_read(&container_threadgroup_rwsem);
		cg = forking_css_group(tsk);
		for_each_subsys_in(ss, i, bound_subsys(subsys_exit_mask))
			ss->exit(tsk, cg->subsys[i]);
		percpu_up_read(&container_threadgroup_rwsem);
	}

	task_lock(tsk);
	cg = rcu_dereference_protected(tsk->containers,
				       lockdep_is_held(&tsk->alloc_lock));
	task_unlock(tsk);
	css_group_remove_task(cg);
}

/**
 * container_release - a reaped task lets go of its states
 * @tsk: the task, from release_task()
 *
 * The release() callbacks see the states the task exited in; then the
 * task points to init's css_group until it is freed.
 */
void container_release(struct task_struct *tsk)
{
	struct container_subsys *ss;
	struct css_group *cg;
	int i;

	/* an exited task moves no more: see container_migrate() */
	cg = rcu_dereference_protected(tsk->containers,
				       tsk->flags & PF_EXITING);
	for_each_subsys_in(ss, i, bound_subsys(subsys_release_mask))
		ss->release(tsk, cg->subsys[i]);

	task_lock(tsk);
	rcu_assign_pointer(tsk->containers, &init_css_group);
	task_unlock(tsk);
	put_css_group(cg);
}

/* -------------------------------------------------------------------------
 * Release notification
 */

static LIST_HEAD(release_list);
static void container_release_agent(struct work_struct *work);
static DECLARE_WORK(release_agent_work, container_release_agent);

/*
 * @cont may have become empty: if it has neither tasks nor children and
 * asks for notification, queue it for the release agent.  Any context;
 * the worker checks again under container_mutex.
 */
static void check_for_release(struct container *cont)
{
	if (!cont || container_is_top(cont) ||
	    !test_bit(CONT_NOTIFY_ON_RELEASE, &cont->flags) ||
	    container_is_removed(cont) || cont->nr_groups ||
	    !list_empty(&cont->children))
		return;

	spin_lock(&release_list_lock);
	if (list_empty(&cont->release_list))
		list_add_tail(&cont->release_list, &release_list);
	spin_unlock(&release_list_lock);
	schedule_work(&release_agent_work);
}

static void run_release_agent(char *agent, char *path)
{
	char *argv[3], *envp[3];
	int ret;

	argv[0] = agent;
	argv[1] = path;
	argv[2] = NULL;
	envp[0] = "HOME=/";
	envp[1] = "PATH=/sbin:/bin:/usr/sbin:/usr/bin";
	envp[2] = NULL;

	ret = call_usermodehelper(agent, argv, envp, UMH_WAIT_EXEC);
	if (ret)
		pr_warn_ratelimited("release agent %s %s failed: %d\n",
				    agent, path, ret);
}

static void container_release_agent(struct work_struct *work)
{
	char *agent, *path;

	agent = kmalloc(PATH_MAX, GFP_KERNEL);
	path = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!agent || !path)
		goto out;

	mutex_lock(&container_mutex);
	for (;;) {
		struct container *cont;
		bool empty;

		spin_lock(&release_list_lock);
		cont = list_first_entry_or_null(&release_list,
						struct container, release_list);
		if (cont)
			list_del_init(&cont->release_list);
		spin_unlock(&release_list_lock);
		if (!cont)
			break;

		spin_lock(&container_release_agent_lock);
		strscpy(agent, cont->root->release_agent, PATH_MAX);
		spin_unlock(&container_release_agent_lock);

		spin_lock(&css_group_lock);
		empty = !cont->nr_groups && list_empty(&cont->children);
		spin_unlock(&css_group_lock);
		if (!empty || !agent[0] ||
		    container_path(cont, path, PATH_MAX) < 0)
			continue;

		/* the helper's fork must not wait for this mutex */
		mutex_unlock(&container_mutex);
		run_release_agent(agent, path);
		mutex_lock(&container_mutex);
	}
	mutex_unlock(&container_mutex);
out:
	kfree(agent);
	kfree(path);
}

/* -------------------------------------------------------------------------
 * Helpers for subsystems
 */

/**
 * container_task_get_css - a referenced state of a task's container
 * @tsk: the task
 * @subsys_id: the subsystem's id
 *
 * For charging objects that outlive the moment, such as an open file: the
 * state returned stays valid until container_css_put(), from any context,
 * even if the task moves or the container is removed meanwhile.  A live
 * task's state is live (not of a removed container): if a move and an
 * rmdir race with us, we try again on the task's new container.  An
 * exiting task may return the state of a removed container, which its
 * css_group keeps.
 *
 * Return: the state, with a reference.
 */
struct container_subsys_state *
container_task_get_css(struct task_struct *tsk, int subsys_id)
{
	struct container_subsys_state *css;

	rcu_read_lock();
	for (;;) {
		css = task_subsys_state(tsk, subsys_id);
		if (container_css_tryget(css))
			break;
		/* the css_group keeps its states: a plain reference is safe */
		if (tsk->flags & PF_EXITING) {
			container_css_get(css);
			break;
		}
		cpu_relax();
	}
	rcu_read_unlock();
	return css;
}

/*
 * The number of hierarchies, mounted or kept for their containers, for
 * the debug subsystem.  A racy snapshot: read handlers must not take
 * container_mutex (see the top of this file).
 */
int container_nr_hierarchies(void)
{
	int id, n = 0;

	for (id = 1; id < CONTAINER_MAX_HIERARCHIES; id++)
		if (READ_ONCE(container_hierarchies[id]))
			n++;
	return n;
}

/**
 * container_hierarchy_id - the id of a container's hierarchy
 * @cont: the container
 *
 * Return: the id shown in /proc/PID/container; 0 for the hidden default
 * hierarchy of subsystems that no mount has bound.
 */
int container_hierarchy_id(const struct container *cont)
{
	return cont->root->hierarchy_id;
}

/**
 * container_scan_tasks - call a function for every task in a container
 * @cont: the container
 * @fn: called for each task, may sleep; a non-zero return stops the scan
 * @data: passed to @fn
 *
 * Call under container_lock(), which keeps tasks from moving in or out
 * (new children of the container's tasks may still appear).
 *
 * Return: 0, -ENOMEM, or the first non-zero return of @fn.
 */
int container_scan_tasks(struct container *cont,
			 int (*fn)(struct task_struct *tsk, void *data),
			 void *data)
{
	struct task_struct *g, *t, **tasks;
	int i, n = 0, max, ret = 0;

	lockdep_assert_held(&container_mutex);
again:
	max = nr_threads + 64;
	tasks = kvmalloc_array(max, sizeof(*tasks), GFP_KERNEL);
	if (!tasks)
		return -ENOMEM;
	rcu_read_lock();
	for_each_process_thread(g, t) {
		if ((t->flags & PF_EXITING) ||
		    css_group_container(task_css_group(t), cont->root) != cont)
			continue;
		if (n == max) {
			rcu_read_unlock();
			while (n)
				put_task_struct(tasks[--n]);
			kvfree(tasks);
			goto again;
		}
		get_task_struct(t);
		tasks[n++] = t;
	}
	rcu_read_unlock();

	for (i = 0; i < n; i++) {
		if (!ret)
			ret = fn(tasks[i], data);
		put_task_struct(tasks[i]);
	}
	kvfree(tasks);
	return ret;
}

/**
 * container_clone - make a child container and move a task into it
 * @tsk: the task; it gets a new container, node_PID after its pid in the
 *	initial pid namespace, under its container in @ss's hierarchy
 * @ss: the subsystem whose hierarchy is meant
 *
 * For subsystems such as a namespace tracker that want a container per
 * new instance.  The subsystems' post_clone() callbacks run on the new
 * container before the task moves.  Nothing happens if @ss is not bound
 * to a mounted hierarchy.
 *
 * Return: 0 or a negative errno.
 */
int container_clone(struct task_struct *tsk, struct container_subsys *ss)
{
	struct container *parent, *cont;
	int ret = 0;

	/* unbound: costs the caller one test */
	if (!bound_subsys(BIT(ss->subsys_id)))
		return 0;
	mutex_lock(&container_mutex);
	if (ss->root == &container_default_root)
		goto out;

	rcu_read_lock();
	parent = css_group_container(task_css_group(tsk), ss->root);
	rcu_read_unlock();
	cont = create_clone(parent, tsk);
	if (IS_ERR(cont)) {
		ret = PTR_ERR(cont);
		goto out;
	}
	ret = container_attach_task(cont, tsk);
	if (ret)
		container_remove(cont);
out:
	mutex_unlock(&container_mutex);
	return ret;
}

/* -------------------------------------------------------------------------
 * Boot-time setup
 */

/* make a subsystem's state for the default hierarchy's top container */
static void __init create_top_css(struct container_subsys *ss)
{
	struct container *top = &container_default_root.top;
	struct container_subsys_state *css;

	css = ss->create(NULL);
	if (IS_ERR_OR_NULL(css))
		panic("container: cannot create the %s subsystem\n", ss->name);
	css->container = top;
	css->ss = ss;
	css->parent = NULL;
	top->subsys[ss->subsys_id] = css;
	init_css_group.subsys[ss->subsys_id] = css;
}

/**
 * container_init_early - set up the default hierarchy, early in boot
 *
 * Puts init_task in init_css_group and creates the top state of the
 * subsystems that need it before kmalloc() works (early_init).
 */
void __init container_init_early(void)
{
	struct container_subsys *ss;
	int i;

	container_init_one(&container_default_root.top, &container_default_root, NULL);
	INIT_LIST_HEAD(&container_default_root.top_files);
	container_default_root.nr_containers = 1;
	RCU_INIT_POINTER(init_task.containers, &init_css_group);

	for_each_subsys(ss, i) {
		WARN_ON(ss->subsys_id != i);
		ss->root = &container_default_root;
		container_default_root.subsys_mask |= BIT(i);
		if (ss->can_fork)
			subsys_can_fork_mask |= BIT(i);
		if (ss->fork)
			subsys_fork_mask |= BIT(i);
		if (ss->exit)
			subsys_exit_mask |= BIT(i);
		if (ss->release)
			subsys_release_mask |= BIT(i);
		if (ss->fork_clone)
			subsys_fork_clone_mask |= BIT(i);
		if (ss->early_init)
			create_top_css(ss);
	}
}

/**
 * container_init - register the filesystem and /proc/containers
 *
 * Creates the top state of the remaining subsystems.
 */
void __init container_init(void)
{
	struct container_subsys *ss;
	int i;

	for_each_subsys(ss, i) {
		struct container_subsys_state *css;

		if (!ss->early_init)
			create_top_css(ss);
		/* top states are never removed; their references never count */
		css = container_default_root.top.subsys[i];
		if (percpu_ref_init(&css->refcnt, css_release, 0, GFP_KERNEL))
			panic("container: out of memory\n");
	}

	hash_add(css_group_table, &init_css_group.hlist,
		 css_group_key(init_css_group.subsys, init_css_group.conts));

	container_fs_init();
}
