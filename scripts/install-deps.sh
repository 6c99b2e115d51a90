#!/usr/bin/env bash
# scripts/install-deps.sh -- install everything acq_db needs to build, test
# and demo, on Debian 12 (bookworm, PHP 8.2) or Debian 13 (trixie, PHP 8.4),
# as root. Also works inside a debootstrap chroot (scripts/chroot-test.sh).
# PHP comes through Debian's version-neutral names (php-cli, php-dev, ...),
# so each release gets its own PHP; the versioned binaries (php-fpm8.4) are
# then found from php-config. Idempotent: when every package is already
# installed it does not touch apt at all.
#
#   scripts/install-deps.sh          install what is missing
#   scripts/install-deps.sh --list   print the package list and exit
#   scripts/install-deps.sh --check  exit 0 if all are installed, 1 if not
#
# Services: Debian's postinst scripts would start MariaDB (port 3306),
# glusterd, php-fpm, nginx and haproxy. Tests start their own instances on their
# own ports and never rely on those, so while installing, a temporary
# /usr/sbin/policy-rc.d that exits 101 ("action not allowed") is put in place
# if none exists, and removed afterwards. An existing policy-rc.d is left as
# it is.
set -euo pipefail

# Every name checked with `apt-cache policy NAME` on Debian 12 and 13.
PACKAGES=(
    # build the extension; php-mysql brings mysqlnd, pdo_mysql and mysqli
    build-essential autoconf pkg-config git ca-certificates
    php-cli php-dev php-mysql php-fpm php-apcu php-pear
    # php-cgi: the phpt tests of settings whose default differs outside the CLI SAPI
    php-cgi
    check libmariadb-dev
    # database servers and clients for tests
    mariadb-server mariadb-client
    # shared volume: glusterfs-client ships mount.glusterfs and its own
    # fusermount-glusterfs, so no separate fuse/fuse3 package is needed
    glusterfs-server glusterfs-client
    # demo web farm (nginx: on Debian 12 and 13 nginx-light is nginx plus an
    # echo module the demo does not use), plots, certificates, HAProxy for
    # demo/run --compare haproxy
    nginx gnuplot-nox openssl haproxy
    # test tooling: pgrep/pkill (procps), ip (iproute2), fuser (psmisc),
    # findmnt/setpriv/mount (util-linux), timeout (coreutils), python3 for
    # the fcntl lock check in tests/lib/selftest.sh
    procps iproute2 psmisc util-linux coreutils hostname python3
    # jq: the fault suite reads each web node's published view (JSON)
    jq
    # shellcheck: the suite of that name lints every shell script
    shellcheck
    # fuzzing and sanitizers (suites fuzz, asan, tsan, valgrind): Debian's clang
    # (14 on Debian 12, 19 on Debian 13) with its libFuzzer/ASan/TSan runtimes,
    # gcc's sanitizer runtimes, valgrind
    clang libclang-rt-dev libasan8 libubsan1 libtsan2 valgrind
)
# Commands that must exist afterwards (plus php-fpm of the installed PHP
# version, see acq_db_php_fpm).
COMMANDS=(gcc make autoconf pkg-config phpize php-config php checkmk
    mariadbd mariadb mariadb-admin mariadb-install-db glusterd gluster
    mount.glusterfs nginx haproxy gnuplot openssl pgrep ip findmnt setpriv timeout python3 jq
    clang valgrind shellcheck)
# Releases this list is checked on; others get a warning, not a refusal.
TESTED_CODENAMES=(bookworm trixie)

log() { printf 'install-deps: %s\n' "$*"; }

# The distribution, as "Debian GNU/Linux 13 (trixie)", and its codename
# (subshells: os-release's variables stay out of this script).
acq_db_distribution() ( PRETTY_NAME=unknown; [[ -r /etc/os-release ]] && . /etc/os-release; printf '%s\n' "$PRETTY_NAME" )
acq_db_codename() ( VERSION_CODENAME=; [[ -r /etc/os-release ]] && . /etc/os-release; printf '%s\n' "$VERSION_CODENAME" )

