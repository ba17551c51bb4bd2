#!/usr/bin/python3
"""Study (not a benchmark): would watermark:dsmark-audio survive Opus 32 kbit/s better in the waveform domain?

Measures, on the three espeak-ng voices of bench-audio.py (en, cmn, es; 24 s at 48 kHz, -3 dBFS peak), what a mark
placed where speech codecs keep the waveform (STFT coefficients, 250-3400 Hz, amplitude proportional to the host's)
keeps after the attacks that the current design misses. Three parts:

  survival  An "informed" measurement, the upper bound of any linear-domain design: a random-phase mark at
            -30 dB, amplitude proportional to |X| per coefficient, is added; after the attack, per band: the codec's
            own SNR, the share of the mark that survives (alpha: regression of attacked-minus-original on the
            mark), and the z-score of a correlator that knows the host and the mark exactly (weights 1/|X|, the
            variance estimated over 100 ms chunks so overlapping frames are not counted as independent), scaled to
            a 10 s excerpt.
  blind     A blind prototype at the TRUE alignment: spread-transform dither modulation (STDM) of projections
            sum Re(X c*) / rms(X) over tiles of T frames x the band (c: key-derived unit phasors; dividing by the
            tile's own rms makes it gain-invariant), distortion-compensated by --dc, mark m = kappa |X| c (shaped
            like the host in every coefficient), two closed-loop corrections, scaled to --msr over the whole clip.
            Prints per attack: mean cos(2 pi phase) of the symbols (1 = on the lattice, 0 = none left), the symbol
            error rate, and z of the sum of cosines over a 10 s excerpt (every symbol counted as a pilot: the most
            a 10 s excerpt can give the presence test), and whether 40 info bits, coded and framed like the current
            design's (K = 7, a third of the symbols pilots), decode exactly from 10 s cuts and from the whole clip.
            --shifts adds delays of the received audio (48 kHz samples): the sensitivity to synchronisation.
  energy    The same informed measurement in the current design's domain, for comparison: a random +-gain per
            cell (32 ms x 19 bands, 250-7000 Hz) at -30 dB, the correlator knowing the original cell log energies.

sox runs with -R (repeatable dither): without it every run dithers the clips differently in the last bit, and Opus's
output, hence the Opus figures, change by up to about 20 % from run to run (the spread reported in docs/audio.md).
Needs numpy (Debian python3-numpy; run with /usr/bin/python3), sox, espeak-ng, opusenc/opusdec, ffmpeg.
Usage: /usr/bin/python3 scripts/study-audio-wm-linear.py [survival] [energy] [blind] [--tile 4] [--band 250 1500]
       [--delta 1.0] [--dc 0.8] [--msr -30] [--shifts]
The figures it printed on 2026-11-24 are in docs/audio.md ("A waveform-domain mark: measured, not adopted").
"""
import argparse
import math
import os
import subprocess
import sys
import tempfile
import wave

try:
    import numpy as np
except ImportError:
    sys.exit('numpy is needed: apt-get install python3-numpy, then run with /usr/bin/python3')

TEXTS = {
    'en': 'The quick brown fox jumps over the lazy dog. Please call me back when you get this message.',
    'cmn': '你好，我是你的朋友。请你尽快给我回电话，我有很重要的事情要告诉你。',
    'es': 'Hola, soy tu amigo. Por favor llámame cuando escuches este mensaje, es muy importante.',
}
SECONDS = 24


def run(*cmd):
    subprocess.run(list(cmd), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def read_wav(path):
    with wave.open(path) as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1
        return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(np.float64) / 32768, w.getframerate()


def write_wav(path, x, rate):
    with wave.open(path, 'wb') as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(x, -1, 32767 / 32768) * 32768).round().astype(np.int16).tobytes())


