/*
 * The promotion credentials file (acq_db_optfile): what it accepts, what it
 * refuses and how it says so, and that no refusal ever repeats the secret.
 */
#include "fixtures.h"
#include "config/acq_db_optfile.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ACQ_SECRET "S3cret-Pw#x"

static char acq_opt_path[4300];
static char acq_opt_err[ACQ_DB_ERR_MAX];
static acq_db_credentials acq_opt_cred;

/* Writes text to this test's option file with mode; returns the path. */
static const char *acq_opt_write(const char *text, mode_t mode)
{
	snprintf(acq_opt_path, sizeof(acq_opt_path), "%s/admin.cnf", acq_fx_dir);
	unlink(acq_opt_path);
	acq_fx_write_raw(acq_opt_path, text, strlen(text));
	ck_assert_int_eq(chmod(acq_opt_path, mode), 0);
	return acq_opt_path;
}

static acq_db_rc acq_opt_read(const char *path)
{
	acq_opt_err[0] = '\0';
	memset(&acq_opt_cred, 'x', sizeof(acq_opt_cred));
	return acq_db_optfile_read(path, &acq_opt_cred, acq_opt_err, sizeof(acq_opt_err));
}

/* A refusal: the code, the words, the path, no secret, nothing kept. */
static void acq_opt_assert_refused(acq_db_rc rc, acq_db_rc want, const char *words)
{
	ck_assert_msg(rc == want, "rc %s, want %s: %s", acq_db_rc_name(rc), acq_db_rc_name(want), acq_opt_err);
	ck_assert_msg(strstr(acq_opt_err, words) != NULL, "'%s' not in: %s", words, acq_opt_err);
	ck_assert_msg(strstr(acq_opt_err, "S3cret") == NULL, "the secret leaked: %s", acq_opt_err);
	ck_assert_int_eq(acq_opt_cred.loaded, 0);
	ck_assert_str_eq(acq_opt_cred.password, "");
	ck_assert_str_eq(acq_opt_cred.user, "");
}

START_TEST(reads_user_password_and_tls)
{
	const char *p = acq_opt_write(
		"# promotion account\n"
		"[mysqld]\nport=1\nsomething_else\n"
		"[client]\n"
		"user = acq_admin\n"
		"password = \"" ACQ_SECRET "\"\n"
		"ssl_ca=/etc/ssl/ca.pem   # inline comment\n"
		"ssl-cert='/etc/ssl/c.pem'\r\n"
		"ssl-key=/etc/ssl/k.pem\n"
		"ssl-verify-server-cert\n"
		"[mysql]\nprompt=x\n", 0600);

	ck_assert_msg(acq_opt_read(p) == ACQ_DB_OK, "%s", acq_opt_err);
	ck_assert_int_eq(acq_opt_cred.loaded, 1);
	ck_assert_str_eq(acq_opt_cred.user, "acq_admin");
	ck_assert_str_eq(acq_opt_cred.password, ACQ_SECRET);
	ck_assert_str_eq(acq_opt_cred.ssl_ca, "/etc/ssl/ca.pem");
	ck_assert_str_eq(acq_opt_cred.ssl_cert, "/etc/ssl/c.pem");
	ck_assert_str_eq(acq_opt_cred.ssl_key, "/etc/ssl/k.pem");
	ck_assert_int_eq(acq_opt_cred.ssl_verify_server_cert, 1);
}
END_TEST

START_TEST(escapes_empty_password_and_later_values_win)
{
	const char *p = acq_opt_write("[client-server]\nuser=a\n[client]\nuser=b\npassword=\npassword=p\\\\q\\sr\n"
		"ssl-verify-server-cert=off\n", 0640);

	ck_assert_msg(acq_opt_read(p) == ACQ_DB_OK, "%s", acq_opt_err);
	ck_assert_str_eq(acq_opt_cred.user, "b");
	ck_assert_str_eq(acq_opt_cred.password, "p\\q r");
	ck_assert_int_eq(acq_opt_cred.ssl_verify_server_cert, 0);
	p = acq_opt_write("[client]\nuser=b\npassword=\n", 0400);
	ck_assert_msg(acq_opt_read(p) == ACQ_DB_OK, "%s", acq_opt_err);
	ck_assert_str_eq(acq_opt_cred.password, "");
}
END_TEST

START_TEST(missing_file)
{
	char path[4300];

	snprintf(path, sizeof(path), "%s/nope.cnf", acq_fx_dir);
	acq_opt_assert_refused(acq_opt_read(path), ACQ_DB_E_MISSING, "nope.cnf: No such file");
}
END_TEST

