// SPDX-License-Identifier: GPL-2.0
/*
 * containers-bench - the guest side of `make bench` (lab/bench).
 *
 *	containers-bench [-q] [-d] [-g] [-s SCALE] [-f N]
 *
 * Measures, with clock_gettime(CLOCK_MONOTONIC), what the grouping
 * frameworks the running kernel has cost: fork+exit+wait of a process,
 * create+join of a thread, moving a task between two groups, mkdir and
 * rmdir of 1000 sibling groups, reading the tasks file of a group with 1000
 * tasks, kernel memory (Slab:, Percpu: of /proc/meminfo) per empty group,
 * the fork figure as groups and hierarchies are added, fork with a task
 * limiter 3 deep (containers' numtasks, cgroup's pids) with limits set but
 * not reached, and unshare(CLONE_NEWUTS) with the ns subsystem bound and
 * not.  What it runs
 * depends on the kernel: everything with /proc/containers and /proc/cgroups,
 * only the fork and thread figures on a kernel with neither.
 *
 * Each figure is the median of several batches (after one warm-up batch)
 * and is printed as one line "R KEY VALUE" (nanoseconds per operation, or
 * bytes per group; KEY.range: the in-turn figures' spread between batches,
 * (max - min) / median in parts per million); lab/bench makes the table.  Anything else it prints
 * is a comment.  SCALE (default 1) multiplies the iteration counts; -q
 * measures only with nothing mounted; -f N only the fork figure, N times;
 * -g only mkdir, rmdir and memory, cpuacct alone, between two fork figures;
 * -d whether fork drifts after a hierarchy was mounted and removed (-dd:
 * with forks 3 deep in it meanwhile).
 * Meant for the lab's QEMU -icount guest, where time counts instructions.
 * Exits non-zero on any failure; it mounts under /bench and cleans up.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <poll.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "progs.h"

#define BATCHES 5
#define NGROUPS 1000
#define NTASKS 1000

static double scale = 1;
static char cpus[256] = "", mems[256] = "";

static void die(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	fprintf(stdout, "containers-bench: ");
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fprintf(stdout, ": %s\n", strerror(e));
	fflush(stdout);
	exit(1);
}

/* snprintf that refuses to truncate */
static void pathf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len) {
		errno = ENAMETOOLONG;
		die("%s", fmt);
	}
}

/* CLOCK_MONOTONIC in nanoseconds, the bench's unit */
static double now_ns(void)
{
	return now() * 1e9;
}

static void result(const char *key, double v)
{
	printf("R %s %.1f\n", key, v);
	fflush(stdout);
}

static void note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("# ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
}

static int iters(int n)
{
	int i = (int)(n * scale);

	return i < 1 ? 1 : i;
}

static void put(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0)
		die("open %s", path);
	if (write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		die("write '%s' to %s", s, path);
	close(fd);
}

static void get(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		die("open %s", path);
	n = read(fd, buf, len - 1);
	if (n < 0)
		die("read %s", path);
	buf[n] = 0;
	close(fd);
}

static int exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static void enter(const char *dir)
{
	char p[512];

	pathf(p, sizeof(p), "%s/tasks", dir);
	put(p, "0");
}

/* a new group; cpuset groups get the top's CPUs and nodes, or nothing runs */
static void mkgroup(const char *dir)
{
	char p[512];

	if (mkdir(dir, 0755))
		die("mkdir %s", dir);
	pathf(p, sizeof(p), "%s/cpuset.cpus", dir);
	if (exists(p)) {
		put(p, cpus);
		pathf(p, sizeof(p), "%s/cpuset.mems", dir);
		put(p, mems);
	}
}

static void mountfs(const char *dir, const char *type, const char *opts)
{
	mkdir("/bench", 0755);
	if (mkdir(dir, 0755) && errno != EEXIST)
		die("mkdir %s", dir);
	if (mount("none", dir, type, 0, opts))
		die("mount -t %s -o %s %s", type, opts ? opts : "(none)", dir);
	char p[512];

	pathf(p, sizeof(p), "%s/cpuset.cpus", dir);
	if (exists(p)) {
		get(p, cpus, sizeof(cpus));
		pathf(p, sizeof(p), "%s/cpuset.mems", dir);
		get(p, mems, sizeof(mems));
	}
}

/* top/a/b/c, and this process moves there */
static void descend(const char *top)
{
	char p[512];

	pathf(p, sizeof(p), "%s/a", top);
	mkgroup(p);
	pathf(p, sizeof(p), "%s/a/b", top);
	mkgroup(p);
	pathf(p, sizeof(p), "%s/a/b/c", top);
	mkgroup(p);
	enter(p);
}

static void ascend(const char *top)
{
	char p[512];

	enter(top);
	pathf(p, sizeof(p), "%s/a/b/c", top);
	if (rmdir(p))
		die("rmdir %s", p);
	pathf(p, sizeof(p), "%s/a/b", top);
	if (rmdir(p))
		die("rmdir %s", p);
	pathf(p, sizeof(p), "%s/a", top);
	if (rmdir(p))
		die("rmdir %s", p);
}

