-- wrk script: GET the inclusion proof of random payments of the bench client (ids in
-- PROOF_IDS_FILE, all submitted by the client "bench") WITH the bench client's key, so the
-- ledger answers the full proof (leafContents "included": leaf bytes and decoded payer, payee
-- and amount, after looking the key up in Redis) - what a client checking its own payments
-- gets. Without the key (or with another client's) it would be the cheaper hashes-only proof
-- (leafContents "withheld"), which this bench does not measure (docs/ledger.md, "Access").
-- Environment: PROOF_IDS_FILE, BENCH_API_KEY.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-result.lua")
local api_key = os.getenv("BENCH_API_KEY")
assert(api_key and api_key ~= "", "BENCH_API_KEY is not set")
local ids = {}
for line in io.lines(os.getenv("PROOF_IDS_FILE")) do ids[#ids + 1] = line end
assert(#ids > 0, "no transaction id in PROOF_IDS_FILE")
local headers = { ["X-Api-Key"] = api_key }

function request()
  return wrk.format("GET", "/api/v1/transactions/" .. ids[math.random(1, #ids)] .. "/proof",
    headers)
end
