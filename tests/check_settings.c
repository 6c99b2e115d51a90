/*
 * The table of settings (config/acq_db_settings.h): every default passes
 * its own validator, each kind refuses what the extension refused before
 * with the same message, the bounds are the table's on every path (the CLI
 * and the extension call the same validator), and docs/configuration.md
 * lists the same directives, in the same order, with the same defaults and
 * bounds.
 */
#include "fixtures.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/acq_db_settings.h"

static acq_db_config cfg;
static char err[ACQ_DB_ERR_MAX];

static acq_db_rc set(const char *name, const char *value)
{
	const acq_db_setting *s = acq_db_setting_find(name);

	ck_assert_msg(s != NULL, "no setting %s", name);
	err[0] = '\0';
	return acq_db_setting_apply(s, value, &cfg, err, sizeof(err));
}

#define ck_refused(name, value, needle) do { \
	ck_assert_int_eq(set(name, value), ACQ_DB_E_INVALID); \
	ck_assert_msg(strstr(err, needle) != NULL, "%s=%s: message '%s' lacks '%s'", name, value, err, needle); \
} while (0)

START_TEST(defaults_pass_their_validators)
{
	int i;

	for (i = 0; i < ACQ_DB_SETTING_COUNT; i++) {
		const acq_db_setting *s = &acq_db_settings[i];

		ck_assert_msg(s->name != NULL, "row %d of the table is empty", i);
		ck_assert_msg(strncmp(s->name, ACQ_DB_SETTING_PREFIX, strlen(ACQ_DB_SETTING_PREFIX)) == 0, "%s", s->name);
		ck_assert_msg(acq_db_setting_apply(s, s->def, &cfg, err, sizeof(err)) == ACQ_DB_OK, "%s: %s", s->name, err);
		ck_assert_msg(acq_db_setting_apply(s, acq_db_setting_default(s, 1), &cfg, err, sizeof(err)) == ACQ_DB_OK,
			"%s (CLI): %s", s->name, err);
		ck_assert_ptr_eq(acq_db_setting_find(s->name), s);
		ck_assert_ptr_eq(acq_db_setting_find(acq_db_setting_key(s)), s);
		ck_assert_msg(s->offset + s->size <= sizeof(acq_db_config), "%s points outside acq_db_config", s->name);
	}
	ck_assert_ptr_null(acq_db_setting_find("acq_db.nope"));
}
END_TEST

START_TEST(defaults_fill_the_config)
{
	acq_db_config_defaults(&cfg, 0);
	ck_assert_uint_eq(cfg.recheck_ms, 50);
	ck_assert_uint_eq(cfg.first_read_timeout_ms, 2000);
	ck_assert_uint_eq(cfg.lock_timeout_ms, 5000);
	ck_assert_uint_eq(cfg.connect_timeout_ms, 1000);
	ck_assert_uint_eq(cfg.failover_hold_ms, 60000);
	ck_assert_uint_eq(cfg.catchup_timeout_ms, 3000);
	ck_assert_str_eq(cfg.state_dir, "/dev/shm");
	ck_assert_int_eq(cfg.routing, 1);
	ck_assert_int_eq(cfg.operator_functions, 0);
	ck_assert_str_eq(acq_db_setting_missing(&acq_db_settings[ACQ_DB_SET_SERVERS], &cfg),
		"acq_db.servers is not set (e.g. acq_db.servers=\"db1=10.0.0.11:3306,db2=10.0.0.12:3306\")");
	ck_assert_ptr_nonnull(acq_db_setting_missing(&acq_db_settings[ACQ_DB_SET_ELECTION_FILE], &cfg));
	ck_assert_ptr_null(acq_db_setting_missing(&acq_db_settings[ACQ_DB_SET_STATE_DIR], &cfg));
	acq_db_config_defaults(&cfg, 1);
	ck_assert_int_eq(cfg.operator_functions, 1); /* on in PHP's CLI SAPI */
}
END_TEST

/* The bounds that had drifted between the extension and acq-db-admin --ini. */
START_TEST(catchup_timeout_bounds)
{
	ck_assert_int_eq(set("catchup_timeout_ms", "600000"), ACQ_DB_OK);
	ck_assert_uint_eq(cfg.catchup_timeout_ms, 600000);
	ck_refused("catchup_timeout_ms", "3600000", "'3600000' is not a number of milliseconds from 0 to 600000");
	ck_assert_uint_eq(cfg.catchup_timeout_ms, 600000); /* a rejection changes nothing */
	ck_assert_int_eq(set("acq_db.catchup_timeout_ms", "0"), ACQ_DB_OK);
}
END_TEST

