// SPDX-License-Identifier: GPL-2.0
/*
 * ctfuzz - a seeded random-operation fuzzer for a mounted container hierarchy.
 *
 *	ctfuzz ROOT SECONDS PROCS SEED
 *
 * ROOT is the mount point of a container hierarchy (-t container or
 * cpuset).  ctfuzz makes its own tree ROOT/fz<pid> (with one group, keep,
 * that it never removes), forks PROCS workers, each pinned to its own CPU,
 * and lets them run random operations for SECONDS seconds:
 *
 *	write    random and crafted bytes (numbers, huge, negative, lists,
 *	         "max", N/S, junk, NULs, newlines) at random offsets and
 *	         lengths (0 to 64 KiB) to the control files of the tree, of
 *	         ROOT (not its tasks/procs) and of its own extra mounts
 *	read     random offsets and sizes; a whole read is checked for its
 *	         form (flags read 0 or 1, counters are numbers, lists are
 *	         lists, tasks ascend)
 *	mkdir, rmdir, rename (within and across parents, onto files and groups)
 *	move     itself, short-lived children, threads, other workers, through
 *	         tasks and procs
 *	held     a file held open across the rmdir of its group, then used
 *	files    creat, mknod, symlink, link, unlink, rename of control files
 *	mount    mount, remount, umount of extra hierarchies, random options
 *	unshare  a child unshares (or clones) UTS/IPC/mount namespaces
 *	openmany many open files at once (bc), forkburst many children (numtasks)
 *
 * A write to a tasks or procs file never holds a pid that is not ctfuzz's
 * own: junk that would parse as a number is replaced.  Every worker draws
 * from its own PRNG stream (xorshift64*, seeded by splitmix64 from SEED and
 * the worker's index), so the same seed replays the same choices; what a
 * choice hits depends on the tree the other workers change, so a replay is
 * exact only with PROCS=1 and a fixed number of operations:
 *
 *	CTFUZZ_OPS=N    each worker does N operations (SECONDS is then only a
 *	                watchdog)
 *	CTFUZZ_LOG=1    every operation and its result on stderr
 *	CTFUZZ_BREAK=1  pretend a flag file read "2" (to see a failure)
 *
 * At the end the workers exit, the tree's groups must all hold the same
 * files as keep, every group must be removable (bottom-up), the extra
 * hierarchies are brought back and emptied, ROOT's own files get their
 * values back and no subsystem may stay bound that was not at the start.
 * Prints "ctfuzz: seed S ..." first, then per-kind counts, errnos and
 *
 *	ctfuzz: seed S ops N in Ts (N/min) errors N
 *
 * An impossible result (a flag reading other than 0/1, a control file
 * created, removed or vanished, a group renamed to another parent or
 * replacing another, a move into a removed group, EFAULT, a group that
 * cannot be removed once empty, a worker that hangs) is printed as
 * "ctfuzz: ERROR seed S worker W op N: ..." and makes the exit status 1.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "progs.h"

/* paths are short (five levels at most below ROOT); a long one is cut */
#pragma GCC diagnostic ignored "-Wformat-truncation"

#define MAXW		16	/* workers */
#define SLOTS		2	/* extra mount points per worker */
#define MAYBE		16	/* per worker: option strings that may live on */
#define OPTLEN		160
#define MAXDATA		65536
#define MAXNAMES	128
#define NERR		140
#define HELD		8

enum kind { K_WRITE, K_READ, K_MKDIR, K_RMDIR, K_RENAME, K_MOVE, K_HELD,
	    K_FILES, K_MOUNT, K_UNSHARE, K_OPENMANY, K_FORKBURST, K_CHECK,
	    NKINDS };
static const char *kname[NKINDS] = { "write", "read", "mkdir", "rmdir",
	"rename", "move", "held", "files", "mount", "unshare", "openmany",
	"forkburst", "check" };
/* how often each kind is drawn, out of the sum */
static const int kweight[NKINDS] = { 30, 18, 8, 6, 4, 10, 3, 3, 3, 2, 2, 2, 1 };

struct wstate {
	long ops[NKINDS];
	long err[NKINDS][NERR];
	char slot_opts[SLOTS][OPTLEN];	/* mounted there now, "" if nothing */
	char maybe[MAYBE][OPTLEN];	/* umounted, may live on */
	int done;
};

struct shared {
	int errors;
	struct wstate w[MAXW];
};

static struct shared *sh;
static const char *root;
static char top[512], keep[600], mnt_base[256];
static unsigned long long seed;
static int wid = -1, nprocs, logops;
static long opno;
static struct wstate *me;
static char subsys[16][32];
static int nsubsys;
static char rootsubs[16][32];	/* bound to ROOT's hierarchy */
static int nrootsubs;
static char refnames[MAXNAMES][256];	/* keep's files: every group's */
static int nref;
static dev_t root_dev;
static int breakit;

/* ---- PRNG: splitmix64 seeds an xorshift64* stream per worker ---------- */

static uint64_t rs;

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rnd64(void)
{
	rs ^= rs >> 12;
	rs ^= rs << 25;
	rs ^= rs >> 27;
	return rs * 0x2545f4914f6cdd1dULL;
}

/* 0 .. n-1 */
static unsigned int rnd(unsigned int n)
{
	return n ? (unsigned int)((rnd64() >> 11) % n) : 0;
}

static int chance(int pct)
{
	return (int)rnd(100) < pct;
}

/* ---- reporting ------------------------------------------------------- */

static void oplog(const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	if (!logops)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(stderr, "w%d #%ld %s\n", wid, opno, buf);
}

static void error(const char *fmt, ...)
{
	va_list ap;
	char buf[2048];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	__atomic_add_fetch(&sh->errors, 1, __ATOMIC_SEQ_CST);
	printf("ctfuzz: ERROR seed %llu worker %d op %ld: %s\n", seed, wid,
	       opno, buf);
}

static const char *ename(int e)
{
	const char *s = e ? strerrorname_np(e) : "OK";

	return s ? s : "E?";
}

/* count the result of an operation of kind k: 0 or an errno */
static int result(int k, int ret, int e)
{
	int idx = ret < 0 ? (e > 0 && e < NERR ? e : NERR - 1) : 0;

	me->err[k][idx]++;
	if (ret < 0 && e == EFAULT)
		error("%s: EFAULT with valid buffers", kname[k]);
	return ret < 0 ? e : 0;
}

/* ---- paths and listings ---------------------------------------------- */

struct list {
	int n;
	char name[MAXNAMES][256];
};

/* entries of dir: dirs (want 1) or files (want 0) */
static int list_dir(const char *dir, int want, struct list *l)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	l->n = 0;
	if (!d)
		return -1;
	while ((e = readdir(d)) && l->n < MAXNAMES) {
		if (e->d_name[0] == '.')
			continue;
		if ((e->d_type == DT_DIR) != want)
			continue;
		snprintf(l->name[l->n++], 256, "%s", e->d_name);
	}
	closedir(d);
	return l->n;
}

static int slot_mounted(int s)
{
	return me && me->slot_opts[s][0];
}

static void slot_path(int w, int s, char *out, size_t sz)
{
	snprintf(out, sz, "%s/w%dm%d", mnt_base, w, s);
}

/*
 * A random group: usually in our tree (a random walk down from top),
 * sometimes ROOT itself or one of our mounted extra hierarchies.  Returns
 * 1 if it is a hierarchy root (ROOT or an extra mount), 0 if not.
 */
