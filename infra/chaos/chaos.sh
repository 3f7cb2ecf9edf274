#!/usr/bin/env bash
# payflow fault suite: one fault at a time against the RUNNING platform (./platform up) while a
# steady payment load runs, then recovery and the money invariants (docs/architecture.md#invariants).
#
# Usage: infra/chaos/chaos.sh [short|full] [SCENARIO...]
#   short  200 accounts, 40 payments/s, 35 s of load per scenario   (≈ 8–10 min in all)
#   full   300 accounts, 60 payments/s, 60 s of load per scenario   (≤ 15 min in all)
#   SCENARIO: settlement-kill ledger-kill gateway-kill kafka-restart shard-lock redis-flushall
#             (default: all, in that order); with a 3-broker Kafka (KAFKA_BROKERS=3 ./platform up)
#             kafka-broker-kill and kafka-broker-partition instead of kafka-restart (with one
#             broker they are skipped with a message, as kafka-restart is with three)
#
# Loopback only. Everything it does to the platform:
#   settlement-kill  kill -9 settlement-consumer (pid file), restart: SKIP_BUILD=1 ./platform up
#   ledger-kill      kill -9 ledger-service (the block producer), restart the same way
#   gateway-kill     kill -9 gateway-1 (Nginx routes to gateway-2), restart the same way
#   kafka-restart    SIGTERM the broker (.run/kafka/kafka.pid), 10 s down, bash infra/infra.sh up
#   shard-lock       MariaDB is external here (not ours to restart): one shard's money tables are
#                    write-locked for 30 s instead (FLUSH TABLES … WITH READ LOCK in a session
#                    that ends by itself; nothing is revoked, nothing to restore)
#   redis-flushall   FLUSHALL on the platform's Redis (the cache is rebuilt from the shards)
#   kafka-broker-kill       SIGKILL the broker that leads most payments.submitted partitions,
#                           10 s down, then bash infra/infra.sh up (starts the missing node)
#   kafka-broker-partition  cut the active KRaft controller's node from the other two for 20 s
#                           (its clients still reach it): iptables DROP on loopback of its
#                           inter-broker and controller ports (INPUT -i lo, by destination port)
#                           and of its own packets to the others' (OUTPUT -o lo, -m cgroup
#                           --path payflow-kafka-N: a destination port alone cannot tell which
#                           broker sends). Rules carry the comment payflow-chaos and are removed
#                           after 20 s, by the EXIT trap on any failure, and by a detached
#                           watchdog after 90 s should this script be killed outright.
#   Both also wait until every partition has its full ISR again and the consumer lag of every
#   group is 0 (infra.sh kafka-state); figures in a second table.
# Accounts chaos-0000.. are created (owner: bench client) and funded through the operator API.
# Results: .run/chaos/<run>/results.md (the table for docs/reliability.md) and per-scenario logs.
# A banner marks start and end; .run/chaos.active exists while faults are being injected.
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUN_DIR=${PAYFLOW_RUN_DIR:-$REPO_DIR/.run}
MODE=${1:-short}
shift || true
REQUESTED=${*:-}
case $MODE in
  short) ACCOUNTS=200 RATE=40 LOAD_S=35 FAULT_AT=10 BUDGET_S=840 ;;
  full)  ACCOUNTS=300 RATE=60 LOAD_S=60 FAULT_AT=15 BUDGET_S=890 ;;
  *) echo "usage: $0 [short|full] [scenario...]" >&2; exit 2 ;;
esac
# Overrides for a quick look: CHAOS_ACCOUNTS, CHAOS_RATE, CHAOS_LOAD_S, CHAOS_FAULT_AT.
ACCOUNTS=${CHAOS_ACCOUNTS:-$ACCOUNTS} RATE=${CHAOS_RATE:-$RATE}
LOAD_S=${CHAOS_LOAD_S:-$LOAD_S} FAULT_AT=${CHAOS_FAULT_AT:-$FAULT_AT}
export LC_ALL=C
# Restarts below run `./platform up`: they must never start from empty databases.
unset PAYFLOW_RESET_DATA
set -a
# shellcheck disable=SC1091
source "$RUN_DIR/infra.env"; source "$RUN_DIR/api-keys.env"; source "$RUN_DIR/secrets.env"
set +a
BROKERS=${KAFKA_BROKERS:-1}
KNOWN_SCENARIOS="settlement-kill ledger-kill gateway-kill kafka-restart shard-lock redis-flushall kafka-broker-kill kafka-broker-partition"
if [ "$BROKERS" -ge 3 ]; then
  ALL_SCENARIOS="settlement-kill ledger-kill gateway-kill kafka-broker-kill kafka-broker-partition shard-lock redis-flushall"
