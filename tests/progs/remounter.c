// SPDX-License-Identifier: GPL-2.0
/*
 * remounter - remounts of a container hierarchy against its files.
 *
 *	remounter race SECS DIR FILE DATA OPTS_WITH OPTS_WITHOUT
 *	remounter faults SECS DIR FROM TO
 *
 * race: for SECS seconds, two writer threads (on CPUs 0 and 3) write DATA
 * again and again to DIR/FILE through a descriptor each keeps open, a
 * reader thread (CPU 2) reads it, while the main thread (CPU 1) remounts
 * DIR (-t container) with OPTS_WITHOUT and back with OPTS_WITH: FILE, a
 * file of the hierarchy's top group that OPTS_WITH's subsystems bring,
 * comes and goes.  A writer whose file went (ENODEV) opens it again as
 * soon as it is back (an open may fail with ENOENT or ENODEV meanwhile).  A write may work or fail with ENODEV, nothing else;
 * every remount must work.  Prints
 *
 *	remounts N failed N writes N ok N enodev N other N opens N reads N
 *
 * and, for each unexpected result, a line saying what it was; exits 1 if
 * there was any, 0 if not.  At the end DIR is remounted with OPTS_WITH.
 *
 * faults: DIR is mounted with options FROM; a remount with options TO (which
 * adds subsystems) is made with each of its fault-injection points failing
 * in turn (/proc/thread-self/fail-nth, CONFIG_FAULT_INJECTION), for SECS
 * seconds at most.  First a clean remount to TO counts the points and
 * records the state after it, and a remount back to FROM must give back
 * the state before.  The state: DIR's options in /proc/mounts,
 * /proc/containers, the names in DIR.  Then for N = 1, 2, ... (a few past
 * the count): a remount that fails must fail with ENOMEM and leave the
 * state before; one that works (the failure was absorbed, or N was past
 * the last point) must give the state after, and is undone by a remount
 * to FROM.  Prints
 *
 *	points P tried N enomem N worked N bad N
 *
 * then "bad: N:WHAT ..." and the first wrong state, if any; exits 1 if
 * anything was bad.  A state left changed is undone (remount to FROM)
 * before the next point.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <time.h>
#include <unistd.h>

#include "progs.h"

static const char *path, *data;
static atomic_int stop;
static atomic_long writes, wr_ok, wr_enodev, wr_other, opens, reads, other_errno;

/* open path for writing, waiting (a little) for it to come back */
static int reopen(int flags)
{
	int fd;

	while (!atomic_load(&stop)) {
		fd = open(path, flags);
		if (fd >= 0) {
			atomic_fetch_add(&opens, 1);
			return fd;
		}
		/* gone (ENOENT), or going while we open it (ENODEV) */
		if (errno != ENOENT && errno != ENODEV) {
			printf("open %s: %s\n", path, strerrorname_np(errno));
			atomic_fetch_add(&wr_other, 1);
			return -1;
		}
		sched_yield();
	}
	return -1;
}

