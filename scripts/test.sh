#!/usr/bin/env bash
# Runs every test from a fresh clone: installs what it needs, then
#   native build + GoogleTest, the same suite under ASan/UBSan, the wasm build, native/wasm parity,
#   the page in headless Chromium, and a short run of the benchmark code.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$*" "$(( $(date +%s) - start ))" >&2; }

step "dependencies"
scripts/install-deps.sh test

step "native build and unit tests"
cmake --preset native >/dev/null
cmake --build --preset native
ctest --preset native

step "ASan/UBSan build and unit tests"
cmake --preset native-asan >/dev/null
cmake --build --preset native-asan
ctest --preset native-asan

step "wasm build and page"
scripts/build-web.sh >/dev/null

step "node tests: parity native/wasm, page in Chromium"
node --test --test-reporter=spec tests/node/*.test.mjs tests/web/*.test.mjs

step "browser extension (Chromium, Firefox, store zips) and npm package: build and tests"
# The wasm is built above: only the assembly steps of scripts/build-extension.sh and scripts/build-npm.sh.
node scripts/lib/assemble-extension.mjs build/extension >/dev/null
node scripts/lib/assemble-npm.mjs build/npm >/dev/null
node --test --test-reporter=spec tests/extension/*.test.mjs tests/npm/*.test.mjs

step "benchmark code runs"
node scripts/bench-verify.mjs --repeat 1
node scripts/bench-web.mjs --repeat 1
node scripts/bench-c2pa.mjs --quick
node scripts/bench-watermark.mjs --smoke
build/native/bin/dsmark_bench_text --quick
python3 scripts/bench-audio.py --quick

step "all tests passed"
