# shellcheck shell=bash
# MariaDB: start (only if nothing answers), databases, users, grants.

MARIADB_BIN=/usr/sbin/mariadbd
MARIADB_PATTERN='(^|/)(mariadbd|mysqld)( |$)'

mariadb_client() {
  if command -v mariadb >/dev/null; then printf 'mariadb'; elif command -v mysql >/dev/null; then printf 'mysql'; fi
}

mariadb_pidfile() { printf '%s/mariadb/mariadbd.pid' "$PAYFLOW_RUN_DIR"; }
mariadb_marker()  { printf '%s/mariadb.started-by-payflow' "$PAYFLOW_STATE_DIR"; }

# mariadb_root [client args...] - run the client as root against MYSQL_HOST:MYSQL_PORT.
# Tries the unix socket first (Debian default: root via unix_socket auth) when the server
# behind the socket is the one on MYSQL_PORT, then TCP with MYSQL_ROOT_USER/MYSQL_ROOT_PASSWORD.
MARIADB_ROOT_MODE=""
mariadb_root() {
  local client
  client=$(mariadb_client)
  [[ -n $client ]] || return 127
  if [[ -z $MARIADB_ROOT_MODE ]]; then
    if is_local_host "$MYSQL_HOST" \
       && [[ $("$client" -uroot -N -B -e 'SELECT @@port' 2>/dev/null) == "$MYSQL_PORT" ]]; then
      MARIADB_ROOT_MODE=socket
    elif MYSQL_PWD=$MYSQL_ROOT_PASSWORD "$client" -h"$MYSQL_HOST" -P"$MYSQL_PORT" -u"$MYSQL_ROOT_USER" \
         --protocol=TCP -N -B -e 'SELECT 1' >/dev/null 2>&1; then
      MARIADB_ROOT_MODE=tcp
    else
      return 1
    fi
  fi
  if [[ $MARIADB_ROOT_MODE == socket ]]; then
    "$client" -uroot "$@"
  else
    MYSQL_PWD=$MYSQL_ROOT_PASSWORD "$client" -h"$MYSQL_HOST" -P"$MYSQL_PORT" -u"$MYSQL_ROOT_USER" --protocol=TCP "$@"
  fi
}

# mariadb_answers - something accepts connections on MYSQL_HOST:MYSQL_PORT.
mariadb_answers() { port_open "$MYSQL_HOST" "$MYSQL_PORT"; }

mariadb_packages() {
  local pkgs=()
  [[ -n $(mariadb_client) ]] || pkgs+=(mariadb-client)
  if ! port_open "$MYSQL_HOST" "$MYSQL_PORT" && [[ ! -x $MARIADB_BIN ]]; then
    pkgs+=(mariadb-server)
  fi
  printf '%s\n' "${pkgs[@]}"
}

mariadb_start() {
  local logf="$PAYFLOW_LOG_DIR/mariadb.log" pidf marker pid i
  pidf=$(mariadb_pidfile)
  marker=$(mariadb_marker)

  if mariadb_answers; then
    if [[ -f $marker ]] && pid=$(live_pid "$pidf" "$MARIADB_PATTERN") && [[ -n $pid ]]; then
      log "mariadb: already running (started by payflow, pid $pid) on $MYSQL_HOST:$MYSQL_PORT"
    else
      rm -f "$marker"
      log "mariadb: using the server already answering on $MYSQL_HOST:$MYSQL_PORT (not managed by payflow)"
    fi
    return 0
  fi

  is_local_host "$MYSQL_HOST" \
    || die "mariadb: nothing answers on $MYSQL_HOST:$MYSQL_PORT and it is not a local address, cannot start it"
  [[ -x $MARIADB_BIN ]] || die "mariadb: $MARIADB_BIN not found (package mariadb-server)"
  if start-stop-daemon --status --exec "$MARIADB_BIN"; then
    die "mariadb: a mariadbd process is already running but nothing answers on $MYSQL_HOST:$MYSQL_PORT (still starting, or configured for another port?); not starting a second copy. Check /etc/mysql/my.cnf and its error log"
  fi

  mkdir -p "$PAYFLOW_RUN_DIR/mariadb" /run/mysqld
  chown mysql:mysql /run/mysqld
  touch "$logf"
  chown mysql:mysql "$logf" 2>/dev/null || true
  log "mariadb: starting $MARIADB_BIN on 127.0.0.1:$MYSQL_PORT (log: $logf)"
  start-stop-daemon --start --oknodo --background \
    --make-pidfile --pidfile "$pidf" \
    --exec "$MARIADB_BIN" -- \
    --user=mysql --bind-address=127.0.0.1 --port="$MYSQL_PORT" --log-error="$logf" \
    --innodb-buffer-pool-size="${MARIADB_BUFFER_POOL_MB}M" \
    --innodb-log-file-size="${MARIADB_REDO_LOG_MB}M" 9>&- \
    || die "mariadb: start-stop-daemon failed to start $MARIADB_BIN" "$logf"
  pid=$(read_pid "$pidf")
  printf '%s\n' "$pid" >"$marker"

  for ((i = 0; i < 600; i++)); do
    if port_open "$MYSQL_HOST" "$MYSQL_PORT" && mariadb_root -N -B -e 'SELECT 1' >/dev/null 2>&1; then
      log "mariadb: up (pid $pid) after $((i / 10)).$((i % 10))s"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$marker"
      die "mariadb: mariadbd (pid $pid) exited during start-up" "$logf"
    fi
    sleep 0.1
  done
  die "mariadb: not answering on $MYSQL_HOST:$MYSQL_PORT 60s after start (pid $pid)" "$logf"
}

