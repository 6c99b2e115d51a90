# shellcheck shell=bash
# tests/lib/proc.sh -- the process helpers every test library shares:
# liveness, command lines and bounded waits, by PID. Sourced by gluster.sh,
# mariadb.sh, selftest.sh and tests/integration/cluster.sh.
#
#   acq_proc_alive PID          true if PID runs: exists and is neither a
#                               zombie nor dead (PID 1 here reaps orphans
#                               late, so a killed server stays a zombie for
#                               a while: that is gone, not alive)
#   acq_proc_cmdline PID        its command line, NULs turned into spaces
#   acq_proc_runs PID MATCH     alive and its command line contains MATCH
#                               (guards against PID reuse and foreign pid files)
#   acq_proc_wait_gone PID SECS poll until not alive; false after SECS

acq_proc_alive() {
    local st
    [[ ${1:-} =~ ^[0-9]+$ ]] || return 1
    st=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    st=${st##*) } # the command name in (...) may hold blanks and parentheses
    [[ ${st:0:1} != [ZXx] ]]
}

acq_proc_cmdline() {
    local c
    c=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || return 1
    printf '%s' "$c"
}

acq_proc_runs() {
    acq_proc_alive "$1" || return 1
    [[ $(acq_proc_cmdline "$1") == *"$2"* ]]
}

acq_proc_wait_gone() {
    local end=$((EPOCHSECONDS + $2))
    while acq_proc_alive "$1"; do
        ((EPOCHSECONDS < end)) || return 1
        sleep 0.02
    done
}