static void unmountfs(const char *dir)
{
	if (umount(dir))
		die("umount %s", dir);
	rmdir(dir);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* median over BATCHES batches of fn(n), after one warm-up batch */
static double measure(double (*fn)(int), int n)
{
	double v[BATCHES];
	int i;

	fn(n > 4 ? n / 4 : 1);
	for (i = 0; i < BATCHES; i++)
		v[i] = fn(n);
	qsort(v, BATCHES, sizeof(v[0]), cmp);
	note("%d x %d: min %.1f median %.1f max %.1f", BATCHES, n, v[0],
	     v[BATCHES / 2], v[BATCHES - 1]);
	return v[BATCHES / 2];
}

/* fork n children that run child() (none: exit at once), one at a time */
static double fork_loop(int n, int (*child)(void))
{
	double t0 = now_ns();
	int i, st;

	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (pid == 0)
			_exit(child ? child() : 0);
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
			die("child %d", i);
	}
	return (now_ns() - t0) / n;
}

static double do_fork(int n)
{
	return fork_loop(n, NULL);
}

static void *thread_fn(void *arg)
{
	return arg;
}

static double do_thread(int n)
{
	double t0 = now_ns();
	pthread_t t;
	int i;

	for (i = 0; i < n; i++) {
		errno = pthread_create(&t, NULL, thread_fn, NULL);
		if (errno)
			die("pthread_create");
		errno = pthread_join(t, NULL);
		if (errno)
			die("pthread_join");
	}
	return (now_ns() - t0) / n;
}

/* do_thread(n) in a child, which takes its thread stacks with it */
static double do_thread_child(int n)
{
	double v = 0;
	int p[2], st;
	pid_t pid;

	if (pipe(p))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		v = do_thread(n);
		if (write(p[1], &v, sizeof(v)) != sizeof(v))
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], &v, sizeof(v)) != sizeof(v))
		die("thread batch");
	close(p[0]);
	waitpid(pid, &st, 0);
	return v;
}

#define N_FORK 600
#define N_THREAD 2000

static void fork_figures(const char *key, int threads)
{
	char k[128];

	pathf(k, sizeof(k), "fork.%s", key);
	result(k, measure(do_fork, iters(N_FORK)));
	if (threads) {
		/*
		 * In a child: a process that ever had a thread keeps its
		 * stack cached and forks slower ever after.
		 */
		pid_t pid = fork();
		int st;

		if (pid < 0)
			die("fork");
		if (pid == 0) {
			pathf(k, sizeof(k), "thread.%s", key);
			result(k, measure(do_thread, iters(N_THREAD)));
			_exit(0);
		}
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
			exit(1);
	}
}

/* -------- moving a task between two groups */

static int move_fd[2];
static char move_pid[32];

static double do_move(int n)
{
	size_t len = strlen(move_pid);
	double t0 = now_ns();
	int i;

	for (i = 0; i < n; i++)
		if (pwrite(move_fd[i & 1], move_pid, len, 0) != (ssize_t)len)
			die("move %s", move_pid);
	return (now_ns() - t0) / n;
}

