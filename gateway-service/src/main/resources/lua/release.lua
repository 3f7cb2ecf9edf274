-- Undoes a hold whose Kafka send failed or timed out: available += amount, the idempotency
-- record is dropped so the client may retry. A timed-out send may still have reached Kafka, so
-- the released amount is remembered: if the payment settles after all, the projection takes
-- the amount off the available balance again (exactly once, by tx id).
-- KEYS[1] {acct:P}:bal, KEYS[2] {acct:P}:holds, KEYS[3] idempotency hash,
-- KEYS[4] {acct:P}:released (txId -> amount); ARGV: txId
local amount = redis.call('HGET', KEYS[2], ARGV[1])
if amount then
  redis.call('HDEL', KEYS[2], ARGV[1])
  redis.call('HINCRBY', KEYS[1], 'avail', amount)
  redis.call('HSET', KEYS[4], ARGV[1], amount)
end
if redis.call('HGET', KEYS[3], 'tx') == ARGV[1] then
  redis.call('DEL', KEYS[3])
end
return amount and 1 or 0
