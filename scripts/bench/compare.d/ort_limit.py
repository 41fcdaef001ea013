#!/usr/bin/env python3
"""MiniLM's physical limit on this machine, for scripts/bench/compare: ONNX Runtime alone (no
server, no JSON), one session per core with one intra-op thread each (the layout SwiftBento's
runner uses), every core busy, at several batch sizes of 32-token sequences.

    ort_limit.py MODEL.onnx SECONDS_PER_BATCH_SIZE

Prints one JSON line: sequences per second at each batch size and the best of them. onnxruntime
releases the GIL inside run(), so Python threads keep every core busy.
"""
import json
import os
import sys
import threading
import time

import numpy as np
import onnxruntime as ort

path, seconds = sys.argv[1], float(sys.argv[2])
threads = os.cpu_count() or 1
batches = [1, 4, 8, 16, 32, 64]


def session():
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def feed(rows, sequence=32):
    ids = np.array([[101] + [1000 + (r * 7919 + c * 104729) % 28000 for c in range(1, sequence - 1)] + [102]
                    for r in range(rows)], dtype=np.int64)
    return {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}


sessions = [session() for _ in range(threads)]
per_batch = {}
for batch in batches:
    inputs = feed(batch)
    for s in sessions:
        s.run(None, inputs)  # warm-up
    counts = [0] * threads
    stop = time.monotonic() + seconds

    def work(index):
        while time.monotonic() < stop:
            sessions[index].run(None, inputs)
            counts[index] += batch

    start = time.monotonic()
    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    per_batch[batch] = sum(counts) / (time.monotonic() - start)

best = max(per_batch, key=per_batch.get)
print(json.dumps({"threads": threads, "batches": batches, "per_batch": per_batch,
                  "best_batch": best, "best_per_s": per_batch[best]}))
