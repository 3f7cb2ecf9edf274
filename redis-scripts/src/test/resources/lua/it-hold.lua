-- Test script: two keys of one account (one hash tag, one slot).
-- KEYS[1] balance hash, KEYS[2] holds hash; ARGV: txId, amount
redis.call('HINCRBY', KEYS[1], 'avail', '-' .. ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1
