#!/usr/bin/env bash
# Assembles the static web page into build/web: anyone can host that folder on any static server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-wasm.sh >&2
out=build/web
rm -rf "$out"
mkdir -p "$out"
cp web/*.html web/*.js web/*.css "$out"/
cp wasm/dsmark-api.mjs build/wasm/bin/dsmark_core.mjs build/wasm/bin/dsmark_core.wasm "$out"/
echo "$out"
