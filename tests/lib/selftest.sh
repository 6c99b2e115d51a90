#!/usr/bin/env bash
# tests/lib/selftest.sh -- end-to-end check of tests/lib/mariadb.sh and
# tests/lib/gluster.sh. Run as root: bash tests/lib/selftest.sh
# Uses 127.0.0.2:33161, 127.0.0.3:33162 (TLS), 127.0.0.4:33163 (silent) and a
# volume acqdb_*. Leaves nothing running or mounted. Exit 0 = all passed; the
# last line is "selftest: N passed, N failed, N skipped".
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source-path=SCRIPTDIR source=mariadb.sh
. "$here/mariadb.sh"
# shellcheck source-path=SCRIPTDIR source=gluster.sh
. "$here/gluster.sh"

WORK=$(mktemp -d /tmp/acq-selftest.XXXXXX)
# mktemp makes it 0700: non-root users (php-fpm workers) could not reach the
# mounts below it.
chmod 0755 "$WORK"
pass=0 fail=0 skip=0
ok() { pass=$((pass + 1)); printf 'ok   %s\n' "$*"; }
bad() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }
skipped() { skip=$((skip + 1)); printf 'skip %s\n' "$*"; }
# check DESCRIPTION CMD...: CMD must succeed; refuse: CMD must fail
check() { local d=$1; shift; if "$@"; then ok "$d"; else bad "$d"; fi; }
refuse() { local d=$1; shift; if "$@" 2>/dev/null; then bad "$d"; else ok "$d"; fi; }
now() { printf '%s' "${EPOCHREALTIME/./}"; }
ms() { printf '%d' $((($(now) - $1) / 1000)); }

cleanup() {
    local rc=$? leftover=0 p c
    set +e
    if ((rc != 0)); then bad "selftest aborted (exit status $rc) before its end"; fi
    acq_mariadb_stop_all "$WORK"
    acq_gluster_down "$WORK/gl"
    # Nothing of ours may remain: no mariadbd/php/gluster process referring
    # to $WORK, no fuse.glusterfs mount below it.
    for p in $(pgrep -x 'mariadbd|php|glusterfsd|glusterfs|glusterd' || true); do
        c=$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null) || continue
        [[ -n $c && $c == *"$WORK"* ]] || continue
        acq_proc_alive "$p" || continue
        printf 'FAIL left running: %s %s\n' "$p" "$c"
        leftover=1
    done
    if findmnt -rn -t fuse.glusterfs -o TARGET | grep -q "^$WORK/"; then
        echo "FAIL fuse.glusterfs mount left below $WORK"
        leftover=1
    fi
    if ((leftover)); then bad "cleanup"; else ok "nothing of ours left running or mounted"; fi
    if ((fail == 0)); then rm -rf "$WORK"; else echo "work dir kept: $WORK"; fi
    echo "selftest: $pass passed, $fail failed, $skip skipped"
    ((fail == 0)) || exit 1
    exit 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