/* a child that waits for the end of pipe p */
static pid_t sleeper(int p[2])
{
	pid_t pid = fork();
	char c;

	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(p[1]);
		while (read(p[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	return pid;
}

static void move_figure(const char *top, const char *key)
{
	char a[512], b[512], k[128];
	int p[2], st;
	pid_t pid;

	pathf(a, sizeof(a), "%s/m1", top);
	pathf(b, sizeof(b), "%s/m2", top);
	mkgroup(a);
	mkgroup(b);
	if (pipe(p))
		die("pipe");
	pid = sleeper(p);
	close(p[0]);
	pathf(move_pid, sizeof(move_pid), "%d", pid);
	strcat(a, "/tasks");
	strcat(b, "/tasks");
	move_fd[0] = open(a, O_WRONLY);
	move_fd[1] = open(b, O_WRONLY);
	if (move_fd[0] < 0 || move_fd[1] < 0)
		die("open %s, %s", a, b);
	pathf(k, sizeof(k), "move.%s", key);
	result(k, measure(do_move, iters(1000)));
	close(move_fd[0]);
	close(move_fd[1]);
	close(p[1]);
	waitpid(pid, &st, 0);
	*strrchr(a, '/') = 0;
	*strrchr(b, '/') = 0;
	if (rmdir(a) || rmdir(b))
		die("rmdir %s %s", a, b);
}

/* -------- mkdir/rmdir of 1000 siblings, memory per group */

static long meminfo(const char *field)
{
	char line[256];
	size_t len = strlen(field);
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		die("/proc/meminfo");
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, len) && line[len] == ':')
			v = atol(line + len + 1);
	fclose(f);
	return v * 1024;
}

#define GAP 2000	/* ns: a longer pause between clock reads is not ours */

/*
 * Busy for @ms of guest time: ticks and RCU go on, and unlike a sleep (idle
 * time follows the host's clock under -icount) the guest stays repeatable.
 * Returns how much of it the CPU spent elsewhere: the gaps between
 * consecutive clock reads longer than GAP, when interrupts, softirqs (RCU
 * callbacks) and kernel threads (workqueues) ran instead.  On the bench's
 * one CPU that is all the work the kernel did meanwhile.
 */
static double spin(int ms)
{
	double t = now_ns(), end = t + ms * 1e6, away = 0;

	while (t < end) {
		double u = now_ns();

		if (u - t > GAP)
			away += u - t;
		t = u;
	}
	return away;
}

/*
 * Give back what the slab caches hold but do not use: with @drop, unused
 * dentries and inodes too, around pauses for RCU-deferred frees.  Then
 * every cache's per-CPU slabs are flushed and its empty slabs freed.
 */
static void settle(int drop)
{
	DIR *d;
	struct dirent *e;
	char p[512];
	int fd;

	if (drop) {
		spin(20);
		fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
		if (fd >= 0) {
			if (write(fd, "3", 1) < 0)
				;
			close(fd);
		}
		spin(20);
	}
	d = opendir("/sys/kernel/slab");
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		pathf(p, sizeof(p), "/sys/kernel/slab/%s/shrink", e->d_name);
		fd = open(p, O_WRONLY);
		if (fd < 0)
			continue;
		if (write(fd, "1", 1) < 0)
			;
		close(fd);
	}
	closedir(d);
}

/* bytes of allocated slab objects (active_objs * objsize), if slabinfo */
#define MAXCACHES 256
struct cache { char name[64]; long bytes; };

/*
 * The large buffers of the figures, in one place that main() touches whole
 * before measuring: fork copies the page tables of every page this process
 * has touched, so a buffer first touched halfway would make every later
 * fork figure dearer (30 pages: 15%).  The footprint must not change.
 */
static union {
	char tasks[65536];			/* a tasks file */
	struct {
		double calls[NGROUPS];		/* one round's rmdir calls */
		struct cache before[MAXCACHES], after[MAXCACHES];
	} groups;
} scratch;

static int slab_objects(struct cache *c)
{
	char line[512];
	int n = 0;
	long active, total, size;
	FILE *f = fopen("/proc/slabinfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || !strncmp(line, "slabinfo", 8))
			continue;
		if (n == MAXCACHES) {
			errno = ENOSPC;
			die("/proc/slabinfo: over %d caches", MAXCACHES);
		}
		if (sscanf(line, "%63s %ld %ld %ld", c[n].name, &active, &total, &size) != 4)
			continue;
		c[n++].bytes = active * size;
	}
	fclose(f);
	return n;
}

/* the caches that grew most from @a to @b, as a comment; the total growth */
static double slab_growth(const char *key, struct cache *a, int na, struct cache *b, int nb)
{
	double total = 0;
	char buf[512] = "";
	int i, j, k, shown = 0;

	for (i = 0; i < nb; i++) {
		long before = 0;

		for (j = 0; j < na; j++)
			if (!strcmp(a[j].name, b[i].name))
				before = a[j].bytes;
		b[i].bytes -= before;
		total += b[i].bytes;
	}
	/* the five largest, in a buffer */
	for (k = 0; k < 5; k++) {
		int best = -1;

		for (i = 0; i < nb; i++)
			if (b[i].bytes > 0 && (best < 0 || b[i].bytes > b[best].bytes))
				best = i;
		if (best < 0)
			break;
		shown += snprintf(buf + shown, sizeof(buf) - shown, " %s %ld",
				  b[best].name, b[best].bytes / NGROUPS);
		b[best].bytes = 0;
		if (shown >= (int)sizeof(buf))
			break;
	}
	note("%s: slab objects per group:%s", key, buf);
	return total;
}

static void make_siblings(const char *parent, const char *prefix, int n)
{
	char p[512];
	int i;

	for (i = 0; i < n; i++) {
		pathf(p, sizeof(p), "%s/%s%d", parent, prefix, i);
		if (mkdir(p, 0755))
			die("mkdir %s", p);
	}
}

static void remove_siblings(const char *parent, const char *prefix, int n)
{
	char p[512];
	int i;

	for (i = 0; i < n; i++) {
		pathf(p, sizeof(p), "%s/%s%d", parent, prefix, i);
		if (rmdir(p))
			die("rmdir %s", p);
	}
}

#define ROUNDS 15
#define WINDOW 200	/* ms: long enough for rmdir's deferred freeing */
/*
 * Busy until the next pause longer than GAP, the timer tick on an idle
 * system: whatever comes next starts at the same point between two ticks.
 */
