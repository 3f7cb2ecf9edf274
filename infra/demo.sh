#!/usr/bin/env bash
# A steady mix of demo payments through Nginx, with a progress line: alice and bob pay each
# other (same- and cross-shard), now and then more than they have (refused with 422).
# Usage: infra/demo.sh [SECONDS=60] [PAYMENTS_PER_SECOND=20]   (bounded: ≤ 3600 s, ≤ 500/s)
set -euo pipefail
REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN_DIR=${PAYFLOW_RUN_DIR:-$REPO_DIR/.run}
SECONDS_TOTAL=${1:-60}
RATE=${2:-20}
[ "$SECONDS_TOTAL" -ge 1 ] && [ "$SECONDS_TOTAL" -le 3600 ] || { echo "seconds must be 1..3600" >&2; exit 2; }
[ "$RATE" -ge 1 ] && [ "$RATE" -le 500 ] || { echo "rate must be 1..500 per second" >&2; exit 2; }
set -a; source "$RUN_DIR/infra.env"; source "$RUN_DIR/api-keys.env"; set +a
URL="http://127.0.0.1:${NGINX_PORT:-8080}/api/v1/payments"
CODES=$(mktemp); trap 'rm -f "$CODES"' EXIT

one_payment() { # index
  local i=$1 payer payee key amount
  case $((i % 4)) in
    0) payer=alice-main; payee=bob-main; key=$DEMO_ALICE_API_KEY ;;
    1) payer=bob-main; payee=alice-savings; key=$DEMO_BOB_API_KEY ;;
    2) payer=alice-savings; payee=bob-savings; key=$DEMO_ALICE_API_KEY ;;
    *) payer=bob-savings; payee=alice-main; key=$DEMO_BOB_API_KEY ;;
  esac
  amount=$(( (RANDOM % 500) + 1 ))
  [ $((i % 25)) -eq 0 ] && amount=99999999   # more than anyone has: refused with 422
  curl -s -o /dev/null -w '%{http_code}\n' -X POST "$URL" -H "X-Api-Key: $key" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: demo-$$-$i" \
    -d "{\"payer\":\"$payer\",\"payee\":\"$payee\",\"amount\":{\"value\":$amount,\"currency\":\"EUR\"},\"reference\":\"demo $i\"}"
}
export -f one_payment; export URL DEMO_ALICE_API_KEY DEMO_BOB_API_KEY

sent=0
for ((second = 1; second <= SECONDS_TOTAL; second++)); do
  started=$(date +%s%N)
  seq $sent $((sent + RATE - 1)) | xargs -P 16 -I{} bash -c 'one_payment {}' >>"$CODES"
  sent=$((sent + RATE))
  printf '\r[demo] %4ds  sent %6d  accepted %6d  refused %5d  other %4d' "$second" "$sent" \
    "$(grep -c '^202$' "$CODES" || true)" "$(grep -c '^4' "$CODES" || true)" \
    "$(grep -vc '^202$\|^4' "$CODES" || true)"
  elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  [ $elapsed_ms -lt 1000 ] && sleep "0.$(printf '%03d' $((1000 - elapsed_ms)))"
done
echo
