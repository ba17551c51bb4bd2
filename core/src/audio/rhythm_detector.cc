#include "audio/rhythm_detector.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>

#include "audio/det_math.h"
#include "audio/fft.h"

namespace dsmark {
namespace {

constexpr double kLn10 = 2.302585092994046;
constexpr double kDbPerStep = 0.5;  // the stored spectrogram: uint8 in half-decibel steps
constexpr double kMargin = 4.0;
constexpr double kPitchSpread = 0.3;  // bins (about 9 Hz)     // frames trimmed off region edges: the 32 ms window smears edges by ~16 ms

// Log power of the bins searched, in half-decibel steps above a floor, and per bin whether it belongs to a
// tonal peak (the peak bin or a neighbour of it).
struct Spectrogram {
  uint32_t frames = 0, lo = 0, width = 0;
  std::vector<uint8_t> db, tonal;
  uint8_t get(const std::vector<uint8_t>& v, uint32_t t, uint32_t b) const {
    return b >= lo && b - lo < width ? v[static_cast<size_t>(t) * width + (b - lo)] : 0;
  }
  // At `bin`: the nearest bin, or the louder of the two around a tone that falls between them.
  double level(uint32_t t, double bin) const {
    const uint32_t b0 = static_cast<uint32_t>(bin);
    const double frac = bin - b0;
    if (frac < 0.25) return get(db, t, b0) * kDbPerStep;
    if (frac > 0.75) return get(db, t, b0 + 1) * kDbPerStep;
    return std::max(get(db, t, b0), get(db, t, b0 + 1)) * kDbPerStep;
  }
  // The interpolated position of the highest of the three bins around `bin` in frame t (parabola through the
  // levels around it).
  double peak(uint32_t t, double bin) const {
    const uint32_t c = static_cast<uint32_t>(std::lround(bin));
    uint32_t k = c;
    for (uint32_t b = c - 1; b <= c + 1; ++b) k = get(db, t, b) > get(db, t, k) ? b : k;
    const double a = get(db, t, k - 1), m = get(db, t, k), z = get(db, t, k + 1);
    const double den = a - 2 * m + z;
    return k + (den < 0 ? std::clamp(0.5 * (a - z) / den, -0.5, 0.5) : 0.0);
  }
  bool is_tonal(uint32_t t, double bin) const { return get(tonal, t, static_cast<uint32_t>(std::lround(bin))) != 0; }
};

// The on/off layout of the label from its first onset, in units.
struct Layout {
  double on_start[4], on_len[4], off_start[3], off_len[3], total;
};

Layout morse_ai(double gap) {
  Layout l{};
  const double lens[4] = {1, 3, 1, 1}, gaps[3] = {1, gap, 1};
  double t = 0;
  for (int i = 0; i < 4; ++i) {
    l.on_start[i] = t;
    l.on_len[i] = lens[i];
    t += lens[i];
    if (i < 3) {
      l.off_start[i] = t;
      l.off_len[i] = gaps[i];
      t += gaps[i];
    }
  }
  l.total = t;
  return l;
}

class Matcher {
 public:
  Matcher(const Spectrogram& sg, const RhythmConfig& c, double min_level_db) : sg_(sg), c_(c), min_level_(min_level_db) {}

  // The template at `bin`, first onset t0 and unit u (frames). Returns false when a condition fails; otherwise
  // `agreement` (share of region frames on the right side of the midpoint between beeps and gaps) and
  // `contrast` (weakest beep's median level over the loudest gap's).
  // Quick test on the middle frames of the beeps and gaps (most guesses end here).
  bool plausible(double bin, double t0, double u, const Layout& l) const {
    const double need = c_.switch_db - 6.0;
    double lo_on = middle(bin, t0 + 0.5 * l.on_len[0] * u), hi_off = -1e300;
    if (lo_on < min_level_ - 6.0) return false;
    for (int k = 0; k < 3; ++k) {  // beep, gap, beep, … (most guesses fail at the first gap)
      hi_off = std::max(hi_off, middle(bin, t0 + (l.off_start[k] + 0.5 * l.off_len[k]) * u));
      lo_on = std::min(lo_on, middle(bin, t0 + (l.on_start[k + 1] + 0.5 * l.on_len[k + 1]) * u));
      if (lo_on - hi_off < need) return false;
    }
    return lo_on >= min_level_ - 6.0;
  }

