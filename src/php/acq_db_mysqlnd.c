/*
 * mysqlnd plugin: the connect path of every mysqlnd connection (PDO and
 * mysqli). A connect aimed at a cluster member or at acq_db.alias is sent to
 * the active master; if that master does not answer at connection level, the
 * core runs an election whose probe is this very connect (same credentials,
 * same options) to the next candidate, and the caller gets the connection the
 * winning probe made. Everything else passes through untouched.
 *
 * Each routed connection carries plugin data (mysqlnd_plugin_register's id,
 * as mysqlnd_ms does): the member it reached, the epoch it was opened at,
 * whether a transaction is open, the session statements to replay, the
 * deadline of a connect attempt in progress. Before a statement is sent the
 * core's statement policy (acq_db_stmt.h) decides: send it, reconnect to
 * the active master and send it there, or refuse it because a transaction or
 * a session that cannot be rebuilt was on a demoted member. A safe read that
 * fails at connection level is sent once more on a new routed connection.
 *
 * mysqlnd forgets a connection's TLS settings after a failed attempt (its
 * free_contents frees the vio's ssl_* options), so every retry first restores
 * them from a snapshot taken before the first attempt: a failover must never
 * connect in plain text or without certificate checks.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "main/php_network.h"
#include "main/php_streams.h"
#include "ext/mysqlnd/mysqlnd.h"
#include "ext/mysqlnd/mysqlnd_ext_plugin.h"
#include "ext/mysqlnd/mysqlnd_structs.h"
#include "ext/mysqlnd/mysqlnd_connection.h"
#include "ext/standard/file.h"

#include "ext/mysqlnd/mysqlnd_debug.h"
#include "ext/mysqlnd/mysqlnd_enum_n_def.h"

#include "php_acq_db.h"
#include "lib/acq_db_clock.h"
#include "failover/acq_db_route.h"
#include "failover/acq_db_stmt.h"


#define ACQ_DB_SQLSTATE "HY000"
#define ACQ_DB_CR_CONNECTION_ERROR 2002
#define ACQ_DB_CR_SERVER_GONE 2006

static MYSQLND_CLASS_METHODS_TYPE(mysqlnd_conn_data) acq_db_conn_data_methods;
static func_mysqlnd_conn_data__connect acq_db_orig_connect;
static func_mysqlnd_conn_data__ping acq_db_orig_ping;
static func_mysqlnd_conn_data__change_user acq_db_orig_change_user;
static func_mysqlnd_conn_data__send_query acq_db_orig_send_query;
static func_mysqlnd_conn_data__query acq_db_orig_query;
static func_mysqlnd_conn_data__dtor acq_db_orig_dtor;
static MYSQLND_CLASS_METHODS_TYPE(mysqlnd_vio) acq_db_vio_methods;
static func_mysqlnd_vio__post_connect_set_opt acq_db_orig_post_connect_set_opt;
static MYSQLND_CLASS_METHODS_TYPE(mysqlnd_stmt) acq_db_stmt_methods;
static func_mysqlnd_stmt__prepare acq_db_orig_stmt_prepare;
static func_mysqlnd_stmt__send_execute acq_db_orig_stmt_send_execute;
static func_mysqlnd_stmt__dtor acq_db_orig_stmt_dtor;

/* mysqlnd_plugin_register()'s id: the slot of acq_db's data in every
 * connection, vio and statement. */
static unsigned int acq_db_plugin_id;

/* One per connection that acq_db has touched, freed with the connection
 * (persistent connections keep it across requests). */
typedef struct acq_db_conn_data {
	acq_db_stmt_conn sc;          /* member "" when the connection is not routed */
	unsigned int mysql_flags;     /* the caller's connect flags, for a reconnect */
	uint64_t attempt_deadline_us; /* the connect attempt in progress (vio hook), 0 when none */
	zend_ulong incarnation;       /* bumps at every routed (re)connect: a prepared statement belongs to one */
	bool busy;                    /* inside acq_db's own reconnect and replay: no checks */
	bool not_sent;                /* the last statement was stopped before it was sent */
} acq_db_conn_data;

static acq_db_conn_data **acq_db_conn_slot(const MYSQLND_CONN_DATA *conn)
{
	return (acq_db_conn_data **) mysqlnd_plugin_get_plugin_connection_data_data(conn, acq_db_plugin_id);
}

/* The connection's data, NULL when acq_db never touched it: the statement
 * hooks' first test, one load. */
static inline acq_db_conn_data *acq_db_conn_get(const MYSQLND_CONN_DATA *conn)
{
	return *acq_db_conn_slot(conn);
}

/* The vio's slot points at its connection's data (the vio hook has no
 * connection). mysqlnd_plugin_get_plugin_vio_data reads the pfc's area in
 * PHP 8.2's header, so the getter is called directly. */
static acq_db_conn_data **acq_db_vio_slot(const MYSQLND_VIO *vio)
{
	return (acq_db_conn_data **) mysqlnd_plugin_area_getters.get_vio_area(vio, acq_db_plugin_id);
}

static acq_db_conn_data *acq_db_conn_ensure(MYSQLND_CONN_DATA *conn)
{
	acq_db_conn_data **slot = acq_db_conn_slot(conn);

	if (!*slot) {
		*slot = pecalloc(1, sizeof(acq_db_conn_data), conn->persistent);
	}
	*acq_db_vio_slot(conn->vio) = *slot;
	return *slot;
}

/* The connection's options that a failed mysqlnd connect frees. */
typedef struct acq_db_conn_snapshot {
	char *ssl_key;
	char *ssl_cert;
	char *ssl_ca;
	char *ssl_capath;
	char *ssl_cipher;
	char *ssl_passphrase;
	char *server_public_key;      /* MYSQL_SERVER_PUBLIC_KEY, kept by the frame codec */
	enum mysqlnd_ssl_peer ssl_verify_peer;
	unsigned int timeout_connect;
	unsigned int timeout_read;
} acq_db_conn_snapshot;

