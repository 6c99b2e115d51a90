/*
 * The php.ini / php-fpm pool reader behind `acq-db-admin --ini`. It follows
 * PHP's own INI syntax only as far as acq_db's settings need: comments (; #),
 * [sections], KEY = VALUE with quoted or bare values, and the pool file's
 * php_*value[KEY] wrappers. A setting it cannot read is an error naming the
 * line, never a silently different value.
 */
#include "admin/acq_db_inifile.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACQ_DB_INI_FILE_MAX (1024 * 1024)
#define ACQ_DB_INI_PREFIX "acq_db."

static const char *const acq_db_ini_wrappers[] = {
	"php_admin_value[", "php_value[", "php_admin_flag[", "php_flag[", NULL
};

/* Trims blanks at both ends of [*start, *end). */
static void acq_db_ini_trim(const char **start, const char **end)
{
	while (*start < *end && isspace((unsigned char) **start)) {
		(*start)++;
	}
	while (*end > *start && isspace((unsigned char) (*end)[-1])) {
		(*end)--;
	}
}

/* The directive name inside a pool wrapper, or the key itself. Fills name;
 * returns -1 when a wrapper is not closed by ']'. */
static int acq_db_ini_directive(const char *k, const char *kend, char *name, size_t namelen)
{
	size_t n;
	int i;

	for (i = 0; acq_db_ini_wrappers[i]; i++) {
		size_t wl = strlen(acq_db_ini_wrappers[i]);

		if ((size_t) (kend - k) > wl && strncmp(k, acq_db_ini_wrappers[i], wl) == 0) {
			if (kend[-1] != ']') {
				return -1;
			}
			k += wl;
			kend--;
			acq_db_ini_trim(&k, &kend);
			break;
		}
	}
	n = (size_t) (kend - k);
	if (n >= namelen) {
		n = namelen - 1;
	}
	memcpy(name, k, n);
	name[n] = '\0';
	return 0;
}

/* Unquotes the value in [v, vend) into out. Double quotes take \" and \\ as
 * escapes, single quotes are literal, a bare value ends at a ';' comment.
 * Returns NULL or the reason it cannot be read. */
static const char *acq_db_ini_value(const char *v, const char *vend, char *out, size_t outlen)
{
	size_t n = 0;

	if (v < vend && (*v == '"' || *v == '\'')) {
		char q = *v++;
		const char *rest;

		while (v < vend && *v != q) {
			if (q == '"' && *v == '\\' && v + 1 < vend && (v[1] == '"' || v[1] == '\\')) {
				v++;
			}
			if (n + 1 >= outlen) {
				return "the value is too long";
			}
			out[n++] = *v++;
		}
		if (v >= vend) {
			return "the quoted value is not closed on this line";
		}
		rest = v + 1;
		while (rest < vend && isspace((unsigned char) *rest)) {
			rest++;
		}
		if (rest < vend && *rest != ';' && *rest != '#') {
			return "text after the closing quote";
		}
	} else {
		const char *semi = memchr(v, ';', (size_t) (vend - v));

		if (semi) {
			vend = semi;
			acq_db_ini_trim(&v, &vend);
		}
		n = (size_t) (vend - v);
		if (n >= outlen) {
			return "the value is too long";
		}
		memcpy(out, v, n);
	}
	out[n] = '\0';
	return NULL;
}

/* Records key = value from section at line, applying the override rules. */
static acq_db_rc acq_db_ini_store(acq_db_ini *ini, const char *key, const char *value, const char *section,
	int line, char *err, size_t errlen)
{
	int i;

	for (i = 0; i < ini->count; i++) {
		acq_db_ini_entry *e = &ini->items[i];

		if (strcmp(e->key, key) != 0) {
			continue;
		}
		if (strcmp(e->section, section) != 0 && strcmp(e->value, value) != 0) {
			return acq_db_fail(err, errlen, ACQ_DB_E_INVALID,
				"line %d: [%s] sets acq_db.%s differently from [%s] at line %d; "
				"give the value you mean as a flag instead", line, section, key, e->section, e->line);
		}
		acq_db_strlcpy(e->value, value, sizeof(e->value));
		acq_db_strlcpy(e->section, section, sizeof(e->section));
		e->line = line;
		return ACQ_DB_OK;
	}
	if (ini->count == ACQ_DB_INI_MAX_ENTRIES) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "line %d: more than %d acq_db settings", line,
			ACQ_DB_INI_MAX_ENTRIES);
	}
	acq_db_strlcpy(ini->items[ini->count].key, key, ACQ_DB_INI_KEY_MAX);
	acq_db_strlcpy(ini->items[ini->count].value, value, ACQ_DB_INI_VALUE_MAX);
	acq_db_strlcpy(ini->items[ini->count].section, section, ACQ_DB_INI_KEY_MAX);
	ini->items[ini->count].line = line;
	ini->count++;
	return ACQ_DB_OK;
}