static int pick_group(char *out, size_t sz, int allow_roots)
{
	static struct list l;
	int depth, isroot = 0;

	snprintf(out, sz, "%s", top);
	if (allow_roots && chance(8)) {
		snprintf(out, sz, "%s", root);
		return 1;
	}
	if (allow_roots && chance(12)) {
		int s = rnd(SLOTS);

		if (slot_mounted(s)) {
			slot_path(wid, s, out, sz);
			isroot = 1;
		}
	}
	for (depth = 0; depth < 5; depth++) {
		if (depth && chance(35))
			break;
		if (list_dir(out, 1, &l) <= 0)
			break;
		{
			size_t len = strlen(out);

			snprintf(out + len, sz - len, "/%s", l.name[rnd(l.n)]);
			isroot = 0;
		}
	}
	return isroot;
}

static const char *base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* the name of a file without a known subsystem prefix */
static const char *stem(const char *name)
{
	int i;

	for (i = 0; i < nsubsys; i++) {
		size_t n = strlen(subsys[i]);

		if (!strncmp(name, subsys[i], n) && name[n] == '.')
			return name + n + 1;
	}
	return name;
}

static int is_pidfile(const char *name)
{
	return !strcmp(name, "tasks") || !strcmp(name, "procs");
}

static int is_protected(const char *path)
{
	return !strcmp(path, top) || !strcmp(path, keep) ||
	       !strcmp(path, root);
}

/* ---- data ------------------------------------------------------------- */

#define T(s) { s, sizeof(s) - 1 }
static const struct { const char *s; size_t len; } crafted[] = {
	T("0"), T("1"), T("2"), T("3"), T("5"), T("10"), T("50"), T("100"),
	T("0\n"), T("1\n"), T(" 1 \n"), T("\t0\t"), T("+1"), T("-1"), T("-0"),
	T("01"), T("0x10"), T("1e3"), T("1.5"), T("4294967295"), T("4294967296"),
	T("2147483647"), T("2147483648"), T("9223372036854775807"),
	T("9223372036854775808"), T("18446744073709551615"),
	T("18446744073709551616"), T("99999999999999999999999999999"),
	T("-2147483648"), T("-9223372036854775808"), T("0-3,5"), T("0-1"), T("2-3"),
	T("0,1,2"), T("1-3"), T("3-0"), T("0-"), T("-"), T(","), T("0,,1"),
	T("0-3:2"), T("0-1023"), T("4"), T("7"), T("0-4194304"), T("1,0"),
	T(" 0-1 "), T("max"), T("max\n"), T("MAX"), T("max1"), T(" max"), T("maxx"),
	T("mAx"), T("1/1"), T("10/1"), T("5/3600"), T("1/3601"), T("1/0"), T("0/1"),
	T("3/"), T("/3"), T("max/1"), T(""), T(" "), T("\n"), T("\n\n"), T("\t\n"),
	T("1\n2\n"), T("0 1"), T("1 0"), T("1\0"), T("\0"), T("\0001"),
	T("0\n\0\n"), T("junk"), T("tasks"), T("../.."), T("/bin/true"),
	T("/nonexistent/agent"), T("%s%n%x"), T("\xff\xfe"), T("1\r\n"), T("\v1\f"),
};
#undef T
#define NCRAFTED (sizeof(crafted) / sizeof(crafted[0]))

/* fill buf with something to write; returns the length (0..MAXDATA) */
static size_t gen_data(char *buf)
{
	size_t len, i, n;
	const char *c;
	int how = rnd(100);

	if (how < 55) {		/* one crafted token */
		unsigned int k = rnd(NCRAFTED);

		memcpy(buf, crafted[k].s, crafted[k].len);
		return crafted[k].len;
	}
	if (how < 70) {		/* a random number, maybe signed */
		unsigned long long v = rnd64() >> rnd(64);

		return snprintf(buf, 64, "%s%llu%s", chance(10) ? "-" : "", v,
				chance(30) ? "\n" : "");
	}
	if (how < 78) {		/* a random list of CPUs or nodes */
		len = 0;
		n = 1 + rnd(4);
		for (i = 0; i < n; i++) {
			unsigned int a = rnd(6);

			len += snprintf(buf + len, 32, "%s%u", i ? "," : "", a);
			if (chance(40))
				len += snprintf(buf + len, 32, "-%u", a + rnd(4));
		}
		return len;
	}
	if (how < 86) {		/* random bytes, short */
		len = rnd(64);
		for (i = 0; i < len; i++)
			buf[i] = rnd(256);
		return len;
	}
	if (how < 93) {		/* long: a token repeated or padded */
		c = crafted[rnd(NCRAFTED)].s;
		n = strlen(c);
		len = rnd(MAXDATA + 1);
		if (chance(50) || !n) {
			memset(buf, chance(50) ? ' ' : '0', len);
			if (len)
				buf[len - 1] = '1';
		} else {
			for (i = 0; i < len; i++)
				buf[i] = c[i % n];
		}
		return len;
	}
	len = rnd(MAXDATA + 1);	/* long random bytes */
	for (i = 0; i < len; i++)
		buf[i] = rnd(256);
	return len;
}

/*
 * Could the kernel read this as a pid?  Anything up to a NUL that is made
 * of white space, signs, digits and hex letters and has a digit: yes.
 */
static int pid_like(const char *buf, size_t len)
{
	size_t i;
	int digit = 0;

	for (i = 0; i < len && buf[i]; i++) {
		char ch = buf[i];

		if (ch >= '0' && ch <= '9')
			digit = 1;
		else if (!strchr(" \t\n\v\f\r+-xXoObBaAcCdDeEfF", ch))
			return 0;
	}
	return digit;
}

/* a pid of ours for a tasks/procs file */
static size_t own_pid_data(char *buf, pid_t extra)
{
	switch (rnd(4)) {
	case 0:
		return snprintf(buf, 32, "0");
	case 1:
		return snprintf(buf, 32, "%d\n", getpid());
	case 2:
		if (extra > 0)
			return snprintf(buf, 32, " %d ", extra);
		/* fall through */
	default:
		return snprintf(buf, 32, "%d", (int)syscall(SYS_gettid));
	}
}

/* ---- checks on what a read returned ---------------------------------- */