class Tools:
    def __init__(self, tmp):
        self.tmp = tmp

    def p(self, name):
        return os.path.join(self.tmp, name)

    def speech(self, lang):
        raw, out = self.p(f'raw-{lang}.wav'), self.p(f'speech-{lang}.wav')
        if not os.path.exists(out):
            run('espeak-ng', '-v', lang, '-s', '150', '-w', raw, TEXTS[lang])
            with wave.open(raw) as w:
                d = w.getnframes() / w.getframerate()
            reps = max(0, int(math.ceil(SECONDS / max(d, 0.5))) - 1)
            run('sox', '-R', raw, '-r', '48000', '-b', '16', out, 'repeat', str(reps), 'trim', '0', str(SECONDS), 'norm', '-3')
        return read_wav(out)[0]

    def roundtrip(self, x, cmds, rate=48000):
        """Writes x, runs cmds (lists with IN/OUT placeholders) in turn, reads the last OUT back at `rate`."""
        src = self.p('rt-in.wav')
        write_wav(src, x, 48000)
        cur = src
        for i, cmd in enumerate(cmds):
            nxt = self.p(f'rt-{i}.{cmd[0]}')
            run(*[a.replace('IN', cur).replace('OUT', nxt) for a in cmd[1:]])
            cur = nxt
        out = self.p('rt-out.wav')
        run('sox', '-R', cur, '-r', str(rate), '-b', '16', '-c', '1', out)
        y, _ = read_wav(out)
        n = len(x) if rate == 48000 else int(round(len(x) * rate / 48000))
        return np.pad(y, (0, max(0, n - len(y))))[:n]

    def opus32(self, x, rate=48000):
        return self.roundtrip(x, [['opus', 'opusenc', '--quiet', '--bitrate', '32', 'IN', 'OUT'],
                                  ['wav', 'opusdec', '--quiet', '--rate', '48000', 'IN', 'OUT']], rate)

    def mp3_64(self, x, rate=48000):
        return self.roundtrip(x, [['mp3', 'ffmpeg', '-v', 'error', '-y', '-i', 'IN', '-c:a', 'libmp3lame', '-b:a', '64k',
                                   'OUT'],
                                  ['wav', 'ffmpeg', '-v', 'error', '-y', '-i', 'IN', '-ar', '48000', 'OUT']], rate)

    def resample(self, x, rate):
        return self.roundtrip(x, [], rate)


def noise20(x, seed=3):
    n = np.random.default_rng(seed).standard_normal(len(x))
    return x + n * np.sqrt(np.sum(x ** 2) / np.sum(n ** 2)) * 0.1


def stft_48k(N, H):
    """The STFT and its overlap-add inverse used by the informed parts: sqrt-Hann frames of N, hop H, at 48 kHz."""
    win = np.sqrt(np.hanning(N + 1)[:N])

    def stft(x):
        nf = (len(x) - N) // H + 1
        idx = np.arange(N)[None, :] + H * np.arange(nf)[:, None]
        return np.fft.rfft(x[idx] * win, axis=1)

    def istft(S, L):
        y = np.zeros(L)
        fr = np.fft.irfft(S, n=N, axis=1) * win
        for t in range(S.shape[0]):
            y[t * H:t * H + N] += fr[t]
        return y / (np.sum(win ** 2) / H)

    return stft, istft


# ------------------------------------------------------------------ part 1: informed survival