else
  ALL_SCENARIOS="settlement-kill ledger-kill gateway-kill kafka-restart shard-lock redis-flushall"
fi
SCENARIOS=${REQUESTED:-$ALL_SCENARIOS}
DBP=${SHARD_DB_PREFIX:-payflow_shard}
: "${BENCH_API_KEY:?no BENCH_API_KEY in $RUN_DIR/api-keys.env (run ./platform up)}"
# shellcheck source=infra/lib/common.sh
source "$REPO_DIR/infra/lib/common.sh"   # find_jdk: one home for every script
find_jdk 25
JAVA=$PAYFLOW_JAVA_HOME/bin/java
BASE="http://127.0.0.1:${NGINX_PORT:-8080}"
OP=(-H "X-Api-Key: $PAYFLOW_OPERATOR_API_KEY")
BENCH=(-H "X-Api-Key: $BENCH_API_KEY")
SQL=(mysql -h "${MYSQL_HOST:-127.0.0.1}" -P "${MYSQL_PORT:-3306}" -u "${MYSQL_ADMIN_USER:-root}" -N -B)
[ -n "${MYSQL_ADMIN_PASSWORD:-}" ] && SQL+=(-p"$MYSQL_ADMIN_PASSWORD")
REDIS=(redis-cli -h "${REDIS_HOST:-127.0.0.1}" -p "${REDIS_PORT:-6379}")
SHARDS=$(seq 0 $((${SHARD_COUNT:-4} - 1)))
RUN_ID=$(date +%Y%m%d-%H%M%S)
OUT=$RUN_DIR/chaos/$RUN_ID
mkdir -p "$OUT"
RESULTS=$OUT/results.md
LOCK_PID=
STARTED=$SECONDS

now_ms() { date +%s%3N; }
total() { awk '{ s += $1 } END { print s + 0 }'; }
say() { printf '\033[1m[chaos]\033[0m %s\n' "$*"; }
banner() {
  printf '\n\033[41;97m %-78s \033[0m\n' "$*"
}

cleanup() {
  local rc=$?
  [ -n "$LOCK_PID" ] && kill "$LOCK_PID" 2>/dev/null || true
  heal_partition
  rm -f "$RUN_DIR/chaos.active"
  if ! all_healthy; then
    say "bringing the platform back (SKIP_BUILD=1 ./platform up)"
    SKIP_BUILD=1 "$REPO_DIR/platform" up >"$OUT/final-up.log" 2>&1 || say "platform up failed: $OUT/final-up.log"
  fi
  banner "CHAOS ENDS $(date -u +%H:%M:%SZ) — fault injection over (exit $rc); results: $RESULTS"
}

