#!/usr/bin/env bash
# Builds the browser extension for Chromium and Firefox from extension/ and the wasm core, and the store zips:
#   build/extension/{chromium,firefox}/                     unpacked (chrome://extensions "Load unpacked",
#                                                           about:debugging "Load Temporary Add-on")
#   build/extension/dsmark-<version>-{chromium,firefox}.zip  for the Chrome Web Store and addons.mozilla.org
# See docs/extension.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-wasm.sh >&2
command -v ffmpeg >/dev/null || { echo "ffmpeg is needed to draw the icons: scripts/install-deps.sh test" >&2; exit 1; }
node scripts/lib/assemble-extension.mjs build/extension
ls build/extension/*.zip
