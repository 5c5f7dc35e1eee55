// SPDX-License-Identifier: GPL-2.0
/*
 * ctool - process helpers for the container tests.
 *
 *	ctool threads N            make N-1 more threads (N in all), print
 *	                           "ready" when all exist, then sleep until
 *	                           killed
 *	ctool children N           fork N children that sleep until killed,
 *	                           print "ready", then sleep; SIGTERM kills
 *	                           the children too
 *	ctool zombie               fork a child that exits at once and never
 *	                           reap it; print the child's pid, then sleep
 *	ctool heldwrite FILE DATA CMD
 *	                           open FILE for writing, run "sh -c CMD",
 *	                           then write DATA to the open file; print OK
 *	                           or the errno's name (e.g. ENODEV)
 *	ctool ids RUID EUID SUID [CMD ARGS...]
 *	                           setgroups(0), set all gids to EUID, then
 *	                           setresuid(RUID, EUID, SUID); exec CMD, or
 *	                           without one print "ready" and sleep (exec
 *	                           would reset the saved uid)
 *	ctool churn SECS DIR       mkdir/rmdir groups below DIR for SECS
 *	                           seconds; prints "ops N unexpected N"
 *	ctool readall SECS PATTERN...
 *	                           read every file matching the glob patterns,
 *	                           again and again; prints "reads N"
 *	ctool killrmdir SECS DIR   make DIR/kN, fork a child that enters it and
 *	                           sleeps, SIGKILL and reap it, rmdir DIR/kN:
 *	                           the rmdir must succeed; prints "rounds N
 *	                           failures N", exits 1 on a failure
 *	ctool forker MS            fork a child every MS milliseconds (0: as
 *	                           fast as possible); each child sleeps 100 ms
 *	                           and exits; reap them; run until killed
 *	ctool forkrace SECS PID DIR_A DIR_B
 *	                           move PID (a forker) between the groups
 *	                           DIR_A and DIR_B through their tasks files
 *	                           for SECS seconds; after each move to the
 *	                           other group, read the old group's tasks
 *	                           right away and again a little later: a task
 *	                           that appears in the old group after the
 *	                           move returned is a child the move left
 *	                           behind.  Prints "moves N violations N"
 *	                           and exits 1 on a violation
 *	ctool failnth N mkdir DIR | rmdir DIR | write FILE DATA | mount OPTS DIR
 *	              | unshare | clone
 *	                           do one operation (mount: -t container;
 *	                           unshare, clone: of a UTS namespace, the
 *	                           clone's child exits at once and is reaped)
 *	                           with the Nth fault-injection point it
 *	                           reaches failing (/proc/thread-self/fail-nth,
 *	                           CONFIG_FAULT_INJECTION); prints "injected"
 *	                           or "clean" (it reached fewer than N points),
 *	                           then OK or the errno's name, and for a
 *	                           clean run the number of points it passed
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <grp.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *errname(int e)
{
	static char buf[16];

	switch (e) {
	case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL";
	case ESRCH: return "ESRCH";
	case EACCES: return "EACCES";
	case EPERM: return "EPERM";
	case EBUSY: return "EBUSY";
	case ENOENT: return "ENOENT";
	case ENOSPC: return "ENOSPC";
	}
	snprintf(buf, sizeof(buf), "%d", e);
	return buf;
}

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static int do_threads(int n)
{
	pthread_t t;
	int i;

	for (i = 1; i < n; i++)
		if (pthread_create(&t, NULL, sleeper, NULL)) {
			perror("pthread_create");
			return 1;
		}
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static int do_children(int n)
{
	pid_t *pids = calloc(n, sizeof(*pids));
	int i;

	if (!pids)
		return 1;
	signal(SIGTERM, on_term);
	for (i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			perror("fork");
			n = i;
			break;
		}
		if (!pids[i]) {
			signal(SIGTERM, SIG_DFL);
			for (;;)
				pause();
		}
	}
	printf("ready\n");
	fflush(stdout);
	while (!stop)
		pause();
	for (i = 0; i < n; i++)
		kill(pids[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	return 0;
}

static int do_zombie(void)
{
	pid_t pid = fork();

	if (pid < 0)
		return 1;
	if (!pid)
		_exit(0);
	printf("%d\n", pid);
	fflush(stdout);
	for (;;)
		pause();
}

static int do_heldwrite(const char *file, const char *data, const char *cmd)
{
	int fd = open(file, O_WRONLY);

	if (fd < 0) {
		printf("open: %s\n", errname(errno));
		return 1;
	}
	if (system(cmd) != 0)
		fprintf(stderr, "ctool: command failed: %s\n", cmd);
	if (write(fd, data, strlen(data)) < 0) {
		printf("%s\n", errname(errno));
		return 1;
	}
	printf("OK\n");
	return 0;
}

static void msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int do_forker(int ms)
{
	signal(SIGCHLD, SIG_DFL);
	for (;;) {
		pid_t pid = fork();

		if (!pid) {
			msleep(100);
			_exit(0);
		}
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (ms)
			msleep(ms);
	}
}

/* the pids in a tasks file, as a sorted array; returns the count */
static int read_tasks(const char *dir, int *pids, int max)
{
	char path[4096];
	FILE *f;
	int n = 0, pid;

	snprintf(path, sizeof(path), "%s/tasks", dir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (n < max && fscanf(f, "%d", &pid) == 1)
		pids[n++] = pid;
	fclose(f);
	return n;
}

static int contains(const int *pids, int n, int pid)
{
	int i;

	for (i = 0; i < n; i++)
		if (pids[i] == pid)
			return 1;
	return 0;
}

static int move(const char *dir, int pid)
{
	char path[4096], buf[32];
	int fd, len, ret;

	snprintf(path, sizeof(path), "%s/tasks", dir);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	len = snprintf(buf, sizeof(buf), "%d", pid);
	ret = write(fd, buf, len) == len ? 0 : -1;
	close(fd);
	return ret;
}

#define MAXP 65536

static int do_forkrace(int secs, int pid, const char *a, const char *b)
{
	static int before[MAXP], after[MAXP];
	const char *dirs[2] = { a, b };
	long moves = 0, violations = 0;
	time_t end = time(NULL) + secs;
	int cur = 0;

	while (time(NULL) < end) {
		int nb, na, i;

		if (move(dirs[!cur], pid)) {
			fprintf(stderr, "ctool: move to %s: %s\n", dirs[!cur],
				errname(errno));
			return 2;
		}
		nb = read_tasks(dirs[cur], before, MAXP);
		msleep(30);
		na = read_tasks(dirs[cur], after, MAXP);
		if (nb < 0 || na < 0)
			return 2;
		for (i = 0; i < na; i++) {
			if (!contains(before, nb, after[i])) {
				violations++;
				printf("task %d appeared in %s after the move\n",
				       after[i], dirs[cur]);
			}
		}
		moves++;
		cur = !cur;
	}
	printf("moves %ld violations %ld\n", moves, violations);
	return violations ? 1 : 0;
}

static int do_ids(int argc, char **argv)
{
	uid_t r = atoi(argv[2]), e = atoi(argv[3]), s = atoi(argv[4]);

	if (setgroups(0, NULL) || setresgid(e, e, e) || setresuid(r, e, s)) {
		perror("ctool ids");
		return 1;
	}
	if (argc > 5) {
		execvp(argv[5], argv + 5);
		perror("exec");
		return 127;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}

static int do_churn(int secs, const char *dir)
{
	time_t end = time(NULL) + secs;
	long ops = 0, bad = 0;
	char a[4096], b[4096];
	int i = 0;

	while (time(NULL) < end) {
		snprintf(a, sizeof(a), "%s/c%d", dir, i % 7);
		snprintf(b, sizeof(b), "%s/c%d/d", dir, i % 7);
		if (mkdir(a, 0755) && errno != EEXIST)
			bad++;
		if (mkdir(b, 0755) && errno != EEXIST)
			bad++;
		snprintf(a, sizeof(a), "%s/c%d", dir, (i + 3) % 7);
		snprintf(b, sizeof(b), "%s/c%d/d", dir, (i + 3) % 7);
		if (rmdir(b) && errno != ENOENT)
			bad++;
		if (rmdir(a) && errno != ENOENT && errno != EBUSY)
			bad++;
		ops += 4;
		i++;
	}
	printf("ops %ld unexpected %ld\n", ops, bad);
	return bad ? 1 : 0;
}

static int do_readall(int secs, int n, char **pats)
{
	time_t end = time(NULL) + secs;
	static char buf[65536];
	long reads = 0;
	size_t j;
	int i, fd;

	while (time(NULL) < end) {
		for (i = 0; i < n; i++) {
			glob_t g;

			if (glob(pats[i], 0, NULL, &g))
				continue;
			for (j = 0; j < g.gl_pathc; j++) {
				fd = open(g.gl_pathv[j], O_RDONLY);
				if (fd < 0)
					continue;
				while (read(fd, buf, sizeof(buf)) > 0)
					;
				close(fd);
				reads++;
			}
			globfree(&g);
		}
	}
	printf("reads %ld\n", reads);
	return 0;
}

static int do_killrmdir(int secs, const char *dir)
{
	time_t end = time(NULL) + secs;
	long rounds = 0, fails = 0;
	char d[4000], t[4096];

	while (time(NULL) < end) {
		int fd, p[2];
		pid_t pid;
		char c;

		snprintf(d, sizeof(d), "%s/k%ld", dir, rounds);
		snprintf(t, sizeof(t), "%s/tasks", d);
		if (mkdir(d, 0755)) {
			fails++;
			break;
		}
		if (pipe(p))
			return 2;
		pid = fork();
		if (!pid) {
			fd = open(t, O_WRONLY);
			if (fd < 0 || write(fd, "0", 1) != 1)
				_exit(1);
			if (write(p[1], "x", 1) != 1)
				_exit(1);
			for (;;)
				pause();
		}
		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			fprintf(stderr, "ctool: child did not enter %s\n", d);
		close(p[0]);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		if (rmdir(d)) {
			printf("rmdir %s: %s\n", d, errname(errno));
			fails++;
		}
		rounds++;
	}
	printf("rounds %ld failures %ld\n", rounds, fails);
	return fails ? 1 : 0;
}

/* clone() a child with CLONE_NEWUTS that exits at once; -1 if it fails */
static int clone_uts(void)
{
	pid_t pid = syscall(SYS_clone, CLONE_NEWUTS | SIGCHLD, 0, 0, 0, 0);
	int st;

	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid(pid, &st, 0);
	return pid < 0 ? -1 : 0;
}

static int do_failnth(int n, int argc, char **argv)
{
	const char *op = argv[0];
	char buf[32];
	int ffd, fd = -1, ret, err, left;
	ssize_t len;

	ffd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (ffd < 0) {
		printf("fail-nth: %s\n", strerrorname_np(errno));
		return 1;
	}
	if (!strcmp(op, "write") && argc == 3) {
		fd = open(argv[1], O_WRONLY);
		if (fd < 0) {
			printf("open: %s\n", strerrorname_np(errno));
			return 1;
		}
	} else if (strcmp(op, "mkdir") && strcmp(op, "rmdir") &&
		   strcmp(op, "unshare") && strcmp(op, "clone") &&
		   !(!strcmp(op, "mount") && argc == 3)) {
		fprintf(stderr, "failnth: bad operation\n");
		return 2;
	}
	len = snprintf(buf, sizeof(buf), "%d", n);
	if (write(ffd, buf, len) != len) {
		printf("fail-nth write: %s\n", strerrorname_np(errno));
		return 1;
	}
	/* from here to the read of fail-nth, nothing but the operation */
	if (!strcmp(op, "mkdir"))
		ret = mkdir(argv[1], 0755);
	else if (!strcmp(op, "rmdir"))
		ret = rmdir(argv[1]);
	else if (!strcmp(op, "write"))
		ret = write(fd, argv[2], strlen(argv[2])) < 0 ? -1 : 0;
	else if (!strcmp(op, "unshare"))
		ret = unshare(CLONE_NEWUTS);
	else if (!strcmp(op, "clone"))
		ret = clone_uts();
	else
		ret = mount("none", argv[2], "container", 0, argv[1]);
	err = errno;
	len = pread(ffd, buf, sizeof(buf) - 1, 0);
	if (len <= 0 || write(ffd, "0", 1) != 1) {
		printf("fail-nth read: %s\n", strerrorname_np(errno));
		return 1;
	}
	buf[len] = 0;
	left = atoi(buf);
	/* a clean run also tells how many injection points it passed */
	if (left)
		printf("clean %s %d\n", ret ? strerrorname_np(err) : "OK",
		       n - left);
	else
		printf("injected %s\n", ret ? strerrorname_np(err) : "OK");
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "threads"))
		return do_threads(atoi(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "children"))
		return do_children(atoi(argv[2]));
	if (argc == 2 && !strcmp(argv[1], "zombie"))
		return do_zombie();
	if (argc == 5 && !strcmp(argv[1], "heldwrite"))
		return do_heldwrite(argv[2], argv[3], argv[4]);
	if (argc == 4 && !strcmp(argv[1], "churn"))
		return do_churn(atoi(argv[2]), argv[3]);
	if (argc >= 4 && !strcmp(argv[1], "readall"))
		return do_readall(atoi(argv[2]), argc - 3, argv + 3);
	if (argc == 4 && !strcmp(argv[1], "killrmdir"))
		return do_killrmdir(atoi(argv[2]), argv[3]);
	if (argc >= 5 && !strcmp(argv[1], "ids"))
		return do_ids(argc, argv);
	if (argc == 3 && !strcmp(argv[1], "forker"))
		return do_forker(atoi(argv[2]));
	if (argc == 6 && !strcmp(argv[1], "forkrace"))
		return do_forkrace(atoi(argv[2]), atoi(argv[3]), argv[4],
				   argv[5]);
	if (argc >= 4 && !strcmp(argv[1], "failnth"))
		return do_failnth(atoi(argv[2]), argc - 3, argv + 3);
	fprintf(stderr, "usage: see the header of tests/progs/ctool.c\n");
	return 2;
}
