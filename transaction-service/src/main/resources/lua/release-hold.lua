-- Releases a hold with no payment behind it (reconciliation, docs/operations.md): available +=
-- amount, and the amount is remembered in :released exactly like the gateway's release after a
-- failed send, so that if the payment does settle after all, the projection takes the amount
-- off again (outcome.lua, SETTLED branch). Releasing is therefore safe even if the bound was
-- wrong; the bound only limits how long a cache can overstate the available balance.
-- KEYS[1] {acct:A}:bal, KEYS[2] {acct:A}:holds, KEYS[3] {acct:A}:released,
-- KEYS[4] {acct:A}:holdseen; ARGV[1] txId, ARGV[2] amount as observed
local amount = redis.call('HGET', KEYS[2], ARGV[1])
if amount ~= ARGV[2] then
  return 0
end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HINCRBY', KEYS[1], 'avail', amount)
redis.call('HSET', KEYS[3], ARGV[1], amount)
redis.call('HDEL', KEYS[4], ARGV[1])
return 1