  bool evaluate(double bin, double t0, double u, const Layout& l, double& agreement, double& contrast) {
    if (!plausible(bin, t0, u, l)) return false;
    double on_min = 1e300, on_max = -1e300, off_max = -1e300, on_med[4], off_med[3];
    for (int k = 0; k < 4; ++k) {
      if (!median(bin, t0 + l.on_start[k] * u, l.on_len[k] * u, on_med[k])) return false;
      on_min = std::min(on_min, on_med[k]);
      on_max = std::max(on_max, on_med[k]);
      if (on_max - on_min > 8.0) return false;  // beeps of one label are about equally loud
    }
    if (on_min < min_level_) return false;
    for (int k = 0; k < 3; ++k) {
      if (!median(bin, t0 + l.off_start[k] * u, l.off_len[k] * u, off_med[k])) return false;
      off_max = std::max(off_max, off_med[k]);
      if (on_min - off_max < c_.switch_db) return false;
    }
    // The beeps are tones: in most of their frames the pitch is a tonal peak.
    const double mid = 0.5 * (on_min + off_max);
    uint32_t agree = 0, all = 0;
    for (int k = 0; k < 4; ++k) {
      uint32_t tonal = 0, n = 0;
      for_frames(t0 + l.on_start[k] * u, l.on_len[k] * u, [&](uint32_t t) {
        tonal += sg_.is_tonal(t, bin);
        agree += sg_.level(t, bin) >= mid;
        ++n;
      });
      if (n > 0 && tonal < 0.6 * n) return false;
      all += n;
    }
    for (int k = 0; k < 3; ++k) {
      for_frames(t0 + l.off_start[k] * u, l.off_len[k] * u, [&](uint32_t t) {
        agree += sg_.level(t, bin) < mid;
        ++all;
      });
    }
    agreement = all ? static_cast<double>(agree) / all : 0.0;
    if (agreement < 0.8) return false;
    // Isolation: before and after, no stretch of half a unit near the beeps' level (another Morse element, a
    // repeated tone).
    const double guard = c_.isolation_units * u, level = on_min - 4.0;
    const uint32_t allowed = static_cast<uint32_t>(std::max(2.0, 0.5 * u - 2 * kMargin));
    if (longest_run(bin, t0 - guard, guard - kMargin, level) > allowed) return false;
    if (longest_run(bin, t0 + l.total * u + kMargin, guard - kMargin, level) > allowed) return false;
    // One steady pitch: a beep's peak stays within kPitchSpread bins of its mean, and the four means agree
    // within kPitchSpread (the harmonics of a voice glide with its intonation, from one vowel to the next).
    double lo_pitch = 1e300, hi_pitch = -1e300;
    for (int k = 0; k < 4; ++k) {
      double sum = 0, lo = 1e300, hi = -1e300;
      uint32_t n = 0;
      for_frames(t0 + l.on_start[k] * u, l.on_len[k] * u, [&](uint32_t t) {
        const double p = sg_.peak(t, bin);
        sum += p;
        lo = std::min(lo, p);
        hi = std::max(hi, p);
        ++n;
      });
      if (n == 0) continue;
      if (hi - lo > 2 * kPitchSpread) return false;
      lo_pitch = std::min(lo_pitch, sum / n);
      hi_pitch = std::max(hi_pitch, sum / n);
    }
    last_pitch_spread = hi_pitch - lo_pitch;
    if (hi_pitch - lo_pitch > kPitchSpread) return false;
    contrast = on_min - off_max;
    return true;
  }
  double last_pitch_spread = 0;

