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
 * Map of this file, in the order data flows:
 *
 *  - state and locking: the hierarchies, container_mutex, css_group_lock
 *  - mount options: parsing and checking, independent of any hierarchy
 *  - hierarchies: creating, binding subsystems, destroying
 *  - the filesystem: fs_context mount and remount, kill_sb
 *  - control files: container_add_file() and the kernfs glue
 *  - mkdir, rmdir and rename
 *  - css_groups: the shared sets of states that tasks point to
 *  - attaching tasks, the tasks and procs files
 *  - fork and exit
 *  - release notification
 *  - /proc/PID/container and /proc/containers
 *  - helpers for subsystems, and boot-time setup
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
 * container_mutex must first break that protection (see
 * container_kn_lock_live()); otherwise rmdir, which removes nodes under
 * container_mutex, would deadlock against it.
 */

#define pr_fmt(fmt) "container: " fmt

#include <linux/container.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/ctype.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/fs_parser.h>
#include <linux/hashtable.h>
#include <linux/jhash.h>
#include <linux/kernfs.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/percpu-rwsem.h>
#include <linux/pid_namespace.h>
#include <linux/proc_fs.h>
#include <linux/sched/signal.h>
#include <linux/sched/stat.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/umh.h>

#include "container_internal.h"

#define CONTAINER_SUPER_MAGIC		0x636f6e74	/* "cont" */
#define MAX_CONTAINER_ROOT_NAMELEN	64

/* -------------------------------------------------------------------------
 * State and locking
 */

/**
 * struct container_root - one hierarchy
 * @kf_root: its kernfs tree; NULL for the default hierarchy
 * @subsys_mask: the subsystems bound to it
 * @hierarchy_id: its id, the index in hierarchies[]
 * @noprefix: control files are named without "SUBSYS."
 * @nr_containers: containers in it, the top one included
 * @nr_sbs: mounted superblocks (0 or 1)
 * @nr_mounting: mounts in progress that hold on to it
 * @top: the top container
 * @top_files: the files that subsystems added to @top, to remove on rebind
 * @name: the name= label, or ""
 * @release_agent: the release agent's path, under release_agent_lock
 */
struct container_root {
	struct kernfs_root *kf_root;
	unsigned long subsys_mask;
	int hierarchy_id;
	bool noprefix;
	int nr_containers;
	int nr_sbs;
	int nr_mounting;
	struct container top;
	struct list_head top_files;
	char name[MAX_CONTAINER_ROOT_NAMELEN];
	char release_agent[PATH_MAX];
};

/* a control file that a subsystem added to a hierarchy's top container */
struct container_top_file {
	struct list_head list;
	struct container_subsys *ss;
	struct kernfs_node *kn;
};

static DEFINE_MUTEX(container_mutex);
static DEFINE_SPINLOCK(css_group_lock);
static DEFINE_SPINLOCK(release_agent_lock);
static DEFINE_SPINLOCK(release_list_lock);
DEFINE_STATIC_PERCPU_RWSEM(container_threadgroup_rwsem);

/* in the order of container_subsys.h, which is the order of the ids */
#define SUBSYS(_x) (&_x ## _subsys),
static struct container_subsys *subsys[CONTAINER_SUBSYS_COUNT] = {
#include <linux/container_subsys.h>
};

#undef SUBSYS

#define ALL_SUBSYS_MASK		(BIT(CONTAINER_SUBSYS_COUNT) - 1)

/* the first subsystem in @mask from id *@i on, or NULL */
static struct container_subsys *next_subsys(unsigned long mask, int *i)
{
	*i = find_next_bit(&mask, CONTAINER_SUBSYS_COUNT, *i);
	return *i < CONTAINER_SUBSYS_COUNT ? subsys[*i] : NULL;
}

#define for_each_subsys_in(ss, i, mask)					\
	for ((i) = 0; ((ss) = next_subsys(mask, &(i))); (i)++)

#define for_each_subsys(ss, i)	for_each_subsys_in(ss, i, ALL_SUBSYS_MASK)

#define for_each_root_subsys(root, ss, i)				\
	for_each_subsys_in(ss, i, (root)->subsys_mask)

/*
 * The default hierarchy (id 0) holds every subsystem that no mount has
 * bound.  It has only its top container and no filesystem.
 */
static struct container_root default_root;

/* the hierarchies by id; slot 0 is the default hierarchy */
static struct container_root *hierarchies[CONTAINER_MAX_HIERARCHIES] = {
	[0] = &default_root,
};

/* the first hierarchy from id *@id on, or NULL */
static struct container_root *next_root(int *id)
{
	for (; *id < CONTAINER_MAX_HIERARCHIES; (*id)++)
		if (hierarchies[*id])
			return hierarchies[*id];
	return NULL;
}

#define for_each_mounted_root(root, id)					\
	for ((id) = 1; ((root) = next_root(&(id))); (id)++)

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
EXPORT_SYMBOL_GPL(container_lock);

/**
 * container_unlock - release container_lock()
 */
void container_unlock(void)
{
	mutex_unlock(&container_mutex);
}
EXPORT_SYMBOL_GPL(container_unlock);

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
EXPORT_SYMBOL_GPL(container_lock_is_held);

static bool container_is_top(const struct container *cont)
{
	return !cont->parent;
}

static void container_get(struct container *cont)
{
	refcount_inc(&cont->refcnt);
}

/*
 * A container's structure stays while its subsystem states or a child's
 * do; a hierarchy's stays while its top container does.
 */
static void container_put(struct container *cont)
{
	struct container *parent = cont->parent;

	if (!refcount_dec_and_test(&cont->refcnt))
		return;
	if (!parent) {
		kfree_rcu(cont->root, top.rcu_head);
		return;
	}
	kernfs_put(cont->kn);
	atomic_dec(&container_nr_containers);
	kfree_rcu(cont, rcu_head);
	container_put(parent);
}

/*
 * The container of @cg in hierarchy @root.  A zombie's css_group may name
 * a removed container of a hierarchy destroyed since, whose id @root now
 * has: the zombie is in no container of @root, so it shows at the top.
 */
static struct container *css_group_container(struct css_group *cg,
					     struct container_root *root)
{
	struct container *cont = cg->conts[root->hierarchy_id];

	return cont && cont->root == root ? cont : &root->top;
}

