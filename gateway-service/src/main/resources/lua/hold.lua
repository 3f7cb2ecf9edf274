-- One round trip, atomic: idempotency lookup/record, account checks, available-balance hold.
-- All keys share the payer's hash tag {acct:ID}, so the script also runs on Redis Cluster.
-- KEYS[1] {acct:P}:bal    hash: avail, cur, owner, status
-- KEYS[2] {acct:P}:holds  hash: txId -> amount
-- KEYS[3] {acct:P}:idem:<client>:<sha256(key)>  hash: req, tx, state
--         (PENDING|UNKNOWN|DONE|REFUSED), at, status, body, reason, detail, fresh
-- ARGV: client, requestHash, txId, amount, currency, ttlSeconds, nowMs, pendingTakeoverMs,
--       refusalTtlSeconds
local idem = redis.call('HMGET', KEYS[3], 'req', 'state', 'at', 'status', 'body', 'tx', 'reason',
  'detail')
if idem[1] then
  if idem[1] ~= ARGV[2] then
    return {'MISMATCH', idem[1]}
  end
  if idem[2] == 'DONE' then
    return {'REPLAY', idem[4], idem[5]}
  end
  -- A refusal is final for its key (docs/api.md): a retry, or an attempt of the key that reaches
  -- Redis late, gets the same refusal and holds nothing.
  if idem[2] == 'REFUSED' then
    return {idem[7], idem[8]}
  end
  -- UNKNOWN: an earlier attempt's send ended without an answer from Kafka (outcome-unknown);
  -- nothing is in flight any more, so the retry resumes at once with the same tx id and hold.
  -- PENDING: another request with this key is in flight, or its gateway died mid-way.
  if idem[2] == 'PENDING' and tonumber(ARGV[7]) - tonumber(idem[3]) < tonumber(ARGV[8]) then
    return {'IN_PROGRESS'}
  end
  -- Take over a stale attempt: its hold stays, the same tx id is sent again; settlement
  -- de-duplicates by tx id if the first send did reach Kafka.
  redis.call('HSET', KEYS[3], 'state', 'PENDING', 'at', ARGV[7], 'fresh', '0')
  return {'RESUME', idem[6]}
end
local function refuse(reason, detail)
  redis.call('HSET', KEYS[3], 'req', ARGV[2], 'tx', ARGV[3], 'state', 'REFUSED', 'at', ARGV[7],
    'reason', reason, 'detail', detail or '')
  -- Kept shorter than an accepted payment's record: it can never move money, and an
  -- authenticated client can make refusals for free (the memory they cost is bounded by the
  -- client's rate limit times this TTL).
  redis.call('EXPIRE', KEYS[3], ARGV[9])
  return {reason, detail}
end
local acct = redis.call('HMGET', KEYS[1], 'avail', 'cur', 'owner', 'status')
if not acct[1] then
  -- Not recorded: the account may not be cached yet (503 balance-cache-warming), and a record per
  -- unknown payer would let a client fill Redis with keys of accounts that do not exist.
  return {'UNKNOWN_ACCOUNT'}
end
if acct[3] ~= ARGV[1] then
  return {'NOT_OWNER'}
end
if acct[4] ~= 'OPEN' then
  return refuse('ACCOUNT_CLOSED')
end
if acct[2] ~= ARGV[5] then
  return refuse('CURRENCY_MISMATCH', acct[2])
end
-- Integer arithmetic in Redis (exact to 64 bits); only the sign is inspected in Lua.
local after = redis.call('HINCRBY', KEYS[1], 'avail', '-' .. ARGV[4])
if after < 0 then
  redis.call('HINCRBY', KEYS[1], 'avail', ARGV[4])
  return refuse('INSUFFICIENT_FUNDS')
end
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
-- fresh = 1: this attempt created the hold (abandon.lua may undo it); a takeover sets 0.
redis.call('HSET', KEYS[3], 'req', ARGV[2], 'tx', ARGV[3], 'state', 'PENDING', 'at', ARGV[7],
  'fresh', '1')
redis.call('EXPIRE', KEYS[3], ARGV[6])
return {'HELD'}