static int all_digits(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* a 0/1 file, by name (with or without its subsystem prefix) */
static int is_flag(const char *name)
{
	const char *st = stem(name);

	return !strcmp(name, "notify_on_release") || !strcmp(name, "populated") ||
		!strcmp(st, "cpu_exclusive") || !strcmp(st, "mem_exclusive") ||
		!strcmp(st, "memory_migrate") || !strcmp(st, "memory_spread_page") ||
		!strcmp(st, "memory_spread_slab") || !strcmp(st, "sched_load_balance") ||
		!strcmp(st, "memory_pressure_enabled");
}

/* a whole file's content, read from offset 0 in one read() */
static void check_content(const char *path, const char *buf, size_t len)
{
	const char *st = stem(base(path));
	const char *name = base(path);
	int flag = is_flag(name);
	size_t body = len && buf[len - 1] == '\n' ? len - 1 : len;

	if (flag) {
		if (breakit || len != 2 || (buf[0] != '0' && buf[0] != '1') ||
		    buf[1] != '\n')
			error("%s reads '%.*s' (%zu bytes), not 0 or 1", path,
			      (int)(len > 40 ? 40 : len), breakit ? "2" : buf, len);
		return;
	}
	if (!strcmp(st, "current") || !strcmp(st, "failcnt") ||
	    !strcmp(st, "numfiles.held") || !strcmp(st, "numfiles.maxheld") ||
	    !strcmp(st, "numfiles.minheld") || !strcmp(st, "numfiles.failcnt")) {
		if (!all_digits(buf, body) || buf[len - 1] != '\n' || body > 12)
			error("%s reads '%.*s', not a count", path,
			      (int)(len > 40 ? 40 : len), buf);
		return;
	}
	if (!strcmp(st, "max") || !strcmp(st, "numfiles.barrier") ||
	    !strcmp(st, "numfiles.limit")) {
		if (!(body == 3 && !memcmp(buf, "max", 3)) && !all_digits(buf, body))
			error("%s reads '%.*s', not max or a number", path,
			      (int)(len > 40 ? 40 : len), buf);
		return;
	}
	if (!strcmp(st, "cpus") || !strcmp(st, "mems")) {
		size_t i;

		for (i = 0; i < body; i++)
			if (!strchr("0123456789,-", buf[i]))
				break;
		if (i < body || !len || buf[len - 1] != '\n')
			error("%s reads '%.*s', not a list", path,
			      (int)(len > 40 ? 40 : len), buf);
		return;
	}
	if (is_pidfile(name)) {
		long prev = -1, v;
		const char *p = buf, *end = buf + len;

		while (p < end) {
			const char *nl = memchr(p, '\n', end - p);

			if (!nl || !all_digits(p, nl - p)) {
				error("%s: a line that is not a pid: '%.*s'", path,
				      (int)((nl ? nl : end) - p > 40 ? 40 : (nl ? nl : end) - p), p);
				return;
			}
			v = atol(p);
			if (v <= prev) {
				error("%s: %ld after %ld, not ascending", path, v, prev);
				return;
			}
			prev = v;
			p = nl + 1;
		}
	}
}

/* ---- operations ------------------------------------------------------- */

static char data[MAXDATA + 64];
static char rbuf[MAXDATA + 64];
static int held[HELD];
static int held_removed[HELD];	/* its group was removed: writes fail */
static char held_name[HELD][64];

static void op_write(void)
{
	char g[1024], path[1400];
	static struct list l;
	size_t len;
	int fd, ret, e, isroot;
	off_t off = 0;

	isroot = pick_group(g, sizeof(g), 1);
	if (list_dir(g, 0, &l) <= 0)
		return;
	snprintf(path, sizeof(path), "%s/%s", g, l.name[rnd(l.n)]);
	len = gen_data(data);
	if (is_pidfile(base(path))) {
		if (isroot && !chance(20))
			return;		/* the root's tasks: only our own pids */
		if (pid_like(data, len))
			len = own_pid_data(data, 0);
	}
	if (chance(15))
		off = rnd(chance(50) ? 16 : MAXDATA);
	fd = open(path, chance(70) ? O_WRONLY : O_RDWR);
	if (fd < 0) {
		e = errno;
		result(K_WRITE, -1, e);
		oplog("write open %s -> %s", path, ename(e));
		return;
	}
	ret = off ? pwrite(fd, data, len, off) : write(fd, data, len);
	e = errno;
	if (ret > (int)len)
		error("write of %zu bytes to %s returned %d", len, path, ret);
	result(K_WRITE, ret, e);
	oplog("write %s len %zu off %ld -> %s", path, len, (long)off,
	      ret < 0 ? ename(e) : "OK");
	if (chance(20)) {	/* a second write on the same descriptor */
		len = gen_data(data);
		if (is_pidfile(base(path)) && pid_like(data, len))
			len = own_pid_data(data, 0);
		ret = write(fd, data, len);
		result(K_WRITE, ret, errno);
	}
	close(fd);
}

static void op_read(void)
{
	char g[1024], path[1400];
	static struct list l;
	int fd, e;
	ssize_t r;

	pick_group(g, sizeof(g), 1);
	if (list_dir(g, 0, &l) <= 0)
		return;
	snprintf(path, sizeof(path), "%s/%s", g, l.name[rnd(l.n)]);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		e = errno;
		result(K_READ, -1, e);
		oplog("read open %s -> %s", path, ename(e));
		return;
	}
	if (chance(50)) {
		/* whole: one read from 0, checked if it got everything */
		r = read(fd, rbuf, MAXDATA);
		e = errno;
		result(K_READ, r, e);
		if (r >= 0 && r < MAXDATA && read(fd, rbuf + r, 1) == 0)
			check_content(path, rbuf, r);
		oplog("read %s whole -> %zd", path, r);
	} else {
		size_t n = rnd(MAXDATA + 1);
		off_t off = chance(50) ? rnd(8) : rnd(MAXDATA * 2);
		int i, rounds = 1 + rnd(4);

		for (i = 0; i < rounds; i++) {
			r = pread(fd, rbuf, n, off);
			e = errno;
			if (r > (ssize_t)n)
				error("pread of %zu from %s returned %zd", n, path, r);
			result(K_READ, r, e);
			off += r > 0 ? r : 1;
		}
		oplog("read %s at %ld n %zu -> %zd", path, (long)off, n, r);
	}
	close(fd);
}

static void new_name(char *out, size_t sz)
{
	int k = rnd(100);

	if (k < 75)
		snprintf(out, sz, "g%u", rnd(8));
	else if (k < 85 && nref)
		snprintf(out, sz, "%s", refnames[rnd(nref)]);	/* EEXIST */
	else if (k < 90) {
		size_t n = 200 + rnd(80), i;	/* near and past NAME_MAX */

		for (i = 0; i < n && i < sz - 1; i++)
			out[i] = 'a' + i % 26;
		out[i] = 0;
	} else if (k < 95)
		snprintf(out, sz, "node_%u", 1 + rnd(64));
	else
		snprintf(out, sz, "x%u.y", rnd(4));
}

static int is_ref_name(const char *n)
{
	int i;

	for (i = 0; i < nref; i++)
		if (!strcmp(refnames[i], n))
			return 1;
	return 0;
}

static void op_mkdir(void)
{
	char g[1024], path[1400], n[300];
	int ret, e;

	pick_group(g, sizeof(g), 1);
	if (!strcmp(g, root))
		snprintf(g, sizeof(g), "%s", top);
	new_name(n, sizeof(n));
	snprintf(path, sizeof(path), "%s/%s", g, n);
	ret = mkdir(path, 0755);
	e = errno;
	result(K_MKDIR, ret, e);
	/*
	 * Only in ROOT's hierarchy: an extra mount has other subsystems,
	 * so other file names (and a top whose set a remount may change).
	 */
	if (!ret && is_ref_name(n) && !strncmp(path, top, strlen(top)) &&
	    path[strlen(top)] == '/')
		error("mkdir %s worked: a group named after a control file", path);
	oplog("mkdir %s -> %s", path, ret ? ename(e) : "OK");
}

/* move every task listed in dir/tasks to dest; at most 64 */
static void evacuate(const char *dir, const char *dest)
{
	char path[1400];
	FILE *f;
	int pid, n = 0;

	snprintf(path, sizeof(path), "%s/tasks", dir);
	f = fopen(path, "r");
	if (!f)
		return;
	while (n++ < 64 && fscanf(f, "%d", &pid) == 1)
		progs_move_pid(dest, pid);
	fclose(f);
}

static void op_rmdir(void)
{
	char g[1024], up[1024];
	int ret, e;

	pick_group(g, sizeof(g), 1);
	if (is_protected(g))
		return;
	if (chance(30)) {
		snprintf(up, sizeof(up), "%s", g);
		*strrchr(up, '/') = 0;
		evacuate(g, up);
	}
	ret = rmdir(g);
	e = errno;
	result(K_RMDIR, ret, e);
	oplog("rmdir %s -> %s", g, ret ? ename(e) : "OK");
}