static void tick_sync(void)
{
	double t = now_ns(), u;

	while ((u = now_ns()) - t <= GAP)
		t = u;
}

/*
 * rmdir of n siblings: each call timed into calls[] (n of them), and the
 * whole cost returned: the loop, plus the freeing that rmdir defers past
 * RCU grace periods into callbacks and work items and that ran after the
 * loop.  That part is the time the kernel took from a busy wait of WINDOW
 * after the loop, less what an equal wait before it lost to ticks.
 * The loop starts right after a tick, with RCU idle, so that the same
 * share of the deferred work lands inside it each round: how much does
 * decides how well it is batched, and so what it costs.
 */
static double remove_siblings_timed(const char *parent, const char *prefix, int n,
				    double *calls, double *tail)
{
	char p[512];
	double base, t0, t1, loop;
	int i;

	spin(20);
	base = spin(WINDOW);
	tick_sync();
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		pathf(p, sizeof(p), "%s/%s%d", parent, prefix, i);
		t1 = now_ns();
		if (rmdir(p))
			die("rmdir %s", p);
		calls[i] = now_ns() - t1;
	}
	loop = now_ns() - t0;
	*tail = spin(WINDOW) - base;
	/* all of it was over: a second window loses no more than the first */
	if (spin(WINDOW) - base > 0.01 * (loop + *tail))
		note("rmdir: deferred work still ran %d ms after the loop", WINDOW);
	return loop + *tail;
}

/* the mean without the smallest and the largest */
static double trimmed(double *v, int n)
{
	double sum = 0;
	int i;

	qsort(v, n, sizeof(*v), cmp);
	for (i = 1; i < n - 1; i++)
		sum += v[i];
	return sum / (n - 2);
}

static void group_figures(const char *top, const char *key)
{
	double mk[ROUNDS], rm[ROUNDS], tl[ROUNDS], call[ROUNDS];
	double slab[ROUNDS], pcpu[ROUNDS], obj[ROUNDS], t0;
	struct cache *c0 = scratch.groups.before, *c1 = scratch.groups.after;
	double *calls = scratch.groups.calls;
	char k[128];
	int r, n0, n1;

	/* warm-up round */
	make_siblings(top, "w", NGROUPS);
	remove_siblings(top, "w", NGROUPS);
	for (r = 0; r < ROUNDS; r++) {
		long s0, p0;

		settle(1);
		s0 = meminfo("Slab");
		p0 = meminfo("Percpu");
		n0 = slab_objects(c0);
		t0 = now_ns();
		make_siblings(top, "g", NGROUPS);
		mk[r] = (now_ns() - t0) / NGROUPS;
		settle(0);
		slab[r] = (double)(meminfo("Slab") - s0) / NGROUPS;
		pcpu[r] = (double)(meminfo("Percpu") - p0) / NGROUPS;
		n1 = slab_objects(c1);
		obj[r] = n0 && n1 ? slab_growth(key, c0, n0, c1, n1) / NGROUPS : 0;
		rm[r] = remove_siblings_timed(top, "g", NGROUPS, calls, &tl[r]) / NGROUPS;
		tl[r] /= NGROUPS;
		qsort(calls, NGROUPS, sizeof(double), cmp);
		call[r] = calls[NGROUPS / 2];
	}
	{
		char buf[ROUNDS * 24];
		int len = 0;

		for (r = 0; r < ROUNDS; r++)
			len += snprintf(buf + len, sizeof(buf) - len, " %.0f (%.0f)",
					rm[r], tl[r]);
		note("%s rmdir rounds (deferred part):%s", key, buf);
	}
	/* trimmed means: a median flips between the modes of these */
	pathf(k, sizeof(k), "mkdir.%s", key);
	result(k, trimmed(mk, ROUNDS));
	/* rmdir: the whole cost; rmdircall: the median call */
	pathf(k, sizeof(k), "rmdir.%s", key);
	result(k, trimmed(rm, ROUNDS));
	pathf(k, sizeof(k), "rmdircall.%s", key);
	result(k, trimmed(call, ROUNDS));
	pathf(k, sizeof(k), "slab.%s", key);
	result(k, trimmed(slab, ROUNDS));
	pathf(k, sizeof(k), "percpu.%s", key);
	result(k, trimmed(pcpu, ROUNDS));
	pathf(k, sizeof(k), "slabobj.%s", key);
	result(k, trimmed(obj, ROUNDS));
}

/* -------- reading tasks of a group with 1000 tasks */

static char tasks_path[512];

static double do_read_tasks(int n)
{
	char *buf = scratch.tasks;
	double t0 = now_ns();
	int i, lines = 0;

	for (i = 0; i < n; i++) {
		int fd = open(tasks_path, O_RDONLY);
		ssize_t r;

		if (fd < 0)
			die("open %s", tasks_path);
		lines = 0;
		while ((r = read(fd, buf, sizeof(scratch.tasks))) > 0)
			for (ssize_t j = 0; j < r; j++)
				lines += buf[j] == '\n';
		if (r < 0)
			die("read %s", tasks_path);
		close(fd);
	}
	if (lines != NTASKS) {
		errno = 0;
		die("%s lists %d tasks, not %d", tasks_path, lines, NTASKS);
	}
	return (now_ns() - t0) / n;
}

