/*
 * The promotion credentials: a MySQL option file ([client] user, password and
 * the TLS options) named by acq_db.admin_credentials and read once at
 * startup, before a server runs any application code. The parser is strict
 * (an unknown option is an error, not ignored) and discreet: no message it
 * writes ever quotes a value from the file, so the password cannot leak
 * through an error, a log line or phpinfo().
 */
#ifndef ACQ_DB_OPTFILE_H
#define ACQ_DB_OPTFILE_H

#include "lib/acq_db_common.h"
#include "config/acq_db_servers.h"

#define ACQ_DB_OPTFILE_SIZE_MAX 65536

/* Administrative credentials, from the option file named by
 * acq_db.admin_credentials. Never printed anywhere. */
typedef struct acq_db_credentials {
	char user[128];
	char password[256];
	char ssl_ca[ACQ_DB_PATH_MAX];
	char ssl_cert[ACQ_DB_PATH_MAX];
	char ssl_key[ACQ_DB_PATH_MAX];
	int ssl_verify_server_cert;
	int ssl_disabled;            /* ssl-mode=DISABLED: sessions without verified TLS are the operator's choice */
	int loaded;                  /* 0: promotion is off */
} acq_db_credentials;

/* Reads path into out (out->loaded = 1). Refuses a file that is missing,
 * unreadable, not a regular file, larger than ACQ_DB_OPTFILE_SIZE_MAX,
 * owned by anyone but root or the reading process's user, readable or
 * writable by "other" or writable by its group, without a [client] section
 * or without user=, with a line that is not an option, or with an option
 * other than user, password, ssl-ca, ssl-cert, ssl-key,
 * ssl-verify-server-cert and ssl-mode (VERIFY_IDENTITY or DISABLED; MySQL's
 * '_' spelling is accepted too). Other sections ([mysqld], [mysql], ...) are
 * skipped. On failure out is wiped and err says what to fix, naming the file
 * and the line, never a value. */
acq_db_rc acq_db_optfile_read(const char *path, acq_db_credentials *out, char *err, size_t errlen);

/* acq_db_optfile_read of the section [group] instead of the client ones:
 * "replication" reads the account rejoin --as-replica gives a replica.
 * ACQ_DB_E_MISSING when the file has no such section. */
acq_db_rc acq_db_optfile_read_group(const char *path, const char *group, acq_db_credentials *out,
	char *err, size_t errlen);

/* The policy for an admin session to member s with cred, which every SQL
 * executor applies before it connects: TLS with a verified server
 * certificate (ssl-verify-server-cert, or ssl-mode=VERIFY_IDENTITY), unless
 * the member is on this host (a Unix socket, localhost, 127.0.0.0/8, ::1) or
 * the file says ssl-mode=DISABLED. Without it a server, or anyone in the
 * path, could ask mysqlnd for the password in cleartext
 * (mysql_clear_password). ACQ_DB_E_PERM with what to write otherwise. */
acq_db_rc acq_db_credentials_check_session(const acq_db_credentials *cred, const acq_db_server *s,
	char *err, size_t errlen);

/* Overwrites the secret in memory (explicit_bzero: not optimised away). */
void acq_db_credentials_wipe(acq_db_credentials *cred);

#endif