static void op_rename(void)
{
	char g[1400], h[1400], to[1700], n[300], *slash;
	static struct list l;
	struct stat st;
	int ret, e, how = rnd(5), existed;

	pick_group(g, sizeof(g), 0);
	if (is_protected(g))
		return;
	new_name(n, sizeof(n));
	snprintf(h, sizeof(h), "%s", g);
	slash = strrchr(h, '/');
	*slash = 0;
	if (how == 0) {			/* within the parent */
		snprintf(to, sizeof(to), "%s/%s", h, n);
	} else if (how == 1) {		/* to another parent */
		pick_group(h, sizeof(h), 0);
		snprintf(to, sizeof(to), "%s/%s", h, n);
	} else if (how == 2) {		/* onto a control file */
		if (list_dir(h, 0, &l) <= 0)
			return;
		snprintf(to, sizeof(to), "%s/%s", h, l.name[rnd(l.n)]);
	} else if (how == 3) {		/* a control file, somewhere */
		if (list_dir(g, 0, &l) <= 0)
			return;
		snprintf(h, sizeof(h), "%s", g);
		snprintf(g, sizeof(g), "%s/%s", h, l.name[rnd(l.n)]);
		snprintf(to, sizeof(to), "%s/%s", h, chance(50) ? n : "tasks");
	} else {			/* onto a sibling group (or keep) */
		if (list_dir(h, 1, &l) <= 0)
			return;
		snprintf(to, sizeof(to), "%s/%s", h, l.name[rnd(l.n)]);
	}
	existed = !lstat(to, &st);
	ret = rename(g, to);
	e = errno;
	result(K_RENAME, ret, e);
	oplog("rename %s %s -> %s", g, to, ret ? ename(e) : "OK");
	if (ret && e == EXDEV)
		error("rename %s %s: EXDEV (mv would copy)", g, to);
	if (ret || !strcmp(g, to))
		return;
	if (how == 3)
		error("rename of control file %s to %s worked", g, to);
	else if (existed)
		error("rename %s onto existing %s worked", g, to);
	else if (how == 1) {
		char a[1024], b[1400];

		snprintf(a, sizeof(a), "%s", g);
		*strrchr(a, '/') = 0;
		snprintf(b, sizeof(b), "%s", to);
		*strrchr(b, '/') = 0;
		if (strcmp(a, b))
			error("rename %s to %s (another parent) worked", g, to);
	}
}

struct thr {
	pid_t tid;
	int ms;
};

static void *thr_fn(void *arg)
{
	struct thr *t = arg;

	t->tid = syscall(SYS_gettid);
	usleep(t->ms * 1000);
	return NULL;
}

static void move_write(const char *g, const char *file, pid_t pid)
{
	char path[1400], buf[32];
	int fd, ret, e;
	size_t len;

	snprintf(path, sizeof(path), "%s/%s", g, file);
	len = snprintf(buf, sizeof(buf), "%d", (int)pid);
	fd = open(path, O_WRONLY);
	if (fd < 0) {
		result(K_MOVE, -1, errno);
		return;
	}
	ret = write(fd, buf, len);
	e = errno;
	result(K_MOVE, ret, e);
	oplog("move %d to %s -> %s", pid, path, ret < 0 ? ename(e) : "OK");
	close(fd);
}

static void op_move(void)
{
	char g[1024], src[1024], path[1400];
	int how = rnd(5);
	pid_t pid;

	pick_group(g, sizeof(g), 0);
	if (how == 0) {			/* itself */
		move_write(g, chance(50) ? "tasks" : "procs",
			   chance(50) ? 0 : getpid());
	} else if (how == 1) {		/* a short-lived child */
		int ms = rnd(50);

		pid = fork();
		if (pid == 0) {
			alarm(10);
			usleep(ms * 1000);
			_exit(0);
		}
		if (pid < 0) {
			result(K_MOVE, -1, errno);
			return;
		}
		move_write(g, chance(50) ? "tasks" : "procs", pid);
		if (chance(50)) {
			pick_group(g, sizeof(g), 0);
			move_write(g, "procs", pid);
		}
		waitpid(pid, NULL, 0);
	} else if (how == 2) {		/* threads, from a child */
		uint64_t cs = rnd64();

		pid = fork();
		if (pid == 0) {
			struct thr t[8];
			pthread_t th[8];
			int i, n = 1 + rnd(8), made = 0;

			alarm(10);
			rs = cs | 1;
			for (i = 0; i < n; i++) {
				t[i].tid = 0;
				t[i].ms = rnd(30);
				if (pthread_create(&th[i], NULL, thr_fn, &t[i]))
					break;
				made++;
			}
			usleep(2000);
			for (i = 0; i < made; i++) {
				pick_group(g, sizeof(g), 0);
				if (t[i].tid)
					move_write(g, "tasks", t[i].tid);
			}
			pick_group(g, sizeof(g), 0);
			move_write(g, "procs", getpid());
			for (i = 0; i < made; i++)
				pthread_join(th[i], NULL);
			_exit(0);
		}
		if (pid < 0) {
			result(K_MOVE, -1, errno);
			return;
		}
		usleep(1000);
		move_write(g, "procs", pid);
		waitpid(pid, NULL, 0);
	} else {			/* whatever is in some group: ours */
		FILE *f;
		int p, n = 0, want;

		pick_group(src, sizeof(src), 0);
		snprintf(path, sizeof(path), "%s/%s", src, chance(50) ? "tasks" : "procs");
		f = fopen(path, "r");
		if (!f) {
			result(K_MOVE, -1, errno);
			return;
		}
		want = rnd(4);
		while (fscanf(f, "%d", &p) == 1 && n < 16) {
			if (n++ != want)
				continue;
			move_write(g, strstr(path, "procs") ? "procs" : "tasks", p);
		}
		fclose(f);
	}
}

static void held_close(int i)
{
	if (held[i] >= 0)
		close(held[i]);
	held[i] = -1;
}

static void op_held(void)
{
	char g[1024], d[1400], path[1600];
	int fd, ret, e, i = rnd(HELD), w;
	const char *f;

	if (held[i] >= 0 && chance(60)) {	/* use or drop a held one */
		if (chance(30)) {
			held_close(i);
			return;
		}
		w = rnd(2);
		if (w) {
			size_t len = gen_data(data);

			if (!strcmp(held_name[i], "tasks") || !strcmp(held_name[i], "procs"))
				len = own_pid_data(data, 0);
			ret = pwrite(held[i], data, len, 0);
		} else {
			ret = pread(held[i], rbuf, 4096, 0);
		}
		e = errno;
		result(K_HELD, ret, e);
		if (ret >= 0 && w && held_removed[i] && is_pidfile(held_name[i]))
			error("a write to %s of a removed group worked", held_name[i]);
		oplog("held %d %s %s -> %s", i, held_name[i], w ? "write" : "read",
		      ret < 0 ? ename(e) : "OK");
		return;
	}
	held_close(i);
	pick_group(g, sizeof(g), 0);
	snprintf(d, sizeof(d), "%s/h%d_%u", g, wid, rnd(4));
	if (mkdir(d, 0755) && errno != EEXIST) {
		result(K_HELD, -1, errno);
		return;
	}
	f = nref ? refnames[rnd(nref)] : "tasks";
	snprintf(path, sizeof(path), "%s/%s", d, f);
	fd = open(path, O_RDWR);
	if (fd < 0)
		fd = open(path, O_RDONLY);
	if (fd < 0) {
		result(K_HELD, -1, errno);
		return;
	}
	ret = rmdir(d);
	e = errno;
	result(K_HELD, ret, e);
	held[i] = fd;
	held_removed[i] = !ret;
	snprintf(held_name[i], sizeof(held_name[i]), "%s", f);
	oplog("held %s, rmdir -> %s", path, ret ? ename(e) : "OK");
	if (!ret) {
		/* the group is gone: a move through its tasks file must fail */
		if (is_pidfile(f) && write(fd, "0", 1) >= 0)
			error("writing 0 to %s after its group was removed worked", path);
		if (pread(fd, rbuf, 4096, 0) < 0)
			result(K_HELD, -1, errno);
	}
}

