/*
 * acq-db-admin: the operator's tool. It links the same core as the
 * extension, so what it reads and writes is exactly what every PHP process
 * sees: status (also as a monitoring check), init, failover (switchover),
 * rejoin. Configuration comes from flags or from the environment
 * (ACQ_DB_SERVERS, ACQ_DB_ELECTION_FILE), in the same syntax as the INI
 * settings.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acq_db_election.h"
#include "acq_db_copy.h"
#include "acq_db_lock.h"
#include "acq_db_log.h"

/* Exit codes follow the monitoring-plugin convention for `status`. */
#define ACQ_ADMIN_OK 0
#define ACQ_ADMIN_WARNING 1
#define ACQ_ADMIN_CRITICAL 2
#define ACQ_ADMIN_USAGE 64

static void acq_admin_usage(FILE *out)
{
	fprintf(out,
		"usage: acq-db-admin [-s SERVERS] [-f ELECTION_FILE] [-t LOCK_TIMEOUT_MS] COMMAND [ARG]\n"
		"  status            show the election file and the lock file's copy; exit 0 ok, 1 warning, 2 critical\n"
		"  init [NAME]       create the election file (NAME or the first server); never overwrites\n"
		"  failover [NAME]   planned switchover to NAME (or the next eligible server); -r REASON\n"
		"  rejoin NAME       a demoted server may be elected again\n"
		"SERVERS and ELECTION_FILE default to $ACQ_DB_SERVERS and $ACQ_DB_ELECTION_FILE\n"
		"(same syntax as acq_db.servers / acq_db.election_file).\n");
}

static void acq_admin_log(acq_db_log_level level, const char *line)
{
	(void) level;
	fprintf(stderr, "%s\n", line);
}

static void acq_admin_print_state(const char *label, const acq_db_state *st)
{
	char when[64];
	time_t secs = (time_t) (st->changed_at_ms / 1000);
	struct tm tm;
	int i;

	gmtime_r(&secs, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	printf("%s: epoch %" PRIu64 ", active %s, changed %s by %s pid %ld: %s; demoted:", label, st->epoch, st->active,
		when, st->changed_by_host, st->changed_by_pid, st->reason);
	for (i = 0; i < st->demoted_count; i++) {
		printf(" %s", st->demoted[i]);
	}
	printf("%s\n", st->demoted_count ? "" : " none");
}

static int acq_admin_status(const acq_db_config *cfg)
{
	char err[ACQ_DB_ERR_MAX];
	acq_db_state file;
	acq_db_state copy;
	acq_db_rc rc = acq_db_efile_read(cfg->election_file, &file, err, sizeof(err));
	int have_copy = acq_db_copy_read(cfg->election_file, &copy) == 0;
	int code = ACQ_ADMIN_OK;

	if (rc == ACQ_DB_OK) {
		rc = acq_db_efile_check_servers(&file, &cfg->servers, err, sizeof(err));
	}
	if (rc != ACQ_DB_OK) {
		printf("CRITICAL: %s\n", err);
		if (have_copy) {
			acq_admin_print_state("the lock file's copy (last state written under the lock)", &copy);
		}
		return ACQ_ADMIN_CRITICAL;
	}
	acq_admin_print_state("OK: election file", &file);
	if (have_copy && copy.epoch != file.epoch) {
		printf("WARNING: the lock file's copy is at epoch %" PRIu64 ", the file at %" PRIu64
			" (a writer stopped between the two, the file was written without the lock, or this node's view is stale)\n",
			copy.epoch, file.epoch);
		code = ACQ_ADMIN_WARNING;
	}
	if (file.demoted_count) {
		printf("WARNING: %d demoted server(s): no automatic failover to them until acq-db-admin rejoin\n",
			file.demoted_count);
		code = ACQ_ADMIN_WARNING;
	}
	return code;
}

static int acq_admin_change(acq_db_cache *cache, const char *cmd, const char *name, const char *reason)
{
	char err[ACQ_DB_ERR_MAX];
	acq_db_election_result res;
	acq_db_rc rc;

	if (name && acq_db_servers_find(&cache->cfg->servers, name) < 0) {
		fprintf(stderr, "acq-db-admin: '%s' is not in the configured servers\n", name);
		return ACQ_ADMIN_USAGE;
	}
	if (strcmp(cmd, "init") == 0) {
		rc = acq_db_init_file(cache, name, &res.state, err, sizeof(err));
	} else if (strcmp(cmd, "failover") == 0) {
		rc = acq_db_switchover(cache, name, reason ? reason : "acq-db-admin", NULL, NULL, &res, err, sizeof(err));
	} else {
		if (!name) {
			acq_admin_usage(stderr);
			return ACQ_ADMIN_USAGE;
		}
		rc = acq_db_rejoin(cache, name, &res, err, sizeof(err));
	}
	if (rc != ACQ_DB_OK) {
		fprintf(stderr, "acq-db-admin: %s failed (%s): %s\n", cmd, acq_db_rc_name(rc), err);
		return ACQ_ADMIN_CRITICAL;
	}
	acq_admin_print_state("now", &res.state);
	return ACQ_ADMIN_OK;
}

int main(int argc, char **argv)
{
	char err[ACQ_DB_ERR_MAX];
	const char *servers = getenv("ACQ_DB_SERVERS");
	const char *file = getenv("ACQ_DB_ELECTION_FILE");
	const char *reason = NULL;
	acq_db_config cfg;
	acq_db_cache cache;
	const char *cmd;
	int opt;

	memset(&cfg, 0, sizeof(cfg));
	cfg.lock_timeout_ms = 5000;
	cfg.recheck_ms = 1000;
	while ((opt = getopt(argc, argv, "s:f:t:r:h")) != -1) {
		switch (opt) {
		case 's': servers = optarg; break;
		case 'f': file = optarg; break;
		case 't': cfg.lock_timeout_ms = (unsigned) strtoul(optarg, NULL, 10); break;
		case 'r': reason = optarg; break;
		case 'h': acq_admin_usage(stdout); return ACQ_ADMIN_OK;
		default: acq_admin_usage(stderr); return ACQ_ADMIN_USAGE;
		}
	}
	if (optind >= argc || !servers || !file || file[0] != '/') {
		acq_admin_usage(stderr);
		return ACQ_ADMIN_USAGE;
	}
	if (acq_db_servers_parse(servers, &cfg.servers, err, sizeof(err)) != ACQ_DB_OK) {
		fprintf(stderr, "acq-db-admin: servers: %s\n", err);
		return ACQ_ADMIN_USAGE;
	}
	acq_db_strlcpy(cfg.election_file, file, sizeof(cfg.election_file));
	acq_db_log_set_sink(acq_admin_log);
	acq_db_cache_init(&cache, &cfg);
	cmd = argv[optind];
	if (strcmp(cmd, "status") == 0) {
		return acq_admin_status(&cfg);
	}
	if (strcmp(cmd, "init") == 0 || strcmp(cmd, "failover") == 0 || strcmp(cmd, "rejoin") == 0) {
		return acq_admin_change(&cache, cmd, optind + 1 < argc ? argv[optind + 1] : NULL, reason);
	}
	acq_admin_usage(stderr);
	return ACQ_ADMIN_USAGE;
}
