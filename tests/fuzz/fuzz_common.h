/*
 * Shared helpers of the libFuzzer targets: a NUL-terminated copy of the
 * input, and the comparison of two election states that the round-trip
 * properties need. A broken property aborts, which libFuzzer reports as a
 * crash with the input that caused it.
 */
#ifndef ACQ_DB_FUZZ_COMMON_H
#define ACQ_DB_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/acq_db_efile.h"

#define ACQ_DB_FUZZ_ASSERT(cond, ...) do { \
	if (!(cond)) { \
		fprintf(stderr, "property broken: %s: ", #cond); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
		abort(); \
	} \
} while (0)

/* A malloc'ed copy of data with a NUL after it (the caller frees it). */
static inline char *acq_db_fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s) {
		abort();
	}
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* 1 if two states say the same thing (the checksum field aside: comment
 * lines in the input change it, not the state). */
static inline int acq_db_fuzz_same_state(const acq_db_state *a, const acq_db_state *b)
{
	int i;

	if (a->epoch != b->epoch || strcmp(a->active, b->active) != 0 || a->changed_at_ms != b->changed_at_ms
		|| strcmp(a->changed_by_host, b->changed_by_host) != 0 || a->changed_by_pid != b->changed_by_pid
		|| strcmp(a->reason, b->reason) != 0 || a->demoted_count != b->demoted_count) {
		return 0;
	}
	for (i = 0; i < a->demoted_count; i++) {
		if (strcmp(a->demoted[i], b->demoted[i]) != 0) {
			return 0;
		}
	}
	return 1;
}

/* The election-file round trip: a parsed state formats to bytes that parse
 * to the same state, and formatting that again gives the same bytes. */
static inline void acq_db_fuzz_efile_round_trip(const acq_db_state *st)
{
	static char one[ACQ_DB_FILE_MAX];
	static char two[ACQ_DB_FILE_MAX];
	char err[ACQ_DB_ERR_MAX];
	acq_db_state back;
	size_t n1 = acq_db_efile_format(st, one, sizeof(one));
	size_t n2;
	acq_db_rc rc;

	ACQ_DB_FUZZ_ASSERT(n1 > 0, "a parsed state does not format");
	rc = acq_db_efile_parse(one, n1, &back, err, sizeof(err));
	ACQ_DB_FUZZ_ASSERT(rc == ACQ_DB_OK, "the formatted state does not parse: %s\n%.*s", err, (int) n1, one);
	ACQ_DB_FUZZ_ASSERT(acq_db_fuzz_same_state(st, &back), "the state changed in the round trip\n%.*s", (int) n1, one);
	n2 = acq_db_efile_format(&back, two, sizeof(two));
	ACQ_DB_FUZZ_ASSERT(n1 == n2 && memcmp(one, two, n1) == 0, "formatting is not stable");
}

#endif
