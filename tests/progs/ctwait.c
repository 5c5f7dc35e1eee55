// SPDX-License-Identifier: GPL-2.0
/*
 * ctwait - wait for a container to empty, the way a service manager would:
 * by watching its "populated" file instead of running a release agent.
 *
 *   ctwait GROUP [TIMEOUT]
 *	Sleep until GROUP/populated reads 0; exit 0 then, 1 after TIMEOUT
 *	seconds (default: none), 2 on an error.  Uses poll(2): the kernel
 *	wakes it with POLLPRI when the value changes, so it never polls.
 *
 *   ctwait -c poll|inotify FILE N TIMEOUT
 *	For the tests: print "ready", then watch FILE with poll(2) or with
 *	inotify (IN_MODIFY) until N wakeups, TIMEOUT seconds or SIGTERM.
 *	Each wakeup prints the value FILE reads then, as it happens; the
 *	end prints "total WAKEUPS VALUE".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/inotify.h>

#include "progs.h"

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	stop = 1;
}

/* the value of the open populated file @fd, read from its start */
static int read_value(int fd)
{
	char buf[16];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0) {
		perror("read");
		exit(2);
	}
	buf[n] = '\0';
	return atoi(buf);
}

/* milliseconds left until @end, for poll(); -1 for no end */
static int left_ms(double end)
{
	double left = end - now();

	if (end <= 0)
		return -1;
	return left > 0 ? (int)(left * 1000) + 1 : 0;
}

/* one POLLPRI wakeup of @fd (then re-armed by reading), or 0 at @end */
static int poll_once(int fd, double end)
{
	struct pollfd p = { .fd = fd, .events = POLLPRI };
	int ret = poll(&p, 1, left_ms(end));

	if (ret < 0 && errno == EINTR)
		return 0;
	if (ret < 0) {
		perror("poll");
		exit(2);
	}
	return ret > 0 && (p.revents & POLLPRI);
}

static int wait_empty(const char *group, double timeout)
{
	double end = timeout > 0 ? now() + timeout : 0;
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/populated", group);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror(path);
		return 2;
	}
	/* reading arms the notification; a change since wakes poll() */
	while (read_value(fd)) {
		if (!poll_once(fd, end) && end && now() >= end)
			return 1;
	}
	printf("%s is empty\n", group);
	return 0;
}

static int count_wakeups(const char *how, const char *file, int max,
			 double timeout)
{
	struct sigaction sa = { .sa_handler = on_term };	/* no SA_RESTART */
	double end = now() + timeout;
	int fd, ifd = -1, n = 0, value;
	char ev[sizeof(struct inotify_event) + NAME_MAX + 1];

	sigaction(SIGTERM, &sa, NULL);
	fd = open(file, O_RDONLY);
	if (fd < 0) {
		perror(file);
		return 2;
	}
	value = read_value(fd);
	if (!strcmp(how, "inotify")) {
		ifd = inotify_init1(IN_NONBLOCK);
		if (ifd < 0 || inotify_add_watch(ifd, file, IN_MODIFY) < 0) {
			perror("inotify");
			return 2;
		}
	} else if (strcmp(how, "poll")) {
		fprintf(stderr, "ctwait: poll or inotify, not %s\n", how);
		return 2;
	}
	printf("ready\n");
	fflush(stdout);

	while (n < max && now() < end && !stop) {
		int woken = 0;

		if (ifd < 0) {
			woken = poll_once(fd, end);
		} else {
			struct pollfd p = { .fd = ifd, .events = POLLIN };
			ssize_t len, off;

			if (poll(&p, 1, left_ms(end)) <= 0)
				continue;
			len = read(ifd, ev, sizeof(ev));
			for (off = 0; len > 0 && off < len;
			     off += sizeof(struct inotify_event) +
				    ((struct inotify_event *)(ev + off))->len)
				if (((struct inotify_event *)(ev + off))->mask &
				    IN_MODIFY)
					woken++;
		}
		if (!woken)
			continue;
		n += woken;
		value = read_value(fd);
		printf("%d\n", value);
		fflush(stdout);
	}
	printf("total %d %d\n", n, value);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 6 && !strcmp(argv[1], "-c"))
		return count_wakeups(argv[2], argv[3], atoi(argv[4]),
				     atof(argv[5]));
	if (argc == 2 || argc == 3)
		return wait_empty(argv[1], argc == 3 ? atof(argv[2]) : 0);
	fprintf(stderr, "usage: ctwait GROUP [TIMEOUT]\n"
		"       ctwait -c poll|inotify FILE N TIMEOUT\n");
	return 2;
}
