"""Calls a SwiftBento runner server (`bento runner serve iris`) with tritonclient[http].

Usage: runner_client.py HOST:PORT EXPECTED_JSON. Sends the iris rows in JSON and in binary mode,
one by one and as one batch, and checks the labels against the reference. Exits non-zero, with
the reason, on any mismatch.
"""

import json
import sys

import numpy as np
import tritonclient.http as httpclient


def main(url: str, expected_path: str) -> None:
    with open(expected_path) as f:
        expected = json.load(f)
    rows = np.array(expected["inputs"]["float_input"], dtype=np.float32)
    labels = expected["models"]["iris_logreg.onnx"]["labels"]

    client = httpclient.InferenceServerClient(url=url, concurrency=4)
    assert client.is_server_live(), "runner not live"
    assert client.is_server_ready(), "runner not ready"
    assert client.is_model_ready("iris"), "iris not ready"
    metadata = client.get_model_metadata("iris")
    assert metadata["inputs"][0]["name"] == "float_input", metadata

    for binary in (False, True):
        inputs = [httpclient.InferInput("float_input", list(rows.shape), "FP32")]
        inputs[0].set_data_from_numpy(rows, binary_data=binary)
        outputs = [httpclient.InferRequestedOutput("label", binary_data=binary)]
        got = client.infer("iris", inputs, outputs=outputs).as_numpy("label").tolist()
        assert got == labels, f"batch labels differ (binary={binary})"
        print("batch binary ok" if binary else "batch json ok")

    # Concurrent single-row calls, which the runner's batcher may join.
    pending = []
    for index in range(0, len(rows), 5):
        inputs = [httpclient.InferInput("float_input", [1, 4], "FP32")]
        inputs[0].set_data_from_numpy(rows[index : index + 1], binary_data=True)
        pending.append((index, client.async_infer("iris", inputs)))
    for index, call in pending:
        got = call.get_result().as_numpy("label").tolist()
        assert got == [labels[index]], f"row {index}: {got} != {labels[index]}"
    print("concurrent ok")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
