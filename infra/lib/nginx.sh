# shellcheck shell=bash
# nginx edge proxy: project config rendered from infra/nginx/nginx.conf.template into the run dir.

NGINX_PATTERN='nginx: master process'

nginx_dir()     { printf '%s/nginx' "$PAYFLOW_RUN_DIR"; }
nginx_pidfile() { printf '%s/nginx/nginx.pid' "$PAYFLOW_RUN_DIR"; }
nginx_bin()     { command -v nginx 2>/dev/null || { [[ -x /usr/sbin/nginx ]] && printf '/usr/sbin/nginx'; }; }

nginx_packages() {
  local pkgs=()
  [[ -n $(nginx_bin) ]] || pkgs+=(nginx)
  command -v envsubst >/dev/null || pkgs+=(gettext-base)
  command -v curl >/dev/null || pkgs+=(curl)
  printf '%s\n' "${pkgs[@]}"
}

# shellcheck disable=SC2120
# nginx_cmd ARGS... - nginx with our prefix, config and error log (never the system config).
nginx_cmd() {
  local ndir
  ndir=$(nginx_dir)
  "$(nginx_bin)" -p "$ndir/" -c "$ndir/nginx.conf" -e "$PAYFLOW_LOG_DIR/nginx-error.log" "$@"
}

# nginx_render OUT - render the template to OUT.
nginx_render() {
  local out=$1 p servers="" hard rlimit conns
  # nginx cannot raise its fd limit above the hard limit it inherits (containers often cap it).
  hard=$(ulimit -Hn)
  rlimit=65535
  [[ $hard =~ ^[0-9]+$ ]] && ((hard < rlimit)) && rlimit=$hard
  conns=$((rlimit / 2 > 16384 ? 16384 : rlimit / 2))
  for p in $GATEWAY_PORTS; do
    servers+="        server 127.0.0.1:$p max_fails=3 fail_timeout=5s;"$'\n'
  done
  GATEWAY_UPSTREAM_SERVERS=${servers%$'\n'} \
  PAYFLOW_NGINX_DIR=$(nginx_dir) \
  PAYFLOW_LOG_DIR=$PAYFLOW_LOG_DIR \
  NGINX_WORKER_RLIMIT_NOFILE=$rlimit NGINX_WORKER_CONNECTIONS=$conns \
  NGINX_PORT=$NGINX_PORT TRANSACTION_PORT=$TRANSACTION_PORT LEDGER_PORT=$LEDGER_PORT \
    envsubst '${NGINX_PORT} ${NGINX_WORKER_RLIMIT_NOFILE} ${NGINX_WORKER_CONNECTIONS} ${GATEWAY_UPSTREAM_SERVERS} ${TRANSACTION_PORT} ${LEDGER_PORT} ${PAYFLOW_NGINX_DIR} ${PAYFLOW_LOG_DIR}' \
    <"$PAYFLOW_REPO_DIR/infra/nginx/nginx.conf.template" >"$out"
}

nginx_health() {
  [[ $(curl -s -m 3 "http://127.0.0.1:$NGINX_PORT/nginx-health" 2>/dev/null) == ok ]]
}

nginx_start() {
  local ndir conf new pid logf="$PAYFLOW_LOG_DIR/nginx-error.log" testlog="$PAYFLOW_LOG_DIR/nginx-configtest.log" i
  ndir=$(nginx_dir)
  conf="$ndir/nginx.conf"
  new="$ndir/nginx.conf.new"
  [[ -n $(nginx_bin) ]] || die "nginx: binary not found (package nginx)"
  command -v envsubst >/dev/null || die "nginx: envsubst not found (package gettext-base)"
  mkdir -p "$ndir/tmp"
  touch "$logf"

  nginx_render "$new"
  # Test the candidate config before it replaces the live one.
  if ! "$(nginx_bin)" -t -q -p "$ndir/" -c "$new" -e "$logf" >"$testlog" 2>&1; then
    die "nginx: rendered config $new is invalid (template: infra/nginx/nginx.conf.template)" "$testlog"
  fi
  local changed=1
  if [[ -f $conf ]] && cmp -s "$new" "$conf"; then changed=0; fi
  mv -f "$new" "$conf"

  pid=$(live_pid "$(nginx_pidfile)" "$NGINX_PATTERN")
  if [[ -n $pid ]]; then
    if ((changed)); then
      log "nginx: config changed, reloading (pid $pid)"
      kill -HUP "$pid" || die "nginx: reload (SIGHUP to $pid) failed" "$logf"
      sleep 0.5
    else
      log "nginx: already running (pid $pid) on 127.0.0.1:$NGINX_PORT, config unchanged"
    fi
    nginx_health || die "nginx: running (pid $pid) but /nginx-health on 127.0.0.1:$NGINX_PORT does not answer" "$logf"
    return 0
  fi
  rm -f "$(nginx_pidfile)"
  if port_open 127.0.0.1 "$NGINX_PORT"; then
    die "nginx: port 127.0.0.1:$NGINX_PORT is already in use by a process not started by payflow (set NGINX_PORT)"
  fi
  log "nginx: starting on 127.0.0.1:$NGINX_PORT (config: $conf, logs: $PAYFLOW_LOG_DIR/nginx-*.log)"
  nginx_cmd >>"$logf" 2>&1 9>&- || die "nginx: failed to start" "$logf"
  for ((i = 0; i < 50; i++)); do
    pid=$(live_pid "$(nginx_pidfile)" "$NGINX_PATTERN")
    if [[ -n $pid ]] && nginx_health; then
      log "nginx: up (pid $pid)"
      return 0
    fi
    sleep 0.1
  done
  die "nginx: started but /nginx-health on 127.0.0.1:$NGINX_PORT does not answer" "$logf"
}

nginx_stop() {
  local pidf pid
  pidf=$(nginx_pidfile)
  pid=$(live_pid "$pidf" "$NGINX_PATTERN")
  if [[ -z $pid ]]; then
    log "nginx: not running (not started by payflow)"
    rm -f "$pidf"
    return 0
  fi
  # SIGQUIT = graceful shutdown (finish in-flight requests); SIGTERM/SIGKILL if that hangs.
  log "nginx: graceful stop (pid $pid)"
  kill -QUIT "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || { log "nginx stopped"; rm -f "$pidf"; return 0; }
    sleep 0.1
  done
  stop_pid nginx "$pid" "$NGINX_PATTERN" 5 yes
  rm -f "$pidf"
}

nginx_status() {
  local pid state=DOWN owner
  pid=$(live_pid "$(nginx_pidfile)" "$NGINX_PATTERN")
  nginx_health && state=UP
  [[ -n $pid ]] && owner=payflow || { [[ $state == UP ]] && owner=external || owner=-; }
  status_line nginx "$pid" "127.0.0.1:$NGINX_PORT" "$state" "$owner"
  [[ $state == UP ]]
}
