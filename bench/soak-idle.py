#!/usr/bin/env python3
"""Helper of bench/soak.sh: holds N idle connections to iris-server (reopening those the server
closes after its read timeout), checks every second that known inputs still get the right
class, and samples the server's VmRSS. Prints one summary line of key=value pairs at the end.

usage: soak-idle.py PORT PID SECONDS IDLE_CONNECTIONS
"""
import http.client
import json
import resource
import select
import socket
import sys
import time

port, pid, seconds, idle_count = (int(a) for a in sys.argv[1:5])

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, idle_count + 256)), hard))

# Rows 1, 62 and 101 of resources/data/iris.csv, one per class, far from the class boundaries;
# the built-in model classifies them as labelled.
KNOWN = [([5.1, 3.5, 1.4, 0.2], "setosa"), ([5.9, 3.0, 4.2, 1.5], "versicolor"),
         ([6.3, 3.3, 6.0, 2.5], "virginica")]


def rss_kib():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def open_idle(i):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.setblocking(False)
    # A third only connect, a third stop inside the request line, a third inside the body.
    if i % 3 == 1:
        s.send(b"POST /predict HTT")
    elif i % 3 == 2:
        s.send(b"POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
    return s


idle = [open_idle(i) for i in range(idle_count)]
reopened = 0
checks = 0
wrong = 0
failed = 0
rss = []
start = time.monotonic()
next_rss = start
while time.monotonic() - start < seconds:
    # Reopen connections the server closed (or answered with 408 and closed).
    for chunk in range(0, len(idle), 1000):
        readable, _, _ = select.select(idle[chunk:chunk + 1000], [], [], 0)
        for s in readable:
            try:
                data = s.recv(65536)
            except OSError:
                data = b""
            if not data:
                i = idle.index(s)
                s.close()
                idle[i] = open_idle(i)
                reopened += 1
    for features, expected in KNOWN:
        checks += 1
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            c.request("POST", "/predict", json.dumps({"features": features}),
                      {"Content-Type": "application/json"})
            r = c.getresponse()
            body = json.loads(r.read())
            c.close()
            if r.status != 200 or body.get("class") != expected:
                wrong += 1
                print(f"soak-idle: wrong answer for {features}: {r.status} {body}", file=sys.stderr)
        except Exception as e:  # a refused or reset connection is a failure of the server
            failed += 1
            print(f"soak-idle: check failed: {e}", file=sys.stderr)
    now = time.monotonic()
    if now >= next_rss:
        rss.append((round(now - start), rss_kib()))
        next_rss += 10
    time.sleep(max(0.0, 1.0 - (time.monotonic() - now)))
rss.append((round(time.monotonic() - start), rss_kib()))
open_now = sum(1 for s in idle if s.fileno() >= 0)
print(f"idle_open={open_now} reopened={reopened} checks={checks} wrong={wrong} failed={failed} "
      f"rss_samples={';'.join(f'{t}:{k}' for t, k in rss)}")
