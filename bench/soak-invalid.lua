-- wrk script for bench/soak.sh: invalid requests that keep the connection open (4xx answers
-- with keep-alive). Counts answers that are not 4xx and prints the count for soak.sh.
local bodies = {
    {"POST", "/predict", '{"features":[5.1,3.5,1.4]}'},
    {"POST", "/predict", '{"features":[NaN,3.5,1.4,0.2]}'},
    {"POST", "/predict", '{"features":[5.1,3.5,1.4,0.2]'},
    {"POST", "/predict", '{"features":["a",3.5,1.4,0.2]}'},
    {"POST", "/predict", '{"features":[-1,3.5,1.4,0.2]}'},
    {"POST", "/predict", string.rep("[", 200) .. string.rep("]", 200)},
    {"POST", "/predict", string.rep(" ", 70000)},
    {"POST", "/v2/models/iris/infer", '{"inputs":[{"name":"x","shape":[2,4],"datatype":"FP32","data":[1,2,3,4]}]}'},
    {"POST", "/v2/models/iris/infer", '{"inputs":[{"name":"x","shape":[1,4],"datatype":"BYTES","data":[1,2,3,4]}]}'},
    {"GET", "/predict", nil},
    {"GET", "/no/such/path/\255\254", nil},
    {"DELETE", "/v2/models/iris", nil},
}
local requests = {}
for i, b in ipairs(bodies) do
    local headers = {}
    if b[3] then headers["Content-Type"] = "application/json" end
    requests[i] = wrk.format(b[1], b[2], headers, b[3])
end
local n = 0
local threads = {}
setup = function(thread)
    table.insert(threads, thread)
end
init = function()
    unexpected = 0
end
request = function()
    n = n + 1
    return requests[(n % #requests) + 1]
end
response = function(status, headers, body)
    if status < 400 or status >= 500 then
        unexpected = unexpected + 1
    end
end
done = function(summary, latency, requests)
    local total = 0
    for _, t in ipairs(threads) do
        total = total + t:get("unexpected")
    end
    io.write(string.format("soak-invalid: not-4xx %d\n", total))
end
