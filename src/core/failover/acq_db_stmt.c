/*
 * The statement-path policy of acq_db_stmt.h: the send / reroute / refuse
 * decision for a connection whose member may have been demoted, the record
 * of the session statements a reroute replays, and the conservative
 * safe-read classifier that decides whether a failed statement may be sent
 * once more. The SQL reading here is lexical and deliberately shallow: it
 * skips leading white space and comments, reads the first keyword, and for
 * a SELECT looks at every word and symbol of the rest, string literals and
 * comments included, so that text it does not parse can only make it say
 * "not safe".
 */
#include "failover/acq_db_stmt.h"
#include "failover/acq_db_connerr.h"

#include <stdio.h>
#include <string.h>

void acq_db_stmt_opened(acq_db_stmt_conn *sc, const char *member, const acq_db_state *st, uint64_t generation)
{
	memset(sc, 0, sizeof(*sc));
	snprintf(sc->member, sizeof(sc->member), "%s", member);
	sc->epoch = st->epoch;
	/* connected to a member that the state no longer names (another node
	 * elected meanwhile): the first statement must take the slow path */
	sc->generation = strcmp(st->active, member) == 0 ? generation : ~generation;
}

acq_db_stmt_action acq_db_stmt_decide_slow(acq_db_stmt_conn *sc, uint64_t generation, const acq_db_state *st)
{
	if (!sc->member[0] || strcmp(st->active, sc->member) == 0) {
		/* the state moved (a rejoin, a re-read) but this member is still
		 * the master: the connection is current at the new epoch */
		sc->epoch = st->epoch;
		sc->generation = generation;
		return ACQ_DB_STMT_SEND;
	}
	if (sc->in_trans) {
		return ACQ_DB_STMT_REFUSE_TRX;
	}
	if (sc->session_lost) {
		return ACQ_DB_STMT_REFUSE_SESSION;
	}
	return ACQ_DB_STMT_REROUTE;
}

/* ---- lexical helpers ---- */

static int acq_db_stmt_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int acq_db_stmt_is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

static unsigned char acq_db_stmt_upper(unsigned char c)
{
	return c >= 'a' && c <= 'z' ? (unsigned char) (c - 'a' + 'A') : c;
}

/* Skips white space and comments from i. -1 when a comment is one the
 * server would execute (slash-star-bang, MariaDB's slash-star-M-bang) or is
 * not closed: the caller cannot know what the server reads there. */
static long acq_db_stmt_skip_blank(const char *q, size_t len, size_t i)
{
	while (i < len) {
		unsigned char c = (unsigned char) q[i];
		if (acq_db_stmt_is_space(c)) {
			i++;
		} else if (c == '#' || (c == '-' && i + 1 < len && q[i + 1] == '-'
			&& (i + 2 == len || acq_db_stmt_is_space((unsigned char) q[i + 2])))) {
			while (i < len && q[i] != '\n') {
				i++;
			}
		} else if (c == '/' && i + 1 < len && q[i + 1] == '*') {
			size_t j;
			if ((i + 2 < len && q[i + 2] == '!')
				|| (i + 3 < len && acq_db_stmt_upper((unsigned char) q[i + 2]) == 'M' && q[i + 3] == '!')) {
				return -1;
			}
			for (j = i + 2; j + 1 < len && !(q[j] == '*' && q[j + 1] == '/'); j++) {
			}
			if (j + 1 >= len) {
				return -1;
			}
			i = j + 2;
		} else {
			break;
		}
	}
	return (long) i;
}

/* The keyword at i (letters only) compared with kw, case-insensitively, as
 * a whole word. */
static int acq_db_stmt_keyword_at(const char *q, size_t len, size_t i, const char *kw)
{
	size_t n = strlen(kw);
	size_t k;

	if (len - i < n) {
		return 0;
	}
	for (k = 0; k < n; k++) {
		if (acq_db_stmt_upper((unsigned char) q[i + k]) != (unsigned char) kw[k]) {
			return 0;
		}
	}
	return i + n == len || !acq_db_stmt_is_word((unsigned char) q[i + n]);
}