static void *writer(void *arg)
{
	size_t len = strlen(data);
	int fd;

	pin((long)arg);
	fd = reopen(O_WRONLY);
	while (fd >= 0 && !atomic_load(&stop)) {
		ssize_t w = write(fd, data, len);

		atomic_fetch_add(&writes, 1);
		if (w == (ssize_t)len) {
			atomic_fetch_add(&wr_ok, 1);
			continue;
		}
		if (w < 0 && errno == ENODEV) {
			atomic_fetch_add(&wr_enodev, 1);
			close(fd);
			fd = reopen(O_WRONLY);
			continue;
		}
		if (atomic_fetch_add(&wr_other, 1) < 5)
			printf("write: %s\n", w < 0 ? strerrorname_np(errno) : "short");
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}

static void *reader(void *arg)
{
	char buf[256];
	int fd;

	pin((long)arg);
	fd = reopen(O_RDONLY);
	while (fd >= 0 && !atomic_load(&stop)) {
		ssize_t r = pread(fd, buf, sizeof(buf), 0);

		atomic_fetch_add(&reads, 1);
		if (r >= 0)
			continue;
		if (errno == ENODEV) {
			close(fd);
			fd = reopen(O_RDONLY);
			continue;
		}
		if (atomic_fetch_add(&other_errno, 1) < 5)
			printf("read: %s\n", strerrorname_np(errno));
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}

static int remount(const char *dir, const char *opts)
{
	return mount("none", dir, "container", MS_REMOUNT, opts);
}

static int do_race(int secs, const char *dir, const char *file,
		   const char *with, const char *without)
{
	static char buf[4096];
	pthread_t th[3];
	long remounts = 0, failed = 0;
	double end = now() + secs;
	int i, bad;

	snprintf(buf, sizeof(buf), "%s/%s", dir, file);
	path = buf;
	pin(1);
	if (pthread_create(&th[0], NULL, writer, (void *)0L) ||
	    pthread_create(&th[1], NULL, writer, (void *)3L) ||
	    pthread_create(&th[2], NULL, reader, (void *)2L)) {
		fprintf(stderr, "remounter: pthread_create failed\n");
		return 1;
	}
	while (now() < end) {
		const char *opts = remounts % 2 ? with : without;

		if (remount(dir, opts) && failed++ < 5)
			printf("remount -o %s: %s\n", opts, strerrorname_np(errno));
		remounts++;
		/* let the writers find the file again now and then */
		if (remounts % 2 == 0 && remounts % 16 == 0)
			usleep(1000);
	}
	if (remounts % 2 && remount(dir, with) && failed++ < 5)
		printf("remount -o %s: %s\n", with, strerrorname_np(errno));
	atomic_store(&stop, 1);
	for (i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	bad = failed || atomic_load(&wr_other) || atomic_load(&other_errno);
	printf("remounts %ld failed %ld writes %ld ok %ld enodev %ld other %ld opens %ld reads %ld\n",
	       remounts, failed, atomic_load(&writes), atomic_load(&wr_ok),
	       atomic_load(&wr_enodev),
	       atomic_load(&wr_other) + atomic_load(&other_errno),
	       atomic_load(&opens), atomic_load(&reads));
	return bad;
}

/* the state a remount may change, in @buf */
static void state(const char *dir, char *buf, size_t size)
{
	struct dirent **names;
	char line[4096], mnt[4096], opts[4096];
	size_t len = 0;
	FILE *f;
	int i, n;

#define ADD(...) (len += snprintf(buf + len, len < size ? size - len : 0, __VA_ARGS__))
	ADD("options:");
	f = fopen("/proc/mounts", "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %4095s %*s %4095s", mnt, opts) == 2 &&
		    !strcmp(mnt, dir))
			ADD(" %s", opts);
	if (f)
		fclose(f);
	ADD("\n/proc/containers:\n");
	f = fopen("/proc/containers", "r");
	while (f && fgets(line, sizeof(line), f))
		ADD("%s", line);
	if (f)
		fclose(f);
	ADD("files:");
	n = scandir(dir, &names, NULL, alphasort);
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.')
			ADD(" %s", names[i]->d_name);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
#undef ADD
}

/* remount @dir with @opts, the @nth fault-injection point failing: the
 * remount's errno or 0; *@left the points not reached (0: injected) */
static int failnth(int ffd, int nth, const char *dir, const char *opts,
		   int *left)
{
	char buf[32];
	int ret, err;
	ssize_t len;

	len = snprintf(buf, sizeof(buf), "%d", nth);
	if (pwrite(ffd, buf, len, 0) != len) {
		printf("fail-nth write: %s\n", strerrorname_np(errno));
		exit(1);
	}
	/* from here to the read of fail-nth, nothing but the remount */
	ret = remount(dir, opts);
	err = errno;
	len = pread(ffd, buf, sizeof(buf) - 1, 0);
	if (len <= 0 || pwrite(ffd, "0", 1, 0) != 1) {
		printf("fail-nth read: %s\n", strerrorname_np(errno));
		exit(1);
	}
	buf[len] = 0;
	*left = atoi(buf);
	return ret ? err : 0;
}

static int do_faults(int secs, const char *dir, const char *from, const char *to)
{
	static char before[16384], after[16384], now_st[16384], first[16384];
	static char bad[4096];
	double end = now() + secs;
	int ffd, left, err, points, n, tried = 0, enomem = 0, worked = 0, nbad = 0;
	size_t blen = 0;

	ffd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (ffd < 0) {
		printf("fail-nth: %s\n", strerrorname_np(errno));
		return 1;
	}
	state(dir, before, sizeof(before));
	err = failnth(ffd, 1000000, dir, to, &left);
	if (err || !left) {
		printf("remount -o %s: %s\n", to, err ? strerrorname_np(err) : "injected?");
		return 1;
	}
	points = 1000000 - left;
	state(dir, after, sizeof(after));
	if (remount(dir, from)) {
		printf("remount -o %s: %s\n", from, strerrorname_np(errno));
		return 1;
	}
	state(dir, now_st, sizeof(now_st));
	if (strcmp(now_st, before)) {
		printf("remount -o %s does not give the state back:\n%s\nwant:\n%s\n",
		       from, now_st, before);
		return 1;
	}
#define BAD(...) do { \
	if (!nbad++) \
		snprintf(first, sizeof(first), "%s", now_st); \
	blen += snprintf(bad + blen, blen < sizeof(bad) ? sizeof(bad) - blen : 0, __VA_ARGS__); \
} while (0)
	for (n = 1; n <= points + 4 && now() < end; n++) {
		tried++;
		err = failnth(ffd, n, dir, to, &left);
		state(dir, now_st, sizeof(now_st));
		if (err == ENOMEM && !left) {
			enomem++;
			if (strcmp(now_st, before))
				BAD(" %d:changed", n);
		} else if (!err) {
			worked++;
			if (strcmp(now_st, after))
				BAD(" %d:partial", n);
		} else {
			BAD(" %d:%s%s", n, left ? "clean-" : "", strerrorname_np(err));
		}
		if (strcmp(now_st, before)) {
			remount(dir, from);
			state(dir, now_st, sizeof(now_st));
			if (strcmp(now_st, before))
				BAD(" %d:undo", n);
		}
	}
#undef BAD
	printf("points %d tried %d enomem %d worked %d bad %d\n", points, tried,
	       enomem, worked, nbad);
	if (nbad) {
		printf("bad:%s\nfirst wrong state:\n%s\nbefore:\n%s\nafter:\n%s\n",
		       bad, first, before, after);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 8 && !strcmp(argv[1], "race")) {
		data = argv[5];
		return do_race(atoi(argv[2]), argv[3], argv[4], argv[6], argv[7]);
	}
	if (argc == 6 && !strcmp(argv[1], "faults"))
		return do_faults(atoi(argv[2]), argv[3], argv[4], argv[5]);
	fprintf(stderr, "usage: remounter race SECS DIR FILE DATA OPTS_WITH OPTS_WITHOUT\n"
		"       remounter faults SECS DIR FROM TO\n");
	return 2;
}
