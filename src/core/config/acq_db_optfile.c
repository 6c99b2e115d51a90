/*
 * Parser of the promotion credentials file (acq_db_optfile.h): the subset of
 * MySQL's option-file syntax that an administrative [client] section needs.
 * The file is read whole into a buffer that is wiped afterwards, and every
 * message names the file and a line number, never the line: a line that is
 * wrong in an unexpected way may well be the password.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include "config/acq_db_optfile.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

void acq_db_credentials_wipe(acq_db_credentials *cred)
{
	explicit_bzero(cred, sizeof(*cred));
}

/* Any bit for "other", or group write: application code running as another
 * local user (the php-fpm pool's) could read the password, or anyone could
 * plant credentials of their choosing. MySQL itself ignores world-writable
 * option files; this file unlocks every server, so it is stricter. */
#define ACQ_DB_OPTFILE_BAD_MODE (S_IRWXO | S_IWGRP)

static acq_db_rc acq_db_optfile_open(const char *path, int *fd, char *err, size_t errlen)
{
	struct stat sb;

	*fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (*fd < 0) {
		int e = errno;
		return acq_db_fail(err, errlen, e == ENOENT ? ACQ_DB_E_MISSING : e == EACCES ? ACQ_DB_E_PERM : ACQ_DB_E_IO,
			"%s: %s%s", path, strerror(e),
			e == EACCES ? " (it is read once at startup: php-fpm's master reads it as root, the CLI needs sudo)" : "");
	}
	if (fstat(*fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(*fd);
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "%s: not a regular file", path);
	}
	/* the owner can chmod it open between two reads, or swap its contents:
	 * only root and the reading user are trusted with that */
	if (sb.st_uid != 0 && sb.st_uid != geteuid()) {
		close(*fd);
		return acq_db_fail(err, errlen, ACQ_DB_E_PERM,
			"%s: owned by uid %u, neither root nor this process's user (uid %u); its owner could change the "
			"credentials at any time: chown root (and chmod 0600)", path, (unsigned) sb.st_uid, (unsigned) geteuid());
	}
	if (sb.st_mode & ACQ_DB_OPTFILE_BAD_MODE) {
		close(*fd);
		return acq_db_fail(err, errlen, ACQ_DB_E_PERM,
			"%s: mode %04o lets other local users (the web application among them) %s it; it holds a password "
			"that can make any server writable: chown root and chmod 0600 (or 0640 for one trusted group)",
			path, (unsigned) (sb.st_mode & 07777), (sb.st_mode & (S_IWOTH | S_IWGRP)) ? "change" : "read");
	}
	if (sb.st_size > ACQ_DB_OPTFILE_SIZE_MAX) {
		close(*fd);
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "%s: larger than %d bytes; not an option file",
			path, ACQ_DB_OPTFILE_SIZE_MAX);
	}
	return ACQ_DB_OK;
}

/* Whole file into buf (NUL-terminated); *len its length. */
static acq_db_rc acq_db_optfile_slurp(const char *path, char *buf, size_t cap, size_t *len, char *err, size_t errlen)
{
	int fd;
	acq_db_rc rc = acq_db_optfile_open(path, &fd, err, errlen);
	ssize_t n;

	if (rc != ACQ_DB_OK) {
		return rc;
	}
	*len = 0;
	while ((n = read(fd, buf + *len, cap - 1 - *len)) > 0) {
		*len += (size_t) n;
		if (*len == cap - 1) {
			break;
		}
	}
	close(fd);
	buf[*len] = '\0';
	if (n < 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_IO, "%s: read failed: %s", path, strerror(errno));
	}
	if (memchr(buf, '\0', *len)) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "%s: contains a NUL byte; not an option file", path);
	}
	return ACQ_DB_OK;
}

static char *acq_db_trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t') {
		s++;
	}
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) {
		*--end = '\0';
	}
	return s;
}

/* MySQL's reading of a value: quotes are removed, backslash escapes
 * decoded, and an unquoted '#' starts a comment. In place; 0 or -1 for an
 * unterminated quote. */