/* What the caller asked for, replayed on every attempt. */
typedef struct acq_db_connect_args {
	MYSQLND_CONN_DATA *conn;
	acq_db_conn_data *data;
	MYSQLND_CSTRING username;
	MYSQLND_CSTRING password;
	MYSQLND_CSTRING database;
	unsigned int mysql_flags;
	acq_db_conn_snapshot snap;
	unsigned int last_errno;
	char last_error[ACQ_DB_ERR_MAX];
} acq_db_connect_args;

/* PHP errors raised inside our own attempts are not the caller's: no
 * warning, no error handler call, error_get_last() unchanged. */
typedef struct acq_db_quiet {
	int error_reporting;
	zend_error_handling_t error_handling; /* PDO's constructor turns warnings into exceptions */
	zend_class_entry *exception_class;
	zval user_error_handler;
	int last_error_type;
	uint32_t last_error_lineno;
	zend_string *last_error_message;
	zend_string *last_error_file;
} acq_db_quiet;

static void acq_db_quiet_begin(acq_db_quiet *q)
{
	q->error_reporting = EG(error_reporting);
	EG(error_reporting) = 0;
	q->error_handling = EG(error_handling);
	q->exception_class = EG(exception_class);
	EG(error_handling) = EH_NORMAL;
	ZVAL_COPY_VALUE(&q->user_error_handler, &EG(user_error_handler));
	ZVAL_UNDEF(&EG(user_error_handler));
	q->last_error_type = PG(last_error_type);
	q->last_error_lineno = PG(last_error_lineno);
	q->last_error_message = PG(last_error_message) ? zend_string_copy(PG(last_error_message)) : NULL;
	q->last_error_file = PG(last_error_file) ? zend_string_copy(PG(last_error_file)) : NULL;
}

static void acq_db_quiet_end(acq_db_quiet *q)
{
	EG(error_reporting) = q->error_reporting;
	EG(error_handling) = q->error_handling;
	EG(exception_class) = q->exception_class;
	ZVAL_COPY_VALUE(&EG(user_error_handler), &q->user_error_handler);
	if (PG(last_error_message)) {
		zend_string_release(PG(last_error_message));
	}
	if (PG(last_error_file)) {
		zend_string_release(PG(last_error_file));
	}
	PG(last_error_type) = q->last_error_type;
	PG(last_error_lineno) = q->last_error_lineno;
	PG(last_error_message) = q->last_error_message;
	PG(last_error_file) = q->last_error_file;
}

static char *acq_db_dup(const char *s)
{
	return s ? estrdup(s) : NULL;
}

static void acq_db_snapshot_take(acq_db_conn_snapshot *snap, const MYSQLND_CONN_DATA *conn)
{
	const MYSQLND_VIO_OPTIONS *o = &conn->vio->data->options;

	snap->ssl_key = acq_db_dup(o->ssl_key);
	snap->ssl_cert = acq_db_dup(o->ssl_cert);
	snap->ssl_ca = acq_db_dup(o->ssl_ca);
	snap->ssl_capath = acq_db_dup(o->ssl_capath);
	snap->ssl_cipher = acq_db_dup(o->ssl_cipher);
	snap->ssl_passphrase = acq_db_dup(o->ssl_passphrase);
	snap->server_public_key = acq_db_dup(conn->protocol_frame_codec->data->sha256_server_public_key);
	snap->ssl_verify_peer = o->ssl_verify_peer;
	snap->timeout_connect = o->timeout_connect;
	snap->timeout_read = o->timeout_read;
}

static void acq_db_snapshot_free(acq_db_conn_snapshot *snap)
{
	char **fields[] = { &snap->ssl_key, &snap->ssl_cert, &snap->ssl_ca, &snap->ssl_capath,
		&snap->ssl_cipher, &snap->ssl_passphrase, &snap->server_public_key };
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (*fields[i]) {
			efree(*fields[i]);
			*fields[i] = NULL;
		}
	}
}

/* Puts the TLS settings back exactly as the caller set them. */
static void acq_db_snapshot_restore_tls(const acq_db_conn_snapshot *snap, MYSQLND_CONN_DATA *conn)
{
	MYSQLND_VIO *vio = conn->vio;
	enum mysqlnd_ssl_peer peer = snap->ssl_verify_peer;

	vio->data->m.set_client_option(vio, MYSQLND_OPT_SSL_KEY, snap->ssl_key);
	vio->data->m.set_client_option(vio, MYSQLND_OPT_SSL_CERT, snap->ssl_cert);
	vio->data->m.set_client_option(vio, MYSQLND_OPT_SSL_CA, snap->ssl_ca);
	vio->data->m.set_client_option(vio, MYSQLND_OPT_SSL_CAPATH, snap->ssl_capath);
	vio->data->m.set_client_option(vio, MYSQLND_OPT_SSL_CIPHER, snap->ssl_cipher);
	vio->data->m.set_client_option(vio, MYSQLND_OPT_SSL_PASSPHRASE, snap->ssl_passphrase);
	vio->data->options.ssl_verify_peer = peer;
	conn->protocol_frame_codec->data->m.set_client_option(conn->protocol_frame_codec, MYSQL_SERVER_PUBLIC_KEY,
		snap->server_public_key);
}

/* A failed attempt can leave the handle half-used (a read failure during
 * the greeting marks it QUIT_SENT, the stream may be open, the vio may
 * still say "TLS is on"). mysqlnd's connect would then free the handle's
 * contents again, TLS options included, after we restored them. Put the
 * handle back to "allocated, nothing open" first. The stale TLS flag matters
 * on its own: sha256_password sends the password in clear over a channel it
 * believes encrypted. */
