# shellcheck shell=bash
# tests/lib/gluster.sh -- throw-away GlusterFS replica-3 volume for acq_db tests.
#
# Source this file (bash >= 5, root, /dev/fuse present), then:
#
#   acq_gluster_up WORKDIR NMOUNTS
#       Ensures glusterd runs (starts one if `pgrep -x glusterd` finds none and
#       records its PID in WORKDIR/glusterd.pid; a glusterd that already ran is
#       used and never stopped), creates and starts a replica-3 volume
#       acqdb_<pid>_<random> with bricks WORKDIR/bricks/b1..b3, mounts it
#       NMOUNTS times at WORKDIR/mnt1..mntN (each mount is a separate FUSE
#       client = one "web node"), waits until every mount is a writable
#       fuse.glusterfs mount and makes the volume root mode 1777.
#       Exports:
#         ACQ_GLUSTER_VOL      volume name
#         ACQ_GLUSTER_MOUNTS   space-separated mount dirs (mnt1 first)
#         ACQ_GLUSTER_HOST     host name/IP the bricks and mounts use
#         ACQ_GLUSTER_WORKDIR  WORKDIR as an absolute path (used by _down)
#   acq_gluster_down [WORKDIR]
#       Unmounts (lazy unmount as fallback), stops and deletes the volume,
#       removes the bricks, stops glusterd by PID only if _up started it.
#       Idempotent; safe in an EXIT trap even if _up failed halfway. State is
#       kept in WORKDIR/gluster.* files, so it also works from another shell.
#       Returns 1 if something could not be cleaned up.
#
# Optional environment (default: unset = GlusterFS defaults):
#   ACQ_GLUSTER_VOLUME_OPTS  "key=value key=value" -> `gluster volume set`
#                            (e.g. "performance.md-cache-timeout=0")
#   ACQ_GLUSTER_MOUNT_OPTS   extra `mount -o` options, comma separated
#                            (e.g. "attribute-timeout=0,entry-timeout=0")
#   ACQ_GLUSTER_TIMEOUT      seconds for each wait (default 60)
#
# Volume tuning: on purpose NOTHING is set by default. The volume keeps the
# defaults a production replica-3 volume gets from `gluster volume create`
# (GlusterFS 10.3): cluster.quorum-type=auto (client quorum: writes need 2 of
# 3 bricks), performance.md-cache-timeout=1 s, quick-read/open-behind/
# write-behind/stat-prefetch on, FUSE attribute- and entry-timeout 1 s,
# network.ping-timeout=42 s. The code under test must cope with exactly
# these caches, so they are not disabled. Only the FUSE client log is moved
# into WORKDIR (mount option log-file=), which changes no behaviour.
#
# Gotchas found on Debian 12 / GlusterFS 10.3:
# - Bricks on 127.0.0.1 or "localhost" are refused even with `force`; the
#   machine's host name (even if it resolves to 127.0.0.1) or 127.0.0.2 work.
# - The first CLI call right after starting glusterd can fail with
#   "Connection failed"; poll.
# - `volume stop` takes ~3 s (bricks shut down gracefully); `volume delete`
#   runs a python hook (S57glusterfind-delete-post) in the background.
# - A brick directory keeps trusted.* xattrs and .glusterfs/: it cannot be
#   reused for another volume, so bricks are deleted on down.
# - glusterd -N leaves <defunct> children until it exits; PID 1 on this kind
#   of machine reaps orphans only lazily (seconds), so liveness checks treat
#   zombies as dead -- `pgrep -x glusterd` alone lists a zombie glusterd and
#   a back-to-back second run would wait for a glusterd that is gone.

ACQ_GLUSTER_VOL=${ACQ_GLUSTER_VOL:-}
ACQ_GLUSTER_MOUNTS=${ACQ_GLUSTER_MOUNTS:-}
ACQ_GLUSTER_HOST=${ACQ_GLUSTER_HOST:-}
ACQ_GLUSTER_WORKDIR=${ACQ_GLUSTER_WORKDIR:-}

