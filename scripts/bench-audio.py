#!/usr/bin/env python3
"""Robustness benchmark of dsmark's audio detectors with real codecs and tools (issue 6).

Part 1, watermark:dsmark-audio: speech (espeak-ng, several languages) and music-like synthesis (sox) are marked
with `dsmark watermark embed`, attacked (opusenc/opusdec 16-64 kbit/s, ffmpeg MP3 and AAC 64 kbit/s, sox 48->16 kHz,
gain +-6 dB, white noise at 20 dB SNR, 10 s cuts, 300-3400 Hz phone band) and checked with `dsmark verify --json`.
Prints attack x detection x payload accuracy, and the mark-to-signal ratio of every marked clip. The unmarked
clips go through the same attacks: every watermark found there is a false positive.

Part 2, explicit:audio-rhythm: the Morse "AI" label (. - . .) generated at several pitches, units and gaps, over
silence, speech and music (plucked chords, melodies), at the start, middle and end, and after codecs: hits, by
category. Speech in many languages and robotic settings, music, melodies whose notes last 1-3 units like Morse
elements, ring/busy/network tones, DTMF, alarms, appliances, metronomes, other Morse letters and CW text: false
alarms, by category. The detector's own time (build/native/bin/dsmark_rhythm_probe).

Part 3, voices: the watermark on 16 more espeak-ng voices, as marked and after Opus 32 kbit/s.

Part 4, speed: decode + all audio detectors natively (`dsmark verify`) and in wasm (scripts/verify-wasm.mjs when
build/wasm exists), as multiples of real time.

Usage: python3 scripts/bench-audio.py [--quick] [--keep DIR] [--part watermark|voices|rhythm|speed]...
  --quick   one language, fewer cases (the test suite runs this to check the script works; its figures are not
            the benchmark's)
Figures are printed against the issue's targets; a missed target is printed as missed.
"""
import argparse
import json
import math
import os
import random
import re
import resource
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import wave

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DSMARK = os.path.join(ROOT, 'build', 'native', 'bin', 'dsmark')
PAYLOAD = 'c0ffee42'
CUT_STEP = 0.5  # seconds between the starts of the 10 s cuts
CUTS = f'10 s cuts, every {CUT_STEP} s'
OPUS_CUTS = f'opus 32 + 10 s cuts, every {CUT_STEP} s'


def run(cmd, **kw):
    # sox -R: repeatable mode (fixed seeds for its dither and noise). Without it every run dithers differently, and
    # Opus at low rates turns last-bit differences into figures that moved by up to 20 % between runs.
    if cmd[0] == 'sox':
        cmd = ['sox', '-R'] + cmd[1:]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    if r.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({r.returncode}): {r.stderr.decode(errors='replace')[-400:]}")
    return r.stdout


def write_wav(path, samples, rate):
    with wave.open(path, 'wb') as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b''.join(struct.pack('<h', max(-32767, min(32767, int(round(s * 32767))))) for s in samples))


def rms_db(path):
    out = subprocess.run(['sox', path, '-n', 'stats'], stderr=subprocess.PIPE, stdout=subprocess.PIPE).stderr.decode()
    for line in out.splitlines():
        if line.startswith('RMS lev dB'):
            return float(line.split()[3])
    raise RuntimeError('sox stats: no RMS level')


def read_mono16(path):
    """The samples of a 16-bit mono WAV as integers (the bench writes its sources and dsmark keeps the format)."""
    import array
    with wave.open(path, 'rb') as w:
        if w.getsampwidth() != 2 or w.getnchannels() != 1:
            raise RuntimeError(f'{path}: expected 16-bit mono')
        a = array.array('h', w.readframes(w.getnframes()))
        return a, w.getframerate()


