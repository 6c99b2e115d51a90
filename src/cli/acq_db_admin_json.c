/*
 * The few JSON primitives acq-db-admin's --json output needs: strings with
 * every control character escaped (server error messages carry quotes and
 * newlines) and object members with their commas. Numbers and booleans are
 * printed by the callers.
 */
#include "acq_db_admin.h"

void acq_db_admin_json_str(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *) s;

	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				fprintf(out, "\\u%04x", *p);
			} else {
				fputc(*p, out);
			}
		}
	}
	fputc('"', out);
}

void acq_db_admin_json_key(FILE *out, int *first, const char *key)
{
	if (!*first) {
		fputc(',', out);
	}
	*first = 0;
	acq_db_admin_json_str(out, key);
	fputc(':', out);
}

int acq_db_admin_unknown(acq_db_admin_format format, const char *why)
{
	int first = 1;

	if (format != ACQ_DB_ADMIN_JSON) {
		printf("ACQ_DB UNKNOWN - %s\n", why);
		return ACQ_DB_ADMIN_UNKNOWN;
	}
	fputc('{', stdout);
	acq_db_admin_json_key(stdout, &first, "status");
	acq_db_admin_json_str(stdout, "unknown");
	acq_db_admin_json_key(stdout, &first, "exit");
	printf("%d", ACQ_DB_ADMIN_UNKNOWN);
	acq_db_admin_json_key(stdout, &first, "summary");
	acq_db_admin_json_str(stdout, why);
	fputs(",\"servers\":null}\n", stdout);
	return ACQ_DB_ADMIN_UNKNOWN;
}