static void op_files(void)
{
	char g[1024], path[1400], other[1400];
	static struct list l;
	int how = rnd(6), ret, e;

	pick_group(g, sizeof(g), 1);
	if (list_dir(g, 0, &l) <= 0)
		return;
	snprintf(path, sizeof(path), "%s/%s", g, how < 3 ? "newfile" : l.name[rnd(l.n)]);
	if (how == 0)
		ret = open(path, O_CREAT | O_WRONLY | O_EXCL, 0644);
	else if (how == 1)
		ret = mknod(path, S_IFREG | 0644, 0);
	else if (how == 2)
		ret = symlink("tasks", path);
	else if (how == 3)
		ret = unlink(path);
	else if (how == 4) {
		snprintf(other, sizeof(other), "%s/linked", g);
		ret = link(path, other);
	} else {
		ret = open(path, O_CREAT | O_EXCL | O_WRONLY, 0644);	/* EEXIST */
	}
	e = errno;
	result(K_FILES, ret, e);
	oplog("files %d %s -> %s", how, path, ret < 0 ? ename(e) : "OK");
	if (ret >= 0) {
		error("files op %d on %s worked: files are the kernel's", how, path);
		if (how == 0 || how == 5)
			close(ret);
		if (how < 3)
			unlink(path);
	}
}

/* ---- extra hierarchies ---------------------------------------------- */

static int root_has(const char *s)
{
	int i;

	for (i = 0; i < nrootsubs; i++)
		if (!strcmp(rootsubs[i], s))
			return 1;
	return 0;
}

static void gen_opts(char *o, size_t sz)
{
	size_t len = 0;
	int i, any = 0, k = rnd(100);

	o[0] = 0;
	if (k < 4) {
		static const char *bad[] = { "bogus", "all,name=fz", "none",
			"none,cpuacct,name=fz9", "name=", "noprefix,noprefix,all" };
		snprintf(o, sz, "%s", bad[rnd(6)]);
		return;
	}
	if (k < 22) {
		snprintf(o, sz, "none,name=fz%u", rnd(4));
		return;
	}
	for (i = 0; i < nsubsys; i++) {
		if (root_has(subsys[i]) && !chance(5))
			continue;
		if (chance(35)) {
			len += snprintf(o + len, sz - len, "%s%s", any ? "," : "", subsys[i]);
			any = 1;
		}
	}
	if (!any)
		len += snprintf(o + len, sz - len, "%s", chance(50) && nsubsys ?
				subsys[rnd(nsubsys)] : "all");
	if (chance(12))
		len += snprintf(o + len, sz - len, ",noprefix");
	if (chance(15))
		len += snprintf(o + len, sz - len, ",name=fz%u", rnd(4));
	if (chance(10))
		len += snprintf(o + len, sz - len, ",release_agent=/bin/true");
}

/*
 * What mounts the hierarchy at mp again, from /proc/mounts (the topmost
 * mount there): its subsystems, none, noprefix and name=.  A remount that
 * names no name keeps the old one, so the options the fuzzer asked for are
 * not always the hierarchy's.  release_agent= is left out: a file write
 * may have changed it, and a mount without one matches any.  out keeps
 * what it had if nothing is mounted at mp.
 */
/* a mount option of every filesystem, not the hierarchy's own */
static int generic_opt(const char *tok)
{
	static const char *const generic[] = { "rw", "ro", "nosuid", "nodev",
		"noexec", "sync", "dirsync", "noatime", "nodiratime",
		"relatime", "lazytime" };
	size_t i;

	for (i = 0; i < sizeof(generic) / sizeof(generic[0]); i++)
		if (!strcmp(tok, generic[i]))
			return 1;
	return 0;
}

static void effective_opts(const char *mp, char *out, size_t sz)
{
	char line[4096], m[1024], type[64], opts[2048], real[1024];
	char *tok, *save;
	FILE *f = fopen("/proc/mounts", "r");
	size_t len;

	if (!realpath(mp, real))
		snprintf(real, sizeof(real), "%s", mp);
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*s %1023s %63s %2047s", m, type, opts) != 3 ||
		    strcmp(m, real) || strcmp(type, "container"))
			continue;
		len = 0;
		out[0] = 0;
		for (tok = strtok_r(opts, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			if (!strncmp(tok, "release_agent=", 14) ||
			    generic_opt(tok))
				continue;
			len += snprintf(out + len, len < sz ? sz - len : 0,
					"%s%s", len ? "," : "", tok);
		}
	}
	fclose(f);
}

/* remember opts as a hierarchy that may live on: 0 if there is no room */
static int maybe_add(const char *opts)
{
	int i;

	for (i = 0; i < MAYBE; i++)
		if (!strcmp(me->maybe[i], opts))
			return 1;
	for (i = 0; i < MAYBE; i++)
		if (!me->maybe[i][0]) {
			snprintf(me->maybe[i], OPTLEN, "%s", opts);
			return 1;
		}
	return 0;
}

static int maybe_full(void)
{
	int i;

	for (i = 0; i < MAYBE; i++)
		if (!me->maybe[i][0])
			return 0;
	return 1;
}

/* remove every group below dir, deepest first, moving its tasks to dir */
static int rmtree(const char *dir, const char *rootdir, int depth)
{
	static struct list ls[8];
	char sub[1400];
	int i, n, left = 0;

	if (depth >= 8)
		return 1;
	n = list_dir(dir, 1, &ls[depth]);
	for (i = 0; i < n; i++) {
		snprintf(sub, sizeof(sub), "%s/%s", dir, ls[depth].name[i]);
		left += rmtree(sub, rootdir, depth + 1);
		evacuate(sub, rootdir);
		if (rmdir(sub))
			left++;
	}
	return left;
}

