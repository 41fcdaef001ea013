#!/usr/bin/env bash
# Figures for bentos and their images (issue 7): build time of a zero-code iris bento, containerize
# time and image size, and the image's cold start: launching its root file system (unshare + chroot,
# as root, as the tests do) until the first 200 from /readyz and from a prediction. Prints figures;
# never fails on a time. Usage: scripts/bench/bento-image.sh [path/to/bento] (default .build/debug/bento).
set -euo pipefail
cd "$(dirname "$0")/../.."
bento=$(realpath "${1:-.build/debug/bento}")
work=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
export BENTO_HOME=$work/home PATH="$PWD/.venv/bin:$PATH"
now() { date +%s.%N; }
"$bento" models import Tests/Fixtures/iris/iris_logreg.onnx --name iris >/dev/null 2>&1
printf 'name: iris-bento\nmodels: [iris]\n' >"$work/bentofile.yaml"
t0=$(now); tag=$("$bento" build -f "$work/bentofile.yaml" 2>/dev/null); t1=$(now)
version=${tag#*:}
"$bento" containerize "$tag" --output "$work/image" >/dev/null 2>&1; t2=$(now)
"$bento" containerize "$tag" --output "$work/image.tar" >/dev/null 2>&1; t3=$(now)
umoci unpack --image "$work/image:$version" "$work/bundle" >/dev/null
env_args=$(skopeo inspect "oci:$work/image:$version" | python3 -c 'import json,sys; print(" ".join(repr(e) for e in json.load(sys.stdin)["Env"]))')
port=39187
t4=$(now)
unshare -m /bin/sh -c "mount -t proc proc $work/bundle/rootfs/proc && exec env -i $env_args chroot --userspec=65532:65532 $work/bundle/rootfs /bento/bin/bento serve /bento --host 127.0.0.1 --port $port" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 400); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz" || true)" = 200 ] && break
    sleep 0.01
done
t5=$(now)
curl -s -X POST "http://127.0.0.1:$port/iris/predict" -d '{"float_input": [[5.1, 3.5, 1.4, 0.2]]}' >/dev/null
t6=$(now)
kill "$pid"; wait "$pid" 2>/dev/null || true
py() { python3 -c "print(f'{$1:.3f}')"; }
echo "bento binary:        $(du -h "$bento" | cut -f1) ($bento)"
echo "bento build:         $(py "$t1-$t0") s   bento size $(du -sh "$BENTO_HOME/bentos/iris-bento/$version" | cut -f1)"
echo "containerize (dir):  $(py "$t2-$t1") s   image layout $(du -sh "$work/image" | cut -f1)"
echo "containerize (.tar): $(py "$t3-$t2") s   archive $(du -h "$work/image.tar" | cut -f1)"
echo "layers (MiB):        $(ls -l "$work/image/blobs/sha256" | awk 'NR>1 && $5>100000 {printf "%.1f  ", $5/1048576}')"
echo "cold start: launch -> first 200 /readyz: $(py "$t5-$t4") s; -> first prediction: $(py "$t6-$t4") s"
