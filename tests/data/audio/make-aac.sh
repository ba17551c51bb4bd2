#!/usr/bin/env bash
# Remakes the AAC test files of tests/core/audio_aac_test.cc with sox, ffmpeg and dsmark's own embedder (they are
# committed so the core tests do not depend on the local ffmpeg's AAC encoder). Usage, from the repository root
# after a native build: tests/data/audio/make-aac.sh
#   label-aac.m4a       the rhythm label · − · · (1200 Hz, unit 90 ms) from 2 s, over quiet noise: AAC LC 64 kbit/s
#   marked-aac.m4a      12 s of music-like sound with dsmark's audio watermark (payload 0badf00d): AAC LC 128 kbit/s
#   marked-clip.mp4     the same sound (128 kbit/s) as the track of a 32×32 H.264 clip (moov first: +faststart)
#   marked-frag.m4a     the same sound (128 kbit/s) in a fragmented MP4 (moof/traf/trun)
#   host-aac.m4a        the unmarked 12 s host: AAC LC 64 kbit/s
#   alac.m4a, ac3.mp4   one second of sound in codecs dsmark does not decode (ALAC, AC-3)
set -euo pipefail
cd "$(dirname "$0")"
cli=../../../build/native/bin/dsmark
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() { "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; }
ff() { run ffmpeg -v error -y -bitexact "$@"; }

# The label, as tests/node/audio.test.mjs writes it.
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
run sox "$tmp/label-clean.wav" "$tmp/noise.wav" synth whitenoise gain -50
run sox -m -v 1 "$tmp/label-clean.wav" -v 1 "$tmp/noise.wav" "$tmp/label.wav"
ff -i "$tmp/label.wav" -c:a aac -b:a 64k label-aac.m4a

run sox -n -r 44100 -c 2 -b 16 "$tmp/host.wav" synth 12 pluck 220 pluck 330 tremolo 3 40 synth 12 pinknoise amod 0.2 gain -12
run "$cli" watermark embed "$tmp/host.wav" "$tmp/marked.wav" --payload 0badf00d
ff -i "$tmp/host.wav" -c:a aac -b:a 64k host-aac.m4a
# On this plucked-string host dsmark's audio mark survives ffmpeg's AAC at 128 kbit/s but not at 64 (docs/audio.md).
ff -i "$tmp/marked.wav" -c:a aac -b:a 128k marked-aac.m4a
ff -i "$tmp/marked.wav" -f lavfi -i color=c=gray:s=32x32:r=5:d=12 -c:v libx264 -preset veryslow -crf 40 \
   -c:a aac -b:a 128k -shortest -movflags +faststart marked-clip.mp4
ff -i "$tmp/marked.wav" -c:a aac -b:a 128k -movflags frag_keyframe+empty_moov -frag_duration 2000000 marked-frag.m4a
ff -i "$tmp/host.wav" -t 0.25 -c:a alac alac.m4a
ff -i "$tmp/host.wav" -f lavfi -i color=c=gray:s=32x32:r=5:d=1 -t 1 -c:v libx264 -c:a ac3 -b:a 96k ac3.mp4
ls -l ./*.m4a ./*.mp4
