#!/usr/bin/env bash
# Builds the npm package (not published) and its example page:
#   build/npm/package/           the package folder (example page: build/npm/package/example/)
#   build/npm/dsmark-<version>.tgz   what `npm publish` would upload
# Try the example: node scripts/serve.mjs build/npm/package  → http://127.0.0.1:8080/example/
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-wasm.sh >&2
node scripts/lib/assemble-npm.mjs build/npm
ls build/npm/*.tgz
