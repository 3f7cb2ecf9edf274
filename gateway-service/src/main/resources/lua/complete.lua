-- Records the final response of an accepted payment for byte-identical replays.
-- KEYS[1] idempotency hash; ARGV: txId, httpStatus, body, ttlSeconds
if redis.call('HGET', KEYS[1], 'tx') ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'state', 'DONE', 'status', ARGV[2], 'body', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1
