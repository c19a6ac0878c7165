#!/usr/bin/python3
"""An Iris model service written the way the FastAPI + prometheus_client blog setup writes it.

Integration tests run it to check that Vitals works on a model server that is not iris-server
and follows the blog's metric contract, with its quirks:

- inference_requests_total{method, endpoint, status}: counted by an HTTP middleware for every
  path except exactly "/metrics". The metrics app is *mounted* at /metrics, so a scrape of
  /metrics is redirected (307) to /metrics/ and that second request is counted, as
  endpoint="/metrics/". Every scrape therefore adds one request of traffic.
- inference_duration_seconds{method, endpoint}: histogram with buckets 0.001 ... 1 s, observed
  by the same middleware.
- prediction_output_total{class}: the predicted class *index* as a string ("0", "1", "2"); no
  training prior is exported.
- model_loaded: gauge, 1 once the model is trained.
- POST /predict {"features": [4 floats]}: a wrong number of features answers 500 (the model
  raises, the handler turns it into an HTTP 500); strings or a missing key answer 422
  (FastAPI's request validation).
- the default registry's process_* and python_* metrics.
No rejection-reason counter, no feature histogram, no drift gauges.

Usage: blog_service.py [--host 127.0.0.1] [--port 0] [--data resources/data/iris.csv]
Prints "listening on http://HOST:PORT" on stdout once the socket accepts connections; stops
on SIGTERM. Needs Debian's python3-fastapi, python3-uvicorn, python3-sklearn and
python3-prometheus-client (run it with /usr/bin/python3).
"""
import argparse
import csv
import pathlib
import socket
import sys
import time

import uvicorn
from fastapi import FastAPI, HTTPException, Request
from prometheus_client import Counter, Gauge, Histogram, make_asgi_app
from pydantic import BaseModel
from sklearn.linear_model import LogisticRegression

DEFAULT_DATA = pathlib.Path(__file__).resolve().parents[2] / "resources" / "data" / "iris.csv"

REQUEST_COUNT = Counter(
    "inference_requests_total", "Total inference requests", ["method", "endpoint", "status"])
REQUEST_LATENCY = Histogram(
    "inference_duration_seconds", "Inference latency in seconds", ["method", "endpoint"],
    buckets=(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1))
PREDICTION_COUNT = Counter("prediction_output_total", "Predictions by class", ["class"])
MODEL_LOADED = Gauge("model_loaded", "Whether the model is loaded")


class PredictRequest(BaseModel):
    features: list[float]


def load_iris(path):
    """Rows of resources/data/iris.csv as features and class indices (species in file order)."""
    with open(path, newline="") as f:
        rows = [row for row in csv.reader(f)][1:]
    species = []
    x, y = [], []
    for row in rows:
        if not row:
            continue
        if row[4] not in species:
            species.append(row[4])
        x.append([float(v) for v in row[:4]])
        y.append(species.index(row[4]))
    return x, y


def create_app(data_path):
    x, y = load_iris(data_path)
    model = LogisticRegression(max_iter=1000)
    model.fit(x, y)
    MODEL_LOADED.set(1)

    app = FastAPI(title="Iris model service")
    app.mount("/metrics", make_asgi_app())

    @app.middleware("http")
    async def prometheus_middleware(request: Request, call_next):
        if request.url.path == "/metrics":
            return await call_next(request)
        start = time.time()
        response = await call_next(request)
        REQUEST_COUNT.labels(request.method, request.url.path, str(response.status_code)).inc()
        REQUEST_LATENCY.labels(request.method, request.url.path).observe(time.time() - start)
        return response

    @app.get("/health")
    def health():
        return {"status": "ok"}

    @app.post("/predict")
    def predict(body: PredictRequest):
        try:
            prediction = int(model.predict([body.features])[0])
        except Exception as error:  # the blog's handler: any model failure is a 500
            raise HTTPException(status_code=500, detail=str(error))
        PREDICTION_COUNT.labels(str(prediction)).inc()
        return {"prediction": prediction}

    return app


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 = a free port")
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="iris.csv to train on")
    args = parser.parse_args()

    app = create_app(args.data)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    sock.listen(128)
    host, port = sock.getsockname()[:2]

    @app.on_event("startup")
    def announce():
        print(f"listening on http://{host}:{port}", flush=True)

    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    server.run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
