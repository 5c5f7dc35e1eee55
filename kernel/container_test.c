// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the container framework's pure pieces: mount option
 * parsing and checking.  Included by kernel/container.c, so that the
 * functions under test can stay static.
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
	{ "empty name", "none,name=", 0, -EINVAL, false },
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

/* parse @options the way the VFS hands them to container_parse_param() */
static int parse_all(struct kunit *test, const char *options,
		     struct container_opts *opts)
{
	char *buf = kunit_kstrdup(test, options, GFP_KERNEL);
	char *opt;
	int ret;

	while ((opt = strsep(&buf, ",")) != NULL) {
		char *value = strchr(opt, '=');

		if (!*opt)
			continue;
		if (value)
			*value++ = '\0';
		ret = container_parse_option(opts, opt, value);
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

	KUNIT_EXPECT_EQ(test, container_path(&default_root.top, buf,
					     sizeof(buf)), 1);
	KUNIT_EXPECT_STREQ(test, buf, "/");
	KUNIT_EXPECT_LT(test, container_path(&default_root.top, buf, 1), 0);
}

static struct kunit_case container_test_cases[] = {
	KUNIT_CASE_PARAM(container_opts_test, opts_gen_params),
	KUNIT_CASE(container_top_path_test),
	{}
};

static struct kunit_suite container_test_suite = {
	.name = "container",
	.test_cases = container_test_cases,
};

kunit_test_suite(container_test_suite);
