/*
 * Fuzz target: the statement-path classifiers of acq_db_stmt.h, on any
 * bytes. Properties: a safe read stays safe behind leading blanks and a
 * plain comment and is not made unsafe or safe by letter case; appending a
 * locking clause or a second statement to a safe read makes it unsafe; a
 * safe read holds no user variable; and the session record stays within
 * its bounds, its list ending. (Leading comments may hold anything.)
 */
#include "fuzz_common.h"
#include "failover/acq_db_stmt.h"

#include <ctype.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int acq_db_fuzz_safe_with(const char *prefix, const uint8_t *data, size_t size, const char *suffix)
{
	size_t pl = strlen(prefix), sl = strlen(suffix);
	char *buf = malloc(pl + size + sl + 1);
	int safe;

	if (!buf) {
		abort();
	}
	memcpy(buf, prefix, pl);
	memcpy(buf + pl, data, size);
	memcpy(buf + pl + size, suffix, sl);
	safe = acq_db_stmt_is_safe_read(buf, pl + size + sl);
	free(buf);
	return safe;
}

static int acq_db_fuzz_safe_cased(const uint8_t *data, size_t size, int (*conv)(int))
{
	char *buf = malloc(size + 1);
	size_t i;
	int safe;

	if (!buf) {
		abort();
	}
	for (i = 0; i < size; i++) {
		buf[i] = (char) (data[i] < 0x80 ? conv(data[i]) : data[i]);
	}
	safe = acq_db_stmt_is_safe_read(buf, size);
	free(buf);
	return safe;
}

static void acq_db_fuzz_session(const uint8_t *data, size_t size)
{
	static acq_db_stmt_conn sc;
	acq_db_state st;
	const char *q = NULL;
	size_t n = 0;

	memset(&st, 0, sizeof(st));
	st.epoch = 1;
	strcpy(st.active, "db1");
	acq_db_stmt_opened(&sc, "db1", &st, 1);
	acq_db_stmt_note_session(&sc, (const char *) data, size);
	acq_db_stmt_note_session(&sc, (const char *) data, size); /* the same again: kept once */
	ACQ_DB_FUZZ_ASSERT(sc.session_len <= sizeof(sc.session), "session_len %zu", sc.session_len);
	while ((q = acq_db_stmt_session_next(&sc, q))) {
		n++;
	}
	ACQ_DB_FUZZ_ASSERT(n <= 1, "%zu session statements from one", n);
	ACQ_DB_FUZZ_ASSERT(n == 0 || (sc.session_len == size + 1 && memcmp(sc.session, data, size) == 0),
		"the record is not the statement");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int safe;

	if (size > 4096) {
		return 0;
	}
	safe = acq_db_stmt_is_safe_read((const char *) data, size);
	ACQ_DB_FUZZ_ASSERT(acq_db_fuzz_safe_with(" \t\n/* a comment */\n-- another\n", data, size, "") == safe,
		"a leading comment changed the answer (%d)", safe);
	ACQ_DB_FUZZ_ASSERT(acq_db_fuzz_safe_cased(data, size, toupper) == safe, "upper case changed the answer");
	ACQ_DB_FUZZ_ASSERT(acq_db_fuzz_safe_cased(data, size, tolower) == safe, "lower case changed the answer");
	if (safe) {
		ACQ_DB_FUZZ_ASSERT(!acq_db_fuzz_safe_with("", data, size, " FOR UPDATE"), "FOR UPDATE is safe");
		ACQ_DB_FUZZ_ASSERT(!acq_db_fuzz_safe_with("", data, size, " LOCK IN SHARE MODE"), "LOCK IN SHARE MODE is safe");
		ACQ_DB_FUZZ_ASSERT(!acq_db_fuzz_safe_with("", data, size, ";DELETE FROM t"), "a second statement is safe");
		ACQ_DB_FUZZ_ASSERT(!acq_db_fuzz_safe_with("", data, size, ",GET_LOCK('x',1)"), "GET_LOCK is safe");
		ACQ_DB_FUZZ_ASSERT(!acq_db_fuzz_safe_with("", data, size, ",@x"), "a user variable is safe");
	}
	acq_db_fuzz_session(data, size);
	return 0;
}
