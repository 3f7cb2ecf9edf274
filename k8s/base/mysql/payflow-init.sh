#!/usr/bin/env bash
# payflow databases, users and grants (least privilege, same as infra/lib/mariadb.sh).
# Run once by the official MySQL image on an empty data directory (docker-entrypoint-initdb.d),
# sourced or executed; the root password is already set when init scripts run.
# Used by infra/compose.yaml (one server, all databases) and, as an identical copy, by
# k8s/base/mysql/payflow-init.sh (one server per shard; a test keeps the two identical).
#
# Environment:
#   MYSQL_ROOT_PASSWORD                 set by the image's own configuration
#   PAYFLOW_SHARD_DATABASES             space-separated shard databases on this server, or
#   PAYFLOW_SHARD_FROM_HOSTNAME=true    this server holds ${SHARD_DB_PREFIX}_<ordinal of $HOSTNAME>
#                                       (StatefulSet pod mysql-shard-2 -> payflow_shard_2)
#   PAYFLOW_LEDGER_DATABASE             the ledger database on this server (optional)
#   PAYFLOW_DB_{MIGRATOR,SETTLEMENT,TXN,LEDGER}_{USER,PASSWORD}

payflow_sql_quote() { printf "%s" "${1//\'/\'\'}"; }
payflow_db_pattern() { local s=${1//_/\\_}; printf '%s' "${s//%/\\%}"; }

payflow_init() {
  local shard_dbs=${PAYFLOW_SHARD_DATABASES:-}
  if [ "${PAYFLOW_SHARD_FROM_HOSTNAME:-false}" = true ]; then
    shard_dbs="${SHARD_DB_PREFIX:-payflow_shard}_${HOSTNAME##*-}"
  fi
  local ledger_db=${PAYFLOW_LEDGER_DATABASE:-}
  local migrator=${PAYFLOW_DB_MIGRATOR_USER:-payflow_migrator}
  local settlement=${PAYFLOW_DB_SETTLEMENT_USER:-payflow_settlement}
  local txn=${PAYFLOW_DB_TXN_USER:-payflow_txn}
  local ledger=${PAYFLOW_DB_LEDGER_USER:-payflow_ledger}
  local sql="" db

  user_sql() { # NAME PASSWORD
    if [ -z "$2" ]; then
      echo "payflow-init: no password for MySQL user $1 (set it in the secret/env file)" >&2
      return 1
    fi
    sql+="CREATE USER IF NOT EXISTS '$1'@'%' IDENTIFIED BY '$(payflow_sql_quote "$2")';"$'\n'
  }

  user_sql "$migrator" "${PAYFLOW_DB_MIGRATOR_PASSWORD:-}" || return 1
  user_sql "$ledger" "${PAYFLOW_DB_LEDGER_PASSWORD:-}" || return 1
  if [ -n "$shard_dbs" ]; then
    user_sql "$settlement" "${PAYFLOW_DB_SETTLEMENT_PASSWORD:-}" || return 1
    user_sql "$txn" "${PAYFLOW_DB_TXN_PASSWORD:-}" || return 1
  fi
  for db in $shard_dbs $ledger_db; do
    sql+="CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;"$'\n'
    sql+="GRANT ALL PRIVILEGES ON \`$(payflow_db_pattern "$db")\`.* TO '$migrator'@'%';"$'\n'
  done
  for db in $shard_dbs; do
    sql+="GRANT SELECT, INSERT, UPDATE ON \`$(payflow_db_pattern "$db")\`.* TO '$settlement'@'%';"$'\n'
    sql+="GRANT SELECT, INSERT, UPDATE ON \`$(payflow_db_pattern "$db")\`.* TO '$txn'@'%';"$'\n'
    sql+="GRANT SELECT ON \`$(payflow_db_pattern "$db")\`.* TO '$ledger'@'%';"$'\n'
  done
  if [ -n "$ledger_db" ]; then
    sql+="GRANT SELECT, INSERT, UPDATE, DELETE ON \`$(payflow_db_pattern "$ledger_db")\`.* TO '$ledger'@'%';"$'\n'
  fi
  printf '%s' "$sql" | MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysql --protocol=socket -uroot
  echo "payflow-init: databases [$shard_dbs $ledger_db] and users ready"
}

payflow_init
