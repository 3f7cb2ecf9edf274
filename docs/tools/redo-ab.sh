#!/usr/bin/env bash
# A/B of MariaDB's redo log size under the intake load: per variant, SET GLOBAL
# innodb_log_file_size, 20 s warm, then 30 s wrk -c200 with unique keys; MariaDB CPU and InnoDB
# write counters per accepted payment. Run on the running platform (./platform up); VARIANTS
# lists the sizes in MB in run order (default "96 1024 96"). Leaves the last size set.
cd "$(dirname "$0")/../.."
set -a; source .run/infra.env; source .run/api-keys.env; set +a; export BENCH_ACCOUNTS=200
export PAYFLOW_RUN_DIR=${PAYFLOW_RUN_DIR:-$PWD/.run}
# shellcheck source=infra/lib/common.sh
source infra/lib/common.sh
find_jdk 25
export JAVA_HOME=$PAYFLOW_JAVA_HOME
st() { mysql -uroot -h127.0.0.1 -N -e "show global status where Variable_name in ('Innodb_data_written','Innodb_os_log_written','Innodb_buffer_pool_pages_flushed','Innodb_data_writes')" | awk '{printf "%s=%s ", $1, $2}'; }
for mb in ${VARIANTS:-96 1024 96}; do
  mysql -uroot -h127.0.0.1 -e "SET GLOBAL innodb_log_file_size = $((mb * 1024 * 1024))"
  sleep 5
  wrk -t2 -c200 -d20s -s infra/bench/intake.lua http://127.0.0.1:8080 >/dev/null 2>&1
  before=$(st); snap=$(infra/bench/cpu.sh snapshot)
  wrk -t2 -c200 -d30s --timeout 5s -s infra/bench/intake.lua http://127.0.0.1:8080 > /tmp/redo-wrk.txt 2>&1
  n=$(sed -n 's/.*requests=\([0-9]*\) .*non2xx=\([0-9]*\).*/\1 \2/p' /tmp/redo-wrk.txt | awk '{print $1-$2}')
  after=$(st)
  echo "== redo ${mb} MB: accepted $n ($((n / 30))/s)"
  infra/bench/cpu.sh report "$snap" "$n" | grep -E "mariadb|all"
  python3 - "$before" "$after" "$n" <<'PY'
import sys
b=dict(x.split('=') for x in sys.argv[1].split()); a=dict(x.split('=') for x in sys.argv[2].split()); n=int(sys.argv[3])
for k in sorted(a): print(f"   {k}: {(int(a[k])-int(b[k]))/n:,.1f} per payment")
PY
done