/* -------------------------------------------------------------------------
 * Mount options
 */

/*
 * container_parse_option - take one mount option into @opts
 * @key: the option's name
 * @value: its value, or NULL for a flag
 *
 * Return: 0, or -EINVAL for an unknown option or a malformed value.
 */
static int container_parse_option(struct container_opts *opts,
				  const char *key, const char *value)
{
	struct container_subsys *ss;
	int i;

	if (!strcmp(key, "name") || !strcmp(key, "release_agent")) {
		char **slot = key[0] == 'n' ? &opts->name : &opts->release_agent;

		if (!value || *slot)
			return -EINVAL;
		*slot = kstrdup(value, GFP_KERNEL);
		return *slot ? 0 : -ENOMEM;
	}
	if (value)
		return -EINVAL;
	if (!strcmp(key, "all")) {
		opts->all = true;
		return 0;
	}
	if (!strcmp(key, "none")) {
		opts->none = true;
		return 0;
	}
	if (!strcmp(key, "noprefix")) {
		opts->noprefix = true;
		return 0;
	}
	for_each_subsys(ss, i) {
		if (!strcmp(key, ss->name)) {
			opts->subsys_mask |= BIT(i);
			return 0;
		}
	}
	return -EINVAL;
}

/*
 * container_check_opts - check a complete set of mount options
 *
 * Fills in the subsystem mask that "all" or an empty list stands for.
 * Return: 0, or -EINVAL for a contradictory set.
 */
static int container_check_opts(struct container_opts *opts)
{
	const char *p;

	if (opts->all && opts->subsys_mask)
		return -EINVAL;
	if (opts->none && (opts->all || opts->subsys_mask || !opts->name))
		return -EINVAL;
	if (opts->name) {
		if (!*opts->name ||
		    strlen(opts->name) >= MAX_CONTAINER_ROOT_NAMELEN)
			return -EINVAL;
		for (p = opts->name; *p; p++)
			if (!isalnum(*p) && *p != '_' && *p != '-' && *p != '.')
				return -EINVAL;
	}
	if (opts->release_agent && strlen(opts->release_agent) >= PATH_MAX)
		return -EINVAL;
	if (!opts->none && !opts->subsys_mask)
		opts->subsys_mask = ALL_SUBSYS_MASK;
	return 0;
}

static void container_free_opts(struct container_opts *opts)
{
	kfree(opts->name);
	kfree(opts->release_agent);
	opts->name = NULL;
	opts->release_agent = NULL;
}

/* -------------------------------------------------------------------------
 * Hierarchies
 */

static int populate_dir(struct container *cont);
static bool noprefix_names_clash(unsigned long mask);

static struct container_root *container_root_of(struct kernfs_root *kf_root)
{
	struct container *top = kernfs_root_to_node(kf_root)->priv;

	return top->root;
}