static void op_mount(void)
{
	char mp[400], opts[OPTLEN];
	int s = rnd(SLOTS), ret, e, i;
	struct stat st;

	slot_path(wid, s, mp, sizeof(mp));
	if (!slot_mounted(s)) {
		/* bring back one that may live on, or a new one */
		if (chance(40) && me->maybe[i = rnd(MAYBE)][0])
			snprintf(opts, sizeof(opts), "%s", me->maybe[i]);
		else
			gen_opts(opts, sizeof(opts));
		ret = mount("none", mp, "container", 0, opts);
		e = errno;
		result(K_MOUNT, ret, e);
		oplog("mount -o %s %s -> %s", opts, mp, ret ? ename(e) : "OK");
		if (!ret) {
			snprintf(me->slot_opts[s], OPTLEN, "%s", opts);
			effective_opts(mp, me->slot_opts[s], OPTLEN);
		}
		return;
	}
	if (chance(50)) {
		if (stat(mp, &st) == 0 && st.st_dev == root_dev)
			return;		/* ROOT's hierarchy: leave its set alone */
		gen_opts(opts, sizeof(opts));
		if (chance(40))		/* often the same set, a new agent */
			snprintf(opts, sizeof(opts), "%s", me->slot_opts[s]);
		ret = mount("none", mp, "container", MS_REMOUNT, opts);
		e = errno;
		result(K_MOUNT, ret, e);
		oplog("remount -o %s %s -> %s", opts, mp, ret ? ename(e) : "OK");
		if (!ret) {
			/* a remount keeps the name; remember both */
			maybe_add(me->slot_opts[s]);
			snprintf(me->slot_opts[s], OPTLEN, "%s", opts);
			effective_opts(mp, me->slot_opts[s], OPTLEN);
		}
		return;
	}
	if (maybe_full())
		return;
	if (chance(60)) {
		progs_move_pid(mp, getpid());
		rmtree(mp, mp, 0);
	}
	maybe_add(me->slot_opts[s]);
	ret = umount(mp);
	e = errno;
	result(K_MOUNT, ret, e);
	oplog("umount %s -> %s", mp, ret ? ename(e) : "OK");
	if (!ret)
		me->slot_opts[s][0] = 0;
}

