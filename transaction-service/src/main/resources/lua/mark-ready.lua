-- Ends a rebuild: sets the ready marker only if this rebuild's token is still there. A flush
-- during the rebuild deletes the token (and half the loaded accounts): then the marker stays
-- absent and the next check starts over, instead of declaring a half-empty cache complete.
-- KEYS[1] ready marker, KEYS[2] rebuild token key; ARGV[1] this rebuild's token
if redis.call('GET', KEYS[2]) ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], '1')
redis.call('DEL', KEYS[2])
return 1
