#!/usr/bin/env bash
# A/B of the gateway's issue-15 changes on the running platform (./platform up, idle box):
# restarts both gateways with variant A (before: 128 MB heap with SerialGC's default young
# generation, LZ4 producer batches, max-in-flight 400) and then B (as committed), each time
# warms the intake path up, then runs the seed's command verbatim (ab -n 10000 -c 500 -k) and
# wrk with unique keys at c=500, with CPU per process (infra/bench/cpu.sh), full GCs and RSS.
# The dashboard runs idle in both (no page open), Nginx balances least_conn in both.
# Every variant setting can be overridden: OPTS_A/B (JVM options), ENV_A/B (environment),
# JAR_A/B (a gateway jar; default: the one built in gateway-service/target). The lean-route A/B
# of issue 15: JAR_A=<jar built before it> OPTS_A="$OPTS_B" ENV_A="" docs/tools/intake-ab.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
RUN=${PAYFLOW_RUN_DIR:-.run}
WARM=${WARM:-90} SECS=${SECS:-30}
COMMON="-XX:+UseSerialGC -XX:+UseCompactObjectHeaders -XX:+ExitOnOutOfMemoryError -XX:MetaspaceSize=96m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=240m -XX:MaxDirectMemorySize=24m -XX:CICompilerCount=2 -Xss512k"
OPTS_A=${OPTS_A-"-Xms64m -Xmx128m $COMMON"}
OPTS_B=${OPTS_B-"-Xms256m -Xmx256m -Xmn128m -XX:SurvivorRatio=4 $COMMON"}
ENV_A=${ENV_A-"SPRING_KAFKA_PRODUCER_COMPRESSION_TYPE=lz4 PAYFLOW_GATEWAY_MAX_IN_FLIGHT=400"}
ENV_B=${ENV_B-""}
JAR_A=${JAR_A:-} JAR_B=${JAR_B:-}
set -a; source "$RUN/infra.env"; source "$RUN/api-keys.env"; set +a
export BENCH_ACCOUNTS=${BENCH_ACCOUNTS:-200}
NGINX=http://127.0.0.1:${NGINX_PORT:-8080}
BODY=$(mktemp); trap 'rm -f "$BODY"' EXIT
printf '{"payer":"bench-0000","payee":"bench-0001","amount":{"value":1,"currency":"EUR"},"reference":"ab"}' >"$BODY"
# Full GCs of the two gateways (cpu.sh counts every service JVM).
full_gcs() { infra/bench/cpu.sh full-gcs | tr ' ' '\n' | sed -n 's/^gateway-[12]=//p' | paste -sd' '; }
accepted() { awk '/WRK_RESULT/ { for (i = 1; i <= NF; i++) { split($i, a, "="); v[a[1]] = a[2] }; print v["requests"] - v["non2xx"] }' "$1"; }

for variant in A B; do
  opts=OPTS_$variant envs=ENV_$variant jar=JAR_$variant
  for i in 1 2; do kill "$(cat "$RUN/pids/gateway-$i.pid")" 2>/dev/null || true; done
  sleep 5
  # shellcheck disable=SC2086
  env ${!envs} ${!jar:+JAR_gateway_service=${!jar}} GATEWAY_JVM_OPTS="${!opts}" SKIP_BUILD=1 \
    ./platform up >/dev/null
  echo "== $variant: ${!opts} ${!envs} ${!jar}"
  wrk -t2 -c100 -d"${WARM}s" -s infra/bench/intake.lua "$NGINX" >/dev/null 2>&1
  gcs0=$(full_gcs)
  snap=$(infra/bench/cpu.sh snapshot)
  ab -k -c 500 -n 10000 -s 10 -p "$BODY" -T application/json -H "X-Api-Key: $BENCH_API_KEY" \
    -H "Idempotency-Key: ab-$variant-$(date +%s)" "$NGINX/api/v1/payments" 2>&1 \
    | grep -E 'Requests per second|Non-2xx|^ +(50|99)%'
  infra/bench/cpu.sh report "$snap" 10000 | tail -1
  snap=$(infra/bench/cpu.sh snapshot)
  wrk -t2 -c500 -d"${SECS}s" --timeout 5s -s infra/bench/intake.lua "$NGINX" >/tmp/intake-ab-wrk.out 2>&1
  grep -E 'WRK_RESULT' /tmp/intake-ab-wrk.out
  echo "   accepted/s: $(( $(accepted /tmp/intake-ab-wrk.out) / SECS ))"
  infra/bench/cpu.sh report "$snap" "$(accepted /tmp/intake-ab-wrk.out)"
  echo "   full GCs during ab + wrk (gateway-1 gateway-2): before $gcs0, after $(full_gcs)"
  for i in 1 2; do echo "   gateway-$i RSS: $(( $(ps -o rss= -p "$(cat "$RUN/pids/gateway-$i.pid")") / 1024 )) MB"; done
done
