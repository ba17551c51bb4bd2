#!/usr/bin/env bash
# Builds the core to WebAssembly: build/wasm/bin/dsmark_core.{mjs,wasm}.
# The C libraries come from scripts/wasm-deps.sh (pinned Debian source packages, cached outside the tree).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs NODE_OPTIONS=--no-experimental-fetch
# wasm-deps.sh's cache key runs `emcc -v 2>&1 | head -2` under pipefail: when head exits first, emcc dies of a
# broken pipe (exit 74) before anything is built. That exit is retried; any other failure stops here.
for attempt in $(seq 1 20); do
  rc=0
  DSMARK_WASM_DEPS=$(scripts/wasm-deps.sh) || rc=$?
  [ "$rc" -eq 74 ] || break
done
[ "$rc" -eq 0 ] || exit "$rc"
export DSMARK_WASM_DEPS
cmake --preset wasm -DDSMARK_WASM_DEPS="$DSMARK_WASM_DEPS" >/dev/null
cmake --build --preset wasm
ls -l build/wasm/bin/dsmark_core.wasm >&2