static int acq_db_optfile_value(char *v)
{
	char quote = (*v == '\'' || *v == '"') ? *v : 0;
	char *in = v + (quote ? 1 : 0);
	char *out = v;

	for (; *in; in++) {
		if (quote && *in == quote) {
			*out = '\0';
			return *acq_db_trim(in + 1) == '\0' || *acq_db_trim(in + 1) == '#' ? 0 : -1;
		}
		if (!quote && *in == '#') {
			break;
		}
		if (*in == '\\' && in[1]) {
			const char *from = "ntrbs\\'\"";
			const char *to = "\n\t\r\b \\'\"";
			const char *hit = strchr(from, in[1]);
			*out++ = hit ? to[hit - from] : in[1];
			in++;
			continue;
		}
		*out++ = *in;
	}
	if (quote) {
		return -1;
	}
	*out = '\0';
	(void) acq_db_trim(v); /* the blanks before an inline comment */
	return 0;
}

/* The sections read for group: NULL for the client ones (what the mysql
 * client and MariaDB's clients read), else that one section. */
static int acq_db_is_wanted_section(const char *name, const char *group)
{
	if (group) {
		return strcasecmp(name, group) == 0;
	}
	return strcasecmp(name, "client") == 0 || strcasecmp(name, "client-server") == 0
		|| strcasecmp(name, "client-mariadb") == 0;
}

/* A key safe to repeat in a message: one of the client options that MySQL
 * knows. Anything else is not quoted: a line such as "ab=cd" may be a
 * stray password, and the part before '=' a piece of it. */
static int acq_db_key_printable(const char *k)
{
	static const char *const known[] = {
		"host", "port", "socket", "database", "protocol", "ssl", "ssl-mode", "ssl-capath", "ssl-cipher",
		"ssl-crl", "ssl-crlpath", "tls-version", "default-character-set", "connect-timeout", "compress",
		"pass", "passwd", "username", "plugin-dir", "default-auth", "bind-address", "init-command", "skip-ssl"
	};
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (strcmp(k, known[i]) == 0) {
			return 1;
		}
	}
	return 0;
}

static int acq_db_optfile_bool(const char *v, int *out)
{
	if (!v || !*v || strcmp(v, "1") == 0 || strcasecmp(v, "on") == 0 || strcasecmp(v, "true") == 0) {
		*out = 1;
		return 0;
	}
	if (strcmp(v, "0") == 0 || strcasecmp(v, "off") == 0 || strcasecmp(v, "false") == 0) {
		*out = 0;
		return 0;
	}
	return -1;
}

#define ACQ_DB_OPTFILE_KEYS "user, password, ssl-ca, ssl-cert, ssl-key, ssl-verify-server-cert, ssl-mode"

/* ssl-mode: only the two values that say something the other options do
 * not. REQUIRED and VERIFY_CA (TLS without checking whom it talks to) would
 * still hand the password to an impostor. */
static acq_db_rc acq_db_optfile_ssl_mode(const char *path, int lineno, const char *val, acq_db_credentials *out,
	char *err, size_t errlen)
{
	if (!val || !*val) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "%s line %d: ssl-mode needs a value (ssl-mode=VERIFY_IDENTITY)",
			path, lineno);
	}
	if (strcasecmp(val, "VERIFY_IDENTITY") == 0) {
		out->ssl_verify_server_cert = 1;
		out->ssl_disabled = 0;
		return ACQ_DB_OK;
	}
	if (strcasecmp(val, "DISABLED") == 0) {
		out->ssl_disabled = 1;
		return ACQ_DB_OK;
	}
	return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "%s line %d: ssl-mode takes VERIFY_IDENTITY or DISABLED "
		"(TLS that does not verify the server would hand the password to an impostor)", path, lineno);
}

