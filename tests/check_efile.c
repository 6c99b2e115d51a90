/*
 * The election file format: round trip, and every way a file can be broken
 * (empty, truncated anywhere, a flipped byte anywhere, oversized, NUL bytes,
 * another version, reordered keys) is refused, never half-trusted.
 */
#include "fixtures.h"
#include "store/acq_db_copy.h"

#include <dirent.h>
#include <pthread.h>
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

	ck_assert_int_eq(buf[at], '0' + ACQ_DB_EFILE_VERSION);
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
	ck_assert_msg(strstr(err, "not an acq_db election file (line 1: expected the header") != NULL, "message: %s", err);
	ck_assert_msg(strstr(err, "found 'garbage'") != NULL, "message: %s", err);
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

/* the header line every election file starts with */
#define HDR "# acq_db election file: do not edit; a wrong checksum makes every node refuse it.\n"

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
		HDR "acq_db_election: 3\nincarnation: 0123456789abcdef\nepoch: 3\nactive: db1\n"
		"changed_at: 1 1970-01-01T00:00:00.001Z\nchanged_by: h 1\nchange: init\nreason: r\ndemoted:\n");

	ck_assert_int_eq(acq_db_efile_parse(buf, n, &back, err, sizeof(err)), ACQ_DB_E_VERSION);
	ck_assert_ptr_nonnull(strstr(err, "upgrade acq_db"));
}
END_TEST

