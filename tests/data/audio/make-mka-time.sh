#!/usr/bin/env bash
# Remakes the Matroska test files of tests/core/audio_block_time_test.cc with ffmpeg (committed, so the core tests do
# not depend on the local ffmpeg's encoders; mkvmerge is not needed). Usage, from anywhere: tests/data/audio/make-mka-time.sh
# From the 1 s sweep of make-aac.sh (48 kHz mono, 200 Hz rising 800 Hz per second, amplitude 0.5, sounding from
# 0.1 s to 0.9 s):
#   time-opus.webm     Opus 64 kbit/s in WebM: CodecDelay 6.5 ms (the 312-sample pre-skip), first block at 0, the
#                      last block in a BlockGroup with DiscardPadding 13.5 ms (the encoder's end padding)
#   time-late.webm     the same, its input 0.5 s late (-itsoffset): the first block at 494 ms
#   time-gap.webm      time-opus.webm remuxed with the blocks from 500 ms on moved 300 ms later (setts): a gap
#   time-late-aac.mkv  AAC LC 96 kbit/s in Matroska, 0.5 s late (no CodecDelay: the priming plays)
#   time-label.webm    the rhythm label of make-aac.sh (· − · · at 1200 Hz from 2 s, unit 90 ms), Opus 32 kbit/s,
#                      1.5 s late: the label starts 3.5 s into the clip
#   ffmpeg-timed.txt   what `ffmpeg -copyts -i X -map 0:a:0 -af aresample=async=1:first_pts=0 -ac 1 -f f32le` gives
#                      for each (the sound at its time: -copyts keeps the timestamps, first_pts=0 writes the silence
#                      before a late start, async=1 fills gaps over 100 ms): the sample count, the first sample not 0,
#                      the first above 0.2, then every 500th sample
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() { "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; }
ff() { run ffmpeg -v error -y -bitexact "$@"; }

ff -f lavfi -i "aevalsrc=0.5*sin(2*PI*(200*t+400*t*t))*between(t\\,0.1\\,0.9):s=48000:d=1" -c:a pcm_s16le "$tmp/sweep.wav"
ff -i "$tmp/sweep.wav" -c:a libopus -b:a 64k time-opus.webm
ff -itsoffset 0.5 -i "$tmp/sweep.wav" -c:a libopus -b:a 64k time-late.webm
ff -i time-opus.webm -c copy -bsf:a "setts=ts=TS+if(gte(TS\\,500)\\,300\\,0)" time-gap.webm
ff -itsoffset 0.5 -i "$tmp/sweep.wav" -c:a aac -b:a 96k time-late-aac.mkv

# The label, as make-aac.sh and tests/node/audio.test.mjs write it.
parts=()
run sox -n -r 48000 -c 1 -b 16 "$tmp/lead.wav" trim 0 2
parts+=("$tmp/lead.wav")
i=0
for onoff in "1 1" "3 3" "1 1" "1 12"; do
  set -- $onoff
  on=$(awk "BEGIN{print $1 * 0.09}"); off=$(awk "BEGIN{print $2 * 0.09}")
  run sox -n -r 48000 -c 1 -b 16 "$tmp/beep$i.wav" synth "$on" sine 1200 gain -8 fade 0.004 "$on" 0.004 pad 0 "$off"
  parts+=("$tmp/beep$i.wav"); i=$((i + 1))
done
run sox "${parts[@]}" "$tmp/label-clean.wav"
run sox -R "$tmp/label-clean.wav" "$tmp/noise.wav" synth whitenoise gain -50
run sox -R -m -v 1 "$tmp/label-clean.wav" -v 1 "$tmp/noise.wav" "$tmp/label.wav"
ff -itsoffset 1.5 -i "$tmp/label.wav" -c:a libopus -b:a 32k time-label.webm

for f in time-opus.webm time-late.webm time-gap.webm time-late-aac.mkv; do
  ffmpeg -v error -copyts -i "$f" -map 0:a:0 -af aresample=async=1:first_pts=0 -ac 1 -f f32le -c:a pcm_f32le "$tmp/$f.f32"
  python3 - "$f" "$tmp/$f.f32" <<'PY'
import array, sys
x = array.array('f')
x.frombytes(open(sys.argv[2], 'rb').read())
first = next((i for i, v in enumerate(x) if v != 0), -1)
onset = next((i for i, v in enumerate(x) if abs(v) > 0.2), -1)
print(sys.argv[1], len(x), first, onset, ' '.join('%.6f' % x[p] for p in range(0, len(x), 500)))
PY
done > ffmpeg-timed.txt
ls -l time-*