def local_msr(src, dst, window_s=0.02, floor_db=-50.0):
    """Mark-to-signal ratio in 20 ms windows: the worst and the 95th percentile over the windows whose sound is
    within 50 dB of the clip's loud level (90th percentile of the windows; below that the 16-bit output's own
    rounding dominates the difference)."""
    x, rate = read_mono16(src)
    y, _ = read_mono16(dst)
    n = int(window_s * rate)
    ex, em = [], []
    for a in range(0, min(len(x), len(y)) - n + 1, n):
        xs, ys = x[a:a + n], y[a:a + n]
        ex.append(sum(v * v for v in xs) + 1e-9)
        em.append(sum((b - v) * (b - v) for v, b in zip(xs, ys)) + 1e-9)
    loud = sorted(ex)[len(ex) * 9 // 10]
    ratios = sorted(10 * math.log10(m / e) for e, m in zip(ex, em) if 10 * math.log10(e / loud) > floor_db)
    return ratios[-1], ratios[int(len(ratios) * 0.95)]


def duration(path):
    return float(run(['soxi', '-D', path]).decode().strip())


# ---------------------------------------------------------------- material


def speech(tmp, lang, text, seconds, rate=48000):
    raw = os.path.join(tmp, f'speech-{lang}-raw.wav')
    out = os.path.join(tmp, f'speech-{lang}.wav')
    run(['espeak-ng', '-v', lang, '-s', '150', '-w', raw, text])
    # repeat the sentence to the length wanted, then 48 kHz mono 16-bit
    d = duration(raw)
    reps = max(0, int(math.ceil(seconds / max(d, 0.5))) - 1)
    run(['sox', raw, '-r', str(rate), '-b', '16', out, 'repeat', str(reps), 'trim', '0', str(seconds), 'norm', '-3'])
    return out


def music(tmp, name, seconds, seed, rate=48000):
    """Music-like synthesis: a chord progression of plucked strings with a bass line and tremolo."""
    rnd = random.Random(seed)
    roots = [220.0, 246.94, 196.0, 174.61, 261.63]
    parts = []
    t = 0
    i = 0
    while t < seconds:
        root = rnd.choice(roots)
        seg = os.path.join(tmp, f'{name}-{i}.wav')
        run(['sox', '-n', '-r', str(rate), '-b', '16', '-c', '1', seg, 'synth', '1', 'pluck', str(root),
             'pluck', str(root * 1.26), 'pluck', str(root * 1.5), 'sine', str(root / 2), 'tremolo', '5', '30',
             'fade', '0', '1', '0.3', 'gain', '-10'])
        parts.append(seg)
        t += 1
        i += 1
    out = os.path.join(tmp, f'{name}.wav')
    run(['sox'] + parts + [out, 'trim', '0', str(seconds), 'norm', '-3'])
    for p in parts:
        os.remove(p)
    return out


# ---------------------------------------------------------------- attacks (each: input wav -> output file dsmark reads)


def attacks(quick):
    a = []

    def opus(kbps):
        def f(src, dst):
            enc = dst + '.opus'
            run(['opusenc', '--quiet', '--bitrate', str(kbps), src, enc])
            run(['opusdec', '--quiet', '--rate', '48000', enc, dst])
        return (f'opus {kbps} kbit/s', f)

    def ffmpeg(codec, ext, kbps):
        def f(src, dst):
            enc = dst + '.' + ext
            run(['ffmpeg', '-v', 'error', '-y', '-i', src, '-c:a', codec, '-b:a', f'{kbps}k', enc])
            run(['ffmpeg', '-v', 'error', '-y', '-i', enc, '-ar', '48000', dst])
        return (f'{"MP3" if ext == "mp3" else "AAC"} {kbps} kbit/s', f)

    def aac_read_natively(kbps):
        # The M4A itself goes to dsmark verify: its own AAC decoder (native builds with libfaad), not ffmpeg's.
        return (f'AAC {kbps} kbit/s, M4A read', lambda src, dst: run(
            ['ffmpeg', '-v', 'error', '-y', '-i', src, '-c:a', 'aac', '-b:a', f'{kbps}k', '-f', 'ipod', dst]))

    def sox(name, *effects):
        return (name, lambda src, dst: run(['sox', src, dst] + list(effects)))

    def noise(snr_db):
        def f(src, dst):
            level = rms_db(src)
            n = dst + '.noise.wav'
            run(['sox', src, n, 'synth', 'whitenoise', 'gain', '-n', '-20'])  # same length and rate
            nlevel = rms_db(n)
            run(['sox', '-m', '-v', '1', src, '-v', str(10 ** ((level - snr_db - nlevel) / 20)), n, dst])
        return (f'white noise {snr_db} dB SNR', f)

    a.append(('none', lambda src, dst: shutil.copyfile(src, dst)))
    a.append(opus(32))
    if not quick:
        a += [opus(16), opus(24), opus(48), opus(64)]
        a.append(ffmpeg('libmp3lame', 'mp3', 64))
        a.append(ffmpeg('aac', 'm4a', 64))
        a += [aac_read_natively(64), aac_read_natively(128)]
        a.append(sox('resample 48->16 kHz', 'rate', '16k'))
        a.append(sox('gain +6 dB', 'gain', '6'))  # clips peaks above full scale (the sources peak at -3 dB)
        a.append(sox('gain -6 dB', 'gain', '-6'))
        a.append(noise(20))
        a.append(sox('phone band 300-3400 Hz', 'sinc', '300-3400'))
        a.append(('phone band + 8 kHz + opus 16', lambda s, d: (run(['sox', s, d + '.p.wav', 'sinc', '300-3400',
                                                                      'rate', '8k']),
                                                                 run(['opusenc', '--quiet', '--bitrate', '16',
                                                                      d + '.p.wav', d + '.opus']),
                                                                 run(['opusdec', '--quiet', '--rate', '48000',
                                                                      d + '.opus', d]))))
    return a


def verify(path):
    out = run([DSMARK, 'verify', '--json', path]).decode()
    return json.loads(out.splitlines()[0])


def marks(report, scheme):
    return [m for m in report.get('marks', []) if m.get('scheme') == scheme]


def watermark_part(tmp, sources, quick):
    print('\n== watermark:dsmark-audio ==')
    print(f'payload {PAYLOAD}; detection = a watermark mark with p <= 1e-9; payload = the 32 bits read back exactly')
    marked = []
    for src in sources:
        dst = src.replace('.wav', '-marked.wav')
        run([DSMARK, 'watermark', 'embed', src, dst, '--payload', PAYLOAD])
        diff = dst + '.diff.wav'
        run(['sox', '-m', '-v', '1', dst, '-v', '-1', src, diff])
        msr = rms_db(diff) - rms_db(src)
        marked.append((src, dst, msr))
    print('\nmark-to-signal ratio (RMS of marked - original over RMS of original; target <= -30 dB), and the same in')
    print('20 ms windows within 50 dB of the clip\'s loud level (the embedder keeps the mark 10 dB under the sound in')
    print('every 2.5 ms slice; onsets and the gaps between pitch pulses make a 20 ms window read higher):')
    print(f'  {"":28s} {"whole":>8s} {"20 ms: worst":>13s} {"95th pct":>9s}')
    worst = -999
    for src, dst, msr in marked:
        worst = max(worst, msr)
        lw, l95 = local_msr(src, dst)
        print(f'  {os.path.basename(src):28s} {msr:5.1f} dB {lw:10.1f} dB {l95:6.1f} dB')
    print(f'  worst {worst:.1f} dB: {"met" if worst <= -30 else "MISSED"}')

    targets = {'none', 'opus 32 kbit/s', 'MP3 64 kbit/s', 'resample 48->16 kHz', 'gain +6 dB', 'gain -6 dB',
               'white noise 20 dB SNR', CUTS}
    print(f'\n{"attack":40s} {"detected":>9s} {"payload exact":>14s} {"median z":>9s} {"worst p":>9s}  target')
    missed_targets = []
    counts = {'false_pos': 0, 'unmarked': 0}

    def score(name, pairs):
        """pairs: (marked clip after the attack, unmarked clip after the same attack). Prints the row."""
        det = exact = 0
        zs = []
        worst_p = 0.0
        for out, out_unmarked in pairs:
            wm = marks(verify(out), 'watermark:dsmark-audio')
            if wm:
                det += 1
                f = wm[0].get('fields', {})
                zs.append(f.get('z', 0))
                worst_p = max(worst_p, f.get('p_value', 1))
                if f.get('payload') == PAYLOAD:
                    exact += 1
            else:
                worst_p = 1.0
            counts['unmarked'] += 1
            if marks(verify(out_unmarked), 'watermark:dsmark-audio'):
                counts['false_pos'] += 1
        n = len(pairs)
        zs.sort()
        med = zs[len(zs) // 2] if zs else 0
        is_target = name in targets
        ok = exact == n
        if is_target and not ok:
            missed_targets.append(name)
        print(f'{name:40s} {det:>4d}/{n:<4d} {exact:>8d}/{n:<5d} {med:9.1f} {worst_p:9.1e}  '
              f'{("met" if ok else "MISSED") if is_target else "-"}')

    for name, fn in attacks(quick):
        pairs = []
        for i, (src, dst, _) in enumerate(marked):
            out, out_unmarked = os.path.join(tmp, f'atk-{i}.wav'), os.path.join(tmp, f'atk-u{i}.wav')
            fn(dst, out)
            fn(src, out_unmarked)
            pairs.append((out, out_unmarked))
        score(name, pairs)

    # Any 10 s excerpt carries the payload: cuts starting every CUT_STEP seconds through each clip, as they are
    # and after Opus 32 kbit/s (encoded once per clip, then cut).
    for label, codec in ((CUTS, None), (OPUS_CUTS, 32)):
        pairs = []
        for i, (src, dst, _) in enumerate(marked):
            for which, path in (('m', dst), ('u', src)):
                base = path
                if codec:
                    base = os.path.join(tmp, f'cut-{which}{i}.opus.wav')
                    run(['opusenc', '--quiet', '--bitrate', str(codec), path, base + '.opus'])
                    run(['opusdec', '--quiet', '--rate', '48000', base + '.opus', base])
                starts = [k * CUT_STEP for k in range(int((duration(base) - 10.0) / CUT_STEP + 1e-6) + 1)]
                for k, start in enumerate(starts):
                    out = os.path.join(tmp, f'cut-{which}{i}-{k}.wav')
                    run(['sox', base, out, 'trim', f'{start:.2f}', '10'])
                    if which == 'm':
                        pairs.append([out, None])
                    else:
                        pairs[len(pairs) - len(starts) + k][1] = out
        score(label, [tuple(p) for p in pairs])
    false_pos, unmarked_checked = counts['false_pos'], counts['unmarked']
    print(f'\n"{OPUS_CUTS}" is not one of the issue\'s targets, which name the attacks one at a time; it is printed')
    print('because a forwarded voice note that is then trimmed meets both. 10 s of speech after Opus 32 kbit/s is beyond')
    print('this design at -30 dB (docs/audio.md); "detected" and "payload exact" differing would mean a wrong payload.')
    print(f'\nfalse positives on unmarked audio (every source through every attack): {false_pos} of {unmarked_checked} '
          f'clips (target 0): {"met" if false_pos == 0 else "MISSED"}')
    print('analytic bound per clip: p <= 1e-9 by construction (the detector reports a mark only when its Chernoff '
          'bound over every alignment is <= 1e-9; docs/audio.md)')
    return missed_targets, false_pos


# ---------------------------------------------------------------- rhythm label


def tone_segments(pattern, unit, freq, rate, long_gap, amp=0.5):
    """pattern: string of '.' and '-', letters separated by ' '. Returns float samples."""
    out = []
    ramp = int(0.004 * rate)

    def tone(n):
        for k in range(n):
            env = min(1.0, k / ramp, (n - 1 - k) / ramp) if ramp else 1.0
            out.append(amp * env * math.sin(2 * math.pi * freq * k / rate))

    def silence(n):
        out.extend([0.0] * n)

    u = int(unit * rate)
    letters = pattern.split(' ')
    for li, letter in enumerate(letters):
        for si, sym in enumerate(letter):
            tone(u if sym == '.' else 3 * u)
            if si + 1 < len(letter):
                silence(u)
        if li + 1 < len(letters):
            silence(3 * u if long_gap else u)
    return out


def label_file(tmp, name, pattern, unit, freq, long_gap, background, position, rate=16000, snr_over_bg=10.0):
    lab = tone_segments(pattern, unit, freq, rate, long_gap)
    lab_path = os.path.join(tmp, name + '-lab.wav')
    write_wav(lab_path, lab, rate)
    out = os.path.join(tmp, name + '.wav')
    lab_d = len(lab) / rate
    if background is None:
        total = 8.0
        at = {'start': 0.3, 'middle': 3.5, 'end': total - lab_d - 0.3}[position]
        run(['sox', lab_path, out, 'pad', f'{at:.6f}', f'{max(0.0, total - at - lab_d):.6f}'])
        return out
    bg = os.path.join(tmp, name + '-bg.wav')
    run(['sox', background, '-r', str(rate), '-c', '1', bg, 'trim', '0', '12', 'gain', '-n', '-20'])
    total = duration(bg)
    at = {'start': 0.0, 'middle': 5.0, 'end': total - lab_d}[position]
    padded = os.path.join(tmp, name + '-pad.wav')
    run(['sox', lab_path, padded, 'pad', f'{at:.6f}', f'{max(0.0, total - at - lab_d):.6f}', 'gain', '-n',
         str(-20 + snr_over_bg)])
    run(['sox', '-m', '-v', '1', bg, '-v', '1', padded, out])
    return out


def synth_notes(notes, rate=16000, amp=0.3):
    """notes: (start_s, length_s, freq_hz or None, timbre) -> float samples. Timbres: 'sine', 'square' (odd
    harmonics, a buzzer), 'pluck' (harmonics with an exponential decay), 'click' (a 1.5 ms noise-free ping)."""
    end = max(t + d for t, d, _, _ in notes) + 0.5
    out = [0.0] * int(end * rate)
    ramp = int(0.004 * rate)
    for t, d, f, timbre in notes:
        if f is None:
            continue
        n0, n = int(t * rate), int(d * rate)
        for k in range(n):
            env = min(1.0, k / ramp, (n - 1 - k) / ramp)
            ph = 2 * math.pi * f * k / rate
            if timbre == 'sine':
                v = math.sin(ph)
            elif timbre == 'square':
                v = math.sin(ph) + math.sin(3 * ph) / 3 + math.sin(5 * ph) / 5
            elif timbre == 'pluck':
                v = (math.sin(ph) + 0.5 * math.sin(2 * ph) + 0.3 * math.sin(3 * ph)) * math.exp(-4.0 * k / rate)
            else:  # click
                v = math.sin(ph) * math.exp(-k / (0.004 * rate))
            out[n0 + k] += amp * env * v
    return out


def melody_notes(seed, unit, staccato, timbre, seconds=10.0):
    """A melody on a pentatonic scale (330-1760 Hz) whose notes last 1, 2 or 3 units, like Morse elements, with
    1-unit rests (staccato) or none (legato). Never four notes in a row at one pitch (that could be the label)."""
    rnd = random.Random(seed)
    scale = [330, 392, 440, 494, 587, 659, 784, 880, 988, 1175, 1319, 1568, 1760]
    notes, t, run, prev = [], 0.3, 0, None
    while t < seconds:
        # repeated notes are common in melodies: stay on the pitch half the time, up to three in a row
        f = prev if prev is not None and run < 3 and rnd.random() < 0.5 else rnd.choice([x for x in scale if x != prev])
        run = run + 1 if f == prev else 1
        d = unit * rnd.choice([1, 1, 1, 2, 3])
        notes.append((t, d, f, timbre))
        t += d + (unit if staccato else 0.0)
        prev = f
    return notes


def rhythm_part(tmp, speech_clips, music_clips, quick):
    print('\n== explicit:audio-rhythm ==')
    rate = 16000
    positives, negatives = [], []  # (category, name, path)

    def notes_file(name, notes):
        p = os.path.join(tmp, name + '.wav')
        write_wav(p, synth_notes(notes, rate), rate)
        return p

    # ---- hits: the label at every pitch/unit/gap over silence, then over speech and music at the start, middle
    # and end (its peak 10 dB over the background's), then after codecs
    freqs = [300, 1000, 4000] if not quick else [1000]
    units = [0.05, 0.12, 0.3] if not quick else [0.12]
    for f in freqs:
        for u in units:
            for gap in (False, True):
                name = f'f{f}-u{int(u * 1000)}-{"long" if gap else "short"}'
                positives.append(('silence', name, label_file(tmp, 'r-' + name, '.- ..', u, f, gap, None, 'middle')))
    melody_bg = notes_file('melody-bg', melody_notes(7, 0.12, True, 'pluck', 13) +
                           melody_notes(8, 0.25, False, 'sine', 13))
    backgrounds = [('silence', 'silence', None)]
    backgrounds += [('speech', os.path.basename(c)[:-4], c) for c in speech_clips[:2]]
    backgrounds += [('music: plucked chords', os.path.basename(music_clips[0])[:-4], music_clips[0])]
    if not quick:
        backgrounds += [('music: plucked chords', os.path.basename(music_clips[1])[:-4], music_clips[1]),
                        ('music: melodies', 'melody', melody_bg)]
    for cat, bname, bpath in backgrounds:
        for pos in ('start', 'middle', 'end'):
            for f, u, gap in ((800, 0.1, True), (2500, 0.2, True), (1200, 0.06, False)):
                if quick and u < 0.1:
                    continue
                name = f'{bname}-{pos}-f{f}-u{int(u * 1000)}-{"long" if gap else "short"}'
                positives.append((cat, name, label_file(tmp, 'r-' + name, '.- ..', u, f, gap, bpath, pos)))
    if not quick:
        # through codecs: Opus 24 kbit/s, MP3 64 kbit/s, the phone band at 8 kHz
        src = [p for c, n, p in positives if n.startswith(os.path.basename(speech_clips[0])[:-4] + '-middle-f800')][0]
        for name, cmd in (('opus 24 kbit/s', lambda d: (run(['opusenc', '--quiet', '--bitrate', '24', src, d + '.opus']),
                                                          run(['opusdec', '--quiet', d + '.opus', d]))),
                          ('mp3 64 kbit/s', lambda d: (run(['ffmpeg', '-loglevel', 'error', '-y', '-i', src, '-b:a',
                                                            '64k', d + '.mp3']),
                                                       run(['ffmpeg', '-loglevel', 'error', '-y', '-i', d + '.mp3', d]))),
                          ('phone band 300-3400 Hz at 8 kHz', lambda d: run(['sox', src, '-r', '8000', d, 'sinc',
                                                                            '300-3400']))):
            d = os.path.join(tmp, 'r-codec-' + name.split()[0] + '.wav')
            cmd(d)
            positives.append(('after codecs (over speech)', name, d))

    # ---- false alarms
    negatives += [('speech', os.path.basename(c)[:-4], c) for c in speech_clips]
    if not quick:
        # more voices: other languages, and monotone or fast robotic settings (steady harmonics are the hard part)
        extra = [('fr', 'Bonjour, je suis ton ami. Rappelle-moi dès que tu entends ce message, c’est très important.', []),
                 ('it', 'Ciao, sono il tuo amico. Richiamami appena senti questo messaggio, è molto importante.', []),
                 ('pt', 'Olá, sou o teu amigo. Liga-me assim que ouvires esta mensagem, é muito importante.', []),
                 ('hi', 'नमस्ते, मैं आपका दोस्त हूँ। यह संदेश सुनते ही मुझे फ़ोन करना, बहुत ज़रूरी है।', []),
                 ('ko', '안녕하세요, 친구예요. 이 메시지를 들으면 바로 전화해 주세요. 아주 중요해요.', []),
                 ('vi', 'Xin chào, tôi là bạn của bạn. Hãy gọi lại cho tôi ngay khi nghe tin nhắn này.', []),
                 ('en', 'Beep. Your call is important to us. Please hold the line. Beep.', ['-p', '0', '-s', '120']),
                 ('en', 'One two three four five six seven eight nine ten.', ['-p', '99', '-s', '260']),
                 ('cmn', '一二三四五六七八九十，现在是北京时间十二点整。', ['-p', '10', '-s', '110'])]
        for i, (lang, text, opts) in enumerate(extra):
            raw = os.path.join(tmp, f'sp-extra-{i}.wav')
            run(['espeak-ng', '-v', lang] + opts + ['-w', raw, text])
            out = os.path.join(tmp, f'n-speech-{i}-{lang}.wav')
            run(['sox', raw, '-r', str(rate), out, 'repeat', '2', 'norm', '-3'])
            negatives.append(('speech', f'{lang} {" ".join(opts) or "default"}', out))
    negatives += [('music: plucked chords', os.path.basename(c)[:-4], c) for c in music_clips]
    for seed in (range(1, 3) if quick else range(1, 13)):
        unit = [0.06, 0.1, 0.15, 0.25][seed % 4]
        staccato = seed % 3 != 0
        timbre = ['sine', 'square', 'pluck'][seed % 3]
        name = f'melody {seed}: {int(unit * 1000)} ms units, {"staccato" if staccato else "legato"}, {timbre}'
        negatives.append(('music: melodies with Morse-like note lengths', name,
                          notes_file(f'n-melody-{seed}', melody_notes(seed, unit, staccato, timbre))))
    # the label's rhythm over more than one pitch (a melody's motif), and ·−· at one pitch then another pitch
    for i, pitches in enumerate(((523, 659, 523, 523), (523, 523, 659, 523), (659, 523, 523, 523), (523, 523, 523, 784))):
        notes, t = [], 0.5
        for rep in range(3):
            for k, (f, d) in enumerate(zip(pitches, (1, 3, 1, 1))):
                notes.append((t, d * 0.12, f, 'sine'))
                t += d * 0.12 + (0.36 if k == 1 else 0.12)
            t += 1.0
        negatives.append(('music: melodies with Morse-like note lengths', f'·−·· over pitches {pitches}',
                          notes_file(f'n-motif-{i}', notes)))

    def cadence(name, freqs_hz, pattern_s, reps, timbre='sine'):
        notes, t = [], 0.2
        for _ in range(reps):
            for on, off in pattern_s:
                for fq in freqs_hz:
                    notes.append((t, on, fq, timbre))
                t += on + off
        return notes_file('n-' + name, notes)

    tel = 'ring, busy and network tones'
    negatives.append((tel, 'ring NA 440+480 2/4 s', cadence('ringna', [440, 480], [(2, 4)], 2)))
    negatives.append((tel, 'ring CN 450 1/4 s', cadence('ringcn', [450], [(1, 4)], 2)))
    negatives.append((tel, 'ring UK 400+450 .4/.2/.4/2', cadence('ringuk', [400, 450], [(0.4, 0.2), (0.4, 2)], 3)))
    negatives.append((tel, 'busy 480+620 .5/.5', cadence('busy', [480, 620], [(0.5, 0.5)], 6)))
    negatives.append((tel, 'busy CN 450 .35/.35', cadence('busycn', [450], [(0.35, 0.35)], 10)))
    negatives.append((tel, 'SIT 914/1371/1777 Hz', cadence('sit', [914], [(0.274, 0)], 1) if quick else
                      notes_file('n-sit', [(0.3 + 2 * r, 0.274, 914, 'sine') for r in range(3)] +
                                 [(0.574 + 2 * r, 0.274, 1371, 'sine') for r in range(3)] +
                                 [(0.848 + 2 * r, 0.38, 1777, 'sine') for r in range(3)])))
    negatives.append((tel, 'call waiting 440 .3 s x2', cadence('callwait', [440], [(0.3, 0.1), (0.3, 3)], 2)))
    dtmf = {'1': (697, 1209), '2': (697, 1336), '3': (697, 1477), '4': (770, 1209), '5': (770, 1336),
            '6': (770, 1477), '7': (852, 1209), '8': (852, 1336), '9': (852, 1477), '0': (941, 1336)}
    for digits, on, off in (('13800138000', 0.1, 0.1), ('5551234', 0.07, 0.07), ('911', 0.25, 0.1),
                            ('1111 5555', 0.1, 0.1)):
        notes, t = [], 0.2
        for d in digits:
            if d != ' ':
                notes += [(t, on, dtmf[d][0], 'sine'), (t, on, dtmf[d][1], 'sine')]
            t += on + off
        negatives.append(('DTMF', f'DTMF {digits} ({int(on * 1000)} ms)', notes_file(f'n-dtmf-{digits.replace(" ", "")}', notes)))
    al = 'alarms, appliances, metronomes'
    negatives.append((al, 'smoke alarm T3 3.1 kHz', cadence('t3', [3100], [(0.5, 0.5), (0.5, 0.5), (0.5, 1.5)], 3, 'square')))
    negatives.append((al, 'CO alarm T4 3 kHz', cadence('t4', [3000], [(0.1, 0.1)] * 3 + [(0.1, 2.0)], 3, 'square')))
    negatives.append((al, 'alarm clock 2 kHz 4 fast beeps', cadence('clock', [2000], [(0.08, 0.08)] * 3 + [(0.08, 0.6)], 5, 'square')))
    negatives.append((al, 'reversing beeper 1.1 kHz', cadence('reverse', [1100], [(0.5, 0.5)], 8, 'square')))
    negatives.append((al, 'microwave 3 beeps', cadence('microwave', [2400], [(0.3, 0.2)] * 2 + [(0.3, 3)], 2)))
    negatives.append((al, 'sox beeps 1 kHz every 0.5 s', cadence('beeps', [1000], [(0.1, 0.4)], 12)))
    negatives.append((al, 'seat-belt chime', cadence('chime', [740, 1480], [(0.15, 0.85)], 8, 'pluck')))
    for bpm in (60, 120, 200):
        beat = 60.0 / bpm
        notes = [(0.2 + i * beat, 0.03, 1500 if i % 4 == 0 else 1000, 'click') for i in range(int(10 / beat))]
        negatives.append((al, f'metronome {bpm} bpm, accented', notes_file(f'n-metro-{bpm}', notes)))
    morse = {'N': '-.', 'R': '.-.', 'P': '.--.', 'K': '-.-', 'F': '..-.', 'E I': '. ..', 'A S': '.- ...', 'A E': '.- .',
             'W I': '.-- ..', 'A': '.-', 'I': '..', 'SOS': '... --- ...', 'A N': '.- -.', 'U I': '..- ..',
             'A U': '.- ..-', 'N I': '-. ..', 'D': '-..', 'B': '-...', 'AR': '.-.-.', 'A D': '.- -..',
             'R I': '.-. ..', 'A H': '.- ....'}
    for letters, pat in (morse.items() if not quick else list(morse.items())[:4]):
        for f, u in ((700, 0.08), (1500, 0.2)):
            lab = tone_segments(pat, u, f, rate, True)
            p = os.path.join(tmp, f'n-morse-{letters.replace(" ", "")}-{f}.wav')
            write_wav(p, [0.0] * rate + lab + [0.0] * rate, rate)
            negatives.append(('other Morse letters and words', f'Morse {letters} ({f} Hz, {int(u * 1000)} ms)', p))
    if not quick:
        # Morse text as radio amateurs send it (no isolated A I or L in it)
        for text, u, f in (('CQ CQ DE BG1ABC K', 0.06, 650), ('QRZ QRZ DE BH4XYZ', 0.05, 800),
                           ('TNX FER QSO 73', 0.09, 600), ('THE QUICK BROWN FOX', 0.07, 900)):
            table = {'A': '.-', 'B': '-...', 'C': '-.-.', 'D': '-..', 'E': '.', 'F': '..-.', 'G': '--.', 'H': '....',
                     'I': '..', 'J': '.---', 'K': '-.-', 'L': '.-..', 'M': '--', 'N': '-.', 'O': '---', 'P': '.--.',
                     'Q': '--.-', 'R': '.-.', 'S': '...', 'T': '-', 'U': '..-', 'V': '...-', 'W': '.--', 'X': '-..-',
                     'Y': '-.--', 'Z': '--..', '1': '.----', '3': '...--', '4': '....-', '7': '--...'}
            notes, t = [], 0.5
            for w in text.split():
                for ch in w:
                    for sym in table[ch]:
                        d = u if sym == '.' else 3 * u
                        notes.append((t, d, f, 'sine'))
                        t += d + u
                    t += 2 * u
                t += 4 * u
            negatives.append(('other Morse letters and words', f'CW "{text}" ({int(u * 1000)} ms)',
                              notes_file('n-cw-' + text.split()[0], notes)))
        # speech with a melody under it
        mix = os.path.join(tmp, 'n-speech-melody.wav')
        sp16 = os.path.join(tmp, 'n-speech-16k.wav')
        run(['sox', speech_clips[1], '-r', str(rate), sp16])
        run(['sox', '-m', sp16, '-v', '0.5', notes_file('n-melody-under', melody_notes(99, 0.15, True, 'sine', 30)),
             mix, 'trim', '0', '20'])
        negatives.append(('speech', 'speech over a melody', mix))

    # ---- run: the whole CLI per file (decode + every detector), as a user's check would
    def found_in(path):
        return marks(verify(path), 'explicit:audio-rhythm')

    def by_category(items, counted):
        cats = {}
        for cat, name, path in items:
            n, k = cats.get(cat, (0, 0))
            cats[cat] = (n + 1, k + (1 if counted(name) else 0))
        return cats

    missed = [(c, n, p) for c, n, p in positives if not found_in(p)]
    fas = []
    for c, n, p in negatives:
        f = found_in(p)
        if f:
            fas.append((c, n, p, f[0]['fields']))
    miss_names = {n for _, n, _ in missed}
    fa_names = {n for _, n, _, _ in fas}
    hits = len(positives) - len(missed)
    print(f'generated labels (pitch 300-4000 Hz, unit 50-300 ms, short/long A-I gap, over silence/speech/music, at '
          f'start/middle/end, the label\'s peak 10 dB over the background\'s): hits {hits}/{len(positives)}: '
          f'{"met" if not missed else "MISSED"}')
    for cat, (n, k) in by_category(positives, lambda name: name not in miss_names).items():
        print(f'  {cat:45s} {k}/{n}')
    for c, n, p in missed:
        print(f'  missed: {c}: {n}')
    print(f'negatives: false alarms {len(fas)}/{len(negatives)}: {"met" if not fas else "MISSED"}')
    for cat, (n, k) in by_category(negatives, lambda name: name in fa_names).items():
        print(f'  {cat:45s} {k} false alarms in {n}')
    for c, n, p, fields in fas:
        print(f'  false alarm: {c}: {n} at {fields.get("start_s")} s ({fields.get("frequency_hz")} Hz, '
              f'{fields.get("unit_ms")} ms)')

    # ---- margin: the same labels over speech and music, only 3 dB and 0 dB over the background (not a target;
    # through dsmark_rhythm_probe: the same decoding and detector as the CLI, one process)
    probe = os.path.join(ROOT, 'build', 'native', 'bin', 'dsmark_rhythm_probe')
    if not quick and os.path.exists(probe):
        for snr in (3.0, 0.0):
            files = []
            for cat, bname, bpath in backgrounds[1:]:
                for pos in ('start', 'middle', 'end'):
                    for f, u, gap in ((800, 0.1, True), (2500, 0.2, True), (1200, 0.06, False), (400, 0.05, True)):
                        name = f'm{int(snr)}-{bname}-{pos}-f{f}-u{int(u * 1000)}'
                        files.append(label_file(tmp, name, '.- ..', u, f, gap, bpath, pos, snr_over_bg=snr))
            found = sum(1 for line in run([probe] + files).decode().splitlines() if json.loads(line).get('found'))
            print(f'margin: the label only {snr:.0f} dB over speech/music (also 400 Hz/50 ms): found {found}/{len(files)}')

    # ---- the detector's own time (dsmark_rhythm_probe: transform alone vs with the detector, best of 3)
    if os.path.exists(probe):
        files = [p for _, _, p in positives + negatives]
        secs = tr = det = 0.0
        for i in range(0, len(files), 40):
            for line in run([probe] + files[i:i + 40]).decode().splitlines():
                r = json.loads(line)
                if 'error' in r:
                    continue
                secs += r['seconds']
                tr += r['transform_ms']
                det += r['detector_ms']
        print(f'rhythm detector\'s own time (native): {det:.0f} ms for {secs:.0f} s of sound = '
              f'{det / max(secs, 1e-9):.2f} ms per second of sound ({secs * 1000 / max(det, 1e-9):.0f}x real '
              f'time); the shared 4 ms power frames: {tr / max(secs, 1e-9):.2f} ms per second')
    else:
        print('rhythm detector time: build/native/bin/dsmark_rhythm_probe missing; not measured')
    return not missed, len(fas)


VOICES = ('en-us', 'fr', 'it', 'pt', 'pl', 'nl', 'cmn', 'ja', 'ko', 'hi', 'ar', 'vi', 'sv', 'tr', 'el', 'fi')
# Each voice is marked with each payload: after Opus 32 kbit/s, near the threshold, whether a clip reads can turn
# on the payload (Opus's output is chaotic in its input), so one payload alone says little about a voice.
VOICE_PAYLOADS = (PAYLOAD, '1234abcd', 'deadbeef')


def voices_part(tmp, payloads=VOICE_PAYLOADS):
    """The watermark on more voices: 16 espeak-ng voices (one English message in each voice's own phonetics), 20 s
    at 48 kHz, each marked with each payload, then as they are and after Opus 32 kbit/s; the unmarked
    clips through the same."""
    print('\n== watermark:dsmark-audio on 16 more voices (20 s each, payloads ' + ', '.join(payloads) +
          '; as marked, and after Opus 32 kbit/s) ==')
    text = ('Hello, this is your friend. Please call me back as soon as you hear this, I need you to send money today, '
            'it is urgent.')
    attacks = ('marked', 'opus 32 kbit/s')
    read = {(name, pl): [] for name in attacks for pl in payloads}
    false_pos = 0
    for v in VOICES:
        raw, src = (os.path.join(tmp, f'voice-{v}{x}.wav') for x in ('-raw', ''))
        run(['espeak-ng', '-v', v, '-s', '145', '-w', raw, text])
        reps = max(0, int(math.ceil(20 / max(duration(raw), 0.5))) - 1)
        run(['sox', raw, '-r', '48000', '-b', '16', src, 'repeat', str(reps), 'trim', '0', '20', 'norm', '-3'])
        run(['opusenc', '--quiet', '--bitrate', '32', src, src + '.opus'])
        false_pos += sum(1 for path in (src, src + '.opus') if marks(verify(path), 'watermark:dsmark-audio'))
        row = []
        for pl in payloads:
            dst = os.path.join(tmp, f'voice-{v}-{pl}.wav')
            try:
                run([DSMARK, 'watermark', 'embed', src, dst, '--payload', pl])
            except RuntimeError as e:  # the embedder refuses sound it cannot mark readably
                row.append(f'{pl} refused by the embedder: {str(e).strip()[-80:]}')
                for name in attacks:
                    read[(name, pl)].append(False)
                continue
            run(['opusenc', '--quiet', '--bitrate', '32', dst, dst + '.opus'])
            cells = []
            for name, path in zip(attacks, (dst, dst + '.opus')):
                wm = marks(verify(path), 'watermark:dsmark-audio')
                f = wm[0].get('fields', {}) if wm else {}
                ok = f.get('payload') == pl
                read[(name, pl)].append(ok)
                cells.append(('read' if ok else f'WRONG {f.get("payload")}' if f.get('payload') else
                              'mark, no payload' if wm else 'nothing') + (f' p {f.get("p_value", 1):.0e}' if wm else ''))
            row.append(f'{pl}: ' + ' / '.join(cells))
        print(f'  {v:6s} ' + '; '.join(row))
    print('(each payload: as marked / after Opus 32 kbit/s)')
    missed = []
    for name in attacks:
        per = [sum(read[(name, pl)]) for pl in payloads]
        print(f'payload exact, {name}: {sum(per)}/{len(VOICES) * len(payloads)} (' +
              ', '.join(f'{pl} {n}/{len(VOICES)}' for pl, n in zip(payloads, per)) + ')')
        if sum(per) < len(VOICES) * len(payloads):
            missed.append(name)
    print(f'false positives on the unmarked voices (as they are and after Opus 32): {false_pos} of {2 * len(VOICES)}')
    return missed, false_pos


def speed_part(tmp, clip):
    print('\n== speed (decode + all audio detectors) ==')
    print('load average (1, 5, 15 min) at the start: %.1f %.1f %.1f on %d cores (wall-clock figures: a busy machine '
          'lowers them)' % (os.getloadavg() + (os.cpu_count() or 1,)))
    long_wav = os.path.join(tmp, 'speed.wav')
    run(['sox', clip, long_wav, 'repeat', '5'])  # 6x the clip
    long_opus = os.path.join(tmp, 'speed.opus')
    run(['opusenc', '--quiet', '--bitrate', '48', long_wav, long_opus])
    d = duration(long_wav)
    for path, label in ((long_wav, 'WAV 48 kHz'), (long_opus, 'Ogg Opus 48 kbit/s')):
        best = best_cpu = 1e9
        for _ in range(3):
            t = time.perf_counter()
            c = resource.getrusage(resource.RUSAGE_CHILDREN)
            verify(path)
            c2 = resource.getrusage(resource.RUSAGE_CHILDREN)
            best = min(best, time.perf_counter() - t)
            best_cpu = min(best_cpu, (c2.ru_utime - c.ru_utime) + (c2.ru_stime - c.ru_stime))
        x = d / best
        print(f'native {label:20s} {d:.0f} s of sound in {best * 1000:.0f} ms (whole CLI run): {x:.0f}x real time '
              f'(target >= 200x): {"met" if x >= 200 else "MISSED"}; CPU time {best_cpu * 1000:.0f} ms: '
              f'{d / max(best_cpu, 1e-6):.0f}x real time per CPU second')
    wasm = os.path.join(ROOT, 'build', 'wasm', 'bin', 'dsmark_core.wasm')
    if os.path.exists(wasm) and shutil.which('node'):
        for path, label in ((long_wav, 'WAV 48 kHz'), (long_opus, 'Ogg Opus 48 kbit/s')):
            out = run(['node', os.path.join(ROOT, 'scripts', 'bench-audio-wasm.mjs'), path, '3']).decode().split()
            ms, cpu_ms = float(out[0]), float(out[1])
            x = d / (ms / 1000)
            print(f'wasm   {label:20s} {d:.0f} s of sound in {ms:.0f} ms (verify call, best of 3): {x:.0f}x real time '
                  f'(target >= 50x): {"met" if x >= 50 else "MISSED"}; CPU time {cpu_ms:.0f} ms: '
                  f'{d / max(cpu_ms / 1000, 1e-6):.0f}x real time per CPU second')
    else:
        print('wasm: build/wasm not built (scripts/build-wasm.sh); not measured')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--quick', action='store_true')
    ap.add_argument('--keep')
    ap.add_argument('--voice-payloads', help='comma-separated payloads (8 hex digits) for the voices part; default: '
                    + ','.join(VOICE_PAYLOADS))
    ap.add_argument('--part', choices=('watermark', 'voices', 'rhythm', 'speed'), action='append',
                    help='run only this part (repeatable); default: all')
    args = ap.parse_args()
    for tool in ('sox', 'soxi', 'espeak-ng', 'opusenc', 'opusdec', 'ffmpeg'):
        if not shutil.which(tool):
            sys.exit(f'bench-audio: {tool} is missing (scripts/install-deps.sh test)')
    if not os.path.exists(DSMARK):
        sys.exit('bench-audio: build/native/bin/dsmark is missing (cmake --build --preset native)')
    voice_payloads = [p.strip().lower() for p in args.voice_payloads.split(',')] if args.voice_payloads else VOICE_PAYLOADS
    if not all(re.fullmatch(r'[0-9a-f]{8}', p) for p in voice_payloads):
        sys.exit('bench-audio: --voice-payloads takes payloads of 8 hex digits, separated by commas')
    tmp = args.keep or tempfile.mkdtemp(prefix='dsmark-bench-audio-')
    os.makedirs(tmp, exist_ok=True)
    t0 = time.time()
    try:
        texts = {
            'en': 'The quick brown fox jumps over the lazy dog. Please call me back when you get this message.',
            'cmn': '你好，我是你的朋友。请你尽快给我回电话，我有很重要的事情要告诉你。',
            'es': 'Hola, soy tu amigo. Por favor llámame cuando escuches este mensaje, es muy importante.',
            'de': 'Hallo, hier spricht dein Freund. Bitte ruf mich zurück, sobald du diese Nachricht hörst.',
            'ru': 'Привет, это твой друг. Пожалуйста, перезвони мне, как только услышишь это сообщение.',
            'ja': 'こんにちは、友達です。このメッセージを聞いたら、すぐに電話してください。',
        }
        langs = ['en'] if args.quick else list(texts)
        seconds = 12 if args.quick else 24
        speech_clips = [speech(tmp, l, texts[l], seconds) for l in langs]
        music_clips = [music(tmp, f'music{i}', seconds, i) for i in range(1 if args.quick else 2)]
        wm_sources = speech_clips[:1] + music_clips if args.quick else speech_clips + music_clips
        parts = set(args.part or ('watermark', 'voices', 'rhythm', 'speed'))
        missed, fp = watermark_part(tmp, wm_sources, args.quick) if 'watermark' in parts else ([], 0)
        rhythm_ok, fa = rhythm_part(tmp, speech_clips, music_clips, args.quick) if 'rhythm' in parts else (True, 0)
        if not args.quick and 'voices' in parts:
            vmissed, vfp = voices_part(tmp, voice_payloads)
            missed += [f'{name} on 16 more voices' for name in vmissed]
            fp += vfp
        if not args.quick and 'speed' in parts:
            speed_part(tmp, speech_clips[0])
        print(f'\nwatermark targets missed: {", ".join(missed) if missed else "none"}; false positives {fp}; '
              f'rhythm: {"all found" if rhythm_ok else "misses"}, {fa} false alarms; {time.time() - t0:.0f} s')
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()
