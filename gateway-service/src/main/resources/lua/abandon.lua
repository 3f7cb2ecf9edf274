-- Undoes what a hold.lua call did when the gateway stopped waiting for its answer (Redis slow or
-- paused) and told the client "temporarily-unavailable: this request queued nothing". Sent on
-- the same connection right after the timeout, so Redis runs it after that hold.lua, whenever
-- that runs. The attempt is recognised by its tx id and its start time ('at'); anything another
-- attempt changed since is left alone. Nothing was sent to Kafka by this attempt, so a hold it
-- created is released outright, and a takeover it made is handed back as UNKNOWN, so the next
-- retry resumes at once instead of waiting for the takeover delay.
-- KEYS[1] {acct:P}:bal, KEYS[2] {acct:P}:holds, KEYS[3] idempotency hash; ARGV: txId, nowMs
local idem = redis.call('HMGET', KEYS[3], 'tx', 'state', 'at', 'fresh')
if idem[1] ~= ARGV[1] or idem[2] ~= 'PENDING' or idem[3] ~= ARGV[2] then
  return 0
end
if idem[4] ~= '1' then
  redis.call('HSET', KEYS[3], 'state', 'UNKNOWN')
  return 2
end
local amount = redis.call('HGET', KEYS[2], ARGV[1])
if amount then
  redis.call('HDEL', KEYS[2], ARGV[1])
  redis.call('HINCRBY', KEYS[1], 'avail', amount)
end
redis.call('DEL', KEYS[3])
return 1
