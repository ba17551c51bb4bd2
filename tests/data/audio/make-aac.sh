#!/usr/bin/env bash
# Remakes the AAC test files of tests/core/audio_aac_test.cc with sox, ffmpeg and dsmark's own embedder (they are
# committed so the core tests do not depend on the local ffmpeg's AAC encoder). Usage, from the repository root
# after a native build: tests/data/audio/make-aac.sh
#   label-aac.m4a       the rhythm label · − · · (1200 Hz, unit 90 ms) from 2 s, over quiet noise: AAC LC 64 kbit/s
#   marked-aac.m4a      12 s of espeak-ng Mandarin speech with dsmark's audio watermark (payload 0badf00d): AAC LC 128 kbit/s
#   marked-clip.mp4     the same sound (128 kbit/s) as the track of a 32×32 H.264 clip (moov first: +faststart)
#   marked-frag.m4a     the same sound (128 kbit/s) in a fragmented MP4 (moof/traf/trun)
#   host-aac.m4a        the unmarked 12 s host: AAC LC 64 kbit/s
#   alac.m4a, ac3.mp4   one second of sound in codecs dsmark does not decode (ALAC, AC-3)
# Edit lists and AAC in Matroska (tests/core/audio_edit_test.cc), from a 1 s sweep (48 kHz mono, 200 Hz rising 800
# Hz per second, amplitude 0.5, sounding from 0.1 s to 0.9 s):
#   edit-aac.m4a        AAC LC 96 kbit/s: elst = one edit, media_time 1024 (the priming), duration 1 s
#   edit-mp3.mp4        MP3 (LAME) 96 kbit/s in MP4: elst media_time 1105 (LAME's delay + the decoder's 529)
#   edit-late.mp4       a 2 s 32×32 H.264 clip whose AAC sound starts at 0.5 s (-itsoffset): an empty edit of
#                       478 ms, then media_time 0 for 1022 ms
#   sweep-aac.mkv       AAC LC 96 kbit/s in Matroska (ffmpeg writes no CodecDelay for AAC: the priming plays)
#   label-aac.mka       label-aac.m4a remuxed (-c copy) into Matroska audio: the same AAC, its priming played
#   ffmpeg-decoded.txt  what `ffmpeg -i X -map 0:a -f f32le` gives for each of them: the sample count, the first
#                       sample above 0.2, and the samples at 4900, 6000, 12345, 20000, 30000, 40000 and 47000
set -euo pipefail
cd "$(dirname "$0")"
cli=../../../build/native/bin/dsmark
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() { "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; }
ff() { run ffmpeg -v error -y -bitexact "$@"; }

# The label, as tests/node/audio.test.mjs writes it.
parts=()
run sox -R -n -r 48000 -c 1 -b 16 "$tmp/lead.wav" trim 0 2
parts+=("$tmp/lead.wav")
i=0
for onoff in "1 1" "3 3" "1 1" "1 12"; do
  set -- $onoff
  on=$(awk "BEGIN{print $1 * 0.09}"); off=$(awk "BEGIN{print $2 * 0.09}")
  run sox -R -n -r 48000 -c 1 -b 16 "$tmp/beep$i.wav" synth "$on" sine 1200 gain -8 fade 0.004 "$on" 0.004 pad 0 "$off"
  parts+=("$tmp/beep$i.wav"); i=$((i + 1))
done
run sox -R "${parts[@]}" "$tmp/label-clean.wav"
run sox -R "$tmp/label-clean.wav" "$tmp/noise.wav" synth whitenoise gain -50
run sox -R -m -v 1 "$tmp/label-clean.wav" -v 1 "$tmp/noise.wav" "$tmp/label.wav"
ff -i "$tmp/label.wav" -c:a aac -b:a 64k label-aac.m4a

# The host: a Mandarin sentence from espeak-ng (deterministic), repeated to 12 s, 44.1 kHz stereo. The plucked-string
# synthesis used before is refused by the loudness-weighted embedder (too few loud cells: docs/audio.md).
run espeak-ng -v cmn -s 150 -w "$tmp/speech.wav" "这是一段由人工智能生成的语音，请注意识别。今天天气很好，我们一起去公园散步吧。"
run sox -R "$tmp/speech.wav" -r 44100 -c 2 -b 16 "$tmp/host.wav" repeat 3 trim 0 12 norm -3
run "$cli" watermark embed "$tmp/host.wav" "$tmp/marked.wav" --payload 0badf00d
ff -i "$tmp/host.wav" -c:a aac -b:a 64k host-aac.m4a
ff -i "$tmp/marked.wav" -c:a aac -b:a 128k marked-aac.m4a
ff -i "$tmp/marked.wav" -f lavfi -i color=c=gray:s=32x32:r=5:d=12 -c:v libx264 -preset veryslow -crf 40 \
   -c:a aac -b:a 128k -shortest -movflags +faststart marked-clip.mp4
ff -i "$tmp/marked.wav" -c:a aac -b:a 128k -movflags frag_keyframe+empty_moov -frag_duration 2000000 marked-frag.m4a
ff -i "$tmp/host.wav" -t 0.25 -c:a alac alac.m4a
ff -i "$tmp/host.wav" -f lavfi -i color=c=gray:s=32x32:r=5:d=1 -t 1 -c:v libx264 -c:a ac3 -b:a 96k ac3.mp4

ff -f lavfi -i "aevalsrc=0.5*sin(2*PI*(200*t+400*t*t))*between(t\\,0.1\\,0.9):s=48000:d=1" -c:a pcm_s16le "$tmp/sweep.wav"
ff -i "$tmp/sweep.wav" -c:a aac -b:a 96k edit-aac.m4a
ff -i "$tmp/sweep.wav" -c:a libmp3lame -b:a 96k edit-mp3.mp4
ff -f lavfi -i color=c=gray:s=32x32:r=5:d=2 -itsoffset 0.5 -i "$tmp/sweep.wav" -c:v libx264 -preset veryslow -crf 40 \
   -c:a aac -b:a 96k -shortest edit-late.mp4
ff -i "$tmp/sweep.wav" -c:a aac -b:a 96k sweep-aac.mkv
ff -i label-aac.m4a -c copy label-aac.mka
for f in edit-aac.m4a edit-mp3.mp4 edit-late.mp4 sweep-aac.mkv label-aac.mka; do
  ffmpeg -v error -i "$f" -map 0:a -ac 1 -f f32le -c:a pcm_f32le "$tmp/$f.f32"
  python3 - "$f" "$tmp/$f.f32" <<'PY'
import array, sys
x = array.array('f')
x.frombytes(open(sys.argv[2], 'rb').read())
onset = next((i for i, v in enumerate(x) if abs(v) > 0.2), -1)
probes = ' '.join('%.6f' % x[p] for p in (4900, 6000, 12345, 20000, 30000, 40000, 47000))
print(sys.argv[1], len(x), onset, probes)
PY
done > ffmpeg-decoded.txt
ls -l ./*.m4a ./*.mp4 ./*.mkv ./*.mka
