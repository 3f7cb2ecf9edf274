-- wrk script: GET the inclusion proof of random settled transactions (ids in PROOF_IDS_FILE).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-result.lua")
local ids = {}
for line in io.lines(os.getenv("PROOF_IDS_FILE")) do ids[#ids + 1] = line end

function request()
  return wrk.format("GET", "/api/v1/transactions/" .. ids[math.random(1, #ids)] .. "/proof")
end