M=(mariadb --no-defaults --connect-timeout=5 --batch --skip-column-names)
TLS=$WORK/tls
# q IP PORT USER SQL [CLIENT_ARG...]: one value from a query over TCP
q() {
    local ip=$1 port=$2 user=$3 sql=$4
    shift 4
    "${M[@]}" -h "$ip" -P "$port" -u"$user" -pacq "$@" -e "$sql"
}
# is EXPECTED IP PORT USER SQL [CLIENT_ARG...]
is() {
    local want=$1 got
    shift
    got=$(q "$@") || return 1
    [[ $got == "$want" ]] || { echo "     expected '$want', got '$got'"; return 1; }
}
# encrypted IP PORT USER [CLIENT_ARG...]: the session uses a TLS cipher
encrypted() {
    local ip=$1 port=$2 user=$3 got
    shift 3
    got=$(q "$ip" "$port" "$user" "SHOW SESSION STATUS LIKE 'Ssl_cipher'" "$@") || return 1
    got=${got#Ssl_cipher}
    echo "     cipher:$got"
    [[ -n ${got//[[:space:]]/} ]]
}
on_lo() { local i; for i in "$@"; do ip route get "$i" | grep -q ' dev lo '; done; }
tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
alive() { acq_proc_alive "$1"; }
fstype_is() { [[ $(findmnt -n -o FSTYPE --mountpoint "$1") == "$2" ]]; }
no_mount_below() { ! findmnt -rn -t fuse.glusterfs -o TARGET | grep -q "^$1/"; }
san_ok() {
    openssl x509 -in "$1" -noout -ext subjectAltName |
        grep -q 'DNS:localhost, IP Address:127.0.0.1, .*IP Address:127.0.0.9'
}

# --- loopback addresses ------------------------------------------------------
check "127.0.0.2-4 route via lo without setup" on_lo 127.0.0.2 127.0.0.3 127.0.0.4

# --- MariaDB -----------------------------------------------------------------
t=$(now)
acq_mariadb_start db1 127.0.0.2 33161 "$WORK"
echo "     db1 start (incl. install-db template): $(ms "$t") ms"
t=$(now)
acq_mariadb_start db2 127.0.0.3 33162 "$WORK" --tls
echo "     db2 start (incl. TLS certificates): $(ms "$t") ms"

check "acq over TCP to db1 127.0.0.2:33161" is 33161 127.0.0.2 33161 acq "SELECT @@port"
check "acq over TCP to db2 127.0.0.3:33162" is 33162 127.0.0.3 33162 acq "SELECT @@port"
refuse "db1 listens on 127.0.0.2 only (not on 127.0.0.3)" tcp_open 127.0.0.3 33161
check "db1: acq_test exists, log_bin=ON, server_id=33161" is acq_test/ON/33161 127.0.0.2 33161 acq \
    "SELECT CONCAT_WS('/', SCHEMA_NAME, @@log_bin, @@server_id) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME='acq_test'"
check "acq@localhost over the Unix socket" \
    "${M[@]}" --socket="$WORK/db1.sock" -uacq -pacq -e "SELECT 1" >/dev/null
check "acq_app writes acq_test" q 127.0.0.2 33161 acq_app \
    "CREATE TABLE acq_test.t (i INT); INSERT INTO acq_test.t VALUES (1)"
q 127.0.0.2 33161 acq "SET GLOBAL read_only=1"
refuse "read_only=1 stops acq_app" q 127.0.0.2 33161 acq_app "INSERT INTO acq_test.t VALUES (2)"
check "read_only=1 does NOT stop acq (ALL PRIVILEGES includes READ_ONLY ADMIN)" \
    q 127.0.0.2 33161 acq "INSERT INTO acq_test.t VALUES (3)"
q 127.0.0.2 33161 acq "SET GLOBAL read_only=0"

check "TLS: acq_tls with --ssl-ca=ca.pem --ssl-verify-server-cert is encrypted" \
    encrypted 127.0.0.3 33162 acq_tls --ssl --ssl-ca="$TLS/ca.pem" --ssl-verify-server-cert
check "TLS: with client certificate" is 1 127.0.0.3 33162 acq_tls "SELECT 1" --ssl \
    --ssl-ca="$TLS/ca.pem" --ssl-cert="$TLS/client-cert.pem" --ssl-key="$TLS/client-key.pem" \
    --ssl-verify-server-cert
check "TLS: server certificate SAN lists localhost, 127.0.0.1-127.0.0.9" san_ok "$TLS/server-cert.pem"
refuse "TLS: wrong-ca.pem rejected with --ssl-verify-server-cert" q 127.0.0.3 33162 acq_tls \
    "SELECT 1" --ssl --ssl-ca="$TLS/wrong-ca.pem" --ssl-verify-server-cert
refuse "TLS: wrong-ca.pem rejected even without --ssl-verify-server-cert" \
    q 127.0.0.3 33162 acq_tls "SELECT 1" --ssl --ssl-ca="$TLS/wrong-ca.pem"
check "TLS: --ssl without any CA connects, unverified (client default)" \
    encrypted 127.0.0.3 33162 acq_tls --ssl
refuse "TLS: acq_tls without TLS rejected (REQUIRE SSL)" q 127.0.0.3 33162 acq_tls "SELECT 1" --skip-ssl
refuse "TLS: db1 (started without --tls) cannot do TLS" q 127.0.0.2 33161 acq "SELECT 1" \
    --ssl --ssl-ca="$TLS/ca.pem" --ssl-verify-server-cert

# --- silent server -----------------------------------------------------------
acq_silent_start hung 127.0.0.4 33163 "$WORK"
check "silent server accepts TCP" tcp_open 127.0.0.4 33163
t=$(now)
refuse "mariadb --connect-timeout=1 to the silent server fails" \
    mariadb --no-defaults --connect-timeout=1 -h 127.0.0.4 -P 33163 -uacq -pacq -e "SELECT 1"
el=$(ms "$t")
check "... after 0.9-5 s (took $el ms)" test "$el" -ge 900 -a "$el" -le 5000

# --- stop / restart / freeze / kill ------------------------------------------
t=$(now)
acq_mariadb_stop db1
echo "     db1 SIGTERM stop: $(ms "$t") ms"
refuse "db1 does not answer after stop" q 127.0.0.2 33161 acq "SELECT 1"
t=$(now)
acq_mariadb_start db1 127.0.0.2 33161 "$WORK"
echo "     db1 restart (data kept): $(ms "$t") ms"
check "db1 restart kept its data" is 2 127.0.0.2 33161 acq "SELECT COUNT(*) FROM acq_test.t"
acq_mariadb_freeze db1
t=$(now)
refuse "frozen db1 (SIGSTOP): connect with --connect-timeout=1 fails" \
    mariadb --no-defaults --connect-timeout=1 -h 127.0.0.2 -P 33161 -uacq -pacq -e "SELECT 1"
echo "     connect to frozen db1 gave up after $(ms "$t") ms"
acq_mariadb_thaw db1
check "thawed db1 answers" is 1 127.0.0.2 33161 acq "SELECT 1"
pid=$(cat "$WORK/db1.pid")
t=$(now)
acq_mariadb_stop db1 KILL
echo "     db1 SIGKILL stop: $(ms "$t") ms"
refuse "db1 process gone after KILL" alive "$pid"
t=$(now)
acq_mariadb_start db1 127.0.0.2 33161 "$WORK"
echo "     db1 start after SIGKILL (crash recovery): $(ms "$t") ms"
check "db1 after crash recovery kept its data" is 2 127.0.0.2 33161 acq "SELECT COUNT(*) FROM acq_test.t"
acq_mariadb_stop hung
refuse "silent server stopped" tcp_open 127.0.0.4 33163

# --- GlusterFS ---------------------------------------------------------------
t=$(now)
acq_gluster_up "$WORK/gl" 3
echo "     gluster up (glusterd if needed, volume, 3 mounts): $(ms "$t") ms"
read -r -a mnts <<<"$ACQ_GLUSTER_MOUNTS"
check "ACQ_GLUSTER_VOL=$ACQ_GLUSTER_VOL starts with acqdb_" test "${ACQ_GLUSTER_VOL#acqdb_}" != "$ACQ_GLUSTER_VOL"
check "3 mounts in ACQ_GLUSTER_MOUNTS" test "${#mnts[@]}" -eq 3
for m in "${mnts[@]}"; do
    check "$m is a fuse.glusterfs mount" fstype_is "$m" fuse.glusterfs
done
check "volume root is mode 1777" test "$(stat -c %a "${mnts[0]}")" = 1777
token="written via mnt1 at $EPOCHREALTIME"
printf '%s\n' "$token" >"${mnts[0]}/hello"
check "file written through mnt1 is read through mnt3" test "$(cat "${mnts[2]}/hello")" = "$token"
check "user nobody can create a file via mnt2" \
    setpriv --reuid=65534 --regid=65534 --clear-groups touch "${mnts[1]}/by-nobody"

if command -v python3 >/dev/null 2>&1; then
    # A POSIX (fcntl) write lock taken through mnt1 must make F_SETLK through
    # mnt3 fail, and succeed once released.
    check "fcntl lock via mnt1 blocks F_SETLK via mnt3, free after unlock" \
        python3 - "${mnts[0]}/lock" "${mnts[2]}/lock" <<'PY'
import errno, fcntl, os, subprocess, sys
a = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o666)
fcntl.lockf(a, fcntl.LOCK_EX | fcntl.LOCK_NB)          # F_SETLK, write lock
child = ("import errno,fcntl,os,sys\n"
         "b=os.open(sys.argv[1], os.O_RDWR)\n"
         "try:\n fcntl.lockf(b, fcntl.LOCK_EX|fcntl.LOCK_NB)\nexcept OSError as e:\n"
         " sys.exit(0 if e.errno in (errno.EAGAIN, errno.EACCES) else 2)\n"
         "sys.exit(1)\n")
held = subprocess.run([sys.executable, "-c", child, sys.argv[2]]).returncode
fcntl.lockf(a, fcntl.LOCK_UN)
free = subprocess.run([sys.executable, "-c", child, sys.argv[2]]).returncode
sys.exit(0 if (held, free) == (0, 1) else 1)
PY
else
    skipped "fcntl lock across mounts (python3 missing)"
fi

vol=$ACQ_GLUSTER_VOL
t=$(now)
acq_gluster_down
echo "     gluster down: $(ms "$t") ms"
check "no fuse.glusterfs mount below the work dir after down" no_mount_below "$WORK"
check "volume $vol deleted" test ! -e "/var/lib/glusterd/vols/$vol"
check "acq_gluster_down again is a no-op" acq_gluster_down "$WORK/gl"
