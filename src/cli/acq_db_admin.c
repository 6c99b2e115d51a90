/*
 * acq-db-admin: the operator's console. It links the same core as the
 * extension, so what it reads and writes is exactly what every PHP process
 * sees, and it talks to the servers themselves through libmysqlclient:
 * check (a monitoring plugin over the election file and every member),
 * status, init, failover (planned switchover), rejoin (optionally making
 * the old master a replica first). This file turns flags, the php.ini or
 * pool file (--ini) and the environment into one configuration, in that
 * order of precedence, and dispatches.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acq_db_admin.h"
#include "failover/acq_db_election.h"
#include "store/acq_db_copy.h"
#include "admin/acq_db_inifile.h"
#include "store/acq_db_lock.h"
#include "lib/acq_db_log.h"
#include "node/acq_db_poller.h"
#include "config/acq_db_optfile.h"

static const char acq_db_admin_help[] =
	"usage: acq-db-admin [OPTION...] COMMAND [NAME]\n"
	"\n"
	"Commands:\n"
	"  check             connect to every member (needs --credentials) and judge the cluster:\n"
	"                    one status line with perfdata, then one line per server and finding;\n"
	"                    exit 0 ok, 1 warning, 2 critical, 3 unknown (monitoring-plugin convention)\n"
	"  status            the election file and the lock file's copy (exit 0/1/2 as for check);\n"
	"                    with credentials also each server's figures\n"
	"  init [NAME]       create the election file (NAME or the first server); never overwrites\n"
	"  failover [NAME]   planned switchover to NAME (or the next eligible server); with\n"
	"                    --dry-run only print the plan and what each server reports\n"
	"  rejoin NAME       a demoted server may be elected again; with --as-replica first make\n"
	"                    it a replica of the active master (refused if it has errant GTIDs)\n"
	"\n"
	"Configuration (a flag wins over --ini, which wins over the environment):\n"
	"  -s, --servers=LIST          as acq_db.servers; default $ACQ_DB_SERVERS\n"
	"  -f, --election-file=PATH    as acq_db.election_file; default $ACQ_DB_ELECTION_FILE\n"
	"  -i, --ini=FILE              read acq_db.* from a php.ini or php-fpm pool file\n"
	"                              (acq_db.x = ... and php_admin_value[acq_db.x] = ...)\n"
	"  -c, --credentials=FILE      admin credentials, MySQL option-file format ([client] user,\n"
	"                              password, ssl-ca, ssl-cert, ssl-key, ssl-verify-server-cert),\n"
	"                              mode 0600 or 0640; default $ACQ_DB_ADMIN_CREDENTIALS or\n"
	"                              acq_db.admin_credentials from --ini\n"
	"  -t, --lock-timeout=MS       election-file lock wait (default 5000)\n"
	"  -T, --timeout=MS            bound of every connect and query (default 2000)\n"
	"  -w, --wait=MS               catch-up / replication start deadline (default 30000, or\n"
	"                              acq_db.catchup_timeout_ms from --ini)\n"
	"  -l, --lag-warn=SECONDS      a standby this far behind is a warning (default 30)\n"
	"      --state-dir=DIR         where this node's PHP processes publish what they read\n"
	"                              (acq_db.state_dir; default /dev/shm, or from --ini)\n"
	"      --warn-age=MS           warning when they last read the election file this long\n"
	"                              ago (default 5000; 0: not checked)\n"
	"      --crit-age=MS           critical from this age on (default 60000; 0: not checked)\n"
	"\n"
	"Output and actions:\n"
	"  -j, --json                  check and status as one JSON object\n"
	"      --format=FMT            text (default), json, or prometheus (status: node_exporter's\n"
	"                              textfile collector format)\n"
	"  -r, --reason=TEXT           why (failover), recorded in the election file\n"
	"  -n, --dry-run               failover: print the plan, change nothing\n"
	"      --as-replica            rejoin: CHANGE MASTER TO the active master, START SLAVE first\n"
	"  -h, --help                  this text (man acq-db-admin for more)\n"
	"\n"
	"Exit codes: 0 ok, 1 warning, 2 critical or failed, 3 unknown (check/status could not\n"
	"judge: bad configuration), 64 bad command line of init, failover, rejoin.\n";

enum { ACQ_DB_ADMIN_OPT_FORMAT = 256, ACQ_DB_ADMIN_OPT_AS_REPLICA, ACQ_DB_ADMIN_OPT_STATE_DIR,
	ACQ_DB_ADMIN_OPT_WARN_AGE, ACQ_DB_ADMIN_OPT_CRIT_AGE };

static const struct option acq_db_admin_long[] = {
	{ "servers", required_argument, NULL, 's' },
	{ "election-file", required_argument, NULL, 'f' },
	{ "ini", required_argument, NULL, 'i' },
	{ "credentials", required_argument, NULL, 'c' },
	{ "lock-timeout", required_argument, NULL, 't' },
	{ "timeout", required_argument, NULL, 'T' },
	{ "wait", required_argument, NULL, 'w' },
	{ "lag-warn", required_argument, NULL, 'l' },
	{ "json", no_argument, NULL, 'j' },
	{ "format", required_argument, NULL, ACQ_DB_ADMIN_OPT_FORMAT },
	{ "reason", required_argument, NULL, 'r' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "as-replica", no_argument, NULL, ACQ_DB_ADMIN_OPT_AS_REPLICA },
	{ "state-dir", required_argument, NULL, ACQ_DB_ADMIN_OPT_STATE_DIR },
	{ "warn-age", required_argument, NULL, ACQ_DB_ADMIN_OPT_WARN_AGE },
	{ "crit-age", required_argument, NULL, ACQ_DB_ADMIN_OPT_CRIT_AGE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* The raw settings before precedence is applied. */
