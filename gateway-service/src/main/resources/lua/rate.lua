-- One API client's request budget, shared by every gateway instance: a token bucket that refills
-- at ARGV[1] tokens per second up to ARGV[2], read with the server's clock (TIME), so gateways
-- with skewed clocks still share one budget. Takes up to ARGV[3] tokens at once (a gateway's
-- local lease) and answers how many it got, and how many ms until the next token.
-- KEYS[1] {client:C}:rate  hash: tokens (may be fractional), at (µs)
-- ARGV: ratePerSecond, capacity, wanted, ttlMs
local rate = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or capacity
local at = tonumber(bucket[2]) or now
if now > at then
  tokens = math.min(capacity, tokens + (now - at) * rate / 1000000)
end
local granted = math.min(tonumber(ARGV[3]), math.floor(tokens))
tokens = tokens - granted
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
local waitMs = 0
if tokens < 1 then
  waitMs = math.ceil((1 - tokens) * 1000 / rate)
end
return {granted, waitMs}
