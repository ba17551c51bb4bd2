#!/usr/bin/env bash
# Installs what dsmark's builds and tests need on a Debian (bookworm) machine: apt packages that are missing,
# then the npm packages of package-lock.json. Usage: scripts/install-deps.sh [serve|test]
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-test}

# Build: native libraries (-dev), the wasm toolchain, Node.js.
pkgs=(build-essential cmake pkg-config git ca-certificates emscripten
      nlohmann-json3-dev zlib1g-dev libpng-dev libjpeg-dev libwebp-dev libopus-dev libogg-dev libmbedtls-dev
      libbrotli-dev libsodium-dev libgif-dev libflac-dev libmpg123-dev
      libfaad-dev)  # AAC natively: GPL-2.0-or-later, see README "Licence" (-DDSMARK_WITH_AAC=OFF builds without it)
if [ "$what" = test ]; then
  # Tests: GoogleTest, clang/libFuzzer, sanitizer runtimes, browsers, and third-party writers of test files.
  pkgs+=(libgtest-dev libgmock-dev clang libclang-rt-14-dev chromium fonts-noto-cjk libimage-exiftool-perl
         ffmpeg webp libjpeg-turbo-progs opus-tools sox espeak-ng zip openssl python3)
  pkgs+=(firefox-esr)  # the browser extension's Firefox build, in tests/extension/firefox.test.mjs
fi

# Node.js 18+ and npm: Debian's packages only when no node/npm is on the PATH. A machine with another
# Node.js build (NodeSource's nodejs bundles npm) cannot take Debian's npm: apt refuses the conflict.
node_ok() { command -v node >/dev/null 2>&1 && node -e 'process.exit(parseInt(process.versions.node) < 18 ? 1 : 0)'; }
if ! node_ok; then pkgs+=(nodejs npm)
elif ! command -v npm >/dev/null 2>&1; then pkgs+=(npm)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

if [ "$what" = test ] && [ -f package-lock.json ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund >&2
  fi
fi