static void acq_db_reset_handle(MYSQLND_CONN_DATA *conn)
{
	enum mysqlnd_connection_state state = GET_CONNECTION_STATE(&conn->state);

	if (state == CONN_ALLOCED) {
		return;
	}
	if (state < CONN_QUIT_SENT) {
		conn->m->send_close(conn);
	}
	conn->m->free_contents(conn);
	conn->vio->data->m.close_stream(conn->vio, conn->stats, conn->error_info);
	conn->vio->data->ssl = FALSE;
	conn->protocol_frame_codec->data->compressed = FALSE;
	SET_CONNECTION_STATE(&conn->state, CONN_ALLOCED);
}

/* After the handshake the stream keeps the caller's read timeout, not ours. */
static void acq_db_restore_read_timeout(MYSQLND_CONN_DATA *conn, const acq_db_conn_snapshot *snap)
{
	php_stream *stream = conn->vio->data->m.get_stream(conn->vio);
	struct timeval tv;

	if (!stream) {
		return;
	}
	tv.tv_sec = snap->timeout_read ? (time_t) snap->timeout_read : (time_t) FG(default_socket_timeout);
	tv.tv_usec = 0;
	php_stream_set_option(stream, PHP_STREAM_OPTION_READ_TIMEOUT, 0, &tv);
}

/* vio hook: once the socket is open, bound the wait for the greeting (and
 * the TLS and auth exchange) by what is left of acq_db.connect_timeout_ms. */
static void acq_db_post_connect_set_opt(MYSQLND_VIO *const vio, const MYSQLND_CSTRING scheme,
	MYSQLND_STATS *const stats, MYSQLND_ERROR_INFO *const error_info)
{
	acq_db_conn_data *d = *acq_db_vio_slot(vio);
	uint64_t deadline = d ? d->attempt_deadline_us : 0;
	php_stream *stream;

	acq_db_orig_post_connect_set_opt(vio, scheme, stats, error_info);
	if (!deadline || !(stream = vio->data->m.get_stream(vio))) {
		return;
	}
	{
		uint64_t now = acq_db_clock_mono_us();
		uint64_t left = deadline > now + 1000 ? deadline - now : 1000;
		struct timeval tv;
		tv.tv_sec = (time_t) (left / 1000000);
		tv.tv_usec = (suseconds_t) (left % 1000000);
		php_stream_set_option(stream, PHP_STREAM_OPTION_READ_TIMEOUT, 0, &tv);
	}
}

/* One connect to one member, bounded by acq_db.connect_timeout_ms. */
static enum_func_status acq_db_attempt(acq_db_connect_args *a, const acq_db_server *s)
{
	MYSQLND_CONN_DATA *conn = a->conn;
	zend_long ms = (zend_long) ACQ_DB_G(config).connect_timeout_ms;
	unsigned int connect_secs = (unsigned int) ((ms + 999) / 1000);
	char host[ACQ_DB_HOST_MAX + 2];
	MYSQLND_CSTRING hostname;
	MYSQLND_CSTRING socket = { NULL, 0 };
	enum_func_status ret;
	uint64_t deadline;

	if (s->socket[0]) {
		socket.s = s->socket;
		socket.l = strlen(s->socket);
		strcpy(host, "localhost");
	} else if (strchr(s->host, ':')) {
		snprintf(host, sizeof(host), "[%s]", s->host); /* mysqlnd builds tcp://HOST:PORT */
	} else {
		strcpy(host, s->host);
	}
	hostname.s = host;
	hostname.l = strlen(host);
	acq_db_reset_handle(conn);
	acq_db_snapshot_restore_tls(&a->snap, conn);
	conn->vio->data->m.set_client_option(conn->vio, MYSQL_OPT_CONNECT_TIMEOUT, (const char *) &connect_secs);
	/* mysqlnd resets the stream's read timeout to this (whole seconds) after
	 * the TLS handshake; keep that bounded too */
	conn->vio->data->options.timeout_read = connect_secs;
	deadline = acq_db_clock_mono_us() + (uint64_t) ms * 1000;
	a->data->attempt_deadline_us = deadline;
	ret = acq_db_orig_connect(conn, hostname, a->username, a->password, a->database, s->port, socket, a->mysql_flags);
	a->data->attempt_deadline_us = 0;
	conn->vio->data->options.timeout_connect = a->snap.timeout_connect;
	conn->vio->data->options.timeout_read = a->snap.timeout_read;
	if (ret == PASS) {
		acq_db_restore_read_timeout(conn, &a->snap);
		return PASS;
	}
	a->last_errno = conn->error_info->error_no;
	snprintf(a->last_error, sizeof(a->last_error), "[%u] %s%s", conn->error_info->error_no, conn->error_info->error,
		acq_db_clock_mono_us() + 5000 >= deadline ? " (no answer within acq_db.connect_timeout_ms)" : "");
	return FAIL;
}

/* The core's attempt (acq_db_route.h): this connection, to member s. */
static int acq_db_route_attempt(void *arg, const acq_db_server *s, unsigned *code, char *msg, size_t msglen)
{
	acq_db_connect_args *a = arg;

	if (acq_db_attempt(a, s) == PASS) {
		return 0;
	}
	*code = a->last_errno;
	snprintf(msg, msglen, "%s", a->last_error);
	return -1;
}

static void acq_db_set_error(MYSQLND_CONN_DATA *conn, unsigned int code, const char *msg)
{
	SET_CLIENT_ERROR(conn->error_info, code, ACQ_DB_SQLSTATE, msg);
}