static void op_unshare(void)
{
	static const int fl[] = { CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWNS };
	int flags = 0, i, st, viaclone = chance(30);
	uint64_t cs = rnd64();
	pid_t pid;

	for (i = 0; i < 3; i++)
		if (chance(50))
			flags |= fl[i];
	if (!flags)
		flags = CLONE_NEWUTS;
	if (viaclone) {
		pid = syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
		if (pid == 0) {
			alarm(10);
			_exit(0);
		}
		result(K_UNSHARE, pid < 0 ? -1 : 0, errno);
		if (pid > 0)
			waitpid(pid, &st, 0);
		return;
	}
	pid = fork();
	if (pid == 0) {
		int fd;

		alarm(10);
		rs = cs | 1;
		if (unshare(flags))
			_exit(errno);
		fd = open("/proc/self/container", O_RDONLY);
		if (fd >= 0) {
			if (read(fd, rbuf, 4096) < 0)
				_exit(200);
			close(fd);
		}
		if ((flags & CLONE_NEWNS) && chance(30)) {
			/* a mount that goes with the namespace */
			char mp[400], opts[OPTLEN];

			slot_path(wid, rnd(SLOTS), mp, sizeof(mp));
			gen_opts(opts, sizeof(opts));
			if (!mount("none", mp, "container", 0, opts)) {
				char d[500];

				effective_opts(mp, opts, sizeof(opts));
				/*
				 * The group keeps the hierarchy alive after
				 * the namespace is gone: make it only if the
				 * cleanup can find the hierarchy again.
				 */
				snprintf(d, sizeof(d), "%s/u%u", mp, rnd(2));
				if (chance(50) && maybe_add(opts))
					mkdir(d, 0755);
			}
		}
		_exit(0);
	}
	if (pid < 0) {
		result(K_UNSHARE, -1, errno);
		return;
	}
	waitpid(pid, &st, 0);
	if (WIFEXITED(st) && WEXITSTATUS(st) > 0 && WEXITSTATUS(st) < NERR)
		result(K_UNSHARE, -1, WEXITSTATUS(st));
	else
		result(K_UNSHARE, 0, 0);
	oplog("unshare %#x -> %d", flags, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

static void op_openmany(void)
{
	int fds[600], n = 1 + rnd(300), i, got = 0, e = 0;

	for (i = 0; i < n; i++) {
		int k = rnd(3), fd;

		if (k == 0) {
			fd = open("/dev/null", O_RDONLY);
		} else if (k == 1 && got + 1 < 600) {
			int p[2];

			if (pipe(p) == 0) {
				fds[got++] = p[0];
				fd = p[1];
			} else {
				fd = -1;
			}
		} else {
			fd = socket(AF_UNIX, SOCK_DGRAM, 0);
		}
		if (fd < 0) {
			e = errno;
			break;
		}
		fds[got++] = fd;
		if (got >= 598)
			break;
	}
	result(K_OPENMANY, e ? -1 : 0, e);
	oplog("openmany %d of %d -> %s", got, n, ename(e));
	for (i = 0; i < got; i++)
		close(fds[i]);
}

static void op_forkburst(void)
{
	pid_t pids[16];
	int n = 1 + rnd(16), i, made = 0, e = 0;

	for (i = 0; i < n; i++) {
		int ms = chance(50) ? 0 : rnd(20);
		pid_t p = fork();

		if (p == 0) {
			alarm(10);
			if (ms)
				usleep(ms * 1000);
			_exit(0);
		}
		if (p < 0) {
			e = errno;
			break;
		}
		pids[made++] = p;
	}
	result(K_FORKBURST, e ? -1 : 0, e);
	oplog("forkburst %d of %d -> %s", made, n, ename(e));
	for (i = 0; i < made; i++)
		waitpid(pids[i], NULL, 0);
}

/* keep's files are the reference set: same names, none gone, none more */
static int check_names(const char *dir, int report)
{
	static struct list l;
	int i, j, bad = 0;

	if (list_dir(dir, 0, &l) < 0) {
		if (report)
			error("cannot list %s: %s", dir, ename(errno));
		return 1;
	}
	for (i = 0; i < nref; i++) {
		for (j = 0; j < l.n; j++)
			if (!strcmp(l.name[j], refnames[i]))
				break;
		if (j == l.n) {
			bad++;
			if (report)
				error("%s/%s vanished from a live group", dir, refnames[i]);
		}
	}
	if (l.n != nref - bad) {
		bad++;
		if (report)
			error("%s has %d files, a group has %d", dir, l.n, nref);
	}
	return bad;
}

static void op_check(void)
{
	result(K_CHECK, 0, 0);
	check_names(keep, 1);
}

static void (*const opfn[NKINDS])(void) = {
	op_write, op_read, op_mkdir, op_rmdir, op_rename, op_move, op_held,
	op_files, op_mount, op_unshare, op_openmany, op_forkburst, op_check,
};

static int pick_kind(void)
{
	int sum = 0, i, r;

	for (i = 0; i < NKINDS; i++)
		sum += kweight[i];
	r = rnd(sum);
	for (i = 0; i < NKINDS; i++) {
		if (r < kweight[i])
			return i;
		r -= kweight[i];
	}
	return 0;
}

static void worker(int i, int secs, long nops)
{
	uint64_t x = seed + (uint64_t)(i + 1) * 0x9e3779b97f4a7c15ULL;
	double end = now() + secs;
	int k;

	wid = i;
	me = &sh->w[i];
	rs = splitmix64(&x) | 1;
	setpgid(0, 0);
	pin(i);
	alarm(nops ? 900 : secs + 90);	/* a hung worker dies; the parent says so */
	for (k = 0; k < HELD; k++)
		held[k] = -1;
	signal(SIGPIPE, SIG_IGN);
	progs_move_pid(top, getpid());
	for (opno = 0; nops ? opno < nops : now() < end; opno++) {
		k = pick_kind();
		me->ops[k]++;
		opfn[k]();
	}
	for (k = 0; k < HELD; k++)
		held_close(k);
	me->done = 1;
	fflush(stdout);
	_exit(0);
}

/* ---- the parent: setup, waiting, cleanup, summary -------------------- */

static void read_subsystems(void)
{
	char line[256], name[32];
	FILE *f = fopen("/proc/containers", "r");
	int h;

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (line[0] != '#' && sscanf(line, "%31s %d", name, &h) == 2 &&
		    nsubsys < 16)
			snprintf(subsys[nsubsys++], 32, "%s", name);
	fclose(f);
}

/* "name:hier" of every bound subsystem, for comparing start and end */
static void bound_state(char *out, size_t sz)
{
	char line[256], name[64];
	FILE *f = fopen("/proc/containers", "r");
	size_t len = 0;
	int h;

	out[0] = 0;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (line[0] != '#' && sscanf(line, "%63s %d", name, &h) == 2 && h)
			len += snprintf(out + len, len < sz ? sz - len : 0, " %s", name);
	fclose(f);
}

/* the subsystems in ROOT's mount options */
static void read_root_subsystems(void)
{
	char line[4096], mp[1024], type[64], opts[2048], *tok, *save;
	char real[1024];
	FILE *f = fopen("/proc/mounts", "r");
	int i;

	if (!realpath(root, real))
		snprintf(real, sizeof(real), "%s", root);
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*s %1023s %63s %2047s", mp, type, opts) != 3 ||
		    strcmp(mp, real))
			continue;
		if (!strcmp(type, "cpuset")) {
			snprintf(rootsubs[nrootsubs++], 32, "cpuset");
			continue;
		}
		for (tok = strtok_r(opts, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			for (i = 0; i < nsubsys; i++)
				if (!strcmp(tok, subsys[i]) && nrootsubs < 16)
					snprintf(rootsubs[nrootsubs++], 32, "%s", tok);
	}
	fclose(f);
}

struct saved {
	char name[256];
	char val[4096];
	ssize_t len;
};
static struct saved saved[MAXNAMES];
static int nsaved;

static void save_root_files(void)
{
	static struct list l;
	char path[1400];
	struct stat st;
	int i, fd;

	list_dir(root, 0, &l);
	for (i = 0; i < l.n && nsaved < MAXNAMES; i++) {
		snprintf(path, sizeof(path), "%s/%s", root, l.name[i]);
		/* settings only: counters (usage, maxheld) are not put back */
		if (strcmp(l.name[i], "notify_on_release") &&
		    strcmp(l.name[i], "release_agent") && !is_flag(l.name[i]))
			continue;
		if (stat(path, &st) || !(st.st_mode & 0200))
			continue;
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		snprintf(saved[nsaved].name, 256, "%s", l.name[i]);
		saved[nsaved].len = read(fd, saved[nsaved].val, 4000);
		close(fd);
		if (saved[nsaved].len < 0)
			continue;
		/* an empty value (release_agent) is written back as "\n" */
		if (!saved[nsaved].len || saved[nsaved].val[saved[nsaved].len - 1] != '\n')
			saved[nsaved].val[saved[nsaved].len++] = '\n';
		nsaved++;
	}
}

static void restore_root_files(void)
{
	char path[2048], cur[4096];
	int i, pass, fd;
	ssize_t n;

	/* twice: an exclusive flag may need its partner first */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < nsaved; i++) {
			snprintf(path, sizeof(path), "%s/%s", root, saved[i].name);
			fd = open(path, O_RDWR);
			if (fd < 0)
				continue;
			n = read(fd, cur, sizeof(cur) - 1);
			if (n >= 0 && (!n || cur[n - 1] != '\n'))
				cur[n++] = '\n';
			if (n == saved[i].len && !memcmp(cur, saved[i].val, n)) {
				close(fd);
				continue;
			}
			if (pwrite(fd, saved[i].val, saved[i].len, 0) < 0 && pass)
				printf("ctfuzz: note: restoring %s: %s\n", path, ename(errno));
			close(fd);
		}
}

/* every group in the tree has the reference files; returns groups seen */
static int check_tree(const char *dir, int depth)
{
	static struct list ls[8];
	char sub[1400];
	int i, n, seen = 1;

	check_names(dir, 1);
	if (depth >= 8)
		return seen;
	n = list_dir(dir, 1, &ls[depth]);
	for (i = 0; i < n; i++) {
		snprintf(sub, sizeof(sub), "%s/%s", dir, ls[depth].name[i]);
		seen += check_tree(sub, depth + 1);
	}
	return seen;
}

/* what is left below dir, for the report */
static void show_left(const char *dir, int depth)
{
	static struct list ls[8];
	char sub[1400], path[1500];
	int i, n;
	FILE *f;

	if (depth >= 8)
		return;
	n = list_dir(dir, 1, &ls[depth]);
	for (i = 0; i < n; i++) {
		char tasks[256] = "";
		size_t len;

		snprintf(sub, sizeof(sub), "%s/%s", dir, ls[depth].name[i]);
		snprintf(path, sizeof(path), "%s/tasks", sub);
		f = fopen(path, "r");
		if (f) {
			len = fread(tasks, 1, sizeof(tasks) - 1, f);
			tasks[len] = 0;
			fclose(f);
		}
		for (len = 0; tasks[len]; len++)
			if (tasks[len] == '\n')
				tasks[len] = ' ';
		printf("ctfuzz:   left: %s tasks: %s\n", sub, tasks);
		show_left(sub, depth + 1);
	}
}

/* mount opts at a scratch dir, empty it, umount: 0 if it mounted */
static int bring_back_and_clean(const char *opts, const char *scratch)
{
	if (mount("none", scratch, "container", 0, opts))
		return -1;
	rmtree(scratch, scratch, 0);
	if (umount(scratch))
		printf("ctfuzz: note: umount %s (-o %s): %s\n", scratch, opts,
		       ename(errno));
	return 0;
}

/* the hierarchy ids in /proc/self/container, as " 1 2 3 " */
static void hierarchy_ids(char *out, size_t sz)
{
	char line[1024];
	FILE *f = fopen("/proc/self/container", "r");
	size_t len = 0;
	int id;

	len = snprintf(out, sz, " ");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%d:", &id) == 1 && len < sz)
			len += snprintf(out + len, sz - len, "%d ", id);
	fclose(f);
}

/*
 * A hierarchy that is still there but was not there before, although every
 * mount the workers remembered was brought back and emptied: the fuzzer
 * lost track of it (a note), unless it has no group left, which means the
 * kernel kept a hierarchy alive that nothing holds (an error).  Either way
 * mount it by its subsystem list, empty it and let it go.
 */
static void sweep_lost(const char *before, const char *scratch)
{
	char line[1024], list[512], opts[600], tag[16];
	static struct list l;
	FILE *f = fopen("/proc/self/container", "r");
	int id;

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%d:%511[^:]:", &id, list) != 2)
			continue;
		snprintf(tag, sizeof(tag), " %d ", id);
		if (strstr(before, tag))
			continue;
		snprintf(opts, sizeof(opts), "%s%s",
			 strncmp(list, "name=", 5) ? "" : "none,", list);
		if (mount("none", scratch, "container", 0, opts)) {
			strcat(opts, ",noprefix");
			if (mount("none", scratch, "container", 0, opts)) {
				error("hierarchy %d (%s) lives on and cannot be mounted again: %s",
				      id, list, ename(errno));
				continue;
			}
		}
		if (list_dir(scratch, 1, &l) == 0)
			error("hierarchy %d (-o %s) lived on with no group in it",
			      id, opts);
		else
			printf("ctfuzz: note: hierarchy %d (-o %s) was lost track of\n",
			       id, opts);
		rmtree(scratch, scratch, 0);
		if (umount(scratch))
			printf("ctfuzz: note: umount %s (-o %s): %s\n", scratch,
			       opts, ename(errno));
	}
	fclose(f);
}

static volatile sig_atomic_t alarmed;

static void on_alarm(int sig)
{
	(void)sig;
	alarmed = 1;
}