START_TEST(relative_path_and_directory)
{
	acq_opt_assert_refused(acq_opt_read("admin.cnf"), ACQ_DB_E_INVALID, "absolute path");
	acq_opt_assert_refused(acq_opt_read(acq_fx_dir), ACQ_DB_E_INVALID, "not a regular file");
}
END_TEST

START_TEST(unreadable_file)
{
	const char *p = acq_opt_write("[client]\nuser=u\npassword=" ACQ_SECRET "\n", 0600);

	acq_fx_make_unreadable(p);
	acq_opt_assert_refused(acq_opt_read(p), ACQ_DB_E_PERM, "Permission denied");
	ck_assert_ptr_nonnull(strstr(acq_opt_err, "read once at startup"));
}
END_TEST

START_TEST(readable_by_others_is_refused)
{
	const char *p = acq_opt_write("[client]\nuser=u\npassword=" ACQ_SECRET "\n", 0644);

	acq_opt_assert_refused(acq_opt_read(p), ACQ_DB_E_PERM, "mode 0644");
	ck_assert_ptr_nonnull(strstr(acq_opt_err, "chmod 0600"));
	p = acq_opt_write("[client]\nuser=u\npassword=" ACQ_SECRET "\n", 0620);
	acq_opt_assert_refused(acq_opt_read(p), ACQ_DB_E_PERM, "change it");
	p = acq_opt_write("[client]\nuser=u\npassword=" ACQ_SECRET "\n", 0601);
	acq_opt_assert_refused(acq_opt_read(p), ACQ_DB_E_PERM, "mode 0601");
}
END_TEST

