-- Applies one settlement outcome to an account's cached available balance, idempotently.
-- KEYS[1] {acct:A}:bal, KEYS[2] {acct:A}:holds, KEYS[3] {acct:A}:released,
-- KEYS[4] {acct:A}:cr:<txId> (credit marker)
-- ARGV: status (SETTLED|REJECTED|CREDITED|RESUBMITTED), txId, amount, markerTtlSeconds
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0 -- not cached (yet): the warm-up loads the booked balance instead
end
local status = ARGV[1]
if status == 'RESUBMITTED' then
  -- A retry of an already decided tx id, after Redis lost the idempotency record: nothing was
  -- booked for it, and the cache (rebuilt from the shards) already reflects the first decision.
  -- The hold the gateway took for the retry is released, whatever the first decision was.
  if redis.call('HDEL', KEYS[2], ARGV[2]) == 1 then
    redis.call('HINCRBY', KEYS[1], 'avail', ARGV[3])
    return 1
  end
  redis.call('HDEL', KEYS[3], ARGV[2])
  return 0
elseif status == 'SETTLED' then
  -- The hold already reduced available: closing it is all. If the hold was released after a
  -- send that looked failed but reached Kafka, the money left after all: take it off again.
  if redis.call('HDEL', KEYS[2], ARGV[2]) == 1 then return 1 end
  if redis.call('HDEL', KEYS[3], ARGV[2]) == 1 then
    redis.call('HINCRBY', KEYS[1], 'avail', '-' .. ARGV[3])
    return 1
  end
  return 0
elseif status == 'REJECTED' then
  if redis.call('HDEL', KEYS[2], ARGV[2]) == 1 then
    redis.call('HINCRBY', KEYS[1], 'avail', ARGV[3])
    return 1
  end
  redis.call('HDEL', KEYS[3], ARGV[2])
  return 0
elseif status == 'CREDITED' then
  if redis.call('SET', KEYS[4], '1', 'NX', 'EX', ARGV[4]) then
    redis.call('HINCRBY', KEYS[1], 'avail', ARGV[3])
    return 1
  end
  return 0
end
return redis.error_reply('unknown outcome status ' .. status)