/* One "key[=value]" line of a client section into out. */
static acq_db_rc acq_db_optfile_option(const char *path, const char *sect, int lineno, char *line,
	acq_db_credentials *out, char *err, size_t errlen)
{
	char *eq = strchr(line, '=');
	char *key = line;
	char *val = NULL;
	char *p;
	char *dst = NULL;
	size_t cap = 0;

	if (eq) {
		*eq = '\0';
		val = acq_db_trim(eq + 1);
		if (acq_db_optfile_value(val) != 0) {
			return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "%s line %d: a quote is not closed (or text follows it)",
				path, lineno);
		}
	}
	key = acq_db_trim(key);
	for (p = key; *p; p++) {
		*p = *p == '_' ? '-' : (char) tolower((unsigned char) *p);
	}
	if (strcmp(key, "ssl-mode") == 0) {
		return acq_db_optfile_ssl_mode(path, lineno, val, out, err, errlen);
	}
	if (strcmp(key, "ssl-verify-server-cert") == 0) {
		if (acq_db_optfile_bool(val, &out->ssl_verify_server_cert) != 0) {
			return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "%s line %d: ssl-verify-server-cert takes 1, 0, on, off, "
				"true, false or no value", path, lineno);
		}
		return ACQ_DB_OK;
	}
	if (strcmp(key, "user") == 0) {
		dst = out->user, cap = sizeof(out->user);
	} else if (strcmp(key, "password") == 0) {
		dst = out->password, cap = sizeof(out->password);
	} else if (strcmp(key, "ssl-ca") == 0) {
		dst = out->ssl_ca, cap = sizeof(out->ssl_ca);
	} else if (strcmp(key, "ssl-cert") == 0) {
		dst = out->ssl_cert, cap = sizeof(out->ssl_cert);
	} else if (strcmp(key, "ssl-key") == 0) {
		dst = out->ssl_key, cap = sizeof(out->ssl_key);
	}
	if (!dst) {
		if (!eq) {
			return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "%s line %d: not an option this file may hold "
				"(in [%s]: " ACQ_DB_OPTFILE_KEYS ")", path, lineno, sect);
		}
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "%s line %d: unknown option%s%s%s in [%s]; allowed: "
			ACQ_DB_OPTFILE_KEYS, path, lineno, acq_db_key_printable(key) ? " '" : "",
			acq_db_key_printable(key) ? key : "", acq_db_key_printable(key) ? "'" : "", sect);
	}
	if (!val) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "%s line %d: %s needs a value (%s=...)", path, lineno, key, key);
	}
	if (dst != out->password && !*val) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "%s line %d: %s is empty", path, lineno, key);
	}
	if (acq_db_strlcpy(dst, val, cap) != 0) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "%s line %d: %s is longer than %zu bytes", path, lineno, key,
			cap - 1);
	}
	return ACQ_DB_OK;
}

/* Walks the lines; options outside the client sections are skipped. */
static acq_db_rc acq_db_optfile_parse(const char *path, const char *group, char *text, acq_db_credentials *out,
	char *err, size_t errlen)
{
	const char *sect = group ? group : "client";
	int lineno = 0, in_client = 0, saw_client = 0;
	char *next = text;

	while (next) {
		char *line = next;
		char *nl = strchr(line, '\n');
		acq_db_rc rc;

		next = nl ? nl + 1 : NULL;
		if (nl) {
			*nl = '\0';
		}
		lineno++;
		line = acq_db_trim(line);
		if (!*line || *line == '#' || *line == ';') {
			continue;
		}
		if (*line == '!') {
			return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "%s line %d: !include and !includedir are not supported; "
				"put the options in this file", path, lineno);
		}
		if (*line == '[') {
			char *close = strchr(line, ']');
			if (!close || *acq_db_trim(close + 1)) {
				return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "%s line %d: a section header is '[name]'", path, lineno);
			}
			*close = '\0';
			in_client = acq_db_is_wanted_section(acq_db_trim(line + 1), group);
			saw_client |= in_client;
			continue;
		}
		if (!in_client) {
			continue;
		}
		rc = acq_db_optfile_option(path, sect, lineno, line, out, err, errlen);
		if (rc != ACQ_DB_OK) {
			return rc;
		}
	}
	if (!saw_client) {
		/* a named section is optional for its callers: say "absent" apart */
		return acq_db_fail(err, errlen, group ? ACQ_DB_E_MISSING : ACQ_DB_E_INVALID, "%s: no [%s] section (expected [%s] with user= and "
			"password=)", path, sect, sect);
	}
	if (!out->user[0]) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "%s: [%s] has no user=", path, sect);
	}
	if (out->ssl_disabled && (out->ssl_ca[0] || out->ssl_cert[0] || out->ssl_verify_server_cert)) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "%s: ssl-mode=DISABLED contradicts ssl-ca, ssl-cert, ssl-key "
			"and ssl-verify-server-cert: keep one or the other", path);
	}
	if (!out->ssl_cert[0] != !out->ssl_key[0]) {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "%s: ssl-cert and ssl-key go together (a client certificate "
			"needs its key)", path);
	}
	return ACQ_DB_OK;
}

