#!/usr/bin/env bash
# Assembles the static web page into build/web: anyone can host that folder on any static server (relative URLs
# only). Subresource Integrity hashes and the offline file list are computed here (scripts/lib/assemble-web.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-wasm.sh >&2
out=build/web
node scripts/lib/assemble-web.mjs web build/wasm/bin wasm/dsmark-api.mjs "$out"
echo "$out"
