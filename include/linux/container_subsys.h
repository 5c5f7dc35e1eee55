/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The list of container subsystems.
 *
 * Each SUBSYS(name) line declares one subsystem, implemented by a
 * "struct container_subsys name_subsys" and given the compile-time id
 * name_subsys_id.  The order of this list is the order of
 * /proc/containers and of the subsystem names in /proc/PID/container.
 *
 * No include guard: this file is included several times, each with its
 * own definition of SUBSYS().
 */

#ifdef CONFIG_CONTAINER_CPUSET
SUBSYS(cpuset)
#endif

#ifdef CONFIG_CONTAINER_CPUACCT
SUBSYS(cpuacct)
#endif

#ifdef CONFIG_CONTAINER_DEBUG
SUBSYS(debug)
#endif

#ifdef CONFIG_CONTAINER_NUMTASKS
SUBSYS(numtasks)
#endif

#ifdef CONFIG_CONTAINER_BC
SUBSYS(bc)
#endif

#ifdef CONFIG_CONTAINER_NS
SUBSYS(ns)
#endif

#ifdef CONFIG_CONTAINER_FORKS
SUBSYS(forks)
#endif
