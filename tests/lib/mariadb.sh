# shellcheck shell=bash
# tests/lib/mariadb.sh -- throw-away MariaDB servers (and "hung" servers) for
# acq_db tests. Source it (bash >= 5, root), then:
#
#   acq_mariadb_start NAME IP PORT WORKDIR [--tls] [MARIADBD_ARG...]
#       Data dir WORKDIR/NAME: a copy of WORKDIR/.template (made once with
#       mariadb-install-db). An existing WORKDIR/NAME is kept, so stop + start
#       is a restart with the same data (use a new NAME for a fresh server).
#       Starts mariadbd on IP:PORT (socket WORKDIR/NAME.sock, error log
#       WORKDIR/NAME.err, PID in WORKDIR/NAME.pid, server-id = PORT, binary
#       log NAME-bin), waits for `mariadb-admin ping`, then creates (IF NOT
#       EXISTS):
#         acq@'%', acq@'localhost'  password acq, ALL PRIVILEGES ON *.* WITH
#                                   GRANT OPTION (note: bypasses read_only!)
#         acq_app@'%', acq_app@'localhost'  password acq, ALL ON acq_test.*
#                                   (an ordinary app user: read_only stops it)
#         database acq_test
#       --tls: certificates in WORKDIR/tls (made once, see acq_mariadb_tls),
#       --ssl-ca/--ssl-cert/--ssl-key, and user acq_tls@'%' REQUIRE SSL,
#       password acq, ALL PRIVILEGES.
#       Further arguments go to mariadbd as they are (e.g. --read-only).
#   acq_mariadb_stop NAME [SIGNAL]
#       SIGNAL TERM (default): SIGTERM, wait for exit (deadline
#       ACQ_MARIADB_TIMEOUT, default 60 s; then SIGKILL and return 1).
#       KILL: SIGKILL, wait until gone. By PID only (WORKDIR/NAME.pid, checked
#       against the process's command line). Also stops silent servers.
#   acq_mariadb_freeze NAME / acq_mariadb_thaw NAME
#       SIGSTOP / SIGCONT: a server that accepts TCP (kernel backlog) but
#       never answers, the closest thing to a hung host.
#   acq_mariadb_stop_all [WORKDIR]
#       Stops every server and silent server recorded in WORKDIR (for EXIT
#       traps; never fails).
#   acq_silent_start NAME IP PORT WORKDIR
#       A TCP server (php) that accepts connections and never sends a byte:
#       a hung master whose TCP still answers. PID in WORKDIR/NAME.pid.
#   acq_mariadb_tls WORKDIR
#       Makes WORKDIR/tls once: ca.pem ca-key.pem, server-cert.pem
#       server-key.pem (SAN IP 127.0.0.1-127.0.0.63, DNS localhost),
#       client-cert.pem client-key.pem, wrong-ca.pem wrong-ca-key.pem (an
#       unrelated CA for negative tests).
#
# Exported: ACQ_MARIADB_WORKDIR (WORKDIR of the last start; _stop NAME looks
# up NAME.pid there; set it yourself when stopping from another shell) and,
# after a --tls start, ACQ_MARIADB_TLS_DIR.
#
# Never touches a system MariaDB: everything runs with --no-defaults on the
# caller's IP:PORT and socket; callers pick their own ports.
#
# Gotchas (Debian 12, MariaDB 10.11):
# - `mariadb -h localhost` means the Unix socket, not TCP; use -h 127.0.0.x.
# - GRANT ALL PRIVILEGES ON *.* includes READ_ONLY ADMIN: such a user writes
#   to a server with read_only=1. Fencing an old master with read_only only
#   works against users without it (acq_app).
# - The 10.11 `mariadb` client uses TLS opportunistically (even without
#   --ssl) and without checking the server certificate unless a CA is given;
#   with --ssl-ca the chain is checked (wrong-ca.pem fails even without
#   --ssl-verify-server-cert), --ssl-verify-server-cert adds the host name.
# - --log-basename=X given after --log-error silently moves the error log to
#   DATADIR/X.err; it has to come first (right after --no-defaults).
# - Parallel mariadb-install-db runs into one directory fail: serialised.
# - Any 127.0.0.0/8 address can be bound on Linux loopback without setup.
# - PID 1 on this kind of machine reaps orphans late: a killed server stays a
#   zombie for a while, so liveness checks treat zombies as dead.