_acq_g_log() { printf 'acq_gluster: %s\n' "$*" >&2; }

# shellcheck source=proc.sh
. "$(dirname "${BASH_SOURCE[0]}")/proc.sh"

# _acq_g_kill PID MATCH [DEADLINE_S]: SIGTERM PID if its command line contains
# MATCH, wait for it to die, SIGKILL after the deadline. Never kills a PID
# whose command line does not match (PID reuse, foreign pid file).
_acq_g_kill() {
    local pid=$1 match=$2 secs=${3:-20} end
    acq_proc_alive "$pid" || return 0
    [[ $(acq_proc_cmdline "$pid") == *"$match"* ]] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    end=$((EPOCHSECONDS + secs))
    while acq_proc_alive "$pid" && ((EPOCHSECONDS < end)); do sleep 0.05; done
    if acq_proc_alive "$pid"; then
        _acq_g_log "pid $pid ($match) ignored SIGTERM for ${secs}s; SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        end=$((EPOCHSECONDS + 10))
        while acq_proc_alive "$pid" && ((EPOCHSECONDS < end)); do sleep 0.05; done
    fi
    ! acq_proc_alive "$pid"
}

# _acq_g_same_host PID: PID sees the same root and network namespace as we do.
_acq_g_same_host() {
    [[ $(readlink "/proc/$1/root" 2>/dev/null) == "$(readlink /proc/self/root)" ]] &&
        [[ $(readlink "/proc/$1/ns/net" 2>/dev/null) == "$(readlink /proc/self/ns/net)" ]]
}

_acq_g_cli() { timeout 60 gluster --mode=script "$@"; }

# _acq_g_is_gluster_mount DIR
_acq_g_is_gluster_mount() {
    [[ $(findmnt -n -o FSTYPE --mountpoint "$1" 2>/dev/null) == fuse.glusterfs* ]]
}

