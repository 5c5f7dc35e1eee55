/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ns container subsystem's hook in unshare(); see kernel/container_ns.c.
 */
#ifndef _LINUX_CONTAINER_NS_H
#define _LINUX_CONTAINER_NS_H

struct nsproxy;

#ifdef CONFIG_CONTAINER_NS
int container_ns_unshare(struct nsproxy *new_ns);
#else
static inline int container_ns_unshare(struct nsproxy *new_ns) { return 0; }
#endif

#endif /* _LINUX_CONTAINER_NS_H */