healthy() { curl -fsS -m 2 "http://127.0.0.1:$1/actuator/health" 2>/dev/null | grep -q '"UP"'; }
all_healthy() {
  local port
  for port in $GATEWAY_PORTS $TRANSACTION_PORT $SETTLEMENT_PORT $LEDGER_PORT; do
    healthy "$port" || return 1
  done
  "${REDIS[@]}" ping >/dev/null 2>&1 || return 1
  local b
  for b in ${KAFKA_BOOTSTRAP_SERVERS//,/ }; do
    (exec 3<>"/dev/tcp/127.0.0.1/${b##*:}") 2>/dev/null || return 1
  done
}
await() { # SECONDS DESCRIPTION COMMAND... : poll every 0.5 s
  local limit=$1 what=$2 deadline; shift 2; deadline=$((SECONDS + limit))
  until "$@"; do
    [ $SECONDS -lt $deadline ] || { say "timeout ($limit s) waiting for $what"; return 1; }
    sleep 0.5
  done
}
pid_of() { cat "$RUN_DIR/pids/$1.pid"; }
restart_services() { SKIP_BUILD=1 "$REPO_DIR/platform" up >>"$1/restart.log" 2>&1; }

# ---- accounts -------------------------------------------------------------------------
setup_accounts() {
  say "creating/funding chaos-0000..chaos-$(printf '%04d' $((ACCOUNTS - 1))) (owner bench)"
  for ((i = 0; i < ACCOUNTS; i++)); do printf 'chaos-%04d\n' "$i"; done | xargs -P 8 -I{} sh -c '
    code=$(curl -s -o /dev/null -w "%{http_code}" -X POST "$0/api/v1/accounts" -H "$1" \
      -H "Content-Type: application/json" -d "{\"owner\":\"bench\",\"currency\":\"EUR\",\"id\":\"{}\"}")
    case $code in 201|409) ;; *) echo "account {}: HTTP $code" >&2; exit 1;; esac
    code=$(curl -s -o /dev/null -w "%{http_code}" -X POST "$0/api/v1/accounts/{}/funding" -H "$1" \
      -H "Content-Type: application/json" -H "Idempotency-Key: chaos-funding-{}" \
      -d "{\"value\":500000,\"currency\":\"EUR\"}")
    [ "$code" = 202 ] || { echo "funding {}: HTTP $code" >&2; exit 1; }' \
    "$BASE" "X-Api-Key: $PAYFLOW_OPERATOR_API_KEY"
  local last; last=$(printf 'chaos-%04d' $((ACCOUNTS - 1)))
  await 120 "funding of $last" sh -c "curl -s '$BASE/api/v1/accounts/$last' -H 'X-Api-Key: $PAYFLOW_OPERATOR_API_KEY' | grep -q '\"balance\":[1-9]'"
  # Probe accounts per shard: the first two chaos accounts routed to each shard.
  local s
  for s in $SHARDS; do
    "${SQL[@]}" -e "SELECT id FROM ${DBP}_$s.accounts WHERE id LIKE 'chaos-0%' ORDER BY id LIMIT 2" \
      | tr '\n' ' ' >"$OUT/probe-$s"
  done
}

# ---- one probe payment end to end: submitted (retrying with one key) and decided ---------
probe() { # SHARD DEADLINE_S -> prints the ms when the probe was decided
  local shard=$1 limit=$2 payer payee key body code deadline tx status
  read -r payer payee <"$OUT/probe-$shard"
  key="chaos-probe-$RUN_ID-$(now_ms)"
  body="{\"payer\":\"$payer\",\"payee\":\"$payee\",\"amount\":{\"value\":1,\"currency\":\"EUR\"},\"reference\":\"chaos probe\"}"
  deadline=$((SECONDS + limit))
  while [ $SECONDS -lt $deadline ]; do
    code=$(curl -s -m 10 -o "$OUT/probe.out" -w '%{http_code}' -X POST "$BASE/api/v1/payments" "${BENCH[@]}" \
      -H 'Content-Type: application/json' -H "Idempotency-Key: $key" -d "$body" || true)
    [ "$code" = 202 ] && break
    sleep 0.25
  done
  [ "$code" = 202 ] || return 1
  tx=$(sed -n 's/.*"transactionId":"\([0-9a-f-]*\)".*/\1/p' "$OUT/probe.out")
  while [ $SECONDS -lt $deadline ]; do
    status=$(curl -s -m 5 "$BASE/api/v1/payments/$tx" "${BENCH[@]}" || true)
    case $status in *SETTLED*|*REJECTED*) now_ms; return 0 ;; esac
    sleep 0.25
  done
  return 1
}

