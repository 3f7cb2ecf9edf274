-- Sets one field of a cached account only if it still has the value reconciliation observed
-- (compare-and-set; '' stands for absent).
-- KEYS[1] {acct:A}:bal; ARGV[1] field, ARGV[2] observed value, ARGV[3] new value
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local current = redis.call('HGET', KEYS[1], ARGV[1]) or ''
if current ~= ARGV[2] then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
