#!/usr/bin/env bash
# payflow benchmarks on the running platform (./platform up). Every figure is reported next
# to a baseline measured in the same run on the same machine.
#   infra/bench/bench.sh [full|smoke]     full: 60 s per load phase; smoke: a few seconds, no
#                                          thresholds (CI keeps the scripts from rotting)
# Results: docs/benchmarks/<date>-<mode>.md (full) or .run/bench/<date>-smoke.md (smoke).
set -euo pipefail
REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUN_DIR=${PAYFLOW_RUN_DIR:-$REPO_DIR/.run}
MODE=${1:-full}
case $MODE in
  full) DURATION=${BENCH_DURATION:-60}; OUT_DIR=$REPO_DIR/docs/benchmarks ;;
  smoke) DURATION=${BENCH_DURATION:-4}; OUT_DIR=$RUN_DIR/bench ;;
  *) echo "usage: $0 [full|smoke]" >&2; exit 2 ;;
esac
CONNECTIONS=${BENCH_CONNECTIONS:-500}
THREADS=${BENCH_THREADS:-2}
export BENCH_ACCOUNTS=${BENCH_ACCOUNTS:-200}
set -a; source "$RUN_DIR/infra.env"; source "$RUN_DIR/api-keys.env"; set +a
NGINX="http://127.0.0.1:${NGINX_PORT:-8080}"
mkdir -p "$OUT_DIR" "$RUN_DIR/bench"
STAMP=$(date -u +%Y-%m-%d)
OUT=$OUT_DIR/$STAMP-$MODE.md
LOG=$RUN_DIR/bench/$STAMP-$MODE.log
: >"$LOG"

