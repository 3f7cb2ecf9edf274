#!/usr/bin/env bash
# A/B of the gateways' JVM options on issue 14's load shape (docs/reliability.md):
# restarts both gateways with OPTS_A, then with OPTS_B, each time with GC logging, a fresh payer
# that can afford half of the payments, and docs/tools/half-affordable-load.py (1000 payments of
# 100 at 64 connections through Nginx). Prints the answers, Redis timeouts seen by the gateways
# and the GC pauses of each run. Needs the platform up (./platform up) and an otherwise idle box.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUN=${PAYFLOW_RUN_DIR:-.run}
OUT=${OUT:-/tmp/gateway-gc-ab}
mkdir -p "$OUT"
COMMON="-Xms64m -Xmx128m -XX:+UseSerialGC -XX:+UseCompactObjectHeaders -XX:+ExitOnOutOfMemoryError -XX:MaxDirectMemorySize=24m -XX:CICompilerCount=2 -Xss512k"
OPTS_A=${OPTS_A:-"$COMMON -XX:MaxMetaspaceSize=112m -XX:ReservedCodeCacheSize=32m"}
OPTS_B=${OPTS_B:-"$COMMON -XX:MetaspaceSize=96m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=240m"}
source "$RUN/api-keys.env"
api() { curl -s -X POST "http://127.0.0.1:${NGINX_PORT:-8080}$1" -H "X-Api-Key: $PAYFLOW_OPERATOR_API_KEY" \
  -H 'Content-Type: application/json' ${3:+-H "Idempotency-Key: $3"} -d "$2" >/dev/null; }

for variant in A B; do
  opts=OPTS_$variant
  for i in 1 2; do kill "$(cat "$RUN/pids/gateway-$i.pid")" 2>/dev/null || true; done
  sleep 5
  rm -f "$OUT"/gc-$variant-*.log
  GATEWAY_JVM_OPTS="${!opts} -Xlog:gc:file=$OUT/gc-$variant-%p.log:uptime" SKIP_BUILD=1 ./platform up >/dev/null
  payer="half-$variant-$(date +%s)"
  api /api/v1/accounts "{\"owner\":\"alice\",\"currency\":\"EUR\",\"id\":\"$payer\"}"
  api "/api/v1/accounts/$payer/funding" '{"value":50000,"currency":"EUR"}' "fund-$payer"
  sleep 3
  before=$(cat "$RUN"/logs/gateway-*.log | grep -c 'RedisCommandTimeout' || true)
  echo "== $variant: ${!opts}"
  python3 docs/tools/half-affordable-load.py "$payer" bob-main 1000 64 100
  sleep 3
  after=$(cat "$RUN"/logs/gateway-*.log | grep -c 'RedisCommandTimeout' || true)
  echo "   Redis command timeouts logged by the gateways: $((after - before))"
  for log in "$OUT"/gc-$variant-*.log; do
    printf '   %s: %s pauses, %s full, longest %s\n' "$(basename "$log")" \
      "$(grep -c Pause "$log")" "$(grep -c 'Pause Full' "$log")" \
      "$(grep -o '[0-9.]*ms$' "$log" | sort -rn | head -1)"
  done
  curl -s "http://127.0.0.1:${NGINX_PORT:-8080}/api/v1/accounts/$payer" -H "X-Api-Key: $PAYFLOW_OPERATOR_API_KEY"; echo
done
