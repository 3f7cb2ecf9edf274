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

# ---- 2. Settlement drain vs the same SQL from plain JDBC ---------------------------------
case $MODE in full) DRAIN_N=${BENCH_DRAIN_PAYMENTS:-1000000} ;; *) DRAIN_N=${BENCH_DRAIN_PAYMENTS:-20000} ;; esac
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
# The tools run on the settlement-consumer's own libraries, taken from the jar that runs (no
# Maven resolution: the project's modules are not installed in ~/.m2).
SETTLEMENT_JAR=$(ls "$REPO_DIR"/settlement-consumer/target/settlement-consumer-*.jar | head -1)
TOOL_LIBS=$RUN_DIR/bench/settlement-libs
rm -rf "$TOOL_LIBS"; mkdir -p "$TOOL_LIBS"
(cd "$TOOL_LIBS" && "${JAVA%/java}/jar" xf "$SETTLEMENT_JAR" BOOT-INF/lib)
TOOL_CP="$TOOL_LIBS/BOOT-INF/lib/*"
tool() { (cd "$REPO_DIR" && "$JAVA" -cp "$TOOL_CP" infra/bench/SettlementBench.java "$@" 2>&1 \
  | grep -vE '^(SLF4J|WARN|INFO|[0-9-]+T[0-9:.]+Z)' | tee -a "$LOG"); }
BOOT=127.0.0.1:${KAFKA_PORT:-9092}
SHARDS=${SHARD_COUNT:-4}
BATCH=${SETTLEMENT_MAX_BATCH_RECORDS:-1000}
echo "[bench] settlement drain: $DRAIN_N payments, $SHARDS bench shards, batch $BATCH" | tee -a "$LOG"
tool seed payflow_bench_shard "$SHARDS" "$BENCH_ACCOUNTS" >/dev/null
tool topics "$BOOT" bench 12 >/dev/null
tool fill "$BOOT" bench.submitted "$DRAIN_N" "$BENCH_ACCOUNTS"
GROUP=bench-settlement-$(date +%s)
cp "$SETTLEMENT_JAR" "$RUN_DIR/bench/settlement.jar"
SHARD_DB_PREFIX=payflow_bench_shard PAYFLOW_DB_SETTLEMENT_USER=root PAYFLOW_DB_SETTLEMENT_PASSWORD= \
PAYFLOW_DB_MIGRATOR_USER=root PAYFLOW_DB_MIGRATOR_PASSWORD= SUBMITTED_TOPIC=bench.submitted \
CREDITS_TOPIC=bench.credits OUTCOMES_TOPIC=bench.outcomes BATCHES_TOPIC=bench.batches \
SETTLEMENT_GROUP=$GROUP SETTLEMENT_PORT=${BENCH_SETTLEMENT_PORT:-8094} \
PAYFLOW_OPERATOR_KEY_SHA256=$(printf 'bench' | sha256sum | cut -d' ' -f1) \
  nohup "$JAVA" ${SERVICE_JVM_OPTS:--Xmx256m -XX:+UseSerialGC} -jar "$RUN_DIR/bench/settlement.jar" \
  >"$RUN_DIR/bench/settlement.log" 2>&1 &
BENCH_SETTLEMENT=$!
trap 'kill $BENCH_SETTLEMENT 2>/dev/null || true; rm -f "$BODY"' EXIT
DRAIN_TIMEOUT=$(( DRAIN_N / 200 + 60 ))   # generous: below 200 payments/s is a failure anyway
drain_out=$(tool drain "$BOOT" "$GROUP" bench.submitted "$DRAIN_TIMEOUT")
drain_s=$(sed -n 's/.*DRAIN_RESULT records=[0-9]* seconds=\([0-9.]*\).*/\1/p' <<<"$drain_out")
credits_out=$(tool drain "$BOOT" "$GROUP-credits" bench.credits "$DRAIN_TIMEOUT")
settle_rss=$(( $(ps -o rss= -p $BENCH_SETTLEMENT 2>/dev/null || echo 0) / 1024 ))
kill $BENCH_SETTLEMENT 2>/dev/null || true; wait $BENCH_SETTLEMENT 2>/dev/null || true
sum=0; for ((i = 0; i < SHARDS; i++)); do
  sum=$(( sum + $(mariadb -uroot -N -e "SELECT COALESCE(SUM(balance),0) FROM payflow_bench_shard_$i.accounts") ))
done
settled=0; for ((i = 0; i < SHARDS; i++)); do
  settled=$(( settled + $(mariadb -uroot -N -e "SELECT COUNT(*) FROM payflow_bench_shard_$i.transactions") ))
