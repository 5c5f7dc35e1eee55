// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of cpuset's memory_pressure meter.  Included by
 * kernel/container_cpuset_hooks.c, so that the meter's functions under
 * test can stay static.
 *
 * The expected numbers are cgroup v1's: the same events at the same
 * seconds give the same memory_pressure there (fmeter_*() in
 * kernel/cgroup/cpuset-v1.c).  Each case drives the meter with explicit
 * seconds, so no case depends on the clock.
 */

#include <kunit/test.h>

/* @n events at the second @now */
static void meter_events(struct cpuset_meter *m, int n, time64_t now)
{
	while (n--)
		cpuset_meter_event(m, now);
}

/* the rate at the second @now */
static int meter_rate(struct cpuset_meter *m, time64_t now)
{
	cpuset_meter_advance(m, now);
	return m->rate;
}

/* an event counts once its second is over, then decays by 0.933 a second */
static void cpuset_meter_one_event(struct kunit *test)
{
	struct cpuset_meter m;

	cpuset_meter_init(&m);
	meter_events(&m, 1, 100);
	KUNIT_EXPECT_EQ(test, meter_rate(&m, 100), 0);
	KUNIT_EXPECT_EQ(test, meter_rate(&m, 101), 67);
	KUNIT_EXPECT_EQ(test, meter_rate(&m, 101), 67);
	KUNIT_EXPECT_EQ(test, meter_rate(&m, 102), 62);
	KUNIT_EXPECT_EQ(test, meter_rate(&m, 111), 29);
}

/* the events of one second saturate at 1000; at most 99 seconds decay */
static void cpuset_meter_bounds(struct kunit *test)
{
	struct cpuset_meter m;

	cpuset_meter_init(&m);
	meter_events(&m, 2000, 50);
	KUNIT_EXPECT_EQ(test, meter_rate(&m, 51), 67000);
	KUNIT_EXPECT_EQ(test, meter_rate(&m, 251), 63);

	cpuset_meter_init(&m);
	meter_events(&m, 1000, 50);
	KUNIT_EXPECT_EQ(test, meter_rate(&m, 51), 67000);
	KUNIT_EXPECT_EQ(test, meter_rate(&m, 150), 63);
}

/* ten events a second for a minute */
static void cpuset_meter_steady(struct kunit *test)
{
	struct cpuset_meter m;
	time64_t now;

	cpuset_meter_init(&m);
	for (now = 1; now <= 60; now++)
		meter_events(&m, 10, now);
	KUNIT_EXPECT_EQ(test, meter_rate(&m, 61), 9838);
}

static struct kunit_case cpuset_meter_test_cases[] = {
	KUNIT_CASE(cpuset_meter_one_event),
	KUNIT_CASE(cpuset_meter_bounds),
	KUNIT_CASE(cpuset_meter_steady),
	{ }
};

static struct kunit_suite cpuset_meter_test_suite = {
	.name = "container_cpuset_meter",
	.test_cases = cpuset_meter_test_cases,
};

kunit_test_suite(cpuset_meter_test_suite);