# mariadb_grow VARIABLE SETTING - grow the InnoDB size VARIABLE online to the MB in the
# environment variable SETTING; never shrinks what the server has (both resize online in 10.11).
mariadb_grow() {
  local variable=$1 setting=$2 mb want have
  mb=${!setting}
  want=$((mb * 1024 * 1024))
  have=$(mariadb_root -N -B -e "SELECT @@$variable" 2>/dev/null) || return 0
  if [[ -n $have && $have -lt $want ]]; then
    mariadb_root -N -B -e "SET GLOBAL $variable = $want" \
      && log "mariadb: $variable $((have / 1048576)) MB -> $mb MB ($setting)" \
      || log "mariadb: could not grow $variable to $mb MB"
  fi
}

# The shards and the ledger outgrow MariaDB's default 128 MB buffer pool within minutes of load:
# transactions are keyed by a random tx id, so every insert then read and wrote back a page from
# disk (3.8 page reads and 117 KB written per payment; 446 µs of MariaDB CPU per payment at
# ~1,300/s). With 1 GB: 0.0 reads, 17 KB written, 177 µs (docs/benchmarks/README.md, issue 15).
mariadb_buffer_pool() { mariadb_grow innodb_buffer_pool_size MARIADB_BUFFER_POOL_MB; }

# Debian's default 96 MB redo log fills within seconds of intake load, and every checkpoint then
# writes dirty pages back early: 26-33 KB written and ~230 µs of MariaDB CPU per payment; with
# 1 GB, 4.5-13 KB and ~184 µs (three runs each, docs/benchmarks/README.md, issue 15). The
# durability settings are unchanged (innodb_flush_log_at_trx_commit=1).
mariadb_redo_log() { mariadb_grow innodb_log_file_size MARIADB_REDO_LOG_MB; }