done
tool seed payflow_bench_shard "$SHARDS" "$BENCH_ACCOUNTS" >/dev/null
base_out=$(tool baseline payflow_bench_shard "$SHARDS" "$DRAIN_N" "$BENCH_ACCOUNTS" "$BATCH" \
  "${SETTLEMENT_CONCURRENCY:-2}")
base_rate=$(sed -n 's/.*BASELINE_RESULT.*rate=\([0-9]*\).*/\1/p' <<<"$base_out")
drain_rate=$(awk -v n="$DRAIN_N" -v s="$drain_s" 'BEGIN { printf "%.0f", n / s }')
drain_ratio=$(awk -v a="$drain_rate" -v b="$base_rate" 'BEGIN { printf "%.1f", 100 * a / b }')

# ---- 4. Ledger: full-chain verification and proof serving --------------------------------
verify_json=$(curl -s -m 600 -X POST "$NGINX/api/v1/chain/verify")
echo "[bench] verification: $verify_json" | tee -a "$LOG" >/dev/null
verify_tx=$(sed -n 's/.*"transactionsChecked":\([0-9]*\).*/\1/p' <<<"$verify_json")
verify_ms=$(sed -n 's/.*"elapsedMs":\([0-9]*\).*/\1/p' <<<"$verify_json")
verify_valid=$(sed -n 's/.*"valid":\([a-z]*\).*/\1/p' <<<"$verify_json")
export PROOF_IDS_FILE=$RUN_DIR/bench/proof-ids.txt
: >"$PROOF_IDS_FILE"
for ((i = 0; i < ${SHARD_COUNT:-4}; i++)); do
  mariadb -uroot -N -e "SELECT LOWER(CONCAT_WS('-', SUBSTR(HEX(tx_id),1,8), SUBSTR(HEX(tx_id),9,4),
    SUBSTR(HEX(tx_id),13,4), SUBSTR(HEX(tx_id),17,4), SUBSTR(HEX(tx_id),21))) FROM
    payflow_shard_$i.transactions ORDER BY shard_seq LIMIT 2000" >>"$PROOF_IDS_FILE"
done
proofs=$(wrk_run "ledger: GET /api/v1/transactions/{id}/proof" "$NGINX" \
  "$REPO_DIR/infra/bench/proof.lua" | grep WRK_RESULT)
p_rps=$(per_second "$(field requests "$proofs")" "$(field duration_us "$proofs")")

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
  echo "## 2. Settlement drain"
  echo
  echo "$DRAIN_N payments pre-filled into \`bench.submitted\` (12 partitions) among $BENCH_ACCOUNTS accounts"
  echo "on $SHARDS fresh bench shard databases; then one settlement-consumer instance"
  echo "(listener concurrency ${SETTLEMENT_CONCURRENCY:-2}, batch $BATCH) drains it."
  echo
  echo "| run | payments | seconds | payments/s |"
  echo "|---|---|---|---|"
  echo "| settlement-consumer (Kafka → decide → seal → publish → commit) | $DRAIN_N | $drain_s | $drain_rate |"
  echo "| baseline: same SQL, plain JDBC, no Kafka, ${SETTLEMENT_CONCURRENCY:-2} threads | $DRAIN_N | $(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$base_out") | $base_rate |"
  echo
  echo "Drain rate as a share of the plain-JDBC baseline in the same run: **$drain_ratio %**."
  echo "After the drain: $settled transaction rows, Σ of all balances on the bench shards = **$sum**"
  echo "(must be 0); credit legs drained: $(sed -n 's/.*DRAIN_RESULT records=\([0-9]*\).*/\1/p' <<<"$credits_out")."
  echo "settlement-consumer RSS at the end of the drain: $settle_rss MB."
  echo
  echo "## 4. Ledger"
  echo
  echo "Full-chain verification (\`POST /api/v1/chain/verify\`, recomputes every leaf from the shard"
  echo "rows): $verify_tx transactions in $verify_ms ms = **$(awk -v n="$verify_tx" -v ms="$verify_ms" 'BEGIN { if (ms > 0) printf "%.0f", n * 1000 / ms; else print "?" }') tx/s**, valid: $verify_valid."
  echo
  echo "| run | requests/s | non-2xx | p50 ms | p99 ms | p99.9 ms |"
  echo "|---|---|---|---|---|---|"
  echo "| GET /api/v1/transactions/{id}/proof, $(wc -l <"$PROOF_IDS_FILE") ids | $p_rps | $(field non2xx "$proofs") | $(ms "$(field p50_us "$proofs")") | $(ms "$(field p99_us "$proofs")") | $(ms "$(field p999_us "$proofs")") |"
  echo
  echo "Raw output: \`$LOG\` (not committed)."
} >"$OUT"
echo "[bench] results: $OUT"
cat "$OUT"
