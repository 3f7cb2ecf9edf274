-- Loads one account read from its shard into the cache unless it is cached already (a live
-- entry knows holds the booked balance does not). All fields at once: the gateway must never
-- see an entry with a balance but no owner or status.
-- KEYS[1] {acct:A}:bal; ARGV: avail, cur, owner, status
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'avail', ARGV[1], 'cur', ARGV[2], 'owner', ARGV[3], 'status', ARGV[4])
return 1