# ---- faults --------------------------------------------------------------------------
inject() { # SCENARIO DIR
  case $1 in
    settlement-kill) kill -9 "$(pid_of settlement-consumer)"; say "kill -9 settlement-consumer"
                     restart_services "$2" ;;
    ledger-kill)     curl -s "$BASE/api/v1/chain/head" \
                       | sed -n 's/.*"height":\([0-9]*\).*/\1/p' >"$2/head-before"
                     kill -9 "$(pid_of ledger-service)"; say "kill -9 ledger-service (block producer)"
                     restart_services "$2" ;;
    gateway-kill)    kill -9 "$(pid_of gateway-1)"; say "kill -9 gateway-1; Nginx routes to gateway-2"
                     sleep 5; restart_services "$2" ;;
    kafka-restart)   local pid; pid=$(cat "$RUN_DIR/kafka/kafka.pid")
                     kill "$pid"; say "SIGTERM Kafka broker (pid $pid)"
                     await 60 "broker exit" sh -c "! kill -0 $pid 2>/dev/null" || kill -9 "$pid"
                     sleep 10; say "starting Kafka (bash infra/infra.sh up)"
                     bash "$REPO_DIR/infra/infra.sh" up >"$2/infra-up.log" 2>&1 ;;
    shard-lock)      "${SQL[@]}" -e "FLUSH TABLES ${DBP}_2.accounts, ${DBP}_2.transactions,
                       ${DBP}_2.entries, ${DBP}_2.batches, ${DBP}_2.shard_sequence,
                       ${DBP}_2.credit_legs WITH READ LOCK; SELECT SLEEP(30); UNLOCK TABLES;" \
                       >"$2/lock.log" 2>&1 &
                     LOCK_PID=$!; say "shard 2 money tables write-locked for 30 s (session pid $LOCK_PID)"
                     wait "$LOCK_PID" || true; LOCK_PID= ; say "shard 2 lock released" ;;
    redis-flushall)  "${REDIS[@]}" FLUSHALL >/dev/null; say "Redis FLUSHALL" ;;
    kafka-broker-kill)      broker_kill "$2" ;;
    kafka-broker-partition) broker_partition "$2" ;;
  esac
}
recovered() { # SCENARIO DIR: component back
  case $1 in
    ledger-kill) healthy "$LEDGER_PORT" && [ "$(curl -s "$BASE/api/v1/chain/head" \
                   | sed -n 's/.*"height":\([0-9]*\).*/\1/p')" -gt "$(cat "$2/head-before")" ] 2>/dev/null ;;
    redis-flushall) [ "$("${REDIS[@]}" EXISTS payflow:cache:ready)" = 1 ] ;;
    kafka-broker-*) all_healthy && kafka_state >"$2/state-now" \
                      && grep -q "brokers=$BROKERS .*under_replicated=0 leaderless=0" "$2/state-now" ;;
    *) all_healthy ;;
  esac
}
probe_shard() { case $1 in shard-lock) echo 2 ;; *) echo 0 ;; esac; }

# ---- checks --------------------------------------------------------------------------
sql_all_shards() { # SQL with {db}: one row per shard
  local s; for s in $SHARDS; do "${SQL[@]}" -e "${1//\{db\}/${DBP}_$s}"; done
}
terminal_rows() { # DIR: tx status for every accepted id (chunks of 500)
  cut -f1 "$1/accepted.tsv" | tr -d '-' | split -l 500 - "$1/ids."
  local chunk in
  : >"$1/rows.tsv"
  for chunk in "$1"/ids.*; do
    in=$(sed "s/.*/UNHEX('&')/" "$chunk" | paste -sd,)
    sql_all_shards "SELECT LOWER(HEX(tx_id)), status FROM {db}.transactions WHERE tx_id IN ($in)" >>"$1/rows.tsv"
  done
  rm -f "$1"/ids.*
}
all_terminal() { terminal_rows "$1"; [ "$(cut -f1 "$1/rows.tsv" | sort -u | wc -l)" -ge "$(wc -l <"$1/accepted.tsv")" ]; }
clearing_zero() {
  [ "$(sql_all_shards "SELECT COALESCE(SUM(balance),0) FROM {db}.accounts WHERE kind='CLEARING'" | total)" = 0 ]
}
drift() { # -> "accounts Σ|drift| open_holds" over the chaos accounts: avail − (booked − Σ holds)
  local ids; ids=$(for ((i = 0; i < ACCOUNTS; i++)); do printf 'chaos-%04d ' "$i"; done)
  # shellcheck disable=SC2086
  "${REDIS[@]}" EVAL "local out = {} for i, id in ipairs(ARGV) do
      local a = redis.call('HGET', '{acct:' .. id .. '}:bal', 'avail') or 'nil'
      local h = 0 local n = 0
      for j, v in ipairs(redis.call('HVALS', '{acct:' .. id .. '}:holds')) do h = h + tonumber(v) n = n + 1 end
      out[i] = id .. ' ' .. a .. ' ' .. h .. ' ' .. n end return out" 0 $ids >"$OUT/redis-now"
  sql_all_shards "SELECT id, balance FROM {db}.accounts WHERE id LIKE 'chaos-0%'" | sort >"$OUT/booked-now"
  sort "$OUT/redis-now" | join - "$OUT/booked-now" | awk '
    { if ($2 == "nil") { missing++; next } d = $2 - ($5 - $3); if (d != 0) { n++; s += (d < 0 ? -d : d) } holds += $4 }
    END { printf "%d %d %d %d\n", n, s, holds, missing }'
}