START_TEST(millis_refusals)
{
	ck_refused("recheck_ms", "-5", "'-5' is not a number of milliseconds from 0 to 3600000");
	ck_refused("lock_timeout_ms", "5s", "'5s' is not a number of milliseconds from 0 to 600000");
	ck_refused("connect_timeout_ms", "0", "from 1 to 600000");
	ck_refused("connect_timeout_ms", "600001", "from 1 to 600000");
	ck_refused("failover_hold_ms", "86400001", "from 0 to 86400000");
	ck_refused("first_read_timeout_ms", "", "'' is not a number");
	ck_refused("first_read_timeout_ms", " 5", "is not a number");
	ck_refused("first_read_timeout_ms", "+5", "is not a number");
	ck_refused("first_read_timeout_ms", "99999999999999999999999", "is not a number");
	ck_assert_int_eq(set("failover_hold_ms", "86400000"), ACQ_DB_OK);
	ck_assert_uint_eq(cfg.failover_hold_ms, 86400000);
}
END_TEST

START_TEST(paths_are_absolute)
{
	ck_refused("state_dir", "shm", "must be an absolute path to a node-local directory (e.g. /dev/shm)");
	ck_assert_int_eq(set("state_dir", ""), ACQ_DB_OK); /* node sharing off */
	ck_assert_str_eq(cfg.state_dir, "");
	ck_assert_int_eq(set("state_dir", "/run/acq"), ACQ_DB_OK);
	ck_refused("election_file", "election", "must be an absolute path to a file");
	ck_refused("election_file", "/mnt/gluster/", "not a directory");
	ck_assert_int_eq(set("election_file", "/mnt/gluster/election"), ACQ_DB_OK);
	ck_assert_str_eq(cfg.election_file, "/mnt/gluster/election");
	/* php-fpm's master reads it from / : a relative path would be a trap */
	ck_refused("admin_credentials", "admin.cnf", "must be an absolute path to a MySQL option file");
	ck_assert_int_eq(set("admin_credentials", "/etc/acq_db/admin.cnf"), ACQ_DB_OK);
	ck_assert_int_eq(set("admin_credentials", ""), ACQ_DB_OK); /* promotion off */
}
END_TEST

START_TEST(path_leaves_room_for_what_the_core_appends)
{
	char path[ACQ_DB_PATH_MAX];

	memset(path, 'a', sizeof(path));
	path[0] = '/';
	path[ACQ_DB_PATH_MAX - 32] = '\0'; /* FILE.lock, FILE.tmp.PID: refused */
	ck_refused("election_file", path, "absolute path");
	path[ACQ_DB_PATH_MAX - 33] = '\0';
	ck_assert_int_eq(set("election_file", path), ACQ_DB_OK);
}
END_TEST

START_TEST(servers_alias_and_switches)
{
	ck_refused("servers", "db1=10.0.0.1,db1=10.0.0.2", "db1");
	ck_assert_int_eq(set("servers", "db1=10.0.0.1,db2=10.0.0.2:3307"), ACQ_DB_OK);
	ck_assert_int_eq(cfg.servers.count, 2);
	ck_assert_int_eq(set("servers", ""), ACQ_DB_OK);
	ck_assert_int_eq(cfg.servers.count, 0);
	ck_refused("alias", "acq/db", "must be a host name (letters, digits, '.', '-', '_'), e.g. acq-db");
	ck_assert_int_eq(set("alias", "acq-db"), ACQ_DB_OK);
	ck_assert_str_eq(cfg.alias, "acq-db");
	ck_assert_int_eq(set("routing", "Off"), ACQ_DB_OK);
	ck_assert_int_eq(cfg.routing, 0);
	ck_assert_int_eq(set("routing", "yes"), ACQ_DB_OK);
	ck_assert_int_eq(cfg.routing, 1);
	ck_assert_int_eq(set("operator_functions", ""), ACQ_DB_OK); /* php.ini's Off */
	ck_assert_int_eq(cfg.operator_functions, 0);
	ck_assert_int_eq(set("operator_functions", "2"), ACQ_DB_OK); /* PHP: any non-zero integer */
	ck_assert_int_eq(cfg.operator_functions, 1);
	ck_refused("operator_functions", "maybe", "'maybe' must be On or Off (1 or 0)");
	ck_assert_int_eq(cfg.operator_functions, 1);
}
END_TEST