ACQ_MARIADB_WORKDIR=${ACQ_MARIADB_WORKDIR:-}
declare -gA _ACQ_MDB_DIR=()

_acq_m_log() { printf 'acq_mariadb: %s\n' "$*" >&2; }

# shellcheck source=proc.sh
. "$(dirname "${BASH_SOURCE[0]}")/proc.sh"

_acq_m_absdir() { mkdir -p "$1" && (cd "$1" && pwd -P); }


# _acq_m_owned PID WORKDIR NAME: PID is a process this library started as
# NAME in WORKDIR (guards against PID reuse and foreign pid files).
_acq_m_owned() {
    local c
    acq_proc_alive "$1" || return 1
    c=$(acq_proc_cmdline "$1") || return 1
    [[ $c == *"--datadir=$2/$3 "* || $c == *" $2/$3.silent.php "* ]]
}

_acq_m_sql() { # _acq_m_sql SOCKET SQL
    mariadb --no-defaults --socket="$1" -uroot --batch -e "$2"
}

acq_mariadb_tls() {
    local wd tmp d
    wd=$(_acq_m_absdir "${1:?usage: acq_mariadb_tls WORKDIR}") || return 1
    d=$wd/tls
    [[ -s $d/wrong-ca.pem ]] && { export ACQ_MARIADB_TLS_DIR=$d; return 0; }
    command -v openssl >/dev/null || { _acq_m_log "openssl missing"; return 1; }
    tmp=$(mktemp -d "$wd/.tls.XXXXXX") || return 1
    if ! (
        set -e
        cd "$tmp"
        ossl() { openssl "$@" 2>>openssl.log; }
        ossl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 \
            -subj "/CN=acq_db test CA" -keyout ca-key.pem -out ca.pem \
            -addext "basicConstraints=critical,CA:TRUE" \
            -addext "keyUsage=critical,keyCertSign,cRLSign"
        ossl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 \
            -subj "/CN=acq_db WRONG test CA" -keyout wrong-ca-key.pem -out wrong-ca.pem \
            -addext "basicConstraints=critical,CA:TRUE" \
            -addext "keyUsage=critical,keyCertSign,cRLSign"
        san="DNS:localhost"
        # every loopback address a test uses (cli-sql: .41-.43; MariaDB Connector/C
        # 3.4, Debian 13, checks the host name against the certificate by default)
        for i in $(seq 1 63); do san="$san,IP:127.0.0.$i"; done
        printf '%s\n' "basicConstraints=CA:FALSE" \
            "keyUsage=critical,digitalSignature,keyEncipherment" \
            "extendedKeyUsage=serverAuth" "subjectAltName=$san" >server.ext
        printf '%s\n' "basicConstraints=CA:FALSE" \
            "keyUsage=critical,digitalSignature,keyEncipherment" \
            "extendedKeyUsage=clientAuth" >client.ext
        ossl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
            -keyout server-key.pem -out server.csr
        ossl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
            -days 3650 -sha256 -extfile server.ext -out server-cert.pem
        ossl req -newkey rsa:2048 -nodes -subj "/CN=acq" \
            -keyout client-key.pem -out client.csr
        ossl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
            -days 3650 -sha256 -extfile client.ext -out client-cert.pem
        openssl verify -CAfile ca.pem server-cert.pem client-cert.pem >/dev/null
        rm -f ./*.csr ./*.ext ./*.srl
        # world-readable so that php-fpm workers (www-data) can read them;
        # these are throw-away test keys.
        chmod 0644 ./*.pem
    ); then
        _acq_m_log "certificate generation failed:"
        cat "$tmp/openssl.log" >&2 2>/dev/null || true
        rm -rf "$tmp"
        return 1
    fi
    rm -f "$tmp/openssl.log"
    chmod 0755 "$tmp"
    # Atomic publish; a concurrent caller that won the race is fine too.
    mv -T "$tmp" "$d" 2>/dev/null || rm -rf "$tmp"
    [[ -s $d/wrong-ca.pem ]] || return 1
    export ACQ_MARIADB_TLS_DIR=$d
}

# _acq_m_template WORKDIR: WORKDIR/.template, made once. Serialised with
# flock: parallel mariadb-install-db runs in one WORKDIR fail.
_acq_m_template() {
    local wd=$1 fd rc=0
    [[ -d $wd/.template/mysql ]] && return 0
    exec {fd}>>"$wd/.template.lock" || return 1
    flock "$fd" || rc=1
    if ((rc == 0)) && [[ ! -d $wd/.template/mysql ]]; then
        _acq_m_template_make "$wd" || rc=1
    fi
    exec {fd}>&-
    return "$rc"
}

_acq_m_template_make() {
    local wd=$1 tmp
    tmp=$(mktemp -d "$wd/.template.XXXXXX") || return 1
    if ! mariadb-install-db --no-defaults --datadir="$tmp" \
        --auth-root-authentication-method=normal --skip-test-db \
        --innodb-log-file-size=16M >"$wd/.template.log" 2>&1; then
        _acq_m_log "mariadb-install-db failed; tail of $wd/.template.log:"
        tail -n 20 "$wd/.template.log" >&2
        rm -rf "$tmp"
        return 1
    fi
    mv -T "$tmp" "$wd/.template" || { rm -rf "$tmp"; return 1; }
}

acq_mariadb_start() {
    if (($# < 4)) || ! [[ $3 =~ ^[0-9]+$ ]] || [[ ! $1 =~ ^[A-Za-z0-9_.-]+$ ]]; then
        _acq_m_log "usage: acq_mariadb_start NAME IP PORT WORKDIR [--tls] [MARIADBD_ARG...]"
        return 2
    fi
    local name=$1 ip=$2 port=$3 wd tls=0 pid end tmo=${ACQ_MARIADB_TIMEOUT:-60} c
    wd=$(_acq_m_absdir "$4") || return 1
    shift 4
    local -a extra=() tlsargs=()
    while (($#)); do
        if [[ $1 == --tls ]]; then tls=1; else extra+=("$1"); fi
        shift
    done
    for c in mariadbd mariadb mariadb-admin mariadb-install-db; do
        command -v "$c" >/dev/null 2>&1 || { _acq_m_log "missing command: $c (run scripts/install-deps.sh)"; return 1; }
    done
    export ACQ_MARIADB_WORKDIR=$wd
    _ACQ_MDB_DIR[$name]=$wd
    local dd=$wd/$name sock=$wd/$name.sock pidf=$wd/$name.pid err=$wd/$name.err
    if [[ -e $pidf ]] && _acq_m_owned "$(cat "$pidf" 2>/dev/null)" "$wd" "$name"; then
        _acq_m_log "$name already runs (pid $(cat "$pidf"))"
        return 1
    fi
    if ((${#sock} > 107)); then
        _acq_m_log "socket path too long (${#sock} > 107): $sock"
        return 1
    fi
    if [[ ! -d $dd/mysql ]]; then
        _acq_m_template "$wd" || return 1
        rm -rf "$dd"
        cp -a "$wd/.template" "$dd"
    fi
    if ((tls)); then
        acq_mariadb_tls "$wd" || return 1
        tlsargs=(--ssl-ca="$wd/tls/ca.pem" --ssl-cert="$wd/tls/server-cert.pem"
            --ssl-key="$wd/tls/server-key.pem")
    fi
    : >"$err"
    # The subshell orphans mariadbd, so it is no job of the caller's shell
    # (no "Killed" messages, a bare `wait` does not hang on it).
    # --log-basename must come before --log-error: given after it, it moves
    # the error log to DATADIR/NAME.err.
    (mariadbd --no-defaults --log-basename="$name" --user=root --datadir="$dd" \
        --port="$port" --bind-address="$ip" --socket="$sock" \
        --pid-file="$wd/$name.mariadbd.pid" --log-error="$err" --server-id="$port" \
        --log-bin="$name-bin" --skip-name-resolve --innodb-log-file-size=16M \
        "${tlsargs[@]}" "${extra[@]}" </dev/null >>"$err" 2>&1 &
        echo $! >"$pidf")
    pid=$(cat "$pidf")
    end=$((EPOCHSECONDS + tmo))
    until mariadb-admin --no-defaults --socket="$sock" -uroot --connect-timeout=2 \
        ping >/dev/null 2>&1; do
        if ! acq_proc_alive "$pid"; then
            _acq_m_log "mariadbd $name exited during start; tail of $err:"
            tail -n 25 "$err" >&2
            return 1
        fi
        if ((EPOCHSECONDS >= end)); then
            _acq_m_log "mariadbd $name not ready after ${tmo}s; tail of $err:"
            tail -n 25 "$err" >&2
            acq_mariadb_stop "$name" KILL || true
            return 1
        fi
        sleep 0.02
    done
    local sql
    sql="CREATE DATABASE IF NOT EXISTS acq_test;
CREATE USER IF NOT EXISTS 'acq'@'%' IDENTIFIED BY 'acq';
CREATE USER IF NOT EXISTS 'acq'@'localhost' IDENTIFIED BY 'acq';
GRANT ALL PRIVILEGES ON *.* TO 'acq'@'%' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'acq'@'localhost' WITH GRANT OPTION;
CREATE USER IF NOT EXISTS 'acq_app'@'%' IDENTIFIED BY 'acq';
CREATE USER IF NOT EXISTS 'acq_app'@'localhost' IDENTIFIED BY 'acq';
GRANT ALL PRIVILEGES ON acq_test.* TO 'acq_app'@'%';
GRANT ALL PRIVILEGES ON acq_test.* TO 'acq_app'@'localhost';"
    if ((tls)); then
        sql+="
CREATE USER IF NOT EXISTS 'acq_tls'@'%' IDENTIFIED BY 'acq' REQUIRE SSL;
GRANT ALL PRIVILEGES ON *.* TO 'acq_tls'@'%';"
    fi
    # Not written to the binary log: a replica set up later from these
    # servers must not replay the users (they exist everywhere already).
    if ! _acq_m_sql "$sock" "SET SESSION sql_log_bin=0; $sql"; then
        _acq_m_log "creating users on $name failed"
        return 1
    fi
    local label=''
    if ((tls)); then label=' with TLS'; fi
    _acq_m_log "$name up: pid $pid, $ip:$port$label, socket $sock"
}

acq_silent_start() {
    if (($# != 4)) || ! [[ $3 =~ ^[0-9]+$ ]] || [[ ! $1 =~ ^[A-Za-z0-9_.-]+$ ]]; then
        _acq_m_log "usage: acq_silent_start NAME IP PORT WORKDIR"
        return 2
    fi
    local name=$1 ip=$2 port=$3 wd pid end
    wd=$(_acq_m_absdir "$4") || return 1
    export ACQ_MARIADB_WORKDIR=$wd
    _ACQ_MDB_DIR[$name]=$wd
    local script=$wd/$name.silent.php ready=$wd/$name.ready pidf=$wd/$name.pid
    if [[ -e $pidf ]] && _acq_m_owned "$(cat "$pidf" 2>/dev/null)" "$wd" "$name"; then
        _acq_m_log "$name already runs (pid $(cat "$pidf"))"
        return 1
    fi
    cat >"$script" <<'PHP'
<?php
// A "hung master": accepts TCP connections, never sends a byte, never closes.
[, $ip, $port, $ready] = $argv;
$ctx = stream_context_create(['socket' => ['backlog' => 511, 'so_reuseport' => false]]);
$srv = @stream_socket_server("tcp://$ip:$port", $errno, $errstr,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
if ($srv === false) { fwrite(STDERR, "listen $ip:$port: $errstr\n"); exit(1); }
file_put_contents($ready, getmypid() . "\n");
$held = [];
for (;;) {
    $c = @stream_socket_accept($srv, 3600);
    if ($c !== false) { $held[] = $c; }        // keep it open, say nothing
    // drop sockets whose peer went away so a long test does not leak fds
    foreach ($held as $k => $s) {
        $r = [$s]; $w = $e = null;
        if (@stream_select($r, $w, $e, 0) > 0 && fread($s, 65536) === '' && feof($s)) {
            fclose($s); unset($held[$k]);
        }
    }
}
PHP
    rm -f "$ready"
    : >"$wd/$name.err"
    (php -n "$script" "$ip" "$port" "$ready" </dev/null >>"$wd/$name.err" 2>&1 &
        echo $! >"$pidf")
    pid=$(cat "$pidf")
    end=$((EPOCHSECONDS + ${ACQ_MARIADB_TIMEOUT:-60}))
    until [[ -s $ready ]]; do
        if ! acq_proc_alive "$pid"; then
            _acq_m_log "silent server $name failed: $(cat "$wd/$name.err")"
            return 1
        fi
        if ((EPOCHSECONDS >= end)); then
            _acq_m_log "silent server $name not listening in time"
            acq_mariadb_stop "$name" KILL || true
            return 1
        fi
        sleep 0.02
    done
    _acq_m_log "$name (silent) listening on $ip:$port, pid $pid"
}

# _acq_m_dir NAME: the WORKDIR NAME was started in.
_acq_m_dir() {
    local d=${_ACQ_MDB_DIR[$1]:-${ACQ_MARIADB_WORKDIR:-}}
    [[ -n $d ]] || { _acq_m_log "unknown server $1 (set ACQ_MARIADB_WORKDIR)"; return 1; }
    printf '%s\n' "$d"
}

acq_mariadb_stop() {
    local name=${1:?usage: acq_mariadb_stop NAME [TERM|KILL]} sig=${2:-TERM} wd pid
    local tmo=${ACQ_MARIADB_TIMEOUT:-60}
    sig=${sig#SIG}
    case $sig in TERM | KILL) ;; *) _acq_m_log "signal must be TERM or KILL"; return 2 ;; esac
    wd=$(_acq_m_dir "$name") || return 1
    pid=$(cat "$wd/$name.pid" 2>/dev/null || true)
    if [[ -z $pid ]] || ! _acq_m_owned "$pid" "$wd" "$name"; then
        rm -f "$wd/$name.pid" "$wd/$name.ready"
        return 0 # not running
    fi
    kill -CONT "$pid" 2>/dev/null || true # a frozen server cannot act on TERM
    kill "-$sig" "$pid" 2>/dev/null || true
    if ! acq_proc_wait_gone "$pid" "$tmo"; then
        _acq_m_log "$name (pid $pid) still alive ${tmo}s after SIG$sig; SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        acq_proc_wait_gone "$pid" 10 || true
        rm -f "$wd/$name.pid" "$wd/$name.ready"
        return 1
    fi
    rm -f "$wd/$name.pid" "$wd/$name.ready"
}

acq_mariadb_freeze() {
    local wd pid
    wd=$(_acq_m_dir "${1:?usage: acq_mariadb_freeze NAME}") || return 1
    pid=$(cat "$wd/$1.pid" 2>/dev/null || true)
    _acq_m_owned "$pid" "$wd" "$1" || { _acq_m_log "$1 is not running"; return 1; }
    kill -STOP "$pid"
}

acq_mariadb_thaw() {
    local wd pid
    wd=$(_acq_m_dir "${1:?usage: acq_mariadb_thaw NAME}") || return 1
    pid=$(cat "$wd/$1.pid" 2>/dev/null || true)
    _acq_m_owned "$pid" "$wd" "$1" || { _acq_m_log "$1 is not running"; return 1; }
    kill -CONT "$pid"
}

acq_mariadb_stop_all() {
    local wd=${1:-${ACQ_MARIADB_WORKDIR:-}} pf name pid
    local -a pids=()
    [[ -n $wd && -d $wd ]] || return 0
    wd=$(cd "$wd" && pwd -P) || return 0
    # SIGTERM all first (they shut down in parallel), then wait for each.
    for pf in "$wd"/*.pid; do
        [[ -e $pf ]] || continue
        name=${pf##*/}
        name=${name%.pid}
        pid=$(cat "$pf" 2>/dev/null || true)
        _acq_m_owned "$pid" "$wd" "$name" || continue # glusterd.pid etc.
        kill -CONT "$pid" 2>/dev/null || true
        kill -TERM "$pid" 2>/dev/null || true
        pids+=("$name")
    done
    for name in "${pids[@]}"; do
        _ACQ_MDB_DIR[$name]=$wd
        acq_mariadb_stop "$name" TERM || true
    done
    return 0
}