static void init_container(struct container *cont, struct container_root *root,
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

/* remove the files that @ss added to @root's top container */
static void remove_top_files(struct container_root *root,
			     struct container_subsys *ss)
{
	struct container_top_file *f, *tmp;

	list_for_each_entry_safe(f, tmp, &root->top_files, list) {
		if (f->ss != ss)
			continue;
		kernfs_remove(f->kn);
		kernfs_put(f->kn);
		list_del(&f->list);
		kfree(f);
	}
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
		ss->bind(ss, to);
}

static int add_subsys_files(struct container *cont,
			    struct container_subsys *ss);

/*
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
 */
static int rebind_subsystems(struct container_root *root, unsigned long mask)
{
	unsigned long added = mask & ~root->subsys_mask;
	unsigned long removed = root->subsys_mask & ~mask;
	struct container_subsys *ss;
	int i, ret = 0;

	lockdep_assert_held(&container_mutex);

	for_each_subsys_in(ss, i, added)
		if (ss->root != &default_root)
			return -EBUSY;

	/* files after the states: a populate() may look at its root state */
	for_each_subsys_in(ss, i, added)
		move_top_state(ss, &root->top);
	if (root->kf_root) {
		for_each_subsys_in(ss, i, added) {
			ret = add_subsys_files(&root->top, ss);
			if (ret)
				break;
		}
	}
	if (ret) {
		for_each_subsys_in(ss, i, added) {
			remove_top_files(root, ss);
			move_top_state(ss, &default_root.top);
		}
		return ret;
	}

	for_each_subsys_in(ss, i, removed) {
		remove_top_files(root, ss);
		move_top_state(ss, &default_root.top);
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

static void destroy_root(struct container_root *root)
{
	lockdep_assert_held(&container_mutex);
	WARN_ON_ONCE(!list_empty(&root->top.children));

	rebind_subsystems(root, 0);
	hierarchies[root->hierarchy_id] = NULL;
	kernfs_destroy_root(root->kf_root);
	/* removed children whose states are still being freed keep it */
	container_put(&root->top);
}

/* destroy @root if nothing holds on to it any more */
static void maybe_destroy_root(struct container_root *root)
{
	if (!root->nr_sbs && !root->nr_mounting &&
	    list_empty(&root->top.children))
		destroy_root(root);
}

static struct kernfs_syscall_ops container_kf_syscall_ops;

static struct container_root *create_root(struct container_opts *opts)
{
	struct container_root *root;
	int id, ret;

	lockdep_assert_held(&container_mutex);

	if (opts->noprefix && noprefix_names_clash(opts->subsys_mask))
		return ERR_PTR(-EINVAL);
	for (id = 1; id < CONTAINER_MAX_HIERARCHIES; id++)
		if (!hierarchies[id])
			break;
	if (id == CONTAINER_MAX_HIERARCHIES)
		return ERR_PTR(-ENOSPC);

	root = kzalloc(sizeof(*root), GFP_KERNEL);
	if (!root)
		return ERR_PTR(-ENOMEM);
	root->hierarchy_id = id;
	root->noprefix = opts->noprefix;
	root->nr_containers = 1;
	INIT_LIST_HEAD(&root->top_files);
	init_container(&root->top, root, NULL);
	if (opts->name)
		strscpy(root->name, opts->name);
	if (opts->release_agent)
		strscpy(root->release_agent, opts->release_agent);

	root->kf_root = kernfs_create_root(&container_kf_syscall_ops,
					   KERNFS_ROOT_CREATE_DEACTIVATED,
					   &root->top);
	if (IS_ERR(root->kf_root)) {
		ret = PTR_ERR(root->kf_root);
		kfree(root);
		return ERR_PTR(ret);
	}
	root->top.kn = kernfs_root_to_node(root->kf_root);
	hierarchies[id] = root;

	ret = populate_dir(&root->top);
	if (!ret)
		ret = rebind_subsystems(root, opts->subsys_mask);
	if (ret) {
		destroy_root(root);
		return ERR_PTR(ret);
	}
	kernfs_activate(root->top.kn);
	return root;
}

/*
 * Find the hierarchy that a mount with @opts stands for, or make one.
 * The same subsystems with the same name mean the same hierarchy.
 */
static struct container_root *find_or_create_root(struct container_opts *opts)
{
	const char *name = opts->name ?: "";
	struct container_root *root;
	int id;

	lockdep_assert_held(&container_mutex);

	for_each_mounted_root(root, id) {
		bool same_name = !strcmp(root->name, name);

		if (root->subsys_mask == opts->subsys_mask && same_name) {
			if (root->noprefix != opts->noprefix)
				return ERR_PTR(-EBUSY);
			if (opts->release_agent &&
			    strcmp(root->release_agent, opts->release_agent))
				return ERR_PTR(-EBUSY);
			return root;
		}
		if (*name && same_name)
			return ERR_PTR(-EBUSY);
		if (root->subsys_mask & opts->subsys_mask)
			return ERR_PTR(-EBUSY);
	}
	return create_root(opts);
}

/* -------------------------------------------------------------------------
 * The filesystem
 */

struct container_fs_context {
	struct kernfs_fs_context kfc;	/* must be first, kernfs uses it */
	struct container_opts opts;
};

static struct container_fs_context *container_fc(struct fs_context *fc)
{
	return fc->fs_private;
}

static int container_parse_param(struct fs_context *fc,
				 struct fs_parameter *param)
{
	struct container_fs_context *ctx = container_fc(fc);
	const char *value = NULL;
	int ret;

	if (!strcmp(param->key, "source"))
		return -ENOPARAM;
	if (param->type == fs_value_is_string)
		value = param->string;
	else if (param->type != fs_value_is_flag)
		return invalfc(fc, "%s: unsupported value", param->key);

	ret = container_parse_option(&ctx->opts, param->key, value);
	if (ret == -EINVAL)
		return invalfc(fc, "unknown or malformed option \"%s\"",
			       param->key);
	return ret;
}

static int container_get_tree(struct fs_context *fc)
{
	struct container_fs_context *ctx = container_fc(fc);
	struct container_root *root;
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	ret = container_check_opts(&ctx->opts);
	if (ret)
		return invalfc(fc, "contradictory options");

	mutex_lock(&container_mutex);
	root = find_or_create_root(&ctx->opts);
	if (IS_ERR(root)) {
		mutex_unlock(&container_mutex);
		return PTR_ERR(root);
	}
	root->nr_mounting++;
	mutex_unlock(&container_mutex);

	/* kernfs_get_tree() may wait for a dying superblock's kill_sb */
	ctx->kfc.root = root->kf_root;
	ctx->kfc.magic = CONTAINER_SUPER_MAGIC;
	ret = kernfs_get_tree(fc);

	mutex_lock(&container_mutex);
	root->nr_mounting--;
	/*
	 * A new superblock counts even if filling it failed: its kill_sb
	 * has run already and taken the count back down.
	 */
	if (ctx->kfc.new_sb_created)
		root->nr_sbs++;
	maybe_destroy_root(root);
	mutex_unlock(&container_mutex);
	return ret;
}

static int container_reconfigure(struct fs_context *fc)
{
	struct container_fs_context *ctx = container_fc(fc);
	struct container_opts *opts = &ctx->opts;
	struct container_root *root;
	int ret = 0;

	root = container_root_of(kernfs_root_from_sb(fc->root->d_sb));

	/* a remount that names no subsystem keeps the ones it has */
	if (!opts->all && !opts->none && !opts->subsys_mask) {
		opts->subsys_mask = root->subsys_mask;
		opts->none = !opts->subsys_mask;
	}
	if (opts->none && !opts->name && root->name[0]) {
		opts->name = kstrdup(root->name, GFP_KERNEL);
		if (!opts->name)
			return -ENOMEM;
	}
	if (container_check_opts(opts))
		return invalfc(fc, "contradictory options");
	if (opts->noprefix != root->noprefix ||
	    (opts->name && strcmp(opts->name, root->name)))
		return invalfc(fc, "name and noprefix cannot change");

	mutex_lock(&container_mutex);
	if (opts->subsys_mask != root->subsys_mask) {
		if (!list_empty(&root->top.children)) {
			ret = -EBUSY;
			goto out;
		}
		if (root->noprefix && noprefix_names_clash(opts->subsys_mask)) {
			ret = invalfc(fc, "two files would be named alike");
			goto out;
		}
		ret = rebind_subsystems(root, opts->subsys_mask);
		if (ret)
			goto out;
	}
	if (opts->release_agent) {
		spin_lock(&release_agent_lock);
		strscpy(root->release_agent, opts->release_agent);
		spin_unlock(&release_agent_lock);
	}
out:
	mutex_unlock(&container_mutex);
	return ret;
}

static void container_free_fs_context(struct fs_context *fc)
{
	struct container_fs_context *ctx = container_fc(fc);

	kernfs_free_fs_context(fc);
	container_free_opts(&ctx->opts);
	kfree(ctx);
}

static const struct fs_context_operations container_fs_context_ops = {
	.free		= container_free_fs_context,
	.parse_param	= container_parse_param,
	.get_tree	= container_get_tree,
	.reconfigure	= container_reconfigure,
};

static int container_init_fs_context(struct fs_context *fc)
{
	struct container_fs_context *ctx;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	fc->fs_private = ctx;
	fc->ops = &container_fs_context_ops;
	return 0;
}

/*
 * The last mount of a hierarchy is gone.  A hierarchy with child
 * containers lives on, to come back on the next mount of its subsystems;
 * one with only its top is destroyed at once, freeing its subsystems.
 */
static void container_kill_sb(struct super_block *sb)
{
	struct container_root *root = container_root_of(kernfs_root_from_sb(sb));

	kernfs_kill_sb(sb);

	mutex_lock(&container_mutex);
	root->nr_sbs--;
	maybe_destroy_root(root);
	mutex_unlock(&container_mutex);
}

static struct file_system_type container_fs_type = {
	.name			= "container",
	.init_fs_context	= container_init_fs_context,
	.kill_sb		= container_kill_sb,
};

static int container_show_options(struct seq_file *sf,
				  struct kernfs_root *kf_root)
{
	struct container_root *root = container_root_of(kf_root);
	struct container_subsys *ss;
	int i;

	for_each_root_subsys(root, ss, i)
		seq_show_option(sf, ss->name, NULL);
	if (!root->subsys_mask)
		seq_puts(sf, ",none");
	if (root->noprefix)
		seq_puts(sf, ",noprefix");
	if (root->name[0])
		seq_show_option(sf, "name", root->name);
	spin_lock(&release_agent_lock);
	if (root->release_agent[0])
		seq_show_option(sf, "release_agent", root->release_agent);
	spin_unlock(&release_agent_lock);
	return 0;
}

/* -------------------------------------------------------------------------
 * Control files
 */

/*
 * container_kn_lock_live - lock the containers and check @kn is still there
 * @kn: the node whose kernfs callback we are in
 *
 * Breaks @kn's active protection (see the top of this file) and takes
 * container_mutex.  Return: @kn's container, or NULL if it was removed
 * meanwhile; nothing is held then.
 */
static struct container *container_kn_lock_live(struct kernfs_node *kn)
{
	struct container *cont = kernfs_type(kn) == KERNFS_DIR ?
				 kn->priv : kn->parent->priv;

	container_get(cont);
	kernfs_break_active_protection(kn);
	mutex_lock(&container_mutex);
	if (!container_is_removed(cont))
		return cont;
	mutex_unlock(&container_mutex);
	kernfs_unbreak_active_protection(kn);
	container_put(cont);
	return NULL;
}

static void container_kn_unlock(struct kernfs_node *kn,
				struct container *cont)
{
	mutex_unlock(&container_mutex);
	kernfs_unbreak_active_protection(kn);
	container_put(cont);
}

static int container_seq_show(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = sf->private;
	struct container_cftype *cft = of->kn->priv;
	struct container *cont = of->kn->parent->priv;

	if (cft->seq_show)
		return cft->seq_show(cont, cft, sf);
	if (cft->read_u64)
		seq_printf(sf, "%llu\n", cft->read_u64(cont, cft));
	else if (cft->read_s64)
		seq_printf(sf, "%lld\n", cft->read_s64(cont, cft));
	else
		return -EINVAL;
	return 0;
}

/*
 * Every write runs with the credentials of whoever opened the file, so
 * that a descriptor handed to a more privileged program (a setuid one)
 * cannot do what its opener could not: capable() and the task permission
 * checks below see the opener.
 */
static ssize_t container_file_write(struct kernfs_open_file *of, char *buf,
				    size_t nbytes, loff_t off)
{
	struct container_cftype *cft = of->kn->priv;
	const struct cred *saved_cred;
	struct container *cont;
	char *s = strim(buf);
	int ret;

	if (cft->max_write_len && nbytes > cft->max_write_len)
		return -E2BIG;

	cont = container_kn_lock_live(of->kn);
	if (!cont)
		return -ENODEV;
	/* a remount may have unbound the file's subsystem while we waited */
	if (cft->ss && !cont->subsys[cft->ss->subsys_id]) {
		container_kn_unlock(of->kn, cont);
		return -ENODEV;
	}

	saved_cred = override_creds(of->file->f_cred);
	if (cft->write_u64) {
		u64 val;

		/* out of range is as invalid as not a number */
		ret = kstrtoull(s, 10, &val) ? -EINVAL :
		      cft->write_u64(cont, cft, val);
	} else if (cft->write_s64) {
		s64 val;

		ret = kstrtoll(s, 10, &val) ? -EINVAL :
		      cft->write_s64(cont, cft, val);
	} else if (cft->write_string) {
		ret = cft->write_string(cont, cft, s);
	} else {
		ret = -EINVAL;
	}
	revert_creds(saved_cred);

	container_kn_unlock(of->kn, cont);
	return ret ?: nbytes;
}

static const struct kernfs_ops container_kf_ops = {
	.atomic_write_len	= PAGE_SIZE,
	.seq_show		= container_seq_show,
	.write			= container_file_write,
};

static umode_t cftype_mode(const struct container_cftype *cft)
{
	umode_t mode = 0;

	if (cft->read_u64 || cft->read_s64 || cft->seq_show)
		mode |= 0444;
	if (cft->write_u64 || cft->write_s64 || cft->write_string)
		mode |= 0200;
	return mode;
}

/* add @cft with kernfs @ops and @mode: container_add_file() below */
static int __container_add_file(struct container *cont,
				struct container_subsys *ss,
				struct container_cftype *cft,
				const struct kernfs_ops *ops, umode_t mode)
{
	char name[CONTAINER_CFTYPE_NAME_LEN + CONTAINER_CFTYPE_NAME_LEN + 2];
	struct container_top_file *tf = NULL;
	kuid_t uid = GLOBAL_ROOT_UID;
	kgid_t gid = GLOBAL_ROOT_GID;
	struct kernfs_node *kn;

	lockdep_assert_held(&container_mutex);

	if (!cont->kn)
		return 0;
	if ((cft->flags & CONTAINER_CFTYPE_ONLY_ON_ROOT) && !container_is_top(cont))
		return 0;
	if ((cft->flags & CONTAINER_CFTYPE_NOT_ON_ROOT) && container_is_top(cont))
		return 0;

	if (ss && !cont->root->noprefix)
		snprintf(name, sizeof(name), "%s.%s", ss->name, cft->name);
	else
		strscpy(name, cft->name);
	cft->ss = ss;

	if (ss && container_is_top(cont)) {
		tf = kzalloc(sizeof(*tf), GFP_KERNEL);
		if (!tf)
			return -ENOMEM;
	}

	/*
	 * A group's files belong to whoever made the group (populate() runs
	 * in its mkdir), as in the 2007 design: a user who was delegated a
	 * group can then move its own tasks into the groups it makes below.
	 * A hierarchy's top files belong to root.
	 */
	if (!container_is_top(cont)) {
		uid = current_fsuid();
		gid = current_fsgid();
	}
	kn = __kernfs_create_file(cont->kn, name, mode, uid, gid, 0, ops, cft,
				  NULL, NULL);
	if (IS_ERR(kn)) {
		kfree(tf);
		return PTR_ERR(kn);
	}
	if (tf) {
		kernfs_get(kn);
		tf->ss = ss;
		tf->kn = kn;
		list_add_tail(&tf->list, &cont->root->top_files);
	}
	return 0;
}

/**
 * container_add_file - add a control file to a container's directory
 * @cont: the container, normally the one passed to populate()
 * @ss: the subsystem that owns the file, or NULL for the framework's files
 * @cft: the file; must live as long as the subsystem (static)
 *
 * The file is named "SUBSYS.NAME", or "NAME" on noprefix hierarchies and
 * for the framework's own files.  Call under container_lock().
 *
 * Return: 0 or a negative errno.
 */
int container_add_file(struct container *cont, struct container_subsys *ss,
		       struct container_cftype *cft)
{
	return __container_add_file(cont, ss, cft, &container_kf_ops,
				    cftype_mode(cft));
}
EXPORT_SYMBOL_GPL(container_add_file);

/**
 * container_add_files - add several control files
 * @cont: the container
 * @ss: the owning subsystem
 * @cft: an array of files
 * @count: its length
 *
 * Return: 0 or the first error.
 */
int container_add_files(struct container *cont, struct container_subsys *ss,
			struct container_cftype cft[], int count)
{
	int i, ret;

	for (i = 0; i < count; i++) {
		ret = container_add_file(cont, ss, &cft[i]);
		if (ret)
			return ret;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(container_add_files);

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
	ss->destroy(ss, cont);
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

static struct container *create_container(struct container *parent,
					  const char *name, umode_t mode)
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
	init_container(cont, root, parent);
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
		struct container_subsys_state *css = ss->create(ss, cont);

		if (IS_ERR(css)) {
			ret = PTR_ERR(css);
			goto err;
		}
		ret = init_css(css, ss, cont);
		if (ret) {
			ss->destroy(ss, cont);
			cont->subsys[i] = NULL;
			goto err;
		}
	}

	ret = populate_dir(cont);
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
		ss->destroy(ss, cont);
		cont->subsys[i] = NULL;
		atomic_dec(&container_nr_css);
		refcount_dec(&cont->refcnt);
	}
	container_put(cont);
	return ERR_PTR(ret);
}

static int container_mkdir(struct kernfs_node *parent_kn, const char *name,
			   umode_t mode)
{
	struct container *parent, *cont;

	parent = container_kn_lock_live(parent_kn);
	if (!parent)
		return -ENODEV;
	cont = create_container(parent, name, mode);
	container_kn_unlock(parent_kn, parent);
	return PTR_ERR_OR_ZERO(cont);
}

static void check_for_release(struct container *cont);

/*
 * Take an empty container away.  The directory goes at once; the
 * subsystems' states go when their last reference does.
 */
static int remove_container(struct container *cont)
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
			ss->offline(ss, cont);
	}

	check_for_release(parent);
	container_put(cont);
	return 0;
}

