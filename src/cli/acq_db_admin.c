/*
 * acq-db-admin: the operator's console. It links the same core as the
 * extension, so what it reads and writes is exactly what every PHP process
 * sees, and it talks to the servers themselves through libmysqlclient:
 * check (a monitoring plugin over the election file and every member),
 * status, init, switchover (the planned change of master; "failover" is its
 * deprecated old name), rejoin (optionally making
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
#include <unistd.h>

#include "acq_db_admin.h"
#include "failover/acq_db_election.h"
#include "store/acq_db_copy.h"
#include "admin/acq_db_inifile.h"
#include "store/acq_db_lock.h"
#include "lib/acq_db_log.h"
#include "node/acq_db_poller.h"
#include "config/acq_db_optfile.h"
#include "lib/acq_db_version.h"
#include "config/acq_db_settings.h"

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
	"  switchover [NAME] planned change of master to NAME (or the next eligible server) with\n"
	"                    the admin credentials: demote, catch up, promote, then the file;\n"
	"                    --dry-run only prints the plan and what each server reports;\n"
	"                    --file-only rewrites only the election file (no credentials needed);\n"
	"                    a demoted NAME is refused unless --force\n"
	"  failover [NAME]   the old name of switchover (deprecated; goes in the next release)\n"
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
	"  -w, --wait=MS               catch-up / replication start deadline, 0 to 600000 (default\n"
	"                              30000, or acq_db.catchup_timeout_ms from --ini)\n"
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
	"  -r, --reason=TEXT           why (switchover), recorded in the election file\n"
	"  -n, --dry-run               switchover: print the plan, change nothing\n"
	"      --file-only             switchover: rewrite only the election file (the servers are\n"
	"                              not touched: the target must be writable already)\n"
	"      --force                 switchover: to a demoted server too\n"
	"      --as-replica            rejoin: CHANGE MASTER TO the active master, START SLAVE first\n"
	"      --replication-credentials=FILE\n"
	"                              rejoin --as-replica: the replication account ([client] user,\n"
	"                              password) written into the replica's master.info; default the\n"
	"                              [replication] section of --credentials, else the admin account\n"
	"  -h, --help                  this text (man acq-db-admin for more)\n"
	"  -V, --version               the version of acq-db-admin (the same as phpversion('acq_db'))\n"
	"\n"
	"Exit codes: 0 ok, 1 warning, 2 critical or failed, 3 unknown (check/status could not\n"
	"judge: bad configuration), 64 bad command line of init, switchover, rejoin.\n";

enum { ACQ_DB_ADMIN_OPT_FORMAT = 256, ACQ_DB_ADMIN_OPT_AS_REPLICA, ACQ_DB_ADMIN_OPT_STATE_DIR,
	ACQ_DB_ADMIN_OPT_WARN_AGE, ACQ_DB_ADMIN_OPT_CRIT_AGE, ACQ_DB_ADMIN_OPT_REPL_CRED, ACQ_DB_ADMIN_OPT_FILE_ONLY,
	ACQ_DB_ADMIN_OPT_FORCE };

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
	{ "replication-credentials", required_argument, NULL, ACQ_DB_ADMIN_OPT_REPL_CRED },
	{ "state-dir", required_argument, NULL, ACQ_DB_ADMIN_OPT_STATE_DIR },
	{ "warn-age", required_argument, NULL, ACQ_DB_ADMIN_OPT_WARN_AGE },
	{ "crit-age", required_argument, NULL, ACQ_DB_ADMIN_OPT_CRIT_AGE },
	{ "file-only", no_argument, NULL, ACQ_DB_ADMIN_OPT_FILE_ONLY },
	{ "force", no_argument, NULL, ACQ_DB_ADMIN_OPT_FORCE },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* The raw settings before precedence is applied: the flags that set a
 * directive of the table of settings, indexed like it. */
typedef struct acq_db_admin_raw {
	const char *flag[ACQ_DB_SETTING_COUNT];
	const char *ini;
	int wait_given;                   /* --wait on the command line */
} acq_db_admin_raw;

