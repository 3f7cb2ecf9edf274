#!/usr/bin/env bash
# Per-process counters of the platform over a phase. CPU time from /proc (utime + stime of
# every thread; Nginx's master and workers together):
#   snap=$(infra/bench/cpu.sh snapshot)            # before the phase (also records when)
#   infra/bench/cpu.sh report "$snap" [PAYMENTS]   # after: markdown rows
# A report row: process, CPU seconds, share of one core since the snapshot, µs of CPU per
# payment. Full GCs of every service JVM so far (jstat's FGC column), as name=count words:
#   infra/bench/cpu.sh full-gcs
set -euo pipefail
RUN_DIR=${PAYFLOW_RUN_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.run}
TICKS=$(getconf CLK_TCK)

# name pid... for every process of the platform on this box.
processes() {
  local f name
  for f in "$RUN_DIR"/pids/*.pid; do
    name=$(basename "$f" .pid)
    echo "$name $(cat "$f")"
  done
  [ -f "$RUN_DIR/kafka/kafka.pid" ] && echo "kafka $(cat "$RUN_DIR/kafka/kafka.pid")"
  echo "nginx $(pgrep -f "nginx: .*process" -d ' ' || true)"
  echo "redis $(pgrep -x redis-server -d ' ' || true)"
  echo "mariadb $(pgrep -x mariadbd -d ' ' || true)"
}

ticks_of() { # pids... -> summed utime+stime ticks
  local total=0 pid fields
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    fields=$(sed 's/.*) //' "/proc/$pid/stat")
    total=$((total + $(awk '{print $12 + $13}' <<<"$fields")))
  done
  echo "$total"
}

case ${1:-} in
  snapshot)
    { echo "at=$(date +%s.%N)"
      processes | while read -r name pids; do
        # shellcheck disable=SC2086
        echo "$name=$(ticks_of $pids)"
      done; } | paste -sd' ' ;;
  report)
    before=$2 payments=${3:-0} total=0
    seconds=$(awk -v a="$(tr ' ' '\n' <<<"$before" | sed -n 's/^at=//p')" -v b="$(date +%s.%N)" \
      'BEGIN { printf "%.1f", b - a }')
    echo "| process | CPU s | share of one core | µs CPU per payment |"
    echo "|---|---|---|---|"
    while read -r name pids; do
      # shellcheck disable=SC2086
      now=$(ticks_of $pids)
      was=$(tr ' ' '\n' <<<"$before" | sed -n "s/^$name=//p")
      delta=$((now - ${was:-$now}))
      total=$((total + delta))
      awk -v n="$name" -v d="$delta" -v t="$TICKS" -v s="$seconds" -v p="$payments" 'BEGIN {
        cpu = d / t; printf "| %s | %.1f | %.0f %% | %s |\n", n, cpu, 100 * cpu / s,
          (p > 0 ? sprintf("%.0f", cpu * 1e6 / p) : "–") }'
    done < <(processes)
    awk -v d="$total" -v t="$TICKS" -v s="$seconds" -v p="$payments" 'BEGIN {
      cpu = d / t; printf "| **all** | %.1f | %.0f %% | %s |\n", cpu, 100 * cpu / s,
        (p > 0 ? sprintf("**%.0f**", cpu * 1e6 / p) : "–") }' ;;
  full-gcs)
    # shellcheck source=infra/lib/common.sh
    source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
    PAYFLOW_RUN_DIR=$RUN_DIR find_jdk 25
    for f in "$RUN_DIR"/pids/*.pid; do
      printf '%s=%s ' "$(basename "$f" .pid)" "$("$PAYFLOW_JAVA_HOME/bin/jstat" \
        -gc "$(cat "$f")" 2>/dev/null | awk 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "FGC") c = i }
          NR == 2 { print $c }')"
    done ;;
  *) echo "usage: $0 snapshot | report SNAPSHOT [PAYMENTS] | full-gcs" >&2; exit 2 ;;
esac
