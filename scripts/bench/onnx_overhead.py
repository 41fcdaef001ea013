#!/usr/bin/env python3
"""Python side of scripts/bench/onnx-overhead: per-call median of onnxruntime's
InferenceSession.run on the same models and inputs as Benchmarks/ONNXBench (one intra-op and one
inter-op thread, CPU). Prints `python MODEL BATCH MEDIAN_US` lines."""
import sys
import time

import numpy as np
import onnxruntime as ort

iris_path, minilm_path = sys.argv[1:3]


def iris_input(rows):
    base = [5.1, 3.5, 1.4, 0.2, 7.0, 3.2, 4.7, 1.4, 6.3, 3.3, 6.0, 2.5, 4.9, 3.0, 1.4, 0.2]
    values = [base[i % len(base)] for i in range(rows * 4)]
    return {"float_input": np.array(values, dtype=np.float32).reshape(rows, 4)}


def minilm_input(rows, sequence=32):
    ids = []
    for row in range(rows):
        ids.append(101)
        ids += [1000 + (row * 7919 + column * 104729) % 28000 for column in range(1, sequence - 1)]
        ids.append(102)
    shape = (rows, sequence)
    return {
        "input_ids": np.array(ids, dtype=np.int64).reshape(shape),
        "attention_mask": np.ones(shape, dtype=np.int64),
        "token_type_ids": np.zeros(shape, dtype=np.int64),
    }


def session(path):
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


cases = [
    ("iris", iris_path, 1, 20000, 2000, iris_input(1)),
    ("iris", iris_path, 64, 20000, 2000, iris_input(64)),
    ("minilm", minilm_path, 1, 300, 30, minilm_input(1)),
    ("minilm", minilm_path, 64, 12, 2, minilm_input(64)),
]
for model, path, batch, calls, warmup, feed in cases:
    sess = session(path)
    for _ in range(warmup):
        sess.run(None, feed)
    samples = []
    for _ in range(calls):
        start = time.perf_counter_ns()
        sess.run(None, feed)
        samples.append(time.perf_counter_ns() - start)
    samples.sort()
    print(f"python {model} {batch} {samples[len(samples) // 2] / 1000}", flush=True)
