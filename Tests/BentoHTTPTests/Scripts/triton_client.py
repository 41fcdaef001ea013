"""Calls a SwiftBento server with tritonclient[http], in JSON and binary modes.

Usage: triton_client.py HOST:PORT. Exits non-zero, with the reason, on any mismatch.
The server serves `doubler` (FP32 x -> y = 2x) and `strings.v2` (BYTES text:0 -> echo/out, length).
"""

import sys

import numpy as np
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException


def main(url: str) -> None:
    client = httpclient.InferenceServerClient(url=url)
    assert client.is_server_live(), "server not live"
    assert client.is_server_ready(), "server not ready"
    assert client.is_model_ready("doubler"), "doubler not ready"
    metadata = client.get_model_metadata("doubler")
    assert metadata["name"] == "doubler", metadata
    assert metadata["inputs"][0]["datatype"] == "FP32", metadata
    assert client.get_server_metadata()["name"] == "swiftbento"

    x = np.arange(12, dtype=np.float32).reshape(3, 4) - 5.5
    for binary in (False, True):
        inputs = [httpclient.InferInput("x", list(x.shape), "FP32")]
        inputs[0].set_data_from_numpy(x, binary_data=binary)
        outputs = [httpclient.InferRequestedOutput("y", binary_data=binary)]
        result = client.infer("doubler", inputs, outputs=outputs, request_id="r1")
        y = result.as_numpy("y")
        assert y is not None and y.dtype == np.float32, y
        np.testing.assert_allclose(y, 2 * x)
        assert result.get_response()["id"] == "r1"
        print("binary ok" if binary else "json ok")

    # Compressed requests and responses.
    for algorithm in ("gzip", "deflate"):
        inputs = [httpclient.InferInput("x", list(x.shape), "FP32")]
        inputs[0].set_data_from_numpy(x, binary_data=True)
        result = client.infer(
            "doubler", inputs, request_compression_algorithm=algorithm, response_compression_algorithm="gzip"
        )
        np.testing.assert_allclose(result.as_numpy("y"), 2 * x)
    print("compression ok")

    # No outputs named: the binary_data_output request parameter decides.
    inputs = [httpclient.InferInput("x", [1, 2], "FP32")]
    inputs[0].set_data_from_numpy(np.array([[1.5, -2]], dtype=np.float32), binary_data=True)
    np.testing.assert_allclose(client.infer("doubler", inputs).as_numpy("y"), [[3, -4]])

    text = np.array([b"hello", b"", "wörld".encode()], dtype=np.object_)
    for binary in (False, True):
        inputs = [httpclient.InferInput("text:0", [3], "BYTES")]
        inputs[0].set_data_from_numpy(text, binary_data=binary)
        outputs = [
            httpclient.InferRequestedOutput("echo/out", binary_data=binary),
            httpclient.InferRequestedOutput("length", binary_data=binary),
        ]
        result = client.infer("strings.v2", inputs, outputs=outputs, model_version="3")
        echoed = [e if isinstance(e, bytes) else e.encode() for e in result.as_numpy("echo/out").tolist()]
        assert echoed == list(text), echoed
        assert result.as_numpy("length").tolist() == [5, 0, 6]
    print("bytes ok")

    # Bad input is a 400 the client reports, and the server keeps serving.
    inputs = [httpclient.InferInput("x", [1, 3], "INT32")]
    inputs[0].set_data_from_numpy(np.array([[1, 2, 3]], dtype=np.int32))
    try:
        client.infer("doubler", inputs)
        raise AssertionError("INT32 input was accepted")
    except InferenceServerException as error:
        assert "'x'" in str(error), str(error)
    try:
        client.get_model_metadata("missing")
        raise AssertionError("unknown model was found")
    except InferenceServerException as error:
        assert "missing" in str(error), str(error)
    assert client.is_server_live()
    print("errors ok")


if __name__ == "__main__":
    main(sys.argv[1])
