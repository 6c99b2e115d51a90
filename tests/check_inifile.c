/*
 * The php.ini / php-fpm pool reader of `acq-db-admin --ini`: both spellings,
 * every quoting, comments and sections, and that what it cannot read is an
 * error naming the line rather than a different value.
 */
#include "fixtures.h"

#include <stdio.h>
#include <string.h>

#include "admin/acq_db_inifile.h"

static acq_db_ini ini;
static char err[ACQ_DB_ERR_MAX];

static acq_db_rc parse(const char *text)
{
	err[0] = '\0';
	return acq_db_inifile_parse(text, strlen(text), &ini, err, sizeof(err));
}

#define ck_refused(text, needle) do { \
	ck_assert_int_eq(parse(text), ACQ_DB_E_INVALID); \
	ck_assert_msg(strstr(err, needle) != NULL, "message '%s' lacks '%s'", err, needle); \
	ck_assert_int_eq(ini.count, 0); \
} while (0)

START_TEST(reads_php_ini_forms)
{
	ck_assert_int_eq(parse(
		"[PHP]\n"
		"; acq_db.servers = \"commented out\"\n"
		"# acq_db.election_file = /nope\n"
		"memory_limit = 128M\n"
		"acq_db.servers = \"db1=10.0.0.11:3306, db2=10.0.0.12:3306\"\n"
		"  acq_db.election_file=/mnt/gluster/acq_db/election   ; where the file lives\n"
		"acq_db.lock_timeout_ms = '2500'\n"
		"acq_db.alias =\n"), ACQ_DB_OK);
	ck_assert_int_eq(ini.count, 4);
	ck_assert_str_eq(acq_db_ini_get(&ini, "servers"), "db1=10.0.0.11:3306, db2=10.0.0.12:3306");
	ck_assert_str_eq(acq_db_ini_get(&ini, "election_file"), "/mnt/gluster/acq_db/election");
	ck_assert_str_eq(acq_db_ini_get(&ini, "lock_timeout_ms"), "2500");
	ck_assert_str_eq(acq_db_ini_get(&ini, "alias"), "");
	ck_assert_ptr_null(acq_db_ini_get(&ini, "memory_limit"));
	ck_assert_ptr_null(acq_db_ini_get(&ini, "recheck_ms"));
}
END_TEST

START_TEST(reads_fpm_pool_forms)
{
	ck_assert_int_eq(parse(
		"[www]\n"
		"user = www-data\n"
		"php_admin_value[acq_db.servers] = \"db1=127.0.0.1:3306,db2=unix:/run/db2.sock\"\n"
		"php_value[ acq_db.election_file ] = /mnt/e\r\n"
		"php_admin_flag[acq_db.enabled] = on\n"
		"php_admin_value[error_log] = /var/log/fpm-www.log\n"), ACQ_DB_OK);
	ck_assert_int_eq(ini.count, 3);
	ck_assert_str_eq(acq_db_ini_get(&ini, "servers"), "db1=127.0.0.1:3306,db2=unix:/run/db2.sock");
	ck_assert_str_eq(acq_db_ini_get(&ini, "election_file"), "/mnt/e");
	ck_assert_str_eq(acq_db_ini_get(&ini, "enabled"), "on");
	ck_assert_str_eq(ini.items[0].section, "www");
	ck_assert_int_eq(ini.items[0].line, 3);
}
END_TEST

START_TEST(quoting_rules)
{
	ck_assert_int_eq(parse("acq_db.a = \"x ; y \\\" z \\\\ w\" ; comment\n"
		"acq_db.b = 'it''s'\n"), ACQ_DB_E_INVALID); /* PHP has no '' escape either */
	ck_assert_int_eq(parse("acq_db.a = \"x ; y \\\" z \\\\ w\" ; comment\n"
		"acq_db.b = 'a\\b'\n"
		"acq_db.c = bare value ; comment\n"), ACQ_DB_OK);
	ck_assert_str_eq(acq_db_ini_get(&ini, "a"), "x ; y \" z \\ w");
	ck_assert_str_eq(acq_db_ini_get(&ini, "b"), "a\\b");
	ck_assert_str_eq(acq_db_ini_get(&ini, "c"), "bare value");
}
END_TEST

START_TEST(last_assignment_wins_within_a_section)
{
	ck_assert_int_eq(parse("acq_db.servers = a=h:1\nacq_db.servers = b=h:2\n"), ACQ_DB_OK);
	ck_assert_int_eq(ini.count, 1);
	ck_assert_str_eq(acq_db_ini_get(&ini, "servers"), "b=h:2");
	ck_assert_int_eq(ini.items[0].line, 2);
	/* two pools agreeing is fine */
	ck_assert_int_eq(parse("[a]\nphp_admin_value[acq_db.servers] = x=h:1\n"
		"[b]\nphp_admin_value[acq_db.servers] = \"x=h:1\"\n"), ACQ_DB_OK);
	ck_assert_str_eq(acq_db_ini_get(&ini, "servers"), "x=h:1");
}
END_TEST

START_TEST(refuses_what_it_cannot_read)
{
	ck_refused("[a]\nphp_admin_value[acq_db.servers] = x=h:1\n[b]\nphp_admin_value[acq_db.servers] = y=h:1\n",
		"line 4: [b] sets acq_db.servers differently from [a] at line 2");
	ck_refused("acq_db.servers = \"db1=h:1\n", "line 1 (acq_db.servers): the quoted value is not closed");
	ck_refused("x = 1\nacq_db.servers = \"a\" b\n", "line 2 (acq_db.servers): text after the closing quote");
	ck_refused("\n\nacq_db.servers\n", "line 3: an acq_db setting without '='");
	ck_refused("php_admin_value[acq_db.servers = x\n", "line 1: php_*value[ is not closed");
}
END_TEST

START_TEST(reads_a_file_and_names_it_in_errors)
{
	const char *pool = "[www]\nphp_admin_value[acq_db.election_file] = /e\n";
	char path[4300];

	snprintf(path, sizeof(path), "%s/pool.conf", acq_fx_dir);
	acq_fx_write_raw(path, pool, strlen(pool));
	ck_assert_int_eq(acq_db_inifile_read(path, &ini, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_str_eq(acq_db_ini_get(&ini, "election_file"), "/e");
	acq_fx_write_raw(path, "acq_db.servers = 'x\n", 20);
	ck_assert_int_eq(acq_db_inifile_read(path, &ini, err, sizeof(err)), ACQ_DB_E_INVALID);
	ck_assert_msg(strstr(err, path) && strstr(err, "line 1"), "%s", err);
	snprintf(path, sizeof(path), "%s/missing.ini", acq_fx_dir);
	ck_assert_int_eq(acq_db_inifile_read(path, &ini, err, sizeof(err)), ACQ_DB_E_IO);
	ck_assert_msg(strstr(err, "cannot open") && strstr(err, path), "%s", err);
}
END_TEST

Suite *acq_check_inifile_suite(void)
{
	Suite *s = suite_create("inifile");
	TCase *tc = tcase_create("parse");

	tcase_add_checked_fixture(tc, acq_fx_setup, acq_fx_teardown);
	tcase_add_test(tc, reads_php_ini_forms);
	tcase_add_test(tc, reads_fpm_pool_forms);
	tcase_add_test(tc, quoting_rules);
	tcase_add_test(tc, last_assignment_wins_within_a_section);
	tcase_add_test(tc, refuses_what_it_cannot_read);
	tcase_add_test(tc, reads_a_file_and_names_it_in_errors);
	suite_add_tcase(s, tc);
	return s;
}
