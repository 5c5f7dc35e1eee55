// SPDX-License-Identifier: GPL-2.0
/*
 * ntbomb - fork bombs and fork races for the numtasks subsystem's test.
 *
 *	ntbomb procs GROUP SECS     a fork bomb: every process forks as fast
 *	                            as it can, its children too, for SECS
 *	ntbomb threads GROUP SECS   the same with threads of one process
 *	ntbomb zombies GROUP        fork children that exit at once and are
 *	                            never waited for, until fork fails
 *	ntbomb race GROUP SECS N    N processes on CPUs of their own fork
 *	                            children that exit at once, for SECS
 *
 * GROUP is the directory of a numtasks group; the program moves itself
 * there first.  While the bomb runs, the first process reads
 * GROUP/numtasks.current and GROUP/numtasks.max over and over.  At the end
 * every process of the bomb is killed and reaped and one line is printed:
 *
 *	made M refused R other O peak P max X
 *
 * M forks or thread creations that worked, R that failed with EAGAIN, O
 * that failed otherwise (errno of the last in "other O (ERRNO)"), P the
 * highest numtasks.current read, X numtasks.max.  Exits 0 if the forks
 * were refused with EAGAIN alone and P never went over X, 1 otherwise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "progs.h"

struct shared {
	long made, refused, other;
	int other_errno;
	volatile int stop;
};

static struct shared *sh;
static char cur_path[512], max_path[512];

static long read_num(const char *path)
{
	char buf[64];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (!strncmp(buf, "max", 3))
		return 1L << 40;
	return atol(buf);
}

static void count(int ok)
{
	if (ok) {
		__atomic_add_fetch(&sh->made, 1, __ATOMIC_RELAXED);
	} else if (errno == EAGAIN) {
		__atomic_add_fetch(&sh->refused, 1, __ATOMIC_RELAXED);
	} else {
		sh->other_errno = errno;
		__atomic_add_fetch(&sh->other, 1, __ATOMIC_RELAXED);
	}
}

/* a bomb process: fork until told to stop; children do the same */
static void bomb_procs(void)
{
	pid_t p;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	while (!sh->stop) {
		p = fork();
		if (p == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			continue;
		}
		count(p > 0);
		if (p < 0)
			usleep(1000);
	}
	pause();
}

static void *thread_fn(void *arg)
{
	(void)arg;
	while (!sh->stop)
		pause();
	return NULL;
}

static void *bomb_thread(void *arg)
{
	pthread_t t;
	int err;

	(void)arg;
	while (!sh->stop) {
		err = pthread_create(&t, NULL, bomb_thread, NULL);
		errno = err;
		count(!err);
		if (err)
			usleep(1000);
	}
	return thread_fn(NULL);
}

static void race_worker(int n, double end)
{
	pid_t p;
	int st;

	pin(n);
	while (now() < end) {
		p = fork();
		if (p == 0)
			_exit(0);
		count(p > 0);
		if (p > 0)
			waitpid(p, &st, 0);
	}
	exit(0);
}

int main(int argc, char **argv)
{
	long peak = 0, max = 0, v;
	const char *mode, *group;
	double secs = 0, end;
	int i, n = 0, st;
	pid_t p, bomb = 0;
	pthread_t t;

	if (argc < 3)
		goto usage;
	mode = argv[1];
	group = argv[2];
	if (strcmp(mode, "zombies")) {
		if (argc < 4)
			goto usage;
		secs = atof(argv[3]);
	}
	if (!strcmp(mode, "race")) {
		if (argc != 5)
			goto usage;
		n = atoi(argv[4]);
	}
	sh = shared_mem(sizeof(*sh));
	snprintf(cur_path, sizeof(cur_path), "%s/numtasks.current", group);
	snprintf(max_path, sizeof(max_path), "%s/numtasks.max", group);
	max = read_num(max_path);
	/* the bomb's orphans come to us, to be reaped at the end */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	enter_group(group);
	end = now() + secs;

	if (!strcmp(mode, "zombies")) {
		for (;;) {
			p = fork();
			if (p == 0)
				_exit(0);
			count(p > 0);
			if (p < 0)
				break;
		}
		peak = read_num(cur_path);
	} else {
		if (!strcmp(mode, "procs")) {
			bomb = fork();
			if (bomb == 0) {
				setpgid(0, 0);
				bomb_procs();
			}
			count(bomb > 0);
		} else if (!strcmp(mode, "threads")) {
			errno = pthread_create(&t, NULL, bomb_thread, NULL);
			count(!errno);
		} else if (!strcmp(mode, "race")) {
			for (i = 0; i < n; i++)
				if (fork() == 0)
					race_worker(i, end);
		} else {
			goto usage;
		}
		while (now() < end) {
			v = read_num(cur_path);
			if (v > peak)
				peak = v;
			usleep(10000);
		}
		sh->stop = 1;
		if (bomb > 0)
			kill(-bomb, SIGKILL);
	}
	while (wait(&st) > 0 || errno == EINTR)
		;
	printf("made %ld refused %ld other %ld", sh->made, sh->refused,
	       sh->other);
	if (sh->other)
		printf(" (%s)", strerror(sh->other_errno));
	printf(" peak %ld max %ld\n", peak, max);
	/* threads: leave without joining them */
	fflush(stdout);
	_exit(sh->other || peak > max ? 1 : 0);

usage:
	fprintf(stderr, "usage: ntbomb procs|threads GROUP SECS, ntbomb zombies GROUP,\n"
		"       ntbomb race GROUP SECS N\n");
	return 2;
}