# ---- Kafka with three brokers -------------------------------------------------------------
kafka_state() { bash "$REPO_DIR/infra/infra.sh" kafka-state; }
node_port() { echo $(($1 + 2 * ($2 - 1))); }  # BASE NODE (infra/lib/kafka.sh)
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" "$2" 2>/dev/null || true; }  # KEY FILE
CHAOS_TAG=payflow-chaos
heal_partition() { # remove every rule this suite added (comment payflow-chaos); idempotent
  local chain rule
  command -v iptables >/dev/null 2>&1 || return 0
  for chain in INPUT OUTPUT; do
    { iptables -S "$chain" 2>/dev/null || true; } | { grep -- "--comment $CHAOS_TAG" || true; } \
      | sed 's/^-A /-D /' | while read -r rule; do eval "iptables $rule" || true; done
  done
  return 0
}
broker_kill() { # DIR: SIGKILL the leader of most payments.submitted partitions; up again after 10 s
  local dir=$1 victim pid
  kafka_state >"$dir/state-before" || kafka_state >"$dir/state-before" || true
  victim=$(field leaders "$dir/state-before" | tr "," "\n" | sort -t: -k2,2nr | awk -F: "NR == 1 { print \$1 }") || true
  case $victim in [1-9]) ;; *) say "kafka-broker-kill: no leader known ($(cat "$dir/state-before")); no fault injected"; return 0 ;; esac
  pid=$(cat "$RUN_DIR/kafka/broker-$victim/kafka.pid")
  echo "$victim" >"$dir/victim"
  kill -9 "$pid"
  say "SIGKILL Kafka node $victim (pid $pid; leads $(field leaders "$dir/state-before") of payments.submitted, active controller: node $(field controller "$dir/state-before"))"
  sleep 3
  # The survivors' view, asked 3 s after the kill (answers within its 20 s bound).
  timeout 25 bash "$REPO_DIR/infra/infra.sh" kafka-state "$(other_bootstrap "$victim")" 20 \
    >"$dir/state-during" 2>/dev/null &
  local s1=$!
  sleep 7
  say "starting Kafka node $victim again (bash infra/infra.sh up)"
  bash "$REPO_DIR/infra/infra.sh" up >"$dir/infra-up.log" 2>&1 || say "infra.sh up failed: $dir/infra-up.log"
  wait "$s1" 2>/dev/null || true
}
other_bootstrap() { # NODE: the client ports of the other nodes
  local n out=""
  for ((n = 1; n <= BROKERS; n++)); do
    [ "$n" = "$1" ] || out+="${out:+,}127.0.0.1:$(node_port "$KAFKA_PORT" "$n")"
  done
  echo "$out"
}
broker_partition() { # DIR: the active controller's node cut from the other two for 20 s
  local dir=$1 victim own peers n cgroot pid t0
  kafka_state >"$dir/state-before" || kafka_state >"$dir/state-before" || true
  victim=$(field controller "$dir/state-before")
  echo "$victim" >"$dir/victim"
  case $victim in [1-9]) ;; *) say "kafka-broker-partition: no active controller known; no fault injected"; return 0 ;; esac
  cgroot=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
  pid=$(cat "$RUN_DIR/kafka/broker-$victim/kafka.pid")
  if [ -z "$cgroot" ] || ! grep -qx "$pid" "$cgroot/payflow-kafka-$victim/cgroup.procs" 2>/dev/null; then
    say "kafka-broker-partition: node $victim (pid $pid) is not in cgroup payflow-kafka-$victim: cannot tell its packets apart; no fault injected"
    return 0
  fi
  own="$(node_port "$KAFKA_REPLICATION_PORT" "$victim"),$(node_port "$KAFKA_CONTROLLER_PORT" "$victim")"
  peers=""
  for ((n = 1; n <= BROKERS; n++)); do
    [ "$n" = "$victim" ] && continue
    peers+="${peers:+,}$(node_port "$KAFKA_REPLICATION_PORT" "$n"),$(node_port "$KAFKA_CONTROLLER_PORT" "$n")"
  done
  # Watchdog: removes the rules even if this script is killed with SIGKILL (bounded in time).
  setsid nohup bash -c "sleep 90; for c in INPUT OUTPUT; do iptables -S \$c | grep -- '--comment $CHAOS_TAG' \
    | sed 's/^-A /-D /' | while read -r r; do eval \"iptables \$r\"; done; done" >/dev/null 2>&1 </dev/null &
  echo $! >"$dir/watchdog.pid"
  iptables -I INPUT -i lo -p tcp -m multiport --dports "$own" -m comment --comment "$CHAOS_TAG" -j DROP
  iptables -I OUTPUT -o lo -p tcp -m cgroup --path "payflow-kafka-$victim" -m multiport --dports "$peers" \
    -m comment --comment "$CHAOS_TAG" -j DROP
  t0=$SECONDS
  iptables -S | grep -- "$CHAOS_TAG" >"$dir/rules"
  say "node $victim (active controller; leads $(field leaders "$dir/state-before") of payments.submitted) cut from the others: DROP to its ports $own, and from it to $peers; its client port stays open"
  sleep 8
  # Both views, in the background (a call that reaches the isolated node waits for its timeout):
  # the survivors' and the isolated node's (stale metadata). They answer ~10-20 s into the fault.
  timeout 25 bash "$REPO_DIR/infra/infra.sh" kafka-state "$(other_bootstrap "$victim")" 20 \
    >"$dir/state-during" 2>/dev/null &
  local s1=$! s2
  timeout 25 bash "$REPO_DIR/infra/infra.sh" kafka-state "127.0.0.1:$(node_port "$KAFKA_PORT" "$victim")" 20 \
    >"$dir/state-during-isolated" 2>/dev/null &
  s2=$!
  if (exec 3<>"/dev/tcp/127.0.0.1/$(node_port "$KAFKA_PORT" "$victim")") 2>/dev/null; then
    echo yes >"$dir/client-port-open"; else echo no >"$dir/client-port-open"; fi
  sleep $((20 - (SECONDS - t0) > 0 ? 20 - (SECONDS - t0) : 0))
  heal_partition
  wait "$s1" "$s2" 2>/dev/null || true
  kill "$(cat "$dir/watchdog.pid")" 2>/dev/null || true
  say "partition healed after $((SECONDS - t0)) s (rules left: $(iptables -S | grep -c -- "$CHAOS_TAG" || true))"
}
lag_zero() { kafka_state >"$1/state-lag" && grep -q ' lag=0 ' "$1/state-lag"; }
kafka_settled() { # NAME DIR T_FAULT: ISR full and lag 0 again; a row of the Kafka table
  local name=$1 dir=$2 t_fault=$3 t_lag lag_s during
  await 120 "consumer lag 0 (every group)" lag_zero "$dir" || true
  t_lag=$(now_ms)
  lag_s=$(awk -v a="$t_fault" -v b="$t_lag" 'BEGIN{printf "%.0f", (b-a)/1000}')
  grep -q ' lag=0 ' "$dir/state-lag" 2>/dev/null || lag_s="NOT 0 after 120 s: $(field lag "$dir/state-lag")"
  during="$(field controller "$dir/state-during" 2>/dev/null) / $(field under_replicated "$dir/state-during" 2>/dev/null) / $(field leaders "$dir/state-during" 2>/dev/null)"
  printf '| %s | node %s | %s | %s | %s | %s | %s s | %s |\n' "$name" "$(cat "$dir/victim")" \
    "$(field controller "$dir/state-before")" "$(field leaders "$dir/state-before")" "$during" \
    "$(cat "$dir/client-port-open" 2>/dev/null || echo -)" "$lag_s" \
    "$(field under_replicated "$dir/state-lag") / $(field leaderless "$dir/state-lag") / $(field groups "$dir/state-lag")" \
    >>"$OUT/kafka-rows.md"
}