/* The connection is now on member: it is current at the cache's state. */
static void acq_db_conn_opened(acq_db_conn_data *d, acq_db_cache *c, const acq_db_server *member, unsigned int mysql_flags)
{
	char err[ACQ_DB_ERR_MAX];
	const acq_db_state *st;

	if (acq_db_cache_get(c, &st, err, sizeof(err)) != ACQ_DB_OK) {
		st = &c->state; /* the connect just read it: the last good state */
	}
	acq_db_stmt_opened(&d->sc, member->name, st, c->generation);
	d->mysql_flags = mysql_flags;
	d->incarnation++;
}

/* The routing policy is the core's; a refusal by the caller's own settings
 * keeps mysqlnd's error as the attempt left it. */
static enum_func_status acq_db_connect_routed(acq_db_connect_args *a, acq_db_cache *c, const acq_db_state *st)
{
	char err[ACQ_DB_ERR_MAX] = "";
	acq_db_route_result out;
	acq_db_promote_cfg pc;

	DBG_ENTER("acq_db_connect_routed");
	DBG_INF_FMT("acq_db: view epoch=%llu active=%s", (unsigned long long) st->epoch, st->active);
	acq_db_php_promote_cfg(&pc);
	acq_db_route_connect(c, st, acq_db_route_attempt, a, &pc, &out, err, sizeof(err));
	switch (out.outcome) {
	case ACQ_DB_ROUTE_CONNECTED:
		if (out.elected) {
			ACQ_DB_G(elections)++;
		}
		ACQ_DB_G(isolated_since_ms) = 0; /* the path healed, or was never broken */
		acq_db_conn_opened(a->data, c, out.server, a->mysql_flags);
		DBG_INF_FMT("acq_db: connected to %s (elected=%d adoptions=%d)", out.server->name, out.elected, out.adoptions);
		DBG_RETURN(PASS);
	case ACQ_DB_ROUTE_CALLER_ERROR:
		DBG_INF_FMT("acq_db: %s refused the caller's settings: no election", out.server ? out.server->name : "?");
		DBG_RETURN(FAIL);
	default:
		/* a probe may have connected a candidate whose election was then not
		 * recorded (the file system did not answer): that connection must
		 * not reach the caller, whatever it does with a failed handle */
		acq_db_reset_handle(a->conn);
		acq_db_set_error(a->conn, ACQ_DB_CR_CONNECTION_ERROR, err);
		if (out.rc == ACQ_DB_E_ALIVE) {
			if (!ACQ_DB_G(isolated_since_ms)) {
				ACQ_DB_G(isolated_since_ms) = acq_db_clock_wall_ms();
			}
			acq_db_strlcpy(ACQ_DB_G(isolated_reason), err, sizeof(ACQ_DB_G(isolated_reason)));
		}
		DBG_INF_FMT("acq_db: gave up: %s", err);
		DBG_RETURN(FAIL);
	}
}

static enum_func_status acq_db_connect_cluster(MYSQLND_CONN_DATA *conn, int target, unsigned int port,
	MYSQLND_CSTRING username, MYSQLND_CSTRING password, MYSQLND_CSTRING database, unsigned int mysql_flags)
{
	char err[ACQ_DB_ERR_MAX];
	acq_db_cache *c = &ACQ_DB_G(cache);
	const acq_db_state *st;
	acq_db_connect_args a;
	acq_db_quiet q;
	enum_func_status ret;

	(void) port;
	if (acq_db_cache_get(c, &st, err, sizeof(err)) != ACQ_DB_OK) {
		/* fail closed: no connection to a guessed server */
		char msg[ACQ_DB_ERR_MAX + 16];
		snprintf(msg, sizeof(msg), "acq_db: %s", err);
		acq_db_set_error(conn, ACQ_DB_CR_CONNECTION_ERROR, msg);
		return FAIL;
	}
	if (target >= 0 && strcmp(c->cfg->servers.items[target].name, st->active) != 0) {
		ACQ_DB_G(reroutes)++;
	}
	memset(&a, 0, sizeof(a));
	a.conn = conn;
	a.data = acq_db_conn_ensure(conn);
	a.data->sc.member[0] = '\0'; /* not routed until a connect succeeds */
	a.username = username;
	a.password = password;
	a.database = database;
	a.mysql_flags = mysql_flags;
	acq_db_snapshot_take(&a.snap, conn);
	acq_db_quiet_begin(&q);
	ret = acq_db_connect_routed(&a, c, st);
	acq_db_quiet_end(&q);
	acq_db_snapshot_free(&a.snap);
	return ret;
}

static bool acq_db_routing_ready(void)
{
	return ACQ_DB_G(config).routing && ACQ_DB_G(servers_ok) && ACQ_DB_G(config).election_file[0] && !acq_db_php_setting_error();
}

static enum_func_status acq_db_conn_connect(MYSQLND_CONN_DATA *conn, MYSQLND_CSTRING hostname,
	MYSQLND_CSTRING username, MYSQLND_CSTRING password, MYSQLND_CSTRING database, unsigned int port,
	MYSQLND_CSTRING socket_or_pipe, unsigned int mysql_flags)
{
	acq_db_conn_data *d = acq_db_conn_get(conn);
	int target;

	if (d) {
		d->sc.member[0] = '\0'; /* a new connect on a used handle: whatever it was is gone */
	}
	if (!ACQ_DB_G(config).routing || !ACQ_DB_G(servers_ok) || ACQ_DB_G(admin_connecting)) {
		return acq_db_orig_connect(conn, hostname, username, password, database, port, socket_or_pipe, mysql_flags);
	}
	target = acq_db_servers_route(&ACQ_DB_G(config).servers, ACQ_DB_G(config).alias, hostname.s, port, socket_or_pipe.s);
	if (target == -1) {
		return acq_db_orig_connect(conn, hostname, username, password, database, port, socket_or_pipe, mysql_flags);
	}
	if (!acq_db_routing_ready()) {
		/* a cluster member, but a setting was rejected: fail closed, do not guess */
		char msg[ACQ_DB_ERR_MAX];
		const char *bad = acq_db_php_setting_error();
		snprintf(msg, sizeof(msg), "acq_db: acq_db is not configured: %s",
			bad ? bad : "acq_db.election_file is not set (a path on the shared file system)");
		acq_db_set_error(conn, ACQ_DB_CR_CONNECTION_ERROR, msg);
		return FAIL;
	}
	acq_db_php_cache(); /* cannot throw: routing_ready() checked the configuration */
	return acq_db_connect_cluster(conn, target, port, username, password, database, mysql_flags);
}