typedef struct acq_db_admin_raw {
	const char *servers, *file, *ini, *cred, *lock_timeout;
	int wait_given;                   /* --wait on the command line */
	int state_dir_given;              /* --state-dir on the command line */
} acq_db_admin_raw;

static void acq_db_admin_log(acq_db_log_level level, const char *line)
{
	(void) level;
	fprintf(stderr, "%s\n", line);
}

/* The exit code of a configuration problem: UNKNOWN for the monitoring
 * commands (a plugin that cannot judge), EX_USAGE for the others. */
static int acq_db_admin_bad_config(const char *command)
{
	if (command && (strcmp(command, "check") == 0 || strcmp(command, "status") == 0)) {
		return ACQ_DB_ADMIN_UNKNOWN;
	}
	return ACQ_DB_ADMIN_USAGE;
}

/* Prints a configuration error the way the command's consumer expects it:
 * a plugin status line for check/status, a plain message otherwise. */
static acq_db_admin_format acq_db_admin_out_format; /* for complaints made before a command runs */

static int acq_db_admin_config_error(const char *command, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int acq_db_admin_config_error(const char *command, const char *fmt, ...)
{
	int code = acq_db_admin_bad_config(command);
	char msg[ACQ_DB_ERR_MAX + 256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (code == ACQ_DB_ADMIN_UNKNOWN) {
		acq_db_admin_unknown(acq_db_admin_out_format, msg);
	}
	fprintf(stderr, "acq-db-admin: %s\n", msg);
	return code;
}

/* A millisecond or second count from a flag, strictly: digits only, within max. */
static int acq_db_admin_number(const char *text, unsigned long long max, unsigned long long *out)
{
	char *end;

	if (!text || text[0] < '0' || text[0] > '9') {
		return -1;
	}
	errno = 0;
	*out = strtoull(text, &end, 10);
	return errno || *end || *out > max ? -1 : 0;
}

static int acq_db_admin_parse_flags(int argc, char **argv, acq_db_admin_opts *o, acq_db_admin_raw *raw,
	const char **bad)
{
	static char what[256];
	unsigned long long n;
	int opt;

	/* every option is read even after a bad one, so that the command
	 * (which decides the exit code of the complaint) is found */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":s:f:i:c:t:T:w:l:jr:nh", acq_db_admin_long, NULL)) != -1) {
		switch (opt) {
		case 's': raw->servers = optarg; break;
		case 'f': raw->file = optarg; break;
		case 'i': raw->ini = optarg; break;
		case 'c': raw->cred = optarg; break;
		case 't': raw->lock_timeout = optarg; break;
		case 'T':
			if (acq_db_admin_number(optarg, 600000, &n) != 0 || n == 0) {
				*bad = *bad ? *bad : "--timeout needs milliseconds, 1 to 600000";
				break;
			}
			o->timeout_ms = (unsigned) n;
			break;
		case 'w':
			if (acq_db_admin_number(optarg, 3600000, &n) != 0) {
				*bad = *bad ? *bad : "--wait needs milliseconds, 0 to 3600000";
				break;
			}
			o->wait_ms = (unsigned) n;
			raw->wait_given = 1;
			break;
		case 'l':
			if (acq_db_admin_number(optarg, 86400 * 365, &n) != 0) {
				*bad = *bad ? *bad : "--lag-warn needs seconds";
				break;
			}
			o->lag_warn_s = (long long) n;
			break;
		case 'j': o->format = ACQ_DB_ADMIN_JSON; break;
		case ACQ_DB_ADMIN_OPT_FORMAT:
			if (strcmp(optarg, "json") == 0) {
				o->format = ACQ_DB_ADMIN_JSON;
			} else if (strcmp(optarg, "prometheus") == 0) {
				o->format = ACQ_DB_ADMIN_PROMETHEUS;
			} else if (strcmp(optarg, "text") == 0) {
				o->format = ACQ_DB_ADMIN_TEXT;
			} else {
				*bad = *bad ? *bad : "--format is text, json or prometheus";
			}
			break;
		case ACQ_DB_ADMIN_OPT_STATE_DIR:
			if (optarg[0] && optarg[0] != '/') {
				*bad = *bad ? *bad : "--state-dir needs an absolute path (acq_db.state_dir)";
				break;
			}
			acq_db_strlcpy(o->node_dir, optarg, sizeof(o->node_dir));
			raw->state_dir_given = 1;
			break;
		case ACQ_DB_ADMIN_OPT_WARN_AGE:
		case ACQ_DB_ADMIN_OPT_CRIT_AGE:
			if (acq_db_admin_number(optarg, 86400000, &n) != 0) {
				*bad = *bad ? *bad : "--warn-age and --crit-age need milliseconds (0: not checked)";
				break;
			}
			*(opt == ACQ_DB_ADMIN_OPT_WARN_AGE ? &o->age_warn_ms : &o->age_crit_ms) = (long long) n;
			break;
		case 'r': o->reason = optarg; break;
		case 'n': o->dry_run = 1; break;
		case ACQ_DB_ADMIN_OPT_AS_REPLICA: o->as_replica = 1; break;
		case 'h': fputs(acq_db_admin_help, stdout); exit(ACQ_DB_ADMIN_OK);
		case ':':
			snprintf(what, sizeof(what), "option %s needs a value", argv[optind - 1]);
			*bad = *bad ? *bad : what;
			break;
		default:
			snprintf(what, sizeof(what), "unknown option %s", argv[optind - 1]);
			*bad = *bad ? *bad : what;
			break;
		}
	}
	return *bad ? -1 : 0;
}