static pid_t pids[NTASKS];

static void tasks_figure(const char *top, const char *key)
{
	char g[512], k[128];
	int p[2], i, st;

	pathf(g, sizeof(g), "%s/big", top);
	mkgroup(g);
	if (pipe(p))
		die("pipe");
	enter(g);
	for (i = 0; i < NTASKS; i++)
		pids[i] = sleeper(p);
	enter(top);
	close(p[0]);
	pathf(tasks_path, sizeof(tasks_path), "%s/tasks", g);
	pathf(k, sizeof(k), "tasks.%s", key);
	result(k, measure(do_read_tasks, iters(10)));
	close(p[1]);
	for (i = 0; i < NTASKS; i++)
		waitpid(pids[i], &st, 0);
	if (rmdir(g))
		die("rmdir %s", g);
}

/* -------- the scenarios */

/* fork with the task 3 deep in top, as groups and hierarchies are added */
static void scaling(const char *top, const char *type, const char *key)
{
	double saved = scale;
	char k[128], d[64];
	int h;

	scale /= 2;	/* seven fork figures: half batches */
	/* bracketed by the figure with 4 groups and 1 hierarchy, before and after */
	pathf(k, sizeof(k), "%s.g4", key);
	fork_figures(k, 0);
	pathf(k, sizeof(k), "%s.g100", key);
	make_siblings(top, "s", 100 - 4);
	fork_figures(k, 0);
	make_siblings(top, "t", 10000 - 100);
	pathf(k, sizeof(k), "%s.g10000", key);
	fork_figures(k, 0);
	remove_siblings(top, "t", 10000 - 100);
	remove_siblings(top, "s", 100 - 4);
	pathf(k, sizeof(k), "%s.g4b", key);
	fork_figures(k, 0);

	for (h = 2; h <= 4; h++) {
		char o[64];

		pathf(d, sizeof(d), "/bench/%s-h%d", key, h);
		pathf(o, sizeof(o), "none,name=bench%d", h);
		mountfs(d, type, o);
		descend(d);
		if (h == 2 || h == 4) {
			pathf(k, sizeof(k), "%s.h%d", key, h);
			fork_figures(k, 0);
		}
	}
	for (h = 2; h <= 4; h++) {
		pathf(d, sizeof(d), "/bench/%s-h%d", key, h);
		ascend(d);
		unmountfs(d);
	}
	pathf(k, sizeof(k), "%s.h1b", key);
	fork_figures(k, 0);
	scale = saved;
}

static void framework(const char *type, const char *opts, const char *key, int full)
{
	char top[64];

	pathf(top, sizeof(top), "/bench/%s", key);
	note("%s hierarchy, -o %s", type, opts ? opts : "(all)");
	{
		/*
		 * Not mounted, 3 deep, and at the top, batches taken in turn
		 * (the hierarchy mounted and removed each round), so that the
		 * kernel's drift cancels out of their ratios.
		 */
		double v[2][3][BATCHES];	/* fork/thread, deep/top/off */
		const char *what[2] = { "fork", "thread" };
		const char *where[3] = { "", ".top", ".off" };
		char k[128];
		int i, w, x;

		do_fork(iters(N_FORK / 4));
		do_thread_child(iters(N_THREAD / 4));
		for (i = 0; i < BATCHES; i++) {
			v[0][2][i] = do_fork(iters(N_FORK));
			v[1][2][i] = do_thread_child(iters(N_THREAD));
			mountfs(top, type, opts);
			descend(top);
			v[0][0][i] = do_fork(iters(N_FORK));
			v[1][0][i] = do_thread_child(iters(N_THREAD));
			enter(top);
			v[0][1][i] = do_fork(iters(N_FORK));
			v[1][1][i] = do_thread_child(iters(N_THREAD));
			ascend(top);
			unmountfs(top);
		}
		for (w = 0; w < 2; w++)
			for (x = 0; x < 3; x++) {
				qsort(v[w][x], BATCHES, sizeof(double), cmp);
				note("in turn: %s%s: min %.1f median %.1f max %.1f", what[w],
				     where[x], v[w][x][0], v[w][x][BATCHES / 2],
				     v[w][x][BATCHES - 1]);
				pathf(k, sizeof(k), "%s.%s%s", what[w], key, where[x]);
				result(k, v[w][x][BATCHES / 2]);
				/* batch to batch: what a difference must beat */
				pathf(k, sizeof(k), "%s.%s%s.range", what[w], key, where[x]);
				result(k, 1e6 * (v[w][x][BATCHES - 1] - v[w][x][0]) /
					  v[w][x][BATCHES / 2]);
			}
	}
	mountfs(top, type, opts);
	descend(top);
	if (full) {
		char k[64];

		pathf(k, sizeof(k), "%s", key);
		scaling(top, type, k);
	}
	enter(top);
	move_figure(top, key);
	group_figures(top, key);
	tasks_figure(top, key);
	ascend(top);
	unmountfs(top);
}

