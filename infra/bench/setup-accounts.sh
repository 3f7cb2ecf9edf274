#!/usr/bin/env bash
# Creates and funds the bench accounts bench-0000..bench-<N-1> (owner: bench client) through
# the public API, then waits until their funding is settled. Idempotent.
# Usage: infra/bench/setup-accounts.sh [N=200]
set -euo pipefail
REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUN_DIR=${PAYFLOW_RUN_DIR:-$REPO_DIR/.run}
N=${1:-200}
set -a; source "$RUN_DIR/infra.env"; source "$RUN_DIR/api-keys.env"; set +a
BASE="http://127.0.0.1:${NGINX_PORT:-8080}/api/v1/accounts"
OP="X-Api-Key: $PAYFLOW_OPERATOR_API_KEY"
FUNDING=1000000000000   # 10^12 minor units each: intake never runs out during a bench
for ((i = 0; i < N; i++)); do printf 'bench-%04d\n' "$i"; done | xargs -P 8 -I{} sh -c '
  code=$(curl -s -o /dev/null -w "%{http_code}" -X POST "$0" -H "$1" -H "Content-Type: application/json" \
    -d "{\"owner\":\"bench\",\"currency\":\"EUR\",\"id\":\"{}\"}")
  case $code in 201|409) ;; *) echo "account {}: HTTP $code" >&2; exit 1;; esac
  code=$(curl -s -o /dev/null -w "%{http_code}" -X POST "$0/{}/funding" -H "$1" \
    -H "Content-Type: application/json" -H "Idempotency-Key: bench-funding-{}" \
    -d "{\"value\":$2,\"currency\":\"EUR\"}")
  [ "$code" = 202 ] || { echo "funding {}: HTTP $code" >&2; exit 1; }' "$BASE" "$OP" "$FUNDING"
last=$(printf 'bench-%04d' $((N - 1)))
for _ in $(seq 1 120); do
  avail=$(curl -s "$BASE/$last" -H "$OP" | sed -n 's/.*"available":\([0-9]*\).*/\1/p')
  # Spent a little by earlier benchmark runs, but far above half: funded.
  [ "${avail:-0}" -ge $((FUNDING / 2)) ] && { echo "[bench] $N bench accounts funded"; exit 0; }
  sleep 1
done
echo "[bench] funding of $last not visible after 120 s" >&2; exit 1
