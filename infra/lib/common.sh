# shellcheck shell=bash
# Common helpers for infra/infra.sh, and the one home of apt_install and find_jdk for every
# script (platform, infra/bench). Sourced, never executed directly.
# Expects: PAYFLOW_RUN_DIR (and, for infra.sh's functions, the config variables it sets).

# ---------------------------------------------------------------------------
# logging / errors
# ---------------------------------------------------------------------------
log()  { printf '[infra %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
warn() { printf '[infra %s] WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# die MESSAGE [LOGFILE]  - print an error (and the tail of LOGFILE) and exit 1.
die() {
  local msg=$1 logfile=${2:-}
  printf '[infra %s] ERROR: %s\n' "$(date +%H:%M:%S)" "$msg" >&2
  if [[ -n $logfile ]]; then
    printf '[infra] see log: %s\n' "$logfile" >&2
    if [[ -s $logfile ]]; then
      printf '[infra] ---- last 25 lines of %s ----\n' "$logfile" >&2
      tail -n 25 "$logfile" >&2 || true
      printf '[infra] ----\n' >&2
    fi
  fi
  exit 1
}

# ---------------------------------------------------------------------------
# run dir layout
# ---------------------------------------------------------------------------
payflow_init_run_dir() {
  PAYFLOW_LOG_DIR="$PAYFLOW_RUN_DIR/logs"
  PAYFLOW_STATE_DIR="$PAYFLOW_RUN_DIR/state"
  mkdir -p "$PAYFLOW_RUN_DIR" "$PAYFLOW_LOG_DIR" "$PAYFLOW_STATE_DIR" \
    || die "cannot create run dir $PAYFLOW_RUN_DIR"
  # Daemons that drop privileges (mariadbd runs as mysql, nginx workers as nobody)
  # must be able to traverse the run dir.
  chmod 755 "$PAYFLOW_RUN_DIR" "$PAYFLOW_LOG_DIR" 2>/dev/null || true
}

# Serialise concurrent infra.sh invocations (e.g. two scripts calling `up` at once).
# Uses fd 9: every daemon we start must be launched with `9>&-`, or it would inherit
# the lock and hold it for its whole life.
payflow_lock() {
  exec 9>"$PAYFLOW_RUN_DIR/.infra.lock"
  if ! flock -w 300 9; then
    die "another infra.sh is still running (lock $PAYFLOW_RUN_DIR/.infra.lock held for > 300 s)"
  fi
}

# ---------------------------------------------------------------------------
# processes / ports
# ---------------------------------------------------------------------------

# is_local_host HOST - true when HOST is this machine (we may start a server for it).
is_local_host() {
  case $1 in 127.*|localhost|::1) return 0 ;; *) return 1 ;; esac
}

# port_open HOST PORT - true when something accepts TCP connections there.
port_open() {
  local host=$1 port=$2
  [[ $host == localhost ]] && host=127.0.0.1
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$host" "$port" 2>/dev/null
}

# read_pid FILE - print the pid stored in FILE (empty when missing/garbage).
read_pid() {
  local f=$1 pid=""
  [[ -r $f ]] && read -r pid <"$f" 2>/dev/null || true
  [[ $pid =~ ^[0-9]+$ ]] && printf '%s' "$pid"
  return 0
}

# pid_matches PID PATTERN - true when PID is alive and its command line matches
# PATTERN (extended regex). Guards against pid reuse: we never signal a process
# that is not the one we started.
pid_matches() {
  local pid=$1 pattern=$2 cmd
  [[ -n $pid ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmd =~ $pattern ]]
}

# live_pid PIDFILE PATTERN - print the pid from PIDFILE if that process is alive
# and matches PATTERN; otherwise print nothing.
live_pid() {
  local pid
  pid=$(read_pid "$1")
  if pid_matches "$pid" "$2"; then printf '%s' "$pid"; fi
  return 0
}

# stop_pid NAME PID PATTERN TERM_WAIT_S [KILL=yes|no]
# SIGTERM, wait up to TERM_WAIT_S for exit, then SIGKILL (if allowed) and wait 10 s more.
stop_pid() {
  local name=$1 pid=$2 pattern=$3 wait_s=$4 allow_kill=${5:-yes} i
  pid_matches "$pid" "$pattern" || return 0
  log "stopping $name (pid $pid, SIGTERM)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < wait_s * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || { log "$name stopped"; return 0; }
    sleep 0.1
  done
  if [[ $allow_kill != yes ]]; then
    die "$name (pid $pid) did not exit within ${wait_s}s after SIGTERM; not killing it"
  fi
  warn "$name (pid $pid) still running after ${wait_s}s, sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || { log "$name killed"; return 0; }
    sleep 0.1
  done
  die "$name (pid $pid) survived SIGKILL"
}