/* -------- task limiters: numtasks and pids */

/* limits in top/a, top/a/b, top/a/b/c, high enough never to be reached */
static void set_limits(const char *top)
{
	const char *dirs[3] = { "a", "a/b", "a/b/c" };
	char p[512];
	int i;

	for (i = 0; i < 3; i++) {
		pathf(p, sizeof(p), "%s/%s/numtasks.max", top, dirs[i]);
		if (exists(p)) {
			put(p, "100000");
			pathf(p, sizeof(p), "%s/%s/numtasks.forkrate", top, dirs[i]);
			put(p, "1000000/1");
		}
		pathf(p, sizeof(p), "%s/%s/pids.max", top, dirs[i]);
		if (exists(p))
			put(p, "100000");
	}
}

/*
 * Fork and thread figures with a limiter mounted alone, the task 3 deep
 * under limits, against not mounted, batches in turn: KEY and KEY.off.
 */
static void limiter(const char *type, const char *opts, const char *key)
{
	double v[2][2][BATCHES];	/* fork/thread, deep/off */
	const char *what[2] = { "fork", "thread" };
	const char *where[2] = { "", ".off" };
	char top[64], k[128];
	int i, w, x;

	pathf(top, sizeof(top), "/bench/%s", key);
	note("%s -o %s, 3 deep with limits", type, opts);
	for (i = 0; i < BATCHES; i++) {
		v[0][1][i] = do_fork(iters(N_FORK));
		v[1][1][i] = do_thread_child(iters(N_THREAD));
		mountfs(top, type, opts);
		descend(top);
		set_limits(top);
		v[0][0][i] = do_fork(iters(N_FORK));
		v[1][0][i] = do_thread_child(iters(N_THREAD));
		ascend(top);
		unmountfs(top);
	}
	for (w = 0; w < 2; w++)
		for (x = 0; x < 2; x++) {
			qsort(v[w][x], BATCHES, sizeof(double), cmp);
			pathf(k, sizeof(k), "%s.%s%s", what[w], key, where[x]);
			result(k, v[w][x][BATCHES / 2]);
		}
}

/* -------- unshare with the ns subsystem */

static int unshare_uts(void)
{
	return unshare(CLONE_NEWUTS) ? 1 : 0;
}

/* fork a child that unshares its UTS namespace and exits, n times */
static double do_unshare(int n)
{
	return fork_loop(n, unshare_uts);
}

/* remove the node_PID groups of DIR */
static void remove_nodes(const char *dir)
{
	struct dirent *de;
	char p[512];
	DIR *d;

	d = opendir(dir);
	if (!d)
		die("opendir %s", dir);
	while ((de = readdir(d)))
		if (!strncmp(de->d_name, "node_", 5)) {
			pathf(p, sizeof(p), "%s/%s", dir, de->d_name);
			if (rmdir(p))
				die("rmdir %s", p);
		}
	closedir(d);
}

#define N_UNSHARE 300

/* unshare.ns: ns bound (each unshare makes a group), unshare.ns.off: not */
static void unshare_figures(void)
{
	double v[2][BATCHES];
	const char *top = "/bench/ns";
	int i, x;

	note("unshare(CLONE_NEWUTS), ns bound and not");
	do_unshare(iters(N_UNSHARE / 4));
	for (i = 0; i < BATCHES; i++) {
		v[1][i] = do_unshare(iters(N_UNSHARE));
		mountfs(top, "container", "ns");
		v[0][i] = do_unshare(iters(N_UNSHARE));
		remove_nodes(top);
		unmountfs(top);
	}
	for (x = 0; x < 2; x++)
		qsort(v[x], BATCHES, sizeof(double), cmp);
	result("unshare.ns", v[0][BATCHES / 2]);
	result("unshare.ns.off", v[1][BATCHES / 2]);
}

/* -------- populated: fork+exit while the group files are watched */

/* a process that waits in poll() on FILE, re-reading it on each wakeup */
static pid_t watcher(const char *file)
{
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (!pid) {
		struct pollfd p;
		char buf[8];
		int fd = open(file, O_RDONLY);

		if (fd < 0)
			_exit(1);
		for (;;) {
			if (pread(fd, buf, sizeof(buf), 0) < 0)
				_exit(1);
			p.fd = fd;
			p.events = POLLPRI;
			poll(&p, 1, -1);
		}
	}
	return pid;
}

