#!/usr/bin/env bash
# Tokenizer throughput on one core, release build: prints figures, never fails on a time.
#   Examples/EmbeddingService/Bench/run.sh [VOCAB_TXT] [SECONDS_PER_CASE]
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
out=$(mktemp -d /tmp/wordpiece-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT
# One module: the WordPiece sources and the benchmark's main.swift (compiled in $out so no
# build products land in the repository).
(cd "$out" && swiftc -O -wmo -module-name WordPieceBench -o "$out/bench" \
    $(find "$root/Examples/EmbeddingService/WordPiece" -name '*.swift') "$root/Examples/EmbeddingService/Bench/main.swift")
"$out/bench" "${1:-$root/.fixtures/minilm/vocab.txt}" "${2:-2}"
