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
	int loaded;                  /* 0: promotion is off */
} acq_db_credentials;

/* Reads path into out (out->loaded = 1). Refuses a file that is missing,
 * unreadable, not a regular file, larger than ACQ_DB_OPTFILE_SIZE_MAX,
 * readable or writable by "other" or writable by its group, without a
 * [client] section or without user=, with a line that is not an option, or
 * with an option other than user, password, ssl-ca, ssl-cert, ssl-key and
 * ssl-verify-server-cert (MySQL's '_' spelling is accepted too). Other
 * sections ([mysqld], [mysql], ...) are skipped. On failure out is wiped and
 * err says what to fix, naming the file and the line, never a value. */
acq_db_rc acq_db_optfile_read(const char *path, acq_db_credentials *out, char *err, size_t errlen);

/* Overwrites the secret in memory (explicit_bzero: not optimised away). */
void acq_db_credentials_wipe(acq_db_credentials *cred);

#endif
