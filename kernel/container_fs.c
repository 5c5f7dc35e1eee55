// SPDX-License-Identifier: GPL-2.0
/*
 * Generic process containers: the filesystem side
 *
 * Every hierarchy is a kernfs tree, mounted as the "container" filesystem:
 * a directory per container, holding the framework's files (tasks, procs,
 * notify_on_release and, at the top, release_agent) and the control files
 * of the hierarchy's subsystems.  This file parses mount options, makes
 * and destroys the kernfs side of hierarchies, turns kernfs callbacks into
 * calls of the core (kernel/container.c) and of subsystems' file handlers,
 * and shows /proc/PID/container and /proc/containers.
 *
 * Map, in the order a user meets it:
 *
 *  - mount options
 *  - hierarchies: finding, making and destroying their trees
 *  - the filesystem: fs_context, mount, remount, kill_sb
 *  - kernfs callbacks that take container_mutex
 *  - subsystems' control files
 *  - the framework's files: tasks, procs, notify_on_release, release_agent
 *  - a directory's files, and names that would clash without prefixes
 *  - mkdir, rmdir and rename
 *  - /proc
 */

#define pr_fmt(fmt) "container: " fmt

#include <linux/capability.h>
#include <linux/container.h>
#include <linux/cred.h>
#include <linux/ctype.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/fs_parser.h>
#include <linux/jiffies.h>
#include <linux/kernfs.h>
#include <linux/kthread.h>
#include <linux/llist.h>
#include <linux/pid_namespace.h>
#include <linux/proc_fs.h>
#include <linux/sched/signal.h>
#include <linux/sched/stat.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "container_internal.h"

#define CONTAINER_SUPER_MAGIC		0x636f6e74	/* "cont" */

/* a control file that a subsystem added to a hierarchy's top container */
struct container_top_file {
	struct list_head list;
	struct container_subsys *ss;
	struct kernfs_node *kn;
};

static bool noprefix_names_clash(unsigned long mask);

/* -------------------------------------------------------------------------
 * Mount options
 */

enum {
	OPT_ALL,
	OPT_NONE,
	OPT_NOPREFIX,
	OPT_NAME,
	OPT_RELEASE_AGENT,
};

/* the options of every mount; each subsystem's name is one more flag */
static const struct fs_parameter_spec container_fs_params[] = {
	fsparam_flag("all", OPT_ALL),
	fsparam_flag("none", OPT_NONE),
	fsparam_flag("noprefix", OPT_NOPREFIX),
	fsparam_string("name", OPT_NAME),
	/* an empty agent is none, as when the option is not given */
	fsparam_string_empty("release_agent", OPT_RELEASE_AGENT),
	{}
};

static struct container_subsys *subsys_by_name(const char *name)
{
	struct container_subsys *ss;
	int i;

	for_each_subsys(ss, i)
		if (!strcmp(name, ss->name))
			return ss;
	return NULL;
}

/*
 * container_opts_add - take one mount option into @opts
 * @fc: the context, for error messages
 * @opts: the options so far
 * @param: the option
 *
 * Return: 0, -ENOPARAM for "source" (which the VFS keeps), or -EINVAL for
 * an unknown option, a value where none belongs or a second name= or
 * release_agent=.
 */
static int container_opts_add(struct fs_context *fc,
			      struct container_opts *opts,
			      struct fs_parameter *param)
{
	struct fs_parse_result result;
	struct container_subsys *ss;
	char **slot;
	int opt;

	opt = fs_parse(fc, container_fs_params, param, &result);
	if (opt == -ENOPARAM) {
		ss = subsys_by_name(param->key);
		if (!ss && !strcmp(param->key, "source"))
			return -ENOPARAM;
		if (!ss)
			return invalfc(fc, "unknown option \"%s\"", param->key);
		if (param->type != fs_value_is_flag)
			return invalfc(fc, "%s takes no value", param->key);
		opts->subsys_mask |= BIT(ss->subsys_id);
		return 0;
	}
	if (opt < 0)
		return opt;

