// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the container framework's pure pieces: mount option
 * parsing and checking, and the noprefix file name check.  Included by
 * kernel/container_fs.c, so that the functions under test can stay static.
 */

#include <kunit/test.h>

struct opts_case {
	const char *desc;
	const char *options;	/* comma-separated, as after mount -o */
	int parse_err;		/* of the first failing option */
	int check_err;
	bool all_subsys;	/* expect every subsystem bound */
};

static const struct opts_case opts_cases[] = {
	{ "empty means every subsystem", "", 0, 0, true },
	{ "all", "all", 0, 0, true },
	{ "all with a label", "all,name=x", 0, 0, true },
	{ "label alone means every subsystem", "name=lbl", 0, 0, true },
	{ "none with a name", "none,name=track", 0, 0, false },
	{ "none without a name", "none", 0, -EINVAL, false },
	{ "unknown option", "bogus", -EINVAL, 0, false },
	{ "flag with a value", "noprefix=1", -EINVAL, 0, false },
	{ "name without a value", "name", -EINVAL, 0, false },
	{ "two names", "name=a,name=b", -EINVAL, 0, false },
	{ "empty name", "none,name=", -EINVAL, 0, false },
	{ "empty release agent", "release_agent=", 0, 0, true },
	{ "bad name", "none,name=a/b", 0, -EINVAL, false },
	{ "noprefix", "noprefix", 0, 0, true },
	{ "release agent", "release_agent=/sbin/x", 0, 0, true },
#ifdef CONFIG_CONTAINER_DEBUG
	{ "one subsystem", "debug", 0, 0, false },
	{ "all with a subsystem", "all,debug", 0, -EINVAL, false },
	{ "none with a subsystem", "none,debug,name=x", 0, -EINVAL, false },
#endif
};

static void opts_case_desc(const struct opts_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(opts, opts_cases, opts_case_desc);

/* parse @options the way vfs_parse_fs_string() hands them to us */
static int parse_all(struct kunit *test, const char *options,
		     struct container_opts *opts)
{
	struct fs_context *fc = kunit_kzalloc(test, sizeof(*fc), GFP_KERNEL);
	char *buf = kunit_kstrdup(test, options, GFP_KERNEL);
	char *opt;
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, fc);
	while ((opt = strsep(&buf, ",")) != NULL) {
		struct fs_parameter param = { .key = opt };
		char *value = strchr(opt, '=');

		if (!*opt)
			continue;
		if (value) {
			*value++ = '\0';
			param.type = fs_value_is_string;
			param.string = kstrdup(value, GFP_KERNEL);
			KUNIT_ASSERT_NOT_NULL(test, param.string);
			param.size = strlen(value);
		} else {
			param.type = fs_value_is_flag;
		}
		ret = container_opts_add(fc, opts, &param);
		kfree(param.string);
		if (ret)
			return ret;
	}
	return 0;
}

static void container_opts_test(struct kunit *test)
{
	const struct opts_case *c = test->param_value;
	struct container_opts opts = {};
	int ret;

	ret = parse_all(test, c->options, &opts);
	KUNIT_EXPECT_EQ(test, ret, c->parse_err);
	if (!ret) {
		ret = container_check_opts(&opts);
		KUNIT_EXPECT_EQ(test, ret, c->check_err);
		if (!ret && c->all_subsys)
			KUNIT_EXPECT_EQ(test, opts.subsys_mask,
					BIT(CONTAINER_SUBSYS_COUNT) - 1);
		if (!ret && opts.none)
			KUNIT_EXPECT_EQ(test, opts.subsys_mask, 0UL);
	}
	container_free_opts(&opts);
}

static void container_top_path_test(struct kunit *test)
{
	char buf[8];

	KUNIT_EXPECT_EQ(test, container_path(&container_default_root.top, buf,
					     sizeof(buf)), 1);
	KUNIT_EXPECT_STREQ(test, buf, "/");
	KUNIT_EXPECT_LT(test,
			container_path(&container_default_root.top, buf, 1), 0);
}

/* tables of made-up subsystems, for the noprefix name check */
static struct container_cftype clash_a[] = {
	{ .name = "usage" },
	{ .name = "stat" },
	{ }
};

static struct container_cftype clash_b[] = {
	{ .name = "limit" },
	{ .name = "stat" },
	{ }
};

static struct container_cftype clash_tasks[] = {
	{ .name = "tasks" },
	{ }
};

/* one name twice, but never in one directory */
static struct container_cftype clash_root_split[] = {
	{ .name = "cpus", .flags = CONTAINER_CFTYPE_ONLY_ON_ROOT },
	{ .name = "cpus", .flags = CONTAINER_CFTYPE_NOT_ON_ROOT },
	{ }
};

static struct container_cftype clash_twice[] = {
	{ .name = "max" },
	{ .name = "max" },
	{ }
};

static void container_noprefix_clash_test(struct kunit *test)
{
	struct container_cftype *t[4];

	t[0] = clash_a;
	KUNIT_EXPECT_FALSE(test, cftype_tables_clash(t, 1));
	t[1] = clash_b;
	KUNIT_EXPECT_TRUE(test, cftype_tables_clash(t, 2));
	t[1] = clash_root_split;
	KUNIT_EXPECT_FALSE(test, cftype_tables_clash(t, 2));
	t[0] = clash_twice;
	KUNIT_EXPECT_TRUE(test, cftype_tables_clash(t, 1));

	/* against the framework's own files */
	t[0] = clash_a;
	KUNIT_EXPECT_FALSE(test, cftype_tables_clash(t, 1));
	t[0] = clash_tasks;
	KUNIT_EXPECT_TRUE(test, cftype_tables_clash(t, 1));

	/* the subsystems that are built never clash with the framework */
	KUNIT_EXPECT_FALSE(test, noprefix_names_clash(0));
#ifdef CONFIG_CONTAINER_CPUSET
	KUNIT_EXPECT_FALSE(test, noprefix_names_clash(BIT(cpuset_subsys_id)));
#endif
#if defined(CONFIG_CONTAINER_CPUACCT) && defined(CONFIG_CONTAINER_DEBUG)
	/* but these two both have a "stat" */
	KUNIT_EXPECT_TRUE(test, noprefix_names_clash(BIT(cpuacct_subsys_id) |
						     BIT(debug_subsys_id)));
#endif
}

static struct kunit_case container_test_cases[] = {
	KUNIT_CASE_PARAM(container_opts_test, opts_gen_params),
	KUNIT_CASE(container_top_path_test),
	KUNIT_CASE(container_noprefix_clash_test),
	{}
};

static struct kunit_suite container_test_suite = {
	.name = "container",
	.test_cases = container_test_cases,
};

kunit_test_suite(container_test_suite);
