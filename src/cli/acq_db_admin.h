/*
 * What the parts of acq-db-admin share: the parsed command line and
 * configuration, the exit codes, and the small JSON writer. main() in
 * acq_db_admin.c builds the configuration; acq_db_admin_check.c answers
 * check and status, acq_db_admin_replica.c switchover and rejoin --as-replica.
 */
#ifndef ACQ_DB_ADMIN_H
#define ACQ_DB_ADMIN_H

#include <stdio.h>

#include "node/acq_db_cache.h"
#include "admin/acq_db_health.h"
#include "sql/acq_db_sql.h"

/* Monitoring-plugin convention for check and status; 64 (EX_USAGE) for a
 * bad command line of the other commands. */
#define ACQ_DB_ADMIN_OK 0
#define ACQ_DB_ADMIN_WARNING 1
#define ACQ_DB_ADMIN_CRITICAL 2
#define ACQ_DB_ADMIN_UNKNOWN 3
#define ACQ_DB_ADMIN_USAGE 64

typedef enum acq_db_admin_format {
	ACQ_DB_ADMIN_TEXT = 0,
	ACQ_DB_ADMIN_JSON,
	ACQ_DB_ADMIN_PROMETHEUS
} acq_db_admin_format;

typedef struct acq_db_admin_opts {
	acq_db_config cfg;
	acq_db_credentials cred;          /* cred.loaded: members can be asked */
	char cred_path[ACQ_DB_PATH_MAX];
	unsigned timeout_ms;              /* each connect and each query */
	unsigned wait_ms;                 /* catch-up and replication start deadline */
	long long lag_warn_s;
	long long age_warn_ms, age_crit_ms; /* this node's state age thresholds */
	char node_dir[ACQ_DB_PATH_MAX];   /* acq_db.state_dir of the node's PHP; cfg.state_dir stays
	                                   * empty: the tool reads for itself and never leads a node */
	acq_db_admin_format format;
	int dry_run;
	int as_replica;
	const char *repl_cred_path;       /* rejoin --as-replica: --replication-credentials FILE */
	int file_only;                    /* switchover: rewrite the election file only */
	int force;                        /* switchover: to a demoted server too */
	const char *reason;
	const char *command;
	const char *name;                 /* the command's NAME argument, or NULL */
} acq_db_admin_opts;

/* The per-server probes of the configured members (credentials needed). */
void acq_db_admin_probe_all(const acq_db_admin_opts *o, acq_db_member_report *reports);

int acq_db_admin_check(const acq_db_admin_opts *o);
int acq_db_admin_status(const acq_db_admin_opts *o);
int acq_db_admin_switchover(const acq_db_admin_opts *o, acq_db_cache *cache);
/* switchover to a demoted NAME without --force: refused (exit code), else 0 */
int acq_db_admin_refuse_demoted_target(const acq_db_admin_opts *o);
int acq_db_admin_rejoin_replica(const acq_db_admin_opts *o, acq_db_cache *cache);

/* Prints one election state line ("now: epoch 3, active db2, ..."). */
void acq_db_admin_print_state(const char *label, const acq_db_state *st);

/* The UNKNOWN verdict of check/status that could not judge: the plugin
 * status line, or {"status":"unknown",...} when JSON was asked for. */
int acq_db_admin_unknown(acq_db_admin_format format, const char *why);

/* JSON output: a string with escapes (or null for NULL), and the same for
 * one object member ("key": value, with a leading comma unless first). */
void acq_db_admin_json_str(FILE *out, const char *s);
void acq_db_admin_json_key(FILE *out, int *first, const char *key);

#endif
