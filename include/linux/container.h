/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic process containers: the interface for the rest of the kernel
 * and for container subsystems.  Documentation/containers.txt explains
 * the concepts, the user interface and how to write a subsystem.
 */
#ifndef _LINUX_CONTAINER_H
#define _LINUX_CONTAINER_H

#include <linux/types.h>

struct task_struct;
struct seq_file;
struct pid_namespace;
struct pid;
struct kernfs_node;

#ifdef CONFIG_CONTAINERS

#include <linux/list.h>
#include <linux/percpu-refcount.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/workqueue.h>

#define SUBSYS(_x) _x ## _subsys_id,
enum container_subsys_id {
#include <linux/container_subsys.h>
	CONTAINER_SUBSYS_COUNT
};

#undef SUBSYS

/*
 * Hierarchy ids run from 1 to CONTAINER_MAX_HIERARCHIES - 1; slot 0 is the
 * hidden default hierarchy that holds the subsystems no mount has bound.
 */
#define CONTAINER_MAX_HIERARCHIES	16

struct container;
struct container_root;
struct container_subsys;

/**
 * struct container_subsys_state - a subsystem's state for one container
 * @container: the container this state belongs to
 * @ss: the subsystem
 * @refcnt: references; see container_css_get() and container_css_put()
 * @destroy_rwork: frees the state once the last reference is gone
 *
 * A subsystem embeds this structure in its own per-container state,
 * allocates that in its create() callback and frees it in destroy().
 */
struct container_subsys_state {
	struct container *container;
	struct container_subsys *ss;
	struct percpu_ref refcnt;
	struct rcu_work destroy_rwork;
};

/* bits in container->flags */
enum {
	CONT_REMOVED,		/* rmdir has taken it away */
	CONT_NOTIFY_ON_RELEASE,	/* run the release agent when it empties */
};

/**
 * struct container - one group of tasks in one hierarchy
 * @flags: CONT_* bits
 * @subsys: the states of the subsystems bound to this hierarchy, by id
 * @parent: the parent container, NULL for a hierarchy's top container
 * @root: the hierarchy
 * @kn: its directory
 * @sibling: entry in @parent's @children
 * @children: the child containers
 * @nr_groups: number of css_groups that place tasks here
 * @refcnt: keeps the structure (not the group) alive
 * @release_list: entry in the list of containers awaiting notification
 * @rcu_head: for freeing after a grace period
 *
 * @parent, @sibling and @children change only under container_lock().
 */
struct container {
	unsigned long flags;
	struct container_subsys_state *subsys[CONTAINER_SUBSYS_COUNT];
	struct container *parent;
	struct container_root *root;
	struct kernfs_node *kn;
	struct list_head sibling;
	struct list_head children;
	int nr_groups;
	refcount_t refcnt;
	struct list_head release_list;
	struct rcu_head rcu_head;
};

/**
 * struct css_group - the containers and subsystem states of a set of tasks
 * @refcount: one reference per task that points here, plus transient ones
 * @hlist: entry in the table that finds an existing group by content
 * @subsys: the subsystem states, by subsystem id
 * @conts: the container in each hierarchy, by hierarchy id; NULL means the
 *	hierarchy's top container
 * @rcu_head: for freeing after a grace period
 *
 * Every task points to one css_group through task_struct::containers.
 * Tasks in the same containers share one css_group, so fork and exit take
 * and drop a single reference and never walk containers or hierarchies.
 */
struct css_group {
	refcount_t refcount;
	struct hlist_node hlist;
	struct container_subsys_state *subsys[CONTAINER_SUBSYS_COUNT];
	struct container *conts[CONTAINER_MAX_HIERARCHIES];
	struct rcu_head rcu_head;
};

/* flags of struct container_cftype */
enum {
	CONTAINER_CFTYPE_ONLY_ON_ROOT	= 1 << 0,	/* only in a hierarchy's top */
	CONTAINER_CFTYPE_NOT_ON_ROOT	= 1 << 1,	/* not in a hierarchy's top */
};

#define CONTAINER_CFTYPE_NAME_LEN		64