run_scenario() { # NAME
  local name=$1 dir=$OUT/$1 t_fault t_up t_probe load_pid summary rows settled rejected missing dup
  local extra t_drained d0 repairs verify verify_http valid pending sum negative ttr recovered_s d recon
  mkdir -p "$dir"
  case $name in
    kafka-broker-*) if [ "$BROKERS" -lt 3 ]; then
        say "skipping $name: it needs the 3-broker Kafka (./platform down; KAFKA_BROKERS=3 ./platform up); this one runs $BROKERS"
        echo "| $name | skipped (needs KAFKA_BROKERS=3, runs $BROKERS) | | | | | | | | |" >>"$RESULTS"; return 0
      fi ;;
    kafka-restart) if [ "$BROKERS" -gt 1 ]; then
        say "skipping $name: it restarts the single broker; with $BROKERS brokers see kafka-broker-kill"
        echo "| $name | skipped (single-broker scenario, runs $BROKERS) | | | | | | | | |" >>"$RESULTS"; return 0
      fi ;;
  esac
  if [ $((SECONDS - STARTED + LOAD_S + 120)) -gt "$BUDGET_S" ]; then
    say "skipping $name: the run would exceed its ${BUDGET_S}s budget"
    echo "| $name | skipped (time budget) | | | | | | | | |" >>"$RESULTS"; return 0
  fi
  banner "CHAOS scenario $name — load ${LOAD_S}s at ${RATE}/s, fault at +${FAULT_AT}s"
  "$JAVA" -cp "$REPO_DIR/payflow-cli/target/lib/*" "$REPO_DIR/infra/chaos/ChaosLoad.java" "$LOAD_S" "$RATE" "$ACCOUNTS" "$dir" \
    "$RUN_ID-$name" >"$dir/load.out" 2>"$dir/load.err" &
  load_pid=$!
  sleep "$FAULT_AT"
  t_fault=$(now_ms)
  inject "$name" "$dir"
  await 180 "$name recovery" recovered "$name" "$dir" || true
  t_up=$(now_ms)
  t_probe=$(probe "$(probe_shard "$name")" 120) || t_probe=
  wait "$load_pid" || say "load generator failed: $dir/load.err"
  summary=$(tail -1 "$dir/load.out")
  await 180 "every accepted payment decided" all_terminal "$dir" || true
  await 60 "credit legs applied (clearing = 0)" clearing_zero || true
  t_drained=$(now_ms)
  case $name in kafka-broker-*) kafka_settled "$name" "$dir" "$t_fault" ;; esac
  # Drift, then reconciliation twice (confirm, then repair), a few seconds apart, drift again.
  d0=$(drift)
  curl -s -m 120 -X POST "$BASE/api/v1/ops/reconciliation" "${OP[@]}" >"$dir/recon-1.json" || true
  sleep 3
  curl -s -m 120 -X POST "$BASE/api/v1/ops/reconciliation" "${OP[@]}" >"$dir/recon-2.json" || true
  d=$(drift)
  # Full verification is operator-only (401 without a key, 403 with a client's, 409 while
  # another run is in progress): the operator key. An answer without a verdict is reported as
  # "not verified (HTTP n)" and fails the suite like an invalid chain: it checked nothing.
  verify_http=$(curl -s -m 120 -o "$dir/verify.json" -w '%{http_code}' -X POST \
    "$BASE/api/v1/chain/verify" "${OP[@]}") || true
  verify=$(cat "$dir/verify.json" 2>/dev/null || true)
  valid=$(sed -n 's/.*"valid":\([a-z]*\).*/\1/p' <<<"$verify")
  if [ "${verify_http:-000}" != 200 ] || [ -z "$valid" ]; then
    say "$name: chain verification answered HTTP ${verify_http:-000}: $(head -c 300 <<<"$verify")"
    valid="not verified (HTTP ${verify_http:-000})"
  fi
  pending=$(sed -n 's/.*"pendingTransactions":\([0-9]*\).*/\1/p' <<<"$verify")
  rows=$(wc -l <"$dir/rows.tsv")
  settled=$(grep -c SETTLED "$dir/rows.tsv" || true)
  rejected=$(grep -c REJECTED "$dir/rows.tsv" || true)
  missing=$(( $(wc -l <"$dir/accepted.tsv") - $(cut -f1 "$dir/rows.tsv" | sort -u | wc -l) ))
  dup=$(cut -f1 "$dir/rows.tsv" | sort | uniq -d | wc -l)
  # Rows of this scenario's payments that the client never saw accepted (e.g. gave up).
  extra=$(sql_all_shards "SELECT COUNT(*) FROM {db}.transactions WHERE client_id='bench' AND reference='chaos $RUN_ID-$name'" \
    | total)
  extra=$((extra - rows))
  sum=$(sql_all_shards "SELECT COALESCE(SUM(balance),0) FROM {db}.accounts" | total)
  negative=$(sql_all_shards "SELECT COUNT(*) FROM {db}.accounts WHERE kind='CUSTOMER' AND balance<0" | total)
  recovered_s=$(awk -v a="$t_fault" -v b="$t_up" 'BEGIN{printf "%.1f", (b-a)/1000}')
  ttr=$([ -n "$t_probe" ] && awk -v a="$t_fault" -v b="$t_probe" 'BEGIN{printf "%.1f", (b-a)/1000}' || echo "n/a")
  recon=$(sed -n 's/.*"driftingAccounts":\([0-9]*\).*/\1/p' "$dir/recon-2.json")
  repairs=$(cat "$dir/recon-1.json" "$dir/recon-2.json" | grep -o '"repairCount":[0-9]*' | cut -d: -f2 | total)
  read -r d_accounts d_sum d_holds d_missing <<<"$d"
  # The money invariants are a verdict, not just a report: any breach fails the suite, and so
  # does a chain that is invalid or could not be verified.
  if [ "$missing" -ne 0 ] || [ "$dup" -ne 0 ] || [ "$sum" -ne 0 ] || [ "$negative" -ne 0 ] \
      || [ "${valid:-}" != true ]; then
    VIOLATIONS+=" $name"
  fi
  echo "$summary" >"$dir/summary"
  # shellcheck disable=SC2086
  set -- $summary
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" \
    "${1#*=} / ${2#*=} / ${3#*=}+${4#*=} / ${5#*=}" "$settled / $rejected" \
    "$missing missing, $dup dup, $extra unseen" "$sum / $negative" \
    "$(awk '{print $1 " acc, " $2}' <<<"$d0") → ${d_accounts} acc, ${d_sum} (${repairs} repairs; ${d_holds} holds open, ${d_missing} uncached)" \
    "${valid:-?} (${pending:-?} pending)" "$recovered_s s" "$ttr s" \
    "$(awk -v a="$t_fault" -v b="$t_drained" 'BEGIN{printf "%.0f", (b-a)/1000}') s" >>"$RESULTS"
  say "$name: $summary | settled $settled rejected $rejected missing $missing dup $dup unseen $extra | Σ $sum neg $negative | drift before $d0, after $d (recon drifting ${recon:-?}, repairs $repairs) | chain ${valid:-?} | back ${recovered_s}s, e2e ${ttr}s"
}

