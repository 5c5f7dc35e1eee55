/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scheduler's hooks into the cpuacct container subsystem
 * (kernel/container_cpuacct.c).
 *
 * Both hooks cost one patched-out jump while no mounted hierarchy has
 * cpuacct bound: the subsystem enables container_cpuacct_key from its
 * bind() callback.
 */
#ifndef _LINUX_CONTAINER_CPUACCT_H
#define _LINUX_CONTAINER_CPUACCT_H

#include <linux/jump_label.h>
#include <linux/types.h>

struct task_struct;

#ifdef CONFIG_CONTAINER_CPUACCT

DECLARE_STATIC_KEY_FALSE(container_cpuacct_key);

void __container_cpuacct_charge(struct task_struct *tsk, u64 delta_exec);
void __container_cpuacct_account_field(struct task_struct *tsk, int index,
				       u64 val);

/**
 * container_cpuacct_charge - charge runtime to a task's cpuacct groups
 * @tsk: the task that ran
 * @delta_exec: nanoseconds it ran, as just added to its sum_exec_runtime
 *
 * Called by the scheduler with the runqueue of task_cpu(@tsk) locked.
 */
static inline void container_cpuacct_charge(struct task_struct *tsk,
					    u64 delta_exec)
{
	if (static_branch_unlikely(&container_cpuacct_key))
		__container_cpuacct_charge(tsk, delta_exec);
}

/**
 * container_cpuacct_account_field - charge user or system time
 * @tsk: the task the time is accounted to
 * @index: the enum cpu_usage_stat index (CPUTIME_USER, CPUTIME_SYSTEM, ...)
 * @val: nanoseconds
 *
 * Called by the cputime accounting with interrupts disabled, on the CPU
 * that the time was spent on.
 */
static inline void container_cpuacct_account_field(struct task_struct *tsk,
						   int index, u64 val)
{
	if (static_branch_unlikely(&container_cpuacct_key))
		__container_cpuacct_account_field(tsk, index, val);
}

#else /* !CONFIG_CONTAINER_CPUACCT */

static inline void container_cpuacct_charge(struct task_struct *tsk,
					    u64 delta_exec) {}
static inline void container_cpuacct_account_field(struct task_struct *tsk,
						   int index, u64 val) {}

#endif /* CONFIG_CONTAINER_CPUACCT */

#endif /* _LINUX_CONTAINER_CPUACCT_H */