/*
 * fork.pop: 3 deep in a named hierarchy with a watcher on the populated
 * file of each level; fork.pop.off: the same without the watchers.  In
 * turn, batch by batch.
 */
static void populated_figures(void)
{
	const char *levels[3] = { "a", "a/b", "a/b/c" };
	const char *top = "/bench/pop";
	double v[2][BATCHES];
	char file[512];
	pid_t w[3];
	int i, j, x;

	note("fork+exit 3 deep, populated watched and not");
	mountfs(top, "container", "none,name=pop");
	descend(top);
	do_fork(iters(N_FORK / 4));
	for (i = 0; i < BATCHES; i++) {
		v[1][i] = do_fork(iters(N_FORK));
		for (j = 0; j < 3; j++) {
			pathf(file, sizeof(file), "%s/%s/populated", top, levels[j]);
			w[j] = watcher(file);
		}
		v[0][i] = do_fork(iters(N_FORK));
		for (j = 0; j < 3; j++) {
			kill(w[j], SIGKILL);
			waitpid(w[j], NULL, 0);
		}
	}
	ascend(top);
	unmountfs(top);
	for (x = 0; x < 2; x++)
		qsort(v[x], BATCHES, sizeof(double), cmp);
	result("fork.pop", v[0][BATCHES / 2]);
	result("fork.pop.off", v[1][BATCHES / 2]);
	result("fork.pop.off.range", 1e6 * (v[1][BATCHES - 1] - v[1][0]) / v[1][BATCHES / 2]);
}

/* -------- bc: file allocation while files are charged */

#define N_OPEN 20000

static double do_open(int n)
{
	double t0 = now_ns();
	int i, fd;

	for (i = 0; i < n; i++) {
		fd = open("/dev/null", O_RDONLY);
		if (fd < 0)
			die("open /dev/null");
		close(fd);
	}
	return (now_ns() - t0) / n;
}

static double do_pipe(int n)
{
	double t0 = now_ns();
	int i, p[2];

	for (i = 0; i < n; i++) {
		if (pipe(p))
			die("pipe");
		close(p[0]);
		close(p[1]);
	}
	return (now_ns() - t0) / n;
}

/* objsize of the filp cache: what one struct file takes */
static void filp_figure(void)
{
	char line[512], name[64];
	long active, total, size;
	FILE *f = fopen("/proc/slabinfo", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %ld %ld %ld", name, &active, &total, &size) == 4 &&
		    !strcmp(name, "filp"))
			result("filp.objsize", size);
	fclose(f);
}

/*
 * open.bc, pipe.bc: open+close of /dev/null and pipe+close, bc mounted
 * and the task 3 deep; .off: bc not mounted.  In turn, batch by batch.
 */
static void bc_figures(void)
{
	double (*fn[2])(int) = { do_open, do_pipe };
	const char *key[2] = { "open.bc", "pipe.bc" };
	const char *top = "/bench/bc";
	double v[2][2][BATCHES];
	char k[64];
	int i, f, x;

	note("open+close and pipe+close, bc 3 deep and not mounted");
	for (f = 0; f < 2; f++)
		fn[f](iters(N_OPEN / 4));
	for (i = 0; i < BATCHES; i++) {
		for (f = 0; f < 2; f++)
			v[f][1][i] = fn[f](iters(N_OPEN));
		mountfs(top, "container", "bc");
		descend(top);
		for (f = 0; f < 2; f++)
			v[f][0][i] = fn[f](iters(N_OPEN));
		ascend(top);
		unmountfs(top);
	}
	for (f = 0; f < 2; f++) {
		for (x = 0; x < 2; x++)
			qsort(v[f][x], BATCHES, sizeof(double), cmp);
		result(key[f], v[f][0][BATCHES / 2]);
		pathf(k, sizeof(k), "%s.off", key[f]);
		result(k, v[f][1][BATCHES / 2]);
		pathf(k, sizeof(k), "%s.off.range", key[f]);
		result(k, 1e6 * (v[f][1][BATCHES - 1] - v[f][1][0]) / v[f][1][BATCHES / 2]);
	}
}

/*
 * Every subsystem for the framework figures, except ns: with ns bound a
 * task may only move deeper, and the bench moves tasks up again.
 */
static char all_opts[256];

static const char *every_subsystem(void)
{
	char line[256], name[64];
	FILE *f = fopen("/proc/containers", "r");
	size_t len = 0;

	if (!f)
		die("/proc/containers");
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || sscanf(line, "%63s", name) != 1 ||
		    !strcmp(name, "ns"))
			continue;
		len += snprintf(all_opts + len, sizeof(all_opts) - len, "%s%s",
				len ? "," : "", name);
	}
	fclose(f);
	return all_opts;
}

/* is NAME the first word of a line of LIST (/proc/containers, /proc/cgroups)? */
static int listed(const char *list, const char *name)
{
	char line[256], n[64];
	FILE *f = fopen(list, "r");
	int found = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (line[0] != '#' && sscanf(line, "%63s", n) == 1 && !strcmp(n, name))
			found = 1;
	fclose(f);
	return found;
}

