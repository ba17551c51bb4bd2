#!/usr/bin/env bash
# Runs every fuzz target (or those named) with libFuzzer for real, SECONDS each (default 180), on a copy of
# its corpus, and prints executions and findings per target. Crashers are left in build/fuzz-findings/<target>/;
# a crasher worth keeping goes into tests/fuzz/corpus/<target>/ so the normal test run replays it.
# Usage: scripts/fuzz.sh [-t SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=180
if [ "${1:-}" = "-t" ]; then secs=$2; shift 2; fi
scripts/install-deps.sh test
cmake --preset fuzz >/dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  cmake --build --preset fuzz >/dev/null
  mapfile -t targets < <(sed -n 's/^dsmark_fuzz_target(\([a-z0-9_]*\)).*/\1/p' tests/fuzz/CMakeLists.txt)
else
  cmake --build --preset fuzz --target "${targets[@]}" >/dev/null  # only what runs (the whole preset takes long)
fi
printf '%-26s %10s %12s %8s %s\n' target seconds executions exec/s findings
for t in "${targets[@]}"; do
  work=build/fuzz-corpus/$t; findings=build/fuzz-findings/$t
  mkdir -p "$work" "$findings"
  cp -n tests/fuzz/corpus/"$t"/* "$work"/ 2>/dev/null || true
  log=build/fuzz-findings/$t.log
  rc=0
  build/fuzz/bin/"$t" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$findings/" "$work" > "$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  n=$(find "$findings" -type f | wc -l)
  printf '%-26s %10s %12s %8s %s\n' "$t" "$secs" "${execs:-?}" "${rate:-?}" "$n$([ $rc -ne 0 ] && echo " (exit $rc, see $log)")"
done