/* Position of the first keyword, or -1. */
static long acq_db_stmt_first_word(const char *q, size_t len)
{
	long i = acq_db_stmt_skip_blank(q, len, 0);

	if (i < 0 || (size_t) i >= len || !acq_db_stmt_is_word((unsigned char) q[i])) {
		return -1;
	}
	return i;
}

/* ---- the session record ---- */

static void acq_db_stmt_session_add(acq_db_stmt_conn *sc, const char *q, size_t len)
{
	const char *prev = NULL;

	if (memchr(q, '\0', len)) {
		sc->session_lost = ACQ_DB_STMT_LOST_FULL; /* cannot be kept as text */
		return;
	}
	while ((prev = acq_db_stmt_session_next(sc, prev))) {
		if (strlen(prev) == len && memcmp(prev, q, len) == 0) {
			return; /* the same SET again (a persistent connection's every request) */
		}
	}
	if (sc->session_len + len + 1 > sizeof(sc->session)) {
		sc->session_lost = ACQ_DB_STMT_LOST_FULL;
		return;
	}
	memcpy(sc->session + sc->session_len, q, len);
	sc->session_len += len;
	sc->session[sc->session_len++] = '\0';
}

void acq_db_stmt_note_session(acq_db_stmt_conn *sc, const char *q, size_t len)
{
	size_t w = 0;
	long t;

	if (!len) {
		return;
	}
	if (!acq_db_stmt_is_word((unsigned char) q[0])) {
		/* leading blanks or a comment: the rare, slow way */
		long f = acq_db_stmt_first_word(q, len);
		if (f < 0) {
			return;
		}
		w = (size_t) f;
	}
	/* the hot path: one keyword at most is compared, chosen by the first
	 * letter (a SELECT costs the compare with SET) */
	switch (acq_db_stmt_upper((unsigned char) q[w])) {
	case 'S':
		if (acq_db_stmt_keyword_at(q, len, w, "SET")) {
			acq_db_stmt_session_add(sc, q, len);
		}
		break;
	case 'U':
		if (acq_db_stmt_keyword_at(q, len, w, "USE")) {
			acq_db_stmt_session_add(sc, q, len);
		}
		break;
	case 'L':
		if (acq_db_stmt_keyword_at(q, len, w, "LOCK")) {
			sc->session_lost = ACQ_DB_STMT_LOST_LOCK;
		}
		break;
	case 'P':
		if (acq_db_stmt_keyword_at(q, len, w, "PREPARE")) {
			sc->session_lost = ACQ_DB_STMT_LOST_PREPARE;
		}
		break;
	case 'C':
		if (acq_db_stmt_keyword_at(q, len, w, "CREATE")) {
			t = acq_db_stmt_skip_blank(q, len, w + 6);
			if (t < 0 || acq_db_stmt_keyword_at(q, len, (size_t) t, "TEMPORARY")) {
				sc->session_lost = ACQ_DB_STMT_LOST_TEMPORARY;
			}
		}
		break;
	default:
		break;
	}
}

const char *acq_db_stmt_session_next(const acq_db_stmt_conn *sc, const char *prev)
{
	const char *next = prev ? prev + strlen(prev) + 1 : sc->session;

	return next < sc->session + sc->session_len ? next : NULL;
}

const char *acq_db_stmt_lost_name(int why)
{
	switch (why) {
	case ACQ_DB_STMT_LOST_LOCK: return "it holds table locks (LOCK TABLES)";
	case ACQ_DB_STMT_LOST_TEMPORARY: return "it created a temporary table";
	case ACQ_DB_STMT_LOST_PREPARE: return "it holds an SQL prepared statement (PREPARE)";
	case ACQ_DB_STMT_LOST_FULL: return "its session statements (SET, USE) are too many to replay";
	default: return "its session can be rebuilt";
	}
}

/* ---- the safe-read classifier ---- */

/* Words that make a SELECT unsafe to repeat elsewhere: locks, waits, side
 * effects, results that belong to the old session. Matched as whole words. */