# _acq_g_mounts_under DIR: every mount point at or below DIR (deepest first).
_acq_g_mounts_under() {
    local d=$1 t
    while IFS= read -r t; do
        [[ $t == "$d"/* ]] && printf '%s\n' "$t"
    done < <(findmnt -rn -o TARGET 2>/dev/null | sort -r)
}

# _acq_g_client_pid VOL DIR: the glusterfs FUSE client serving DIR.
_acq_g_client_pid() {
    local vol=$1 dir=$2 p c
    for p in $(pgrep -x glusterfs 2>/dev/null || true); do
        c=$(acq_proc_cmdline "$p") || continue
        if [[ $c == *"--volfile-id=/$vol "* && $c == *" $dir " ]]; then
            printf '%s\n' "$p"
            return 0
        fi
    done
    return 1
}

# _acq_g_reap_stale: stop+delete acqdb_* volumes none of whose brick
# directories exist any more (left by a test that was SIGKILLed). A live
# test's bricks exist, so concurrent runs are not affected.
_acq_g_reap_stale() {
    local v b live line
    local -a vols=()
    mapfile -t vols < <(_acq_g_cli volume list 2>/dev/null | grep '^acqdb_' || true)
    for v in "${vols[@]}"; do
        live=0
        while IFS= read -r line; do
            if [[ $line =~ ^Brick[0-9]+:\ [^:]+:(/.*)$ ]]; then
                b=${BASH_REMATCH[1]}
                [[ -d $b ]] && live=1
            fi
        done < <(_acq_g_cli volume info "$v" 2>/dev/null || true)
        if ((live == 0)); then
            _acq_g_log "removing stale volume $v (its bricks are gone)"
            _acq_g_cli volume stop "$v" force >/dev/null 2>&1 || true
            _acq_g_cli volume delete "$v" >/dev/null 2>&1 || true
        fi
    done
}

# acq_db needs GlusterFS's client-side content caches off on the volume that
# holds the election file (docs/configuration.md#glusterfs): with quick-read
# or io-cache on, another client's in-place write stayed invisible for up to
# ~0.8 s here, even to O_DIRECT reads. Every test volume is made that way
# unless the caller says otherwise.
ACQ_GLUSTER_VOLUME_OPTS=${ACQ_GLUSTER_VOLUME_OPTS-performance.quick-read=off performance.io-cache=off}

acq_gluster_up() {
    if (($# != 2)) || ! [[ $2 =~ ^[1-9][0-9]*$ ]]; then
        _acq_g_log "usage: acq_gluster_up WORKDIR NMOUNTS"
        return 2
    fi
    local wd nm=$2 tmo=${ACQ_GLUSTER_TIMEOUT:-60} end pid vol host i dir kv
    local -a hosts=() mounts=() mopts=() bricks=()
    local c
    for c in glusterd gluster mount.glusterfs findmnt pgrep timeout; do
        command -v "$c" >/dev/null 2>&1 || { _acq_g_log "missing command: $c (run scripts/install-deps.sh)"; return 1; }
    done
    if ((EUID != 0)); then _acq_g_log "must run as root"; return 1; fi
    if [[ ! -c /dev/fuse ]]; then
        modprobe fuse >/dev/null 2>&1 || true
        [[ -c /dev/fuse ]] || { _acq_g_log "/dev/fuse is missing: FUSE mounts impossible here"; return 1; }
    fi
    mkdir -p "$1" || return 1
    wd=$(cd "$1" && pwd -P) || return 1
    export ACQ_GLUSTER_WORKDIR=$wd

    # Leftovers of an earlier run in the same WORKDIR: clean them first.
    if [[ -e $wd/gluster.vol || -e $wd/glusterd.pid ]]; then
        _acq_g_log "cleaning leftovers of an earlier run in $wd"
        acq_gluster_down "$wd" || true
        export ACQ_GLUSTER_WORKDIR=$wd
    fi

    # 1. glusterd (pgrep also lists zombies, which PID 1 here reaps late:
    # a glusterd that was just stopped must not count as running).
    local running=''
    # Only a glusterd of this machine's own root and network counts: one in a
    # chroot or another network namespace (a CI stage, a chroot test) serves
    # other bricks on another loopback and would never answer us.
    for pid in $(pgrep -x glusterd 2>/dev/null || true); do
        if acq_proc_alive "$pid" && _acq_g_same_host "$pid"; then running=$pid; break; fi
    done
    if [[ -n $running ]]; then
        _acq_g_log "using the glusterd that already runs (pid $running); it will not be stopped"
    else
        # -N: stay in the foreground so that $! is glusterd's own PID; the
        # subshell makes it an orphan, so it is no job of the caller's shell.
        : >"$wd/glusterd.log"
        (glusterd -N --log-file="$wd/glusterd.log" </dev/null >/dev/null 2>&1 &
            echo $! >"$wd/glusterd.pid")
        _acq_g_log "started glusterd pid $(cat "$wd/glusterd.pid")"
    fi
    end=$((EPOCHSECONDS + tmo))
    until _acq_g_cli volume list >/dev/null 2>&1; do
        if [[ -e $wd/glusterd.pid ]] && ! acq_proc_alive "$(cat "$wd/glusterd.pid")"; then
            _acq_g_log "glusterd died; tail of $wd/glusterd.log:"
            tail -n 20 "$wd/glusterd.log" >&2 2>/dev/null || true
            return 1
        fi
        if ((EPOCHSECONDS >= end)); then
            _acq_g_log "glusterd did not answer 'gluster volume list' within ${tmo}s"
            return 1
        fi
        sleep 0.05
    done
    _acq_g_reap_stale

    # 2. volume. Its name is recorded before it exists so that _down can
    # clean up a half-created one.
    vol="acqdb_$$_$(printf '%04x%04x' "$RANDOM" "$RANDOM")"
    export ACQ_GLUSTER_VOL=$vol
    printf '%s\n' "$vol" >"$wd/gluster.vol"
    rm -rf "$wd/bricks"
    mkdir -p "$wd/bricks/b1" "$wd/bricks/b2" "$wd/bricks/b3"

    # glusterd refuses 127.0.0.1/localhost bricks even with force; the host
    # name (if it resolves) or 127.0.0.2 are accepted.
    host=$(hostname 2>/dev/null || true)
    if [[ -n $host && $host != localhost* ]] && getent hosts "$host" >/dev/null 2>&1; then
        hosts+=("$host")
    fi
    hosts+=(127.0.0.2)
    local out ok=0
    for host in "${hosts[@]}"; do
        bricks=("$host:$wd/bricks/b1" "$host:$wd/bricks/b2" "$host:$wd/bricks/b3")
        if out=$(_acq_g_cli volume create "$vol" replica 3 "${bricks[@]}" force 2>&1); then
            ok=1
            break
        fi
        _acq_g_log "volume create with host $host failed: $out"
    done
    ((ok)) || return 1
    export ACQ_GLUSTER_HOST=$host
    printf '%s\n' "$host" >"$wd/gluster.host"

    if [[ -n ${ACQ_GLUSTER_VOLUME_OPTS:-} ]]; then
        for kv in $ACQ_GLUSTER_VOLUME_OPTS; do
            _acq_g_cli volume set "$vol" "${kv%%=*}" "${kv#*=}" >/dev/null ||
                { _acq_g_log "volume set $kv failed"; return 1; }
        done
    fi
    if ! out=$(_acq_g_cli volume start "$vol" 2>&1); then
        _acq_g_log "volume start failed: $out"
        return 1
    fi

    # 3. mounts
    for ((i = 1; i <= nm; i++)); do
        dir=$wd/mnt$i
        if _acq_g_is_gluster_mount "$dir"; then umount "$dir" 2>/dev/null || umount -l "$dir" || true; fi
        mkdir -p "$dir"
        : >"$wd/mnt$i.log"
        mopts=(-o "log-file=$wd/mnt$i.log${ACQ_GLUSTER_MOUNT_OPTS:+,$ACQ_GLUSTER_MOUNT_OPTS}")
        if ! mount -t glusterfs "${mopts[@]}" "$host:/$vol" "$dir"; then
            _acq_g_log "mount $dir failed; tail of $wd/mnt$i.log:"
            tail -n 20 "$wd/mnt$i.log" >&2 2>/dev/null || true
            return 1
        fi
        mounts+=("$dir")
        export ACQ_GLUSTER_MOUNTS="${mounts[*]}"
        if pid=$(_acq_g_client_pid "$vol" "$dir"); then
            printf '%s\n' "$pid" >"$wd/mnt$i.pid"
        fi
    done
    # Each mount must really be a glusterfs mount and writable.
    end=$((EPOCHSECONDS + tmo))
    for dir in "${mounts[@]}"; do
        until _acq_g_is_gluster_mount "$dir" &&
            printf 'probe\n' >"$dir/.acq_probe.$$" 2>/dev/null &&
            rm -f "$dir/.acq_probe.$$" 2>/dev/null; do
            if ((EPOCHSECONDS >= end)); then
                _acq_g_log "$dir is not a writable fuse.glusterfs mount after ${tmo}s"
                findmnt --mountpoint "$dir" >&2 || true
                return 1
            fi
            sleep 0.05
        done
    done
    chmod 1777 "${mounts[0]}"
    _acq_g_log "volume $vol up on $host, mounts: ${mounts[*]}"
    return 0
}

acq_gluster_down() {
    local wd=${1:-${ACQ_GLUSTER_WORKDIR:-}} vol rc=0 dir pid pf end path
    [[ -n $wd && -d $wd ]] || return 0
    wd=$(cd "$wd" && pwd -P) || return 0
    vol=$(cat "$wd/gluster.vol" 2>/dev/null || true)
    if [[ -z $vol && $wd == "${ACQ_GLUSTER_WORKDIR:-}" ]]; then
        vol=${ACQ_GLUSTER_VOL:-}
    fi

    # 1. unmount every mount below WORKDIR (ours are mnt*; also catches any
    # other stray mount there, which must go before bricks are removed).
    while IFS= read -r dir; do
        [[ -n $dir ]] || continue
        if ! umount "$dir" 2>/dev/null; then
            _acq_g_log "umount $dir failed (busy?); lazy unmount"
            umount -l "$dir" || rc=1
        fi
    done < <(_acq_g_mounts_under "$wd")
    for pf in "$wd"/mnt*.pid; do
        [[ -e $pf ]] || continue
        pid=$(cat "$pf" 2>/dev/null || true)
        # The client exits by itself once unmounted; make sure it does.
        end=$((EPOCHSECONDS + 10))
        while acq_proc_alive "$pid" && ((EPOCHSECONDS < end)); do sleep 0.05; done
        [[ -n $vol ]] && { _acq_g_kill "$pid" "--volfile-id=/$vol " 5 || rc=1; }
        rm -f "$pf"
    done

    # 2. the volume
    if [[ -n $vol ]] && _acq_g_cli volume info "$vol" >/dev/null 2>&1; then
        if ! _acq_g_cli volume stop "$vol" >/dev/null 2>&1; then
            _acq_g_cli volume stop "$vol" force >/dev/null 2>&1 || true
        fi
        if ! _acq_g_cli volume delete "$vol" >/dev/null 2>&1; then
            _acq_g_log "volume delete $vol failed"
            rc=1
        fi
    fi
    # Brick daemons of this volume that survived (glusterd died, stop failed).
    if [[ -n $vol ]]; then
        for pf in /var/run/gluster/vols/"$vol"/*.pid /run/gluster/vols/"$vol"/*.pid; do
            [[ -e $pf ]] || continue
            _acq_g_kill "$(cat "$pf" 2>/dev/null || true)" "--volfile-id $vol." 10 || rc=1
            rm -f "$pf"
        done
    fi

    # 3. glusterd, only if we started it.
    if [[ -e $wd/glusterd.pid ]]; then
        pid=$(cat "$wd/glusterd.pid" 2>/dev/null || true)
        if acq_proc_alive "$pid"; then
            local others
            others=$(_acq_g_cli volume list 2>/dev/null | grep -v -e '^No volumes' -e "^$vol\$" || true)
            [[ -z $others ]] || _acq_g_log "warning: stopping our glusterd although volumes remain: $others"
            _acq_g_kill "$pid" glusterd 30 || rc=1
            # With glusterd gone, a self-heal daemon of our volume would be
            # orphaned (it serves only volumes of this glusterd).
            if [[ -n $vol ]]; then
                for pf in /var/run/gluster/shd/"$vol"/*.pid /run/gluster/shd/"$vol"/*.pid; do
                    [[ -e $pf ]] || continue
                    _acq_g_kill "$(cat "$pf" 2>/dev/null || true)" "shd/$vol" 10 || rc=1
                done
            fi
        fi
        rm -f "$wd/glusterd.pid"
    fi

    # 4. files: bricks, their logs, empty mount dirs, state.
    for dir in "$wd"/bricks/b*; do
        [[ -d $dir ]] || continue
        path=${dir#/}
        rm -f "/var/log/glusterfs/bricks/${path//\//-}.log"
    done
    if [[ -n $(_acq_g_mounts_under "$wd") ]]; then
        _acq_g_log "mounts remain below $wd; not deleting files there"
        rc=1
    else
        rm -rf "$wd/bricks"
        for dir in "$wd"/mnt*; do
            if [[ -d $dir ]]; then rmdir "$dir" 2>/dev/null || true; fi
        done
        rm -f "$wd/gluster.vol" "$wd/gluster.host"
    fi
    if [[ $wd == "${ACQ_GLUSTER_WORKDIR:-}" ]]; then
        ACQ_GLUSTER_VOL='' ACQ_GLUSTER_MOUNTS='' ACQ_GLUSTER_HOST=''
        export ACQ_GLUSTER_VOL ACQ_GLUSTER_MOUNTS ACQ_GLUSTER_HOST
    fi
    return "$rc"
}
