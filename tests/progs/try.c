// SPDX-License-Identifier: GPL-2.0
/*
 * try - perform exactly one system call and say how it went.
 *
 *	try [-u UID[:GID]] OP ARGS...
 *
 * Prints "OK" and exits 0 on success, or prints the errno's name (EINVAL,
 * EBUSY, ...; the number if it has no name here) and exits 1.  Usage errors
 * exit 2.  With -u, drops to UID and GID (default GID = UID) with
 * setgroups(0), setresgid and setresuid before the call.
 *
 * OPs:
 *	write FILE DATA      one open(O_WRONLY) and one write() of DATA's bytes;
 *	                     DATA may hold \n \t \\ escapes
 *	read FILE            prints the content, then OK
 *	mkdir DIR [MODE]     MODE in octal, default 0755
 *	rmdir DIR
 *	rename OLD NEW
 *	creat FILE
 *	unlink FILE
 *	chmod MODE PATH      MODE in octal
 *	chown UID:GID PATH
 *	mount SRC DIR TYPE [OPTS]
 *	umount DIR
 *	remount DIR TYPE OPTS
 *	setaffinity PID CPULIST
 *	getaffinity PID      prints the CPU list, then OK
 *	writefd FD DATA      one write() of DATA (escapes as for write) to the
 *	                     already open descriptor FD
 *	openexec FILE PROG [ARGS...]
 *	                     open FILE O_WRONLY as descriptor 3, then execv
 *	                     PROG with ARGS (argv[0] = PROG): what PROG prints
 *	                     and returns is the result; a failed open or exec
 *	                     prints its errno's name as usual
 *	unshare NS           one unshare() of the namespaces NS, letters as for
 *	                     unshare(1): m u i n p C T U
 *	clone NS [thread]    one clone() with the namespaces NS (and with
 *	                     "thread": CLONE_THREAD, CLONE_SIGHAND, CLONE_VM);
 *	                     the child prints its /proc/thread-self/container
 *	                     before anything else; the parent waits for it,
 *	                     then prints "child PID" (the pid clone() gave)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define E(x) { x, #x }
static const struct { int num; const char *name; } errnames[] = {
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG),
	E(ENOEXEC), E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES),
	E(EFAULT), E(ENOTBLK), E(EBUSY), E(EEXIST), E(EXDEV), E(ENODEV),
	E(ENOTDIR), E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY),
	E(ETXTBSY), E(EFBIG), E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK),
	E(EPIPE), E(EDOM), E(ERANGE), E(EDEADLK), E(ENAMETOOLONG), E(ENOLCK),
	E(ENOSYS), E(ENOTEMPTY), E(ELOOP), E(ENODATA), E(EOVERFLOW),
	E(EOPNOTSUPP), E(ESTALE), E(EDQUOT), E(ECANCELED), E(EOWNERDEAD),
	E(EILSEQ), E(EBADMSG), E(ENOTCONN), E(ENOTSOCK), E(ETIMEDOUT),
};

static const char *errname(int e)
{
	static char buf[16];
	size_t i;

	for (i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++)
		if (errnames[i].num == e)
			return errnames[i].name;
	snprintf(buf, sizeof(buf), "%d", e);
	return buf;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: try [-u UID[:GID]] OP ARGS...\n"
		"OPs: write FILE DATA | read FILE | mkdir DIR [MODE] | rmdir DIR |\n"
		"     rename OLD NEW | creat FILE | unlink FILE | chmod MODE PATH |\n"
		"     chown UID:GID PATH | mount SRC DIR TYPE [OPTS] | umount DIR |\n"
		"     remount DIR TYPE OPTS | setaffinity PID CPULIST | getaffinity PID |\n"
		"     writefd FD DATA | openexec FILE PROG [ARGS...]\n");
	exit(2);
}

static long num(const char *s, int base)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, base);
	if (errno || !*s || *end) {
		fprintf(stderr, "try: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

/* "\n" "\t" "\\" in DATA become their bytes; returns the length */
static size_t unescape(char *s)
{
	char *in = s, *out = s;

	while (*in) {
		if (in[0] == '\\' && in[1]) {
			in++;
			switch (*in) {
			case 'n': *out++ = '\n'; break;
			case 't': *out++ = '\t'; break;
			case '\\': *out++ = '\\'; break;
			default: *out++ = '\\'; *out++ = *in; break;
			}
			in++;
		} else {
			*out++ = *in++;
		}
	}
	return out - s;
}

