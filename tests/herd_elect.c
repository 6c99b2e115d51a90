/*
 * The election herd, without PHP: N processes that all saw epoch E with
 * active S fail call acq_db_elect() at the same moment (released together
 * through a pipe). Exactly one may elect; the others must adopt; all must
 * end at epoch E+1 on the same server, and the file (read through every
 * path) must say so. Paths may be the same file through several GlusterFS
 * mounts; process i uses path i % count.
 *
 * usage: herd_elect -n NPROC -s SERVERS -f FILE[,FILE...]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "failover/acq_db_election.h"
#include "lib/acq_db_log.h"

#define HERD_MAX_PATHS 8

/* One child's report, written to the shared pipe in a single write (far
 * below PIPE_BUF, so reports never interleave). */
typedef struct herd_result {
	long pid;
	int ok;
	int outcome;
	uint64_t epoch;
	char active[ACQ_DB_NAME_MAX];
	unsigned waited_ms;
	char err[256];
} herd_result;

static const char *herd_failed;

/* every server but the failed one is healthy */
static int herd_probe(void *arg, const acq_db_server *s, char *why, size_t len)
{
	(void) arg;
	if (strcmp(s->name, herd_failed) == 0) {
		snprintf(why, len, "down");
		return -1;
	}
	return 0;
}

static void herd_config(acq_db_config *cfg, const char *spec, const char *path)
{
	char err[ACQ_DB_ERR_MAX];

	memset(cfg, 0, sizeof(*cfg));
	if (acq_db_servers_parse(spec, &cfg->servers, err, sizeof(err)) != ACQ_DB_OK) {
		fprintf(stderr, "servers: %s\n", err);
		exit(2);
	}
	acq_db_strlcpy(cfg->election_file, path, sizeof(cfg->election_file));
	cfg->recheck_ms = 1000;
	cfg->first_read_timeout_ms = 30000;
	cfg->lock_timeout_ms = 30000;
}

static void herd_child(const char *spec, const char *path, uint64_t seen, const char *seen_active,
	int ready, int gate, int out)
{
	acq_db_config cfg;
	acq_db_cache cache;
	acq_db_election_result res;
	herd_result r;
	const acq_db_state *st;
	char c;

	memset(&r, 0, sizeof(r));
	r.pid = (long) getpid();
	herd_config(&cfg, spec, path);
	acq_db_cache_init(&cache, &cfg);
	if (acq_db_cache_get(&cache, &st, r.err, sizeof(r.err)) == ACQ_DB_OK
		&& (st->epoch != seen || strcmp(st->active, seen_active) != 0)) {
		snprintf(r.err, sizeof(r.err), "saw epoch %" PRIu64 " %s through %s before the gate, expected %" PRIu64 " %s",
			st->epoch, st->active, path, seen, seen_active);
	}
	(void) write(ready, "r", 1); /* this child has seen epoch E */
	(void) read(gate, &c, 1);    /* EOF when the parent opens the gate */
	if (!r.err[0] && acq_db_elect(&cache, seen, herd_failed, "herd test", herd_probe, NULL, &res, r.err, sizeof(r.err)) == ACQ_DB_OK) {
		r.ok = 1;
		r.outcome = res.outcome;
		r.epoch = res.state.epoch;
		r.waited_ms = res.lock_waited_ms;
		acq_db_strlcpy(r.active, res.state.active, sizeof(r.active));
	}
	(void) write(out, &r, sizeof(r)); /* < PIPE_BUF: atomic */
	_exit(0);
}