/* ---- statement time ---- */

/* What a reconnect needs from the old session, copied before the handle is
 * reset (free_contents releases the connection's own strings). */
typedef struct acq_db_session_copy {
	char *user;
	char *password;
	size_t password_len;
	char *database;
	const char *charset;  /* mysqlnd's static charset table */
} acq_db_session_copy;

static void acq_db_session_copy_take(acq_db_session_copy *sc, const MYSQLND_CONN_DATA *conn)
{
	sc->user = estrndup(conn->username.s ? conn->username.s : "", conn->username.s ? conn->username.l : 0);
	sc->password_len = conn->password.s ? conn->password.l : 0;
	sc->password = estrndup(conn->password.s ? conn->password.s : "", sc->password_len);
	sc->database = estrndup(conn->connect_or_select_db.s ? conn->connect_or_select_db.s : "",
		conn->connect_or_select_db.s ? conn->connect_or_select_db.l : 0);
	sc->charset = conn->charset ? conn->charset->name : NULL;
}

static void acq_db_session_copy_free(acq_db_session_copy *sc)
{
	efree(sc->user);
	ZEND_SECURE_ZERO(sc->password, sc->password_len);
	efree(sc->password);
	efree(sc->database);
}

/* Runs one statement of acq_db's own and drops its results. */
static enum_func_status acq_db_conn_run(MYSQLND_CONN_DATA *conn, const char *q, size_t len)
{
	if (acq_db_orig_query(conn, q, len) == FAIL || conn->error_info->error_no) {
		return FAIL;
	}
	do {
		if (conn->last_query_type == QUERY_SELECT) {
			MYSQLND_RES *res = conn->m->use_result(conn);
			if (res) {
				res->m.free_result(res, TRUE);
			}
		}
	} while (conn->m->next_result(conn) != FAIL);
	return conn->error_info->error_no ? FAIL : PASS;
}

/* The old session on the new connection: the character set, then the SET
 * and USE statements in the order they were sent. The database the
 * connection was opened with or switched to (select_db) is the connect's. */
static enum_func_status acq_db_session_replay(MYSQLND_CONN_DATA *conn, acq_db_conn_data *d,
	const acq_db_stmt_conn *old, const acq_db_session_copy *copy)
{
	const char *q = NULL;

	if (copy->charset && (!conn->charset || strcmp(conn->charset->name, copy->charset) != 0)
		&& conn->m->set_charset(conn, copy->charset) == FAIL) {
		return FAIL;
	}
	while ((q = acq_db_stmt_session_next(old, q))) {
		if (acq_db_conn_run(conn, q, strlen(q)) == FAIL) {
			return FAIL;
		}
	}
	/* the new connection's record is the old one's, on its new member */
	memcpy(d->sc.session, old->session, old->session_len);
	d->sc.session_len = old->session_len;
	return PASS;
}

/* Reopens conn on the active master through the routed connect (an
 * election if the master does not answer) and rebuilds its session. On
 * failure the connection is closed and carries the error. */
static enum_func_status acq_db_conn_reconnect(MYSQLND_CONN_DATA *conn, acq_db_conn_data *d, const char *why)
{
	acq_db_stmt_conn *old = emalloc(sizeof(*old));
	acq_db_session_copy copy;
	MYSQLND_CSTRING user, password, database;
	enum_func_status ret;

	DBG_ENTER("acq_db_conn_reconnect");
	DBG_INF_FMT("acq_db: %s: leaving %s (epoch %llu)", why, d->sc.member, (unsigned long long) d->sc.epoch);
	*old = d->sc;
	acq_db_session_copy_take(&copy, conn);
	user.s = copy.user;
	user.l = strlen(copy.user);
	password.s = copy.password;
	password.l = copy.password_len;
	database.s = copy.database;
	database.l = strlen(copy.database);
	d->busy = true;
	ret = acq_db_connect_cluster(conn, -1, conn->port, user, password, database, d->mysql_flags);
	if (ret == PASS && acq_db_session_replay(conn, d, old, &copy) == FAIL) {
		char msg[ACQ_DB_ERR_MAX];
		snprintf(msg, sizeof(msg), "MySQL server has gone away (acq_db: %s: the session could not be rebuilt on %s: [%u] %s)",
			why, d->sc.member, conn->error_info->error_no, conn->error_info->error);
		conn->m->send_close(conn);
		d->sc.member[0] = '\0';
		acq_db_set_error(conn, ACQ_DB_CR_SERVER_GONE, msg);
		ret = FAIL;
	}
	d->busy = false;
	acq_db_session_copy_free(&copy);
	efree(old);
	DBG_INF_FMT("acq_db: reconnect %s, now on %s", ret == PASS ? "done" : "failed", d->sc.member);
	DBG_RETURN(ret);
}

/* The statement is not sent: the connection to the demoted member is
 * closed (its transaction is rolled back there), and the caller gets a
 * "gone away" error that its own reconnect logic knows. */