/* "0-2,5" */
static void parse_cpulist(const char *list, cpu_set_t *set)
{
	char *copy = strdup(list), *tok, *save = NULL;

	CPU_ZERO(set);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(tok, '-');
		long a, b;

		if (dash)
			*dash = '\0';
		a = num(tok, 10);
		b = dash ? num(dash + 1, 10) : a;
		if (a < 0 || b < a || b >= CPU_SETSIZE) {
			fprintf(stderr, "try: bad cpu list '%s'\n", list);
			exit(2);
		}
		for (; a <= b; a++)
			CPU_SET(a, set);
	}
	free(copy);
}

static void print_cpulist(const cpu_set_t *set)
{
	const char *sep = "";
	int i, j;

	for (i = 0; i < CPU_SETSIZE; i++) {
		if (!CPU_ISSET(i, set))
			continue;
		for (j = i; j + 1 < CPU_SETSIZE && CPU_ISSET(j + 1, set); j++)
			;
		if (j == i)
			printf("%s%d", sep, i);
		else
			printf("%s%d-%d", sep, i, j);
		sep = ",";
		i = j;
	}
	printf("\n");
}

static void drop_to(const char *spec)
{
	char *colon = strchr(spec, ':');
	uid_t uid;
	gid_t gid;

	if (colon) {
		*colon = '\0';
		gid = num(colon + 1, 10);
	}
	uid = num(spec, 10);
	if (!colon)
		gid = uid;
	if (setgroups(0, NULL) || setresgid(gid, gid, gid) || setresuid(uid, uid, uid)) {
		fprintf(stderr, "try: cannot become %u:%u: %s\n", uid, gid, strerror(errno));
		exit(2);
	}
}

static int ns_flags(const char *letters)
{
	static const struct { char c; int flag; } ns[] = {
		{ 'm', CLONE_NEWNS }, { 'u', CLONE_NEWUTS }, { 'i', CLONE_NEWIPC },
		{ 'n', CLONE_NEWNET }, { 'p', CLONE_NEWPID },
		{ 'C', CLONE_NEWCGROUP }, { 'T', CLONE_NEWTIME },
		{ 'U', CLONE_NEWUSER },
	};
	int flags = 0;
	size_t i;

	for (; *letters; letters++) {
		for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++)
			if (ns[i].c == *letters)
				break;
		if (i == sizeof(ns) / sizeof(ns[0]))
			usage();
		flags |= ns[i].flag;
	}
	return flags;
}

static volatile int child_done;

/* the clone()d child: report where it is before it does anything else */
static int clone_child(void *arg)
{
	char buf[4096];
	ssize_t r;
	int fd;

	(void)arg;
	fd = open("/proc/thread-self/container", O_RDONLY);
	r = fd < 0 ? 0 : read(fd, buf, sizeof(buf));
	if (r > 0)
		fwrite(buf, 1, r, stdout);
	fflush(stdout);
	child_done = 1;		/* a thread: the parent may go on */
	return 0;
}

static int do_clone(int flags)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	int pid, status;

	fflush(stdout);
	pid = clone(clone_child, stack + sizeof(stack), flags, NULL);
	if (pid < 0)
		return -1;
	if (!(flags & CLONE_THREAD))
		waitpid(pid, &status, 0);
	else
		while (!child_done)
			sched_yield();
	printf("child %d\n", pid);
	return 0;
}

