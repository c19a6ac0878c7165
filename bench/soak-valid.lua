-- wrk script for bench/soak.sh: valid inference requests, rotating over the three classes and
-- both protocols. wrk counts any non-2xx answer; soak.sh requires none.
local bodies = {
    {"/predict", '{"features":[5.1,3.5,1.4,0.2]}'},
    {"/predict", '{"features":[5.9,3.0,4.2,1.5]}'},
    {"/predict", '{"features":[6.3,3.3,6.0,2.5]}'},
    {"/predict", '{"instances":[[5.1,3.5,1.4,0.2],[6.3,3.3,6.0,2.5]]}'},
    {"/v2/models/iris/infer",
     '{"id":"soak","inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP32","data":[5.9,3.0,4.2,1.5]}]}'},
}
local requests = {}
for i, b in ipairs(bodies) do
    requests[i] = wrk.format("POST", b[1], {["Content-Type"] = "application/json"}, b[2])
end
local n = 0
request = function()
    n = n + 1
    return requests[(n % #requests) + 1]
end