	switch (opt) {
	case OPT_ALL:
		opts->all = true;
		return 0;
	case OPT_NONE:
		opts->none = true;
		return 0;
	case OPT_NOPREFIX:
		opts->noprefix = true;
		return 0;
	case OPT_NAME:
		slot = &opts->name;
		break;
	default:
		slot = &opts->release_agent;
		break;
	}
	if (*slot)
		return invalfc(fc, "%s given twice", param->key);
	/* the string is ours now; container_free_opts() frees it */
	*slot = param->string;
	param->string = NULL;
	return 0;
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

static struct container_root *container_root_of(struct kernfs_root *kf_root)
{
	struct container *top = kernfs_root_to_node(kf_root)->priv;

	return top->root;
}

/* remove the files that @ss added to @root's top container */
void container_remove_top_files(struct container_root *root,
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

static void destroy_root(struct container_root *root)
{
	lockdep_assert_held(&container_mutex);
	WARN_ON_ONCE(!list_empty(&root->top.children));

	container_rebind(root, 0);
	container_hierarchies[root->hierarchy_id] = NULL;
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
		if (!container_hierarchies[id])
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
	container_init_one(&root->top, root, NULL);
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
	container_hierarchies[id] = root;

	ret = container_populate_dir(&root->top);
	if (!ret)
		ret = container_rebind(root, opts->subsys_mask);
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
	return container_opts_add(fc, &container_fc(fc)->opts, param);
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
		ret = container_rebind(root, opts->subsys_mask);
		if (ret)
			goto out;
	}
	if (opts->release_agent) {
		spin_lock(&container_release_agent_lock);
		strscpy(root->release_agent, opts->release_agent);
		spin_unlock(&container_release_agent_lock);
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
 * A filesystem type of a subsystem's own, such as "cpuset", stands for one
 * fixed set of options: a mount takes none of its own (the source is the
 * VFS's).  A remount is one of the hierarchy, with the options of
 * "mount -t container", so that the options /proc/mounts shows for it can
 * be given back.
 */
static int container_preset_parse_param(struct fs_context *fc,
					struct fs_parameter *param)
{
	if (!strcmp(param->key, "source"))
		return -ENOPARAM;
	return invalfc(fc, "%s takes no options, not \"%s\"",
		       fc->fs_type->name, param->key);
}

static const struct fs_context_operations container_preset_fs_context_ops = {
	.free		= container_free_fs_context,
	.parse_param	= container_preset_parse_param,
	.get_tree	= container_get_tree,
};

/**
 * container_init_preset_fs_context - set up a mount of a preset hierarchy
 * @fc: the context that the filesystem type's init_fs_context got
 * @preset: the options that every mount of the type stands for
 *
 * For the init_fs_context of a file_system_type that a subsystem registers
 * to keep an older filesystem of its own working; its kill_sb must be
 * container_kill_sb().  A mount then finds or makes the hierarchy exactly
 * as "mount -t container" with those options would, with the same errors.
 *
 * Return: 0 or -ENOMEM.
 */
int container_init_preset_fs_context(struct fs_context *fc,
				     const struct container_fs_preset *preset)
{
	struct container_opts *opts;
	int ret;

	ret = container_init_fs_context(fc);
	if (ret)
		return ret;
	opts = &container_fc(fc)->opts;
	opts->noprefix = preset->noprefix;
	if (fc->purpose == FS_CONTEXT_FOR_RECONFIGURE)
		return 0;

	fc->ops = &container_preset_fs_context_ops;
	opts->subsys_mask = preset->subsys_mask;
	if (preset->release_agent) {
		/* freed with the context, as a parsed option would be */
		opts->release_agent = kstrdup(preset->release_agent,
					      GFP_KERNEL);
		if (!opts->release_agent)
			return -ENOMEM;
	}
	return 0;
}

/**
 * container_kill_sb - a superblock of a container hierarchy goes
 * @sb: the superblock
 *
 * The kill_sb of every filesystem type that mounts hierarchies.  When the
 * last mount of a hierarchy is gone, a hierarchy with child containers
 * lives on, to come back on the next mount of its subsystems; one with
 * only its top is destroyed at once, freeing its subsystems.
 */
void container_kill_sb(struct super_block *sb)
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
	.parameters		= container_fs_params,
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
	spin_lock(&container_release_agent_lock);
	if (root->release_agent[0])
		seq_show_option(sf, "release_agent", root->release_agent);
	spin_unlock(&container_release_agent_lock);
	return 0;
}

/* -------------------------------------------------------------------------
 * Kernfs callbacks that take container_mutex
 *
 * Kernfs holds an active reference on a node while our callback runs, and
 * kernfs_remove(), which rmdir calls under container_mutex, waits for all
 * of them.  A callback that waits for container_mutex must therefore give
 * its active reference up first, and afterwards find out whether its
 * container survived; it pins the container's structure meanwhile.  The
 * order of these steps is kernfs's rule: see
 * kernfs_break_active_protection() in fs/kernfs/dir.c.
 */

/**
 * struct live_node - a kernfs callback's hold on its container
 * @kn: the node of the callback
 * @cont: the container of the node, or of the file's directory
 */
struct live_node {
	struct kernfs_node *kn;
	struct container *cont;
};

static void live_end(struct live_node *live)
{
	mutex_unlock(&container_mutex);
	kernfs_unbreak_active_protection(live->kn);
	container_put(live->cont);
}

/*
 * live_begin - take container_mutex from a kernfs callback on @kn
 *
 * Return: true with the mutex held and @live->cont not removed; false,
 * with nothing held, if rmdir took the container away meanwhile.
 */
static bool live_begin(struct live_node *live, struct kernfs_node *kn)
{
	live->kn = kn;
	live->cont = kernfs_type(kn) == KERNFS_DIR ? kn->priv : kn->parent->priv;
	container_get(live->cont);
	kernfs_break_active_protection(kn);
	mutex_lock(&container_mutex);
	if (!container_is_removed(live->cont))
		return true;
	live_end(live);
	return false;
}

/*
 * Every write to one of our files: the text with surrounding space
 * stripped goes to @apply under container_mutex, on a live container, and
 * with the credentials of whoever opened the file, so that a descriptor
 * handed to a more privileged program (a setuid one) cannot do what its
 * opener could not: capable() and the permission checks see the opener.
 */
static ssize_t write_locked(struct kernfs_open_file *of, char *buf,
			    size_t nbytes,
			    int (*apply)(struct kernfs_open_file *of,
					 struct container *cont, char *text))
{
	const struct cred *saved_cred;
	struct live_node live;
	int ret;

	if (!live_begin(&live, of->kn))
		return -ENODEV;
	saved_cred = override_creds(of->file->f_cred);
	ret = apply(of, live.cont, strim(buf));
	revert_creds(saved_cred);
	live_end(&live);
	return ret ?: nbytes;
}

/*
 * A file belongs to whoever made its directory (populate() runs in its
 * mkdir), as in the 2007 design: a user who was delegated a group can
 * then move its own tasks into the groups it makes below.  A hierarchy's
 * top files belong to root.
 */
static struct kernfs_node *make_file(struct container *cont, const char *name,
				     umode_t mode, const struct kernfs_ops *ops,
				     void *priv)
{
	kuid_t uid = GLOBAL_ROOT_UID;
	kgid_t gid = GLOBAL_ROOT_GID;

	if (!container_is_top(cont)) {
		uid = current_fsuid();
		gid = current_fsgid();
	}
	return __kernfs_create_file(cont->kn, name, mode, uid, gid, 0, ops,
				    priv, NULL, NULL);
}

/* does @flags let the file be in @cont's directory? */
static bool file_belongs(const struct container *cont, unsigned int flags)
{
	if (container_is_top(cont))
		return !(flags & CONTAINER_CFTYPE_NOT_ON_ROOT);
	return !(flags & CONTAINER_CFTYPE_ONLY_ON_ROOT);
}

/* -------------------------------------------------------------------------
 * Subsystems' control files
 *
 * A file's node points to its cftype; the directory's node to the
 * container.  How a file reads is chosen when it is made, by the read
 * handler it has: one kernfs_ops for each kind.
 */

/* the subsystem state that a control file's handlers get */
static struct container_subsys_state *cft_css(struct kernfs_open_file *of)
{
	const struct container_cftype *cft = of->kn->priv;
	struct container *cont = of->kn->parent->priv;

	return cont->subsys[cft->ss->subsys_id];
}

static int cft_show_u64(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = sf->private;
	struct container_cftype *cft = of->kn->priv;

	seq_printf(sf, "%llu\n", cft->read_u64(cft_css(of), cft));
	return 0;
}

static int cft_show_s64(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = sf->private;
	struct container_cftype *cft = of->kn->priv;

	seq_printf(sf, "%lld\n", cft->read_s64(cft_css(of), cft));
	return 0;
}

static int cft_show_text(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = sf->private;
	struct container_cftype *cft = of->kn->priv;

	return cft->seq_show(cft_css(of), cft, sf);
}

static int cft_apply(struct kernfs_open_file *of, struct container *cont,
		     char *text)
{
	struct container_cftype *cft = of->kn->priv;
	struct container_subsys_state *css = cont->subsys[cft->ss->subsys_id];
	u64 uval;
	s64 sval;

	/* a remount may have unbound the subsystem while we waited */
	if (!css)
		return -ENODEV;
	if (cft->write_string)
		return cft->write_string(css, cft, text);
	/* out of range is as invalid as not a number */
	if (cft->write_u64)
		return kstrtou64(text, 10, &uval) ? -EINVAL :
		       cft->write_u64(css, cft, uval);
	if (cft->write_s64)
		return kstrtos64(text, 10, &sval) ? -EINVAL :
		       cft->write_s64(css, cft, sval);
	/* a read-only file that root opened for writing anyway */
	return -EINVAL;
}

static ssize_t cft_write(struct kernfs_open_file *of, char *buf,
			 size_t nbytes, loff_t off)
{
	const struct container_cftype *cft = of->kn->priv;

	if (cft->max_write_len && nbytes > cft->max_write_len)
		return -E2BIG;
	return write_locked(of, buf, nbytes, cft_apply);
}

static const struct kernfs_ops cft_u64_ops = {
	.atomic_write_len	= PAGE_SIZE,
	.seq_show		= cft_show_u64,
	.write			= cft_write,
};

static const struct kernfs_ops cft_s64_ops = {
	.atomic_write_len	= PAGE_SIZE,
	.seq_show		= cft_show_s64,
	.write			= cft_write,
};

static const struct kernfs_ops cft_text_ops = {
	.atomic_write_len	= PAGE_SIZE,
	.seq_show		= cft_show_text,
	.write			= cft_write,
};

/* write-only files still need a seq_show for kernfs; it is never called */
static const struct kernfs_ops *cft_ops(const struct container_cftype *cft)
{
	if (cft->read_u64)
		return &cft_u64_ops;
	if (cft->read_s64)
		return &cft_s64_ops;
	return &cft_text_ops;
}

static bool cft_writable(const struct container_cftype *cft)
{
	return cft->write_u64 || cft->write_s64 || cft->write_string;
}

static bool cft_readable(const struct container_cftype *cft)
{
	return cft->read_u64 || cft->read_s64 || cft->seq_show;
}

/**
 * container_add_file - add a control file to a container's directory
 * @css: the subsystem's state of the container, normally the one passed
 *	to populate()
 * @cft: the file; must live as long as the subsystem (static)
 *
 * The file is named "SUBSYS.NAME", or "NAME" on noprefix hierarchies.
 * Call under container_lock().
 *
 * Return: 0 or a negative errno.
 */
int container_add_file(struct container_subsys_state *css,
		       struct container_cftype *cft)
{
	char name[CONTAINER_CFTYPE_NAME_LEN + CONTAINER_CFTYPE_NAME_LEN + 2];
	struct container *cont = css->container;
	struct container_subsys *ss = css->ss;
	struct container_top_file *tf = NULL;
	struct kernfs_node *kn;
	umode_t mode = 0;

	lockdep_assert_held(&container_mutex);

	if (!cont->kn || !file_belongs(cont, cft->flags))
		return 0;
	if (cft_readable(cft))
		mode |= 0444;
	if (cft_writable(cft))
		mode |= 0200;
	if (cont->root->noprefix)
		strscpy(name, cft->name);
	else
		snprintf(name, sizeof(name), "%s.%s", ss->name, cft->name);
	cft->ss = ss;

	/* a top's files go when the subsystem leaves the hierarchy */
	if (container_is_top(cont)) {
		tf = kzalloc(sizeof(*tf), GFP_KERNEL);
		if (!tf)
			return -ENOMEM;
	}
	kn = make_file(cont, name, mode, cft_ops(cft), cft);
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
 * container_add_files - add several control files
 * @css: the subsystem's state of the container
 * @cft: an array of files
 * @count: its length
 *
 * Return: 0 or the first error.
 */
int container_add_files(struct container_subsys_state *css,
			struct container_cftype cft[], int count)
{
	int i, ret;

	for (i = 0; i < count; i++) {
		ret = container_add_file(css, &cft[i]);
		if (ret)
			return ret;
	}
	return 0;
}

/* -------------------------------------------------------------------------
 * The framework's files
 */

/**
 * struct core_file - one of the framework's own files
 * @name: its name, never prefixed
 * @flags: CONTAINER_CFTYPE_ONLY_ON_ROOT or 0
 * @ops: its kernfs operations: core_kf_ops, or the pid list's
 * @show: prints the file of @cont (with core_kf_ops)
 * @apply: takes a write to the file of @cont, under write_locked(); NULL
 *	for a read-only file
 * @procs: tasks and procs: list (and move) whole processes
 *
 * A file with @apply is 0644, but a write may need more than the mode
 * allows (see may_move_task() and agent_apply()); the others are 0444.
 */
struct core_file {
	const char *name;
	unsigned int flags;
	const struct kernfs_ops *ops;
	void (*show)(struct seq_file *sf, struct container *cont);
	int (*apply)(struct kernfs_open_file *of, struct container *cont,
		     char *text);
	bool procs;
};

static ssize_t core_write(struct kernfs_open_file *of, char *buf,
			  size_t nbytes, loff_t off)
{
	const struct core_file *cf = of->kn->priv;

	/* root may open a read-only file for writing */
	if (!cf->apply)
		return -EINVAL;
	return write_locked(of, buf, nbytes, cf->apply);
}

static int core_show(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = sf->private;
	const struct core_file *cf = of->kn->priv;

	cf->show(sf, of->kn->parent->priv);
	return 0;
}

static const struct kernfs_ops core_kf_ops = {
	.atomic_write_len	= PAGE_SIZE,
	.seq_show		= core_show,
	.write			= core_write,
};

/*
 * May the writer move @tsk?  The writer's credentials are those that the
 * file was opened with (write_locked()); the file's mode was checked at
 * open.
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

/* a pid written to tasks or procs; 0 is the writer */
static int tasks_apply(struct kernfs_open_file *of, struct container *cont,
		       char *text)
{
	const struct core_file *cf = of->kn->priv;
	struct task_struct *tsk;
	int pid, ret;

	if (kstrtoint(text, 10, &pid) || pid < 0)
		return -EINVAL;

	rcu_read_lock();
	tsk = pid ? find_task_by_vpid(pid) : current;
	if (tsk && cf->procs)
		tsk = tsk->group_leader;
	if (tsk)
		get_task_struct(tsk);
	rcu_read_unlock();
	if (!tsk)
		return -ESRCH;

	/*
	 * Every kernel thread is forked by kthreadd, into kthreadd's groups;
	 * moved, it would put the next ones where a bound kthread can never
	 * leave again (cpuset refuses to move those).  cgroup refuses too.
	 */
	if (tsk == kthreadd_task)
		ret = -EINVAL;
	else
		ret = may_move_task(tsk);
	if (!ret)
		ret = container_move_task(cont, tsk, MOVE_BY_USER |
					  (cf->procs ? MOVE_PROCESS : 0));
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
	const struct core_file *cf = of->kn->priv;
	struct container_pidlist *l = of->priv;

	if (!*pos || !l) {
		kvfree(l);
		of->priv = NULL;
		l = container_pidlist(of->kn->parent->priv, cf->procs);
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
	.write			= core_write,
};

/* a flag file: 0 clears it, any other unsigned number sets it */
static void notify_show(struct seq_file *sf, struct container *cont)
{
	seq_printf(sf, "%d\n", test_bit(CONT_NOTIFY_ON_RELEASE, &cont->flags));
}

static int notify_apply(struct kernfs_open_file *of, struct container *cont,
			char *text)
{
	u64 val;

	if (kstrtou64(text, 10, &val))
		return -EINVAL;
	assign_bit(CONT_NOTIFY_ON_RELEASE, &cont->flags, val);
	return 0;
}

static void agent_show(struct seq_file *sf, struct container *cont)
{
	spin_lock(&container_release_agent_lock);
	seq_puts(sf, cont->root->release_agent);
	spin_unlock(&container_release_agent_lock);
	seq_putc(sf, '\n');
}

static int agent_apply(struct kernfs_open_file *of, struct container *cont,
		       char *text)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (strlen(text) >= PATH_MAX)
		return -EINVAL;
	spin_lock(&container_release_agent_lock);
	strscpy(cont->root->release_agent, text);
	spin_unlock(&container_release_agent_lock);
	return 0;
}

/*
 * 1 while the container or a descendant has a task.  Kept by the core
 * (populated_change()); a hierarchy's top always holds tasks.
 */
static void populated_show(struct seq_file *sf, struct container *cont)
{
	seq_printf(sf, "%d\n",
		   container_is_top(cont) || READ_ONCE(cont->nr_populated));
}

/*
 * A populated file is notified at most once per POPULATED_NOTIFY_GAP: a
 * task that moves back and forth, or a group whose only task forks and
 * exits in a loop, would otherwise make kernfs_notify() run its work (and
 * a kworker) at every change.  A change within the gap is notified when the
 * gap is over, from populated_work, together with every other change that
 * came meanwhile, so watchers read the value that holds by then.
 */
#define POPULATED_NOTIFY_GAP	(HZ / 100 ?: 1)

static LLIST_HEAD(populated_waiting);

static void populated_notify_now(struct container *cont)
{
	WRITE_ONCE(cont->populated_notified, jiffies);
	if (!container_is_removed(cont))
		kernfs_notify(cont->populated_kn);
}

static void populated_work_fn(struct work_struct *work)
{
	struct llist_node *waiting = llist_del_all(&populated_waiting);
	struct container *cont, *next;

	llist_for_each_entry_safe(cont, next, waiting, notify_node) {
		/* a change from now on waits again, or is notified at once */
		clear_bit(CONT_NOTIFY_PENDING, &cont->flags);
		/*
		 * Pairs with test_and_set_bit() in container_notify_populated():
		 * a change that found the bit still set came before the clear,
		 * so the notification below comes after that change.
		 */
		smp_mb__after_atomic();
		populated_notify_now(cont);
		container_put(cont);
	}
}

static DECLARE_DELAYED_WORK(populated_work, populated_work_fn);

/**
 * container_notify_populated - wake the watchers of a populated file
 * @cont: the container, below a hierarchy's top, whose file changed
 *
 * poll() on the file wakes with POLLPRI, inotify sees IN_MODIFY: at once
 * if the file was not notified within the last POPULATED_NOTIFY_GAP,
 * otherwise when that is over.  Any context; the core calls it under its
 * css_group lock, with @cont referenced by a css_group.
 */
void container_notify_populated(struct container *cont)
{
	if (!cont->populated_kn || container_is_removed(cont))
		return;
	if (time_after_eq(jiffies, READ_ONCE(cont->populated_notified) +
				   POPULATED_NOTIFY_GAP)) {
		populated_notify_now(cont);
		return;
	}
	if (test_and_set_bit(CONT_NOTIFY_PENDING, &cont->flags))
		return;
	/* the waiting notification keeps the structure and its file */
	container_get(cont);
	llist_add(&cont->notify_node, &populated_waiting);
	queue_delayed_work(system_wq, &populated_work, POPULATED_NOTIFY_GAP);
}

static const struct core_file core_files[] = {
	{
		.name = "tasks",
		.ops = &container_pidlist_kf_ops,
		.apply = tasks_apply,
	},
	{
		.name = "procs",
		.ops = &container_pidlist_kf_ops,
		.apply = tasks_apply,
		.procs = true,
	},
	{
		.name = "notify_on_release",
		.ops = &core_kf_ops,
		.show = notify_show,
		.apply = notify_apply,
	},
	{
		.name = "release_agent",
		.flags = CONTAINER_CFTYPE_ONLY_ON_ROOT,
		.ops = &core_kf_ops,
		.show = agent_show,
		.apply = agent_apply,
	},
	{
		.name = "populated",
		.ops = &core_kf_ops,
		.show = populated_show,
	},
};

/* -------------------------------------------------------------------------
 * A directory's files
 */

/**
 * container_add_subsys_files - a subsystem's files in a directory
 * @css: the subsystem's state of the directory's container
 *
 * Its table, then what its populate() adds.
 *
 * Return: 0 or an errno.
 */
int container_add_subsys_files(struct container_subsys_state *css)
{
	struct container_subsys *ss = css->ss;
	struct container_cftype *cft;
	int ret;

	for (cft = ss->files; cft && cft->name[0]; cft++) {
		ret = container_add_file(css, cft);
		if (ret)
			return ret;
	}
	return ss->populate ? ss->populate(css) : 0;
}

/**
 * container_populate_dir - the files of a new directory
 * @cont: its container
 *
 * The framework's files, and below the top its subsystems' files
 * (container_rebind() gives the top its subsystems' files).
 *
 * Return: 0 or an errno.
 */
int container_populate_dir(struct container *cont)
{
	struct container_subsys *ss;
	struct kernfs_node *kn;
	int i, ret;

	lockdep_assert_held(&container_mutex);

	for (i = 0; i < ARRAY_SIZE(core_files); i++) {
		const struct core_file *cf = &core_files[i];

		if (!file_belongs(cont, cf->flags))
			continue;
		kn = make_file(cont, cf->name, cf->apply ? 0644 : 0444,
			       cf->ops, (void *)cf);
		if (IS_ERR(kn))
			return PTR_ERR(kn);
		if (cf->show == populated_show && !container_is_top(cont)) {
			kernfs_get(kn);
			cont->populated_notified = jiffies - POPULATED_NOTIFY_GAP;
			cont->populated_kn = kn;
		}
	}
	if (container_is_top(cont))
		return 0;

	for_each_root_subsys(cont->root, ss, i) {
		ret = container_add_subsys_files(cont->subsys[i]);
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

/* is @cft named like one of the framework's files that may share its dir? */
static bool core_name_clash(const struct container_cftype *cft)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(core_files); i++) {
		const struct core_file *cf = &core_files[i];

		if ((cf->flags & CONTAINER_CFTYPE_ONLY_ON_ROOT) &&
		    (cft->flags & CONTAINER_CFTYPE_NOT_ON_ROOT))
			continue;
		if (!strcmp(cf->name, cft->name))
			return true;
	}
	return false;
}

/*
 * Would two files of @tables[0..@n) (each ended by an empty name), or one
 * of them and a framework file, share a name in a directory?
 */
static bool cftype_tables_clash(struct container_cftype *const tables[], int n)
{
	const struct container_cftype *a, *b;
	int i, j;

	for (i = 0; i < n; i++) {
		for (a = tables[i]; a->name[0]; a++) {
			if (core_name_clash(a))
				return true;
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
	/* one more: the framework alone has no subsystem at all */
	struct container_cftype *tables[CONTAINER_SUBSYS_COUNT + 1];
	struct container_subsys *ss;
	int i, n = 0;

	for_each_subsys_in(ss, i, mask)
		if (ss->files)
			tables[n++] = ss->files;
	return cftype_tables_clash(tables, n);
}

/* -------------------------------------------------------------------------
 * mkdir, rmdir and rename
 */

/*
 * kernfs's lookup, unlike most filesystems' (simple_lookup()), takes any
 * length, and so do its mkdir and rename: a longer name than NAME_MAX
 * would be listed cut short by readdir and could never be opened again.
 */
static bool name_too_long(const char *name)
{
	return strnlen(name, NAME_MAX + 1) > NAME_MAX;
}

static int container_mkdir(struct kernfs_node *parent_kn, const char *name,
			   umode_t mode)
{
	struct live_node live;
	struct container *cont;

	if (name_too_long(name))
		return -ENAMETOOLONG;
	if (!live_begin(&live, parent_kn))
		return -ENODEV;
	cont = container_make(live.cont, name, mode);
	live_end(&live);
	return PTR_ERR_OR_ZERO(cont);
}

static int container_rmdir(struct kernfs_node *kn)
{
	struct live_node live;
	int ret;

	if (!live_begin(&live, kn))
		return -ENODEV;
	ret = container_remove(live.cont);
	live_end(&live);
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
	if (name_too_long(new_name))
		return -ENAMETOOLONG;
	return kernfs_rename_ns(kn, new_parent, new_name, NULL);
}

static struct kernfs_syscall_ops container_kf_syscall_ops = {
	.show_options	= container_show_options,
	.mkdir		= container_mkdir,
	.rmdir		= container_rmdir,
	.rename		= container_rename,
};

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

/**
 * container_task_path - a task's path in the hierarchy of a subsystem
 * @tsk: the task
 * @subsys_id: the subsystem, NAME_subsys_id
 * @buf: where to put the path
 * @buflen: size of @buf
 *
 * "/" while the subsystem is bound to no mounted hierarchy.  Takes
 * container_lock(), so it may sleep.
 *
 * Return: the length of the path, or a negative errno (-E2BIG if it did
 * not fit).
 */
int container_task_path(struct task_struct *tsk, int subsys_id,
			char *buf, int buflen)
{
	struct container_subsys_state *css;
	int ret;

	mutex_lock(&container_mutex);
	rcu_read_lock();
	css = task_subsys_state(tsk, subsys_id);
	rcu_read_unlock();
	/* as in proc_container_show(): container_mutex keeps the container */
	ret = container_path(css->container, buf, buflen);
	mutex_unlock(&container_mutex);
	return ret;
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

/**
 * container_fs_init - register the filesystem and /proc/containers
 */
void __init container_fs_init(void)
{
	WARN_ON(register_filesystem(&container_fs_type));
	proc_create_single("containers", 0444, NULL, proc_containers_show);
}

#ifdef CONFIG_CONTAINER_KUNIT_TEST
#include "container_test.c"
#endif