int main(int argc, char **argv)
{
	const char *op;
	int ret = 0, fd, n;

	if (argc > 2 && !strcmp(argv[1], "-u")) {
		drop_to(argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc < 2)
		usage();
	op = argv[1];
	n = argc - 2;		/* arguments of OP */
	argv += 2;

	if (!strcmp(op, "write") && n == 2) {
		size_t len = unescape(argv[1]);
		ssize_t w;

		fd = open(argv[0], O_WRONLY);
		if (fd < 0) {
			ret = -1;
		} else {
			w = write(fd, argv[1], len);
			if (w < 0) {
				ret = -1;
			} else if ((size_t)w != len) {
				printf("SHORT %zd of %zu\n", w, len);
				return 1;
			}
			if (close(fd) && !ret)
				ret = -1;
		}
	} else if (!strcmp(op, "read") && n == 1) {
		char buf[65536];
		ssize_t r;
		int nl = 1;

		fd = open(argv[0], O_RDONLY);
		if (fd < 0) {
			ret = -1;
		} else {
			while ((r = read(fd, buf, sizeof(buf))) > 0) {
				fwrite(buf, 1, r, stdout);
				nl = buf[r - 1] == '\n';
			}
			if (r < 0)
				ret = -1;
			if (!nl)
				putchar('\n');
			close(fd);
		}
	} else if (!strcmp(op, "mkdir") && (n == 1 || n == 2)) {
		ret = mkdir(argv[0], n == 2 ? num(argv[1], 8) : 0755);
	} else if (!strcmp(op, "rmdir") && n == 1) {
		ret = rmdir(argv[0]);
	} else if (!strcmp(op, "rename") && n == 2) {
		ret = rename(argv[0], argv[1]);
	} else if (!strcmp(op, "creat") && n == 1) {
		fd = creat(argv[0], 0644);
		ret = fd < 0 ? -1 : close(fd);
	} else if (!strcmp(op, "unlink") && n == 1) {
		ret = unlink(argv[0]);
	} else if (!strcmp(op, "chmod") && n == 2) {
		ret = chmod(argv[1], num(argv[0], 8));
	} else if (!strcmp(op, "chown") && n == 2) {
		char *colon = strchr(argv[0], ':');

		if (!colon)
			usage();
		*colon = '\0';
		ret = chown(argv[1], num(argv[0], 10), num(colon + 1, 10));
	} else if (!strcmp(op, "mount") && (n == 3 || n == 4)) {
		ret = mount(argv[0], argv[1], argv[2], 0, n == 4 ? argv[3] : NULL);
	} else if (!strcmp(op, "umount") && n == 1) {
		ret = umount2(argv[0], 0);
	} else if (!strcmp(op, "remount") && n == 3) {
		ret = mount("none", argv[0], argv[1], MS_REMOUNT, argv[2]);
	} else if (!strcmp(op, "setaffinity") && n == 2) {
		cpu_set_t set;

		parse_cpulist(argv[1], &set);
		ret = sched_setaffinity(num(argv[0], 10), sizeof(set), &set);
	} else if (!strcmp(op, "getaffinity") && n == 1) {
		cpu_set_t set;

		ret = sched_getaffinity(num(argv[0], 10), sizeof(set), &set);
		if (!ret)
			print_cpulist(&set);
	} else if (!strcmp(op, "writefd") && n == 2) {
		size_t len = unescape(argv[1]);
		ssize_t w;

		w = write(num(argv[0], 10), argv[1], len);
		if (w < 0) {
			ret = -1;
		} else if ((size_t)w != len) {
			printf("SHORT %zd of %zu\n", w, len);
			return 1;
		}
	} else if (!strcmp(op, "openexec") && n >= 2) {
		fd = open(argv[0], O_WRONLY);
		if (fd >= 0 && fd != 3) {
			if (dup2(fd, 3) < 0)
				ret = -1;
			close(fd);
		}
		if (fd < 0 || ret)
			ret = -1;
		else
			ret = execv(argv[1], argv + 1);	/* returns on failure */
	} else if (!strcmp(op, "unshare") && n == 1) {
		ret = unshare(ns_flags(argv[0]));
	} else if (!strcmp(op, "clone") && (n == 1 || n == 2)) {
		int flags = ns_flags(argv[0]) | SIGCHLD;

		if (n == 2) {
			if (strcmp(argv[1], "thread"))
				usage();
			flags = ns_flags(argv[0]) | CLONE_THREAD | CLONE_SIGHAND |
				CLONE_VM;
		}
		ret = do_clone(flags);
	} else {
		usage();
	}

	if (ret) {
		printf("%s\n", errname(errno));
		return 1;
	}
	printf("OK\n");
	return 0;
}
