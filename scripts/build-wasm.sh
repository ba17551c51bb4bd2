#!/usr/bin/env bash
# Builds the core to WebAssembly: build/wasm/bin/dsmark_core.{mjs,wasm}.
# The C libraries come from scripts/wasm-deps.sh (pinned Debian source packages, cached outside the tree).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs NODE_OPTIONS=--no-experimental-fetch
DSMARK_WASM_DEPS=$(scripts/wasm-deps.sh)
export DSMARK_WASM_DEPS
cmake --preset wasm -DDSMARK_WASM_DEPS="$DSMARK_WASM_DEPS" >/dev/null
cmake --build --preset wasm
ls -l build/wasm/bin/dsmark_core.wasm >&2