/**
 * struct container_cftype - a control file
 * @name: file name; the directory shows it as "SUBSYS.NAME" (or "NAME" on a
 *	noprefix hierarchy)
 * @private: for the subsystem's use
 * @flags: CONTAINER_CFTYPE_* flags
 * @max_write_len: longest write accepted, PAGE_SIZE - 1 if 0
 * @read_u64: read handler printing one unsigned number
 * @read_s64: read handler printing one signed number
 * @seq_show: read handler printing free text
 * @write_u64: write handler taking one unsigned decimal number
 * @write_s64: write handler taking one signed decimal number
 * @write_string: write handler taking the text, surrounding space stripped
 * @ss: the owning subsystem, set by container_add_file()
 *
 * The struct is called "cftype" in the 2007 API; cgroup owns that name
 * now.  Give one read and at most one write handler.  Write handlers run
 * under container_lock() on a live container: a write to a removed
 * container fails with -ENODEV before reaching them.  Read handlers run
 * without the lock; the container is valid but may be being removed.
 */
struct container_cftype {
	char name[CONTAINER_CFTYPE_NAME_LEN];
	int private;
	unsigned int flags;
	size_t max_write_len;
	u64 (*read_u64)(struct container *cont, struct container_cftype *cft);
	s64 (*read_s64)(struct container *cont, struct container_cftype *cft);
	int (*seq_show)(struct container *cont, struct container_cftype *cft,
			struct seq_file *sf);
	int (*write_u64)(struct container *cont, struct container_cftype *cft,
			 u64 val);
	int (*write_s64)(struct container *cont, struct container_cftype *cft,
			 s64 val);
	int (*write_string)(struct container *cont,
			    struct container_cftype *cft, char *buf);
	struct container_subsys *ss;
};

/**
 * struct container_subsys - a client of the container framework
 * @create: make the state for a new container; return it or an ERR_PTR.
 *	For the top container of the default hierarchy @cont->parent is NULL.
 * @destroy: free the state; called after the container is gone and the
 *	last reference to the state was dropped
 * @can_attach: may @tsk move into @cont?  Return 0 or an errno.
 * @attach: @tsk has moved from @old_cont into @cont
 * @fork: @task was just forked; it is already in its parent's containers
 * @exit: @task is exiting and about to leave its containers
 * @populate: add control files to the new directory of @cont
 * @bind: the subsystem moved to the hierarchy whose top is @root
 * @post_clone: @cont was made by container_clone()
 * @name: the name used in mount options, file names and /proc
 * @subsys_id: compile-time id, from container_subsys.h
 * @early_init: create the top state early in boot, before kmalloc works
 * @root: the hierarchy it is bound to (the framework's, read-only)
 *
 * Every callback is optional.  create, destroy, can_attach, attach,
 * populate, bind and post_clone run under container_lock() and may sleep;
 * fork and exit run on the fork and exit paths and must be cheap.
 */
struct container_subsys {
	struct container_subsys_state *(*create)(struct container_subsys *ss,
						 struct container *cont);
	void (*destroy)(struct container_subsys *ss, struct container *cont);
	int (*can_attach)(struct container_subsys *ss, struct container *cont,
			  struct task_struct *tsk);
	void (*attach)(struct container_subsys *ss, struct container *cont,
		       struct container *old_cont, struct task_struct *tsk);
	void (*fork)(struct container_subsys *ss, struct task_struct *task);
	void (*exit)(struct container_subsys *ss, struct task_struct *task);
	int (*populate)(struct container_subsys *ss, struct container *cont);
	void (*bind)(struct container_subsys *ss, struct container *root);
	void (*post_clone)(struct container_subsys *ss, struct container *cont);
	const char *name;
	int subsys_id;
	bool early_init;
	struct container_root *root;
};

/* one declaration of every subsystem, closed by a name nobody defines */
#define SUBSYS(_x) _x ## _subsys,
extern struct container_subsys
#include <linux/container_subsys.h>
	__container_subsys_list_end;

#undef SUBSYS

void container_lock(void);
void container_unlock(void);
bool container_lock_is_held(void);