/* Fills o->cfg and o->cred from raw, --ini and the environment. Returns 0,
 * or an exit code after saying what is wrong. */
static int acq_db_admin_configure(acq_db_admin_opts *o, acq_db_admin_raw *raw)
{
	static acq_db_ini ini;
	char err[ACQ_DB_ERR_MAX];
	const char *cmd = o->command;
	unsigned long long n;

	ini.count = 0;
	if (raw->ini && acq_db_inifile_read(raw->ini, &ini, err, sizeof(err)) != ACQ_DB_OK) {
		return acq_db_admin_config_error(cmd, "--ini: %s", err);
	}
	if (!raw->servers) {
		raw->servers = acq_db_ini_get(&ini, "servers") ? acq_db_ini_get(&ini, "servers") : getenv("ACQ_DB_SERVERS");
	}
	if (!raw->file) {
		raw->file = acq_db_ini_get(&ini, "election_file") ? acq_db_ini_get(&ini, "election_file")
			: getenv("ACQ_DB_ELECTION_FILE");
	}
	if (!raw->cred) {
		raw->cred = acq_db_ini_get(&ini, "admin_credentials") && acq_db_ini_get(&ini, "admin_credentials")[0]
			? acq_db_ini_get(&ini, "admin_credentials") : getenv("ACQ_DB_ADMIN_CREDENTIALS");
	}
	if (!raw->lock_timeout) {
		raw->lock_timeout = acq_db_ini_get(&ini, "lock_timeout_ms");
	}
	/* the extension's own catch-up bound, so a switchover from the tool
	 * waits as long as one from PHP would */
	if (!raw->state_dir_given && acq_db_ini_get(&ini, "state_dir")) {
		acq_db_strlcpy(o->node_dir, acq_db_ini_get(&ini, "state_dir"), sizeof(o->node_dir));
	}
	if (!raw->wait_given && acq_db_ini_get(&ini, "catchup_timeout_ms")) {
		if (acq_db_admin_number(acq_db_ini_get(&ini, "catchup_timeout_ms"), 3600000, &n) != 0) {
			return acq_db_admin_config_error(cmd, "--ini: acq_db.catchup_timeout_ms '%s' is not milliseconds",
				acq_db_ini_get(&ini, "catchup_timeout_ms"));
		}
		o->wait_ms = (unsigned) n;
	}
	if (!raw->servers || !raw->servers[0]) {
		return acq_db_admin_config_error(cmd, "no servers: give --servers, --ini or $ACQ_DB_SERVERS");
	}
	if (acq_db_servers_parse(raw->servers, &o->cfg.servers, err, sizeof(err)) != ACQ_DB_OK) {
		return acq_db_admin_config_error(cmd, "servers: %s", err);
	}
	if (!raw->file || raw->file[0] != '/') {
		return acq_db_admin_config_error(cmd, "the election file must be an absolute path: give --election-file, "
			"--ini or $ACQ_DB_ELECTION_FILE");
	}
	if (acq_db_strlcpy(o->cfg.election_file, raw->file, sizeof(o->cfg.election_file)) != 0) {
		return acq_db_admin_config_error(cmd, "the election file path is too long");
	}
	if (raw->lock_timeout) {
		if (acq_db_admin_number(raw->lock_timeout, 600000, &n) != 0) {
			return acq_db_admin_config_error(cmd, "lock timeout '%s': milliseconds, 0 to 600000", raw->lock_timeout);
		}
		o->cfg.lock_timeout_ms = (unsigned) n;
	}
	if (raw->cred && raw->cred[0]) {
		acq_db_strlcpy(o->cred_path, raw->cred, sizeof(o->cred_path));
		/* the parser's messages name the file and line, never a value */
		if (acq_db_optfile_read(raw->cred, &o->cred, err, sizeof(err)) != ACQ_DB_OK) {
			return acq_db_admin_config_error(cmd, "credentials: %s", err);
		}
	}
	return 0;
}

