#!/usr/bin/env bash
# CPU flame graphs of a running service with async-profiler (from Maven Central, which ships
# its native library; attached through jcmd, so the service needs no restart or agent flag).
#   infra/bench/profile.sh start NAME          NAME: a pid file under .run/pids (gateway-1, ...)
#   infra/bench/profile.sh stop NAME OUT.html  writes the flame graph (collapsed stacks: .run/bench)
set -euo pipefail
REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VERSION=${ASYNC_PROFILER_VERSION:-4.2}
export PAYFLOW_RUN_DIR=${PAYFLOW_RUN_DIR:-$REPO_DIR/.run}
RUN_DIR=$PAYFLOW_RUN_DIR
# shellcheck source=infra/lib/common.sh
source "$REPO_DIR/infra/lib/common.sh"
find_jdk 25
export JAVA_HOME=$PAYFLOW_JAVA_HOME
JAR=$HOME/.m2/repository/tools/profiler/async-profiler/$VERSION/async-profiler-$VERSION.jar
LIB=$RUN_DIR/bench/async-profiler-$VERSION/linux-x64/libasyncProfiler.so

if [ ! -f "$LIB" ]; then
  [ -f "$JAR" ] || mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$VERSION" >/dev/null
  mkdir -p "$(dirname "$LIB")"
  (cd "$RUN_DIR/bench/async-profiler-$VERSION" && "$JAVA_HOME/bin/jar" xf "$JAR" linux-x64/libasyncProfiler.so)
fi
pid=$(cat "$RUN_DIR/pids/$2.pid")
# jcmd parses key=value words itself: the agent's options go in one quoted word.
agent() { "$JAVA_HOME/bin/jcmd" "$pid" "JVMTI.agent_load $LIB \"$1\"" >/dev/null; }
case $1 in
  # 1 ms CPU samples (perf events where the kernel allows, else a timer).
  start) agent "start,event=cpu,interval=1000000" ;;
  stop)
    # The collapsed stacks (tens of MB) stay in the run folder; the HTML goes where asked.
    out=$3
    agent "stop,file=$RUN_DIR/bench/$(basename "${out%.html}").collapsed,collapsed"
    agent "stop,file=$out,flamegraph" 2>/dev/null || true ;;
  *) echo "usage: $0 start NAME | stop NAME OUT.html" >&2; exit 2 ;;
esac