static int container_rmdir(struct kernfs_node *kn)
{
	struct container *cont;
	int ret;

	cont = container_kn_lock_live(kn);
	if (!cont)
		return -ENODEV;
	ret = remove_container(cont);
	container_kn_unlock(kn, cont);
	return ret;
}

static int container_rename(struct kernfs_node *kn,
			    struct kernfs_node *new_parent,
			    const char *new_name)
{
	/*
	 * Not -EXDEV for another parent: mv would fall back to copying,
	 * making a new group and writing this one's tasks into it.
	 */
	if (kernfs_type(kn) != KERNFS_DIR || kn->parent != new_parent)
		return -EPERM;
	return kernfs_rename_ns(kn, new_parent, new_name, NULL);
}

static struct kernfs_syscall_ops container_kf_syscall_ops = {
	.show_options	= container_show_options,
	.mkdir		= container_mkdir,
	.rmdir		= container_rmdir,
	.rename		= container_rename,
};

/* -------------------------------------------------------------------------
 * css_groups
 */

static u32 css_group_hash(struct container_subsys_state **css,
			  struct container **conts)
{
	u32 h = jhash(css, sizeof(*css) * CONTAINER_SUBSYS_COUNT, 0);

	return jhash(conts, sizeof(*conts) * CONTAINER_MAX_HIERARCHIES, h);
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
 * Drop a reference.  The last one unhashes the group under css_group_lock
 * and lets go of its states; as long as a group keeps tasks, this takes no
 * lock at all.  Process context.
 */
static void put_css_group(struct css_group *cg)
{
	if (cg == &init_css_group || refcount_dec_not_one(&cg->refcount))
		return;
	spin_lock(&css_group_lock);
	if (!refcount_dec_and_test(&cg->refcount)) {
		spin_unlock(&css_group_lock);
		return;
	}
	hash_del(&cg->hlist);
	spin_unlock(&css_group_lock);

	css_group_pin(cg, false);
	atomic_dec(&container_nr_css_groups);
	kfree_rcu(cg, rcu_head);
}

/*
 * A task becomes a member of @cg's containers (fork, or a move in).  The
 * first member makes the containers busy: each counts its css_groups that
 * have members in nr_groups, which rmdir and release notification read.
 */
static void css_group_add_task(struct css_group *cg)
{
	int i;

	if (cg == &init_css_group || atomic_inc_not_zero(&cg->nr_tasks))
		return;
	spin_lock(&css_group_lock);
	if (atomic_inc_return(&cg->nr_tasks) == 1) {
		for (i = 1; i < CONTAINER_MAX_HIERARCHIES; i++)
			if (cg->conts[i])
				cg->conts[i]->nr_groups++;
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

		if (cont && !--cont->nr_groups)
			check_for_release(cont);
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
	key = css_group_hash(css, conts);

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
 * @nr: entries in @tasks
 * @max: room in @tasks
 * @cursor: where the walk of container_taskset_next() is
 * @tasks: the entries; @one when there is only one
 * @one: room for a single task, with no allocation
 */
struct container_taskset {
	struct container *dst;
	bool by_user;
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
static struct task_struct *taskset_walk(struct container_taskset *tset,
					struct container **old_cont)
{
	for (; tset->cursor < tset->nr; tset->cursor++) {
		struct container_mig *m = &tset->tasks[tset->cursor];

		if (!m->to)
			continue;
		*old_cont = css_group_container(m->from, tset->dst->root);
		tset->cursor++;
		return m->tsk;
	}
	return NULL;
}

/**
 * container_taskset_first - start a walk of a move's tasks
 * @tset: the set passed to the callback
 * @old_cont: set to the container the task moves out of
 *
 * Return: the first task that moves, or NULL.
 */
struct task_struct *container_taskset_first(struct container_taskset *tset,
					    struct container **old_cont)
{
	tset->cursor = 0;
	return taskset_walk(tset, old_cont);
}
EXPORT_SYMBOL_GPL(container_taskset_first);

/**
 * container_taskset_next - go on with a walk of a move's tasks
 * @tset: the set passed to the callback
 * @old_cont: set to the container the task moves out of
 *
 * Return: the next task that moves, or NULL at the end.
 */
struct task_struct *container_taskset_next(struct container_taskset *tset,
					   struct container **old_cont)
{
	return taskset_walk(tset, old_cont);
}
EXPORT_SYMBOL_GPL(container_taskset_next);

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
EXPORT_SYMBOL_GPL(container_taskset_by_user);

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
			ss->post_attach(ss);
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
		if (ss->cancel_attach)
			ss->cancel_attach(ss, tset->dst, tset);
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
		ret = ss->can_attach(ss, dst, tset);
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

	for_each_root_subsys(root, ss, i)
		if (ss->attach)
			ss->attach(ss, dst, tset);
	return 0;
}

/* how move_task() moves */
#define MOVE_PROCESS	BIT(0)	/* every thread of the process */
#define MOVE_BY_USER	BIT(1)	/* for a write to tasks or procs */

/* move @tsk alone, or with every thread of its process */
static int move_task(struct container *cont, struct task_struct *tsk,
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
	return move_task(cont, tsk, 0);
}
EXPORT_SYMBOL_GPL(container_attach_task);

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
EXPORT_SYMBOL_GPL(container_transfer_tasks);

/*
 * May the writer move @tsk?  The writer's credentials are those that the
 * file was opened with (container_file_write()); the file's mode was
 * checked at open.
 */
static int may_move_task(struct task_struct *tsk)
{
	const struct cred *cred = current_cred(), *tcred;
	bool ok;

	if (capable(CAP_SYS_ADMIN))
		return 0;
	rcu_read_lock();
	tcred = __task_cred(tsk);
	ok = uid_eq(cred->euid, tcred->uid) || uid_eq(cred->euid, tcred->suid);
	rcu_read_unlock();
	return ok ? 0 : -EACCES;
}

/* a write to "tasks" (cft->private 0) or "procs" (1) */
static int container_tasks_write(struct container *cont,
				 struct container_cftype *cft, char *buf)
{
	bool whole_process = cft->private;
	struct task_struct *tsk;
	int pid, ret;

	if (kstrtoint(buf, 10, &pid) || pid < 0)
		return -EINVAL;

	rcu_read_lock();
	tsk = pid ? find_task_by_vpid(pid) : current;
	if (tsk && whole_process)
		tsk = tsk->group_leader;
	if (tsk)
		get_task_struct(tsk);
	rcu_read_unlock();
	if (!tsk)
		return -ESRCH;

	ret = may_move_task(tsk);
	if (!ret)
		ret = move_task(cont, tsk, MOVE_BY_USER |
				(whole_process ? MOVE_PROCESS : 0));
	put_task_struct(tsk);
	return ret;
}

static int cmp_pid(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* a sorted list of the task (or process) ids of a container */
struct container_pidlist {
	int nr;
	int pids[];
};

/*
 * The ids of the tasks (or processes) in @cont, as seen in the reader's
 * pid namespace, sorted, without duplicates.  There is no per-container
 * task list, so that fork and exit stay lock-free: this walks all tasks.
 */
static struct container_pidlist *container_pidlist(struct container *cont,
						   bool procs)
{
	struct pid_namespace *ns = task_active_pid_ns(current);
	struct container_root *root = cont->root;
	struct container_pidlist *l;
	struct task_struct *g, *t;
	int n, i, max;

again:
	max = nr_threads + 64;
	l = kvmalloc(struct_size(l, pids, max), GFP_KERNEL);
	if (!l)
		return ERR_PTR(-ENOMEM);
	n = 0;
	rcu_read_lock();
	for_each_process_thread(g, t) {
		pid_t nr;

		/* a task that exits leaves the list, although not yet its states */
		if ((t->flags & PF_EXITING) ||
		    css_group_container(task_css_group(t), root) != cont)
			continue;
		nr = procs ? task_tgid_nr_ns(t, ns) : task_pid_nr_ns(t, ns);
		if (!nr)
			continue;
		if (n == max) {
			rcu_read_unlock();
			kvfree(l);
			goto again;
		}
		l->pids[n++] = nr;
	}
	rcu_read_unlock();

	sort(l->pids, n, sizeof(l->pids[0]), cmp_pid, NULL);
	l->nr = 0;
	for (i = 0; i < n; i++)
		if (!i || l->pids[i] != l->pids[i - 1])
			l->pids[l->nr++] = l->pids[i];
	return l;
}

/*
 * tasks and procs are read as a sequence of ids.  The list is made when
 * a read starts at offset 0 and kept in the open file for the reads that
 * continue it, so a long list is walked once, not once per buffer.
 */
static void *container_pidlist_start(struct seq_file *sf, loff_t *pos)
{
	struct kernfs_open_file *of = sf->private;
	struct container_cftype *cft = of->kn->priv;
	struct container_pidlist *l = of->priv;

	if (!*pos || !l) {
		kvfree(l);
		of->priv = NULL;
		l = container_pidlist(of->kn->parent->priv, cft->private);
		if (IS_ERR(l))
			return l;
		of->priv = l;
	}
	return *pos < l->nr ? &l->pids[*pos] : NULL;
}

static void *container_pidlist_next(struct seq_file *sf, void *v, loff_t *pos)
{
	struct kernfs_open_file *of = sf->private;
	struct container_pidlist *l = of->priv;

	++*pos;
	return *pos < l->nr ? &l->pids[*pos] : NULL;
}

static void container_pidlist_stop(struct seq_file *sf, void *v)
{
}

static int container_pidlist_show(struct seq_file *sf, void *v)
{
	seq_printf(sf, "%d\n", *(int *)v);
	return 0;
}

static void container_pidlist_release(struct kernfs_open_file *of)
{
	kvfree(of->priv);
}

static const struct kernfs_ops container_pidlist_kf_ops = {
	.atomic_write_len	= PAGE_SIZE,
	.seq_start		= container_pidlist_start,
	.seq_next		= container_pidlist_next,
	.seq_stop		= container_pidlist_stop,
	.seq_show		= container_pidlist_show,
	.release		= container_pidlist_release,
	.write			= container_file_write,
};

static u64 notify_on_release_read(struct container *cont,
				  struct container_cftype *cft)
{
	return test_bit(CONT_NOTIFY_ON_RELEASE, &cont->flags);
}

static int notify_on_release_write(struct container *cont,
				   struct container_cftype *cft, u64 val)
{
	if (val > 1)
		return -EINVAL;
	assign_bit(CONT_NOTIFY_ON_RELEASE, &cont->flags, val);
	return 0;
}

static int release_agent_show(struct container *cont,
			      struct container_cftype *cft,
			      struct seq_file *sf)
{
	spin_lock(&release_agent_lock);
	seq_puts(sf, cont->root->release_agent);
	spin_unlock(&release_agent_lock);
	seq_putc(sf, '\n');
	return 0;
}

static int release_agent_write(struct container *cont,
			       struct container_cftype *cft, char *buf)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (strlen(buf) >= PATH_MAX)
		return -EINVAL;
	spin_lock(&release_agent_lock);
	strscpy(cont->root->release_agent, buf);
	spin_unlock(&release_agent_lock);
	return 0;
}

/* read through container_pidlist_kf_ops rather than a read handler */
static struct container_cftype container_pidlist_files[] = {
	{
		.name = "tasks",
		.write_string = container_tasks_write,
	},
	{
		.name = "procs",
		.private = 1,
		.write_string = container_tasks_write,
	},
	{ }
};

static struct container_cftype container_files[] = {
	{
		.name = "notify_on_release",
		.read_u64 = notify_on_release_read,
		.write_u64 = notify_on_release_write,
	},
	{
		.name = "release_agent",
		.flags = CONTAINER_CFTYPE_ONLY_ON_ROOT,
		.seq_show = release_agent_show,
		.write_string = release_agent_write,
	},
	{ }
};

/* a subsystem's files in a directory: its table, then populate()'s */
static int add_subsys_files(struct container *cont,
			    struct container_subsys *ss)
{
	struct container_cftype *cft;
	int ret;

	for (cft = ss->files; cft && cft->name[0]; cft++) {
		ret = container_add_file(cont, ss, cft);
		if (ret)
			return ret;
	}
	return ss->populate ? ss->populate(ss, cont) : 0;
}

/*
 * Make the framework's files of a new directory and, below the top, its
 * subsystems' (rebind_subsystems() gives the top its subsystems' files).
 */
static int populate_dir(struct container *cont)
{
	struct container_subsys *ss;
	struct container_cftype *cft;
	int i, ret;

	for (cft = container_pidlist_files; cft->name[0]; cft++) {
		ret = __container_add_file(cont, NULL, cft,
					   &container_pidlist_kf_ops, 0644);
		if (ret)
			return ret;
	}
	for (cft = container_files; cft->name[0]; cft++) {
		ret = container_add_file(cont, NULL, cft);
		if (ret)
			return ret;
	}
	if (container_is_top(cont))
		return 0;

	for_each_root_subsys(cont->root, ss, i) {
		ret = add_subsys_files(cont, ss);
		if (ret)
			return ret;
	}
	return 0;
}

/* could @a and @b be in one directory, and share a name there? */
static bool cftypes_clash(const struct container_cftype *a,
			  const struct container_cftype *b)
{
	unsigned int both = a->flags | b->flags;

	if ((both & CONTAINER_CFTYPE_ONLY_ON_ROOT) &&
	    (both & CONTAINER_CFTYPE_NOT_ON_ROOT))
		return false;
	return !strcmp(a->name, b->name);
}

/* do two files of @tables[0..@n) (each ended by an empty name) clash? */
static bool cftype_tables_clash(struct container_cftype *const tables[], int n)
{
	const struct container_cftype *a, *b;
	int i, j;

	for (i = 0; i < n; i++) {
		for (a = tables[i]; a->name[0]; a++) {
			for (j = i; j < n; j++) {
				b = j == i ? a + 1 : tables[j];
				for (; b->name[0]; b++)
					if (cftypes_clash(a, b))
						return true;
			}
		}
	}
	return false;
}

/*
 * Without prefixes, a hierarchy of the subsystems in @mask would have two
 * files of one name in a directory: the second could not be made.
 */
static bool noprefix_names_clash(unsigned long mask)
{
	struct container_cftype *tables[CONTAINER_SUBSYS_COUNT + 2];
	struct container_subsys *ss;
	int i, n = 0;

	tables[n++] = container_pidlist_files;
	tables[n++] = container_files;
	for_each_subsys_in(ss, i, mask)
		if (ss->files)
			tables[n++] = ss->files;
	return cftype_tables_clash(tables, n);
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
	cont = create_container(parent, name, 0755);
	if (IS_ERR(cont))
		return cont;
	for_each_root_subsys(parent->root, ss, i)
		if (ss->post_clone)
			ss->post_clone(ss, cont);
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
			remove_container(cont);
	}
}

/* the bound subsystems whose fork_clone() wants @child in a new container */
static unsigned long fork_clone_subsys(struct task_struct *child)
{
	unsigned long want = 0;
	struct container_subsys *ss;
	int i;

	for_each_subsys_in(ss, i, bound_subsys(subsys_fork_clone_mask))
		if (ss->fork_clone(ss, child))
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
			remove_container(cont);
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
	struct container_subsys *ss;
	int i;

	for_each_subsys_in(ss, i, mask & bound_subsys(subsys_can_fork_mask))
		if (ss->cancel_fork)
			ss->cancel_fork(ss, child);
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

	for_each_subsys_in(ss, i, bound_subsys(subsys_can_fork_mask)) {
		ret = ss->can_fork(ss, child);
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
	struct container_subsys *ss;
	int i;

	for_each_subsys_in(ss, i, bound_subsys(subsys_fork_mask))
		ss->fork(ss, child);
	if (unlikely(bound_subsys(subsys_fork_clone_mask))) {
		struct css_group *cg = forking_css_group(child);

		if (has_fork_clones(cg))
			clear_fork_clones(cg);
	}
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
		for_each_subsys_in(ss, i, bound_subsys(subsys_exit_mask))
			ss->exit(ss, tsk);
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

	for_each_subsys_in(ss, i, bound_subsys(subsys_release_mask))
		ss->release(ss, tsk);

	task_lock(tsk);
	cg = rcu_dereference_protected(tsk->containers,
				       lockdep_is_held(&tsk->alloc_lock));
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

		spin_lock(&release_agent_lock);
		strscpy(agent, cont->root->release_agent, PATH_MAX);
		spin_unlock(&release_agent_lock);

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
 * /proc
 */

static void show_root_subsys(struct seq_file *m, struct container_root *root)
{
	struct container_subsys *ss;
	const char *sep = "";
	int i;

	for_each_root_subsys(root, ss, i) {
		seq_printf(m, "%s%s", sep, ss->name);
		sep = ",";
	}
	if (root->name[0])
		seq_printf(m, "%sname=%s", sep, root->name);
}

/**
 * proc_container_show - show /proc/PID/container
 * @m: the seq_file of the /proc file
 * @ns: the reader's pid namespace
 * @pid: the pid of the task
 * @tsk: the task
 *
 * One line per hierarchy: "ID:SUBSYS,...[,name=NAME]:PATH".
 *
 * Return: 0 or a negative errno.
 */
int proc_container_show(struct seq_file *m, struct pid_namespace *ns,
			struct pid *pid, struct task_struct *tsk)
{
	struct container_root *root;
	char *buf;
	int id, ret = 0;

	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;

	mutex_lock(&container_mutex);
	for_each_mounted_root(root, id) {
		struct container *cont;

		rcu_read_lock();
		cont = css_group_container(task_css_group(tsk), root);
		rcu_read_unlock();
		/*
		 * container_mutex keeps @cont, and keeps it in its place; only
		 * a zombie's container may have been removed since it exited.
		 */
		ret = container_path(cont, buf, PATH_MAX);
		if (ret < 0)
			break;
		ret = 0;
		seq_printf(m, "%d:", id);
		show_root_subsys(m, root);
		seq_printf(m, ":%s%s\n", buf,
			   container_is_removed(cont) ? " (deleted)" : "");
	}
	mutex_unlock(&container_mutex);
	kfree(buf);
	return ret;
}

static int proc_containers_show(struct seq_file *m, void *v)
{
	struct container_subsys *ss;
	int i;

	seq_puts(m, "#subsys_name\thierarchy\tnum_containers\tenabled\n");
	mutex_lock(&container_mutex);
	for_each_subsys(ss, i)
		seq_printf(m, "%s\t%d\t%d\t1\n", ss->name,
			   ss->root->hierarchy_id, ss->root->nr_containers);
	mutex_unlock(&container_mutex);
	return 0;
}

/* -------------------------------------------------------------------------
 * Helpers for subsystems
 */

/**
 * container_path - a container's path from its hierarchy's top
 * @cont: the container
 * @buf: where to put it
 * @buflen: size of @buf
 *
 * The top container is "/", others look like "/a/b".  Call under
 * container_lock() or otherwise make sure @cont stays.
 *
 * Return: the length of the path, or a negative errno (-E2BIG if it did
 * not fit).
 */
int container_path(const struct container *cont, char *buf, int buflen)
{
	int ret;

	if (!cont->kn || container_is_top(cont))
		return strscpy(buf, "/", buflen);
	ret = kernfs_path_from_node(cont->kn, cont->root->top.kn, buf, buflen);
	if (ret >= buflen)
		return -E2BIG;
	return ret;
}
EXPORT_SYMBOL_GPL(container_path);

/**
 * task_container - the container of a task in a subsystem's hierarchy
 * @tsk: the task
 * @subsys_id: the subsystem's id
 *
 * Same rules as task_subsys_state().
 *
 * Return: the container.
 */
struct container *task_container(struct task_struct *tsk, int subsys_id)
{
	return task_subsys_state(tsk, subsys_id)->container;
}
EXPORT_SYMBOL_GPL(task_container);

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
EXPORT_SYMBOL_GPL(container_task_get_css);

/*
 * The number of hierarchies, mounted or kept for their containers, for
 * the debug subsystem.  A racy snapshot: read handlers must not take
 * container_mutex (see the top of this file).
 */
int container_nr_hierarchies(void)
{
	int id, n = 0;

	for (id = 1; id < CONTAINER_MAX_HIERARCHIES; id++)
		if (READ_ONCE(hierarchies[id]))
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
EXPORT_SYMBOL_GPL(container_hierarchy_id);

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
EXPORT_SYMBOL_GPL(container_scan_tasks);

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
	if (ss->root == &default_root)
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
		remove_container(cont);
out:
	mutex_unlock(&container_mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(container_clone);

/* -------------------------------------------------------------------------
 * Boot-time setup
 */

/* make a subsystem's state for the default hierarchy's top container */
static void __init create_top_css(struct container_subsys *ss)
{
	struct container *top = &default_root.top;
	struct container_subsys_state *css;

	css = ss->create(ss, top);
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

	init_container(&default_root.top, &default_root, NULL);
	INIT_LIST_HEAD(&default_root.top_files);
	default_root.nr_containers = 1;
	RCU_INIT_POINTER(init_task.containers, &init_css_group);

	for_each_subsys(ss, i) {
		WARN_ON(ss->subsys_id != i);
		ss->root = &default_root;
		default_root.subsys_mask |= BIT(i);
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
		css = default_root.top.subsys[i];
		if (percpu_ref_init(&css->refcnt, css_release, 0, GFP_KERNEL))
			panic("container: out of memory\n");
	}

	hash_add(css_group_table, &init_css_group.hlist,
		 css_group_hash(init_css_group.subsys, init_css_group.conts));

	WARN_ON(register_filesystem(&container_fs_type));
	proc_create_single("containers", 0444, NULL, proc_containers_show);
}

#ifdef CONFIG_CONTAINER_KUNIT_TEST
#include "container_test.c"
#endif
