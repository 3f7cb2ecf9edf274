-- Records what the intake knows of a payment in its status hash {tx:ID}, read by
-- GET /api/v1/payments/{id}. Settlement's outcome (SETTLED, REJECTED, written by the
-- projection) is final and never moved back; ACCEPTED replaces OUTCOME_UNKNOWN once a resumed
-- send was acknowledged; OUTCOME_UNKNOWN is written only where nothing is known yet.
-- KEYS[1] {tx:ID}; ARGV: status (ACCEPTED|OUTCOME_UNKNOWN), client, payer
local current = redis.call('HGET', KEYS[1], 'status')
if current ~= 'SETTLED' and current ~= 'REJECTED'
    and (ARGV[1] == 'ACCEPTED' or not current) then
  redis.call('HSET', KEYS[1], 'status', ARGV[1])
end
-- Who may read the status (only the client that submitted the payment), and where its row
-- will be (the payer's shard), so that a status lookup never has to ask every shard.
redis.call('HSET', KEYS[1], 'client', ARGV[2], 'payer', ARGV[3])
return 1