void acq_db_admin_print_state(const char *label, const acq_db_state *st)
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

static int acq_db_admin_change(acq_db_cache *cache, const char *cmd, const char *name, const char *reason)
{
	char err[ACQ_DB_ERR_MAX];
	acq_db_election_result res;
	acq_db_rc rc;

	if (strcmp(cmd, "init") == 0) {
		rc = acq_db_init(cache, name, &res.state, err, sizeof(err));
	} else if (strcmp(cmd, "failover") == 0) {
		rc = acq_db_switchover(cache, name, reason ? reason : "acq-db-admin", NULL, NULL, &res, err, sizeof(err));
	} else {
		rc = acq_db_rejoin(cache, name, &res, err, sizeof(err));
	}
	if (rc != ACQ_DB_OK) {
		fprintf(stderr, "acq-db-admin: %s failed (%s): %s\n", cmd, acq_db_rc_name(rc), err);
		return ACQ_DB_ADMIN_CRITICAL;
	}
	acq_db_admin_print_state("now", &res.state);
	return ACQ_DB_ADMIN_OK;
}

/* The command-specific rules of the command line. NULL when it is fine. */
static const char *acq_db_admin_misuse(const acq_db_admin_opts *o)
{
	const char *c = o->command;

	if (strcmp(c, "check") && strcmp(c, "status") && strcmp(c, "init") && strcmp(c, "failover")
		&& strcmp(c, "rejoin")) {
		return "unknown command";
	}
	if (strcmp(c, "rejoin") == 0 && !o->name) {
		return "rejoin needs the server's NAME";
	}
	if ((strcmp(c, "check") == 0 || strcmp(c, "status") == 0) && o->name) {
		return "check and status take no NAME";
	}
	if (o->format == ACQ_DB_ADMIN_PROMETHEUS && strcmp(c, "status") != 0) {
		return "--format prometheus is for status";
	}
	if (o->format == ACQ_DB_ADMIN_JSON && strcmp(c, "check") && strcmp(c, "status")) {
		return "--json is for check and status";
	}
	if (o->dry_run && strcmp(c, "failover") != 0) {
		return "--dry-run is for failover";
	}
	if (o->as_replica && strcmp(c, "rejoin") != 0) {
		return "--as-replica is for rejoin";
	}
	return NULL;
}

