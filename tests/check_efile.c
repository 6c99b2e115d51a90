/*
 * The election file format: round trip, and every way a file can be broken
 * (empty, truncated anywhere, a flipped byte anywhere, oversized, NUL bytes,
 * another version, reordered keys) is refused, never half-trusted.
 */
#include "fixtures.h"
#include "acq_db_copy.h"

#include <dirent.h>
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

/* Offset of the version number in a formatted file. */
static size_t version_offset(const char *buf)
{
	const char *v = strstr(buf, "acq_db_election: ");

	ck_assert_ptr_nonnull(v);
	return (size_t) (v - buf) + strlen("acq_db_election: ");
}

START_TEST(every_flipped_byte_is_refused)
{
	static const unsigned char masks[] = { 0x01, 0x80 };
	acq_db_state st = acq_fx_state(7, "db1", "db3");
	acq_db_state back;
	char buf[ACQ_DB_FILE_MAX];
	size_t n = format(&st, buf, sizeof(buf));
	size_t version_at = version_offset(buf);
	size_t i;
	size_t m;

	for (i = 0; i < n; i++) {
		for (m = 0; m < sizeof(masks); m++) {
			char saved = buf[i];
			acq_db_rc rc;
			buf[i] = (char) (saved ^ masks[m]);
			rc = acq_db_efile_parse(buf, n, &back, err, sizeof(err));
			buf[i] = saved;
			/* the version digit is checked before the checksum: see
			 * version_digit_damage_is_corruption (regression) */
			if (i == version_at) {
				ck_assert_msg(rc != ACQ_DB_OK, "a flipped version digit was accepted");
				continue;
			}
			ck_assert_msg(rc == ACQ_DB_E_CORRUPT, "byte %zu (0x%02x) ^ 0x%02x gave %s, not corrupt: %s",
				i, (unsigned char) saved, masks[m], acq_db_rc_name(rc), err);
		}
	}
	ck_assert_int_eq(acq_db_efile_parse(buf, n, &back, err, sizeof(err)), ACQ_DB_OK);
}
END_TEST

/* Regression (was a bug, fixed): a damaged version digit ("1" -> "0") is reported as a format
 * version this acq_db does not know ("upgrade acq_db on this node"), because
 * the version is checked before the checksum. Version 0 was never written by
 * anyone; the checksum proves the file damaged. */
START_TEST(version_digit_damage_is_corruption)
{
	acq_db_state st = acq_fx_state(7, "db1", NULL);
	acq_db_state back;
	char buf[ACQ_DB_FILE_MAX];
	size_t n = format(&st, buf, sizeof(buf));
	size_t at = version_offset(buf);
	acq_db_rc rc;

	ck_assert_int_eq(buf[at], '1');
	buf[at] = '0';
	rc = acq_db_efile_parse(buf, n, &back, err, sizeof(err));
	ck_assert_msg(rc == ACQ_DB_E_CORRUPT, "version 0 with a wrong checksum gave %s: %s", acq_db_rc_name(rc), err);
	ck_assert_msg(strstr(err, "upgrade") == NULL, "a damaged file must not ask for an upgrade: %s", err);
}
END_TEST

/* Regression (was a bug, fixed): acq_db_parse_version passes its error buffer both as the
 * destination and as the %s argument of acq_db_fail (overlapping
 * vsnprintf, undefined behaviour); with glibc the message comes out as
 * "not an acq_db election file (not an acq_db election file (tion:', ...". */
