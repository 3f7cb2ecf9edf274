#!/usr/bin/env bash
# payflow local infrastructure: MariaDB, Redis, Kafka (KRaft, single node) and the nginx edge.
#
# Usage: infra/infra.sh up|down|status|wait-kafka|topics|grants|env
#   up          install what is missing (apt), start what is not answering, create
#               databases/users/grants and Kafka topics, (re)render + start/reload nginx.
#               Idempotent; safe to re-run. Writes $PAYFLOW_RUN_DIR/infra.env and secrets.env.
#   down        stop nginx and Kafka if started by payflow; MariaDB/Redis only if payflow
#               started them (marker in $PAYFLOW_RUN_DIR/state). Never touches other processes.
#   status      one line per component: name, pid (if ours), address, UP/DOWN, owner.
#               Exit 0 when everything is UP, 1 otherwise.
#   wait-kafka [TIMEOUT_S]   wait until the Kafka broker answers (default KAFKA_WAIT_SECONDS).
#   topics [list]            create/converge the Kafka topics and print them with partition
#                            counts; `topics list` only prints all topics.
#   kafka-state [BOOTSTRAP]  one line: brokers, active controller, under-replicated and leaderless
#                            partitions, consumer lag, payments.submitted leaders (fault suite).
#   grants      table-level DB grants; run once settlement-consumer migrated the shard schema.
#   env         print the path of infra.env and secrets.env (for `source`).
#
# Configuration (environment variables, defaults in brackets):
#   PAYFLOW_RUN_DIR        [<repo>/.run]  state, logs, generated configs, Kafka data (git-ignored)
#   NGINX_PORT             [8080]         nginx listen port (127.0.0.1)
#   GATEWAY_PORTS          ["8081 8082"]  gateway-service instances behind nginx (upstream gateway)
#   TRANSACTION_PORT       [8083]         transaction-service (upstream transaction)
#   SETTLEMENT_PORT        [8084]         settlement-consumer (not proxied; written to infra.env)
#   LEDGER_PORT            [8085]         ledger-service (upstream ledger)
#   KAFKA_PORT             [9092]         Kafka PLAINTEXT listener (127.0.0.1)
#   KAFKA_CONTROLLER_PORT  [9093]         KRaft controller listener (127.0.0.1)
#   KAFKA_BROKERS          [1]            1: the single combined broker/controller above. 3 (test
#                                         profile, docs/reliability.md "Kafka with three brokers"):
#                                         nodes 1..3, each broker+controller, client ports
#                                         KAFKA_PORT+0/2/4 (9092/9094/9096), controller ports
#                                         KAFKA_CONTROLLER_PORT+0/2/4 (9093/9095/9097), inter-broker
#                                         ports KAFKA_REPLICATION_PORT+0/2/4 (9192/9194/9196); topics
#                                         RF 3, min.insync.replicas 2. Unset: the count of the
#                                         cluster that runs (.run/kafka/brokers), else 1.
#   KAFKA_REPLICATION_PORT [9192]         inter-broker listener of node 1 (KAFKA_BROKERS > 1 only)
#   SHARD_DB_PREFIX        [payflow_shard]   shard databases <prefix>_0..; with KAFKA_BROKERS > 1
#                                            [payflow_kafka3_shard]: own data, see below
#   LEDGER_DB              [payflow_ledger]  with KAFKA_BROKERS > 1 [payflow_kafka3_ledger]
#                          The ledger's chain is bound to ledger.batches offsets (UNIQUE log_offset):
#                          a new Kafka cluster must not meet the databases of another one. The
#                          3-broker profile therefore uses its own databases and its own Redis
#                          (REDIS_PORT [6380], started and stopped by payflow) unless set explicitly.
#   SHARD_COUNT            [4]            databases payflow_shard_0..payflow_shard_{N-1}
#   MYSQL_HOST             [127.0.0.1]    MariaDB host (started here only if local and not answering)
#   MYSQL_PORT             [3306]
#   MARIADB_BUFFER_POOL_MB [1024]         InnoDB buffer pool, grown online if the server has less
#   MARIADB_REDO_LOG_MB    [1024]         InnoDB redo log, grown online if the server has less
#   REDIS_HOST             [127.0.0.1]    Redis host (started here only if local and not answering)
#   REDIS_PORT             [6379]
#   SUBMITTED_PARTITIONS   [12]           payments.submitted and payments.submitted.DLT
#   CREDITS_PARTITIONS     [12]           payments.credits and payments.credits.DLT
#   OUTCOMES_PARTITIONS    [12]           payments.outcomes
# Less common:
#   MYSQL_ROOT_USER        [root]         admin login used over TCP when the unix socket does not work
#   MYSQL_ROOT_PASSWORD    []             its password (empty: Debian's root via unix_socket / no password)
#   KAFKA_HEAP_OPTS        ["-Xms256m -Xmx512m"]; per broker with KAFKA_BROKERS > 1 ["-Xms128m -Xmx320m"]
#   KAFKA_WAIT_SECONDS     [90]           bound for the broker to come up
#   JAVA_HOME              JDK >= 17 for Kafka; if unset/unsuitable the newest JDK under /usr/lib/jvm
#
# Files in $PAYFLOW_RUN_DIR: infra.env (effective hosts/ports, sourceable), secrets.env (mode 600,
# generated DB passwords), logs/ (mariadb.log, redis.log, kafka.log, kafka-stdout.log,
# nginx-access.log, nginx-error.log, ...), kafka/ (classpath, server.properties, data),
# nginx/ (rendered nginx.conf, pid, temp), state/ (markers: what payflow started).
set -euo pipefail