/* The flag that sets each directive on the command line, for messages. */
static const char *const acq_db_admin_flag_name[ACQ_DB_SETTING_COUNT] = {
	[ACQ_DB_SET_SERVERS] = "--servers",
	[ACQ_DB_SET_ELECTION_FILE] = "--election-file",
	[ACQ_DB_SET_LOCK_TIMEOUT_MS] = "--lock-timeout",
	[ACQ_DB_SET_STATE_DIR] = "--state-dir",
	[ACQ_DB_SET_ADMIN_CREDENTIALS] = "--credentials",
};

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

/* A flag in milliseconds held to the bounds of a directive of the table of
 * settings; 0, or -1 with *bad set (unless an earlier complaint stands). */
static int acq_db_admin_millis_flag(const char *text, acq_db_setting_id id, const char *flag, unsigned long long *n,
	const char **bad)
{
	static char what[128];
	const acq_db_setting *s = &acq_db_settings[id];

	if (acq_db_parse_uint(text, s->max, n) == 0 && *n >= s->min) {
		return 0;
	}
	snprintf(what, sizeof(what), "%s needs milliseconds, %u to %u (as %s)", flag, s->min, s->max, s->name);
	*bad = *bad ? *bad : what;
	return -1;
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
	while ((opt = getopt_long(argc, argv, ":s:f:i:c:t:T:w:l:jr:nhV", acq_db_admin_long, NULL)) != -1) {
		switch (opt) {
		case 's': raw->flag[ACQ_DB_SET_SERVERS] = optarg; break;
		case 'f': raw->flag[ACQ_DB_SET_ELECTION_FILE] = optarg; break;
		case 'i': raw->ini = optarg; break;
		case 'c': raw->flag[ACQ_DB_SET_ADMIN_CREDENTIALS] = optarg; break;
		case 't': raw->flag[ACQ_DB_SET_LOCK_TIMEOUT_MS] = optarg; break;
		case 'T':
			/* the bounds of the extension's acq_db.connect_timeout_ms */
			if (acq_db_admin_millis_flag(optarg, ACQ_DB_SET_CONNECT_TIMEOUT_MS, "--timeout", &n, bad) != 0) {
				break;
			}
			o->timeout_ms = (unsigned) n;
			break;
		case 'w':
			/* the bounds of acq_db.catchup_timeout_ms, which it stands for */
			if (acq_db_admin_millis_flag(optarg, ACQ_DB_SET_CATCHUP_TIMEOUT_MS, "--wait", &n, bad) != 0) {
				break;
			}
			o->wait_ms = (unsigned) n;
			raw->wait_given = 1;
			break;
		case 'l':
			if (acq_db_parse_uint(optarg, 86400 * 365, &n) != 0) {
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
		case ACQ_DB_ADMIN_OPT_STATE_DIR: raw->flag[ACQ_DB_SET_STATE_DIR] = optarg; break;
		case ACQ_DB_ADMIN_OPT_WARN_AGE:
		case ACQ_DB_ADMIN_OPT_CRIT_AGE:
			if (acq_db_parse_uint(optarg, 86400000, &n) != 0) {
				*bad = *bad ? *bad : "--warn-age and --crit-age need milliseconds (0: not checked)";
				break;
			}
			*(opt == ACQ_DB_ADMIN_OPT_WARN_AGE ? &o->age_warn_ms : &o->age_crit_ms) = (long long) n;
			break;
		case 'r': o->reason = optarg; break;
		case 'n': o->dry_run = 1; break;
		case ACQ_DB_ADMIN_OPT_AS_REPLICA: o->as_replica = 1; break;
		case ACQ_DB_ADMIN_OPT_REPL_CRED: o->repl_cred_path = optarg; break;
		case ACQ_DB_ADMIN_OPT_FILE_ONLY: o->file_only = 1; break;
		case ACQ_DB_ADMIN_OPT_FORCE: o->force = 1; break;
		case 'h': fputs(acq_db_admin_help, stdout); exit(ACQ_DB_ADMIN_OK);
		case 'V': printf("acq-db-admin %s\n", ACQ_DB_VERSION); exit(ACQ_DB_ADMIN_OK);
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

/* A file named on the command line is relative to the operator's working
 * directory (-c admin.cnf); the setting itself takes absolute paths only,
 * as php-fpm's master, whose directory is /, would read them. */
static const char *acq_db_admin_absolute(const char *path)
{
	static char abs[ACQ_DB_PATH_MAX];
	char cwd[ACQ_DB_PATH_MAX];

	if (!path[0] || path[0] == '/' || !getcwd(cwd, sizeof(cwd))
		|| (size_t) snprintf(abs, sizeof(abs), "%s/%s", cwd, path) >= sizeof(abs)) {
		return path; /* the validator says what is wrong with it */
	}
	return abs;
}

/* Where a directive's value comes from: its flag, else --ini, else the
 * environment (an empty value in --ini leaves it to the environment, as
 * an empty admin_credentials in a pool means "none here"). NULL: nowhere,
 * the table's default stands. *from names the source for messages. */
static const char *acq_db_admin_source(const acq_db_setting *s, const acq_db_admin_raw *raw, const acq_db_ini *ini,
	const char **from)
{
	int id = (int) (s - acq_db_settings);
	const char *v = raw->flag[id];

	if (v) {
		*from = acq_db_admin_flag_name[id];
		return s->kind == ACQ_DB_KIND_OPTFILE ? acq_db_admin_absolute(v) : v;
	}
	v = acq_db_ini_get(ini, acq_db_setting_key(s));
	if (v && (v[0] || !s->env)) {
		*from = "--ini";
		return v;
	}
	if (s->env && getenv(s->env)) {
		static char env_from[64];

		snprintf(env_from, sizeof(env_from), "$%s", s->env);
		*from = env_from;
		return getenv(s->env);
	}
	return NULL;
}

/* Every directive the flags, --ini or the environment give, each checked by
 * the extension's own validator: the tool refuses what PHP would refuse.
 * Returns 0 or an exit code after saying what is wrong. */
static int acq_db_admin_read_settings(const acq_db_admin_opts *o, const acq_db_admin_raw *raw, const acq_db_ini *ini,
	acq_db_config *set)
{
	char err[ACQ_DB_ERR_MAX];
	int i;

	acq_db_config_defaults(set, 1);
	/* PHP ignores a directive it does not know; a typo then goes unseen */
	for (i = 0; i < ini->count; i++) {
		if (!acq_db_setting_find(ini->items[i].key)) {
			fprintf(stderr, "acq-db-admin: --ini: line %d: acq_db.%s is not a setting of acq_db (a typo?); "
				"PHP ignores it, and so does this tool\n", ini->items[i].line, ini->items[i].key);
		}
	}
	for (i = 0; i < ACQ_DB_SETTING_COUNT; i++) {
		const acq_db_setting *s = &acq_db_settings[i];
		const char *from = NULL;
		const char *v = acq_db_admin_source(s, raw, ini, &from);

		if (v && acq_db_setting_apply(s, v, set, err, sizeof(err)) != ACQ_DB_OK) {
			return acq_db_admin_config_error(o->command, "%s: %s: %s", from, s->name, err);
		}
	}
	return 0;
}

/* Fills o->cfg and o->cred from raw, --ini and the environment. Returns 0,
 * or an exit code after saying what is wrong. */
static int acq_db_admin_configure(acq_db_admin_opts *o, acq_db_admin_raw *raw)
{
	static acq_db_ini ini;
	static acq_db_config set;
	char err[ACQ_DB_ERR_MAX];
	const char *cmd = o->command;
	int code;

	ini.count = 0;
	if (raw->ini && acq_db_inifile_read(raw->ini, &ini, err, sizeof(err)) != ACQ_DB_OK) {
		return acq_db_admin_config_error(cmd, "--ini: %s", err);
	}
	code = acq_db_admin_read_settings(o, raw, &ini, &set);
	if (code) {
		return code;
	}
	if (acq_db_setting_missing(&acq_db_settings[ACQ_DB_SET_SERVERS], &set)) {
		return acq_db_admin_config_error(cmd, "no servers: give --servers, --ini or $ACQ_DB_SERVERS");
	}
	if (acq_db_setting_missing(&acq_db_settings[ACQ_DB_SET_ELECTION_FILE], &set)) {
		return acq_db_admin_config_error(cmd, "the election file must be an absolute path: give --election-file, "
			"--ini or $ACQ_DB_ELECTION_FILE");
	}
	o->cfg.servers = set.servers;
	acq_db_strlcpy(o->cfg.election_file, set.election_file, sizeof(o->cfg.election_file));
	o->cfg.lock_timeout_ms = set.lock_timeout_ms;
	acq_db_strlcpy(o->node_dir, set.state_dir, sizeof(o->node_dir));
	/* the extension's own catch-up bound, so a switchover from the tool
	 * waits as long as one from PHP would */
	if (!raw->wait_given && acq_db_ini_get(&ini, acq_db_setting_key(&acq_db_settings[ACQ_DB_SET_CATCHUP_TIMEOUT_MS]))) {
		o->wait_ms = set.catchup_timeout_ms;
	}
	if (set.admin_credentials[0]) {
		acq_db_strlcpy(o->cred_path, set.admin_credentials, sizeof(o->cred_path));
		/* the parser's messages name the file and line, never a value */
		if (acq_db_optfile_read(set.admin_credentials, &o->cred, err, sizeof(err)) != ACQ_DB_OK) {
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
	} else if (strcmp(cmd, "switchover") == 0) {
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

/* The command's one name: "failover", the old name of switchover, still
 * works for one release and says so on stderr. */
static const char *acq_db_admin_command(const char *given)
{
	if (given && strcmp(given, "failover") == 0) {
		fprintf(stderr, "acq-db-admin: 'failover' is deprecated: use 'switchover' (the same command; "
			"'failover' goes in the next release)\n");
		return "switchover";
	}
	return given;
}

/* A switchover that would do harm unasked: without the admin credentials
 * it only rewrites the file, sending the farm to a standby that is still
 * read-only and replicating while the old master stays writable; to a
 * demoted server it may lose writes. 0 when it may go on. */
static int acq_db_admin_refuse_switchover(const acq_db_admin_opts *o)
{
	if (!o->cred.loaded && !o->file_only && !o->dry_run) {
		fprintf(stderr, "acq-db-admin: switchover refused: without the admin credentials it would only rewrite the "
			"election file, and the farm would move to a standby that is still read-only and replicating while "
			"the old master stays writable; give --credentials FILE (or acq_db.admin_credentials through --ini), "
			"or --file-only if the target is made writable by other means\n");
		return ACQ_DB_ADMIN_USAGE;
	}
	return acq_db_admin_refuse_demoted_target(o);
}

/* The command-specific rules of the command line. NULL when it is fine. */
static const char *acq_db_admin_misuse(const acq_db_admin_opts *o)
{
	const char *c = o->command;

	if (strcmp(c, "check") && strcmp(c, "status") && strcmp(c, "init") && strcmp(c, "switchover")
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
	if (o->dry_run && strcmp(c, "switchover") != 0) {
		return "--dry-run is for switchover";
	}
	if ((o->file_only || o->force) && strcmp(c, "switchover") != 0) {
		return "--file-only and --force are for switchover";
	}
	if (o->file_only && o->dry_run) {
		return "--file-only and --dry-run do not go together (the plan is of the switchover with credentials)";
	}
	if (o->as_replica && strcmp(c, "rejoin") != 0) {
		return "--as-replica is for rejoin";
	}
	if (o->repl_cred_path && !o->as_replica) {
		return "--replication-credentials is for rejoin --as-replica";
	}
	return NULL;
}

int main(int argc, char **argv)
{
	static acq_db_admin_opts o;
	acq_db_admin_raw raw = { { NULL }, NULL, 0 };
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
	if (acq_db_admin_parse_flags(argc, argv, &o, &raw, &bad) == 0) {
		o.command = acq_db_admin_command(optind < argc ? argv[optind] : NULL);
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
	} else if (strcmp(o.command, "switchover") == 0 && (code = acq_db_admin_refuse_switchover(&o)) != 0) {
		/* said why */
	} else if (strcmp(o.command, "switchover") == 0 && !o.file_only) {
		code = acq_db_admin_switchover(&o, &cache);
	} else if (strcmp(o.command, "rejoin") == 0 && o.as_replica) {
		code = acq_db_admin_rejoin_replica(&o, &cache);
	} else {
		code = acq_db_admin_change(&cache, o.command, o.name, o.reason);
	}
	acq_db_credentials_wipe(&o.cred);
	return code;
}
