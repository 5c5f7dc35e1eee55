// SPDX-License-Identifier: GPL-2.0
/*
 * bcfiles - open files on demand, for the bc (numfiles) subsystem's test.
 *
 *	bcfiles [-g GROUP] [-u] serve
 *	        a server driven through stdin: one command a line, one answer
 *	        line on stdout for each (below).  With -g it first moves itself
 *	        into GROUP (writes its pid to GROUP/tasks), with -u it then
 *	        drops to uid and gid 65534 (setgroups(0), setresgid,
 *	        setresuid: no capability left).  EOF on stdin or "quit" ends
 *	        it; what it holds is closed by its exit.
 *	bcfiles wait
 *	        pause until killed (an exec target that opens nothing)
 *	bcfiles [-u] storm SECS N G1 G2
 *	        N workers, each pinned to CPU i, move themselves into G1 (with
 *	        -u every other one then drops to uid 65534) and for SECS open
 *	        and close files, pipes, socket pairs (if socketpair() works
 *	        here), eventfds, epolls and memfds in a loop, while the parent
 *	        (which stays where it is) moves them between G1 and G2 as
 *	        fast as it can.  Prints "ops O enfile E other X moves M" (X: failures with another
 *	        errno than ENFILE, the last one's name after it) once all are
 *	        reaped; exits 1 if X is not 0.
 *
 * The server's commands (K: how many were made before the first failure;
 * ERR: OK or the errno's name, e.g. ENFILE):
 *
 *	open N [PATH]   open PATH (/dev/null) N times          -> "K ERR"
 *	pipe N          N pipe()s (two files each)              -> "K ERR"
 *	socketpair N    N AF_UNIX socketpair()s (two files)     -> "K ERR"
 *	socket N        N AF_UNIX sockets                       -> "K ERR"
 *	epoll N         N epoll_create1()                       -> "K ERR"
 *	eventfd N       N eventfd()                             -> "K ERR"
 *	memfd N         N memfd_create()                        -> "K ERR"
 *	dup N           N dup()s of the first descriptor held   -> "K ERR"
 *	close [N]       close the last N descriptors held (all) -> "K OK"
 *	fds             how many descriptors are held           -> "K"
 *	fork            a child that shares them and waits      -> "PID"
 *	reap            kill and reap the children of fork      -> "K OK"
 *	exec PROG [ARGS...]
 *	                fork, the child execv()s PROG; waits    -> "ERR"
 *	                (OK: the exec worked and PROG exited 0; otherwise the
 *	                name of the exec's errno, or "status S")
 *	listen PATH     an AF_UNIX stream socket listening on PATH -> "ERR"
 *	connect PATH    a socket connected to PATH (the link)    -> "ERR"
 *	accept          accept one connection (the link), 10 s   -> "ERR"
 *	last            the number of the last descriptor held    -> "FD"
 *	grab PID FD     pidfd_getfd() of PID's descriptor FD (the pidfd is
 *	                closed at once); the copy is then held     -> "ERR"
 *	sendfd          send the last descriptor held over the link
 *	                (SCM_RIGHTS)                             -> "ERR"
 *	recvfd          receive one over the link, 10 s; it is then held
 *	                                                         -> "ERR"
 *	quit            exit
 *
 * The listening socket and the link are not "held": close leaves them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "progs.h"

#define UNPRIV 65534
#define MAXFDS 4096
#define MAXKIDS 64

static int fds[MAXFDS], nfds;
static pid_t kids[MAXKIDS];
static int nkids;
static int lfd = -1, link_fd = -1;

static const char *ename(int e)
{
	const char *s = strerrorname_np(e);
	static char buf[32];

	if (s)
		return s;
	snprintf(buf, sizeof(buf), "E%d", e);
	return buf;
}

static void drop(void)
{
	if (setgroups(0, NULL) || setresgid(UNPRIV, UNPRIV, UNPRIV) ||
	    setresuid(UNPRIV, UNPRIV, UNPRIV)) {
		perror("drop privileges");
		exit(2);
	}
}

static void hold(int fd)
{
	if (nfds < MAXFDS)
		fds[nfds++] = fd;
}

/* one unit of KIND: 0 or -1 with errno */
static int make(const char *kind, const char *path)
{
	int p[2], fd;

	if (!strcmp(kind, "open")) {
		fd = open(path, O_RDONLY);
	} else if (!strcmp(kind, "pipe") || !strcmp(kind, "socketpair")) {
		if (kind[0] == 'p' ? pipe(p) : socketpair(AF_UNIX, SOCK_STREAM, 0, p))
			return -1;
		hold(p[0]);
		hold(p[1]);
		return 0;
	} else if (!strcmp(kind, "socket")) {
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
	} else if (!strcmp(kind, "epoll")) {
		fd = epoll_create1(0);
	} else if (!strcmp(kind, "eventfd")) {
		fd = eventfd(0, 0);
	} else if (!strcmp(kind, "memfd")) {
		fd = memfd_create("bcfiles", 0);
	} else if (!strcmp(kind, "dup")) {
		if (!nfds) {
			errno = EBADF;
			return -1;
		}
		fd = dup(fds[0]);
	} else {
		errno = ENOSYS;
		return -1;
	}
	if (fd < 0)
		return -1;
	hold(fd);
	return 0;
}

