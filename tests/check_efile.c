/*
 * The election file format: round trip, and every way a file can be broken
 * (empty, truncated anywhere, a flipped byte anywhere, oversized, NUL bytes,
 * another version, reordered keys) is refused, never half-trusted.
 */
#include "fixtures.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char err[ACQ_DB_ERR_MAX];

static size_t format(const acq_db_state *st, char *buf, size_t len)
{
	size_t n = acq_db_efile_format(st, buf, len);

	ck_assert_uint_gt(n, 0);
	return n;
}

START_TEST(round_trip_keeps_every_field)
{
	acq_db_state st = acq_fx_state(42, "db2", "db1 db3");
	acq_db_state back;
	char buf[ACQ_DB_FILE_MAX];
	size_t n;

	acq_db_state_set_reason(&st, "election: db1 failed:\n[2002]\tConnection refused");
	n = format(&st, buf, sizeof(buf));
	ck_assert_int_eq(acq_db_efile_parse(buf, n, &back, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_eq(back.epoch, 42);
	ck_assert_str_eq(back.active, "db2");
	ck_assert_int_eq(back.changed_at_ms, st.changed_at_ms);
	ck_assert_str_eq(back.changed_by_host, st.changed_by_host);
	ck_assert_int_eq(back.changed_by_pid, getpid());
	ck_assert_str_eq(back.reason, "election: db1 failed: [2002] Connection refused");
	ck_assert_int_eq(back.demoted_count, 2);
	ck_assert_str_eq(back.demoted[0], "db1");
	ck_assert_str_eq(back.demoted[1], "db3");
	ck_assert_ptr_nonnull(strstr(buf, "active: db2\n"));
}
END_TEST

START_TEST(every_truncation_is_refused)
{
	acq_db_state st = acq_fx_state(7, "db1", "db2");
	acq_db_state back;
	char buf[ACQ_DB_FILE_MAX];
	size_t n = format(&st, buf, sizeof(buf));
	size_t cut;

	for (cut = 0; cut < n; cut++) {
		ck_assert_msg(acq_db_efile_parse(buf, cut, &back, err, sizeof(err)) == ACQ_DB_E_CORRUPT,
			"a file cut at %zu of %zu bytes was accepted", cut, n);
	}
}
END_TEST

START_TEST(every_flipped_byte_is_refused)
{
	acq_db_state st = acq_fx_state(7, "db1", NULL);
	acq_db_state back;
	char buf[ACQ_DB_FILE_MAX];
	size_t n = format(&st, buf, sizeof(buf));
	size_t i;

	for (i = 0; i < n; i++) {
		char saved = buf[i];
		acq_db_rc rc;
		buf[i] = (char) (saved ^ 0x01);
		rc = acq_db_efile_parse(buf, n, &back, err, sizeof(err));
		ck_assert_msg(rc != ACQ_DB_OK, "a flipped byte at %zu was accepted", i);
		buf[i] = saved;
	}
	ck_assert_int_eq(acq_db_efile_parse(buf, n, &back, err, sizeof(err)), ACQ_DB_OK);
}
END_TEST

START_TEST(empty_oversized_and_nul_are_refused)
{
	static char big[ACQ_DB_FILE_MAX + 10];
	acq_db_state back;

	ck_assert_int_eq(acq_db_efile_parse("", 0, &back, err, sizeof(err)), ACQ_DB_E_CORRUPT);
	ck_assert_ptr_nonnull(strstr(err, "empty"));
	memset(big, '#', sizeof(big));
	ck_assert_int_eq(acq_db_efile_parse(big, sizeof(big), &back, err, sizeof(err)), ACQ_DB_E_CORRUPT);
	ck_assert_ptr_nonnull(strstr(err, "larger than"));
	ck_assert_int_eq(acq_db_efile_parse("acq\0db\n", 7, &back, err, sizeof(err)), ACQ_DB_E_CORRUPT);
	ck_assert_ptr_nonnull(strstr(err, "NUL"));
}
END_TEST

/* a text with a correct checksum appended */
static size_t with_checksum(char *buf, size_t len, const char *body)
{
	int n = snprintf(buf, len, "%s", body);

	n += snprintf(buf + n, len - (size_t) n, "checksum: %08" PRIx32 "\n", acq_db_crc32(buf, (size_t) n));
	return (size_t) n;
}

START_TEST(other_version_is_refused_as_such)
{
	char buf[1024];
	acq_db_state back;
	size_t n = with_checksum(buf, sizeof(buf),
		"acq_db_election: 2\nepoch: 3\nactive: db1\nchanged_at: 1 x\nchanged_by: h 1\nreason: r\ndemoted:\n");

	ck_assert_int_eq(acq_db_efile_parse(buf, n, &back, err, sizeof(err)), ACQ_DB_E_VERSION);
	ck_assert_ptr_nonnull(strstr(err, "upgrade acq_db"));
}
END_TEST

START_TEST(syntax_errors_with_valid_checksums_are_refused)
{
	const char *bodies[] = {
		/* reordered keys */
		"acq_db_election: 1\nactive: db1\nepoch: 3\nchanged_at: 1 x\nchanged_by: h 1\nreason: r\ndemoted:\n",
		/* unknown key */
		"acq_db_election: 1\nepoch: 3\nactive: db1\ncolour: blue\nchanged_at: 1 x\nchanged_by: h 1\nreason: r\ndemoted:\n",
		/* epoch 0 */
		"acq_db_election: 1\nepoch: 0\nactive: db1\nchanged_at: 1 x\nchanged_by: h 1\nreason: r\ndemoted:\n",
		/* bad active name */
		"acq_db_election: 1\nepoch: 3\nactive: d b\nchanged_at: 1 x\nchanged_by: h 1\nreason: r\ndemoted:\n",
		/* not a number */
		"acq_db_election: 1\nepoch: 3x\nactive: db1\nchanged_at: 1 x\nchanged_by: h 1\nreason: r\ndemoted:\n",
		/* changed_by without pid */
		"acq_db_election: 1\nepoch: 3\nactive: db1\nchanged_at: 1 x\nchanged_by: h\nreason: r\ndemoted:\n",
	};
	size_t i;

	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		char buf[1024];
		acq_db_state back;
		size_t n = with_checksum(buf, sizeof(buf), bodies[i]);
		ck_assert_msg(acq_db_efile_parse(buf, n, &back, err, sizeof(err)) == ACQ_DB_E_CORRUPT, "body %zu accepted", i);
	}
}
END_TEST

START_TEST(trailing_data_is_refused)
{
	acq_db_state st = acq_fx_state(7, "db1", NULL);
	acq_db_state back;
	char buf[ACQ_DB_FILE_MAX];
	size_t n = format(&st, buf, sizeof(buf) - 10);

	memcpy(buf + n, "extra\n", 6);
	ck_assert_int_eq(acq_db_efile_parse(buf, n + 6, &back, err, sizeof(err)), ACQ_DB_E_CORRUPT);
	ck_assert_ptr_nonnull(strstr(err, "after the checksum"));
}
END_TEST

START_TEST(read_missing_file_says_how_to_fix)
{
	acq_db_state back;

	ck_assert_int_eq(acq_db_efile_read(acq_fx_file, &back, err, sizeof(err)), ACQ_DB_E_MISSING);
	ck_assert_ptr_nonnull(strstr(err, "mounted"));
	ck_assert_ptr_nonnull(strstr(err, "acq_db_init()"));
}
END_TEST

START_TEST(read_directory_is_an_error)
{
	acq_db_state back;

	ck_assert_int_eq(mkdir(acq_fx_file, 0755), 0);
	ck_assert_int_eq(acq_db_efile_read(acq_fx_file, &back, err, sizeof(err)), ACQ_DB_E_IO);
	ck_assert_ptr_nonnull(strstr(err, "Is a directory"));
}
END_TEST

START_TEST(unreadable_file_and_unwritable_directory_are_named)
{
	acq_db_state st = acq_fx_state(1, "db1", NULL);
	acq_db_state back;

	acq_fx_write_state(&st);
	ck_assert_int_eq(chmod(acq_fx_file, 0600), 0);
	ck_assert_int_eq(chmod(acq_fx_dir, 0755), 0);
	acq_fx_drop_privileges(); /* root reads anything: be nobody (Check runs each test in its own process) */
	ck_assert_int_eq(acq_db_efile_read(acq_fx_file, &back, err, sizeof(err)), ACQ_DB_E_PERM);
	ck_assert_ptr_nonnull(strstr(err, "Permission denied"));
	st.epoch = 2;
	ck_assert_int_eq(acq_db_efile_write(acq_fx_file, &st, err, sizeof(err)), ACQ_DB_E_PERM);
	ck_assert_ptr_nonnull(strstr(err, "needs write access to the election file's directory"));
}
END_TEST

START_TEST(write_is_atomic_and_keeps_the_mode)
{
	acq_db_state st = acq_fx_state(1, "db1", NULL);
	acq_db_state back;
	struct stat sb;
	char tmp[4300];

	acq_fx_write_state(&st);
	ck_assert_int_eq(acq_db_efile_read(acq_fx_file, &back, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_eq(back.epoch, 1);
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", acq_fx_file, (long) getpid());
	ck_assert_int_ne(access(tmp, F_OK), 0);
	ck_assert_int_eq(chmod(acq_fx_file, 0640), 0);
	st.epoch = 2;
	ck_assert_int_eq(acq_db_efile_write(acq_fx_file, &st, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(stat(acq_fx_file, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 07777, 0640);
	ck_assert_int_eq(acq_db_efile_read(acq_fx_file, &back, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_eq(back.epoch, 2);
	ck_assert_uint_eq(back.checksum, st.checksum); /* the writer knows what it wrote */
}
END_TEST

START_TEST(write_into_missing_directory_fails_cleanly)
{
	acq_db_state st = acq_fx_state(1, "db1", NULL);
	char path[4300];

	snprintf(path, sizeof(path), "%s/nope/election", acq_fx_dir);
	ck_assert_int_eq(acq_db_efile_write(path, &st, err, sizeof(err)), ACQ_DB_E_IO);
	ck_assert_ptr_nonnull(strstr(err, "cannot create"));
	ck_assert_int_ne(access(path, F_OK), 0);
}
END_TEST

START_TEST(unknown_active_server_is_named)
{
	acq_db_config cfg;
	acq_db_state st = acq_fx_state(3, "db9", NULL);

	acq_fx_config(&cfg, "db1=h1,db2=h2");
	ck_assert_int_eq(acq_db_efile_check_servers(&st, &cfg.servers, err, sizeof(err)), ACQ_DB_E_UNKNOWN_SERVER);
	ck_assert_ptr_nonnull(strstr(err, "'db9'"));
	ck_assert_ptr_nonnull(strstr(err, "acq_db.servers"));
	st = acq_fx_state(3, "db2", "db7");
	ck_assert_int_eq(acq_db_efile_check_servers(&st, &cfg.servers, err, sizeof(err)), ACQ_DB_OK);
}
END_TEST

Suite *acq_check_efile_suite(void)
{
	Suite *s = suite_create("efile");
	TCase *fmt = tcase_create("format");
	TCase *io = tcase_create("io");

	tcase_add_test(fmt, round_trip_keeps_every_field);
	tcase_add_test(fmt, every_truncation_is_refused);
	tcase_add_test(fmt, every_flipped_byte_is_refused);
	tcase_add_test(fmt, empty_oversized_and_nul_are_refused);
	tcase_add_test(fmt, other_version_is_refused_as_such);
	tcase_add_test(fmt, syntax_errors_with_valid_checksums_are_refused);
	tcase_add_test(fmt, trailing_data_is_refused);
	tcase_add_test(fmt, unknown_active_server_is_named);
	suite_add_tcase(s, fmt);
	tcase_add_checked_fixture(io, acq_fx_setup, acq_fx_teardown);
	tcase_add_test(io, read_missing_file_says_how_to_fix);
	tcase_add_test(io, read_directory_is_an_error);
	tcase_add_test(io, unreadable_file_and_unwritable_directory_are_named);
	tcase_add_test(io, write_is_atomic_and_keeps_the_mode);
	tcase_add_test(io, write_into_missing_directory_fails_cleanly);
	suite_add_tcase(s, io);
	return s;
}