def survival(tools):
    N, H = 1536, 384  # 32 ms frames, 75 % overlap, at 48 kHz
    stft, istft = stft_48k(N, H)

    f = np.fft.rfftfreq(N, 1 / 48000)
    band = (f >= 250) & (f <= 3400)
    edges = [250, 375, 500, 750, 1000, 1250, 1500, 2000, 2500, 3400]
    print('== survival: random-phase mark at -30 dB, |M| proportional to |X|, 250-3400 Hz (informed upper bound)')
    print('   per band (Hz): codec SNR (dB), alpha (share of the mark kept), informed z in 10 s; then all bands')
    rng = np.random.default_rng(1)
    for lang in TEXTS:
        x = tools.speech(lang)
        X = stft(x)
        M = np.zeros_like(X)
        M[:, band] = np.abs(X[:, band]) * np.exp(2j * np.pi * rng.random((X.shape[0], band.sum())))
        m = istft(M, len(x))
        m *= 10 ** (-30 / 20) * np.sqrt(np.sum(x ** 2) / np.sum(m ** 2))
        for name, y in (('opus 32', tools.opus32(x + m)), ('noise 20 dB', noise20(x + m))):
            Xs, Ms, R = X, stft(m), stft(y) - X
            thr = np.quantile(np.abs(X[:, band]), 0.5)  # the louder half of the coefficients
            cells, zs = [], []
            for a, b in zip(edges[:-1], edges[1:]):
                bs = (f >= a) & (f < b)
                mag, mb, rb = np.abs(Xs[:, bs]), Ms[:, bs], R[:, bs]
                sel = mag > thr
                if sel.sum() < 50:
                    cells.append('      -       ')
                    zs.append(0.0)
                    continue
                alpha = np.sum((rb * mb.conj()).real[sel]) / np.sum(np.abs(mb[sel]) ** 2)
                snr = 10 * np.log10(np.sum(mag[sel] ** 2) / np.sum(np.abs(rb[sel] - mb[sel]) ** 2))
                u = (rb - alpha * mb) / np.maximum(mag, 1e-12)
                s = mb / np.maximum(mag, 1e-12)
                per_frame = np.where(sel, (s.conj() * u).real, 0).sum(axis=1)
                chunks = np.add.reduceat(per_frame, np.arange(0, len(per_frame), 12))  # ~100 ms
                z = alpha * np.sum(np.abs(s[sel]) ** 2) / np.sqrt(np.sum(chunks ** 2)) * math.sqrt(10 / SECONDS)
                zs.append(max(z, 0.0))
                cells.append(f'{snr:4.1f} {alpha:4.2f} {z:4.1f}')
            total = math.sqrt(sum(z * z for z in zs))  # each band weighted by its own alpha and noise
            # one alpha and uniform weights over the whole band: the less optimistic estimate
            mag, mb, rb = np.abs(Xs[:, band]), Ms[:, band], R[:, band]
            sel = mag > thr
            alpha = np.sum((rb * mb.conj()).real[sel]) / np.sum(np.abs(mb[sel]) ** 2)
            u, s = (rb - alpha * mb) / np.maximum(mag, 1e-12), mb / np.maximum(mag, 1e-12)
            per_frame = np.where(sel, (s.conj() * u).real, 0).sum(axis=1)
            chunks = np.add.reduceat(per_frame, np.arange(0, len(per_frame), 12))
            flat = alpha * np.sum(np.abs(s[sel]) ** 2) / np.sqrt(np.sum(chunks ** 2)) * math.sqrt(10 / SECONDS)
            print(f'  {lang:3s} {name:11s} ' + ' |'.join(cells) +
                  f' || z10 {total:.1f} per-band weights, {flat:.1f} uniform (alpha {alpha:.2f})')
    print('   bands: ' + ' '.join(f'{a}-{b}' for a, b in zip(edges[:-1], edges[1:])))


# K = 7 rate-1/2 convolutional code (generators 171, 133 octal, zero tail): the frame the audio watermark had when
# this study was made (it now uses CRC-12 and the same code tail-biting, core/src/util/conv_code.cc)
def conv_encode(bits):
    reg, out = 0, []
    for b in list(bits) + [0] * 6:
        reg = ((reg << 1) | b) & 0x7F
        out += [bin(reg & 0o171).count('1') & 1, bin(reg & 0o133).count('1') & 1]
    return out