 private:
  double middle(double bin, double t) const {
    if (t < 0 || t >= sg_.frames) return -1e300;
    return sg_.level(static_cast<uint32_t>(t), bin);
  }
  template <typename F>
  void for_frames(double from, double length, F f) const {
    const double a = std::max(0.0, from + kMargin), b = std::min<double>(sg_.frames, from + length - kMargin);
    for (double t = std::ceil(a); t < b; t += 1) f(static_cast<uint32_t>(t));
  }
  // Median level over a region (edges trimmed; a region shorter than the trim reads its middle frame).
  bool median(double bin, double from, double length, double& out) {
    buf_.clear();
    for_frames(from, length, [&](uint32_t t) { buf_.push_back(sg_.level(t, bin)); });
    if (buf_.empty()) {
      const double m = from + 0.5 * length;
      if (m < 0 || m >= sg_.frames) return false;
      buf_.push_back(sg_.level(static_cast<uint32_t>(m), bin));
    }
    const size_t h = buf_.size() / 2;
    std::nth_element(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(h), buf_.end());
    out = buf_[h];
    return true;
  }
  uint32_t longest_run(double bin, double from, double length, double level) const {
    uint32_t best = 0, run = 0;
    const double a = std::max(0.0, from), b = std::min<double>(sg_.frames, from + length);
    for (double t = std::ceil(a); t < b; t += 1) {
      run = sg_.level(static_cast<uint32_t>(t), bin) >= level ? run + 1 : 0;
      best = std::max(best, run);
    }
    return best;
  }

