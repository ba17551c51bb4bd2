#include "audio/rhythm_detector.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>

#include "audio/det_math.h"
#include "audio/fft.h"

namespace dsmark {
namespace {

constexpr double kLn10 = 2.302585092994046;
constexpr double kDbPerStep = 0.5;  // the stored spectrogram: uint8 in half-decibel steps
constexpr double kMargin = 4.0;     // frames trimmed off region edges: the 32 ms window smears edges by ~16 ms

// A tone held at one frequency: a seed for guesses.
struct Segment {
  uint32_t first = 0, last = 0;  // frames
  double bin_sum = 0, bin_sq = 0;
  uint32_t frames = 0;
  double bin() const { return bin_sum / frames; }
  double spread() const {
    const double m = bin();
    return std::sqrt(std::max(0.0, bin_sq / frames - m * m));
  }
};

struct Track {
  Segment seg;
  uint32_t last_seen = 0;
  bool live = false;
};

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
  bool evaluate(double bin, double t0, double u, const Layout& l, double& agreement, double& contrast) {
    // Quick test on the middle frames of the beeps and gaps (most guesses end here).
    double lo_on = 1e300, hi_off = -1e300;
    for (int k = 0; k < 4; ++k) lo_on = std::min(lo_on, middle(bin, t0 + (l.on_start[k] + 0.5 * l.on_len[k]) * u));
    for (int k = 0; k < 3; ++k) hi_off = std::max(hi_off, middle(bin, t0 + (l.off_start[k] + 0.5 * l.off_len[k]) * u));
    if (lo_on - hi_off < c_.switch_db - 6.0 || lo_on < min_level_ - 6.0) return false;
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
    contrast = on_min - off_max;
    return true;
  }

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
  std::vector<Segment> segments;
  std::vector<Track> tracks;
  std::vector<int32_t> track_at;  // per bin: the live track there, or -1
  std::vector<double> valley;     // prefix sums of the valley floor of the current frame
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
  s.sg.frames = frame_count;
  s.sg.lo = s.lo_bin - 1;
  s.sg.width = s.hi_bin + 2 - s.sg.lo;
  s.sg.db.assign(static_cast<size_t>(frame_count) * s.sg.width, 0);
  s.sg.tonal.assign(s.sg.db.size(), 0);
  s.track_at.assign(c.fft / 2 + 1, -1);
  s.valley.assign(c.fft / 2 + 2, 0.0);
}

RhythmAnalysis::~RhythmAnalysis() { delete st_; }

// Pass 1, per frame: the stored spectrogram, and tonal peaks (at least tone_contrast_db over their
// neighbourhood: the bins 3–8 away, through a median so that the harmonics of a voice or an instrument next to
// the tone do not hide it) followed from frame to frame into segments of stable pitch.
void RhythmAnalysis::frame(uint32_t t, const float* power) {
  State& s = *st_;
  if (t >= s.frames) return;
  constexpr uint32_t kGapFrames = 3;  // a track survives three frames without its peak (12 ms)
  uint8_t* row = &s.sg.db[static_cast<size_t>(t) * s.sg.width];
  uint8_t* tonal_row = &s.sg.tonal[static_cast<size_t>(t) * s.sg.width];
  for (uint32_t k = s.sg.lo; k < s.sg.lo + s.sg.width; ++k) {
    const double l = (dmath::log_fast(power[k] + 1e-30) - s.floor_log) * s.steps_per_neper;
    row[k - s.sg.lo] = static_cast<uint8_t>(std::clamp(l, 0.0, 255.0));
  }
  // The valley floor: a running minimum over 5 bins (the width of a Hann peak) removes narrow peaks, so the
  // neighbourhood of a tone is measured between the harmonics of a voice or an instrument, not on them.
  std::vector<double>& valley = s.valley;
  const uint32_t half = s.c.fft / 2;
  valley[0] = 0;
  for (uint32_t k = 0; k < half; ++k) {
    float m = power[k];
    for (uint32_t d = (k >= 2 ? k - 2 : 0); d <= std::min(k + 2, half); ++d) m = std::min(m, power[d]);
    valley[k + 1] = valley[k] + m;  // prefix sums: valley[k + 1] = sum of the minima of bins 0..k
  }
  for (uint32_t k = s.lo_bin; k <= s.hi_bin; ++k) {
    const double p = power[k];
    if (!(p > power[k - 1] && p >= power[k + 1]) || p <= 0) continue;
    const double around = ((valley[k - 2] - valley[k - 8]) + (valley[k + 9] - valley[k + 3])) / 12.0;
    if (p < s.contrast_min * around) continue;
    for (uint32_t b = k - 1; b <= k + 1; ++b) tonal_row[b - s.sg.lo] = 1;
    s.loudest = std::max(s.loudest, p);
    const double a = dmath::log_fast(power[k - 1] + 1e-30), b = dmath::log_fast(p),
                 cc = dmath::log_fast(power[k + 1] + 1e-30);
    const double den = a - 2 * b + cc;
    const double pos = k + (den < 0 ? std::clamp(0.5 * (a - cc) / den, -0.5, 0.5) : 0.0);
    // The live track nearest in pitch (within one bin), else a new one.
    int32_t best = -1;
    double best_d = 1.01;
    for (uint32_t kb = k - 2; kb <= k + 2; ++kb) {
      const int32_t id = s.track_at[kb];
      if (id < 0 || s.tracks[static_cast<size_t>(id)].last_seen == t) continue;
      const double d = std::fabs(s.tracks[static_cast<size_t>(id)].seg.bin() - pos);
      if (d < best_d) {
        best_d = d;
        best = id;
      }
    }
    if (best < 0) {
      auto slot = std::find_if(s.tracks.begin(), s.tracks.end(), [](const Track& tr) { return !tr.live; });
      if (slot == s.tracks.end()) slot = s.tracks.emplace(s.tracks.end());
      best = static_cast<int32_t>(slot - s.tracks.begin());
      slot->live = true;
      slot->seg = Segment{};
      slot->seg.first = t;
      slot->last_seen = t;
    }
    Track& tr = s.tracks[static_cast<size_t>(best)];
    if (tr.seg.frames > 0) {
      const uint32_t old_bin = static_cast<uint32_t>(std::lround(tr.seg.bin()));
      if (s.track_at[old_bin] == best) s.track_at[old_bin] = -1;
    }
    tr.last_seen = t;
    tr.seg.last = t;
    tr.seg.bin_sum += pos;
    tr.seg.bin_sq += pos * pos;
    tr.seg.frames += 1;
    s.track_at[static_cast<uint32_t>(std::lround(tr.seg.bin()))] = best;
  }
  for (size_t i = 0; i < s.tracks.size(); ++i) {
    Track& tr = s.tracks[i];
    if (tr.live && t - tr.last_seen > kGapFrames) {
      if (tr.seg.frames >= 3 && tr.seg.spread() <= 0.35) s.segments.push_back(tr.seg);
      tr.live = false;
      const uint32_t at = static_cast<uint32_t>(std::lround(tr.seg.bin()));
      if (s.track_at[at] == static_cast<int32_t>(i)) s.track_at[at] = -1;
    }
  }
}

std::vector<RhythmOccurrence> detect_audio_rhythm(std::span<const float> mono, const RhythmConfig& c) {
  RhythmAnalysis analysis(c, power_frame_count(mono.size(), c.hop));
  PowerFrameConsumer* consumers[] = {&analysis};
  run_power_frames(mono, c.fft, c.hop, consumers);
  return analysis.finish();
}

std::vector<RhythmOccurrence> RhythmAnalysis::finish() {
  State& s = *st_;
  const RhythmConfig& c = s.c;
  std::vector<RhythmOccurrence> out;
  for (Track& tr : s.tracks) {
    if (tr.live && tr.seg.frames >= 3 && tr.seg.spread() <= 0.35) s.segments.push_back(tr.seg);
    tr.live = false;
  }
  std::vector<Segment>& segments = s.segments;
  const Spectrogram& sg = s.sg;
  const uint32_t frames = s.frames;
  const double bin_hz = static_cast<double>(c.rate) / c.fft;
  const double frame_ms = 1000.0 * c.hop / c.rate;
  const double loudest = s.loudest, floor_log = s.floor_log;
  (void)frames;
  if (segments.empty()) return out;
  std::sort(segments.begin(), segments.end(), [](const Segment& a, const Segment& b) { return a.first < b.first; });
  // Tones quieter than floor_db below the loudest tone are not labels.
  const double min_level_db = (dmath::log(loudest + 1e-30) - floor_log) / kLn10 * 10.0 + c.floor_db;

  // Pass 2: guesses of (first onset, unit, pitch) from the segments — a segment as the first dot, with half the
  // lag to each later segment at its pitch (the dash starts two units after the dot) or its own length less the
  // window's smear; and a segment as the dash (three units long, starting two units after the label) — then the
  // label's whole template checked on the spectrogram for both A–I gaps around each guess.
  const double u_min = c.min_unit_ms * 0.85 / frame_ms, u_max = c.max_unit_ms * 1.15 / frame_ms;
  struct Guess {
    double t0, u, bin;
  };
  std::vector<Guess> guesses;
  auto add_guess = [&](double t0, double u, double bin) {
    if (u < 0.8 * u_min || u > 1.2 * u_max) return;
    guesses.push_back({t0, u, bin});
  };
  for (size_t i = 0; i < segments.size(); ++i) {
    const Segment& a = segments[i];
    const double length = static_cast<double>(a.last - a.first + 1) - kMargin;
    add_guess(a.first, length, a.bin());
    add_guess(a.first - 2.0 * (length / 3.0 + 1.0), length / 3.0, a.bin());
    for (size_t j = i + 1; j < segments.size(); ++j) {
      const Segment& b = segments[j];
      const double lag = static_cast<double>(b.first) - a.first;
      if (lag > 2.4 * u_max + 2) break;
      if (lag >= 1.6 * u_min - 2 && std::fabs(a.bin() - b.bin()) <= 0.6) add_guess(a.first, lag / 2, 0.5 * (a.bin() + b.bin()));
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
      for (size_t k = unique.size(); k-- > 0 && unique[k].t0 >= g.t0 - 3;) {
        dup = dup || (std::fabs(unique[k].u - g.u) < 0.05 * g.u && std::fabs(unique[k].bin - g.bin) < 0.6);
      }
      if (!dup) unique.push_back(g);
    }
    guesses.swap(unique);
  }
  // Is there a segment at `bin` (±0.6) overlapping frames [from, to]?
  uint32_t longest_segment = 0;
  for (const Segment& sgm : segments) longest_segment = std::max(longest_segment, sgm.last - sgm.first);
  auto segment_near = [&](double bin, double from, double to) {
    auto it = std::lower_bound(segments.begin(), segments.end(), from - longest_segment,
                               [](const Segment& sgm, double t) { return sgm.first < t; });
    for (; it != segments.end() && it->first <= to; ++it) {
      if (it->last >= from && std::fabs(it->bin() - bin) <= 0.6) return true;
    }
    return false;
  };
  Matcher matcher(sg, c, min_level_db);
  for (const Guess& gs : guesses) {
    for (int g = 0; g < 2; ++g) {
      const Layout l = morse_ai(g ? 3.0 : 1.0);
      // Every beep must show some tonal stretch at the pitch (within ±15 % on the unit).
      bool seen = true;
      for (int k = 0; k < 4 && seen; ++k) {
        seen = segment_near(gs.bin, gs.t0 + l.on_start[k] * gs.u * 0.85 - 2,
                            gs.t0 + (l.on_start[k] + l.on_len[k]) * gs.u * 1.15 + 2);
      }
      if (!seen) continue;
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
      // Coarse search of the onset and the unit around the guess, then one refinement step.
      for (double dt : {0.0, 2.0}) {
        for (double uf : {0.82, 0.9, 1.0, 1.1, 1.2}) consider(gs.t0 + dt, gs.u * uf);
      }
      if (best_agree < 0) continue;
      const double t_c = best_t0, u_c = best_u;
      for (double dt : {-1.0, 0.0, 1.0}) {
        for (double uf : {0.96, 1.0, 1.04}) {
          if (dt != 0.0 || uf != 1.0) consider(t_c + dt, u_c * uf);
        }
      }
      RhythmOccurrence occ;
      occ.start_s = best_t0 * frame_ms / 1000.0;
      occ.end_s = (best_t0 + l.total * best_u) * frame_ms / 1000.0;
      occ.unit_ms = best_u * frame_ms;
      occ.frequency_hz = gs.bin * bin_hz;
      occ.snr_db = best_contrast;
      occ.long_gap = g == 1;
      occ.agreement = best_agree;
      out.push_back(occ);
    }
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
