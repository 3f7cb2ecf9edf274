-- wrk script: unique Idempotency-Key per request, random funded payer and payee among the
-- bench accounts (bench-0000 .. bench-<N-1>, all owned by the bench client).
-- Environment: BENCH_API_KEY, BENCH_ACCOUNTS (default 200).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-result.lua")
local api_key = os.getenv("BENCH_API_KEY")
local accounts = tonumber(os.getenv("BENCH_ACCOUNTS") or "200")
local thread_counter = 0

function setup(thread)
  thread_counter = thread_counter + 1
  thread:set("tid", thread_counter)
end

function init(args)
  counter = 0
  prefix = string.format("%d-%d-%d", os.time(), tid, math.random(1, 1000000000))
  math.randomseed(os.time() * 1000 + tid)
end

function request()
  counter = counter + 1
  local payer = math.random(0, accounts - 1)
  local payee = (payer + math.random(1, accounts - 1)) % accounts
  local body = string.format(
    '{"payer":"bench-%04d","payee":"bench-%04d","amount":{"value":1,"currency":"EUR"},"reference":"bench"}',
    payer, payee)
  return wrk.format("POST", "/api/v1/payments", {
    ["Content-Type"] = "application/json",
    ["X-Api-Key"] = api_key,
    ["Idempotency-Key"] = prefix .. "-" .. counter,
  }, body)
end