void container_init_early(void);
void container_init(void);
void container_fork(struct task_struct *child);
void container_cancel_fork(struct task_struct *child);
void container_post_fork(struct task_struct *child);
void container_exit(struct task_struct *tsk);
int proc_container_show(struct seq_file *m, struct pid_namespace *ns,
			struct pid *pid, struct task_struct *tsk);

int container_add_file(struct container *cont, struct container_subsys *ss,
		       struct container_cftype *cft);
int container_add_files(struct container *cont, struct container_subsys *ss,
			struct container_cftype cft[], int count);
int container_path(const struct container *cont, char *buf, int buflen);
int container_attach_task(struct container *cont, struct task_struct *tsk);
int container_clone(struct task_struct *tsk, struct container_subsys *ss);
int container_scan_tasks(struct container *cont,
			 int (*fn)(struct task_struct *tsk, void *data),
			 void *data);
struct container *task_container(struct task_struct *tsk, int subsys_id);
int container_hierarchy_id(const struct container *cont);

/**
 * task_css_group - the css_group of a task
 * @tsk: the task
 *
 * Call under rcu_read_lock() (or with preemption or interrupts disabled),
 * or under container_lock().
 *
 * Return: the css_group, valid until the read-side critical section ends.
 */
static inline struct css_group *task_css_group(struct task_struct *tsk)
{
	return rcu_dereference_check(tsk->containers,
				     rcu_read_lock_any_held() ||
				     container_lock_is_held());
}

/**
 * task_subsys_state - a task's state for one subsystem
 * @tsk: the task
 * @subsys_id: the subsystem's id, e.g. cpuacct_subsys_id
 *
 * O(1).  Same rules as task_css_group(); take a reference with
 * container_css_tryget() to keep the state beyond that.
 *
 * Return: the state of @tsk's container in the subsystem's hierarchy.
 */
static inline struct container_subsys_state *
task_subsys_state(struct task_struct *tsk, int subsys_id)
{
	return task_css_group(tsk)->subsys[subsys_id];
}

/**
 * container_subsys_state - a container's state for one subsystem
 * @cont: the container
 * @subsys_id: the subsystem's id
 *
 * Return: the state, NULL if the subsystem is not bound to @cont's
 * hierarchy.
 */
static inline struct container_subsys_state *
container_subsys_state(struct container *cont, int subsys_id)
{
	return cont->subsys[subsys_id];
}

/**
 * container_css_get - take a reference to a subsystem state
 * @css: the state, which the caller knows to be referenced already
 *
 * The 2007 API calls this css_get(); cgroup owns that name now.
 */
static inline void container_css_get(struct container_subsys_state *css)
{
	percpu_ref_get(&css->refcnt);
}

/**
 * container_css_tryget - take a reference unless the container was removed
 * @css: the state, valid under RCU
 *
 * Return: true if a reference was taken.
 */
static inline bool container_css_tryget(struct container_subsys_state *css)
{
	return percpu_ref_tryget_live(&css->refcnt);
}

/**
 * container_css_put - drop a reference to a subsystem state
 * @css: the state
 *
 * Dropping the last reference of a removed container's state frees it
 * through the subsystem's destroy() callback, after an RCU grace period.
 */
static inline void container_css_put(struct container_subsys_state *css)
{
	percpu_ref_put(&css->refcnt);
}

/**
 * container_is_removed - has the container been removed by rmdir?
 * @cont: the container
 *
 * Return: true once rmdir has taken @cont away.
 */
static inline bool container_is_removed(const struct container *cont)
{
	return test_bit(CONT_REMOVED, &cont->flags);
}

/**
 * container_for_each_child - iterate over a container's children
 * @pos: struct container * cursor
 * @cont: the parent
 *
 * Call under container_lock().
 */
#define container_for_each_child(pos, cont) \
	list_for_each_entry(pos, &(cont)->children, sibling)

#else /* !CONFIG_CONTAINERS */

static inline void container_init_early(void) {}
static inline void container_init(void) {}
static inline void container_fork(struct task_struct *child) {}
static inline void container_cancel_fork(struct task_struct *child) {}
static inline void container_post_fork(struct task_struct *child) {}
static inline void container_exit(struct task_struct *tsk) {}

#endif /* CONFIG_CONTAINERS */

#endif /* _LINUX_CONTAINER_H */
