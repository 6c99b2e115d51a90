#!/usr/bin/env bash
# Runs shellcheck at warning level over every shell script git tracks: *.sh, any
# file whose first line names sh, bash or dash (demo/run, .ci/run, ...) and
# the bash completion of the Debian package. A finding fails the suite: fix
# it, or for a deliberate case disable it on the line with a comment why.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v shellcheck >/dev/null || { echo "check-shell: shellcheck is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
scripts=()
while IFS= read -r f; do
	[ -f "$f" ] || continue
	case $f in
	*.sh | *.bash) scripts+=("$f") ;;
	*) head -n 1 "$f" | grep -qE '^#!.*[/ ](ba|da)?sh( |$)' && scripts+=("$f") ;;
	esac
done < <(git ls-files)
rc=0
shellcheck --severity=warning --external-sources "${scripts[@]}" || rc=1
# no #! line: a file bash sources
shellcheck --severity=warning --shell=bash debian/bash-completion/acq-db-admin || rc=1
[ $rc = 0 ] && echo "check-shell: shellcheck $(shellcheck --version | sed -n 's/^version: //p'), warning level: $((${#scripts[@]} + 1)) scripts, no findings"
exit $rc