  const Spectrogram& sg_;
  const RhythmConfig& c_;
  double min_level_;
  std::vector<double> buf_;
};

}  // namespace

struct RhythmAnalysis::State {
  RhythmConfig c;
  uint32_t frames = 0, lo_bin = 0, hi_bin = 0;
  double contrast_min = 0, floor_log = 0, steps_per_neper = 0, loudest = 0;
  Spectrogram sg;
  std::vector<double> valley;     // prefix sums of the valley floor of the current frame
  double log2_mantissa[256];      // log2(1 + (i + 0.5) / 256)
  double steps_per_octave = 0, floor_steps = 0;
};

RhythmAnalysis::RhythmAnalysis(const RhythmConfig& c, uint32_t frame_count) : st_(new State) {
  State& s = *st_;
  s.c = c;
  s.frames = frame_count;
  const double bin_hz = static_cast<double>(c.rate) / c.fft;
  s.lo_bin = std::max(static_cast<uint32_t>(std::floor(c.min_hz / bin_hz)), 9u);  // bins 3–8 below exist
  s.hi_bin = std::min(static_cast<uint32_t>(std::ceil(c.max_hz / bin_hz)), c.fft / 2 - 10);
  s.contrast_min = dmath::exp(c.tone_contrast_db * 0.1 * kLn10);
  // Stored levels are relative to 100 dB below a full-scale sine (power ~ (fft/4)^2 in a Hann frame).
  s.floor_log = 2.0 * dmath::log(c.fft / 4.0) - 10.0 * kLn10;
  s.steps_per_neper = 10.0 / kLn10 / kDbPerStep;
  constexpr double kLn2 = 0.6931471805599453;
  for (int i = 0; i < 256; ++i) s.log2_mantissa[i] = dmath::log(1.0 + (i + 0.5) / 256.0) / kLn2;
  s.steps_per_octave = kLn2 * s.steps_per_neper;
  s.floor_steps = s.floor_log * s.steps_per_neper;
  s.sg.frames = frame_count;
  s.sg.lo = s.lo_bin - 1;
  s.sg.width = s.hi_bin + 2 - s.sg.lo;
  s.sg.db.assign(static_cast<size_t>(frame_count) * s.sg.width, 0);
  s.sg.tonal.assign(s.sg.db.size(), 0);
  s.valley.assign(c.fft / 2 + 2, 0.0);
}

RhythmAnalysis::~RhythmAnalysis() { delete st_; }

// Pass 1, per frame: the stored spectrogram, and tonal peaks: at least tone_contrast_db over their
// neighbourhood's valley floor (bins 3–8 away, after a running minimum that removes the harmonics of a voice or an
// instrument next to the tone, so that they do not hide it).
void RhythmAnalysis::frame(uint32_t t, const float* power) {
  State& s = *st_;
  if (t >= s.frames) return;
  uint8_t* row = &s.sg.db[static_cast<size_t>(t) * s.sg.width];
  uint8_t* tonal_row = &s.sg.tonal[static_cast<size_t>(t) * s.sg.width];
  // Levels through the float's exponent and a table of its mantissa's top 8 bits (0.02 dB, well inside a step).
  for (uint32_t k = s.sg.lo; k < s.sg.lo + s.sg.width; ++k) {
    uint32_t bits;
    std::memcpy(&bits, &power[k], sizeof bits);
    const int32_t e = static_cast<int32_t>((bits >> 23) & 0xff);
    if (e == 0 || e == 0xff || (bits >> 31)) {  // zero, subnormal, negative, inf, NaN
      row[k - s.sg.lo] = 0;
      continue;
    }
    const double l = (e - 127 + s.log2_mantissa[(bits >> 15) & 0xff]) * s.steps_per_octave - s.floor_steps;
    row[k - s.sg.lo] = static_cast<uint8_t>(std::clamp(l, 0.0, 255.0));
  }
  // The valley floor: a running minimum over 5 bins (the width of a Hann peak) removes narrow peaks, so the
  // neighbourhood of a tone is measured between the harmonics of a voice or an instrument, not on them.
  // Only bins lo_bin - 8 .. hi_bin + 8 are needed (lo_bin >= 9 and hi_bin <= fft/2 - 10).
  std::vector<double>& valley = s.valley;
  const uint32_t first = s.lo_bin - 8, last = s.hi_bin + 9;
  valley[first] = 0;
  for (uint32_t k = first; k < last; ++k) {
    const float m = k >= 2 ? std::min({power[k - 2], power[k - 1], power[k], power[k + 1], power[k + 2]})
                           : *std::min_element(power, power + k + 3);
    valley[k + 1] = valley[k] + m;  // prefix sums: valley[k + 1] - valley[j] = sum of the minima of bins j..k
  }
  for (uint32_t k = s.lo_bin; k <= s.hi_bin; ++k) {
    const double p = power[k];
    if (!(p > power[k - 1] && p >= power[k + 1]) || p <= 0) continue;
    const double around = ((valley[k - 2] - valley[k - 8]) + (valley[k + 9] - valley[k + 3])) / 12.0;
    if (p < s.contrast_min * around) continue;
    for (uint32_t b = k - 1; b <= k + 1; ++b) tonal_row[b - s.sg.lo] = 1;
    s.loudest = std::max(s.loudest, p);
  }
}

std::vector<RhythmOccurrence> detect_audio_rhythm(std::span<const float> mono, const RhythmConfig& c) {
  RhythmAnalysis analysis(c, power_frame_count(mono.size(), c.hop));
  PowerFrameConsumer* consumers[] = {&analysis};
  run_power_frames(mono, c.fft, c.hop, consumers);
  return analysis.finish();
}

namespace {

// A tonal edge: at frame t the level of bin `bin` rises (an onset) or falls (an offset) by kEdgeDb or more over
// ±kEdgeSpan frames, a local maximum of that change, and on the loud side the bin is a tonal peak.
struct Edge {
  uint32_t t;
  float bin;  // interpolated (onsets)
};

constexpr int32_t kEdgeSpan = 3;
constexpr double kEdgeDb = 8.0;

// The edge found where the level change at frame t (rising for sign +1, falling for -1) peaks, if it is one.
bool edge_at(const Spectrogram& sg, int32_t t, uint32_t b, int32_t sign, Edge& out) {
  const int32_t frames = static_cast<int32_t>(sg.frames);
  auto at = [&](int32_t tk) -> int32_t {
    return tk >= 0 && tk < frames ? sg.db[static_cast<size_t>(tk) * sg.width + b] : 0;
  };
  // The edge's time: where the level crosses 6 dB below the top reached within 6 frames on the loud side
  // (the change's maximum drifts towards whichever side has the quieter background).
  int32_t top_t = t, top = -1;
  for (int32_t k = 0; k <= 6; ++k) {
    const int32_t tk = t + sign * k;
    if (tk < 0 || tk >= frames) break;
    if (at(tk) > top || (sign < 0 && at(tk) == top)) top = at(tk), top_t = tk;
  }
  const int32_t half = top - static_cast<int32_t>(6.0 / kDbPerStep);
  int32_t te = top_t;  // onset: the first frame at or above `half`; offset: the first below it
  if (sign > 0) {
    while (te - 1 >= std::max(0, t - kEdgeSpan) && at(te - 1) >= half) --te;
  } else {
    while (te + 1 <= std::min(frames - 1, t + kEdgeSpan) && at(te + 1) >= half) ++te;
    ++te;
  }
  // A beep holds its level: on the loud side, frames 2–5 from the edge within 5 dB (beating partials do not); in
  // one of them the bin is a tonal peak, the highest of its neighbours.
  int32_t hi = 0, lo = 255, tp = -1;
  for (int32_t k = 2; k <= 5; ++k) {
    const int32_t tk = te + sign * k;
    const int32_t v = at(tk);
    hi = std::max(hi, v);
    lo = std::min(lo, v);
    if (tp < 0 && tk >= 0 && tk < frames && sg.tonal[static_cast<size_t>(tk) * sg.width + b]) {
      const uint8_t* r = &sg.db[static_cast<size_t>(tk) * sg.width];
      if (r[b] >= r[b - 1] && r[b] > r[b + 1]) tp = tk;
    }
  }
  if (hi - lo > static_cast<int32_t>(5.0 / kDbPerStep) || tp < 0) return false;
  const uint8_t* r = &sg.db[static_cast<size_t>(tp) * sg.width];
  const int32_t l = r[b], lm = r[b - 1], lp = r[b + 1];
  const double den = lm - 2.0 * l + lp;
  const double frac = den < 0 ? std::clamp(0.5 * (lm - lp) / den, -0.5, 0.5) : 0.0;
  out = {static_cast<uint32_t>(std::max(te, 0)), static_cast<float>(b + sg.lo + frac)};
  return true;
}

// Per bin (index bin - sg.lo), the tonal onsets and offsets in time order. (Frame by frame, all bins at once: the
// spectrogram is stored frame-major; the level change over ±kEdgeSpan frames is a local maximum for an onset, a
// local minimum for an offset.)
void find_edges(const Spectrogram& sg, uint32_t lo_bin, uint32_t hi_bin, std::vector<std::vector<Edge>>& onsets,
                std::vector<std::vector<Edge>>& offsets) {
  onsets.assign(sg.width, {});
  offsets.assign(sg.width, {});
  const int32_t frames = static_cast<int32_t>(sg.frames);
  const int32_t min_change = static_cast<int32_t>(kEdgeDb / kDbPerStep);
  const uint32_t b0 = lo_bin - sg.lo, b1 = hi_bin - sg.lo;  // columns searched
  std::vector<uint8_t> zeros(sg.width, 0);
  auto row = [&](int32_t t) -> const uint8_t* {
    return t >= 0 && t < frames ? &sg.db[static_cast<size_t>(t) * sg.width] : zeros.data();
  };
  std::vector<int32_t> prev(sg.width, 0), cur(sg.width), next(sg.width);
  {
    const uint8_t *ahead = row(kEdgeSpan), *behind = row(-kEdgeSpan);
    for (uint32_t b = b0; b <= b1; ++b) cur[b] = ahead[b] - behind[b];
  }
  Edge e;
  for (int32_t t = 0; t < frames; ++t) {
    const uint8_t *ahead = row(t + 1 + kEdgeSpan), *behind = row(t + 1 - kEdgeSpan);
    for (uint32_t b = b0; b <= b1; ++b) next[b] = ahead[b] - behind[b];
    for (uint32_t b = b0; b <= b1; ++b) {
      const int32_t v = cur[b];
      if (v >= min_change) {
        if ((t == 0 || v > prev[b]) && v >= next[b] && edge_at(sg, t, b, +1, e)) onsets[b].push_back(e);
      } else if (-v >= min_change) {
        if ((t == 0 || v < prev[b]) && v <= next[b] && edge_at(sg, t, b, -1, e)) offsets[b].push_back(e);
      }
    }
    prev.swap(cur);
    cur.swap(next);
  }
}

}  // namespace

std::vector<RhythmOccurrence> RhythmAnalysis::finish() {
  State& s = *st_;
  const RhythmConfig& c = s.c;
  std::vector<RhythmOccurrence> out;
  const Spectrogram& sg = s.sg;
  if (s.frames == 0 || s.loudest <= 0) return out;
  const double bin_hz = static_cast<double>(c.rate) / c.fft;
  const double frame_ms = 1000.0 * c.hop / c.rate;
  // Tones quieter than floor_db below the loudest tone are not labels.
  const double min_level_db = (dmath::log(s.loudest + 1e-30) - s.floor_log) / kLn10 * 10.0 + c.floor_db;

  // Pass 2: guesses of (first onset, unit, pitch, A–I gap) from pairs of tonal onsets at one pitch (±1 bin), each
  // read as any two of the label's four onsets; a guess needs a third onset where the template puts one, and its
  // onset and unit are then fitted to the onsets found by least squares.
  std::vector<std::vector<Edge>> onsets, offsets;
  find_edges(sg, s.lo_bin, s.hi_bin, onsets, offsets);
  const double u_min = c.min_unit_ms * 0.85 / frame_ms, u_max = c.max_unit_ms * 1.15 / frame_ms;
  struct Guess {
    double t0, u, bin;
    int gap;  // 1: long A–I gap
  };
  struct Hypothesis {
    int n, from, gap;  // the lag is n units; the pair's first onset is the label's onset `from` (units)
  };
  static constexpr double kOnsetUnits[2][4] = {{0, 2, 6, 8}, {0, 2, 8, 10}};
  std::vector<Hypothesis> hypotheses;
  for (int g = 0; g < 2; ++g) {
    for (int i = 0; i < 4; ++i) {
      for (int j = i + 1; j < 4; ++j) {
        hypotheses.push_back({static_cast<int>(kOnsetUnits[g][j] - kOnsetUnits[g][i]),
                              static_cast<int>(kOnsetUnits[g][i]), g});
      }
    }
  }
  // The edge nearest to `t` within `tol` frames at bin ±1, or -1.
  auto nearest = [&](const std::vector<std::vector<Edge>>& edges, double bin, double t, double tol) -> double {
    const int32_t center = static_cast<int32_t>(std::lround(bin));
    double best = -1, best_d = tol;
    for (int32_t b = center - 1; b <= center + 1; ++b) {
      if (b < static_cast<int32_t>(s.lo_bin) || b > static_cast<int32_t>(s.hi_bin)) continue;
      const std::vector<Edge>& list = edges[static_cast<size_t>(b) - sg.lo];
      auto it = std::lower_bound(list.begin(), list.end(), t - tol, [](const Edge& o, double v) { return o.t < v; });
      for (; it != list.end() && it->t <= t + tol; ++it) {
        const double d = std::fabs(it->t - t);
        if (d <= best_d) {
          best_d = d;
          best = it->t;
        }
      }
    }
    return best;
  };
  const Layout layout_short = morse_ai(1.0), layout_long = morse_ai(3.0);
  Matcher matcher(sg, c, min_level_db);
  std::vector<Guess> guesses;
  const double max_lag = 10.0 * u_max + 2;
  for (uint32_t b = s.lo_bin; b <= s.hi_bin; ++b) {
    for (const Edge& a : onsets[b - sg.lo]) {
      for (uint32_t b2 = b - 1; b2 <= b + 1; ++b2) {
        if (b2 < s.lo_bin || b2 > s.hi_bin) continue;
        const std::vector<Edge>& list = onsets[b2 - sg.lo];
        auto it = std::upper_bound(list.begin(), list.end(), a.t, [](uint32_t v, const Edge& o) { return v < o.t; });
        for (; it != list.end() && it->t - a.t <= max_lag; ++it) {
          if (std::fabs(it->bin - a.bin) > 1.0) continue;
          const double lag = static_cast<double>(it->t - a.t), bin = 0.5 * (a.bin + it->bin);
          for (const Hypothesis& h : hypotheses) {
            const double u = lag / h.n;
            if (u < u_min || u > u_max) continue;
            const double t0 = a.t - h.from * u;
            const Layout& lay = h.gap ? layout_long : layout_short;
            if (!matcher.plausible(bin, t0, u, lay)) continue;  // cheap, and most pairs end here
            // The template's four onsets: at least three found, the pair being the first two of them (so that
            // each set of onsets makes one guess); fit t = t0 + position * u to them.
            // (An onset's time is known to ±2 frames, so a unit from a lag of n units to ±4/n frames: the window
            // grows with the distance from the pair.)
            const double tol = 2.0 + 0.06 * u;
            double sp = 0, st = 0, spp = 0, spt = 0;
            int found = 0;
            bool canonical = true;
            for (int k = 0; k < 4 && canonical; ++k) {
              const double p = kOnsetUnits[h.gap][k];
              const bool in_pair = p == h.from || p == h.from + h.n;
              const double at = in_pair ? (p == h.from ? a.t : it->t)
                                        : nearest(onsets, bin, t0 + p * u, tol + 4.0 * std::fabs(p - h.from) / h.n);
              if (at < 0) continue;
              if (!in_pair && p < h.from + h.n) canonical = false;  // an earlier pair makes this guess
              ++found;
              sp += p;
              st += at;
              spp += p * p;
              spt += p * at;
            }
            if (!canonical || found < 3) continue;
            const double den = found * spp - sp * sp;
            const double uf = (found * spt - sp * st) / den, t0f = (st - uf * sp) / found;
            if (uf < u_min || uf > u_max) continue;
            // The beeps end sharply too: at least three of the four offsets where the template puts them.
            int ends = 0;
            for (int k = 0; k < 4; ++k) {
              ends += nearest(offsets, bin, t0f + (lay.on_start[k] + lay.on_len[k]) * uf, tol + 1) >= 0;
            }
            if (ends < 3 || !matcher.plausible(bin, t0f, uf, lay)) continue;
            guesses.push_back({t0f, uf, bin, h.gap});
          }
        }
      }
    }
  }
  // Guesses close to each other test the same templates: keep one of each cluster.
  std::sort(guesses.begin(), guesses.end(), [](const Guess& a, const Guess& b) {
    return a.t0 != b.t0 ? a.t0 < b.t0 : a.u < b.u;
  });
  {
    std::vector<Guess> unique;
    for (const Guess& g : guesses) {
      bool dup = false;
      for (size_t k = unique.size(); k-- > 0 && unique[k].t0 >= g.t0 - 2;) {
        dup = dup || (unique[k].gap == g.gap && std::fabs(unique[k].u - g.u) < 0.03 * g.u &&
                      std::fabs(unique[k].bin - g.bin) < 0.6);
      }
      if (!dup) unique.push_back(g);
    }
    guesses.swap(unique);
  }
  for (const Guess& gs : guesses) {
    const Layout l = morse_ai(gs.gap ? 3.0 : 1.0);
    double best_agree = -1, best_contrast = 0, best_t0 = 0, best_u = 0;
    auto consider = [&](double t0, double u) {
      if (u < u_min || u > u_max) return;
      double agree = 0, contrast = 0;
      if (!matcher.evaluate(gs.bin, t0, u, l, agree, contrast)) return;
      if (agree > best_agree || (agree == best_agree && contrast > best_contrast)) {
        best_agree = agree;
        best_contrast = contrast;
        best_t0 = t0;
        best_u = u;
      }
    };
    // The fitted template, then one refinement step around the best.
    for (double dt : {-1.0, 0.0, 1.0}) {
      for (double uf : {0.96, 1.0, 1.04}) consider(gs.t0 + dt, gs.u * uf);
    }
    if (best_agree < 0) continue;
    const double t_c = best_t0, u_c = best_u;
    for (double dt : {-0.5, 0.5}) {
      for (double uf : {0.98, 1.0, 1.02}) consider(t_c + dt, u_c * uf);
    }
    RhythmOccurrence occ;
    occ.start_s = best_t0 * frame_ms / 1000.0;
    occ.end_s = (best_t0 + l.total * best_u) * frame_ms / 1000.0;
    occ.unit_ms = best_u * frame_ms;
    occ.frequency_hz = gs.bin * bin_hz;
    occ.snr_db = best_contrast;
    occ.long_gap = gs.gap == 1;
    occ.agreement = best_agree;
    out.push_back(occ);
  }
  // One label is found from several guesses, and a buzzer's overtones repeat it at multiples of its pitch: of
  // occurrences overlapping in time keep the best fit (agreement, then contrast, then the lowest pitch).
  std::sort(out.begin(), out.end(), [](const RhythmOccurrence& a, const RhythmOccurrence& b) {
    if (a.agreement != b.agreement) return a.agreement > b.agreement;
    if (a.snr_db != b.snr_db) return a.snr_db > b.snr_db;
    return a.frequency_hz < b.frequency_hz;
  });
  std::vector<RhythmOccurrence> kept;
  for (const RhythmOccurrence& o : out) {
    bool dup = false;
    for (const RhythmOccurrence& m : kept) dup = dup || (o.start_s < m.end_s && m.start_s < o.end_s);
    if (!dup) kept.push_back(o);
  }
  std::sort(kept.begin(), kept.end(), [](const RhythmOccurrence& a, const RhythmOccurrence& b) { return a.start_s < b.start_s; });
  return kept;
}

}  // namespace dsmark