/* Whether [p, end) contains "acq_db.": a line meant for us. */
static int acq_db_ini_mentions_us(const char *p, const char *end)
{
	size_t pl = strlen(ACQ_DB_INI_PREFIX);

	for (; p + pl <= end; p++) {
		if (memcmp(p, ACQ_DB_INI_PREFIX, pl) == 0) {
			return 1;
		}
	}
	return 0;
}

/* One line [p, end): a comment, a section, an assignment or something else. */
static acq_db_rc acq_db_ini_line(acq_db_ini *ini, const char *p, const char *end, int line, char *section,
	char *err, size_t errlen)
{
	char value[ACQ_DB_INI_VALUE_MAX];
	char name[256];
	const char *eq;
	const char *kend;
	const char *why;

	acq_db_ini_trim(&p, &end);
	if (p == end || *p == ';' || *p == '#') {
		return ACQ_DB_OK;
	}
	if (*p == '[') {
		const char *s = p + 1;
		const char *send = end - 1;

		if (*send == ']') { /* "[www]"; anything else in brackets is not ours */
			size_t n;

			acq_db_ini_trim(&s, &send);
			n = (size_t) (send - s) < ACQ_DB_INI_KEY_MAX - 1 ? (size_t) (send - s) : ACQ_DB_INI_KEY_MAX - 1;
			memcpy(section, s, n);
			section[n] = '\0';
		}
		return ACQ_DB_OK;
	}
	eq = memchr(p, '=', (size_t) (end - p));
	if (!eq) {
		if (acq_db_ini_mentions_us(p, end)) {
			return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "line %d: an acq_db setting without '='", line);
		}
		return ACQ_DB_OK;
	}
	kend = eq;
	acq_db_ini_trim(&p, &kend);
	if (acq_db_ini_directive(p, kend, name, sizeof(name)) != 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "line %d: php_*value[ is not closed by ']'", line);
	}
	if (strncmp(name, ACQ_DB_INI_PREFIX, strlen(ACQ_DB_INI_PREFIX)) != 0) {
		return ACQ_DB_OK;
	}
	p = eq + 1;
	acq_db_ini_trim(&p, &end);
	why = acq_db_ini_value(p, end, value, sizeof(value));
	if (why) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "line %d (%s): %s", line, name, why);
	}
	return acq_db_ini_store(ini, name + strlen(ACQ_DB_INI_PREFIX), value, section, line, err, errlen);
}

acq_db_rc acq_db_inifile_parse(const char *buf, size_t len, acq_db_ini *out, char *err, size_t errlen)
{
	char section[ACQ_DB_INI_KEY_MAX] = "";
	const char *p = buf;
	const char *end = buf + len;
	int line = 1;

	out->count = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t) (end - p));
		const char *lend = nl ? nl : end;
		acq_db_rc rc = acq_db_ini_line(out, p, lend, line, section, err, errlen);

		if (rc != ACQ_DB_OK) {
			out->count = 0; /* all or nothing */
			return rc;
		}
		p = nl ? nl + 1 : end;
		line++;
	}
	return ACQ_DB_OK;
}

acq_db_rc acq_db_inifile_read(const char *path, acq_db_ini *out, char *err, size_t errlen)
{
	char why[ACQ_DB_ERR_MAX];
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;
	acq_db_rc rc;

	out->count = 0;
	if (!f) {
		return acq_db_fail(err, errlen, errno == EACCES ? ACQ_DB_E_PERM : ACQ_DB_E_IO, "cannot open %s: %s",
			path, strerror(errno));
	}
	buf = malloc(ACQ_DB_INI_FILE_MAX + 1);
	if (!buf) {
		fclose(f);
		return acq_db_fail(err, errlen, ACQ_DB_E_IO, "out of memory reading %s", path);
	}
	n = fread(buf, 1, ACQ_DB_INI_FILE_MAX + 1, f);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return acq_db_fail(err, errlen, ACQ_DB_E_IO, "cannot read %s", path);
	}
	fclose(f);
	if (n > ACQ_DB_INI_FILE_MAX) {
		free(buf);
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "%s is larger than 1 MiB: not a php.ini", path);
	}
	rc = acq_db_inifile_parse(buf, n, out, why, sizeof(why));
	free(buf);
	if (rc != ACQ_DB_OK) {
		return acq_db_fail(err, errlen, rc, "%s %s", path, why);
	}
	return ACQ_DB_OK;
}

const char *acq_db_ini_get(const acq_db_ini *ini, const char *key)
{
	int i;

	for (i = 0; i < ini->count; i++) {
		if (strcmp(ini->items[i].key, key) == 0) {
			return ini->items[i].value;
		}
	}
	return NULL;
}