# sql_db_pattern NAME - escape _ and % so a GRANT on a database name matches only that name.
sql_db_pattern() { local s=${1//_/\\_}; printf '%s' "${s//%/\\%}"; }

mariadb_setup() {
  local logf="$PAYFLOW_LOG_DIR/mariadb-setup.log" sql="" i db user pw host
  [[ -n $(mariadb_client) ]] || die "mariadb: no mariadb/mysql client installed (package mariadb-client)"
  if ! mariadb_root -N -B -e 'SELECT 1' >"$logf" 2>&1; then
    die "mariadb: cannot log in as root on $MYSQL_HOST:$MYSQL_PORT (tried unix socket as root and TCP as '$MYSQL_ROOT_USER' with MYSQL_ROOT_PASSWORD)" "$logf"
  fi

  mariadb_buffer_pool
  mariadb_redo_log
  local -a shard_dbs=()
  for ((i = 0; i < SHARD_COUNT; i++)); do shard_dbs+=("${SHARD_DB_PREFIX}_$i"); done

  # PAYFLOW_RESET_DATA=1 (./platform test under CI=true): start from empty databases. The
  # server outlives a run here, and a fresh run folder means a new ledger signing key and a new
  # Kafka log, which old blocks and offsets would not match.
  if [[ ${PAYFLOW_RESET_DATA:-0} == 1 ]]; then
    for db in "${shard_dbs[@]}" "$LEDGER_DB"; do
      sql+="DROP DATABASE IF EXISTS \`$db\`;"$'\n'
    done
  fi
  for db in "${shard_dbs[@]}" "$LEDGER_DB"; do
    sql+="CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;"$'\n'
    sql+="ALTER DATABASE \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;"$'\n'
  done

  declare -A pwd_of=(
    [payflow_migrator]=$PAYFLOW_DB_MIGRATOR_PASSWORD
    [payflow_settlement]=$PAYFLOW_DB_SETTLEMENT_PASSWORD
    [payflow_txn]=$PAYFLOW_DB_TXN_PASSWORD
    [payflow_ledger]=$PAYFLOW_DB_LEDGER_PASSWORD
  )
  for host in 127.0.0.1 localhost; do
    for user in payflow_migrator payflow_settlement payflow_txn payflow_ledger; do
      pw=${pwd_of[$user]}
      sql+="CREATE USER IF NOT EXISTS '$user'@'$host' IDENTIFIED BY '$pw';"$'\n'
      sql+="ALTER USER '$user'@'$host' IDENTIFIED BY '$pw';"$'\n'
    done
    sql+="GRANT ALL PRIVILEGES ON \`payflow\\_%\`.* TO 'payflow_migrator'@'$host';"$'\n'
    for db in "${shard_dbs[@]}"; do
      sql+="GRANT SELECT, INSERT, UPDATE ON \`$(sql_db_pattern "$db")\`.* TO 'payflow_settlement'@'$host';"$'\n'
      # transaction-service reads the books and writes only accounts: see mariadb_table_grants.
      sql+="GRANT SELECT ON \`$(sql_db_pattern "$db")\`.* TO 'payflow_txn'@'$host';"$'\n'
      sql+="GRANT SELECT ON \`$(sql_db_pattern "$db")\`.* TO 'payflow_ledger'@'$host';"$'\n'
    done
    sql+="GRANT SELECT, INSERT, UPDATE, DELETE ON \`$(sql_db_pattern "$LEDGER_DB")\`.* TO 'payflow_ledger'@'$host';"$'\n'
  done

  if ! printf '%s' "$sql" | mariadb_root -N -B >"$logf" 2>&1; then
    die "mariadb: creating databases/users/grants failed on $MYSQL_HOST:$MYSQL_PORT" "$logf"
  fi
  log "mariadb: databases ${SHARD_DB_PREFIX}_0..$((SHARD_COUNT - 1)) + $LEDGER_DB and users payflow_{migrator,settlement,txn,ledger} ready"
}

# mariadb_table_grants - grants that name tables, so they can only be given once settlement-consumer
# has migrated the shard schema (./platform calls `infra.sh grants` after it is healthy):
# payflow_txn may INSERT/UPDATE only `accounts` (open/close); entries, transactions and batches
# stay read-only for it. Also takes back the database-wide writes older setups granted.
mariadb_table_grants() {
  local sql="" host db logf=$PAYFLOW_RUN_DIR/logs/mariadb-grants.log
  for host in 127.0.0.1 localhost; do
    for ((i = 0; i < SHARD_COUNT; i++)); do
      db=${SHARD_DB_PREFIX}_$i
      sql+="REVOKE INSERT, UPDATE ON \`$(sql_db_pattern "$db")\`.* FROM 'payflow_txn'@'$host';"$'\n'
      sql+="GRANT INSERT, UPDATE ON \`$db\`.\`accounts\` TO 'payflow_txn'@'$host';"$'\n'
    done
  done
  # --force: a REVOKE of a privilege that was never granted is an error we expect and ignore.
  printf '%s' "$sql" | mariadb_root --force -N -B >"$logf" 2>&1 || true
  if grep -q "doesn't exist" "$logf"; then
    die "mariadb: shard tables missing: start settlement-consumer (it migrates them) first" "$logf"
  fi
  log "mariadb: table grants applied (payflow_txn writes only accounts)"
}

mariadb_stop() {
  local pidf marker pid
  pidf=$(mariadb_pidfile)
  marker=$(mariadb_marker)
  if [[ ! -f $marker ]]; then
    log "mariadb: not started by payflow, leaving it alone"
    return 0
  fi
  pid=$(live_pid "$pidf" "$MARIADB_PATTERN")
  if [[ -n $pid ]]; then
    # No SIGKILL for a database: a bounded wait, then a clear error.
    stop_pid mariadb "$pid" "$MARIADB_PATTERN" 120 no
  else
    log "mariadb: started by payflow but no longer running"
  fi
  rm -f "$marker" "$pidf"
}

mariadb_status() {
  local pid="" state=DOWN owner
  if [[ -f $(mariadb_marker) ]]; then
    pid=$(live_pid "$(mariadb_pidfile)" "$MARIADB_PATTERN")
  fi
  if mariadb_root -N -B -e 'SELECT 1' >/dev/null 2>&1; then
    state=UP
  elif [[ -n ${PAYFLOW_DB_MIGRATOR_PASSWORD:-} ]] && [[ -n $(mariadb_client) ]] \
       && MYSQL_PWD=$PAYFLOW_DB_MIGRATOR_PASSWORD "$(mariadb_client)" -h"$MYSQL_HOST" -P"$MYSQL_PORT" \
            --protocol=TCP -upayflow_migrator -N -B -e 'SELECT 1' >/dev/null 2>&1; then
    state=UP
  fi
  [[ -n $pid ]] && owner=payflow || { [[ $state == UP ]] && owner=external || owner=-; }
  status_line mariadb "$pid" "$MYSQL_HOST:$MYSQL_PORT" "$state" "$owner"
  [[ $state == UP ]]
}