START_TEST(number_parser)
{
	unsigned long long n = 7;

	ck_assert_int_eq(acq_db_parse_uint("0", 10, &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(acq_db_parse_uint("10", 10, &n), 0);
	ck_assert_int_eq(acq_db_parse_uint("11", 10, &n), -1);
	ck_assert_int_eq(acq_db_parse_uint("1x", 10, &n), -1);
	ck_assert_int_eq(acq_db_parse_uint("-1", 10, &n), -1);
	ck_assert_int_eq(acq_db_parse_uint("", 10, &n), -1);
	ck_assert_int_eq(acq_db_parse_uint(NULL, 10, &n), -1);
	ck_assert_uint_eq(n, 10); /* a refusal leaves *out alone */
}
END_TEST

/* docs/configuration.md next to the test binary's folder (tests/). */
static const char *doc_path(void)
{
	static char path[PATH_MAX + 64];
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	ck_assert_int_gt(n, 0);
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	ck_assert_ptr_nonnull(slash);
	*slash = '\0';
	snprintf(path, sizeof(path), "%s/../docs/configuration.md", exe);
	return path;
}

/* The default as the documentation writes it, without backticks. */
static void doc_default(const acq_db_setting *s, char *out, size_t len)
{
	if (s->flags & ACQ_DB_SETTING_ON_IN_CLI) {
		snprintf(out, len, "%s (%s in the CLI)", s->def, acq_db_setting_default(s, 1));
	} else if (s->def[0]) {
		snprintf(out, len, "%s", s->def);
	} else {
		snprintf(out, len, "%s", s->flags & ACQ_DB_SETTING_REQUIRED ? "(none)" : "(empty)");
	}
}

/* Copies the cell [p, end) trimmed and without backticks. */
static void doc_cell(const char *p, const char *end, char *out, size_t len)
{
	size_t n = 0;

	while (p < end && *p == ' ') {
		p++;
	}
	while (end > p && end[-1] == ' ') {
		end--;
	}
	for (; p < end && n + 1 < len; p++) {
		if (*p != '`') {
			out[n++] = *p;
		}
	}
	out[n] = '\0';
}

START_TEST(docs_table_matches)
{
	const char *path = doc_path();
	FILE *f = fopen(path, "r");
	char line[4096];
	int row = 0;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	while (fgets(line, sizeof(line), f)) {
		char name[128], def[128], meaning[3072], want[128], bounds[64];
		const char *c1, *c2, *c3, *c4;
		const acq_db_setting *s;

		if (strncmp(line, "| `acq_db.", 10) != 0) {
			continue;
		}
		c1 = line + 1;
		c2 = strchr(c1, '|');
		c3 = c2 ? strchr(c2 + 1, '|') : NULL;
		c4 = c3 ? strrchr(c3 + 1, '|') : NULL;
		ck_assert_msg(c4 != NULL, "%s: a row without three cells: %s", path, line);
		doc_cell(c1, c2, name, sizeof(name));
		doc_cell(c2 + 1, c3, def, sizeof(def));
		doc_cell(c3 + 1, c4, meaning, sizeof(meaning));
		ck_assert_msg(row < ACQ_DB_SETTING_COUNT, "%s lists %s, which is not in the table of settings", path, name);
		s = &acq_db_settings[row];
		ck_assert_msg(strcmp(name, s->name) == 0, "%s: row %d is %s, the table's is %s", path, row + 1, name,
			s->name);
		doc_default(s, want, sizeof(want));
		ck_assert_msg(strcmp(def, want) == 0, "%s: %s's default is '%s' there, '%s' in the table", path, name, def,
			want);
		if (s->kind == ACQ_DB_KIND_MILLIS) {
			snprintf(bounds, sizeof(bounds), "%u\xe2\x80\x93%u.", s->min, s->max); /* MIN–MAX. */
			ck_assert_msg(strncmp(meaning, bounds, strlen(bounds)) == 0, "%s: %s's meaning should open with "
				"'%s' (the table's bounds): %.40s", path, name, bounds, meaning);
		}
		row++;
	}
	fclose(f);
	ck_assert_msg(row == ACQ_DB_SETTING_COUNT, "%s lists %d directives, the table has %d (first missing: %s)", path,
		row, ACQ_DB_SETTING_COUNT, row < ACQ_DB_SETTING_COUNT ? acq_db_settings[row].name : "");
}
END_TEST

Suite *acq_check_settings_suite(void)
{
	Suite *s = suite_create("settings");
	TCase *tc = tcase_create("table");

	tcase_add_checked_fixture(tc, acq_fx_setup, acq_fx_teardown);
	tcase_add_test(tc, defaults_pass_their_validators);
	tcase_add_test(tc, defaults_fill_the_config);
	tcase_add_test(tc, catchup_timeout_bounds);
	tcase_add_test(tc, millis_refusals);
	tcase_add_test(tc, paths_are_absolute);
	tcase_add_test(tc, path_leaves_room_for_what_the_core_appends);
	tcase_add_test(tc, servers_alias_and_switches);
	tcase_add_test(tc, number_parser);
	suite_add_tcase(s, tc);
	tc = tcase_create("docs");
	tcase_add_test(tc, docs_table_matches);
	suite_add_tcase(s, tc);
	return s;
}
