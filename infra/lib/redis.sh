# shellcheck shell=bash
# Redis: start a throw-away (no persistence) redis-server only if nothing answers PING.

REDIS_PATTERN='(^|/)redis-server( |$)'

redis_pidfile() { printf '%s/redis/redis.pid' "$PAYFLOW_RUN_DIR"; }
redis_marker()  { printf '%s/redis.started-by-payflow' "$PAYFLOW_STATE_DIR"; }

redis_ping() {
  command -v redis-cli >/dev/null || return 1
  [[ $(timeout 3 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]
}

redis_packages() {
  local pkgs=()
  command -v redis-cli >/dev/null || pkgs+=(redis-tools)
  if ! redis_ping && ! command -v redis-server >/dev/null; then pkgs+=(redis-server); fi
  printf '%s\n' "${pkgs[@]}"
}

redis_start() {
  local logf="$PAYFLOW_LOG_DIR/redis.log" pidf marker pid i
  pidf=$(redis_pidfile)
  marker=$(redis_marker)
  if redis_ping; then
    if [[ -f $marker ]] && pid=$(live_pid "$pidf" "$REDIS_PATTERN") && [[ -n $pid ]]; then
      log "redis: already running (started by payflow, pid $pid) on $REDIS_HOST:$REDIS_PORT"
    else
      rm -f "$marker"
      log "redis: using the server already answering on $REDIS_HOST:$REDIS_PORT (not managed by payflow)"
    fi
    return 0
  fi
  is_local_host "$REDIS_HOST" \
    || die "redis: no PONG from $REDIS_HOST:$REDIS_PORT and it is not a local address, cannot start it"
  if port_open "$REDIS_HOST" "$REDIS_PORT"; then
    die "redis: something listens on $REDIS_HOST:$REDIS_PORT but does not answer PING (password-protected redis or another program?)"
  fi
  command -v redis-server >/dev/null || die "redis: redis-server not installed (package redis-server)"

  mkdir -p "$PAYFLOW_RUN_DIR/redis"
  rm -f "$pidf"
  log "redis: starting redis-server on 127.0.0.1:$REDIS_PORT (log: $logf)"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" \
    --save "" --appendonly no \
    --dir "$PAYFLOW_RUN_DIR/redis" --logfile "$logf" --pidfile "$pidf" \
    >>"$logf" 2>&1 9>&- \
    || die "redis: redis-server failed to start" "$logf"
  for ((i = 0; i < 300; i++)); do
    pid=$(read_pid "$pidf")
    if [[ -n $pid ]] && redis_ping; then
      printf '%s\n' "$pid" >"$marker"
      log "redis: up (pid $pid)"
      return 0
    fi
    sleep 0.1
  done
  die "redis: no PONG from $REDIS_HOST:$REDIS_PORT 30s after start" "$logf"
}

redis_stop() {
  local pidf marker pid
  pidf=$(redis_pidfile)
  marker=$(redis_marker)
  if [[ ! -f $marker ]]; then
    log "redis: not started by payflow, leaving it alone"
    return 0
  fi
  pid=$(live_pid "$pidf" "$REDIS_PATTERN")
  if [[ -n $pid ]]; then
    stop_pid redis "$pid" "$REDIS_PATTERN" 30 yes
  else
    log "redis: started by payflow but no longer running"
  fi
  rm -f "$marker" "$pidf"
}

redis_status() {
  local pid="" state=DOWN owner
  if [[ -f $(redis_marker) ]]; then
    pid=$(live_pid "$(redis_pidfile)" "$REDIS_PATTERN")
  fi
  redis_ping && state=UP
  [[ -n $pid ]] && owner=payflow || { [[ $state == UP ]] && owner=external || owner=-; }
  status_line redis "$pid" "$REDIS_HOST:$REDIS_PORT" "$state" "$owner"
  [[ $state == UP ]]
}