START_TEST(not_an_election_file_message_is_intact)
{
	acq_db_state back;

	ck_assert_int_eq(acq_db_efile_parse("garbage\n", 8, &back, err, sizeof(err)), ACQ_DB_E_CORRUPT);
	ck_assert_msg(strstr(err, "expected 'acq_db_election:', found 'garbage'") != NULL, "message: %s", err);
	ck_assert_msg(strstr(err, "file (not an") == NULL, "message repeats itself: %s", err);
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
		/* epoch beyond int64 (PHP shows epochs as int) */
		"acq_db_election: 1\nepoch: 9223372036854775808\nactive: db1\nchanged_at: 1 x\nchanged_by: h 1\nreason: r\ndemoted:\n",
		/* empty active name */
		"acq_db_election: 1\nepoch: 3\nactive: \nchanged_at: 1 x\nchanged_by: h 1\nreason: r\ndemoted:\n",
		/* no space after the colon */
		"acq_db_election: 1\nepoch: 3\nactive:db1\nchanged_at: 1 x\nchanged_by: h 1\nreason: r\ndemoted:\n",
		/* a bad demoted name */
		"acq_db_election: 1\nepoch: 3\nactive: db1\nchanged_at: 1 x\nchanged_by: h 1\nreason: r\ndemoted: db2 d/b\n",
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

START_TEST(round_trip_at_the_limits)
{
	acq_db_state st = acq_fx_state((uint64_t) INT64_MAX, "abcdefghijabcdefghijabcdefghija", NULL);
	acq_db_state back;
	char buf[ACQ_DB_FILE_MAX];
	char reason[400];
	size_t n;
	int i;

	for (i = 0; i < ACQ_DB_MAX_SERVERS; i++) {
		char name[ACQ_DB_NAME_MAX];
		snprintf(name, sizeof(name), "server-%02d.with_a_long.name", i);
		acq_db_state_demote(&st, name);
	}
	ck_assert_int_eq(st.demoted_count, ACQ_DB_MAX_SERVERS);
	/* longer than the field, with UTF-8 (kept) and DEL (replaced) */
	memset(reason, 'x', sizeof(reason));
	memcpy(reason, "caf\xc3\xa9 \x7f", 7);
	reason[sizeof(reason) - 1] = '\0';
	acq_db_state_set_reason(&st, reason);
	ck_assert_uint_eq(strlen(st.reason), ACQ_DB_REASON_MAX - 1);
	n = format(&st, buf, sizeof(buf));
	ck_assert_int_eq(acq_db_efile_parse(buf, n, &back, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_eq(back.epoch, st.epoch);
	ck_assert_str_eq(back.active, st.active);
	ck_assert_int_eq(back.demoted_count, ACQ_DB_MAX_SERVERS);
	ck_assert_str_eq(back.demoted[15], "server-15.with_a_long.name");
	ck_assert_str_eq(back.reason, st.reason);
	ck_assert_int_eq(memcmp(back.reason, "caf\xc3\xa9  x", 8), 0);
	/* a buffer one byte short is refused, not overrun */
	ck_assert_uint_eq(acq_db_efile_format(&st, buf, n), 0);
}
END_TEST

START_TEST(demoted_set_helpers)
{
	acq_db_state st = acq_fx_state(1, "db1", "db2 db3 db4 db5");

	acq_db_state_demote(&st, "db3"); /* already there: no duplicate */
	ck_assert_int_eq(st.demoted_count, 4);
	ck_assert(acq_db_state_is_demoted(&st, "db3"));
	ck_assert(!acq_db_state_is_demoted(&st, "db1"));
	ck_assert(!acq_db_state_is_demoted(&st, "db"));
	acq_db_state_undemote(&st, "db3"); /* from the middle: order of the rest kept */
	ck_assert_int_eq(st.demoted_count, 3);
	ck_assert_str_eq(st.demoted[0], "db2");
	ck_assert_str_eq(st.demoted[1], "db4");
	ck_assert_str_eq(st.demoted[2], "db5");
	acq_db_state_undemote(&st, "db9");
	ck_assert_int_eq(st.demoted_count, 3);
	acq_db_state_undemote(&st, "db5");
	acq_db_state_undemote(&st, "db2");
	ck_assert_int_eq(st.demoted_count, 1);
	ck_assert_str_eq(st.demoted[0], "db4");
}
END_TEST

START_TEST(oversized_file_on_disk_is_refused)
{
	static char big[ACQ_DB_FILE_MAX + 1];
	acq_db_state st = acq_fx_state(1, "db1", NULL);
	acq_db_state back;
	size_t n = format(&st, big, sizeof(big));

	/* a valid file padded to one byte over the limit: only the size can refuse it */
	memset(big + n, '#', sizeof(big) - n);
	acq_fx_write_raw(acq_fx_file, big, sizeof(big));
	ck_assert_int_eq(acq_db_efile_read(acq_fx_file, &back, err, sizeof(err)), ACQ_DB_E_CORRUPT);
	ck_assert_ptr_nonnull(strstr(err, "larger than 4096 bytes"));
	ck_assert_ptr_nonnull(strstr(err, acq_fx_file));
}
END_TEST

START_TEST(read_fresh_prefers_a_newer_lock_file_copy)
{
	acq_db_state file = acq_fx_state(4, "db1", NULL);
	acq_db_state mirror = acq_fx_state(5, "db2", "db1");
	acq_db_state back;
	acq_db_lock lk;

	acq_fx_write_state(&file);
	/* no lock file yet: the file decides */
	ck_assert_int_eq(acq_db_read_freshest(acq_fx_file, -1, &back, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_eq(back.epoch, 4);
	ck_assert_int_eq(acq_db_lock_acquire(acq_fx_file, 1000, &lk, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(acq_db_copy_write(lk.fd, &mirror, err, sizeof(err)), ACQ_DB_OK);
	acq_db_lock_release(&lk);
	/* the path serves epoch 4 (think: a stale FUSE entry), the copy says 5 */
	ck_assert_int_eq(acq_db_read_freshest(acq_fx_file, -1, &back, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_eq(back.epoch, 5);
	ck_assert_str_eq(back.active, "db2");
	/* a newer file wins over an older copy */
	file.epoch = 6;
	acq_fx_write_state(&file);
	ck_assert_int_eq(acq_db_read_freshest(acq_fx_file, -1, &back, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_eq(back.epoch, 6);
	/* a missing file stays missing, whatever the copy says */
	ck_assert_int_eq(unlink(acq_fx_file), 0);
	ck_assert_int_eq(acq_db_read_freshest(acq_fx_file, -1, &back, err, sizeof(err)), ACQ_DB_E_MISSING);
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

START_TEST(unreadable_file_is_a_permission_error)
{
	acq_db_state st = acq_fx_state(1, "db1", NULL);
	acq_db_state back;

	acq_fx_write_state(&st);
	acq_fx_make_unreadable(acq_fx_file); /* chmod 000, and not root (root reads anything) */
	ck_assert_int_eq(acq_db_efile_read(acq_fx_file, &back, err, sizeof(err)), ACQ_DB_E_PERM);
	ck_assert_ptr_nonnull(strstr(err, "Permission denied"));
	ck_assert_ptr_nonnull(strstr(err, acq_fx_file));
}
END_TEST

START_TEST(unwritable_directory_is_a_permission_error)
{
	acq_db_state st = acq_fx_state(1, "db1", NULL);
	char before[ACQ_DB_FILE_MAX];
	char after[ACQ_DB_FILE_MAX];

	acq_fx_write_state(&st);
	acq_fx_read_raw(acq_fx_file, before, sizeof(before));
	acq_fx_make_dir_readonly(); /* 0555, and not root */
	st.epoch = 2;
	ck_assert_int_eq(acq_db_efile_write(acq_fx_file, &st, err, sizeof(err)), ACQ_DB_E_PERM);
	ck_assert_ptr_nonnull(strstr(err, "needs write access to the election file's directory"));
	acq_fx_read_raw(acq_fx_file, after, sizeof(after));
	ck_assert_str_eq(before, after);
}
END_TEST

/* Entries in this test's temp dir. */
static int count_entries(void)
{
	DIR *d = opendir(acq_fx_dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	}
	closedir(d);
	return n;
}

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
	ck_assert_int_eq(count_entries(), 1); /* nothing but the file itself */
	ck_assert_int_eq(chmod(acq_fx_file, 0640), 0);
	st.epoch = 2;
	ck_assert_int_eq(acq_db_efile_write(acq_fx_file, &st, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(stat(acq_fx_file, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 07777, 0640);
	ck_assert_int_eq(acq_db_efile_read(acq_fx_file, &back, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_eq(back.epoch, 2);
	ck_assert_uint_eq(back.checksum, st.checksum); /* the writer knows what it wrote */
	ck_assert_int_eq(count_entries(), 1);
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
	ck_assert_int_eq(count_entries(), 0); /* not the directory either */
}
END_TEST

START_TEST(failed_rename_leaves_no_temp_file)
{
	acq_db_state st = acq_fx_state(1, "db1", NULL);
	char inside[4300];

	/* the name is taken by a non-empty directory: rename() must fail */
	ck_assert_int_eq(mkdir(acq_fx_file, 0755), 0);
	snprintf(inside, sizeof(inside), "%s/x", acq_fx_file);
	acq_fx_write_raw(inside, "x", 1);
	ck_assert_int_eq(acq_db_efile_write(acq_fx_file, &st, err, sizeof(err)), ACQ_DB_E_IO);
	ck_assert_ptr_nonnull(strstr(err, "cannot rename"));
	ck_assert_int_eq(count_entries(), 1); /* the directory only, no temp file */
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
	TCase *bug = tcase_create("format_regressions");

	tcase_add_test(fmt, round_trip_keeps_every_field);
	tcase_add_test(fmt, every_truncation_is_refused);
	tcase_add_test(fmt, every_flipped_byte_is_refused);
	tcase_add_test(fmt, empty_oversized_and_nul_are_refused);
	tcase_add_test(fmt, other_version_is_refused_as_such);
	tcase_add_test(fmt, syntax_errors_with_valid_checksums_are_refused);
	tcase_add_test(fmt, trailing_data_is_refused);
	tcase_add_test(fmt, unknown_active_server_is_named);
	tcase_add_test(fmt, round_trip_at_the_limits);
	tcase_add_test(fmt, demoted_set_helpers);
	suite_add_tcase(s, fmt);
	tcase_add_test(bug, version_digit_damage_is_corruption);
	tcase_add_test(bug, not_an_election_file_message_is_intact);
	suite_add_tcase(s, bug);
	tcase_add_checked_fixture(io, acq_fx_setup, acq_fx_teardown);
	tcase_add_test(io, read_missing_file_says_how_to_fix);
	tcase_add_test(io, read_directory_is_an_error);
	tcase_add_test(io, unreadable_file_is_a_permission_error);
	tcase_add_test(io, unwritable_directory_is_a_permission_error);
	tcase_add_test(io, oversized_file_on_disk_is_refused);
	tcase_add_test(io, read_fresh_prefers_a_newer_lock_file_copy);
	tcase_add_test(io, write_is_atomic_and_keeps_the_mode);
	tcase_add_test(io, write_into_missing_directory_fails_cleanly);
	tcase_add_test(io, failed_rename_leaves_no_temp_file);
	suite_add_tcase(s, io);
	return s;
}
