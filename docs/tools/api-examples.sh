#!/usr/bin/env bash
# Regenerates the examples section of docs/api.md against the running platform (./platform up).
# Usage: docs/tools/api-examples.sh > /tmp/examples.md
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
set -a; source .run/api-keys.env; source .run/infra.env; set +a
B=http://127.0.0.1:${NGINX_PORT:-8080}/api/v1/payments
J='Content-Type: application/json'
A="X-Api-Key: $DEMO_ALICE_API_KEY"
K=doc-$(date +%s)
BIG=$(mktemp); trap 'rm -f "$BIG"' EXIT
head -c 20000 /dev/zero | tr '\0' 'x' >"$BIG"
pay() { printf '{"payer":"%s","payee":"%s","amount":{"value":%s,"currency":"%s"}%s}' "$@"; }
show() { # title, curl args...
  local title=$1; shift
  printf '### %s\n\n```console\n$ curl -i' "$title"
  local arg; for arg in "$@"; do
    case $arg in -H|-X|-d|--data-binary) printf ' %s' "$arg" ;; *) printf " '%s'" "${arg//$DEMO_ALICE_API_KEY/\$ALICE_KEY}" ;; esac
  done
  printf '\n'
  curl -si "$@" | grep -vE '^(Server|Date|Connection|Content-Length|Transfer-Encoding|Vary):' \
    | tr -d '\r'
  printf '\n```\n\n'
}
show "202 accepted" -X POST "$B" -H "$A" -H "$J" -H "Idempotency-Key: $K" \
  -d "$(pay alice-main bob-main 1250 EUR ',"reference":"invoice 42"')"
show "202 replay (byte-identical, Idempotent-Replayed)" -X POST "$B" -H "$A" -H "$J" \
  -H "Idempotency-Key: $K" -d "$(pay alice-main bob-main 1250 EUR ',"reference":"invoice 42"')"
show "422 same key, different body" -X POST "$B" -H "$A" -H "$J" -H "Idempotency-Key: $K" \
  -d "$(pay alice-main bob-main 9999 EUR ',"reference":"invoice 42"')"
sleep 1
TX=$(curl -s -X POST "$B" -H "$A" -H "$J" -H "Idempotency-Key: $K" \
  -d "$(pay alice-main bob-main 1250 EUR ',"reference":"invoice 42"')" \
  | sed 's/.*transactionId":"\([^"]*\)".*/\1/')
show "200 status" "$B/$TX" -H "$A"
show "422 insufficient funds" -X POST "$B" -H "$A" -H "$J" -H "Idempotency-Key: $K-2" \
  -d "$(pay alice-main bob-main 900000000 EUR '')"
show "403 not the client's account" -X POST "$B" -H "$A" -H "$J" -H "Idempotency-Key: $K-3" \
  -d "$(pay bob-main alice-main 1 EUR '')"
show "422 unknown payer account" -X POST "$B" -H "$A" -H "$J" -H "Idempotency-Key: $K-4" \
  -d "$(pay alice-nope bob-main 1 EUR '')"
show "401 no API key" -X POST "$B" -H "$J" -H "Idempotency-Key: $K-5" \
  -d "$(pay alice-main bob-main 1 EUR '')"
show "400 missing Idempotency-Key" -X POST "$B" -H "$A" -H "$J" \
  -d "$(pay alice-main bob-main 1 EUR '')"
show "400 malformed JSON" -X POST "$B" -H "$A" -H "$J" -H "Idempotency-Key: $K-6" -d '{"payer":'
show "400 unknown field" -X POST "$B" -H "$A" -H "$J" -H "Idempotency-Key: $K-7" \
  -d "$(pay alice-main bob-main 1 EUR ',"fee":3')"
show "400 non-integer amount" -X POST "$B" -H "$A" -H "$J" -H "Idempotency-Key: $K-8" \
  -d "$(pay alice-main bob-main 1.5 EUR '')"
show "400 overflowing amount" -X POST "$B" -H "$A" -H "$J" -H "Idempotency-Key: $K-9" \
  -d "$(pay alice-main bob-main 9223372036854775808 EUR '')"
show "422 zero amount" -X POST "$B" -H "$A" -H "$J" -H "Idempotency-Key: $K-10" \
  -d "$(pay alice-main bob-main 0 EUR '')"
show "422 unknown currency" -X POST "$B" -H "$A" -H "$J" -H "Idempotency-Key: $K-11" \
  -d "$(pay alice-main bob-main 1 XYZ '')"
show "422 payer = payee" -X POST "$B" -H "$A" -H "$J" -H "Idempotency-Key: $K-12" \
  -d "$(pay alice-main alice-main 1 EUR '')"
show "422 reference too long" -X POST "$B" -H "$A" -H "$J" -H "Idempotency-Key: $K-13" \
  -d "$(pay alice-main bob-main 1 EUR ",\"reference\":\"$(printf 'r%.0s' $(seq 141))\"")"
show "415 wrong content type" -X POST "$B" -H "$A" -H "Content-Type: text/plain" \
  -H "Idempotency-Key: $K-14" -d 'hello'
show "413 body over 16 KiB (Nginx)" -X POST "$B" -H "$A" -H "$J" -H "Idempotency-Key: $K-15" \
  --data-binary "@$BIG"
