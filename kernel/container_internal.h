/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Container framework internals shared with the debug subsystem and the
 * KUnit tests.  Not for other subsystems: use <linux/container.h>.
 */
#ifndef _KERNEL_CONTAINER_INTERNAL_H
#define _KERNEL_CONTAINER_INTERNAL_H

#include <linux/atomic.h>
#include <linux/types.h>

/**
 * struct container_opts - the options of one mount or remount
 * @subsys_mask: the subsystems named
 * @all: "all" was given
 * @none: "none" was given
 * @noprefix: "noprefix" was given
 * @name: the value of "name=", or NULL
 * @release_agent: the value of "release_agent=", or NULL
 */
struct container_opts {
	unsigned long subsys_mask;
	bool all;
	bool none;
	bool noprefix;
	char *name;
	char *release_agent;
};

/* objects in existence, for the debug subsystem's leak checks */
extern atomic_t container_nr_css_groups;
extern atomic_t container_nr_containers;
extern atomic_t container_nr_css;

int container_nr_hierarchies(void);

#endif /* _KERNEL_CONTAINER_INTERNAL_H */
