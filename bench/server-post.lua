-- wrk script: POST one Iris example as JSON to the path given on the wrk command line.
wrk.method = "POST"
wrk.body = '{"features":[5.1,3.5,1.4,0.2]}'
wrk.headers["Content-Type"] = "application/json"