# ---------------------------------------------------------------------------
# packages (apt-get update at most once per run)
# ---------------------------------------------------------------------------
PAYFLOW_APT_UPDATED=${PAYFLOW_APT_UPDATED:-0}

# apt_install PKG... - install the given Debian packages (no-op for an empty list).
apt_install() {
  (($# > 0)) || return 0
  command -v apt-get >/dev/null || die "missing packages ($*) and no apt-get to install them; install them manually"
  local sudo=""
  if ((EUID != 0)); then
    command -v sudo >/dev/null || die "missing packages ($*); run as root or install them manually"
    sudo="sudo"
  fi
  local apt_log="${PAYFLOW_LOG_DIR:-$PAYFLOW_RUN_DIR/logs}/apt.log"
  mkdir -p "$(dirname "$apt_log")"
  if [[ $PAYFLOW_APT_UPDATED != 1 ]]; then
    log "apt-get update (log: $apt_log)"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update >>"$apt_log" 2>&1 \
      || die "apt-get update failed" "$apt_log"
    PAYFLOW_APT_UPDATED=1
  fi
  log "installing packages: $* (log: $apt_log)"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >>"$apt_log" 2>&1 \
    || die "apt-get install $* failed" "$apt_log"
}

# ---------------------------------------------------------------------------
# Java (>= 17, needed by Kafka 4.x)
# ---------------------------------------------------------------------------

# jdk_major DIR - print the feature version of the JDK in DIR (0 when unknown).
jdk_major() {
  local dir=$1 v=""
  if [[ -r $dir/release ]]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$dir/release" | head -n1)
  fi
  if [[ -z $v && -x $dir/bin/java ]]; then
    v=$("$dir/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)
  fi
  v=${v#1.}          # 1.8.0 -> 8.0
  v=${v%%[.+-]*}     # 25.0.1 -> 25
  [[ $v =~ ^[0-9]+$ ]] && printf '%s' "$v" || printf '0'
}

# find_jdk [MIN] - set PAYFLOW_JAVA_HOME to a JDK >= MIN (default 17, what Kafka 4.x needs; the
# services need 25, `platform` asks for that): $JAVA_HOME if suitable, else the newest one under
# /usr/lib/jvm. Installs openjdk-17-jdk-headless when MIN <= 17 and there is none; a newer
# minimum is not in Debian 12, so it fails with what to install.
find_jdk() {
  local min=${1:-17}
  if [[ -n ${PAYFLOW_JAVA_HOME:-} ]] && (($(jdk_major "$PAYFLOW_JAVA_HOME") >= min)); then
    return 0
  fi
  if [[ -n ${JAVA_HOME:-} ]]; then
    if [[ -x $JAVA_HOME/bin/java && -x $JAVA_HOME/bin/javac ]] && (($(jdk_major "$JAVA_HOME") >= min)); then
      PAYFLOW_JAVA_HOME=$JAVA_HOME
      return 0
    fi
    warn "JAVA_HOME=$JAVA_HOME is not a JDK >= $min (need bin/java and bin/javac); looking under /usr/lib/jvm"
  fi
  local best="" best_v=0 d v
  for d in /usr/lib/jvm/*/; do
    d=${d%/}
    [[ -x $d/bin/java && -x $d/bin/javac ]] || continue
    v=$(jdk_major "$d")
    if ((v > best_v)); then best=$d; best_v=$v; fi
  done
  if ((best_v < min)); then
    ((min <= 17)) || die "no JDK >= $min found (checked JAVA_HOME and /usr/lib/jvm/*). Install one, e.g. Temurin $min, and set JAVA_HOME."
    apt_install openjdk-17-jdk-headless
    best=/usr/lib/jvm/java-17-openjdk-amd64
    [[ -x $best/bin/javac ]] || best=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    (($(jdk_major "$best") >= 17)) || die "no JDK >= 17 found under /usr/lib/jvm even after installing openjdk-17-jdk-headless"
  fi
  PAYFLOW_JAVA_HOME=$best
}

# ---------------------------------------------------------------------------
# secrets / env files
# ---------------------------------------------------------------------------
random_secret() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }

# ensure_secrets - create/complete $PAYFLOW_RUN_DIR/secrets.env (mode 600) and source it.
ensure_secrets() {
  local f="$PAYFLOW_RUN_DIR/secrets.env" var changed=0
  (
    umask 077
    [[ -e $f ]] || : >"$f"
  )
  chmod 600 "$f"
  set -a
  # shellcheck disable=SC1090
  source "$f"
  set +a
  for var in PAYFLOW_DB_MIGRATOR_PASSWORD PAYFLOW_DB_SETTLEMENT_PASSWORD PAYFLOW_DB_TXN_PASSWORD PAYFLOW_DB_LEDGER_PASSWORD; do
    if [[ -z ${!var:-} ]]; then
      printf -v "$var" '%s' "$(random_secret)"
      export "${var?}"
      printf '%s=%s\n' "$var" "${!var}" >>"$f"
      changed=1
    elif [[ ! ${!var} =~ ^[A-Za-z0-9._-]+$ ]]; then
      die "$var in $f contains unsupported characters (allowed: A-Za-z0-9._-)"
    fi
  done
  ((changed)) && log "generated database passwords in $f"
  return 0
}

# write_infra_env - effective endpoints for other scripts/tests: source $PAYFLOW_RUN_DIR/infra.env
write_infra_env() {
  local f="$PAYFLOW_RUN_DIR/infra.env" tmp
  tmp=$(mktemp "$f.XXXXXX")
  {
    echo "# Generated by infra/infra.sh up - effective local infrastructure endpoints."
    echo "# Passwords are in secrets.env next to this file."
    printf 'PAYFLOW_RUN_DIR="%s"\n' "$PAYFLOW_RUN_DIR"
    printf 'MYSQL_HOST="%s"\n' "$MYSQL_HOST"
    printf 'MYSQL_PORT="%s"\n' "$MYSQL_PORT"
    printf 'SHARD_COUNT="%s"\n' "$SHARD_COUNT"
    printf 'REDIS_HOST="%s"\n' "$REDIS_HOST"
    printf 'REDIS_PORT="%s"\n' "$REDIS_PORT"
    printf 'KAFKA_HOST="%s"\n' "$KAFKA_HOST"
    printf 'KAFKA_PORT="%s"\n' "$KAFKA_PORT"
    printf 'KAFKA_CONTROLLER_PORT="%s"\n' "$KAFKA_CONTROLLER_PORT"
    printf 'KAFKA_BOOTSTRAP_SERVERS="%s"\n' "$(kafka_bootstrap)"
    printf 'KAFKA_BROKERS="%s"\n' "$KAFKA_BROKERS"
    printf 'KAFKA_REPLICATION_PORT="%s"\n' "$KAFKA_REPLICATION_PORT"
    printf 'SHARD_DB_PREFIX="%s"\n' "$SHARD_DB_PREFIX"
    printf 'LEDGER_DB="%s"\n' "$LEDGER_DB"
    printf 'SUBMITTED_PARTITIONS="%s"\n' "$SUBMITTED_PARTITIONS"
    printf 'CREDITS_PARTITIONS="%s"\n' "$CREDITS_PARTITIONS"
    printf 'OUTCOMES_PARTITIONS="%s"\n' "$OUTCOMES_PARTITIONS"
    printf 'NGINX_PORT="%s"\n' "$NGINX_PORT"
    printf 'GATEWAY_PORTS="%s"\n' "$GATEWAY_PORTS"
    printf 'TRANSACTION_PORT="%s"\n' "$TRANSACTION_PORT"
    printf 'SETTLEMENT_PORT="%s"\n' "$SETTLEMENT_PORT"
    printf 'LEDGER_PORT="%s"\n' "$LEDGER_PORT"
  } >"$tmp"
  chmod 644 "$tmp"
  mv -f "$tmp" "$f"
}

# validate_config - fail early on malformed configuration values.
validate_config() {
  local v p
  for v in NGINX_PORT TRANSACTION_PORT SETTLEMENT_PORT LEDGER_PORT KAFKA_PORT KAFKA_CONTROLLER_PORT \
           MYSQL_PORT REDIS_PORT; do
    [[ ${!v} =~ ^[0-9]+$ ]] && ((${!v} > 0 && ${!v} < 65536)) || die "$v='${!v}' is not a valid TCP port"
  done
  [[ -n ${GATEWAY_PORTS// /} ]] || die "GATEWAY_PORTS is empty"
  for p in $GATEWAY_PORTS; do
    [[ $p =~ ^[0-9]+$ ]] && ((p > 0 && p < 65536)) || die "GATEWAY_PORTS contains an invalid port '$p'"
  done
  for v in SHARD_COUNT SUBMITTED_PARTITIONS CREDITS_PARTITIONS OUTCOMES_PARTITIONS; do
    [[ ${!v} =~ ^[0-9]+$ ]] && ((${!v} >= 1)) || die "$v='${!v}' must be a positive integer"
  done
  ((KAFKA_PORT != KAFKA_CONTROLLER_PORT)) || die "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ"
  [[ $SHARD_DB_PREFIX =~ ^payflow_[a-z0-9_]+$ && $LEDGER_DB =~ ^payflow_[a-z0-9_]+$ ]] \
    || die "SHARD_DB_PREFIX='$SHARD_DB_PREFIX' / LEDGER_DB='$LEDGER_DB': payflow_[a-z0-9_]+ (the migrator's grant is payflow\\_%)"
}
