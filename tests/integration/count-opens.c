/*
 * Counts the opens of files in one directory for a while, through inotify
 * (IN_OPEN): an independent witness of how often a node's processes read
 * the election file, whatever acq_db's own counters say. Opens made by any
 * process on this machine are seen (a local file system, or a FUSE mount's
 * own client). Starts counting when it prints "ready" on stdout.
 * usage: count-opens DIR SECONDS NAME... ; prints "NAME COUNT" per name.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	char buf[65536] __attribute__((aligned(__alignof__(struct inotify_event))));
	long long counts[16] = {0};
	long long end;
	int names = argc - 3;
	int fd;
	int i;

	if (argc < 4 || names > 16) {
		fprintf(stderr, "usage: %s DIR SECONDS NAME...\n", argv[0]);
		return 2;
	}
	if ((fd = inotify_init1(IN_NONBLOCK)) < 0 || inotify_add_watch(fd, argv[1], IN_OPEN) < 0) {
		perror("inotify");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	end = now_ms() + atoll(argv[2]) * 1000;
	while (now_ms() < end) {
		struct pollfd p = { fd, POLLIN, 0 };
		ssize_t n;
		if (poll(&p, 1, (int) (end - now_ms() > 0 ? end - now_ms() : 0)) <= 0) {
			continue;
		}
		while ((n = read(fd, buf, sizeof(buf))) > 0) {
			char *at = buf;
			while (at < buf + n) {
				const struct inotify_event *ev = (const struct inotify_event *) at;
				if (ev->mask & IN_Q_OVERFLOW) {
					fprintf(stderr, "count-opens: events lost (queue overflow)\n");
					return 1;
				}
				for (i = 0; i < names && ev->len; i++) {
					counts[i] += strcmp(ev->name, argv[3 + i]) == 0;
				}
				at += sizeof(*ev) + ev->len;
			}
		}
	}
	for (i = 0; i < names; i++) {
		printf("%s %lld\n", argv[3 + i], counts[i]);
	}
	return 0;
}
