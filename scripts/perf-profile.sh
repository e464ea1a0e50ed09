#!/usr/bin/env bash
# Records a `perf` profile of running processes (pbm, slapd, …) for SECONDS and
# writes the short text report kept in docs/profiles/: the CPU by thread, then
# each process's top symbols by self time (release builds carry no frame
# pointers, so call graphs do not unwind; self time is what the report shows).
#
# usage: scripts/perf-profile.sh OUT SECONDS PID[,PID…] [HEADER-LINE…]
# Needs perf (Debian: linux-perf) and the right to profile the processes (root,
# or kernel.perf_event_paranoid ≤ 1). Header lines go first, as `# …` comments:
# say what was running and the command that ran it.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,10p' "$0"; exit 2; }
out=$1 seconds=$2 pids=$3
shift 3
data=$(mktemp)
trap 'rm -f "$data"' EXIT
perf record -q -F 499 -g -o "$data" -p "$pids" -- sleep "$seconds" >/dev/null 2>&1
rows() { grep -E '^ +[0-9]+\.[0-9]+%' | head -n "$1" || true; }
report() { perf report -i "$data" --no-children -g none --stdio "$@" 2>/dev/null || true; }
{
  for line in "$@"; do echo "# $line"; done
  echo "# perf record -F 499 -g -p $pids -- sleep $seconds; recorded $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "# Call graphs are not unwound (release build without frame pointers): self time only."
  echo
  echo "## CPU by thread"
  report --sort pid | rows 12
  for pid in ${pids//,/ }; do
    comm=$(ps -o comm= -p "$pid" 2>/dev/null || echo "pid $pid")
    echo
    echo "## $comm (pid $pid): top symbols (self time, share of all samples)"
    report --pid "$pid" --sort dso,sym | rows 25
  done
} >"$out"
echo "perf-profile: wrote $out"