static uint64_t herd_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t) ts.tv_sec * 1000 + (uint64_t) ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	char *paths[HERD_MAX_PATHS];
	char err[ACQ_DB_ERR_MAX];
	const char *spec = NULL;
	char *files = NULL;
	int npaths = 0;
	int n = 64;
	int opt;
	int gate[2];
	int ready[2];
	int out[2];
	int i;
	int elected = 0, adopted = 0, failures = 0;
	unsigned max_wait = 0;
	unsigned long sum_wait = 0;
	char winner[ACQ_DB_NAME_MAX] = "";
	acq_db_config cfg;
	acq_db_cache cache;
	const acq_db_state *st;
	acq_db_state init;
	uint64_t seen;
	uint64_t t0;

	while ((opt = getopt(argc, argv, "n:s:f:")) != -1) {
		switch (opt) {
		case 'n': n = atoi(optarg); break;
		case 's': spec = optarg; break;
		case 'f': files = optarg; break;
		default: fprintf(stderr, "usage: herd_elect -n NPROC -s SERVERS -f FILE[,FILE...]\n"); return 2;
		}
	}
	if (!spec || !files || n < 2) {
		fprintf(stderr, "usage: herd_elect -n NPROC -s SERVERS -f FILE[,FILE...]\n");
		return 2;
	}
	for (char *save = NULL, *tok = strtok_r(files, ",", &save); tok && npaths < HERD_MAX_PATHS; tok = strtok_r(NULL, ",", &save)) {
		paths[npaths++] = tok;
	}
	herd_config(&cfg, spec, paths[0]);
	acq_db_cache_init(&cache, &cfg);
	if (acq_db_init(&cache, NULL, &init, err, sizeof(err)) != ACQ_DB_OK && !strstr(err, "already exists")) {
		fprintf(stderr, "init: %s\n", err);
		return 1;
	}
	if (acq_db_cache_refresh(&cache, err, sizeof(err)) != ACQ_DB_OK
		|| acq_db_cache_get(&cache, &st, err, sizeof(err)) != ACQ_DB_OK) {
		fprintf(stderr, "read: %s\n", err);
		return 1;
	}
	seen = st->epoch;
	herd_failed = strdup(st->active);
	if (pipe(gate) != 0 || pipe(out) != 0 || pipe(ready) != 0) {
		perror("pipe");
		return 1;
	}
	for (i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			close(gate[1]);
			close(out[0]);
			close(ready[0]);
			herd_child(spec, paths[i % npaths], seen, herd_failed, ready[1], gate[0], out[1]);
		}
		if (pid < 0) {
			perror("fork");
			return 1;
		}
	}
	close(gate[0]);
	close(out[1]);
	close(ready[1]);
	for (i = 0; i < n; i++) { /* every child has read the file before anyone elects */
		char c;
		if (read(ready[0], &c, 1) != 1) {
			fprintf(stderr, "VIOLATION: a child died before the gate\n");
			return 1;
		}
	}
	t0 = herd_now_ms();
	close(gate[1]); /* the gate opens for all children at once */
	for (i = 0; i < n; i++) {
		herd_result r;
		ssize_t got = read(out[0], &r, sizeof(r));
		if (got != (ssize_t) sizeof(r)) {
			fprintf(stderr, "VIOLATION: only %d of %d children reported\n", i, n);
			failures++;
			break;
		}
		if (!r.ok) {
			fprintf(stderr, "VIOLATION: pid %ld failed: %s\n", r.pid, r.err);
			failures++;
			continue;
		}
		elected += r.outcome == ACQ_DB_ELECTED;
		adopted += r.outcome == ACQ_DB_ADOPTED;
		max_wait = r.waited_ms > max_wait ? r.waited_ms : max_wait;
		sum_wait += r.waited_ms;
		if (r.epoch != seen + 1) {
			fprintf(stderr, "VIOLATION: pid %ld (%s) ended at epoch %" PRIu64 ", expected %" PRIu64 "\n",
				r.pid, r.outcome == ACQ_DB_ELECTED ? "elected" : "adopted", r.epoch, seen + 1);
			failures++;
		}
		if (strcmp(r.active, herd_failed) == 0) {
			fprintf(stderr, "VIOLATION: pid %ld ended on the failed server %s\n", r.pid, r.active);
			failures++;
		}
		if (!winner[0]) {
			acq_db_strlcpy(winner, r.active, sizeof(winner));
		} else if (strcmp(winner, r.active) != 0) {
			fprintf(stderr, "VIOLATION: pid %ld ended on %s, others on %s\n", r.pid, r.active, winner);
			failures++;
		}
	}
	while (wait(NULL) > 0) {
	}
	if (elected != 1) {
		fprintf(stderr, "VIOLATION: %d elections, expected exactly 1\n", elected);
		failures++;
	}
	for (i = 0; i < npaths; i++) {
		acq_db_state f;
		acq_db_rc rc;
		uint64_t deadline = herd_now_ms() + 3000;
		/* another mount may answer ESTALE for a moment after the rename (its
		 * cached entry points at the replaced file): poll with a deadline */
		do {
			memset(&f, 0, sizeof(f));
			err[0] = '\0';
			rc = acq_db_efile_read(paths[i], &f, err, sizeof(err));
		} while (rc == ACQ_DB_E_IO && herd_now_ms() < deadline && usleep(20000) == 0);
		if (rc != ACQ_DB_OK || f.epoch != seen + 1 || strcmp(f.active, winner) != 0) {
			fprintf(stderr, "VIOLATION: %s says epoch %" PRIu64 " %s (%s)\n", paths[i], f.epoch, f.active, err);
			failures++;
		}
	}
	printf("herd_elect: %d processes over %d path(s), epoch %" PRIu64 " -> %" PRIu64 ", %d elected, %d adopted, "
		"winner %s, wall %" PRIu64 " ms, lock wait max %u ms avg %lu ms%s\n",
		n, npaths, seen, seen + 1, elected, adopted, winner, herd_now_ms() - t0, max_wait,
		sum_wait / (unsigned long) (n ? n : 1), failures ? ", FAILED" : "");
	return failures ? 1 : 0;
}
