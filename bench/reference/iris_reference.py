"""The classic Python serving stack for the Iris model, as a baseline for iris-server.

FastAPI + uvicorn + scikit-learn + prometheus_client, the way a Python team would write it:
    IRIS_CSV=resources/data/iris.csv python3 -m uvicorn --app-dir bench/reference \
        iris_reference:app --host 127.0.0.1 --port 8010 --workers 2
Only used by bench/server-vs-nginx.sh.
"""
import csv
import os
import time

from fastapi import FastAPI, HTTPException, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from pydantic import BaseModel, conlist
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))[1:]
    x = [[float(v) for v in row[:4]] for row in rows if row]
    names = []
    y = []
    for row in rows:
        if not row:
            continue
        if row[4] not in names:
            names.append(row[4])
        y.append(names.index(row[4]))
    return x, y, names


X, Y, CLASSES = load(os.environ.get("IRIS_CSV", "resources/data/iris.csv"))
x_train, x_test, y_train, y_test = train_test_split(
    X, Y, test_size=0.2, stratify=Y, random_state=42)
MODEL = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
MODEL.fit(x_train, y_train)

REQUESTS = Counter("inference_requests_total", "Requests", ["method", "endpoint", "status"])
DURATION = Histogram("inference_duration_seconds", "Latency", ["method", "endpoint"])
OUTPUTS = Counter("prediction_output_total", "Predictions", ["class"])

app = FastAPI()


class Features(BaseModel):
    features: conlist(float, min_items=4, max_items=4)


@app.post("/predict")
def predict(body: Features):
    start = time.perf_counter()
    if any(not (0 < v < 100) for v in body.features):
        REQUESTS.labels("POST", "/predict", "400").inc()
        raise HTTPException(status_code=400, detail="lengths must be in (0, 100) cm")
    probabilities = MODEL.predict_proba([body.features])[0]
    label = int(probabilities.argmax())
    OUTPUTS.labels(CLASSES[label]).inc()
    REQUESTS.labels("POST", "/predict", "200").inc()
    DURATION.labels("POST", "/predict").observe(time.perf_counter() - start)
    return {"prediction": label, "class": CLASSES[label],
            "probabilities": [float(p) for p in probabilities]}


@app.get("/metrics")
def metrics():
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
