-- First step of closing an account: refuse while money may still move in Redis, else mark it
-- CLOSING, which the gateway's hold script already treats as closed (status ~= 'OPEN').
-- KEYS[1] {acct:A}:bal, KEYS[2] {acct:A}:holds
-- Returns {'NOT_CACHED'} | {'CLOSED'} | {'HOLDS', n} | {'AVAILABLE', avail} | {'CLOSING'}
local acct = redis.call('HMGET', KEYS[1], 'avail', 'status')
if not acct[1] then
  return {'NOT_CACHED'}
end
if acct[2] == 'CLOSED' then
  return {'CLOSED'}
end
local holds = redis.call('HLEN', KEYS[2])
if holds > 0 then
  return {'HOLDS', tostring(holds)}
end
if acct[1] ~= '0' then
  return {'AVAILABLE', acct[1]}
end
redis.call('HSET', KEYS[1], 'status', 'CLOSING')
return {'CLOSING'}