int main(int argc, char **argv)
{
	char scratch[400], mp[400], before[512], after[512], ids[256];
	pid_t pids[MAXW];
	int secs, i, s, w, left, round, groups, hung = 0;
	long nops = 0, total = 0;
	double t0, t1;
	struct sigaction sa;
	struct stat st;
	struct rlimit rl;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 5) {
		fprintf(stderr, "usage: ctfuzz ROOT SECONDS PROCS SEED\n");
		return 2;
	}
	root = argv[1];
	secs = atoi(argv[2]);
	nprocs = atoi(argv[3]);
	seed = strtoull(argv[4], NULL, 0);
	if (nprocs < 1 || nprocs > MAXW || secs < 0) {
		fprintf(stderr, "ctfuzz: PROCS 1..%d, SECONDS >= 0\n", MAXW);
		return 2;
	}
	if (getenv("CTFUZZ_OPS"))
		nops = atol(getenv("CTFUZZ_OPS"));
	logops = getenv("CTFUZZ_LOG") && *getenv("CTFUZZ_LOG") == '1';
	breakit = getenv("CTFUZZ_BREAK") && *getenv("CTFUZZ_BREAK") == '1';
	printf("ctfuzz: seed %llu procs %d secs %d root %s%s\n", seed, nprocs,
	       secs, root, nops ? " (fixed number of operations)" : "");
	if (stat(root, &st)) {
		perror(root);
		return 2;
	}
	root_dev = st.st_dev;
	rl.rlim_cur = rl.rlim_max = 1024;
	setrlimit(RLIMIT_NOFILE, &rl);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	sh = shared_mem(sizeof(*sh));
	read_subsystems();
	read_root_subsystems();
	bound_state(before, sizeof(before));
	hierarchy_ids(ids, sizeof(ids));
	save_root_files();

	snprintf(top, sizeof(top), "%s/fz%d", root, getpid());
	snprintf(keep, sizeof(keep), "%s/keep", top);
	snprintf(mnt_base, sizeof(mnt_base), "/tmp/ctfuzz.%d", getpid());
	if (mkdir(top, 0755) || mkdir(keep, 0755)) {
		printf("ctfuzz: cannot make %s: %s\n", keep, ename(errno));
		return 2;
	}
	{
		static struct list l;

		list_dir(keep, 0, &l);
		for (i = 0; i < l.n; i++)
			snprintf(refnames[nref++], 256, "%s", l.name[i]);
	}
	mkdir(mnt_base, 0755);
	for (w = 0; w < nprocs; w++)
		for (s = 0; s < SLOTS; s++) {
			slot_path(w, s, mp, sizeof(mp));
			mkdir(mp, 0755);
		}
	snprintf(scratch, sizeof(scratch), "%s/scratch", mnt_base);
	mkdir(scratch, 0755);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART: waitpid returns */
	t0 = now();
	for (i = 0; i < nprocs; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			signal(SIGALRM, SIG_DFL);
			worker(i, secs, nops);
		}
		if (pids[i] < 0) {
			printf("ctfuzz: fork: %s\n", ename(errno));
			nprocs = i;
			break;
		}
	}
	alarm(nops ? 960 : secs + 120);
	for (;;) {
		int st2;
		pid_t p = waitpid(-1, &st2, 0);

		if (p < 0 && errno == ECHILD)
			break;
		if (p < 0 && alarmed)
			break;
		for (i = 0; i < nprocs; i++) {
			if (p == pids[i]) {
				if (WIFSIGNALED(st2))
					printf("ctfuzz: ERROR seed %llu worker %d: killed by signal %d%s\n",
					       seed, i, WTERMSIG(st2),
					       WTERMSIG(st2) == SIGALRM ? " (it hung)" : "");
				if (WIFSIGNALED(st2))
					sh->errors++;
				pids[i] = 0;
			}
		}
	}
	t1 = now();
	if (alarmed) {
		printf("ctfuzz: ERROR seed %llu: the workers did not finish in time (a hang?)\n",
		       seed);
		sh->errors++;
		for (i = 0; i < nprocs; i++)
			if (pids[i] > 0)
				kill(-pids[i], SIGKILL);
		alarmed = 0;
		alarm(30);
		while (waitpid(-1, NULL, 0) > 0 || (errno == EINTR && !alarmed))
			;
		if (alarmed) {
			printf("ctfuzz: ERROR seed %llu: tasks that cannot be killed; no cleanup\n",
			       seed);
			return 1;
		}
		hung = 1;
	}
	alarm(0);

	/* every group still has its files */
	wid = -1;
	groups = check_tree(top, 0);

	/* the extra hierarchies: mounted ones first, then those that live on */
	for (w = 0; w < nprocs; w++)
		for (s = 0; s < SLOTS; s++) {
			if (!sh->w[w].slot_opts[s][0])
				continue;
			slot_path(w, s, mp, sizeof(mp));
			rmtree(mp, mp, 0);
			if (umount(mp))
				printf("ctfuzz: note: umount %s: %s\n", mp, ename(errno));
			me = &sh->w[w];
			maybe_add(sh->w[w].slot_opts[s]);
			sh->w[w].slot_opts[s][0] = 0;
		}
	for (round = 0; round < 3; round++)
		for (w = 0; w < nprocs; w++)
			for (i = 0; i < MAYBE; i++)
				if (sh->w[w].maybe[i][0] &&
				    !bring_back_and_clean(sh->w[w].maybe[i], scratch))
					sh->w[w].maybe[i][0] = 0;

	sweep_lost(ids, scratch);

	/* the tree: bottom-up; tasks may take a moment to leave */
	for (round = 0; round < 50; round++) {
		left = rmtree(top, root, 0);
		if (!left && !rmdir(top))
			break;
		usleep(200000);
	}
	if (round == 50) {
		error("the tree %s cannot be removed once its tasks are gone", top);
		show_left(top, 0);
	}
	restore_root_files();
	for (w = 0; w < nprocs; w++)
		for (s = 0; s < SLOTS; s++) {
			slot_path(w, s, mp, sizeof(mp));
			rmdir(mp);
		}
	rmdir(scratch);
	rmdir(mnt_base);
	bound_state(after, sizeof(after));
	if (strcmp(before, after))
		error("subsystems bound before:%s after:%s", before, after);

	/* the summary */
	{
		char line[4096];
		size_t len = 0;
		int k, e;

		for (k = 0; k < NKINDS; k++) {
			long n = 0;

			for (w = 0; w < nprocs; w++)
				n += sh->w[w].ops[k];
			total += n;
			len += snprintf(line + len, sizeof(line) - len, " %s %ld", kname[k], n);
		}
		printf("ctfuzz: ops%s\n", line);
		for (k = 0; k < NKINDS; k++) {
			len = 0;
			for (e = 0; e < NERR; e++) {
				long n = 0;

				for (w = 0; w < nprocs; w++)
					n += sh->w[w].err[k][e];
				if (n)
					len += snprintf(line + len, sizeof(line) - len, " %s %ld",
							e == NERR - 1 ? "other" : ename(e), n);
			}
			if (len)
				printf("ctfuzz: results %s:%s\n", kname[k], line);
		}
	}
	printf("ctfuzz: seed %llu ops %ld in %.0fs (%.0f/min) groups at end %d errors %d%s\n",
	       seed, total, t1 - t0, t1 > t0 ? total * 60 / (t1 - t0) : 0.0,
	       groups, sh->errors, hung ? " (hung)" : "");
	return sh->errors ? 1 : 0;
}