static void acq_db_stmt_refuse(MYSQLND_CONN_DATA *conn, acq_db_conn_data *d, const acq_db_state *st,
	acq_db_stmt_action action)
{
	char msg[ACQ_DB_ERR_MAX];

	if (action == ACQ_DB_STMT_REFUSE_TRX) {
		snprintf(msg, sizeof(msg), "MySQL server has gone away (acq_db: the transaction was on %s, which is no longer "
			"the active master (epoch %llu: %s); it was not committed and its connection is closed: reconnect and "
			"start the transaction again)", d->sc.member, (unsigned long long) st->epoch, st->active);
	} else {
		snprintf(msg, sizeof(msg), "MySQL server has gone away (acq_db: this session was on %s, which is no longer "
			"the active master (epoch %llu: %s), and cannot be rebuilt there: %s; reconnect)", d->sc.member,
			(unsigned long long) st->epoch, st->active, acq_db_stmt_lost_name(d->sc.session_lost));
	}
	if (GET_CONNECTION_STATE(&conn->state) > CONN_ALLOCED && GET_CONNECTION_STATE(&conn->state) < CONN_QUIT_SENT) {
		conn->m->send_close(conn);
	}
	acq_db_set_error(conn, ACQ_DB_CR_SERVER_GONE, msg);
	ACQ_DB_G(stmt_refused)++;
}

/* The check before every statement on a routed connection. Hot path: the
 * cache's one atomic load and one compare. */
static enum_func_status acq_db_stmt_gate(MYSQLND_CONN_DATA *conn, acq_db_conn_data *d)
{
	char err[ACQ_DB_ERR_MAX];
	acq_db_cache *c = &ACQ_DB_G(cache);
	const acq_db_state *st;
	acq_db_stmt_action action;
	enum_func_status ret = PASS;

	if (!conn->error_info->error_no) {
		/* the last statement succeeded: its status is the session's */
		acq_db_stmt_note_status(&d->sc, UPSERT_STATUS_GET_SERVER_STATUS(conn->upsert_status));
	}
	if (!ACQ_DB_G(cache_ready) || acq_db_cache_get(c, &st, err, sizeof(err)) != ACQ_DB_OK) {
		return PASS; /* no newer knowledge than the connect had */
	}
	action = acq_db_stmt_decide(&d->sc, c->generation, st);
	if (EXPECTED(action == ACQ_DB_STMT_SEND)) {
		return PASS;
	}
	DBG_ENTER("acq_db_stmt_gate");
	DBG_INF_FMT("acq_db: %s is no longer the active master (epoch %llu: %s): %s", d->sc.member,
		(unsigned long long) st->epoch, st->active, action == ACQ_DB_STMT_REROUTE ? "reroute"
		: action == ACQ_DB_STMT_REFUSE_TRX ? "refuse (transaction)" : "refuse (session)");
	if (action == ACQ_DB_STMT_REROUTE) {
		ret = acq_db_conn_reconnect(conn, d, "the member was demoted");
		if (ret == PASS) {
			ACQ_DB_G(stmt_reroutes)++;
		}
	} else {
		acq_db_stmt_refuse(conn, d, st, action);
		ret = FAIL;
	}
	DBG_RETURN(ret);
}

/* Every text statement (query() calls it; mysqli's async queries too). */
static enum_func_status acq_db_conn_send_query(MYSQLND_CONN_DATA *conn, const char * const query,
	const size_t query_len, zval *read_cb, zval *err_cb)
{
	acq_db_conn_data *d = acq_db_conn_get(conn);

	if (d && d->sc.member[0] && !d->busy && acq_db_stmt_gate(conn, d) == FAIL) {
		d->not_sent = true;
		return FAIL;
	}
	return acq_db_orig_send_query(conn, query, query_len, read_cb, err_cb);
}

/* A safe read that failed at connection level is sent once more, on a new
 * routed connection (acq_db.retry_reads). */
static enum_func_status acq_db_stmt_retry(MYSQLND_CONN_DATA *conn, acq_db_conn_data *d, const char *query, size_t len)
{
	char first[ACQ_DB_ERR_MAX];
	enum_func_status ret;

	DBG_ENTER("acq_db_stmt_retry");
	snprintf(first, sizeof(first), "[%u] %s", conn->error_info->error_no, conn->error_info->error);
	DBG_INF_FMT("acq_db: safe read on %s failed with %s: once more on the active master", d->sc.member, first);
	if (acq_db_conn_reconnect(conn, d, "a safe read failed at connection level") == FAIL) {
		DBG_RETURN(FAIL);
	}
	ACQ_DB_G(stmt_retries)++;
	ret = acq_db_orig_query(conn, query, len);
	DBG_INF_FMT("acq_db: retry on %s: %s", d->sc.member, ret == PASS ? "PASS" : "FAIL");
	DBG_RETURN(ret);
}

/* A write (or a COMMIT) whose connection was lost while it was in flight:
 * the error says that it may or may not have taken effect, so that the
 * application checks before repeating it. Code and SQLSTATE stay. */
static void acq_db_stmt_mark_in_doubt(MYSQLND_CONN_DATA *conn, const acq_db_conn_data *d, int in_trans)
{
	char msg[MYSQLND_ERRMSG_SIZE];
	char sqlstate[MYSQLND_SQLSTATE_LENGTH + 1];
	unsigned int code = conn->error_info->error_no;

	snprintf(sqlstate, sizeof(sqlstate), "%s", conn->error_info->sqlstate);
	snprintf(msg, sizeof(msg), "%s (acq_db: the connection to %s was lost while this statement was in flight: "
		"it may or may not have been executed%s there; check before repeating it)", conn->error_info->error,
		d->sc.member, in_trans ? " and the transaction committed" : "");
	SET_CLIENT_ERROR(conn->error_info, code, sqlstate, msg);
	ACQ_DB_G(stmt_in_doubt)++;
}