START_TEST(bad_content_names_the_line_never_the_value)
{
	static const struct { const char *text; const char *words; } cases[] = {
		{ "user=u\npassword=" ACQ_SECRET "\n", "no [client] section" },
		{ "[client]\npassword=" ACQ_SECRET "\n", "[client] has no user=" },
		{ "[client]\nuser=u\n" ACQ_SECRET "\n", "line 3: not an option" },
		{ "[client]\nuser=u\nhost=db1\npassword=" ACQ_SECRET "\n", "line 3: unknown option 'host'" },
		{ "[client]\nuser=u\npasword=" ACQ_SECRET "\n", "line 3: unknown option in [client]" },
		{ "[client]\nuser=u\nS3cret=" ACQ_SECRET "\n", "line 3: unknown option in [client]" },
		{ "[client]\nuser=u\npassword='" ACQ_SECRET "\n", "line 3: a quote is not closed" },
		{ "[client]\nuser=u\npassword='" ACQ_SECRET "' tail\n", "line 3: a quote is not closed" },
		{ "!include /etc/other.cnf\n[client]\nuser=u\n", "line 1: !include" },
		{ "[client\nuser=u\n", "line 1: a section header" },
		{ "[client]\nuser=u\nssl-cert=/c.pem\n", "ssl-cert and ssl-key go together" },
		{ "[client]\nuser=u\nssl-verify-server-cert=maybe\n", "line 3: ssl-verify-server-cert takes" },
		{ "[client]\nuser=\npassword=" ACQ_SECRET "\n", "line 2: user is empty" },
		{ "[client]\nuser\n", "line 2: user needs a value" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *p = acq_opt_write(cases[i].text, 0600);
		acq_opt_assert_refused(acq_opt_read(p), ACQ_DB_E_INVALID, cases[i].words);
		ck_assert_ptr_nonnull(strstr(acq_opt_err, "admin.cnf"));
	}
}
END_TEST

START_TEST(too_long_and_nul_bytes)
{
	char big[ACQ_DB_OPTFILE_SIZE_MAX + 64];
	char longpw[400];
	const char *p;

	memset(big, '#', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	p = acq_opt_write(big, 0600);
	acq_opt_assert_refused(acq_opt_read(p), ACQ_DB_E_INVALID, "larger than");
	memset(longpw, 'S', sizeof(longpw));
	memcpy(longpw, "[client]\nuser=u\npassword=", 25);
	longpw[sizeof(longpw) - 2] = '\n';
	longpw[sizeof(longpw) - 1] = '\0';
	p = acq_opt_write(longpw, 0600);
	acq_opt_assert_refused(acq_opt_read(p), ACQ_DB_E_INVALID, "password is longer than 255 bytes");
	acq_fx_write_raw(acq_opt_path, "[client]\nuser=u\0x\n", 18);
	acq_opt_assert_refused(acq_opt_read(p), ACQ_DB_E_INVALID, "NUL byte");
}
END_TEST

/* Issue 18 §4: the mode alone let a file owned by another user (who can
 * chmod it back and forth, or swap it) through. Root's or the reader's own. */
START_TEST(owned_by_another_user_is_refused)
{
	const char *p = acq_opt_write("[client]\nuser=u\npassword=" ACQ_SECRET "\n", 0600);

	if (geteuid() != 0) {
		return; /* a file of another owner cannot be made without root */
	}
	ck_assert_int_eq(chown(p, 65534, 65534), 0);
	acq_opt_assert_refused(acq_opt_read(p), ACQ_DB_E_PERM, "owned by uid 65534");
	ck_assert_ptr_nonnull(strstr(acq_opt_err, "chown root"));
	ck_assert_int_eq(chown(p, 0, 0), 0);
	ck_assert_msg(acq_opt_read(p) == ACQ_DB_OK, "%s", acq_opt_err);
}
END_TEST

/* A member as the executors see it. */
static acq_db_server acq_opt_member(const char *host, const char *socket)
{
	acq_db_server s;

	memset(&s, 0, sizeof(s));
	snprintf(s.name, sizeof(s.name), "db2");
	snprintf(s.host, sizeof(s.host), "%s", host);
	snprintf(s.socket, sizeof(s.socket), "%s", socket ? socket : "");
	s.port = 3306;
	return s;
}

static acq_db_rc acq_opt_session(const char *host, const char *socket)
{
	acq_db_server s = acq_opt_member(host, socket);

	acq_opt_err[0] = '\0';
	return acq_db_credentials_check_session(&acq_opt_cred, &s, acq_opt_err, sizeof(acq_opt_err));
}

/* Issue 18 §4: an admin session to a member across the network needs TLS
 * with a verified server certificate (mysqlnd would otherwise send the
 * password in cleartext to whoever asks for mysql_clear_password), unless
 * the option file says otherwise explicitly. */
START_TEST(admin_sessions_need_verified_tls_off_the_host)
{
	const char *p = acq_opt_write("[client]\nuser=u\npassword=" ACQ_SECRET "\n", 0600);

	ck_assert_int_eq(acq_opt_read(p), ACQ_DB_OK);
	ck_assert_int_eq(acq_opt_session("10.0.0.12", NULL), ACQ_DB_E_PERM);
	ck_assert_ptr_nonnull(strstr(acq_opt_err, "db2 (10.0.0.12:3306)"));
	ck_assert_ptr_nonnull(strstr(acq_opt_err, "ssl-verify-server-cert"));
	ck_assert_ptr_nonnull(strstr(acq_opt_err, "ssl-mode=DISABLED"));
	ck_assert_ptr_null(strstr(acq_opt_err, "S3cret"));
	ck_assert_int_eq(acq_opt_session("db2.example.com", NULL), ACQ_DB_E_PERM);
	ck_assert_int_eq(acq_opt_session("::ffff:10.0.0.12", NULL), ACQ_DB_E_PERM);
	ck_assert_int_eq(acq_opt_session("128.0.0.1", NULL), ACQ_DB_E_PERM);
	/* the host itself: a Unix socket, loopback addresses */
	ck_assert_int_eq(acq_opt_session("localhost", "/run/mysqld/mysqld.sock"), ACQ_DB_OK);
	ck_assert_int_eq(acq_opt_session("127.0.0.1", NULL), ACQ_DB_OK);
	ck_assert_int_eq(acq_opt_session("127.0.0.2", NULL), ACQ_DB_OK);
	ck_assert_int_eq(acq_opt_session("::1", NULL), ACQ_DB_OK);
	ck_assert_int_eq(acq_opt_session("::ffff:127.0.0.1", NULL), ACQ_DB_OK);
	ck_assert_int_eq(acq_opt_session("localhost", NULL), ACQ_DB_OK);
	/* TLS without verification is not enough */
	p = acq_opt_write("[client]\nuser=u\npassword=" ACQ_SECRET "\nssl-ca=/ca.pem\n", 0600);
	ck_assert_int_eq(acq_opt_read(p), ACQ_DB_OK);
	ck_assert_int_eq(acq_opt_session("10.0.0.12", NULL), ACQ_DB_E_PERM);
	/* verified TLS, by either spelling */
	p = acq_opt_write("[client]\nuser=u\npassword=" ACQ_SECRET "\nssl-ca=/ca.pem\nssl-verify-server-cert\n", 0600);
	ck_assert_int_eq(acq_opt_read(p), ACQ_DB_OK);
	ck_assert_int_eq(acq_opt_session("10.0.0.12", NULL), ACQ_DB_OK);
	p = acq_opt_write("[client]\nuser=u\npassword=" ACQ_SECRET "\nssl-ca=/ca.pem\nssl-mode=VERIFY_IDENTITY\n", 0600);
	ck_assert_int_eq(acq_opt_read(p), ACQ_DB_OK);
	ck_assert_int_eq(acq_opt_cred.ssl_verify_server_cert, 1);
	ck_assert_int_eq(acq_opt_session("10.0.0.12", NULL), ACQ_DB_OK);
	/* the operator's explicit choice */
	p = acq_opt_write("[client]\nuser=u\npassword=" ACQ_SECRET "\nssl-mode=disabled\n", 0600);
	ck_assert_int_eq(acq_opt_read(p), ACQ_DB_OK);
	ck_assert_int_eq(acq_opt_session("10.0.0.12", NULL), ACQ_DB_OK);
}
END_TEST

START_TEST(ssl_mode_values_and_contradictions_are_refused)
{
	static const struct { const char *text; const char *words; } cases[] = {
		{ "[client]\nuser=u\nssl-mode=REQUIRED\n", "line 3: ssl-mode takes VERIFY_IDENTITY or DISABLED" },
		{ "[client]\nuser=u\nssl-mode=VERIFY_CA\n", "line 3: ssl-mode takes VERIFY_IDENTITY or DISABLED" },
		{ "[client]\nuser=u\nssl-mode\n", "line 3: ssl-mode needs a value" },
		{ "[client]\nuser=u\nssl-mode=DISABLED\nssl-ca=/ca.pem\n", "ssl-mode=DISABLED contradicts ssl-ca" },
		{ "[client]\nuser=u\nssl-mode=DISABLED\nssl-verify-server-cert\n", "ssl-mode=DISABLED contradicts" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *p = acq_opt_write(cases[i].text, 0600);
		acq_opt_assert_refused(acq_opt_read(p), ACQ_DB_E_INVALID, cases[i].words);
	}
}
END_TEST

/* rejoin --as-replica's replication account: the [replication] section of
 * the same file, read alone; absent is ACQ_DB_E_MISSING, not an error. */
START_TEST(replication_section_is_read_apart)
{
	const char *p = acq_opt_write("[client]\nuser=acq_admin\npassword=" ACQ_SECRET "\n"
		"[replication]\nuser=acq_repl\npassword=repl-pw\n", 0600);
	acq_db_credentials repl;

	ck_assert_int_eq(acq_opt_read(p), ACQ_DB_OK);
	ck_assert_str_eq(acq_opt_cred.user, "acq_admin");
	ck_assert_int_eq(acq_db_optfile_read_group(p, "replication", &repl, acq_opt_err, sizeof(acq_opt_err)), ACQ_DB_OK);
	ck_assert_str_eq(repl.user, "acq_repl");
	ck_assert_str_eq(repl.password, "repl-pw");
	p = acq_opt_write("[client]\nuser=acq_admin\npassword=" ACQ_SECRET "\n", 0600);
	ck_assert_int_eq(acq_db_optfile_read_group(p, "replication", &repl, acq_opt_err, sizeof(acq_opt_err)),
		ACQ_DB_E_MISSING);
	ck_assert_ptr_nonnull(strstr(acq_opt_err, "no [replication] section"));
	p = acq_opt_write("[replication]\nuser=acq_repl\nhost=x\n", 0600);
	ck_assert_int_eq(acq_db_optfile_read_group(p, "replication", &repl, acq_opt_err, sizeof(acq_opt_err)),
		ACQ_DB_E_INVALID);
	ck_assert_ptr_nonnull(strstr(acq_opt_err, "line 3: unknown option 'host' in [replication]"));
}
END_TEST

Suite *acq_check_optfile_suite(void)
{
	Suite *s = suite_create("optfile");
	TCase *tc = tcase_create("read");

	tcase_add_checked_fixture(tc, acq_fx_setup, acq_fx_teardown);
	tcase_add_test(tc, reads_user_password_and_tls);
	tcase_add_test(tc, escapes_empty_password_and_later_values_win);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, relative_path_and_directory);
	tcase_add_test(tc, unreadable_file);
	tcase_add_test(tc, readable_by_others_is_refused);
	tcase_add_test(tc, bad_content_names_the_line_never_the_value);
	tcase_add_test(tc, too_long_and_nul_bytes);
	tcase_add_test(tc, owned_by_another_user_is_refused);
	tcase_add_test(tc, admin_sessions_need_verified_tls_off_the_host);
	tcase_add_test(tc, ssl_mode_values_and_contradictions_are_refused);
	tcase_add_test(tc, replication_section_is_read_apart);
	suite_add_tcase(s, tc);
	return s;
}