# ---- main ----------------------------------------------------------------------------
all_healthy || { echo "the platform is not fully up (./platform status); start it first" >&2; exit 1; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
heal_partition   # rules a killed earlier run might have left
banner "CHAOS STARTS $(date -u +%H:%M:%SZ) — $MODE fault suite: services will be killed and restarted (≤ $((BUDGET_S / 60)) min)"
echo "$RUN_ID $MODE pid $$ started $(date -u +%FT%TZ)" >"$RUN_DIR/chaos.active"
setup_accounts
cat >"$RESULTS" <<EOF
Fault suite \`$MODE\`, run $RUN_ID: $ACCOUNTS accounts, ${RATE} payments/s for ${LOAD_S} s per scenario, fault at +${FAULT_AT} s.

| scenario | offered / accepted / refused (insufficient+other) / gave up | settled / rejected (shards) | accepted → rows | Σ balances / negative | drift (accounts, Σ\|minor units\|) before → after 2 reconciliations | chain verify | component back | first e2e payment decided | drained |
|---|---|---|---|---|---|---|---|---|---|
EOF
VIOLATIONS=""
for scenario in $SCENARIOS; do
  case " $KNOWN_SCENARIOS " in *" $scenario "*) run_scenario "$scenario" ;; *) say "unknown scenario $scenario" ;; esac
done
if [ -s "$OUT/kafka-rows.md" ]; then
  cat >>"$RESULTS" <<EOF

Kafka ($BROKERS brokers, RF 3, min.insync.replicas 2; infra.sh kafka-state):

| scenario | broker faulted | active controller before | payments.submitted leaders before (node:partitions) | during, seen from the others: controller / under-replicated partitions / leaders | isolated node's client port open | consumer lag 0 after (from the fault) | then: under-replicated / leaderless / lag per group |
|---|---|---|---|---|---|---|---|
EOF
  cat "$OUT/kafka-rows.md" >>"$RESULTS"
fi
cat "$RESULTS"
say "total $((SECONDS - STARTED)) s"
if [ -n "$VIOLATIONS" ]; then
  say "INVARIANTS BROKEN in:$VIOLATIONS"
  exit 1
fi