def viterbi(soft, n_info):
    """soft[j] > 0 means coded bit j is 0. Returns the n_info bits of the best zero-tailed path."""
    steps = n_info + 6
    metric = np.full(64, -1e300)
    metric[0] = 0.0
    back = []
    for t in range(steps):
        new, choice = np.full(64, -1e300), np.zeros(64, dtype=np.int64)
        for state in range(64):
            if metric[state] < -1e299:
                continue
            for b in ((0, 1) if t < n_info else (0,)):
                reg = ((state << 1) | b) & 0x7F
                c1, c2 = bin(reg & 0o171).count('1') & 1, bin(reg & 0o133).count('1') & 1
                m = metric[state] + (soft[2 * t] if c1 == 0 else -soft[2 * t]) + (soft[2 * t + 1] if c2 == 0 else
                                                                                 -soft[2 * t + 1])
                ns = reg & 0x3F
                if m > new[ns]:
                    new[ns], choice[ns] = m, state
        back.append(choice)
        metric = new
    state, bits = 0, []
    for t in reversed(range(steps)):
        bits.append(state & 1)
        state = back[t][state]
    return bits[::-1][:n_info]


# ------------------------------------------------------------------ part 2: blind STDM prototype

def blind(tools, args):
    N, H = 512, 256  # at 16 kHz (the detector's rate): 32 ms sqrt-Hann frames, 50 % overlap (perfect reconstruction)
    win = np.sqrt(0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N) / N))

    def stft(x):
        x = np.concatenate([np.zeros(N), x, np.zeros(N)])
        nf = (len(x) - N) // H + 1
        idx = np.arange(N)[None, :] + H * np.arange(nf)[:, None]
        return np.fft.rfft(x[idx] * win, axis=1)

    def istft(S, L):
        y = np.zeros((S.shape[0] - 1) * H + N)
        fr = np.fft.irfft(S, n=N, axis=1) * win
        for t in range(S.shape[0]):
            y[t * H:t * H + N] += fr[t]
        return y[N:N + L]

    lo, hi = int(round(args.band[0] * N / 16000)), int(round(args.band[1] * N / 16000))
    T, delta, dc = args.tile, args.delta, args.dc

    def project(X, C):
        nt = X.shape[0] // T
        B = X[:nt * T, lo:hi].reshape(nt, T, hi - lo)
        Cc = C[:nt * T, lo:hi].reshape(nt, T, hi - lo)
        e = np.sum(np.abs(B) ** 2, axis=(1, 2))
        return np.sum((B * Cc.conj()).real, axis=(1, 2)) / np.sqrt(e + 1e-30), e, B, Cc

    print(f'\n== blind STDM at the true alignment: band {args.band[0]}-{args.band[1]} Hz, tiles of {T} x 16 ms, '
          f'Delta {delta}, distortion compensation {dc}, MSR {args.msr} dB')
    print('   per attack: mean cos(2 pi phase), symbol error rate, z of the sum of cosines in 10 s, and whether the')
    print('   40 info bits (K = 7 code, frame of the current design) decode exactly from the 10 s cuts at 3.7 / 11.3 s')
    print('   and from the whole 24 s clip')
    rng = np.random.default_rng(7)
    for lang in TEXTS:
        x48 = tools.speech(lang)
        x = tools.resample(x48, 16000)
        L = len(x)
        X = stft(x)
        C = np.exp(2j * np.pi * rng.random(X.shape))
        v, e, B, Cc = project(X, C)
        nt = len(v)
        # The frame of the current design: a 9.6 s period, every third symbol a pilot (bit 0), the others carrying
        # the 92 coded bits of 40 info bits (a random payload + 8 more bits standing for the CRC) in a key order.
        period = int(round(9.6 / (T * H / 16000)))
        info = list(rng.integers(0, 2, 40))
        coded = conv_encode(info)
        data_pos = [p for p in range(period) if p % 3]
        order = rng.permutation(len(data_pos))
        bit_of = np.full(period, -1)
        for i, p in enumerate(data_pos):
            bit_of[p] = order[i] % len(coded)
        role = bit_of[np.arange(nt) % period]
        dither = rng.random(period)[np.arange(nt) % period]
        bits = np.array([coded[r] if r >= 0 else 0 for r in role])
        active = e > np.quantile(e, 0.9) * 1e-3  # tiles within 30 dB of the loud ones
        q = delta * (np.round(v / delta - dither - bits / 2) + dither + bits / 2)
        goal = v + dc * (q - v)
        gain = np.sum(np.abs(B), axis=(1, 2)) / np.sqrt(e + 1e-30)  # d(projection) / d(kappa)
        kappa = np.where(active, (goal - v) / gain, 0.0)

        def mark16(k):
            M = np.zeros_like(X)
            M[:nt * T, lo:hi] = (k[:, None, None] * np.abs(B) * Cc).reshape(nt * T, hi - lo)
            return istft(M, L)

        for _ in range(2):  # closed loop: the overlap-add smears the per-coefficient change
            v2 = project(stft(x + mark16(kappa)), C)[0]
            kappa = np.where(active, kappa + (goal - v2) / gain, 0.0)
        m = mark16(kappa)
        write_wav(tools.p('m16.wav'), m * 30, 16000)  # x30: keep the 16-bit quantisation far below the mark
        run('sox', '-R', tools.p('m16.wav'), '-r', '48000', tools.p('m48.wav'))
        m48 = read_wav(tools.p('m48.wav'))[0] / 30
        m48 = np.pad(m48, (0, max(0, len(x48) - len(m48))))[:len(x48)]
        msr = 10 * np.log10(np.sum(m48 ** 2) / np.sum(x48 ** 2))
        m48 *= 10 ** ((args.msr - msr) / 20)
        marked = x48 + m48
        rows = [('none', marked), ('opus 32', tools.opus32(marked)), ('noise 20', noise20(marked)),
                ('mp3 64', tools.mp3_64(marked))]
        if args.shifts:
            rows += [(f'delay {k}/48k', np.concatenate([np.zeros(k), marked])[:len(marked)]) for k in (1, 3, 6, 12)]
        out = []
        tile_s = T * H / 16000
        for name, y in rows:
            vv, ee, _, _ = project(stft(tools.resample(y, 16000)[:L]), C)
            w = (ee > np.quantile(ee, 0.9) * 1e-3).astype(float)  # the detector's own activity weights
            cs = np.cos(2 * np.pi * (vv / delta - dither - bits / 2))[active]
            z10 = np.sum(cs) / math.sqrt(len(cs) / 2) * math.sqrt(10 / SECONDS)
            # payload from each 10 s excerpt (cuts from 3.7 s and 11.3 s), soft Viterbi over the data symbols
            exact = []
            for start, length in ((3.7, 10), (11.3, 10), (0, SECONDS)):
                k0, k1 = int(math.ceil(start / tile_s)), int((start + length) / tile_s)
                soft = np.zeros(len(coded))
                for k in range(k0, min(k1, nt)):
                    if role[k] >= 0:
                        soft[role[k]] += w[k] * math.cos(2 * math.pi * (vv[k] / delta - dither[k]))
                exact.append('ok' if viterbi(soft, 40) == info else 'x')
            out.append(f'{name} {cs.mean():4.2f} {np.mean(cs < 0):4.2f} {z10:4.1f} {"/".join(exact)}')
        print(f'  {lang:3s} (scaled x{10 ** ((args.msr - msr) / 20):.2f}, {active.sum() * 10 / SECONDS:.0f} symbols '
              f'in 10 s) ' + ' | '.join(out), flush=True)


