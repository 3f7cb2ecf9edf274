-- Reconciliation's view of one account, read atomically: cached fields and open holds with the
-- time reconciliation first saw each hold (the gateway records no time with a hold). New holds
-- get "now"; times of holds that are gone are forgotten.
-- KEYS[1] {acct:A}:bal, KEYS[2] {acct:A}:holds, KEYS[3] {acct:A}:holdseen (tx -> first seen ms)
-- ARGV[1] now (epoch ms)
-- Returns {'MISSING'} or {'OK', avail, status, owner, cur, tx1, amount1, seen1, tx2, ...}
local acct = redis.call('HMGET', KEYS[1], 'avail', 'status', 'owner', 'cur')
if not acct[1] then
  return {'MISSING'}
end
local seen = redis.call('HGETALL', KEYS[3])
local seenAt = {}
for i = 1, #seen, 2 do
  seenAt[seen[i]] = seen[i + 1]
end
local reply = {'OK', acct[1], acct[2] or '', acct[3] or '', acct[4] or ''}
local holds = redis.call('HGETALL', KEYS[2])
for i = 1, #holds, 2 do
  local tx = holds[i]
  local at = seenAt[tx]
  if at then
    seenAt[tx] = nil
  else
    at = ARGV[1]
    redis.call('HSET', KEYS[3], tx, at)
  end
  reply[#reply + 1] = tx
  reply[#reply + 1] = holds[i + 1]
  reply[#reply + 1] = at
end
for tx in pairs(seenAt) do
  redis.call('HDEL', KEYS[3], tx)
end
return reply