int main(int argc, char **argv)
{
	int c;

	int forks_only = 0;

	int quick = 0, drift = 0, groups_only = 0;

	while ((c = getopt(argc, argv, "s:f:qdg")) != -1) {
		if (c == 'q')
			quick = 1;
		else if (c == 'g')
			groups_only = 1;
		else if (c == 'd')
			drift++;
		else if (c == 's')
			scale = atof(optarg);
		else if (c == 'f')
			forks_only = atoi(optarg);
		else {
			fprintf(stderr, "usage: containers-bench [-q] [-d] [-g] [-s SCALE] [-f N]\n");
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* the same memory footprint, so the same fork cost, from start to end */
	_Static_assert(sizeof(scratch.groups) <= sizeof(scratch.tasks),
		       "the buffers of the group figures outgrew the footprint");
	memset(&scratch, 1, sizeof(scratch));
	memset(pids, 1, sizeof(pids));
	note("containers-bench on %ld CPU(s), /proc/containers %s, /proc/cgroups %s",
	     sysconf(_SC_NPROCESSORS_ONLN), exists("/proc/containers") ? "yes" : "no",
	     exists("/proc/cgroups") ? "yes" : "no");

	/*
	 * Fork cost creeps up over the first ten thousand forks or so (pid
	 * numbers, allocator state), then holds: a small pid space and a
	 * warm-up keep every figure in the same regime.
	 */
	if (exists("/proc/sys/kernel/pid_max"))
		put("/proc/sys/kernel/pid_max", "4096");
	for (c = 0; c < 4; c++)
		do_fork(iters(2000));
	if (forks_only) {
		/* -f N: N times the fork figure, nothing else (for checks) */
		for (c = 0; c < forks_only; c++)
			fork_figures("none", 0);
		return 0;
	}
	if (groups_only) {
		/* -g: mkdir, rmdir and memory, cpuacct alone (for checks) */
		const char *fs[2][2] = { { "container", "ct" }, { "cgroup", "cg" } };
		char top[64];
		int f;

		fork_figures("g.start", 0);
		for (f = 0; f < 2; f++) {
			if (!exists(f ? "/proc/cgroups" : "/proc/containers"))
				continue;
			pathf(top, sizeof(top), "/bench/%s", fs[f][1]);
			mountfs(top, fs[f][0], "cpuacct");
			group_figures(top, fs[f][1]);
			unmountfs(top);
		}
		/* the same as at the start, or the footprint grew */
		fork_figures("g.end", 0);
		return 0;
	}
	/* the kernel's figures with nothing mounted */
	fork_figures("none", 1);
	filp_figure();

	if (drift) {
		/* -d: does fork drift after plain fs activity, or after a hierarchy came and went? */
		const char *fs[3][3] = { { "tmpfs", NULL, "tmp" },
					 { "container", NULL, "ct" },
					 { "cgroup", "cpuacct", "cg" } };
		char top[64], k[64];
		int f, i;

		fork_figures("d.start", 0);
		for (f = 0; f < 3; f++) {
			if (f == 1 && !exists("/proc/containers"))
				continue;
			if (f == 2 && !exists("/proc/cgroups"))
				continue;
			pathf(top, sizeof(top), "/bench/%s", fs[f][2]);
			for (i = 0; i < 5; i++) {
				mountfs(top, fs[f][0], fs[f][1]);
				if (f) {
					descend(top);
					if (drift > 1)
						do_fork(iters(N_FORK));
					ascend(top);
				} else {
					make_siblings(top, "g", 3);
					remove_siblings(top, "g", 3);
				}
				unmountfs(top);
			}
			pathf(k, sizeof(k), "d.after-%s", fs[f][2]);
			fork_figures(k, 0);
		}
		return 0;
	}
	if (quick) {
		/* -q: the figures with nothing mounted only */
		fork_figures("end", 0);
		return 0;
	}
	if (exists("/proc/containers")) {
		/* every subsystem: fork, scaling, and the ops with all of them */
		framework("container", every_subsystem(), "ct", 1);
		/* like for like with cgroup v1: cpuacct alone */
		framework("container", "cpuacct", "ctacct", 0);
		if (listed("/proc/containers", "numtasks"))
			limiter("container", "numtasks", "nt");
		if (listed("/proc/containers", "ns"))
			unshare_figures();
		populated_figures();
		if (listed("/proc/containers", "bc"))
			bc_figures();
	}
	if (exists("/proc/cgroups")) {
		framework("cgroup", "cpuacct", "cg", 1);
		if (listed("/proc/cgroups", "pids"))
			limiter("cgroup", "pids", "pids");
	}
	/* nothing mounted again: shows whether the kernel drifted meanwhile */
	fork_figures("end", 0);
	note("done");
	return 0;
}