acq_db_rc acq_db_optfile_read(const char *path, acq_db_credentials *out, char *err, size_t errlen)
{
	return acq_db_optfile_read_group(path, NULL, out, err, errlen);
}

acq_db_rc acq_db_optfile_read_group(const char *path, const char *group, acq_db_credentials *out,
	char *err, size_t errlen)
{
	static char buf[ACQ_DB_OPTFILE_SIZE_MAX + 1]; /* read once at startup, before any thread */
	size_t len = 0;
	acq_db_rc rc;

	acq_db_credentials_wipe(out);
	if (!path || path[0] != '/') {
		return acq_db_fail(err, errlen, ACQ_DB_E_INVALID, "must be an absolute path to a MySQL option file "
			"(e.g. /etc/acq_db/admin.cnf)");
	}
	rc = acq_db_optfile_slurp(path, buf, sizeof(buf), &len, err, errlen);
	if (rc == ACQ_DB_OK) {
		rc = acq_db_optfile_parse(path, group, buf, out, err, errlen);
	}
	explicit_bzero(buf, sizeof(buf));
	if (rc != ACQ_DB_OK) {
		acq_db_credentials_wipe(out);
		return rc;
	}
	out->loaded = 1;
	return ACQ_DB_OK;
}

/* A member on this host: a Unix socket, the name localhost, or a loopback
 * address (127.0.0.0/8, ::1, and 127.0.0.0/8 mapped into IPv6). Other host
 * names are not resolved: what a name resolves to can change. */
static int acq_db_member_is_local(const acq_db_server *s)
{
	unsigned char a[16];

	if (s->socket[0] || strcasecmp(s->host, "localhost") == 0) {
		return 1;
	}
	if (inet_pton(AF_INET, s->host, a) == 1) {
		return a[0] == 127;
	}
	if (inet_pton(AF_INET6, s->host, a) == 1) {
		static const unsigned char loop6[16] = { [15] = 1 };
		static const unsigned char mapped[12] = { [10] = 0xff, [11] = 0xff };
		return memcmp(a, loop6, 16) == 0 || (memcmp(a, mapped, 12) == 0 && a[12] == 127);
	}
	return 0;
}

acq_db_rc acq_db_credentials_check_session(const acq_db_credentials *cred, const acq_db_server *s,
	char *err, size_t errlen)
{
	if (cred->ssl_verify_server_cert || cred->ssl_disabled || acq_db_member_is_local(s)) {
		return ACQ_DB_OK;
	}
	return acq_db_fail(err, errlen, ACQ_DB_E_PERM,
		"no admin session to %s (%s:%u) without TLS that verifies the server: a server or anyone in the path could "
		"ask for the password in cleartext (mysql_clear_password). In the credentials file's [client] add ssl-ca=... "
		"and ssl-verify-server-cert (or ssl-mode=VERIFY_IDENTITY); or, to accept that risk on a trusted network, "
		"ssl-mode=DISABLED", s->name, s->host, s->port);
}
