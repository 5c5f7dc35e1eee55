// SPDX-License-Identifier: GPL-2.0-only
/*
 * ns - namespaces as containers
 *
 * While this subsystem is bound to a hierarchy, the hierarchy follows the
 * tree of namespace creations: a task that gets new namespaces, by clone()
 * or unshare() with a CLONE_NEW* flag that gives it a new nsproxy, gets a
 * new child container "node_PID" of the one it was in, PID being its pid
 * in the initial pid namespace.  A clone()d child starts there before it
 * runs; an unshare()ing task moves there before its new namespaces are
 * installed.  If the container cannot be made, the clone() or unshare()
 * fails with that errno.  The other subsystems of the hierarchy govern
 * the node containers as any others (cpuset gives a node its parent's
 * CPUs and nodes in its post_clone()).
 *
 * So that a node holds the tasks of its namespaces, user space may move a
 * task only into a descendant of its container, and only with
 * CAP_SYS_ADMIN.  The subsystem has no control files.
 */

#include <linux/capability.h>
#include <linux/container.h>
#include <linux/container_ns.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <linux/slab.h>

/* no state of its own beyond what every subsystem has */
static struct container_subsys_state *
ns_create(struct container_subsys_state *parent)
{
	struct container_subsys_state *css;

	css = kzalloc(sizeof(*css), GFP_KERNEL);
	return css ?: ERR_PTR(-ENOMEM);
}

static void ns_destroy(struct container_subsys_state *css)
{
	kfree(css);
}

/* copy_namespaces() gave a child with CLONE_NEW* flags an nsproxy of its own */
static bool ns_fork_clone(struct task_struct *task)
{
	return task->nsproxy != current->nsproxy;
}

static int ns_can_attach(struct container_subsys_state *css,
			 struct container_taskset *tset)
{
	struct container_subsys_state *old_css;
	struct task_struct *tsk;

	/* the kernel's own moves: container_clone(), CPU hotplug */
	if (!container_taskset_by_user(tset))
		return 0;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	container_taskset_for_each(tsk, old_css, tset)
		if (!container_is_descendant(css->container, old_css->container))
			return -EPERM;
	return 0;
}

struct container_subsys ns_subsys = {
	.name		= "ns",
	.subsys_id	= ns_subsys_id,
	.create		= ns_create,
	.destroy	= ns_destroy,
	.can_attach	= ns_can_attach,
	.fork_clone	= ns_fork_clone,
};

/**
 * container_ns_unshare - put the current task in a new node container
 * @new_ns: the nsproxy unshare() is about to install, or NULL for none
 *
 * Called by unshare() before anything is committed: on an error, unshare()
 * fails with it.  Nothing happens without new namespaces.
 *
 * Return: 0, or the errno of making the container or moving into it.
 */
int container_ns_unshare(struct nsproxy *new_ns)
{
	return new_ns ? container_clone(current, &ns_subsys) : 0;
}