need() { command -v "$1" >/dev/null 2>&1 || { echo "installing $2 (apt)"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need ab apache2-utils

field() { sed -n "s/.*WRK_RESULT.* $1=\([0-9]*\).*/\1/p" <<<"$2"; }
ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
per_second() { awk -v n="$1" -v us="$2" 'BEGIN { printf "%.0f", n / (us / 1e6) }'; }

# Peak RSS (MB) of the gateway JVMs while a phase runs: sampled every 200 ms.
sample_rss() { # out-file
  local peak=0 rss pid
  while :; do
    rss=0
    for pid in $(cat "$RUN_DIR"/pids/gateway-*.pid 2>/dev/null); do
      rss=$(( $(ps -o rss= -p "$pid" 2>/dev/null || echo 0) > rss ? $(ps -o rss= -p "$pid" 2>/dev/null || echo 0) : rss ))
    done
    [ "$rss" -gt "$peak" ] && peak=$rss && echo $((peak / 1024)) >"$1"
    sleep 0.2
  done
}

wrk_run() { # label url script
  echo "[bench] $1: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s $2" | tee -a "$LOG"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s -s "$3" "$2" 2>&1 | tee -a "$LOG"
}

echo "[bench] bench accounts" | tee -a "$LOG"
"$REPO_DIR/infra/bench/setup-accounts.sh" "$BENCH_ACCOUNTS" | tee -a "$LOG"

static=$(wrk_run "baseline: Nginx static 202" "$NGINX/bench/static-202" "$REPO_DIR/infra/bench/static.lua" | grep WRK_RESULT)
RSS_FILE=$(mktemp); echo 0 >"$RSS_FILE"
sample_rss "$RSS_FILE" & SAMPLER=$!
intake=$(wrk_run "intake: POST /api/v1/payments" "$NGINX" "$REPO_DIR/infra/bench/intake.lua" | grep WRK_RESULT)
kill $SAMPLER 2>/dev/null || true
gateway_rss=$(cat "$RSS_FILE"); rm -f "$RSS_FILE"

# The seed's shape: ab -k with ONE body and ONE Idempotency-Key, i.e. after the first request
# every answer is an idempotent replay (one Redis round trip, no Kafka send).
BODY=$(mktemp); trap 'rm -f "$BODY"' EXIT
printf '{"payer":"bench-0000","payee":"bench-0001","amount":{"value":1,"currency":"EUR"},"reference":"ab"}' >"$BODY"
AB_REQUESTS=$(( DURATION * 5000 ))
echo "[bench] seed shape: ab -k -c $CONNECTIONS -n $AB_REQUESTS" | tee -a "$LOG"
ab_out=$(ab -k -c "$CONNECTIONS" -n "$AB_REQUESTS" -s 10 -p "$BODY" -T application/json \
  -H "X-Api-Key: $BENCH_API_KEY" -H "Idempotency-Key: ab-$STAMP-$$" "$NGINX/api/v1/payments" 2>&1 | tee -a "$LOG")
ab_rps=$(sed -n 's/^Requests per second: *\([0-9.]*\).*/\1/p' <<<"$ab_out")
ab_p99=$(sed -n 's/^ *99% *\([0-9]*\).*/\1/p' <<<"$ab_out")
ab_failed=$(sed -n 's/^Failed requests: *\([0-9]*\).*/\1/p' <<<"$ab_out")
ab_non2xx=$(sed -n 's/^Non-2xx responses: *\([0-9]*\).*/\1/p' <<<"$ab_out")

s_rps=$(per_second "$(field requests "$static")" "$(field duration_us "$static")")
i_rps=$(per_second "$(field requests "$intake")" "$(field duration_us "$intake")")
i_ok=$(( $(field requests "$intake") - $(field non2xx "$intake") ))
i_ok_rps=$(per_second "$i_ok" "$(field duration_us "$intake")")
ratio=$(awk -v a="$i_ok_rps" -v b="$s_rps" 'BEGIN { printf "%.1f", 100 * a / b }')

{
  echo "# Benchmark results — $STAMP ($MODE)"
  echo
  echo "Command: \`infra/bench/bench.sh $MODE\` (also \`./platform bench\`), $DURATION s per wrk phase,"
  echo "$CONNECTIONS connections, $THREADS wrk threads, $BENCH_ACCOUNTS funded bench accounts."
  echo "Load generator on the same machine as every server and service."
  echo
  echo "## Machine"
  echo
  echo '```'
  echo "cores: $(nproc), memory: $(free -m | awk '/Mem:/ {print $2}') MiB, cpu: $(lscpu | sed -n 's/^Model name: *//p')"
  echo "kernel: $(uname -r)"
  echo "java: $("${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"/bin/java -version 2>&1 | head -1)"
  echo "mariadb: $(mariadb --version 2>/dev/null | head -1)"
  echo "redis: $(redis-server --version 2>/dev/null)"
  echo "nginx: $(nginx -v 2>&1)"
  echo "wrk: $(wrk --version 2>&1 | head -1)"
  echo '```'
  echo
  echo "## 1. Intake through Nginx"
  echo
  echo "| run | requests/s | 2xx/s | non-2xx | socket errors (c/r/w/t) | p50 ms | p99 ms | p99.9 ms |"
  echo "|---|---|---|---|---|---|---|---|"
  echo "| baseline: Nginx static 202 | $s_rps | $s_rps | $(field non2xx "$static") | $(field connect_err "$static")/$(field read_err "$static")/$(field write_err "$static")/$(field timeouts "$static") | $(ms "$(field p50_us "$static")") | $(ms "$(field p99_us "$static")") | $(ms "$(field p999_us "$static")") |"
  echo "| POST /api/v1/payments (unique keys) | $i_rps | $i_ok_rps | $(field non2xx "$intake") | $(field connect_err "$intake")/$(field read_err "$intake")/$(field write_err "$intake")/$(field timeouts "$intake") | $(ms "$(field p50_us "$intake")") | $(ms "$(field p99_us "$intake")") | $(ms "$(field p999_us "$intake")") |"
  echo
  echo "Accepted payments/s as a share of the static baseline in the same run: **$ratio %**."
  echo "Peak RSS of the larger gateway JVM during the intake phase: **$gateway_rss MB**."
  echo
  echo "Seed shape (\`ab -k -c $CONNECTIONS -n $AB_REQUESTS\`, one body and one Idempotency-Key, so"
  echo "all but the first request are idempotent replays): **${ab_rps:-?} requests/s**, p99 ${ab_p99:-?} ms,"
  echo "failed ${ab_failed:-0}, non-2xx ${ab_non2xx:-0}."
  echo
  echo "Raw output: \`$LOG\` (not committed)."
} >"$OUT"
echo "[bench] results: $OUT"
cat "$OUT"
