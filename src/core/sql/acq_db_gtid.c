/*
 * GTID positions as sets (acq_db_gtid.h): parsing, merging, formatting and
 * comparing MariaDB positions. Kept apart from any client so that the rules
 * that use them (the errant-transaction check of rejoin, the data-driven
 * choice of an election's candidate) are tested on positions alone.
 */
#include "sql/acq_db_gtid.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads one decimal number up to sep (or the end); -1 when it is not one. */
static int acq_db_gtid_number(const char **p, const char *end, char sep, uint64_t max, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;

	if (s >= end || *s < '0' || *s > '9') {
		return -1;
	}
	while (s < end && *s >= '0' && *s <= '9') {
		if (v > (max - (uint64_t) (*s - '0')) / 10) {
			return -1;
		}
		v = v * 10 + (uint64_t) (*s - '0');
		s++;
	}
	if (sep ? (s >= end || *s != sep) : s != end) {
		return -1;
	}
	*p = sep ? s + 1 : s;
	*out = v;
	return 0;
}

int acq_db_gtid_index(const acq_db_gtid_set *set, uint32_t domain, uint32_t server)
{
	int i;

	for (i = 0; i < set->count; i++) {
		if (set->items[i].domain == domain && set->items[i].server == server) {
			return i;
		}
	}
	return -1;
}

/* Adds g keeping the highest seq per pair; -1 when the set is full. */
static int acq_db_gtid_add(acq_db_gtid_set *set, const acq_db_gtid *g)
{
	int i = acq_db_gtid_index(set, g->domain, g->server);

	if (i >= 0) {
		if (g->seq > set->items[i].seq) {
			set->items[i].seq = g->seq;
		}
		return 0;
	}
	if (set->count == ACQ_DB_GTID_SET_MAX) {
		return -1;
	}
	set->items[set->count++] = *g;
	return 0;
}

static acq_db_rc acq_db_gtid_parse_one(const char *s, const char *end, acq_db_gtid *g, char *err, size_t errlen)
{
	uint64_t d, srv, seq;
	const char *p = s;

	if (acq_db_gtid_number(&p, end, '-', UINT32_MAX, &d) != 0 || acq_db_gtid_number(&p, end, '-', UINT32_MAX, &srv) != 0
		|| acq_db_gtid_number(&p, end, 0, UINT64_MAX, &seq) != 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "'%.*s' is not a GTID (DOMAIN-SERVER-SEQ)",
			(int) (end - s > 64 ? 64 : end - s), s);
	}
	g->domain = (uint32_t) d;
	g->server = (uint32_t) srv;
	g->seq = seq;
	return ACQ_DB_OK;
}

acq_db_rc acq_db_gtid_parse(const char *text, acq_db_gtid_set *out, char *err, size_t errlen)
{
	const char *p = text;

	out->count = 0;
	while (*p) {
		const char *end;
		acq_db_gtid g;
		acq_db_rc rc;

		while (*p == ' ' || *p == '\n' || *p == '\t') {
			p++;
		}
		if (*p == '\0') {
			break; /* blanks only: the empty set (or a trailing comma) */
		}
		end = p + strcspn(p, ",");
		while (end > p && (end[-1] == ' ' || end[-1] == '\n' || end[-1] == '\t')) {
			end--;
		}
		rc = acq_db_gtid_parse_one(p, end, &g, err, errlen);
		if (rc != ACQ_DB_OK) {
			out->count = 0;
			return rc;
		}
		if (acq_db_gtid_add(out, &g) != 0) {
			out->count = 0;
			return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "more than %d (domain, server) pairs", ACQ_DB_GTID_SET_MAX);
		}
		p += strcspn(p, ",");
		if (*p == ',') {
			p++;
		}
	}
	return ACQ_DB_OK;
}

void acq_db_gtid_merge(acq_db_gtid_set *into, const acq_db_gtid_set *more)
{
	int i;

	for (i = 0; i < more->count; i++) {
		(void) acq_db_gtid_add(into, &more->items[i]); /* a full set keeps what it has */
	}
}

static int acq_db_gtid_cmp(const void *a, const void *b)
{
	const acq_db_gtid *x = a;
	const acq_db_gtid *y = b;

	if (x->domain != y->domain) {
		return x->domain < y->domain ? -1 : 1;
	}
	if (x->server != y->server) {
		return x->server < y->server ? -1 : 1;
	}
	return 0;
}

void acq_db_gtid_format(const acq_db_gtid_set *set, char *buf, size_t len)
{
	acq_db_gtid sorted[ACQ_DB_GTID_SET_MAX];
	size_t used = 0;
	int i;

	if (!len) {
		return;
	}
	buf[0] = '\0';
	memcpy(sorted, set->items, sizeof(sorted[0]) * (size_t) set->count);
	qsort(sorted, (size_t) set->count, sizeof(sorted[0]), acq_db_gtid_cmp);
	for (i = 0; i < set->count && used < len; i++) {
		int n = snprintf(buf + used, len - used, "%s%u-%u-%llu", i ? "," : "", sorted[i].domain, sorted[i].server,
			(unsigned long long) sorted[i].seq);

		if (n < 0) {
			break;
		}
		used += (size_t) n;
	}
}

/* The highest seq of domain in set, and whether the domain is there. */
static int acq_db_gtid_domain_max(const acq_db_gtid_set *set, uint32_t domain, uint64_t *seq)
{
	int found = 0;
	int i;

	*seq = 0;
	for (i = 0; i < set->count; i++) {
		if (set->items[i].domain == domain && (!found || set->items[i].seq > *seq)) {
			*seq = set->items[i].seq;
			found = 1;
		}
	}
	return found;
}

int acq_db_gtid_covers(const acq_db_gtid_set *a, const acq_db_gtid_set *b)
{
	int i;

	for (i = 0; i < b->count; i++) {
		uint64_t seq;

		if (!acq_db_gtid_domain_max(a, b->items[i].domain, &seq) || seq < b->items[i].seq) {
			return 0;
		}
	}
	return 1;
}