int main(int argc, char **argv)
{
	static acq_db_admin_opts o;
	acq_db_admin_raw raw = { NULL, NULL, NULL, NULL, NULL, 0, 0 };
	const char *bad = NULL;
	acq_db_cache cache;
	int code;

	/* the tool exits once it has its verdict, hung volume or not: its reads
	 * go through a helper process that can be left behind (acq_db_poller.h) */
	acq_db_poller_use_helper_process(1);
	o.cfg.lock_timeout_ms = 5000;
	o.cfg.recheck_ms = 1000;
	o.cfg.first_read_timeout_ms = 5000; /* state_dir stays empty: the tool reads for itself */
	o.timeout_ms = 2000;
	o.wait_ms = 30000;
	o.lag_warn_s = 30;
	o.age_warn_ms = 5000;   /* 100 reads missed at the default recheck_ms */
	o.age_crit_ms = 60000;  /* longer than GlusterFS's default ping-timeout (42 s) */
	acq_db_strlcpy(o.node_dir, "/dev/shm", sizeof(o.node_dir));
	if (acq_db_admin_parse_flags(argc, argv, &o, &raw, &bad) == 0) {
		o.command = optind < argc ? argv[optind] : NULL;
		o.name = optind + 1 < argc ? argv[optind + 1] : NULL;
		if (!o.command) {
			bad = "no command";
		} else if (optind + 2 < argc) {
			bad = "too many arguments";
		} else {
			bad = acq_db_admin_misuse(&o);
		}
	} else {
		/* the command, if any, decides the exit code of the complaint */
		o.command = optind < argc ? argv[optind] : NULL;
	}
	if (bad) {
		fprintf(stderr, "acq-db-admin: %s (acq-db-admin --help lists the commands and options)\n", bad);
		code = acq_db_admin_bad_config(o.command);
		if (code == ACQ_DB_ADMIN_UNKNOWN) {
			acq_db_admin_unknown(o.format, bad);
		}
		return code;
	}
	acq_db_admin_out_format = o.format;
	code = acq_db_admin_configure(&o, &raw);
	if (code) {
		return code;
	}
	if (o.name && acq_db_servers_find(&o.cfg.servers, o.name) < 0) {
		fprintf(stderr, "acq-db-admin: '%s' is not in the configured servers\n", o.name);
		return ACQ_DB_ADMIN_USAGE;
	}
	acq_db_log_set_sink(acq_db_admin_log);
	acq_db_cache_init(&cache, &o.cfg);
	if (strcmp(o.command, "check") == 0) {
		code = acq_db_admin_check(&o);
	} else if (strcmp(o.command, "status") == 0) {
		code = acq_db_admin_status(&o);
	} else if (strcmp(o.command, "failover") == 0 && (o.dry_run || o.cred.loaded)) {
		code = acq_db_admin_failover(&o, &cache);
	} else if (strcmp(o.command, "rejoin") == 0 && o.as_replica) {
		code = acq_db_admin_rejoin_replica(&o, &cache);
	} else {
		code = acq_db_admin_change(&cache, o.command, o.name, o.reason);
	}
	acq_db_credentials_wipe(&o.cred);
	return code;
}