static const char *const acq_db_stmt_unsafe_words[] = {
	"UPDATE", "SHARE", "INTO", "OUTFILE", "DUMPFILE", "PROCEDURE", "BENCHMARK",
	"NEXTVAL", "SETVAL", "LASTVAL", "NEXT", "PREVIOUS",
	"LAST_INSERT_ID", "FOUND_ROWS", "ROW_COUNT", "CONNECTION_ID", "LAST_VALUE",
	NULL
};

/* Parts of a word that do the same inside any name: GET_LOCK, RELEASE_LOCK,
 * IS_USED_LOCK, LOCKED, SLEEP, MASTER_POS_WAIT, MASTER_GTID_WAIT, ... */
static const char *const acq_db_stmt_unsafe_parts[] = { "LOCK", "SLEEP", "WAIT", NULL };

static int acq_db_stmt_word_unsafe(const char *w, size_t n)
{
	char up[64];
	size_t k;

	if (n >= sizeof(up)) {
		n = sizeof(up) - 1; /* a longer word's start still names what it is */
	}
	for (k = 0; k < n; k++) {
		up[k] = (char) acq_db_stmt_upper((unsigned char) w[k]);
	}
	up[n] = '\0';
	for (k = 0; acq_db_stmt_unsafe_words[k]; k++) {
		if (strcmp(up, acq_db_stmt_unsafe_words[k]) == 0) {
			return 1;
		}
	}
	for (k = 0; acq_db_stmt_unsafe_parts[k]; k++) {
		if (strstr(up, acq_db_stmt_unsafe_parts[k])) {
			return 1;
		}
	}
	return 0;
}

/* 1 when nothing but white space follows i (a statement's own ';'). */
static int acq_db_stmt_only_space_after(const char *q, size_t len, size_t i)
{
	for (; i < len; i++) {
		if (!acq_db_stmt_is_space((unsigned char) q[i])) {
			return 0;
		}
	}
	return 1;
}

/* Every word and symbol after the SELECT keyword. */
static int acq_db_stmt_body_safe(const char *q, size_t len, size_t i)
{
	while (i < len) {
		unsigned char c = (unsigned char) q[i];
		if (acq_db_stmt_is_word(c)) {
			size_t start = i;
			while (i < len && acq_db_stmt_is_word((unsigned char) q[i])) {
				i++;
			}
			if (acq_db_stmt_word_unsafe(q + start, i - start)) {
				return 0;
			}
			continue;
		}
		if (c == '\0') {
			return 0;
		}
		if (c == ';' && !acq_db_stmt_only_space_after(q, len, i + 1)) {
			return 0; /* more than one statement */
		}
		if (c == '@') {
			if (i + 1 < len && q[i + 1] == '@') {
				i += 2; /* @@system_variable: a read */
				continue;
			}
			return 0; /* a user variable: session state, or an assignment */
		}
		i++;
	}
	return 1;
}

int acq_db_stmt_is_safe_read(const char *q, size_t len)
{
	long w;

	if (!q || !len || (w = acq_db_stmt_first_word(q, len)) < 0) {
		return 0;
	}
	if (!acq_db_stmt_keyword_at(q, len, (size_t) w, "SELECT")) {
		return 0;
	}
	return acq_db_stmt_body_safe(q, len, (size_t) w + 6);
}

int acq_db_stmt_may_retry(int in_trans, const char *q, size_t len, unsigned int code, const char *msg)
{
	return !in_trans && acq_db_connerr_is_connection_level(code, msg ? msg : "") && acq_db_stmt_is_safe_read(q, len);
}

int acq_db_stmt_in_doubt(int in_trans, const char *q, size_t len, unsigned int code, const char *msg)
{
	long w;

	if (!q || !acq_db_connerr_is_connection_level(code, msg ? msg : "")) {
		return 0;
	}
	if (!in_trans) {
		return !acq_db_stmt_is_safe_read(q, len);
	}
	w = acq_db_stmt_first_word(q, len);
	return w >= 0 && acq_db_stmt_keyword_at(q, len, (size_t) w, "COMMIT");
}
