-- Repairs a confirmed drift of the available balance, only if it is still exactly that drift:
-- avail - (booked - sum(holds)) == expected drift, re-read atomically with the holds. Anything
-- that moved meanwhile (a hold taken or closed, a credit projected) makes it a no-op; the next
-- run looks again. Relative (HINCRBY), never a blind SET.
-- KEYS[1] {acct:A}:bal, KEYS[2] {acct:A}:holds; ARGV[1] booked balance, ARGV[2] expected drift
-- Returns {'REPAIRED', newAvail} | {'CHANGED', drift now} | {'MISSING'} | {'TOO_LARGE'}
local LIMIT = 2 ^ 53 -- Lua numbers are doubles: exact below this
local avail = redis.call('HGET', KEYS[1], 'avail')
if not avail then
  return {'MISSING'}
end
local held = 0
for _, amount in ipairs(redis.call('HVALS', KEYS[2])) do
  held = held + tonumber(amount)
end
local booked = tonumber(ARGV[1])
local a = tonumber(avail)
if math.abs(held) >= LIMIT or math.abs(booked) >= LIMIT or math.abs(a) >= LIMIT then
  return {'TOO_LARGE'}
end
local drift = a - (booked - held)
if drift ~= tonumber(ARGV[2]) then
  return {'CHANGED', string.format('%d', drift)}
end
return {'REPAIRED', tostring(redis.call('HINCRBY', KEYS[1], 'avail', string.format('%d', -drift)))}