static enum_func_status acq_db_conn_query(MYSQLND_CONN_DATA *conn, const char * const query, const size_t query_len)
{
	acq_db_conn_data *d = acq_db_conn_get(conn);
	enum_func_status ret;
	int in_trans;

	if (!d || !d->sc.member[0] || d->busy) {
		return acq_db_orig_query(conn, query, query_len);
	}
	if (!conn->error_info->error_no) {
		acq_db_stmt_note_status(&d->sc, UPSERT_STATUS_GET_SERVER_STATUS(conn->upsert_status));
	}
	in_trans = d->sc.in_trans;
	d->not_sent = false;
	ret = acq_db_orig_query(conn, query, query_len);
	if (ret == PASS && !conn->error_info->error_no) {
		acq_db_stmt_note_session(&d->sc, query, query_len);
		return PASS;
	}
	if (ACQ_DB_G(config).retry_reads && d->sc.member[0] && !d->sc.session_lost
		&& acq_db_stmt_may_retry(in_trans, query, query_len, conn->error_info->error_no, conn->error_info->error)) {
		return acq_db_stmt_retry(conn, d, query, query_len);
	}
	if (!d->not_sent && acq_db_stmt_in_doubt(in_trans, query, query_len, conn->error_info->error_no,
		conn->error_info->error)) {
		acq_db_stmt_mark_in_doubt(conn, d, in_trans);
	}
	return ret;
}

/* ---- prepared statements (mysqli, PDO without emulation) ---- */

/* A statement's slot holds the connection's incarnation it was prepared in:
 * its id means nothing on a later connection (and may name another one). */
static zend_ulong *acq_db_stmt_slot(const MYSQLND_STMT *s)
{
	return (zend_ulong *) mysqlnd_plugin_get_plugin_stmt_data(s, acq_db_plugin_id);
}

static bool acq_db_stmt_stale(const MYSQLND_STMT *s, const acq_db_conn_data *d)
{
	zend_ulong inc = *acq_db_stmt_slot(s);

	return inc && inc != d->incarnation;
}

static enum_func_status acq_db_stmt_prepare(MYSQLND_STMT * const s, const char * const query, const size_t query_len)
{
	MYSQLND_CONN_DATA *conn = s->data ? s->data->conn : NULL;
	acq_db_conn_data *d = conn ? acq_db_conn_get(conn) : NULL;

	if (d && d->sc.member[0] && !d->busy) {
		if (acq_db_stmt_gate(conn, d) == FAIL) {
			COPY_CLIENT_ERROR(s->data->error_info, *conn->error_info);
			return FAIL;
		}
		*acq_db_stmt_slot(s) = d->incarnation;
	}
	return acq_db_orig_stmt_prepare(s, query, query_len);
}

static enum_func_status acq_db_stmt_send_execute(MYSQLND_STMT * const s, const enum_mysqlnd_send_execute_type type,
	zval *read_cb, zval *err_cb)
{
	MYSQLND_CONN_DATA *conn = s->data ? s->data->conn : NULL;
	acq_db_conn_data *d = conn ? acq_db_conn_get(conn) : NULL;

	if (d && d->sc.member[0] && !d->busy && !acq_db_stmt_stale(s, d)) {
		if (acq_db_stmt_gate(conn, d) == FAIL) {
			COPY_CLIENT_ERROR(s->data->error_info, *conn->error_info);
			return FAIL;
		}
	}
	if (d && acq_db_stmt_stale(s, d)) {
		char msg[ACQ_DB_ERR_MAX];
		snprintf(msg, sizeof(msg), "MySQL server has gone away (acq_db: this statement was prepared on a connection "
			"that acq_db moved to the active master %s; prepare it again)", d->sc.member[0] ? d->sc.member : "(none)");
		SET_CLIENT_ERROR(s->data->error_info, ACQ_DB_CR_SERVER_GONE, ACQ_DB_SQLSTATE, msg);
		ACQ_DB_G(stmt_refused)++;
		return FAIL;
	}
	return acq_db_orig_stmt_send_execute(s, type, read_cb, err_cb);
}

/* A statement of an earlier connection must not close its id on this one. */
static enum_func_status acq_db_stmt_dtor(MYSQLND_STMT * const s, bool implicit)
{
	MYSQLND_CONN_DATA *conn = s->data ? s->data->conn : NULL;
	acq_db_conn_data *d = conn ? acq_db_conn_get(conn) : NULL;

	if (d && acq_db_stmt_stale(s, d)) {
		s->data->stmt_id = 0;
	}
	return acq_db_orig_stmt_dtor(s, implicit);
}

/* ---- persistent connections ---- */

/* The member a live connection talks to, or NULL. */
static const acq_db_server *acq_db_conn_member(const MYSQLND_CONN_DATA *conn)
{
	const acq_db_conn_data *d = acq_db_conn_get(conn);
	const acq_db_config *cfg = &ACQ_DB_G(config);
	int idx;

	if (!d || !d->sc.member[0]) {
		return NULL;
	}
	idx = acq_db_servers_find(&cfg->servers, d->sc.member);
	return idx >= 0 ? &cfg->servers.items[idx] : NULL;
}

/* A persistent connection to a member that is no longer the active master:
 * close it and say why, so the caller makes a new one (routed). */
static bool acq_db_conn_drop_if_stale(MYSQLND_CONN_DATA *conn)
{
	char err[ACQ_DB_ERR_MAX];
	char msg[ACQ_DB_ERR_MAX];
	const acq_db_server *member;
	const acq_db_state *st;

	if (!conn->persistent || !acq_db_routing_ready() || !(member = acq_db_conn_member(conn))) {
		return false;
	}
	acq_db_php_cache(); /* cannot throw: routing_ready() checked the configuration */
	if (acq_db_cache_get(&ACQ_DB_G(cache), &st, err, sizeof(err)) != ACQ_DB_OK || strcmp(member->name, st->active) == 0) {
		return false;
	}
	snprintf(msg, sizeof(msg), "acq_db: %s is no longer the active master (epoch %llu: %s); reconnect",
		member->name, (unsigned long long) st->epoch, st->active);
	conn->m->send_close(conn);
	acq_db_set_error(conn, ACQ_DB_CR_SERVER_GONE, msg);
	return true;
}

