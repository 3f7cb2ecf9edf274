-- wrk script for the baseline: the same request shape against Nginx's static 202 location.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-result.lua")
wrk.method = "POST"
wrk.body = '{"payer":"bench-0000","payee":"bench-0001","amount":{"value":1,"currency":"EUR"},"reference":"bench"}'
wrk.headers["Content-Type"] = "application/json"