# The php-fpm binary matching php-config's PHP (Debian installs it as
# /usr/sbin/php-fpmMAJOR.MINOR, with no version-neutral name).
acq_db_php_fpm() {
    local ver
    ver=$(php-config --version 2>/dev/null) || return 1
    ver=${ver%.*}
    command -v "php-fpm$ver" 2>/dev/null || { [[ -x /usr/sbin/php-fpm$ver ]] && echo "/usr/sbin/php-fpm$ver"; }
}

case ${1:-} in
--list) printf '%s\n' "${PACKAGES[@]}"; exit 0 ;;
--php-fpm) acq_db_php_fpm || { log "no php-fpm for PHP $(php-config --version 2>/dev/null || echo '(php-config missing)')" >&2; exit 1; }; exit 0 ;;
--check | '') ;;
*) echo "usage: $0 [--list|--check|--php-fpm]" >&2; exit 2 ;;
esac

codename=$(acq_db_codename)
if [[ " ${TESTED_CODENAMES[*]} " == *" ${codename:-?} "* ]]; then
    log "found $(acq_db_distribution)"
else
    log "warning: found $(acq_db_distribution); this list is tested on Debian ${TESTED_CODENAMES[*]} only, names may differ (docs/platforms.md)" >&2
fi

missing=()
for p in "${PACKAGES[@]}"; do
    st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
    [[ $st == ii* ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
    log "all ${#PACKAGES[@]} packages already installed; apt not run"
else
    log "missing: ${missing[*]}"
    if [[ ${1:-} == --check ]]; then exit 1; fi
fi

if ((${#missing[@]} > 0)); then
    if ((EUID != 0)); then
        log "must run as root to install packages" >&2
        exit 1
    fi
    [[ -e /proc/self ]] || log "warning: /proc is not mounted (chroot?); some postinst scripts need it" >&2

    policy=/usr/sbin/policy-rc.d
    if [[ -e $policy ]]; then
        log "$policy exists already; left as it is"
    else
        log "creating $policy (exit 101) for the duration of the install:"
        log "  Debian's postinst scripts then do not start mariadb, glusterd, php-fpm, nginx or haproxy"
        printf '#!/bin/sh\n# temporary, from acq_db scripts/install-deps.sh\nexit 101\n' >"$policy"
        chmod 0755 "$policy"
        trap 'rm -f "$policy"; log "removed the temporary $policy"' EXIT
    fi

    export DEBIAN_FRONTEND=noninteractive
    apt_opts=(-o Acquire::Retries=3 -o Dpkg::Options::=--force-confdef
        -o Dpkg::Options::=--force-confold)
    log "apt-get update"
    apt-get "${apt_opts[@]}" update
    unknown=()
    for p in "${missing[@]}"; do
        cand=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')
        [[ -n $cand && $cand != '(none)' ]] || unknown+=("$p")
    done
    if ((${#unknown[@]} > 0)); then
        log "no installation candidate for: ${unknown[*]} (check /etc/apt/sources.list*)" >&2
        exit 1
    fi
    log "apt-get install ${missing[*]}"
    apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}"
fi

absent=()
for c in "${COMMANDS[@]}"; do
    command -v "$c" >/dev/null 2>&1 || [[ -x /usr/sbin/$c || -x /sbin/$c ]] || absent+=("$c")
done
fpm=$(acq_db_php_fpm) || absent+=("php-fpm$(php-config --version 2>/dev/null | cut -d. -f1,2)")
if ((${#absent[@]} > 0)); then
    log "commands still missing after install: ${absent[*]}" >&2
    exit 1
fi
log "PHP $(php-config --version) (php-fpm: $fpm), extensions in $(php-config --extension-dir)"
[[ -c /dev/fuse ]] || log "note: /dev/fuse is missing here: GlusterFS mounts will not work (containers need --device /dev/fuse)"
log "ok"
