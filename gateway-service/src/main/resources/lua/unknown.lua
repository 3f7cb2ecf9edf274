-- Marks an attempt whose Kafka send ended without an answer (outcome-unknown): the hold and the
-- record stay, and the next request with the key resumes at once (hold.lua) instead of waiting
-- for the takeover delay. Only the attempt that owns the record may mark it.
-- KEYS[1] idempotency hash; ARGV: txId
if redis.call('HGET', KEYS[1], 'tx') ~= ARGV[1] or redis.call('HGET', KEYS[1], 'state') ~= 'PENDING' then
  return 0
end
redis.call('HSET', KEYS[1], 'state', 'UNKNOWN')
return 1