# ------------------------------------------------------------------ part 3: the same, informed, on cell log energies

def energy(tools):
    """The informed bound of the current design's domain: a random +-gain per cell (4 x 8 ms x one of 15 bands,
    250-3400 Hz) at -30 dB; the z of a correlator that knows the original cell log energies and the signs."""
    N, H, CF = 1536, 384, 4
    stft, istft = stft_48k(N, H)

    f = np.fft.rfftfreq(N, 1 / 48000)
    edges = [250, 375, 500, 625, 750, 875, 1000, 1150, 1300, 1500, 1700, 2000, 2300, 2600, 3000, 3400, 4000, 4800,
             5800, 7000]
    groups = ((0, 6, '250-1000'), (6, 11, '1000-2000'), (11, 15, '2000-3400'), (15, 19, '3400-7000'))
    bins = [np.where((f >= a) & (f < b))[0] for a, b in zip(edges[:-1], edges[1:])]

    def cells(S):
        P = np.abs(S) ** 2
        nt = P.shape[0] // CF
        return np.stack([P[:nt * CF, b].sum(axis=1).reshape(nt, CF).sum(axis=1) for b in bins], axis=1)

    print('\n== energy domain, informed: random +-gain per 32 ms cell x 19 bands 250-7000 Hz at -30 dB; per band group')
    rng = np.random.default_rng(11)
    for lang in TEXTS:
        x = tools.speech(lang)
        X = stft(x)
        nt = X.shape[0] // CF
        sign = rng.choice([-1.0, 1.0], size=(nt, len(bins)))
        G = np.zeros(X.shape)
        for j, b in enumerate(bins):
            G[:nt * CF, b] = np.repeat(sign[:, j], CF)[:, None]
        m = istft(X * G, len(x))
        m *= 10 ** (-30 / 20) * np.sqrt(np.sum(x ** 2) / np.sum(m ** 2))
        g = math.sqrt(np.sum(m ** 2) / np.sum(x ** 2))
        e0 = cells(stft(x))
        thr = np.quantile(e0[:, :15], 0.5)  # the louder half of the cells below 3.4 kHz
        for name, y in (('opus 32', tools.opus32(x + m)), ('noise 20 dB', noise20(x + m))):
            e1 = cells(stft(y))
            n = min(len(e0), len(e1))
            out, total = [], 0.0
            for lo, hi, label in groups:
                a, b, sg = e0[:n, lo:hi], e1[:n, lo:hi], sign[:n, lo:hi]
                act = a > thr
                d = np.log(b + 1e-20) - np.log(a + 1e-20)
                mk = 2 * g * sg  # the designed log-energy change
                alpha = np.sum((d * mk)[act]) / np.sum((mk ** 2)[act])
                per_slot = np.where(act, (d - alpha * mk) * sg, 0).sum(axis=1)
                chunks = np.add.reduceat(per_slot, np.arange(0, len(per_slot), 3))  # ~100 ms
                z = alpha * 2 * g * act.sum() / np.sqrt(np.sum(chunks ** 2)) * math.sqrt(10 / SECONDS)
                total += max(z, 0.0) ** 2
                out.append(f'{label} Hz: alpha {alpha:.2f} z10 {z:4.1f}')
            print(f'  {lang:3s} {name:11s} ' + ' | '.join(out) + f' || z10 {math.sqrt(total):.1f}')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('parts', nargs='*', default=['survival', 'energy', 'blind'])
    ap.add_argument('--band', nargs=2, type=float, default=[250, 1500])
    ap.add_argument('--tile', type=int, default=4, help='frames (16 ms) per symbol tile')
    ap.add_argument('--delta', type=float, default=1.0)
    ap.add_argument('--dc', type=float, default=0.8, help='share of the move to the lattice point (1 = all)')
    ap.add_argument('--msr', type=float, default=-30.0)
    ap.add_argument('--shifts', action='store_true')
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tools = Tools(tmp)
        if 'survival' in args.parts:
            survival(tools)
        if 'energy' in args.parts:
            energy(tools)
        if 'blind' in args.parts:
            blind(tools, args)


if __name__ == '__main__':
    main()
