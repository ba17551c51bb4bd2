#!/usr/bin/env bash
# Rewrites the golden reports (tests/golden/) from the current build, then shows what changed. Review the diff
# before committing: every change in a golden report is a change in what users are told.
# Usage: scripts/update-goldens.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d ../shared/fixtures ] || { echo "../shared/fixtures is absent: the golden reports are made from those files" >&2; exit 1; }
cmake --preset native >/dev/null
cmake --build --preset native --target dsmark_tests >/dev/null
DSMARK_UPDATE_GOLDENS=1 build/native/bin/dsmark_tests --gtest_filter='*Golden*' >/dev/null
git status --short tests/golden
git --no-pager diff --stat tests/golden