static int wait_in(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int r = poll(&pfd, 1, 10000);

	if (r == 0)
		errno = ETIMEDOUT;
	return r > 0 ? 0 : -1;
}

static int unix_addr(struct sockaddr_un *sa, const char *path)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	snprintf(sa->sun_path, sizeof(sa->sun_path), "%s", path);
	return sizeof(*sa);
}

static int send_fd(int fd)
{
	char c = 'f', cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;

	memset(cbuf, 0, sizeof(cbuf));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(link_fd, &msg, 0) == 1 ? 0 : -1;
}

static int recv_fd(void)
{
	char c, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	int fd;

	if (wait_in(link_fd))
		return -1;
	if (recvmsg(link_fd, &msg, 0) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&msg);
	if (!cm || cm->cmsg_type != SCM_RIGHTS) {
		errno = ENOMSG;
		return -1;
	}
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	hold(fd);
	return 0;
}

static int grab(pid_t pid, int fd)
{
	int pfd = syscall(SYS_pidfd_open, pid, 0), nfd, e;

	if (pfd < 0)
		return -1;
	nfd = syscall(SYS_pidfd_getfd, pfd, fd, 0);
	e = errno;
	close(pfd);
	if (nfd < 0) {
		errno = e;
		return -1;
	}
	hold(nfd);
	return 0;
}

static void do_exec(char **argv)
{
	int st;
	pid_t p = fork();

	if (p < 0) {
		printf("fork %s\n", ename(errno));
		return;
	}
	if (p == 0) {
		execv(argv[0], argv);
		_exit(errno & 0xff);
	}
	while (waitpid(p, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		printf("OK\n");
	else if (WIFEXITED(st))
		printf("%s\n", ename(WEXITSTATUS(st)));
	else
		printf("status %d\n", st);
}

static void reply_err(int r)
{
	printf("%s\n", r ? ename(errno) : "OK");
}

static int serve(void)
{
	char line[1024], *argv[32], *s;
	struct sockaddr_un sa;
	int argc, n, k, r;
	pid_t p;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof(line), stdin)) {
		argc = 0;
		for (s = strtok(line, " \t\n"); s && argc < 31; s = strtok(NULL, " \t\n"))
			argv[argc++] = s;
		argv[argc] = NULL;
		if (!argc)
			continue;
		n = argc > 1 ? atoi(argv[1]) : -1;
		if (!strcmp(argv[0], "quit")) {
			break;
		} else if (!strcmp(argv[0], "open") || !strcmp(argv[0], "pipe") ||
			   !strcmp(argv[0], "socketpair") || !strcmp(argv[0], "socket") ||
			   !strcmp(argv[0], "epoll") || !strcmp(argv[0], "eventfd") ||
			   !strcmp(argv[0], "memfd") || !strcmp(argv[0], "dup")) {
			r = 0;
			for (k = 0; k < n; k++) {
				r = make(argv[0], argc > 2 ? argv[2] : "/dev/null");
				if (r)
					break;
			}
			printf("%d %s\n", k, r ? ename(errno) : "OK");
		} else if (!strcmp(argv[0], "close")) {
			if (n < 0 || n > nfds)
				n = nfds;
			for (k = 0; k < n; k++)
				close(fds[--nfds]);
			printf("%d OK\n", k);
		} else if (!strcmp(argv[0], "fds")) {
			printf("%d\n", nfds);
		} else if (!strcmp(argv[0], "fork")) {
			p = nkids < MAXKIDS ? fork() : -1;
			if (p == 0) {
				prctl(PR_SET_PDEATHSIG, SIGKILL);
				for (;;)
					pause();
			}
			if (p > 0)
				kids[nkids++] = p;
			printf("%d\n", (int)p);
		} else if (!strcmp(argv[0], "reap")) {
			for (k = 0; k < nkids; k++)
				kill(kids[k], SIGKILL);
			for (k = 0; k < nkids; k++)
				waitpid(kids[k], NULL, 0);
			printf("%d OK\n", k);
			nkids = 0;
		} else if (!strcmp(argv[0], "exec") && argc > 1) {
			do_exec(argv + 1);
		} else if (!strcmp(argv[0], "listen") && argc > 1) {
			unlink(argv[1]);
			lfd = socket(AF_UNIX, SOCK_STREAM, 0);
			r = lfd < 0 || bind(lfd, (struct sockaddr *)&sa, unix_addr(&sa, argv[1])) ||
				listen(lfd, 4);
			reply_err(r);
		} else if (!strcmp(argv[0], "connect") && argc > 1) {
			link_fd = socket(AF_UNIX, SOCK_STREAM, 0);
			r = link_fd < 0 ||
				connect(link_fd, (struct sockaddr *)&sa, unix_addr(&sa, argv[1]));
			reply_err(r);
		} else if (!strcmp(argv[0], "accept")) {
			r = wait_in(lfd);
			if (!r) {
				link_fd = accept(lfd, NULL, NULL);
				r = link_fd < 0;
			}
			reply_err(r);
		} else if (!strcmp(argv[0], "last")) {
			printf("%d\n", nfds ? fds[nfds - 1] : -1);
		} else if (!strcmp(argv[0], "grab") && argc > 2) {
			reply_err(grab(n, atoi(argv[2])));
		} else if (!strcmp(argv[0], "sendfd")) {
			if (nfds) {
				reply_err(send_fd(fds[nfds - 1]));
			} else {
				errno = EBADF;
				reply_err(-1);
			}
		} else if (!strcmp(argv[0], "recvfd")) {
			reply_err(recv_fd());
		} else {
			printf("bad command %s\n", argv[0]);
		}
	}
	for (k = 0; k < nkids; k++)
		kill(kids[k], SIGKILL);
	while (wait(NULL) > 0)
		;
	return 0;
}

