// SPDX-License-Identifier: GPL-2.0
/*
 * Forks counted per container: the example subsystem of the
 * writer's guide to containers, section 4
 */

#include <linux/atomic.h>
#include <linux/container.h>
#include <linux/err.h>
#include <linux/slab.h>

struct forks {
	struct container_subsys_state css;
	atomic64_t count;
};

static struct forks *css_forks(struct container_subsys_state *css)
{
	return container_of(css, struct forks, css);
}

static struct container_subsys_state *
forks_create(struct container_subsys_state *parent)
{
	struct forks *f = kzalloc(sizeof(*f), GFP_KERNEL);

	return f ? &f->css : ERR_PTR(-ENOMEM);
}

static void forks_destroy(struct container_subsys_state *css)
{
	kfree(css_forks(css));
}

/* on every fork: charge the child's container and its ancestors */
static void forks_fork(struct task_struct *task,
		       struct container_subsys_state *css)
{
	for (; css; css = css->parent)
		atomic64_inc(&css_forks(css)->count);
}

static u64 count_read(struct container_subsys_state *css,
		      struct container_cftype *cft)
{
	return atomic64_read(&css_forks(css)->count);
}

static int count_write(struct container_subsys_state *css,
		       struct container_cftype *cft, u64 val)
{
	if (val)
		return -EINVAL;
	atomic64_set(&css_forks(css)->count, 0);
	return 0;
}

static struct container_cftype forks_files[] = {
	{ .name = "count", .read_u64 = count_read, .write_u64 = count_write },
	{ }
};

struct container_subsys forks_subsys = {
	.name		= "forks",
	.subsys_id	= forks_subsys_id,
	.create		= forks_create,
	.destroy	= forks_destroy,
	.fork		= forks_fork,
	.files		= forks_files,
};
