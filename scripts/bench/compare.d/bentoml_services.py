"""The BentoML side of scripts/bench/compare: one service per workload, each with one endpoint,
POST /predict, written with BentoML's current API (`@bentoml.service` classes, `@bentoml.api`).

    BENCH_MODEL=PATH BENCH_BATCHING=0|1 BENCH_WORKERS=2 \
        bentoml serve bentoml_services:IrisSklearn --host 127.0.0.1 --port 3000

Bodies are the JSON the SwiftBento side takes ({"float_input": ...}, {"x": ...}, {"input_ids": ...});
answers are the model's main output as a JSON array (labels, class probabilities, the mean-pooled
embedding). With BENCH_BATCHING=1 the endpoint is `batchable=True` along axis 0, so BentoML's
adaptive batcher joins concurrent requests; the code path is otherwise the same.
"""
import os
import pickle

import bentoml
import numpy as np

MODEL = os.environ.get("BENCH_MODEL", "")
BATCHING = os.environ.get("BENCH_BATCHING", "0") == "1"
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
MAX_BATCH = int(os.environ.get("BENCH_MAX_BATCH", "64"))
MAX_LATENCY_MS = int(os.environ.get("BENCH_MAX_LATENCY_MS", "1000"))

SERVICE = {"workers": WORKERS, "traffic": {"timeout": 60}}
API = {"route": "/predict"}
if BATCHING:
    API.update(batchable=True, batch_dim=0, max_batch_size=MAX_BATCH, max_latency_ms=MAX_LATENCY_MS)


def onnx_session(path):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


@bentoml.service(name="iris_sklearn", **SERVICE)
class IrisSklearn:
    """The scikit-learn LogisticRegression itself: rows of 4 features in, class labels out."""

    def __init__(self):
        with open(MODEL, "rb") as f:
            self.model = pickle.load(f)

    @bentoml.api(**API)
    def predict(self, float_input: np.ndarray) -> np.ndarray:
        return self.model.predict(np.asarray(float_input, dtype=np.float32))


@bentoml.service(name="iris_onnx", **SERVICE)
class IrisOnnx:
    """The same classifier exported to ONNX, run with onnxruntime: labels out."""

    def __init__(self):
        self.session = onnx_session(MODEL)

    @bentoml.api(**API)
    def predict(self, float_input: np.ndarray) -> np.ndarray:
        label, _ = self.session.run(None, {"float_input": np.asarray(float_input, dtype=np.float32)})
        return label


@bentoml.service(name="ppocr_cls", **SERVICE)
class PPOCRCls:
    """PP-OCR's text-direction classifier: float32 [N, 3, 48, 192] in, [N, 2] probabilities out."""

    def __init__(self):
        self.session = onnx_session(MODEL)
        self.output = self.session.get_outputs()[0].name

    @bentoml.api(**API)
    def predict(self, x: np.ndarray) -> np.ndarray:
        return self.session.run([self.output], {"x": np.asarray(x, dtype=np.float32)})[0]


@bentoml.service(name="minilm", **SERVICE)
class MiniLM:
    """all-MiniLM-L6-v2: int64 token ids [N, S] in, the mean-pooled [N, 384] embedding out."""

    def __init__(self):
        self.session = onnx_session(MODEL)

    @bentoml.api(**API)
    def predict(self, input_ids: np.ndarray) -> np.ndarray:
        ids = np.asarray(input_ids, dtype=np.int64)
        mask = np.ones_like(ids)
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self.session.run(["last_hidden_state"], feed)[0]
        weights = mask.astype(np.float32)[..., None]
        return (hidden * weights).sum(axis=1) / weights.sum(axis=1)  # float32, as SwiftBento's