struct storm {
	long ops, enfile, other;
	int other_errno;
	volatile int ready;
	volatile double end;
	pid_t pids[MAXKIDS];
};

static struct storm *st;
static int no_sockets;

static void count(int r)
{
	if (!r)
		__atomic_add_fetch(&st->ops, 1, __ATOMIC_RELAXED);
	else if (errno == ENFILE)
		__atomic_add_fetch(&st->enfile, 1, __ATOMIC_RELAXED);
	else {
		st->other_errno = errno;
		__atomic_add_fetch(&st->other, 1, __ATOMIC_RELAXED);
	}
}

static void storm_worker(int i, const char *g1, int unpriv)
{
	static const char * const kinds[] = {
		"open", "pipe", "socketpair", "eventfd", "epoll", "memfd",
	};
	unsigned int k;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	pin(i);
	enter_group(g1);
	if (unpriv)
		drop();
	__atomic_add_fetch(&st->ready, 1, __ATOMIC_RELAXED);
	while (!st->end)
		usleep(1000);
	while (now() < st->end) {
		for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
			if (!no_sockets || strcmp(kinds[k], "socketpair"))
				count(make(kinds[k], "/dev/null"));
		while (nfds)
			close(fds[--nfds]);
	}
	exit(0);
}

static int storm(double secs, int n, const char *g1, const char *g2, int unpriv)
{
	double end;
	long moves = 0;
	int i, cur = 1;

	if (n < 1 || n > MAXKIDS)
		n = 4;
	st = shared_mem(sizeof(*st));
	/* a kernel without networking: no sockets in the loop */
	if (make("socketpair", NULL))
		no_sockets = 1;
	while (nfds)
		close(fds[--nfds]);
	for (i = 0; i < n; i++) {
		/* st is shared: only the parent may write the pid there */
		pid_t pid = fork();

		if (pid == 0)
			storm_worker(i, g1, unpriv && (i & 1));
		st->pids[i] = pid;
	}
	/* the clock starts once they are all in G1, as slow as forks are */
	end = now() + 30;
	while (st->ready < n && now() < end)
		usleep(1000);
	end = now() + secs;
	st->end = end;
	while (now() < end) {
		for (i = 0; i < n; i++)
			if (st->pids[i] > 0 && !progs_move_pid(cur ? g2 : g1, st->pids[i]))
				moves++;
		cur = !cur;
	}
	while (wait(NULL) > 0 || errno == EINTR)
		;
	printf("ops %ld enfile %ld other %ld", st->ops, st->enfile, st->other);
	if (st->other)
		printf(" (%s)", ename(st->other_errno));
	printf(" moves %ld\n", moves);
	return st->other ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *group = NULL;
	int unpriv = 0, c;

	while ((c = getopt(argc, argv, "+g:u")) != -1) {
		if (c == 'g')
			group = optarg;
		else if (c == 'u')
			unpriv = 1;
		else
			goto usage;
	}
	argc -= optind;
	argv += optind;
	if (argc == 1 && !strcmp(argv[0], "serve")) {
		if (group)
			enter_group(group);
		if (unpriv)
			drop();
		return serve();
	}
	if (argc == 1 && !strcmp(argv[0], "wait")) {
		for (;;)
			pause();
	}
	if (argc == 5 && !strcmp(argv[0], "storm"))
		return storm(atof(argv[1]), atoi(argv[2]), argv[3], argv[4], unpriv);
usage:
	fprintf(stderr, "usage: bcfiles [-g GROUP] [-u] serve | bcfiles wait |\n"
		"       bcfiles [-u] storm SECS N G1 G2\n");
	return 2;
}