/* A reused persistent connection's check (PDO's ping, mysqli's silent
 * change_user) waits at most acq_db.connect_timeout_ms for the answer: on a
 * frozen master it would otherwise wait for mysqlnd's read timeout (86,400 s
 * by default) before the caller could reconnect. A timeout fails the check,
 * as a connection-level failure, and the caller opens a new (routed)
 * connection. Afterwards the caller's own read timeout is put back. */
static bool acq_db_bound_reads(MYSQLND_CONN_DATA *conn, bool bounded)
{
	const acq_db_conn_data *d = acq_db_conn_get(conn);
	php_stream *stream;
	struct timeval tv;

	if (!conn->persistent || !d || !d->sc.member[0] || !(stream = conn->vio->data->m.get_stream(conn->vio))) {
		return false;
	}
	if (bounded) {
		zend_long ms = (zend_long) ACQ_DB_G(config).connect_timeout_ms;
		tv.tv_sec = (time_t) (ms / 1000);
		tv.tv_usec = (suseconds_t) (ms % 1000) * 1000;
	} else {
		unsigned int secs = conn->vio->data->options.timeout_read;
		tv.tv_sec = secs ? (time_t) secs : (time_t) FG(default_socket_timeout);
		tv.tv_usec = 0;
	}
	php_stream_set_option(stream, PHP_STREAM_OPTION_READ_TIMEOUT, 0, &tv);
	return true;
}

/* PDO pings a persistent connection before reusing it (check_liveness). */
static enum_func_status acq_db_conn_ping(MYSQLND_CONN_DATA *const conn)
{
	enum_func_status ret;
	bool bounded;

	if (acq_db_conn_drop_if_stale(conn)) {
		return FAIL;
	}
	bounded = acq_db_bound_reads(conn, true);
	ret = acq_db_orig_ping(conn);
	if (bounded) {
		acq_db_bound_reads(conn, false);
	}
	return ret;
}

/* mysqli resets a reused persistent connection with COM_CHANGE_USER, and
 * only then with silent set (a user's mysqli::change_user() is not); on
 * failure it opens a new one, keeping the TLS settings. A new user's
 * session has nothing of the old one to replay. */
static enum_func_status acq_db_conn_change_user(MYSQLND_CONN_DATA *const conn, const char *user, const char *passwd,
	const char *db, bool silent, size_t passwd_len)
{
	acq_db_conn_data *d;
	enum_func_status ret;
	bool bounded;

	if (silent && acq_db_conn_drop_if_stale(conn)) {
		return FAIL;
	}
	bounded = silent && acq_db_bound_reads(conn, true);
	ret = acq_db_orig_change_user(conn, user, passwd, db, silent, passwd_len);
	if (bounded) {
		acq_db_bound_reads(conn, false);
	}
	if (ret == PASS && (d = acq_db_conn_get(conn))) {
		d->sc.session_len = 0;
		d->sc.session_lost = 0;
		d->sc.in_trans = 0;
	}
	return ret;
}

static void acq_db_conn_dtor(MYSQLND_CONN_DATA *conn)
{
	acq_db_conn_data **slot = acq_db_conn_slot(conn);

	if (*slot) {
		*acq_db_vio_slot(conn->vio) = NULL;
		pefree(*slot, conn->persistent);
		*slot = NULL;
	}
	acq_db_orig_dtor(conn);
}

void acq_db_mysqlnd_minit(void)
{
	acq_db_plugin_id = mysqlnd_plugin_register();

	acq_db_conn_data_methods = *mysqlnd_conn_data_get_methods();
	acq_db_orig_connect = acq_db_conn_data_methods.connect;
	acq_db_orig_ping = acq_db_conn_data_methods.ping;
	acq_db_orig_change_user = acq_db_conn_data_methods.change_user;
	acq_db_orig_send_query = acq_db_conn_data_methods.send_query;
	acq_db_orig_query = acq_db_conn_data_methods.query;
	acq_db_orig_dtor = acq_db_conn_data_methods.dtor;
	acq_db_conn_data_methods.connect = acq_db_conn_connect;
	acq_db_conn_data_methods.ping = acq_db_conn_ping;
	acq_db_conn_data_methods.change_user = acq_db_conn_change_user;
	acq_db_conn_data_methods.send_query = acq_db_conn_send_query;
	acq_db_conn_data_methods.query = acq_db_conn_query;
	acq_db_conn_data_methods.dtor = acq_db_conn_dtor;
	mysqlnd_conn_data_set_methods(&acq_db_conn_data_methods);

	acq_db_stmt_methods = *mysqlnd_stmt_get_methods();
	acq_db_orig_stmt_prepare = acq_db_stmt_methods.prepare;
	acq_db_orig_stmt_send_execute = acq_db_stmt_methods.send_execute;
	acq_db_orig_stmt_dtor = acq_db_stmt_methods.dtor;
	acq_db_stmt_methods.prepare = acq_db_stmt_prepare;
	acq_db_stmt_methods.send_execute = acq_db_stmt_send_execute;
	acq_db_stmt_methods.dtor = acq_db_stmt_dtor;
	mysqlnd_stmt_set_methods(&acq_db_stmt_methods);

	acq_db_vio_methods = *mysqlnd_vio_get_methods();
	acq_db_orig_post_connect_set_opt = acq_db_vio_methods.post_connect_set_opt;
	acq_db_vio_methods.post_connect_set_opt = acq_db_post_connect_set_opt;
	mysqlnd_vio_set_methods(&acq_db_vio_methods);
}
