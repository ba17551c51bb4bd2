#!/usr/bin/env python3
# Development loop for watermark:dsmark-audio: the bench's speech clips (and music0), embedded, then only the hard
# attacks (phone band, Opus 32, white noise 20 dB, 10 s cut, Opus 32 + cuts); prints per clip the MSR and per attack
# whether the payload was read, plus the raw figures at the best alignment (z, p, raw bit error rate, pilot z,
# phase error rms by symbol weight).
# Usage: python3 scripts/dev-audio-wm.py [LANGS e.g. en,cmn,es] [music] [ROW-SUBSTRINGS comma-separated]
# The raw figures need a build with -DDSMARK_WM_DEV=1 (DSMARK=path/to/that/dsmark); there WM_* environment
# variables (WM_DELTA, WM_R, WM_LO, WM_HI, WM_GAMMA, WM_MINCAP, WM_IT, WM_PSI, WM_BETA, WM_BANDS, ...) override
# the config, see default_audio_wm_config() in core/src/audio/audio_watermark.cc. Clips go to $WM_DEV_DIR.
import os, sys, json, subprocess, math, concurrent.futures as cf
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__))))
import importlib.util
spec = importlib.util.spec_from_file_location('ba', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'bench-audio.py')); ba = importlib.util.module_from_spec(spec); spec.loader.exec_module(ba)
T = os.environ.get('WM_DEV_DIR', '/tmp/dsmark-wm-dev'); os.makedirs(T, exist_ok=True); D = os.environ.get('DSMARK', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'build', 'native', 'bin', 'dsmark')); PAY = 'c0ffee42'
texts = {'en': 'The quick brown fox jumps over the lazy dog. Please call me back when you get this message.',
 'cmn': '你好，我是你的朋友。请你尽快给我回电话，我有很重要的事情要告诉你。',
 'es': 'Hola, soy tu amigo. Por favor llámame cuando escuches este mensaje, es muy importante.'}
langs = sys.argv[1].split(',') if len(sys.argv) > 1 and sys.argv[1] else list(texts)
srcs = []
for l in langs:
    p = os.path.join(T, f'speech-{l}.wav')
    if not os.path.exists(p): ba.speech(T, l, texts[l], 24)
    srcs.append(p)
if len(sys.argv) > 2 and 'music' in sys.argv[2]:
    p = os.path.join(T, 'music0.wav')
    if not os.path.exists(p): ba.music(T, 'music0', 24, 0)
    srcs.append(p)
atk = {a[0]: a[1] for a in ba.attacks(False)}
names = ['none', 'opus 32 kbit/s', 'white noise 20 dB SNR', '10 s cut from 3.7 s', 'opus 32 + 10 s cut from 3.7 s', 'opus 32 + 10 s cut from 11.3 s']
if len(sys.argv) > 3: names = [n for n in names if any(k in n for k in sys.argv[3].split(','))]
env = dict(os.environ, DSMARK_WM_EXPECT=PAY)
def one(src):
    base = os.path.basename(src)[:-4]
    m = os.path.join(T, base + '-m.wav')
    er = subprocess.run([D, 'watermark', 'embed', src, m, '--payload', PAY], capture_output=True, env=env)
    emb = [l for l in er.stderr.decode().splitlines() if l.startswith('WMEMB')]
    if er.returncode: return base + ' EMBED FAILED ' + er.stderr.decode()[-300:]
    msr = ba.rms_db(m) if False else None
    # MSR as bench: rms(marked-orig)/rms(orig)
    diff = os.path.join(T, base + '-d.wav')
    subprocess.run(['sox', '-m', '-v', '1', m, '-v', '-1', src, diff], check=True)
    msr = ba.rms_db(diff) - ba.rms_db(src)
    rows = []
    for n in names:
        out = os.path.join(T, base + '-' + n.replace(' ', '_').replace('/', '') + '.wav')
        atk[n](m, out)
        r = subprocess.run([D, 'verify', '--json', out], capture_output=True, env=env)
        rep = json.loads(r.stdout.decode().splitlines()[0])
        wm = [k for k in rep.get('marks', []) if k.get('scheme') == 'watermark:dsmark-audio']
        dbg = [l for l in r.stderr.decode().splitlines() if l.startswith('WMDBG')]
        ok = bool(wm) and PAY in json.dumps(wm[0])
        rows.append(f'  {n:34s} {"OK " if ok else "-- "} {dbg[-1] if dbg else ""}')
    return f'{base} msr {msr:.2f} dB {emb[-1] if emb else ""}\n' + '\n'.join(rows)
with cf.ThreadPoolExecutor(2) as ex:
    for s in ex.map(one, srcs): print(s, flush=True)