PAYFLOW_INFRA_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PAYFLOW_REPO_DIR=$(cd "$PAYFLOW_INFRA_DIR/.." && pwd)

: "${PAYFLOW_RUN_DIR:=$PAYFLOW_REPO_DIR/.run}"
: "${NGINX_PORT:=8080}"
: "${GATEWAY_PORTS:=8081 8082}"
: "${TRANSACTION_PORT:=8083}"
: "${SETTLEMENT_PORT:=8084}"
: "${LEDGER_PORT:=8085}"
: "${KAFKA_PORT:=9092}"
: "${KAFKA_CONTROLLER_PORT:=9093}"
: "${SHARD_COUNT:=4}"
: "${MYSQL_HOST:=127.0.0.1}"
: "${MYSQL_PORT:=3306}"
: "${MARIADB_BUFFER_POOL_MB:=1024}"
: "${MARIADB_REDO_LOG_MB:=1024}"
: "${REDIS_HOST:=127.0.0.1}"
: "${SUBMITTED_PARTITIONS:=12}"
: "${CREDITS_PARTITIONS:=12}"
: "${OUTCOMES_PARTITIONS:=12}"
: "${MYSQL_ROOT_USER:=root}"
: "${MYSQL_ROOT_PASSWORD:=}"
: "${KAFKA_WAIT_SECONDS:=90}"
# shellcheck disable=SC2034  # used by lib/kafka.sh and lib/common.sh
KAFKA_HOST=127.0.0.1   # Kafka always listens on loopback only