START_TEST(syntax_errors_with_valid_checksums_are_refused)
{
	const char *bodies[] = {
		/* reordered keys */
		HDR "acq_db_election: 1\nactive: db1\nepoch: 3\nchanged_at: 1 1970-01-01T00:00:00.001Z\nchanged_by: h 1\nreason: r\ndemoted:\n",
		/* unknown key */
		HDR "acq_db_election: 1\nepoch: 3\nactive: db1\ncolour: blue\nchanged_at: 1 1970-01-01T00:00:00.001Z\nchanged_by: h 1\nreason: r\ndemoted:\n",
		/* epoch 0 */
		HDR "acq_db_election: 1\nepoch: 0\nactive: db1\nchanged_at: 1 1970-01-01T00:00:00.001Z\nchanged_by: h 1\nreason: r\ndemoted:\n",
		/* bad active name */
		HDR "acq_db_election: 1\nepoch: 3\nactive: d b\nchanged_at: 1 1970-01-01T00:00:00.001Z\nchanged_by: h 1\nreason: r\ndemoted:\n",
		/* not a number */
		HDR "acq_db_election: 1\nepoch: 3x\nactive: db1\nchanged_at: 1 1970-01-01T00:00:00.001Z\nchanged_by: h 1\nreason: r\ndemoted:\n",
		/* epoch beyond int64 (PHP shows epochs as int) */
		HDR "acq_db_election: 1\nepoch: 9223372036854775808\nactive: db1\nchanged_at: 1 1970-01-01T00:00:00.001Z\nchanged_by: h 1\nreason: r\ndemoted:\n",
		/* empty active name */
		HDR "acq_db_election: 1\nepoch: 3\nactive: \nchanged_at: 1 1970-01-01T00:00:00.001Z\nchanged_by: h 1\nreason: r\ndemoted:\n",
		/* no space after the colon */
		HDR "acq_db_election: 1\nepoch: 3\nactive:db1\nchanged_at: 1 1970-01-01T00:00:00.001Z\nchanged_by: h 1\nreason: r\ndemoted:\n",
		/* a bad demoted name */
		HDR "acq_db_election: 1\nepoch: 3\nactive: db1\nchanged_at: 1 1970-01-01T00:00:00.001Z\nchanged_by: h 1\nreason: r\ndemoted: db2 d/b\n",
		/* changed_by without pid */
		HDR "acq_db_election: 1\nepoch: 3\nactive: db1\nchanged_at: 1 1970-01-01T00:00:00.001Z\nchanged_by: h\nreason: r\ndemoted:\n",
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

/* The grammar of docs/design.md ("Grammar"), case by case: a valid file
 * with one line changed and a correct checksum, so that only the grammar
 * can refuse it. */
static const char strict_template[] =
	HDR
	"acq_db_election: 1\n"
	"epoch: 3\n"
	"active: db1\n"
	"changed_at: 1 1970-01-01T00:00:00.001Z\n"
	"changed_by: h 1\n"
	"reason: r\n"
	"demoted: db2\n";

/* The template with its first 'from' replaced by 'to', signed, then parsed. */
static acq_db_rc parse_signed_with(const char *from, const char *to, acq_db_state *back)
{
	char body[2048];
	char buf[4096];
	const char *at = strstr(strict_template, from);
	size_t n;

	ck_assert_msg(at != NULL, "'%s' is not in the template", from);
	snprintf(body, sizeof(body), "%.*s%s%s", (int) (at - strict_template), strict_template, to, at + strlen(from));
	n = with_checksum(buf, sizeof(buf), body);
	err[0] = '\0';
	return acq_db_efile_parse(buf, n, back, err, sizeof(err));
}

#define ck_grammar_refuses(from, to) do { \
	acq_db_state back_; \
	acq_db_rc rc_ = parse_signed_with(from, to, &back_); \
	ck_assert_msg(rc_ == ACQ_DB_E_CORRUPT, "'%s' -> '%s' gave %s, not corrupt", from, to, acq_db_rc_name(rc_)); \
} while (0)

START_TEST(strict_template_is_valid)
{
	acq_db_state back;

	ck_assert_int_eq(parse_signed_with("epoch: 3", "epoch: 3", &back), ACQ_DB_OK);
	ck_assert_uint_eq(back.epoch, 3);
	ck_assert_int_eq(back.changed_at_ms, 1);
}
END_TEST

/* ---- version 2: the incarnation and the kind of change ----------------- */

static const char v2_template[] =
	HDR
	"acq_db_election: 2\n"
	"incarnation: 5f0c2a9e41b7d386\n"
	"epoch: 3\n"
	"active: db1\n"
	"changed_at: 1 1970-01-01T00:00:00.001Z\n"
	"changed_by: h 1\n"
	"change: switchover\n"
	"reason: election: a reason that only looks like one\n"
	"demoted: db2\n";

/* The version 2 template with its first 'from' replaced by 'to', signed, parsed. */
static acq_db_rc parse_v2_with(const char *from, const char *to, acq_db_state *back)
{
	char body[2048];
	char buf[4096];
	const char *at = strstr(v2_template, from);
	size_t n;

	ck_assert_msg(at != NULL, "'%s' is not in the template", from);
	snprintf(body, sizeof(body), "%.*s%s%s", (int) (at - v2_template), v2_template, to, at + strlen(from));
	n = with_checksum(buf, sizeof(buf), body);
	err[0] = '\0';
	return acq_db_efile_parse(buf, n, back, err, sizeof(err));
}

START_TEST(v2_fields_are_read_and_written)
{
	acq_db_state back;
	acq_db_state again;
	char buf[ACQ_DB_FILE_MAX];
	size_t n;

	ck_assert_msg(parse_v2_with("epoch: 3", "epoch: 3", &back) == ACQ_DB_OK, "%s", err);
	ck_assert_str_eq(back.incarnation, "5f0c2a9e41b7d386");
	/* the field decides, not the text of the reason */
	ck_assert_int_eq(back.change, ACQ_DB_CHANGE_SWITCHOVER);
	n = format(&back, buf, sizeof(buf));
	ck_assert_ptr_nonnull(strstr(buf, "\nacq_db_election: 2\nincarnation: 5f0c2a9e41b7d386\nepoch: 3\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\nchanged_by: h 1\nchange: switchover\nreason: "));
	ck_assert_int_eq(acq_db_efile_parse(buf, n, &again, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_str_eq(again.incarnation, back.incarnation);
	ck_assert_int_eq(again.change, back.change);
}
END_TEST

START_TEST(every_kind_of_change_has_one_word)
{
	acq_db_change_kind k;

	for (k = ACQ_DB_CHANGE_OTHER; k <= ACQ_DB_CHANGE_REJOIN; k++) {
		acq_db_state back;
		char line[64];
		snprintf(line, sizeof(line), "change: %s\n", acq_db_change_kind_name(k));
		ck_assert_msg(parse_v2_with("change: switchover\n", line, &back) == ACQ_DB_OK, "%s: %s", line, err);
		ck_assert_int_eq(back.change, k);
	}
	ck_assert_str_eq(acq_db_change_kind_name(ACQ_DB_CHANGE_ELECTION), "election");
	ck_assert_int_eq(acq_db_change_kind_parse("Election"), -1);
}
END_TEST

#define ck_v2_refuses(from, to) do { \
	acq_db_state back_; \
	acq_db_rc rc_ = parse_v2_with(from, to, &back_); \
	ck_assert_msg(rc_ == ACQ_DB_E_CORRUPT, "'%s' -> '%s' gave %s, not corrupt", from, to, acq_db_rc_name(rc_)); \
} while (0)

START_TEST(v2_grammar_is_strict)
{
	ck_v2_refuses("incarnation: 5f0c2a9e41b7d386\n", "");
	ck_v2_refuses("incarnation: 5f0c2a9e41b7d386", "incarnation: 5F0C2A9E41B7D386");
	ck_v2_refuses("incarnation: 5f0c2a9e41b7d386", "incarnation: 5f0c2a9e41b7d38");
	ck_v2_refuses("incarnation: 5f0c2a9e41b7d386", "incarnation: 5f0c2a9e41b7d3860");
	ck_v2_refuses("incarnation: 5f0c2a9e41b7d386", "incarnation:  5f0c2a9e41b7d386");
	ck_v2_refuses("incarnation: 5f0c2a9e41b7d386", "incarnation: 0x0c2a9e41b7d386");
	ck_v2_refuses("change: switchover\n", "");
	ck_v2_refuses("change: switchover", "change: failover");
	ck_v2_refuses("change: switchover", "change: switchover ");
	ck_v2_refuses("change: switchover", "change: ");
	/* the fields in the version 1 order: each where the other one belongs */
	ck_v2_refuses("acq_db_election: 2\nincarnation: 5f0c2a9e41b7d386\nepoch: 3\n",
		"acq_db_election: 2\nepoch: 3\nincarnation: 5f0c2a9e41b7d386\n");
	ck_v2_refuses("changed_by: h 1\nchange: switchover\n", "change: switchover\nchanged_by: h 1\n");
	/* a version 1 file has neither line */
	ck_grammar_refuses("acq_db_election: 1\n", "acq_db_election: 1\nincarnation: 5f0c2a9e41b7d386\n");
	ck_grammar_refuses("changed_by: h 1\n", "changed_by: h 1\nchange: init\n");
}
END_TEST

/* A version 1 file is still read: the legacy incarnation, and the kind of
 * change from the start of the reason (what acq_db 1 wrote there); the next
 * write is version 2 and keeps the incarnation. */
START_TEST(v1_file_is_read_and_upgraded_by_the_next_write)
{
	static const struct { const char *reason; acq_db_change_kind kind; } cases[] = {
		{ "reason: r", ACQ_DB_CHANGE_OTHER },
		{ "reason: election: db1 failed: [2002] refused", ACQ_DB_CHANGE_ELECTION },
		{ "reason: switchover from db1: maintenance", ACQ_DB_CHANGE_SWITCHOVER },
		{ "reason: rejoin: db2 declared healthy by an operator", ACQ_DB_CHANGE_REJOIN },
		{ "reason: initialised", ACQ_DB_CHANGE_INIT },
	};
	char buf[ACQ_DB_FILE_MAX];
	acq_db_state back;
	size_t i;
	size_t n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_msg(parse_signed_with("reason: r", cases[i].reason, &back) == ACQ_DB_OK, "%s", err);
		ck_assert_str_eq(back.incarnation, ACQ_DB_INCARNATION_LEGACY);
		ck_assert_msg(back.change == cases[i].kind, "'%s' read as %s", cases[i].reason,
			acq_db_change_kind_name(back.change));
	}
	n = format(&back, buf, sizeof(buf));
	ck_assert_ptr_nonnull(strstr(buf, "acq_db_election: 2\nincarnation: " ACQ_DB_INCARNATION_LEGACY "\n"));
	ck_assert_int_eq(acq_db_efile_parse(buf, n, &back, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(back.change, ACQ_DB_CHANGE_INIT);
}
END_TEST

START_TEST(new_incarnations_are_random_and_never_legacy)
{
	acq_db_state a;
	acq_db_state b;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	ck_assert_int_eq(acq_db_state_new_incarnation(&a, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(acq_db_state_new_incarnation(&b, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_eq(strlen(a.incarnation), ACQ_DB_INCARNATION_LEN);
	ck_assert_uint_eq(strspn(a.incarnation, "0123456789abcdef"), ACQ_DB_INCARNATION_LEN);
	ck_assert_str_ne(a.incarnation, ACQ_DB_INCARNATION_LEGACY);
	ck_assert_str_ne(a.incarnation, b.incarnation);
}
END_TEST

/* The one rule for "may this state replace the one seen before". */
START_TEST(may_follow_goes_back_only_in_a_new_incarnation_and_never_jumps)
{
	acq_db_state seen = acq_fx_state(5, "db2", NULL);
	acq_db_state next;

	snprintf(seen.incarnation, sizeof(seen.incarnation), "%s", "00000000000000aa");
	next = seen;
	ck_assert_int_eq(acq_db_state_may_follow(&seen, &next, "F", err, sizeof(err)), ACQ_DB_OK);
	next.epoch = 4; /* restored from a backup */
	ck_assert_int_eq(acq_db_state_may_follow(&seen, &next, "F", err, sizeof(err)), ACQ_DB_E_CORRUPT);
	ck_assert_ptr_nonnull(strstr(err, "went back from epoch 5 to 4"));
	ck_assert(acq_db_state_is_behind(&seen, &next));
	next.epoch = 1; /* re-created: a new incarnation at epoch 1 */
	snprintf(next.incarnation, sizeof(next.incarnation), "%s", "00000000000000bb");
	ck_assert_msg(acq_db_state_may_follow(&seen, &next, "F", err, sizeof(err)) == ACQ_DB_OK, "%s", err);
	ck_assert(!acq_db_state_is_behind(&seen, &next));
	next = seen;
	next.epoch = seen.epoch + ACQ_DB_EPOCH_STEP_MAX;
	ck_assert_int_eq(acq_db_state_may_follow(&seen, &next, "F", err, sizeof(err)), ACQ_DB_OK);
	next.epoch++;
	ck_assert_int_eq(acq_db_state_may_follow(&seen, &next, "F", err, sizeof(err)), ACQ_DB_E_CORRUPT);
	ck_assert_ptr_nonnull(strstr(err, "damaged or forged"));
	next.epoch = (uint64_t) INT64_MAX; /* the forged file of issue 18 */
	ck_assert_int_eq(acq_db_state_may_follow(&seen, &next, "F", err, sizeof(err)), ACQ_DB_E_CORRUPT);
	ck_assert_ptr_nonnull(strstr(err, "jumps from epoch 5 to 9223372036854775807"));
	snprintf(next.incarnation, sizeof(next.incarnation), "%s", "00000000000000bb");
	ck_assert_int_eq(acq_db_state_may_follow(&seen, &next, "F", err, sizeof(err)), ACQ_DB_E_CORRUPT);
}
END_TEST

/* Bug 1: comment lines just before "checksum:" were skipped by the key
 * reader after the covered length was taken, so they were not covered. */
START_TEST(comment_before_checksum_is_covered)
{
	acq_db_state st = acq_fx_state(7, "db1", NULL);
	acq_db_state back;
	char buf[ACQ_DB_FILE_MAX];
	char edited[ACQ_DB_FILE_MAX + 64];
	size_t n = format(&st, buf, sizeof(buf));
	const char *cks = strstr(buf, "\nchecksum: ");
	size_t head;
	int m;

	ck_assert_ptr_nonnull(cks);
	head = (size_t) (cks + 1 - buf);
	m = snprintf(edited, sizeof(edited), "%.*s# added by hand\n%s", (int) head, buf, buf + head);
	ck_assert_int_eq(acq_db_efile_parse(edited, (size_t) m, &back, err, sizeof(err)), ACQ_DB_E_CORRUPT);
	ck_assert_msg(strstr(err, "checksum mismatch") != NULL, "message: %s", err);
	ck_assert_int_eq(acq_db_efile_parse(buf, n, &back, err, sizeof(err)), ACQ_DB_OK);
}
END_TEST

/* Bug 2: changed_at was strtoll'ed without range checks: overflow became
 * INT64_MIN, negatives were taken, and the ISO text was not compared. */
START_TEST(changed_at_is_range_checked)
{
	acq_db_state back;
	const char *at = "changed_at: 1 1970-01-01T00:00:00.001Z";

	ck_grammar_refuses(at, "changed_at: -99999999999999999999 1970-01-01T00:00:00.001Z");
	ck_grammar_refuses(at, "changed_at: 99999999999999999999 1970-01-01T00:00:00.001Z");
	ck_grammar_refuses(at, "changed_at: -1 1969-12-31T23:59:59.999Z");
	ck_grammar_refuses(at, "changed_at: 01 1970-01-01T00:00:00.001Z");
	ck_grammar_refuses(at, "changed_at: +1 1970-01-01T00:00:00.001Z");
	ck_grammar_refuses(at, "changed_at: 1 x");
	ck_grammar_refuses(at, "changed_at: 1 1970-01-01T00:00:00.002Z");
	ck_grammar_refuses(at, "changed_at: 1");
	ck_grammar_refuses(at, "changed_at: 1  1970-01-01T00:00:00.001Z");
	/* beyond 9999-12-31T23:59:59.999Z the ISO form would need 5 digits */
	ck_grammar_refuses(at, "changed_at: 253402300800000 10000-01-01T00:00:00.000Z");
	ck_assert_int_eq(parse_signed_with(at, "changed_at: 253402300799999 9999-12-31T23:59:59.999Z", &back), ACQ_DB_OK);
	ck_assert_int_eq(back.changed_at_ms, 253402300799999LL);
	ck_assert_int_eq(parse_signed_with(at, "changed_at: 0 1970-01-01T00:00:00.000Z", &back), ACQ_DB_OK);
}
END_TEST

/* Bug 3: a name demoted twice, or the active server among the demoted;
 * acq_db_rejoin() then removed one copy and the server stayed demoted. */
START_TEST(demoted_twice_or_active_demoted_is_refused)
{
	ck_grammar_refuses("demoted: db2", "demoted: db2 db2");
	ck_grammar_refuses("demoted: db2", "demoted: db2 db3 db2");
	ck_grammar_refuses("demoted: db2", "demoted: db1");
	ck_grammar_refuses("demoted: db2", "demoted: db2 db1");
	ck_grammar_refuses("demoted: db2", "demoted: db2  db3");
	ck_grammar_refuses("demoted: db2", "demoted: db2 ");
	ck_grammar_refuses("demoted: db2", "demoted: ");
	ck_grammar_refuses("demoted: db2", "demoted:db2");
}
END_TEST

/* A reason (and a comment line) that makes the checksum meet pred: the
 * checksum tests need values with a zero top nibble and the like. */
static size_t signed_body_where(int (*pred)(uint32_t), char *buf, size_t len, uint32_t *crc)
{
	int i;

	for (i = 0; i < 100000; i++) {
		char body[1024];
		char *at = strstr(strict_template, "reason: r");
		snprintf(body, sizeof(body), "%.*sreason: r%d%s", (int) (at - strict_template), strict_template, i,
			at + strlen("reason: r"));
		*crc = acq_db_crc32(body, strlen(body));
		if (pred(*crc)) {
			return (size_t) snprintf(buf, len, "%s", body);
		}
	}
	ck_abort_msg("no body found");
	return 0;
}

static int top_nibble_zero(uint32_t c) { return c < 0x10000000u; }
static int top_byte_zero(uint32_t c) { return c < 0x01000000u; }
static int negatable_in_7(uint32_t c) { return c > 0xF0000000u; }
static int has_a_letter(uint32_t c)
{
	char hex[9];

	snprintf(hex, sizeof(hex), "%08" PRIx32, c);
	return strpbrk(hex, "abcdef") != NULL;
}

/* body (of n bytes, in buf) + "checksum: " + field */
static acq_db_rc parse_with_checksum_field(char *buf, size_t n, size_t len, const char *field)
{
	acq_db_state back;
	int m = snprintf(buf + n, len - n, "checksum: %s\n", field);

	err[0] = '\0';
	return acq_db_efile_parse(buf, n + (size_t) m, &back, err, sizeof(err));
}

/* Bug 6: strtoul took a leading blank, '+', '-' and "0x", so a blank and 7
 * digits passed; uppercase digits are not what the writer writes either. */
START_TEST(checksum_is_exactly_8_lowercase_hex_digits)
{
	char buf[2048];
	char field[32];
	uint32_t crc;
	size_t n;

	n = signed_body_where(top_nibble_zero, buf, sizeof(buf), &crc);
	snprintf(field, sizeof(field), "%08" PRIx32, crc);
	ck_assert_int_eq(parse_with_checksum_field(buf, n, sizeof(buf), field), ACQ_DB_OK);
	snprintf(field, sizeof(field), " %07" PRIx32, crc);
	ck_assert_msg(parse_with_checksum_field(buf, n, sizeof(buf), field) == ACQ_DB_E_CORRUPT, "'%s' accepted", field);
	snprintf(field, sizeof(field), "+%07" PRIx32, crc);
	ck_assert_msg(parse_with_checksum_field(buf, n, sizeof(buf), field) == ACQ_DB_E_CORRUPT, "'%s' accepted", field);
	n = signed_body_where(top_byte_zero, buf, sizeof(buf), &crc);
	snprintf(field, sizeof(field), "0x%06" PRIx32, crc);
	ck_assert_msg(parse_with_checksum_field(buf, n, sizeof(buf), field) == ACQ_DB_E_CORRUPT, "'%s' accepted", field);
	n = signed_body_where(negatable_in_7, buf, sizeof(buf), &crc);
	snprintf(field, sizeof(field), "-%07" PRIx32, (uint32_t) (0u - crc));
	ck_assert_msg(parse_with_checksum_field(buf, n, sizeof(buf), field) == ACQ_DB_E_CORRUPT, "'%s' accepted", field);
	n = signed_body_where(has_a_letter, buf, sizeof(buf), &crc);
	snprintf(field, sizeof(field), "%08" PRIX32, crc);
	ck_assert_msg(parse_with_checksum_field(buf, n, sizeof(buf), field) == ACQ_DB_E_CORRUPT, "'%s' accepted", field);
}
END_TEST

/* Accepted and should not be (issue 10): the writer never writes these. */
START_TEST(header_is_required)
{
	const char *hdr = "# acq_db election file: do not edit; a wrong checksum makes every node refuse it.\n";

	ck_grammar_refuses(hdr, "");
	ck_grammar_refuses(hdr, "# some other comment\n");
	ck_grammar_refuses(hdr, "# acq_db election file: do not edit; a wrong checksum makes every node refuse it. \n");
	ck_assert_ptr_nonnull(strstr(err, "header"));
}
END_TEST

START_TEST(numbers_have_no_leading_zeros)
{
	ck_grammar_refuses("acq_db_election: 1", "acq_db_election: 01");
	ck_grammar_refuses("epoch: 3", "epoch: 03");
	ck_grammar_refuses("epoch: 3", "epoch: +3");
	ck_grammar_refuses("epoch: 3", "epoch:  3");
	ck_grammar_refuses("epoch: 3", "epoch: 3 ");
}
END_TEST

START_TEST(changed_by_pid_is_a_plain_number)
{
	const char *by = "changed_by: h 1";
	acq_db_state back;

	ck_grammar_refuses(by, "changed_by: h 12x");
	ck_grammar_refuses(by, "changed_by: h 12 ");
	ck_grammar_refuses(by, "changed_by: h -5");
	ck_grammar_refuses(by, "changed_by: h 99999999999999999999");
	ck_grammar_refuses(by, "changed_by: h 2147483648");
	ck_grammar_refuses(by, "changed_by: h 01");
	ck_grammar_refuses(by, "changed_by: h  1");
	ck_grammar_refuses(by, "changed_by: h\t1");
	ck_grammar_refuses(by, "changed_by: h");
	ck_grammar_refuses(by, "changed_by:  1");
	ck_assert_int_eq(parse_signed_with(by, "changed_by: web-1.example 2147483647", &back), ACQ_DB_OK);
	ck_assert_int_eq(back.changed_by_pid, 2147483647L);
	ck_assert_str_eq(back.changed_by_host, "web-1.example");
}
END_TEST

START_TEST(control_bytes_are_refused)
{
	acq_db_state back;

	ck_grammar_refuses("changed_by: h 1", "changed_by: h\r 1");
	ck_grammar_refuses("changed_by: h 1", "changed_by: h\x1b 1");
	ck_grammar_refuses("changed_by: h 1", "changed_by: h\x7f 1");
	ck_grammar_refuses("reason: r", "reason: r\r");
	ck_grammar_refuses("reason: r", "reason: r\x1b[31m");
	ck_grammar_refuses("reason: r", "reason: r\x7f");
	ck_grammar_refuses("reason: r", "reason: r\tx");
	/* UTF-8 is text: kept */
	ck_assert_int_eq(parse_signed_with("reason: r", "reason: caf\xc3\xa9", &back), ACQ_DB_OK);
	ck_assert_str_eq(back.reason, "caf\xc3\xa9");
}
END_TEST

START_TEST(reason_longer_than_the_field_is_refused)
{
	char reason[ACQ_DB_REASON_MAX + 16];
	acq_db_state back;

	memset(reason, 'x', sizeof(reason));
	memcpy(reason, "reason: ", 8);
	reason[8 + ACQ_DB_REASON_MAX - 1] = '\0'; /* 255 bytes: the most the writer writes */
	ck_assert_int_eq(parse_signed_with("reason: r", reason, &back), ACQ_DB_OK);
	ck_assert_uint_eq(strlen(back.reason), ACQ_DB_REASON_MAX - 1);
	reason[8 + ACQ_DB_REASON_MAX - 1] = 'x';
	reason[8 + ACQ_DB_REASON_MAX] = '\0';
	ck_grammar_refuses("reason: r", reason);
	ck_grammar_refuses("reason: r", "reason:");
}
END_TEST

/* The writer never writes what the reader refuses, even from a state whose
 * fields were set without the helpers. */
START_TEST(format_never_writes_what_parse_refuses)
{
	acq_db_state st = acq_fx_state(7, "db1", NULL);
	acq_db_state back;
	char buf[ACQ_DB_FILE_MAX];
	size_t n;

	snprintf(st.reason, sizeof(st.reason), "line\nbreak\r and \x1b and \x7f");
	snprintf(st.changed_by_host, sizeof(st.changed_by_host), "we b\x7f\t1");
	n = format(&st, buf, sizeof(buf));
	ck_assert_msg(acq_db_efile_parse(buf, n, &back, err, sizeof(err)) == ACQ_DB_OK, "%s", err);
	ck_assert_str_eq(back.reason, "line break  and   and  ");
	ck_assert_str_eq(back.changed_by_host, "we_b__1");
}
END_TEST

/* CRC-32 as defined (reflected, polynomial 0xEDB88320), bit by bit: the
 * reference the table-driven acq_db_crc32 must agree with. */
static uint32_t crc32_bitwise(const unsigned char *p, size_t n)
{
	uint32_t crc = 0xFFFFFFFFu;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		crc ^= p[i];
		for (k = 0; k < 8; k++) {
			crc = (crc & 1) ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
		}
	}
	return crc ^ 0xFFFFFFFFu;
}

START_TEST(crc_matches_the_definition)
{
	unsigned char all[256];
	size_t i;

	ck_assert_uint_eq(acq_db_crc32("123456789", 9), 0xCBF43926u); /* the standard check value */
	ck_assert_uint_eq(acq_db_crc32("", 0), 0);
	for (i = 0; i < sizeof(all); i++) {
		all[i] = (unsigned char) i;
	}
	for (i = 0; i <= sizeof(all); i++) { /* every byte value, at every position */
		ck_assert_uint_eq(acq_db_crc32(all, i), crc32_bitwise(all, i));
	}
}
END_TEST

/* Bug 5: the table was built lazily behind an unsynchronised 'ready' flag.
 * Two threads doing their first CRC at the same time is a data race that
 * TSan reports (suite tsan); in every build both must get the right value. */
static void *crc_in_thread(void *arg)
{
	uint32_t *out = arg;

	*out = acq_db_crc32("123456789", 9);
	return NULL;
}

START_TEST(crc_first_use_from_two_threads)
{
	pthread_t t[2];
	uint32_t got[2] = { 0, 0 };
	int i;

	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(pthread_create(&t[i], NULL, crc_in_thread, &got[i]), 0);
	}
	for (i = 0; i < 2; i++) {
		pthread_join(t[i], NULL);
		ck_assert_uint_eq(got[i], 0xCBF43926u);
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
		snprintf(name, sizeof(name), "server-%02u.with_a_long.name", (unsigned) i % 100u); /* i < 16 */
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
	acq_db_state copy = acq_fx_state(5, "db2", "db1");
	acq_db_state back;
	acq_db_lock lk;

	acq_fx_write_state(&file);
	/* no lock file yet: the file decides */
	ck_assert_int_eq(acq_db_read_freshest(acq_fx_file, -1, &back, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_eq(back.epoch, 4);
	ck_assert_int_eq(acq_db_lock_acquire(acq_fx_file, 1000, &lk, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(acq_db_copy_write(lk.fd, &copy, err, sizeof(err)), ACQ_DB_OK);
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

/* The temp file is created in a directory every worker can write: a
 * symlink planted at the name the writer used to use (FILE.tmp.PID) must
 * not lead it to write through to another file. */
START_TEST(planted_symlink_at_the_temp_name_is_not_followed)
{
	acq_db_state st = acq_fx_state(1, "db1", NULL);
	acq_db_state back;
	char victim[4300];
	char link[4300];
	char after[64];

	snprintf(victim, sizeof(victim), "%s/victim", acq_fx_dir);
	acq_fx_write_raw(victim, "precious\n", 9);
	snprintf(link, sizeof(link), "%s.tmp.%ld", acq_fx_file, (long) getpid());
	ck_assert_int_eq(symlink(victim, link), 0);
	ck_assert_msg(acq_db_efile_write(acq_fx_file, &st, err, sizeof(err)) == ACQ_DB_OK, "%s", err);
	acq_fx_read_raw(victim, after, sizeof(after));
	ck_assert_str_eq(after, "precious\n");
	ck_assert_int_eq(acq_db_efile_read(acq_fx_file, &back, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(count_entries(), 3); /* the file, the victim, the symlink: no temp file left */
}
END_TEST

/* The temp file's name is not guessable: two writes use two names. */
START_TEST(temp_names_are_not_guessable)
{
	acq_db_state st = acq_fx_state(1, "db1", NULL);
	char pid_name[4300];
	int i;

	/* a directory planted at the old fixed name no longer stops the
	 * writer, and the writes leave no temp file behind */
	snprintf(pid_name, sizeof(pid_name), "%s.tmp.%ld", acq_fx_file, (long) getpid());
	ck_assert_int_eq(mkdir(pid_name, 0755), 0);
	for (i = 0; i < 8; i++) {
		st.epoch = (uint64_t) i + 1;
		ck_assert_msg(acq_db_efile_write(acq_fx_file, &st, err, sizeof(err)) == ACQ_DB_OK, "%s", err);
	}
	ck_assert_int_eq(count_entries(), 2);
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

/* ---- what a node follows: the reader, the cache and the election ------- */

static int pass_all(void *arg, const acq_db_server *s, char *why, size_t len)
{
	(void) arg;
	(void) s;
	(void) why;
	(void) len;
	return 0;
}

/* Issue 18 §3: a volume rebuilt and the file re-created at epoch 1 (no lock
 * file left) used to pin every node to the old epoch 5 until reboot. */
START_TEST(recreated_file_is_followed_from_epoch_one)
{
	acq_db_state st;
	char lock[4300];

	ck_assert_int_eq(acq_db_init(&acq_fx_cache, "db1", &st, err, sizeof(err)), ACQ_DB_OK);
	st.epoch = 5;
	acq_fx_write_state(&st);
	ck_assert_uint_eq(acq_fx_refresh_ok()->epoch, 5);
	/* the volume is rebuilt: file and lock file gone, a new init */
	snprintf(lock, sizeof(lock), "%s.lock", acq_fx_file);
	ck_assert_int_eq(unlink(acq_fx_file), 0);
	ck_assert_int_eq(unlink(lock), 0);
	ck_assert_msg(acq_db_init(&acq_fx_cache, "db2", &st, err, sizeof(err)) == ACQ_DB_OK, "init: %s", err);
	ck_assert_uint_eq(st.epoch, 1);
	ck_assert_int_eq(st.change, ACQ_DB_CHANGE_INIT);
	/* a process that did not write it: its reader follows the new incarnation */
	acq_db_cache_destroy(&acq_fx_cache);
	acq_db_cache_init(&acq_fx_cache, &acq_fx_cfg);
	ck_assert_uint_eq(acq_fx_refresh_ok()->epoch, 1);
	ck_assert_str_eq(acq_fx_refresh_ok()->active, "db2");
	ck_assert_int_eq(acq_fx_cache.last_rc, ACQ_DB_OK);
}
END_TEST

/* Issue 18 §4: a forged epoch 9223372036854775807 is refused, by the reader
 * and by an election under the lock, instead of blocking elections. */
START_TEST(forged_epoch_jump_is_refused_by_reader_and_election)
{
	acq_db_election_result res;
	acq_db_state st;
	acq_db_state forged;
	char buf[ACQ_DB_FILE_MAX];
	size_t n;

	ck_assert_int_eq(acq_db_init(&acq_fx_cache, "db1", &st, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_uint_eq(acq_fx_refresh_ok()->epoch, 1);
	forged = st;
	forged.epoch = (uint64_t) INT64_MAX;
	n = acq_db_efile_format(&forged, buf, sizeof(buf));
	acq_fx_write_raw(acq_fx_file, buf, n);
	ck_assert_uint_eq(acq_fx_refresh_ok()->epoch, 1);
	ck_assert_int_eq(acq_fx_cache.last_rc, ACQ_DB_E_CORRUPT);
	ck_assert_ptr_nonnull(strstr(acq_fx_cache.last_error, "damaged or forged"));
	ck_assert_int_eq(acq_db_elect(&acq_fx_cache, 1, "db1", "gone", pass_all, NULL, &res, err, sizeof(err)),
		ACQ_DB_E_CORRUPT);
	ck_assert_ptr_nonnull(strstr(err, "jumps from epoch 1 to 9223372036854775807"));
}
END_TEST

/* Issue 15 §4: the anti-flapping hold keys on the change field. An
 * operator's reason that starts like an election's does not hold; an
 * election does, whatever its reason says. */
START_TEST(hold_keys_on_the_change_field_not_the_reason)
{
	acq_db_election_result res;
	acq_db_state st;

	acq_fx_cfg.failover_hold_ms = 60000;
	ck_assert_int_eq(acq_db_init(&acq_fx_cache, "db1", &st, err, sizeof(err)), ACQ_DB_OK);
	ck_assert_int_eq(acq_db_switchover(&acq_fx_cache, "db2", "election: looks automatic", NULL, NULL, &res, err,
		sizeof(err)), ACQ_DB_OK);
	st = res.state;
	ck_assert_int_eq(st.change, ACQ_DB_CHANGE_SWITCHOVER);
	acq_db_state_set_reason(&st, "election: db1 failed: looks automatic");
	st.epoch++;
	acq_fx_write_state(&st);
	ck_assert_msg(acq_db_elect(&acq_fx_cache, st.epoch, "db2", "gone", pass_all, NULL, &res, err, sizeof(err))
		== ACQ_DB_OK, "%s", err);
	ck_assert_int_eq(res.state.change, ACQ_DB_CHANGE_ELECTION);
	st = res.state;
	acq_db_state_set_reason(&st, "an election in other words");
	st.epoch++;
	acq_fx_write_state(&st);
	ck_assert_int_eq(acq_db_elect(&acq_fx_cache, st.epoch, st.active, "gone", pass_all, NULL, &res, err,
		sizeof(err)), ACQ_DB_E_HOLD);
}
END_TEST

Suite *acq_check_efile_suite(void)
{
	Suite *s = suite_create("efile");
	TCase *fmt = tcase_create("format");
	TCase *io = tcase_create("io");
	TCase *bug = tcase_create("format_regressions");
	TCase *grammar = tcase_create("grammar");
	TCase *crc = tcase_create("crc");
	TCase *v2 = tcase_create("version2");
	TCase *follow = tcase_create("follow");

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
	tcase_add_test(grammar, strict_template_is_valid);
	tcase_add_test(grammar, comment_before_checksum_is_covered);
	tcase_add_test(grammar, changed_at_is_range_checked);
	tcase_add_test(grammar, demoted_twice_or_active_demoted_is_refused);
	tcase_add_test(grammar, checksum_is_exactly_8_lowercase_hex_digits);
	tcase_add_test(grammar, header_is_required);
	tcase_add_test(grammar, numbers_have_no_leading_zeros);
	tcase_add_test(grammar, changed_by_pid_is_a_plain_number);
	tcase_add_test(grammar, control_bytes_are_refused);
	tcase_add_test(grammar, reason_longer_than_the_field_is_refused);
	tcase_add_test(grammar, format_never_writes_what_parse_refuses);
	suite_add_tcase(s, grammar);
	/* each test forks: the thread test is the process's first CRC */
	tcase_add_test(crc, crc_first_use_from_two_threads);
	tcase_add_test(crc, crc_matches_the_definition);
	suite_add_tcase(s, crc);
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
	tcase_add_test(io, planted_symlink_at_the_temp_name_is_not_followed);
	tcase_add_test(io, temp_names_are_not_guessable);
	suite_add_tcase(s, io);
	tcase_add_test(v2, v2_fields_are_read_and_written);
	tcase_add_test(v2, every_kind_of_change_has_one_word);
	tcase_add_test(v2, v2_grammar_is_strict);
	tcase_add_test(v2, v1_file_is_read_and_upgraded_by_the_next_write);
	tcase_add_test(v2, new_incarnations_are_random_and_never_legacy);
	tcase_add_test(v2, may_follow_goes_back_only_in_a_new_incarnation_and_never_jumps);
	suite_add_tcase(s, v2);
	tcase_add_checked_fixture(follow, acq_fx_cache_setup, acq_fx_cache_teardown);
	tcase_add_test(follow, recreated_file_is_followed_from_epoch_one);
	tcase_add_test(follow, forged_epoch_jump_is_refused_by_reader_and_election);
	tcase_add_test(follow, hold_keys_on_the_change_field_not_the_reason);
	suite_add_tcase(s, follow);
	return s;
}
