#!/usr/bin/env bash
# tests/deb-installed.sh DEBDIR -- the Debian packages as an operator meets
# them, in a fresh chroot where PHP (cli, fpm, mysql), nginx, MariaDB and
# GlusterFS are installed and no acq_db was ever built (tests/check-deb.sh
# runs it there, as root, without network: every dependency is installed
# already, so apt works from the .debs alone).
#  1. a running site (php-fpm behind nginx, polled every 20 ms) while
#     `apt-get install ./*.deb` runs: not one failed request; then php-fpm is
#     restarted as php-fpm's dpkg trigger does on a real system (here
#     policy-rc.d forbids it): it serves again, with acq_db loaded;
#  2. unconfigured, acq_db is enabled in CLI and FPM and inert: no warning
#     at startup or per request;
#  3. phpversion('acq_db') and `acq-db-admin --version` are the tree's
#     version, the man page, bash completion and the Nagios plugin path
#     are there, the plugin says UNKNOWN (3) without configuration;
#  4. the short drill (demo/run --installed --short) on the installed
#     extension, not a build tree;
#  5. the operator edits acq_db.ini (servers, election file) and creates the
#     election file; an upgrade (the same packages repacked one version up),
#     `apt-get install --reinstall` and `apt-get remove` keep the edits, never
#     touch the election file, and php-fpm keeps serving; reinstalling after
#     the removal finds the edited file and enables it again.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
debs=$(cd "${1:?usage: $0 DEBDIR}" && pwd)
v=$(php -n -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')
version=$(sed -n 's/^#define ACQ_DB_VERSION "\(.*\)"/\1/p' "$root/src/core/lib/acq_db_version.h")
debver=$(dpkg-deb -f "$(ls "$debs"/php-acq-db_*.deb)" Version)
ini=/etc/php/$v/mods-available/acq_db.ini
fpm=php-fpm$v fpm_pid=/run/php/php$v-fpm.pid
work=$(mktemp -d /tmp/acq_db-deb-installed.XXXXXX)
export DEBIAN_FRONTEND=noninteractive
poller=""
cleanup() {
	set +e
	touch "$work/stop"
	[ -n "$poller" ] && wait "$poller" 2>/dev/null
	[ -s "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
	[ -s "$fpm_pid" ] && kill -QUIT "$(cat "$fpm_pid")" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
step() { echo; echo "--- deb-installed ($v): $*"; }
ok() { echo "deb-installed: ok: $*"; }
fail() { echo "deb-installed: FAILED: $*" >&2; exit 1; }
# apt from the local .debs only; a conffile question would wait for an
# answer: stdin is /dev/null, and dpkg keeps the operator's file by default
apt_get() { timeout 600 apt-get -y -q -o Dpkg::Use-Pty=0 "$@" </dev/null >>"$work/apt.log" 2>&1 || { tail -n 30 "$work/apt.log" >&2; fail "apt-get $*"; }; }
wait_for() { # DESCRIPTION SECONDS COMMAND...: poll with a deadline
	local what=$1 deadline=$((SECONDS + $2))
	shift 2
	until "$@"; do
		[ $SECONDS -lt $deadline ] || fail "$what"
		sleep 0.05
	done
}

# the site: a page that says whether acq_db is loaded, php-fpm's own pool
# (Debian's configuration, www-data) behind nginx
mkdir -p /run/php /var/www/acq
printf '%s\n' '<?php echo extension_loaded("acq_db") ? "acq_db " . phpversion("acq_db") : "no acq_db";' >/var/www/acq/index.php
cat >"$work/nginx.conf" <<CONF
user www-data;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 256; }
http {
	access_log off;
	server {
		listen 127.0.0.1:18090;
		location / {
			include /etc/nginx/fastcgi_params;
			fastcgi_param SCRIPT_FILENAME /var/www/acq/index.php;
			fastcgi_pass unix:/run/php/php$v-fpm.sock;
		}
	}
}
CONF
page() { php -n -r '$b = @file_get_contents("http://127.0.0.1:18090/", false, stream_context_create(["http" => ["timeout" => 5, "ignore_errors" => true]]));
	echo str_contains($http_response_header[0] ?? "", " 200") ? $b : "HTTP " . ($http_response_header[0] ?? "none");'; }
serves() { [ "$(page)" = "$1" ]; }
fpm_start() {
	"$fpm" --daemonize --fpm-config "/etc/php/$v/fpm/php-fpm.conf"
	wait_for "php-fpm did not answer through nginx ($(page))" 20 eval 'page | grep -q acq_db'
}
# what php-fpm's trigger on /etc/php/X.Y/fpm/conf.d runs on a real system
# (invoke-rc.d php-fpmX.Y restart); returns how many polled requests failed
fpm_restart() {
	local pid
	pid=$(cat "$fpm_pid")
	kill -QUIT "$pid"
	wait_for "php-fpm did not stop" 20 eval "! kill -0 $pid 2>/dev/null"
	fpm_start
}
# poll the site every 20 ms in the background: poll_start NAME, poll_stop
# NAME sets polled to "N requests, F failed"
poll_start() {
	rm -f "$work/stop"
	php -n -r '$log = fopen($argv[1], "w");
		while (!file_exists($argv[2])) {
			$b = @file_get_contents("http://127.0.0.1:18090/", false, stream_context_create(["http" => ["timeout" => 5, "ignore_errors" => true]]));
			fwrite($log, (str_contains($http_response_header[0] ?? "", " 200") ? "ok " : "FAIL ") . $b . "\n");
			usleep(20000);
		}' "$work/poll-$1.log" "$work/stop" &
	poller=$!
	wait_for "the poller made no request" 10 test -s "$work/poll-$1.log"
}
poll_stop() { # sets polled to "N requests, F failed"
	touch "$work/stop"
	wait "$poller"
	poller=""
	polled="$(wc -l <"$work/poll-$1.log") requests, $(grep -c '^FAIL' "$work/poll-$1.log" || true) failed"
}
poll_clean() { # NAME [WHAT]: every polled request succeeded
	poll_stop "$1"
	case $polled in *", 0 failed") ok "php-fpm served during ${2:-$1}: $polled" ;; *) fail "php-fpm failed requests during ${2:-$1}: $polled" ;; esac
}
enabled() { [ -L "/etc/php/$v/$1/conf.d/20-acq_db.ini" ] && [ "$(readlink -f "/etc/php/$v/$1/conf.d/20-acq_db.ini")" = "$ini" ]; }
efile_sum() { sha256sum /srv/acq_db/election /srv/acq_db/election.lock | sha256sum | cut -c1-16; }

step "no build tree: the chroot has only the clone of the committed tree"
[ ! -e "$root/modules/acq_db.so" ] || fail "$root/modules/acq_db.so exists: this must run without a build"
! php -m | grep -qx acq_db || fail "acq_db is loaded before the packages are installed"

step "a running site, then apt-get install ./*.deb under it"
nginx -c "$work/nginx.conf"
fpm_start
serves "no acq_db" || fail "the site before the install: $(page)"
poll_start install
(cd "$debs" && apt_get install --no-install-recommends ./*.deb)
poll_clean install "apt-get install ./*.deb"
dpkg-query -W -f '${Package} ${Version} ${db:Status-Abbrev}\n' php-acq-db "php$v-acq-db" acq-db-admin
[ "$(dpkg-query -W -f '${Version}' "php$v-acq-db")" = "$debver" ] || fail "php$v-acq-db is not $debver"
serves "no acq_db" || fail "the running php-fpm changed before its restart: $(page)"
poll_start "restart"
fpm_restart
poll_stop restart
echo "php-fpm restart as its trigger does it: $polled (the site's own downtime of a restart, reported, not asserted)"
serves "acq_db $version" || fail "php-fpm after the restart: $(page)"
ok "php-fpm $v: acq_db $version after the restart"

step "enabled for every installed SAPI, inert and silent until configured"
dpkg-query -W -f '${Conffiles}\n' "php$v-acq-db" | grep -q " $ini " || fail "$ini is not a conffile"
for sapi in cli fpm; do enabled $sapi || fail "acq_db is not enabled for $sapi (/etc/php/$v/$sapi/conf.d/20-acq_db.ini)"; done
ls -l /etc/php/"$v"/*/conf.d/*acq_db* /etc/php/"$v"/*/conf.d/*mysqlnd*
php -m | grep -qx acq_db || fail "php -m does not list acq_db"
got=$(php -r 'echo phpversion("acq_db");' 2>&1)
[ "$got" = "$version" ] || fail "php -r 'echo phpversion(\"acq_db\");' printed '$got', expected exactly '$version' (no startup noise)"
ok "CLI: acq_db $got, no startup output; FPM: acq_db $version"
php -r 'try { acq_db_active(); echo "configured?!"; } catch (AcqDbException $e) { echo $e->getMessage(), "\n"; }'
notices=$(grep -c 'acq_db' "/var/log/php$v-fpm.log" 2>/dev/null || true)
echo "php-fpm's log lines naming acq_db after an unconfigured start: ${notices:-0}"

step "acq-db-admin: --version, man page, completion, Nagios plugin"
[ "$(acq-db-admin --version)" = "acq-db-admin $version" ] || fail "acq-db-admin --version: $(acq-db-admin --version)"
zcat /usr/share/man/man1/acq-db-admin.1.gz | grep -q '^\.TH ACQ-DB-ADMIN 1' || fail "no man page acq-db-admin(1)"
zcat /usr/share/man/man1/acq-db-admin.1.gz | grep -q 'version' || fail "the man page does not document --version"
# what bash offers after "acq-db-admin st" and "acq-db-admin --format p"
completes() {
	bash -c '. /usr/share/bash-completion/bash_completion; . /usr/share/bash-completion/completions/acq-db-admin
		COMP_WORDS=(acq-db-admin "$@"); COMP_CWORD=$#; COMP_LINE="acq-db-admin $*"; COMP_POINT=${#COMP_LINE}
		_acq_db_admin; echo "${COMPREPLY[*]}"' _ "$@"
}
[ "$(completes st)" = status ] || fail "bash completion of 'acq-db-admin st': '$(completes st)'"
[ "$(completes --format p)" = prometheus ] || fail "bash completion of '--format p': '$(completes --format p)'"
rc=0
out=$(/usr/lib/nagios/plugins/check_acq_db 2>/dev/null) || rc=$?
[ $rc = 3 ] && [[ $out == "ACQ_DB UNKNOWN - "* ]] || fail "check_acq_db without configuration: exit $rc, '$out' (expected 3, ACQ_DB UNKNOWN)"
ok "acq-db-admin $version, man page, completion; check_acq_db unconfigured: exit 3, $out"
ls /usr/share/doc/acq-db-admin/examples/

step "the short drill on the installed extension (demo/run --installed --short)"
"$root/demo/run" --installed --short --duration 10 --out "$work/drill" >"$work/drill.log" 2>&1 || { tail -n 40 "$work/drill.log" >&2; fail "demo/run --installed --short"; }
grep 'of the installed package' "$work/drill.log"
grep -q '^summary: .*after the election 0), acknowledged writes lost 0$' "$work/drill/report.txt" ||
	fail "drill: $(grep '^summary:' "$work/drill/report.txt")"
ok "drill on the installed package: $(grep '^summary:' "$work/drill/report.txt")"

step "the operator configures acq_db and creates the election file"
mkdir -p /srv/acq_db
sed -i -e 's|^;acq_db.servers=.*|acq_db.servers="db1=127.0.0.1:3306,db2=127.0.0.2:3306"|' \
	-e 's|^;acq_db.election_file=.*|acq_db.election_file=/srv/acq_db/election|' "$ini"
echo "; the operator's own line" >>"$ini"
cp "$ini" "$work/ini.edited"
acq-db-admin --ini "$ini" init db1
chmod 0666 /srv/acq_db/election /srv/acq_db/election.lock # php-fpm's workers are www-data
sum=$(efile_sum)
fpm_restart
[ "$(php -r 'echo acq_db_status()["active"] ?? "none";' 2>&1)" = db1 ] || fail "configured acq_db does not read the file: $(php -r 'var_dump(acq_db_status());' 2>&1 | head -5)"
rc=0
out=$(/usr/lib/nagios/plugins/check_acq_db --ini "$ini" 2>/dev/null) || rc=$?
[[ $out == "ACQ_DB "* ]] && [ $rc -le 3 ] || fail "check_acq_db --ini: exit $rc, '$out'"
ok "configured: CLI reads the election file (active db1); check_acq_db --ini: exit $rc, ${out%% |*}"

# kept: the edited INI, the election file, the module enabled (or not, $1)
kept() {
	cmp -s "$ini" "$work/ini.edited" || { diff "$work/ini.edited" "$ini" >&2 || true; fail "$2: the operator's $ini changed"; }
	[ "$(efile_sum)" = "$sum" ] || fail "$2: the election file changed"
	if [ "$1" = enabled ]; then
		for sapi in cli fpm; do enabled $sapi || fail "$2: acq_db no longer enabled for $sapi"; done
	else
		for sapi in cli fpm; do ! enabled $sapi || fail "$2: acq_db still enabled for $sapi"; done
	fi
	ok "$2: $ini kept with the operator's edits, election file untouched, module $1"
}

step "upgrade from this build to the next (the same packages repacked as $debver+upgrade1)"
new=$debver+upgrade1
mkdir "$work/new"
for d in "$debs"/*.deb; do
	rm -rf "$work/x"
	dpkg-deb -R "$d" "$work/x"
	sed -i -e "s/^Version: .*/Version: $new/" -e "s/(= $debver)/(= $new)/g" -e "s/(<< $debver~)/(<< $new~)/g" \
		-e "s/(>= $debver~)/(>= $new~)/g" "$work/x/DEBIAN/control"
	dpkg-deb -b "$work/x" "$work/new/" >/dev/null
done
poll_start upgrade
(cd "$work/new" && apt_get install --no-install-recommends ./*.deb)
poll_clean upgrade
[ "$(dpkg-query -W -f '${Version}' "php$v-acq-db")" = "$new" ] || fail "php$v-acq-db was not upgraded to $new"
kept enabled upgrade
fpm_restart
serves "acq_db $version" || fail "php-fpm after the upgrade: $(page)"

step "apt-get install --reinstall"
poll_start reinstall
(cd "$work/new" && apt_get install --reinstall --no-install-recommends ./*.deb)
poll_clean reinstall
kept enabled reinstall

step "apt-get remove"
poll_start remove
apt_get remove php-acq-db "php$v-acq-db" acq-db-admin
poll_clean remove
[ "$(dpkg-query -W -f '${db:Status-Abbrev}' "php$v-acq-db")" = "rc " ] || fail "php$v-acq-db is not removed with its conffiles kept: $(dpkg-query -W -f '${db:Status-Abbrev}' "php$v-acq-db")"
kept disabled remove
[ ! -e /usr/bin/acq-db-admin ] && [ ! -e /usr/lib/nagios/plugins/check_acq_db ] || fail "acq-db-admin is still installed"
fpm_restart
serves "no acq_db" || fail "php-fpm after the removal: $(page)"
php -m | grep -qx acq_db && fail "php -m still lists acq_db"

step "install again after the removal"
(cd "$work/new" && apt_get install --no-install-recommends ./*.deb)
kept enabled "install after remove"
fpm_restart
serves "acq_db $version" || fail "php-fpm after installing again: $(page)"
echo
echo "deb-installed: all checks passed (PHP $v, packages $debver and $new)"
