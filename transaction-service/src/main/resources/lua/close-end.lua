-- Second step of closing: CLOSING becomes CLOSED (the shard closed it) or OPEN again (it did
-- not). Touches nothing else, and nothing if another actor changed the status meanwhile.
-- KEYS[1] {acct:A}:bal; ARGV[1] CLOSED | OPEN
if redis.call('HGET', KEYS[1], 'status') == 'CLOSING' then
  redis.call('HSET', KEYS[1], 'status', ARGV[1])
  return 1
end
return 0
