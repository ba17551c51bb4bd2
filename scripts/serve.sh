#!/usr/bin/env bash
# The main job: install what is needed, build the core to wasm, assemble the page and serve it at
# http://127.0.0.1:${PORT:-8080}/ until stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh serve
dir=$(scripts/build-web.sh)
exec node scripts/serve.mjs "$dir"