# The run dir must be absolute: daemons get paths from it after changing directory.
[[ $PAYFLOW_RUN_DIR == /* ]] || PAYFLOW_RUN_DIR="$PWD/$PAYFLOW_RUN_DIR"

# KAFKA_BROKERS unset: the count of the cluster payflow runs (restarts by chaos.sh and
# `./platform up` must not fall back to one broker while three run), else 1.
if [[ -z ${KAFKA_BROKERS:-} ]]; then
  KAFKA_BROKERS=1
  [[ -s $PAYFLOW_RUN_DIR/kafka/brokers ]] && read -r KAFKA_BROKERS <"$PAYFLOW_RUN_DIR/kafka/brokers"
fi
case $KAFKA_BROKERS in
  1|3) ;;
  *) printf '[infra] ERROR: KAFKA_BROKERS=%s: 1 (default) or 3\n' "$KAFKA_BROKERS" >&2; exit 1 ;;
esac
: "${KAFKA_REPLICATION_PORT:=9192}"
if ((KAFKA_BROKERS > 1)); then
  : "${REDIS_PORT:=6380}" "${SHARD_DB_PREFIX:=payflow_kafka3_shard}" "${LEDGER_DB:=payflow_kafka3_ledger}"
  : "${KAFKA_HEAP_OPTS:=-Xms128m -Xmx320m}"
else
  : "${REDIS_PORT:=6379}" "${SHARD_DB_PREFIX:=payflow_shard}" "${LEDGER_DB:=payflow_ledger}"
  : "${KAFKA_HEAP_OPTS:=-Xms256m -Xmx512m}"
fi

# shellcheck source=lib/common.sh
source "$PAYFLOW_INFRA_DIR/lib/common.sh"
# shellcheck source=lib/mariadb.sh
source "$PAYFLOW_INFRA_DIR/lib/mariadb.sh"
# shellcheck source=lib/redis.sh
source "$PAYFLOW_INFRA_DIR/lib/redis.sh"
# shellcheck source=lib/kafka.sh
source "$PAYFLOW_INFRA_DIR/lib/kafka.sh"
# shellcheck source=lib/nginx.sh
source "$PAYFLOW_INFRA_DIR/lib/nginx.sh"

# status_line NAME PID ADDRESS STATE OWNER
status_line() {
  printf '%-8s pid=%-8s %-16s %-4s (%s)\n' "$1" "${2:--}" "$3" "$4" "$5"
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

ensure_packages() {
  local -a pkgs=()
  local p
  while read -r p; do [[ -n $p ]] && pkgs+=("$p"); done < <(
    mariadb_packages
    redis_packages
    kafka_packages
    nginx_packages
  )
  command -v setsid >/dev/null || pkgs+=(util-linux)
  apt_install "${pkgs[@]}"
}

cmd_up() {
  local t0=$EPOCHSECONDS
  ensure_packages
  find_jdk
  ensure_secrets

  # Kafka first: its JVM start-up is the slowest part and overlaps with the DB work below.
  kafka_start
  mariadb_start
  mariadb_setup
  redis_start
  nginx_start
  kafka_topics >"$PAYFLOW_RUN_DIR/kafka/topics.txt"
  sed 's/^/[infra]   /' "$PAYFLOW_RUN_DIR/kafka/topics.txt" >&2
  write_infra_env
  log "up: done in $((EPOCHSECONDS - t0))s; endpoints in $PAYFLOW_RUN_DIR/infra.env, passwords in $PAYFLOW_RUN_DIR/secrets.env"
}

cmd_down() {
  nginx_stop
  kafka_stop
  redis_stop
  mariadb_stop
  log "down: done"
}

cmd_status() {
  if [[ -f $PAYFLOW_RUN_DIR/secrets.env ]]; then
    set -a
    # shellcheck disable=SC1091
    source "$PAYFLOW_RUN_DIR/secrets.env"
    set +a
  fi
  local rc=0
  mariadb_status || rc=1
  redis_status || rc=1
  kafka_status || rc=1
  nginx_status || rc=1
  return $rc
}

main() {
  local cmd=${1:-}
  (($# > 0)) && shift
  case $cmd in
    up|down|status|wait-kafka|topics|grants|env|kafka-state) ;;
    -h|--help|help) usage; return 0 ;;
    *) usage >&2; die "unknown command '${cmd}' (expected up|down|status|wait-kafka|topics|grants|env|kafka-state)" ;;
  esac
  validate_config
  payflow_init_run_dir
  case $cmd in
    up)     payflow_lock; cmd_up ;;
    down)   payflow_lock; cmd_down ;;
    status) cmd_status ;;
    wait-kafka)
      find_jdk
      kafka_wait "${1:-$KAFKA_WAIT_SECONDS}" ;;
    topics)
      find_jdk
      if [[ ${1:-} == list ]]; then kafka_list; else payflow_lock; kafka_topics; fi ;;
    grants) mariadb_table_grants ;;
    kafka-state)
      find_jdk
      kafka_admin state "${1:-$(kafka_bootstrap)}" "${2:-40}" 2>>"$PAYFLOW_LOG_DIR/kafka-admin-state.log" ;;
    env)
      printf '%s\n%s\n' "$PAYFLOW_RUN_DIR/infra.env" "$PAYFLOW_RUN_DIR/secrets.env" ;;
  esac
}

main "$@"
