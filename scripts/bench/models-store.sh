#!/usr/bin/env bash
# Measures the model store with a release build (figures only; never fails on a time):
#   1. `bento models list` over 1,000 stored models;
#   2. time and peak RSS of importing and exporting a 1 GiB file.
# Usage: scripts/bench/models-store.sh [COUNT] [SIZE]   (defaults 1000 and 1G)
set -euo pipefail
cd "$(dirname "$0")/../.."
count="${1:-1000}"
size="${2:-1G}"
swift build -c release --product bento >/dev/null
bento="$PWD/.build/release/bento"
work="$(mktemp -d /tmp/bento-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export BENTO_HOME="$work/home"

# 1,000 small models: written the way `bento models import` would, but through one process
# per 100 models would take minutes, so each is imported with the real binary in parallel batches.
head -c 4096 /dev/urandom >"$work/m.onnx"
seq 1 "$count" | xargs -P 4 -I{} "$bento" models import "$work/m.onnx" --name "model-{}" --framework onnx >/dev/null 2>&1
echo "stored: $(ls "$BENTO_HOME/models" | grep -vc '^\.') models"
/usr/bin/time -f "list over $count models: %e s wall (%U s user, %S s sys), %M KiB peak RSS" "$bento" models list >/dev/null

head -c "$size" /dev/urandom >"$work/big.bin"
/usr/bin/time -f "import $size: %e s wall, %M KiB peak RSS" \
    "$bento" models import "$work/big.bin" --name big --framework swift >/dev/null
/usr/bin/time -f "export $size: %e s wall, %M KiB peak RSS" \
    "$bento" models export big "$work/big.tar" >/dev/null
"$bento" models delete big -y >/dev/null
/usr/bin/time -f "import $size archive: %e s wall, %M KiB peak RSS" \
    "$bento" models import "$work/big.tar" >/dev/null
