"""A bounded load generator for the failure tests: THREADS keep-alive connections POST BODY to
URL until TOTAL requests are done or SECONDS have passed, then print one JSON line counting the
answers by status ("error" for a broken connection, "timeout" for no answer within 30 s: far longer than any answer
on a busy CI machine, far shorter than the runner client's own 60 s timeout).

Usage: load.py URL BODY THREADS TOTAL SECONDS
"""

import http.client
import json
import sys
import threading
import time
import urllib.parse


def main(url: str, body: str, threads: int, total: int, seconds: float) -> None:
    parsed = urllib.parse.urlparse(url)
    deadline = time.monotonic() + seconds
    counts: dict = {}
    lock = threading.Lock()
    remaining = [total]

    def take() -> bool:
        with lock:
            if remaining[0] <= 0 or time.monotonic() > deadline:
                return False
            remaining[0] -= 1
            return True

    def count(key: str) -> None:
        with lock:
            counts[key] = counts.get(key, 0) + 1

    def worker() -> None:
        connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
        while take():
            try:
                connection.request("POST", parsed.path, body=body, headers={"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                count(str(response.status))
            except TimeoutError:
                count("timeout")
                connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
            except (OSError, http.client.HTTPException):
                count("error")
                connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print(json.dumps(counts), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]))
