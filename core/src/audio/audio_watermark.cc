#include "audio/audio_watermark.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <limits>
#include <numeric>
#include <string>

#include "audio/det_math.h"
#include "audio/fft.h"
#include "audio/ogg_opus.h"
#include "audio/pcm.h"
#include "audio/power_frames.h"
#include "audio/resampler.h"
#include "util/conv_code.h"

namespace dsmark {
namespace {

constexpr size_t kCrcBits = 12;
constexpr size_t kInfoBits = kAudioWmPayloadBits + kCrcBits;  // 44
constexpr size_t kCodedBits = 3 * kInfoBits;                  // 132: rate 1/3, tail-biting

// The payload's code: the rate-1/3 K = 7 code of LTE (generators 133, 171, 165 octal), tail-biting (no coded bits
// spent on a tail), as LTE's control channels use it.
const ConvCode& payload_code() {
  static const ConvCode code(6, {0133, 0171, 0165}, ConvCode::End::kTailBiting);
  return code;
}

// The coded bits that `n` data symbols carry (88 <= n <= 132; indices into the 132): both outputs of the first two
// generators at every step, and the third generator's at n - 88 steps spread evenly (t = floor((j + 1/2) 44 /
// (n - 88))); the others are punctured, which the decoder sees as erasures. Fewer than 88 data symbols repeat the
// list from its start.
std::vector<uint16_t> sent_bits(size_t n) {
  std::vector<bool> third(kInfoBits, false);
  const size_t extra = std::min(n, kCodedBits) > 2 * kInfoBits ? std::min(n, kCodedBits) - 2 * kInfoBits : 0;
  for (size_t j = 0; j < extra; ++j) third[(2 * j + 1) * kInfoBits / (2 * extra)] = true;
  std::vector<uint16_t> order;
  for (size_t t = 0; t < kInfoBits; ++t) {
    order.push_back(static_cast<uint16_t>(3 * t));
    order.push_back(static_cast<uint16_t>(3 * t + 1));
    if (third[t]) order.push_back(static_cast<uint16_t>(3 * t + 2));
  }
  std::vector<uint16_t> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = order[i % order.size()];
  return out;
}

// CRC-12 of 3GPP (polynomial 0x80F, initial value 0), MSB first, over `bits` (0/1 values). It is linear, so with no
// mark the decoded 44 bits, uniform over all words, pass it with probability exactly 2^-12; when a mark is there
// but decoded wrong, a wrong payload gets through about once in 4096 times. (A CRC-8 let one in 256 through: on
// Opus 32 kbit/s + 10 s cuts of speech, where decoding often fails, the benchmark saw a wrong payload reported;
// docs/audio.md.)
uint16_t crc12_bits(std::span<const uint8_t> bits) {
  uint16_t crc = 0;
  for (uint8_t b : bits) {
    const bool top = ((crc >> 11) & 1) != (b & 1);
    crc = static_cast<uint16_t>((crc << 1) & 0xFFF);
    if (top) crc ^= 0x80F;
  }
  return crc;
}

// Whether the last kCrcBits of an info word (payload, then CRC, MSB first) are the CRC of its payload.
bool crc_matches(std::span<const uint8_t> info) {
  uint16_t crc = 0;
  for (size_t i = 0; i < kCrcBits; ++i) crc = static_cast<uint16_t>((crc << 1) | info[kAudioWmPayloadBits + i]);
  return crc12_bits(info.first(kAudioWmPayloadBits)) == crc;
}

constexpr double kNeperPerDb = 0.1 * 2.302585092994046;  // an energy ratio in dB, as a natural log

// An energy ratio given in dB.
double energy_ratio(double db) { return dmath::exp(db * kNeperPerDb); }

uint64_t splitmix64(uint64_t& s) {
  uint64_t z = (s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// The key-derived pattern: the spreading vector over band pairs, and per period position its dither and role.
struct Pattern {
  uint32_t P = 0, Q = 0, R = 1;  // positions per period, band pairs (pair q: bands 2q and 2q + 1),
                                 // symbols per 64 ms column
  std::vector<double> spread;   // Q values, ±1/sqrt(Q)
  std::vector<double> dither;   // P values in [0, 1)
  std::vector<int16_t> bit;     // P values: -1 pilot, else the coded bit carried
};

Pattern make_pattern(const AudioWmConfig& c) {
  Pattern pt;
  pt.R = c.symbols_per_block;
  pt.P = c.period_symbols * pt.R;
  pt.Q = static_cast<uint32_t>((c.band_edges.size() - 1) / 2);
  uint64_t s = c.seed;
  // Band pair q belongs to symbol q mod R of its column. Its weight falls above 3.3 kHz, where codecs at low
  // bit rates disturb band energies most (measured: docs/audio.md); each symbol's vector has unit norm.
  std::vector<double> weight(pt.Q), norm2(pt.R, 0.0);
  for (uint32_t q = 0; q < pt.Q; ++q) {
    const double f = 0.5 * (c.band_edges[2 * q] + c.band_edges[2 * q + 2]);
    weight[q] = f <= 3300 ? 1.0 : std::max(0.35, 3300.0 / f);
    norm2[q % pt.R] += weight[q] * weight[q];
  }
  for (uint32_t q = 0; q < pt.Q; ++q) {
    const double v = weight[q] / std::sqrt(norm2[q % pt.R]);
    pt.spread.push_back((splitmix64(s) & 1) ? v : -v);
  }
  for (uint32_t p = 0; p < pt.P; ++p) pt.dither.push_back(static_cast<double>(splitmix64(s) >> 11) * 0x1.0p-53);
  // Data symbols are interleaved: coded bit j goes to the j-th data position of a key-derived permutation.
  std::vector<uint32_t> data;
  pt.bit.assign(pt.P, -1);
  for (uint32_t p = 0; p < pt.P; ++p) {
    if (p % c.pilot_every != 0) data.push_back(p);
  }
  for (uint32_t i = static_cast<uint32_t>(data.size()); i > 1; --i) {
    std::swap(data[i - 1], data[splitmix64(s) % i]);
  }
  const std::vector<uint16_t> sent = sent_bits(data.size());
  for (size_t i = 0; i < data.size(); ++i) pt.bit[data[i]] = static_cast<int16_t>(sent[i]);
  return pt;
}

std::vector<uint8_t> coded_bits_for(uint32_t payload) {
  std::vector<uint8_t> info(kInfoBits);
  for (size_t i = 0; i < kAudioWmPayloadBits; ++i) info[i] = static_cast<uint8_t>((payload >> (31 - i)) & 1);
  const uint16_t crc = crc12_bits(std::span<const uint8_t>(info).first(kAudioWmPayloadBits));
  for (size_t i = 0; i < kCrcBits; ++i) {
    info[kAudioWmPayloadBits + i] = static_cast<uint8_t>((crc >> (kCrcBits - 1 - i)) & 1);
  }
  return payload_code().encode(info);
}

// Band energies per analysis frame (see power_frames.h), accumulated by AudioWmAnalysis.
using BandEnergies = AudioWmAnalysis;

BandEnergies band_energies(std::span<const float> x, const AudioWmConfig& c) {
  AudioWmAnalysis out(c, power_frame_count(x.size(), c.hop));
  PowerFrameConsumer* consumers[] = {&out};
  run_power_frames(x, c.fft, c.hop, consumers);
  return out;
}

// Cells for slots starting at frame `sub` (slot k = frames [sub + kS, sub + (k+1)S)): energies, floored log
// energies, and each cell's activity.
struct Cells {
  uint32_t slots = 0, bands = 0;
  std::vector<double> energy;   // slots x bands
  std::vector<double> log_e;    // log(energy + floor)
  double floor = 0;
  double log_ref = 0;           // log of the clip's loud level (90th percentile of the cells)
};

Cells cells_at(const BandEnergies& be, uint32_t sub, uint32_t bands, const AudioWmConfig& c) {
  Cells cl;
  cl.bands = bands;
  cl.slots = be.frames > sub ? (be.frames - sub) / c.slot_frames : 0;
  cl.energy.assign(static_cast<size_t>(cl.slots) * bands, 0.0);
  for (uint32_t k = 0; k < cl.slots; ++k) {
    double* row = &cl.energy[static_cast<size_t>(k) * bands];
    for (uint32_t f = 0; f < c.slot_frames; ++f) {
      const float* e = &be.e[static_cast<size_t>(sub + k * c.slot_frames + f) * be.bands];
      for (uint32_t b = 0; b < bands; ++b) row[b] += e[b];
    }
  }
  // The clip's loud cells (90th percentile) set the floor: floor_db below them a gain change moves nothing.
  double ref = 0;
  if (!cl.energy.empty()) {
    std::vector<double> sorted = cl.energy;
    const size_t at = sorted.size() * 9 / 10;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(at), sorted.end());
    ref = sorted[at];
  }
  cl.floor = ref * energy_ratio(c.floor_db) + 1e-30;
  cl.log_e.resize(cl.energy.size());
  for (size_t i = 0; i < cl.energy.size(); ++i) cl.log_e[i] = dmath::log(cl.energy[i] + cl.floor);
  cl.log_ref = dmath::log(ref + 1e-30);
  return cl;
}

// Blocks and symbols for slots paired from cell slot `offset` (0 or 1) of `cl`.
struct Grid {
  uint32_t blocks = 0, Q = 0, offset = 0;
  const Cells* cells = nullptr;
  std::vector<double> d;        // blocks x Q: checkerboard double differences (the embedder's; empty in detection)
  std::vector<double> wb;       // blocks x Q: the blocks' weights (the embedder's; empty in detection)
  std::vector<double> x;        // blocks x R: projections (symbol r of column m at m * R + r)
  std::vector<double> w;        // blocks x R: the symbol's weight in detection, the rms of its blocks' weights (0–1)
  // The cell (slot k, band b) of this grid's pairing.
  size_t cell(uint32_t k, uint32_t b) const { return static_cast<size_t>(k + offset) * cells->bands + b; }
};

// c * tanh(d / c), through dmath::exp.
double psi(double d, double c) {
  const double y = d / c;
  const double e = dmath::exp(-2.0 * std::fabs(y));
  const double t = (1.0 - e) / (1.0 + e);
  return c * (y < 0 ? -t : t);
}

// A block's weight from its level (mean log energy of its cells against the clip's loud level, nepers): 0 below
// w_lo_db, 1 above w_hi_db, a smooth ramp between.
double block_weight(double level, const AudioWmConfig& c) {
  const double v = (level - c.w_lo_db * kNeperPerDb) / ((c.w_hi_db - c.w_lo_db) * kNeperPerDb);
  if (v <= 0) return 0.0;
  if (v >= 1) return 1.0;
  return v * v * (3.0 - 2.0 * v);
}

Grid grid_from(const Cells& cl, uint32_t offset, const AudioWmConfig& c, const Pattern& pt, bool keep_d = true) {
  Grid g;
  g.cells = &cl;
  g.offset = offset;
  g.Q = pt.Q;
  g.blocks = cl.slots > offset ? (cl.slots - offset) / 2 : 0;
  if (keep_d) g.d.assign(static_cast<size_t>(g.blocks) * g.Q, 0.0);
  if (keep_d) g.wb.assign(static_cast<size_t>(g.blocks) * g.Q, 0.0);
  g.x.assign(static_cast<size_t>(g.blocks) * pt.R, 0.0);
  g.w.assign(static_cast<size_t>(g.blocks) * pt.R, 0.0);
  std::vector<double> members(pt.R, 0.0);
  for (uint32_t q = 0; q < g.Q; ++q) members[q % pt.R] += 1;
  for (uint32_t m = 0; m < g.blocks; ++m) {
    double* x = &g.x[static_cast<size_t>(m) * pt.R];
    double* w = &g.w[static_cast<size_t>(m) * pt.R];
    for (uint32_t q = 0; q < g.Q; ++q) {
      const size_t i00 = g.cell(2 * m, 2 * q), i01 = g.cell(2 * m, 2 * q + 1);
      const size_t i10 = g.cell(2 * m + 1, 2 * q), i11 = g.cell(2 * m + 1, 2 * q + 1);
      const double d = (cl.log_e[i00] + cl.log_e[i11]) - (cl.log_e[i10] + cl.log_e[i01]);
      if (keep_d) g.d[static_cast<size_t>(m) * g.Q + q] = d;
      // The block's weight: its mean log energy against the clip's loud level, through a ramp. The checkerboard
      // moves of the mark leave that mean unchanged, and attacks that stay well under the ramp barely move it.
      const double level = std::min(std::min(cl.log_e[i00], cl.log_e[i01]), std::min(cl.log_e[i10], cl.log_e[i11])) - cl.log_ref;
      const double wb = block_weight(level, c);
      if (keep_d) g.wb[static_cast<size_t>(m) * g.Q + q] = wb;
      x[q % pt.R] += wb * pt.spread[q] * psi(d, c.psi_scale);
      w[q % pt.R] += wb * wb / members[q % pt.R];
    }
    // A symbol weighs by the rms of its blocks' weights. How well it survives depends far less on them than that
    // mean of w² (the weight before): after Opus 32 kbit/s the pilots' mean cos of phase error is 0.33–0.42 at a
    // mean w² below 0.1 and 0.54–0.59 between 0.3 and 0.5 (docs/audio.md); any fixed function of the received
    // sound keeps the false-positive bound.
    for (uint32_t r = 0; r < pt.R; ++r) w[r] = std::sqrt(w[r]);
  }
  return g;
}

// Phase of a projection against a lattice offset, in turns: 0 on the lattice, 1/2 halfway between points.
double lattice_turns(double x, double delta, double offset) {
  const double t = x / delta - offset;
  return t - std::floor(t);
}

// log I0(x) for x >= 0: the series below 30, the asymptotic expansion above (relative error < 1e-9 there).
double log_i0(double x) {
  if (x < 30.0) return dmath::log(dmath::bessel_i0(x));
  const double r = 1.0 / (8.0 * x);
  return x - 0.5 * dmath::log(2.0 * dmath::kPi * x) + dmath::log(1.0 + r + 9.0 * r * r / 2.0 + 225.0 * r * r * r / 6.0);
}

// The tail of a sum of independent terms R_p cos(U_p), U_p uniform on a circle: Chernoff's bound with the exact
// moment generating function E[exp(l R cos U)] = I0(l R), minimised over l > 0:
//   P(sum >= t) <= min_l exp(-l t + sum_p log I0(l R_p)).
// With no mark, each period position's terms share one key-derived dither, so together they are R_p cos(U_p)
// with R_p = |sum of w e^{i 2 pi phase}| over its occurrences, which the received audio fixes.
double chernoff_bessel_tail(double t, const std::vector<double>& radii) {
  if (t <= 0) return 1.0;
  double total = 0;
  for (double r : radii) total += r;
  if (t >= total) return 0.0;  // the sum cannot reach t
  auto f = [&](double l) {
    double v = -l * t;
    for (double r : radii) {
      if (r > 0) v += log_i0(l * r);
    }
    return v;
  };
  // f is convex in l: golden-section search on [0, hi] with hi where the derivative is surely positive. Every
  // l > 0 gives a valid bound; 40 steps narrow l to 4e-9 of hi, where f is flat to far below the digits reported.
  double lo = 0, hi = 1, f_half = f(0.5), f_hi = f(1.0);
  while (f_hi < f_half && hi < 1e6) {
    hi *= 2;
    f_half = f_hi;
    f_hi = f(hi);
  }
  constexpr double kGolden = 0.6180339887498949;
  double a = lo, b = hi, x1 = b - kGolden * (b - a), x2 = a + kGolden * (b - a), f1 = f(x1), f2 = f(x2);
  for (int i = 0; i < 40; ++i) {
    if (f1 < f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - kGolden * (b - a);
      f1 = f(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + kGolden * (b - a);
      f2 = f(x2);
    }
  }
  return std::min(1.0, dmath::exp(std::min(f1, f2)));
}

std::vector<float> analysis_mono(const AudioBuffer& audio, uint32_t rate) {
  Resampler r(audio.sample_rate, rate, kAnalysisQuality);
  std::vector<float> out;
  r.push(mix_to_mono(audio), out);
  r.finish(out);
  return out;
}

}  // namespace

AudioWmAnalysis::AudioWmAnalysis(const AudioWmConfig& c, uint32_t frame_count)
    : frames(frame_count), bands(static_cast<uint32_t>(c.band_edges.size() - 1)) {
  e.assign(static_cast<size_t>(frames) * bands, 0.0f);
  for (uint32_t b = 0; b < bands; ++b) {
    lo_.push_back(static_cast<uint32_t>(std::ceil(c.band_edges[b] * c.fft / static_cast<double>(c.rate))));
    hi_.push_back(std::min(static_cast<uint32_t>(std::ceil(c.band_edges[b + 1] * c.fft / static_cast<double>(c.rate))),
                           c.fft / 2));
  }
}

void AudioWmAnalysis::frame(uint32_t t, const float* power) {
  if (t >= frames) return;
  float* row = &e[static_cast<size_t>(t) * bands];
  for (uint32_t b = 0; b < bands; ++b) {
    float s = 0.0f;
    for (uint32_t k = lo_[b]; k < hi_[b]; ++k) s += power[k];
    row[b] = s;
  }
}

const AudioWmConfig& default_audio_wm_config() {
  static const AudioWmConfig config = [] {
    AudioWmConfig c;
    // 100 Hz bands up to 1050 Hz, then bands a tenth of their frequency wide, up to 7 kHz: 28 bands.
    for (double f = 250; f < 1050 - 1e-9; f += 100) c.band_edges.push_back(static_cast<float>(f));
    for (double f = 1050; f < 7000; f *= 1.1) c.band_edges.push_back(static_cast<float>(std::round(f / 10) * 10));
    c.band_edges.resize(29);
    c.band_edges.back() = 7000;
    return c;
  }();
  return config;
}

namespace {

// Statistic of a set of symbols against their lattice offsets: t = sum w cos(2 pi phase). Terms at one period
// position share its dither: per position the sum of w e^{i 2 pi (x / Delta)} gives its radius for the bound.
struct Tally {
  std::vector<double> re, im;  // per period position
  double t = 0;
  void reset(uint32_t positions) {
    re.assign(positions, 0.0);
    im.assign(positions, 0.0);
    t = 0;
  }
  // Adds a symbol and returns its term.
  double add(uint32_t p, double w, double x_turns, double offset_turns) {
    const double term = w * dmath::cos_pi(2.0 * (x_turns - offset_turns));
    t += term;
    re[p] += w * dmath::cos_pi(2.0 * x_turns);
    im[p] += w * dmath::sin_pi(2.0 * x_turns);
    return term;
  }
  void radii(std::vector<double>& out) const {
    for (size_t p = 0; p < re.size(); ++p) {
      const double r = std::sqrt(re[p] * re[p] + im[p] * im[p]);
      if (r > 0) out.push_back(r);
    }
  }
  double variance() const {  // sum of R^2 / 2: the z-score's scale
    double v = 0;
    for (size_t p = 0; p < re.size(); ++p) v += 0.5 * (re[p] * re[p] + im[p] * im[p]);
    return v;
  }
};

// The grids of every alignment phase (hops within a block) over the whole clip. The detector reads only their
// projections and weights: each sub-phase's cells are dropped once its two grids are made.
struct PhaseGrids {
  std::vector<Grid> grids;  // per phase: the cells at sub-phase phase % S, paired from slot phase / S
};

PhaseGrids phase_grids(const BandEnergies& be, const AudioWmConfig& c, const Pattern& pt) {
  PhaseGrids pg;
  const uint32_t S = c.slot_frames;
  pg.grids.resize(2 * S);
  for (uint32_t sub = 0; sub < S; ++sub) {
    const Cells cells = cells_at(be, sub, 2 * pt.Q, c);
    for (uint32_t half = 0; half < 2; ++half) {
      Grid g = grid_from(cells, half, c, pt, /*keep_d=*/false);
      g.cells = nullptr;
      pg.grids[half * S + sub] = std::move(g);
    }
  }
  return pg;
}

struct Found {
  uint32_t phase = 0, shift = 0;
  uint32_t first = 0, count = 0;  // symbols [first, first + count) of the phase's grid: the window searched
  double score = -1e300;          // pilot z
  double delta = 0;               // the lattice step tried
};

// Every alignment of the pattern under lattice step `delta`: per window of two periods, the best alignments by
// the pilot statistic are appended to `found`, and every alignment tried is counted in `candidates`.
void search_alignments(const PhaseGrids& pg, const Pattern& pt, const AudioWmConfig& c, double delta,
                       const std::vector<double>& dc, const std::vector<double>& ds, std::vector<Found>& found,
                       uint32_t& candidates) {
  const uint32_t P = pt.P, R = pt.R;
  const uint32_t phases = static_cast<uint32_t>(pg.grids.size());
  // Per phase: w cos and w sin of each symbol's lattice phase, so that a term against dither d is
  // ac cos(2 pi d) + as sin(2 pi d).
  std::vector<std::vector<double>> ac(phases), as(phases);
  uint32_t longest = 0;
  for (uint32_t ph = 0; ph < phases; ++ph) {
    const Grid& g = pg.grids[ph];
    const uint32_t n = g.blocks * R;
    longest = std::max(longest, n);
    ac[ph].resize(n);
    as[ph].resize(n);
    for (uint32_t i = 0; i < n; ++i) {
      const double turns = lattice_turns(g.x[i], delta, 0.0);
      ac[ph][i] = g.w[i] * dmath::cos_pi(2.0 * turns);
      as[ph][i] = g.w[i] * dmath::sin_pi(2.0 * turns);
    }
  }
  // Windows of two periods, one period apart: any stretch of one period lies whole in one of them, and the cost
  // grows linearly with the clip. Each window keeps its best alignments by the pilot.
  const size_t kKeep = c.keep_alignments;
  const uint32_t window = 2 * P + R, step = P;
  // Per window, each phase's terms are folded by their place in the period (symbols one period apart share a
  // period position at every alignment), so an alignment costs one pass over the pilot positions.
  std::vector<uint32_t> pilots;
  for (uint32_t p = 0; p < P; ++p) {
    if (pt.bit[p] < 0) pilots.push_back(p);
  }
  std::vector<double> fc(P), fs(P), fw(P);
  for (uint32_t first = 0; first < std::max(longest, 1u); first += step) {
    std::vector<Found> top;
    for (uint32_t ph = 0; ph < phases; ++ph) {
      const uint32_t n = static_cast<uint32_t>(ac[ph].size());
      if (first >= n) continue;
      const uint32_t count = std::min(window, n - first);
      std::fill(fc.begin(), fc.end(), 0.0);
      std::fill(fs.begin(), fs.end(), 0.0);
      std::fill(fw.begin(), fw.end(), 0.0);
      const std::vector<double>& w = pg.grids[ph].w;
      for (uint32_t i = first, j = 0; i < first + count; ++i, j = (j + 1 == P) ? 0 : j + 1) {
        fc[j] += ac[ph][i];
        fs[j] += as[ph][i];
        fw[j] += w[i];
      }
      for (uint32_t shift = 0; shift < c.period_symbols; ++shift) {
        ++candidates;
        // Symbol first + j sits at period position (first + j + shift R) % P.
        const uint32_t base = (first + shift * R) % P;
        double t = 0, v = 0;
        for (uint32_t p : pilots) {
          const uint32_t j = p >= base ? p - base : p + P - base;
          t += fc[j] * dc[p] + fs[j] * ds[p];
          v += 0.5 * fw[j] * fw[j];
        }
        const Found f{ph, shift, first, count, v > 0 ? t / std::sqrt(v) : 0.0, delta};
        if (top.size() < kKeep || f.score > top.back().score) {
          top.push_back(f);
          std::sort(top.begin(), top.end(), [](const Found& a, const Found& b) { return a.score > b.score; });
          if (top.size() > kKeep) top.pop_back();
        }
      }
    }
    found.insert(found.end(), top.begin(), top.end());
    if (first + window >= longest) break;
  }
}

}  // namespace

AudioWmDetection detect_audio_watermark(std::span<const float> mono, const AudioWmConfig& c) {
  return detect_audio_watermark(band_energies(mono, c), c);
}

AudioWmDetection detect_audio_watermark(const AudioWmAnalysis& analysis, const AudioWmConfig& c) {
  AudioWmDetection out;
  const Pattern pt = make_pattern(c);
  const uint32_t P = pt.P, R = pt.R;
  const PhaseGrids pg = phase_grids(analysis, c, pt);
  const uint32_t block_frames = 2 * c.slot_frames;
  std::vector<double> dc(P), ds(P);
  for (uint32_t p = 0; p < P; ++p) {
    dc[p] = dmath::cos_pi(2.0 * pt.dither[p]);
    ds[p] = dmath::sin_pi(2.0 * pt.dither[p]);
  }
  std::vector<Found> found;
  for (const double delta : c.steps) search_alignments(pg, pt, c, delta, dc, ds, found, out.candidates);
  if (found.empty()) return out;
  // Two tests, each given half of the false-positive budget: the pilot alone (M alignments), and pilot + data
  // against the decoded codeword (M alignments x 2^32 payloads; the CRC must match).
  const double m = static_cast<double>(out.candidates);
  const double payloads = 4294967296.0;
  bool first_result = true;
  for (const Found& f : found) {
    const Grid& g = pg.grids[f.phase];
    // The pilots against their dithers; each data symbol against its dither alone (a coded bit 1 turns its term's
    // sign), summed per coded bit: the soft values of the code, whose metric for a word is then the data statistic
    // against that word. The data radii do not depend on the word.
    Tally pilot, data;
    pilot.reset(P);
    data.reset(P);
    std::vector<double> soft(kCodedBits, 0.0);
    for (uint32_t i = f.first; i < f.first + f.count; ++i) {
      const uint32_t p = (i + f.shift * R) % P;
      if (g.w[i] <= 0) continue;
      const double x_turns = lattice_turns(g.x[i], f.delta, 0.0);
      if (pt.bit[p] < 0) {
        pilot.add(p, g.w[i], x_turns, pt.dither[p]);
      } else {
        soft[static_cast<size_t>(pt.bit[p])] += data.add(p, g.w[i], x_turns, pt.dither[p]);
      }
    }
    std::vector<double> pilot_radii, all_radii;
    pilot.radii(pilot_radii);
    all_radii = pilot_radii;
    data.radii(all_radii);
    auto p_all_of = [&](double data_t) {
      return std::min(1.0, 2.0 * m * payloads * chernoff_bessel_tail(pilot.t + data_t, all_radii));
    };
    std::vector<uint8_t> info = payload_code().decode(soft, kInfoBits);
    double data_t = payload_code().metric(soft, payload_code().encode(info));
    bool crc_ok = crc_matches(info);
    // CRC-aided list decoding: when the most likely word fails its CRC, the next most likely ones are tried, up to
    // c.list_words in all, and the first that passes is read. The bound above already counts every payload, so
    // this costs no false-positive budget; it does let a wrong word through the CRC more often when decoding
    // fails (each word tried passes it with probability 2^-12). No word scores more than the most likely one, so
    // when that one could not reach the threshold the list is not searched.
    if (!crc_ok && c.list_words > 1 && p_all_of(data_t) <= kAudioWmFalsePositive) {
      std::vector<uint8_t> listed = payload_code().decode_list(
          soft, kInfoBits, c.list_words, -std::numeric_limits<double>::infinity(),
          [&](std::span<const uint8_t> bits, double) { return crc_matches(bits); });
      if (!listed.empty()) {
        info = std::move(listed);
        data_t = payload_code().metric(soft, payload_code().encode(info));
        crc_ok = true;
      }
    }
    uint32_t payload = 0;
    for (size_t i = 0; i < kAudioWmPayloadBits; ++i) payload = (payload << 1) | info[i];
    const double pv = pilot.variance(), dv = data.variance();
    const double p_pilot = std::min(1.0, 2.0 * m * chernoff_bessel_tail(pilot.t, pilot_radii));
    const double p_all = crc_ok ? p_all_of(data_t) : 1.0;
    const double p = std::min(p_pilot, p_all);
    if (first_result || p < out.p_value) {
      first_result = false;
      out.p_value = p;
      out.z = pv + dv > 0 ? (pilot.t + data_t) / std::sqrt(pv + dv) : 0.0;
      out.present = p <= kAudioWmFalsePositive;
      out.payload_valid = crc_ok;
      out.payload = payload;
      out.symbols = f.count;
      // The symbol where a period starts: (i + shift R) % P == 0.
      const uint32_t start_symbol = (P - (f.shift * R) % P) % P;
      const uint64_t start_frame = f.phase + static_cast<uint64_t>(start_symbol / R) * block_frames;
      out.offset_seconds = static_cast<double>(start_frame) * c.hop / c.rate;
    }
  }
  return out;
}

namespace {

// Keeps the mark at least `below_db` under the sound it rides on, moment by moment: per channel, the energies of
// the sound and of the mark in 2.5 ms slices (the mark's smoothed with its neighbours, 1/4 1/2 1/4, so a slice
// sees what spills into it) give a gain min(1, 10^(below_db/20) sqrt(sound / mark)), interpolated linearly
// between slice centres. The STFT synthesis
// smears a loud cell's change up to a frame (about 21 ms) into the quiet before an onset (pre-echo) and into
// digital silence; this takes it out there and leaves the mark elsewhere alone.
void limit_to_sound(const AudioBuffer& audio, std::vector<float>& mark, double below_db) {
  const uint32_t C = audio.channels;
  const size_t frames = audio.frames();
  const size_t slice = std::max<size_t>(8, static_cast<size_t>(0.0025 * audio.sample_rate));
  const size_t S = (frames + slice - 1) / slice;
  if (S == 0 || C == 0 || std::isinf(below_db)) return;  // +inf: no limit (tests compare with it)
  const double ratio2 = energy_ratio(below_db);
  std::vector<double> es(S), em(S), gain(S);
  for (uint32_t ch = 0; ch < C; ++ch) {
    std::fill(es.begin(), es.end(), 0.0);
    std::fill(em.begin(), em.end(), 0.0);
    for (size_t i = 0; i < frames; ++i) {
      const double x = audio.samples[i * C + ch], m = mark[i * C + ch];
      es[i / slice] += x * x;
      em[i / slice] += m * m;
    }
    for (size_t k = 0; k < S; ++k) {
      const size_t a = k > 0 ? k - 1 : k, b = k + 1 < S ? k + 1 : k;
      const double m = 0.25 * em[a] + 0.5 * em[k] + 0.25 * em[b];
      gain[k] = m <= ratio2 * es[k] ? 1.0 : std::sqrt(ratio2 * es[k] / m);
    }
    if (std::all_of(gain.begin(), gain.end(), [](double g) { return g >= 1.0; })) continue;
    for (size_t i = 0; i < frames; ++i) {
      // Position in slices, measured from the first slice's centre.
      const double pos = (static_cast<double>(i) + 0.5) / static_cast<double>(slice) - 0.5;
      const size_t k0 = pos <= 0 ? 0 : std::min(S - 1, static_cast<size_t>(pos));
      const size_t k1 = std::min(S - 1, k0 + 1);
      const double f = std::clamp(pos - static_cast<double>(k0), 0.0, 1.0);
      const double g = gain[k0] + (gain[k1] - gain[k0]) * f;
      if (g < 1.0) mark[i * C + ch] = static_cast<float>(mark[i * C + ch] * g);
    }
  }
}

// What a lossy codec does to each symbol: the projections the detector reads from `audio` after an Ogg Opus round
// trip at `bitrate` (encoded at 48 kHz, decoded at the detector's rate as verify() decodes it), minus `x`, the
// projections of `audio` itself. Symbols past either end get 0.
Result<std::vector<double>> codec_shift(const AudioBuffer& audio, const std::vector<double>& x, uint32_t bitrate,
                                        const AudioWmConfig& c, const Pattern& pt) {
  AudioBuffer at48;
  if (audio.sample_rate != 48000) at48 = resample(audio, 48000);
  const AudioBuffer& in = audio.sample_rate != 48000 ? at48 : audio;
  OpusEncodeSettings settings;
  settings.bitrate = bitrate;
  settings.original_rate = audio.sample_rate;
  auto encoded = encode_ogg_opus(in, settings);
  if (!encoded) return encoded.status();
  MonoSink sink(c.rate);
  AudioStreamInfo info;
  DSMARK_RETURN_IF_ERROR(decode_ogg_opus(*encoded, Limits{}, c.rate, sink, info));
  const Cells cells = cells_at(band_energies(sink.finish(), c), 0, 2 * pt.Q, c);
  const Grid g = grid_from(cells, 0, c, pt, /*keep_d=*/false);
  std::vector<double> shift(x.size(), 0.0);
  for (size_t i = 0; i < shift.size() && i < g.x.size(); ++i) shift[i] = g.x[i] - x[i];
  return shift;
}

// One embedding pass with lattice step `delta`: symbols whose blocks can move their projection less than
// `c.min_capacity` are left alone.
// `host_shift` caches the codec's shift of the host's symbols between passes (empty: not yet measured).
Status embed_pass(AudioBuffer& audio, uint32_t payload, const AudioWmConfig& c, double delta,
                  std::vector<double>& host_shift, AudioWmEmbedStats* stats) {
  if (stats) *stats = {};
  const Pattern pt = make_pattern(c);
  const uint32_t P = pt.P, Q = pt.Q, B = 2 * Q;
  const std::vector<uint8_t> coded = coded_bits_for(payload);
  const Cells host_cells = cells_at(band_energies(analysis_mono(audio, c.rate), c), 0, B, c);
  const Grid host = grid_from(host_cells, 0, c, pt);
  const uint32_t M = host.blocks;
  if (M == 0) return Status::ok();  // shorter than one symbol
  // Targets: the lattice point nearest to each symbol's host projection.
  const uint32_t R = pt.R, N = M * R;
  std::vector<double> target(N);
  for (uint32_t i = 0; i < N; ++i) {
    const uint32_t p = i % P;
    const double offset = pt.dither[p] + (pt.bit[p] >= 0 && coded[static_cast<size_t>(pt.bit[p])] ? 0.5 : 0.0);
    const double k = std::nearbyint(host.x[i] / delta - offset);
    target[i] = host.x[i] + (delta * (k + offset) - host.x[i]);
  }
  const uint32_t K = 2 * M;
  // Cost of a block's move per unit of gain: its energy against the clip's loud level to the power cost_exponent
  // (0: uniform relative gain; 1, the default: a block's cost is the energy its move adds, so each symbol's move
  // takes the least mark energy, the measure the budget below shares out between symbols).
  std::vector<double> cost(static_cast<size_t>(M) * Q, 1.0);
  const double ref_e = dmath::exp(host_cells.log_ref);
  for (uint32_t m = 0; m < M; ++m) {
    for (uint32_t q = 0; q < Q; ++q) {
      double own = 0;
      for (uint32_t k = 2 * m; k < 2 * m + 2; ++k) {
        for (uint32_t b : {2 * q, 2 * q + 1}) own += 0.25 * host_cells.energy[host.cell(k, b)];
      }
      cost[static_cast<size_t>(m) * Q + q] = std::pow(std::max(own / ref_e, 1e-6), c.cost_exponent);
    }
  }
  // Synthesis at the native rate: STFT (sqrt-Hann, 75 % overlap); per bin the amplitude factor exp(g/2) - 1 of
  // the gain g (log energy, nepers) of the cell the frame centre and the bin fall in.
  const uint32_t fs = audio.sample_rate, C = audio.channels;
  uint32_t n = 256;
  while (n < 0.021 * fs && n < 8192) n <<= 1;
  const uint32_t hop = n / 4;
  std::vector<float> window(n);
  for (uint32_t i = 0; i < n; ++i) window[i] = static_cast<float>(std::sqrt(0.5 - 0.5 * dmath::cos_pi(2.0 * i / n)));
  std::vector<int> bin_band(n / 2 + 1, -1);
  for (uint32_t k = 0; k <= n / 2; ++k) {
    const double f = static_cast<double>(k) * fs / n;
    for (uint32_t b = 0; b < B; ++b) {
      if (f >= c.band_edges[b] && f < c.band_edges[b + 1]) bin_band[k] = static_cast<int>(b);
    }
  }
  const size_t frames = audio.frames();
  const double slot_seconds = static_cast<double>(c.slot_frames) * c.hop / c.rate;
  std::vector<double> u(static_cast<size_t>(M) * Q, 0.0);  // per block: its four cells move by ±u
  std::vector<double> share(N, 1.0);  // per symbol: the share of its move written (below 1 only over budget)
  auto cell_gain = [&](uint32_t k, uint32_t b) {
    const uint32_t m = k / 2, q = b / 2;
    const double v = u[static_cast<size_t>(m) * Q + q] * share[m * R + q % R];
    return ((k % 2) == (b % 2)) ? v : -v;
  };
  auto synthesize = [&](std::vector<float>& mark_samples) {
    mark_samples.assign(audio.samples.size(), 0.0f);
    RealFft fft(n);
    std::vector<float> buf(n);
    std::vector<std::complex<float>> spec(n / 2 + 1);
    std::vector<float> factor(n / 2 + 1);
    const int64_t n_frames = static_cast<int64_t>((frames + hop - 1) / hop) + 1;
    for (int64_t j = 0; j < n_frames; ++j) {
      const int64_t centre = j * hop;
      const int64_t k = static_cast<int64_t>(std::floor(static_cast<double>(centre) / fs / slot_seconds));
      if (k < 0 || k >= static_cast<int64_t>(K)) continue;
      bool any = false;
      for (uint32_t bin = 0; bin <= n / 2; ++bin) {
        factor[bin] = 0.0f;
        if (bin_band[bin] < 0) continue;
        const double g = cell_gain(static_cast<uint32_t>(k), static_cast<uint32_t>(bin_band[bin]));
        if (g == 0) continue;
        factor[bin] = static_cast<float>(dmath::exp(0.5 * g) - 1.0);
        any = true;
      }
      if (!any) continue;
      const int64_t start = centre - n / 2;
      for (uint32_t ch = 0; ch < C; ++ch) {
        for (uint32_t i = 0; i < n; ++i) {
          const int64_t s = start + i;
          buf[i] = (s >= 0 && s < static_cast<int64_t>(frames)) ? audio.samples[static_cast<size_t>(s) * C + ch] * window[i]
                                                                 : 0.0f;
        }
        fft.forward(buf.data(), spec.data());
        for (uint32_t bin = 0; bin <= n / 2; ++bin) spec[bin] *= factor[bin];
        fft.inverse(spec.data(), buf.data());
        for (uint32_t i = 0; i < n; ++i) {
          const int64_t s = start + i;
          if (s >= 0 && s < static_cast<int64_t>(frames)) {
            mark_samples[static_cast<size_t>(s) * C + ch] += 0.5f * buf[i] * window[i];
          }
        }
      }
    }
    limit_to_sound(audio, mark_samples, c.local_mark_db);
  };
  double signal = 0;
  for (float s : audio.samples) signal += static_cast<double>(s) * s;
  if (signal <= 0) return Status::ok();  // digital silence carries nothing

  // Closed loop: move each symbol's projection to its target, measure what the detector's analysis of the
  // marked audio sees, correct. The move is spread over the symbol's blocks by cost (u_q ∝ s_q sens_q / cost_q).
  std::vector<float> mark_samples;
  AudioBuffer marked;
  std::vector<double> x = host.x;
  Cells current_cells = host_cells;
  Grid current = grid_from(current_cells, 0, c, pt);
  // Per symbol: the move the linear model predicted at the last step, and the x it started from; their ratio
  // to the move measured (a secant estimate) rescales the next step, which absorbs the smearing between cells
  // that the per-cell model ignores.
  std::vector<double> predicted(N, 0.0), before(N, 0.0), gain(N, 1.0);
  // Aiming against the codec: an Opus round trip shifts each symbol's projection, partly the same way whatever
  // small change the mark makes (the codec's coarse spectral envelope), partly at random. The loop aims each
  // symbol at its lattice point minus codec_aim times the mean shift measured so far: on the host before the
  // loop, then on the marked sound after every second correction.
  std::vector<double> aim = target, shift_sum(N, 0.0);
  uint32_t shifts = 0;
  auto add_shift = [&](const std::vector<double>& s) {
    ++shifts;
    for (uint32_t i = 0; i < N && i < s.size(); ++i) {
      shift_sum[i] += s[i];
      aim[i] = target[i] - c.codec_aim * shift_sum[i] / shifts;
    }
  };
  // Audio the codec cannot take (more channels than Opus's 8) gives no shift, and no aim from it.
  const bool aiming = c.codec_bitrate > 0 && c.codec_aim != 0;
  if (aiming && host_shift.empty()) {
    if (auto s = codec_shift(audio, host.x, c.codec_bitrate, c, pt)) host_shift = std::move(*s);
  }
  if (!host_shift.empty()) add_shift(host_shift);
  for (uint32_t it = 0; it <= c.iterations; ++it) {
    if (it > 0) {
      for (uint32_t i = 0; i < N; ++i) {
        if (std::fabs(predicted[i]) < 0.05 * delta) continue;
        const double k = (x[i] - before[i]) / predicted[i];
        gain[i] = std::clamp(gain[i] * k, 0.25, 4.0);
      }
    }
    for (uint32_t m = 0; m < M; ++m) {
      double e[64], denom[64] = {};
      for (uint32_t r = 0; r < R && r < 64; ++r) {
        const uint32_t i = m * R + r;
        e[r] = (aim[i] - x[i]) / gain[i];
        predicted[i] = aim[i] - x[i];
        before[i] = x[i];
      }
      double sens[64];
      for (uint32_t q = 0; q < Q && q < 64; ++q) {
        const size_t i = static_cast<size_t>(m) * Q + q;
        const double th = std::tanh(current.d[i] / c.psi_scale);
        double eta = 0;  // how much of a gain survives the floor, over the four cells
        for (uint32_t k = 2 * m; k < 2 * m + 2; ++k) {
          for (uint32_t b : {2 * q, 2 * q + 1}) {
            const double en = current_cells.energy[current.cell(k, b)];
            eta += en / (en + current_cells.floor);
          }
        }
        // Uniform relative gain over a symbol's blocks, scaled by their weights: the mark goes where the audio is
        // loud (where codecs and noise leave band energies alone) and nowhere near silence.
        sens[q] = current.wb[i] * (1.0 - th * th) * eta * pt.spread[q];
        denom[q % R] += sens[q] * sens[q] / cost[i];
      }
      for (uint32_t q = 0; q < Q && q < 64; ++q) {
        const size_t i = static_cast<size_t>(m) * Q + q;
        if (denom[q % R] <= c.min_capacity) continue;
        const double lambda = e[q % R] / denom[q % R];
        u[i] = std::clamp(u[i] + lambda * sens[q] / cost[i], -c.max_cell_gain, c.max_cell_gain);
      }
    }
    synthesize(mark_samples);
    marked = audio;
    for (size_t i = 0; i < mark_samples.size(); ++i) marked.samples[i] += mark_samples[i];
    current_cells = cells_at(band_energies(analysis_mono(marked, c.rate), c), 0, B, c);
    current = grid_from(current_cells, 0, c, pt);
    x = current.x;
    if (aiming && it % 2 == 1 && it < c.iterations) {
      if (auto s = codec_shift(marked, x, c.codec_bitrate, c, pt)) add_shift(*s);
    }
  }
  auto msr_of = [&](const std::vector<float>& m) {
    double e = 0;
    for (float d : m) e += static_cast<double>(d) * d;
    return 10.0 * std::log10(std::max(e, 1e-300) / signal);
  };
  double msr = msr_of(mark_samples);
  double strength = 1.0;
  if (msr > c.target_msr_db) {
    // Over budget: symbols stop short of their lattice points, each by its share of the move. A symbol's share
    // s costs s² of its mark's energy E and leaves (1 - s) of its move e (turns) as phase error, which costs its
    // detection weight W about W 2π² (1 - s)² e² of the statistic. For the most statistic within the budget,
    // s = 1 / (1 + mu E / (W e²)) (the Lagrangian of the two, mu fixed by the budget): the symbols whose move is
    // cheap get written in full, the loud ones, where a move costs most energy, give way. After Opus 32 kbit/s,
    // 16 voices × 6 payloads: 95 of 96 read, where one share for all read 76 (docs/audio.md; both before the aim
    // against the codec).
    std::vector<double> full(N, 0.0), ratio(N, 0.0);
    double total = 0;
    for (uint32_t k = 0; k < K; ++k) {  // every cell: slot k, band b, of symbol (k / 2) R + (b / 2) mod R
      for (uint32_t b = 0; b < B; ++b) {
        const double f = dmath::exp(0.5 * cell_gain(k, b)) - 1.0;  // every share is still 1
        full[(k / 2) * R + (b / 2) % R] += host_cells.energy[host.cell(k, b)] * f * f;
      }
    }
    // ratio: E / (W e²), with e at least 0.01 turn (a symbol already on its point has only its neighbours'
    // smearing to undo); +infinity where the detector gives the symbol no weight.
    double ratio_sum = 0;
    uint32_t written = 0, weighed = 0;
    for (uint32_t i = 0; i < N; ++i) {
      if (full[i] <= 0) continue;
      total += full[i];
      ++written;
      const double e = std::max(std::fabs(aim[i] - host.x[i]) / delta, 0.01);
      ratio[i] = current.w[i] > 0 ? full[i] / (current.w[i] * e * e) : std::numeric_limits<double>::infinity();
      if (current.w[i] > 0) {
        ratio_sum += ratio[i];
        ++weighed;
      }
    }
    const double ratio_mean = weighed > 0 ? ratio_sum / weighed : 1.0;
    // Shares for a multiplier mu (in units of the mean ratio); returns the energy they keep, by the model.
    auto shares = [&](double mu) {
      double kept = 0;
      for (uint32_t i = 0; i < N; ++i) {
        if (full[i] <= 0) continue;
        share[i] = c.share_by_cost ? 1.0 / (1.0 + mu * ratio[i] / ratio_mean) : 1.0 / (1.0 + mu);
        kept += share[i] * share[i] * full[i];
      }
      return kept;
    };
    // The model's energy misses the limiter and the overlap of frames: the budget it is given is corrected from
    // the synthesised mark's measured ratio until that lands within 0.3 dB under the cap.
    double budget = total * energy_ratio(c.target_msr_db - 0.05 - msr);
    for (int round = 0; round < 6; ++round) {
      double lo = 0, hi = 1;
      while (shares(hi) > budget && hi < 1e12) hi *= 4;
      for (int it = 0; it < 60; ++it) {
        const double mid = 0.5 * (lo + hi);
        (shares(mid) > budget ? lo : hi) = mid;
      }
      shares(hi);
      synthesize(mark_samples);
      msr = msr_of(mark_samples);
      if (msr <= c.target_msr_db && msr > c.target_msr_db - 0.3) break;
      budget *= energy_ratio(c.target_msr_db - 0.05 - msr);
    }
    for (int it = 0; it < 8 && msr > c.target_msr_db; ++it) {  // the model's last round still over: scale all down
      const double f = std::sqrt(energy_ratio(c.target_msr_db - 0.05 - msr));
      for (double& v : share) v *= f;
      synthesize(mark_samples);
      msr = msr_of(mark_samples);
    }
    double sum = 0;
    for (uint32_t i = 0; i < N; ++i) sum += full[i] > 0 ? share[i] : 0.0;
    strength = written > 0 ? sum / written : 0.0;
    marked = audio;
    for (size_t i = 0; i < mark_samples.size(); ++i) marked.samples[i] += mark_samples[i];
    current_cells = cells_at(band_energies(analysis_mono(marked, c.rate), c), 0, B, c);
    current = grid_from(current_cells, 0, c, pt);
    x = current.x;
  }
  double res = 0;
  for (uint32_t i = 0; i < N; ++i) {
    const double r = (x[i] - target[i]) / delta;
    res += r * r;
  }
  audio = std::move(marked);
  if (stats) {
    stats->msr_db = msr;
    stats->strength = strength;
    stats->symbols = N;
    stats->residual = std::sqrt(res / N);
  }
  return Status::ok();
}

}  // namespace

Status embed_audio_watermark(AudioBuffer& audio, uint32_t payload, const AudioWmConfig& c, AudioWmEmbedStats* stats) {
  if (audio.channels == 0 || audio.sample_rate == 0) return Status::malformed("the audio has no channels");
  if (c.steps.empty()) return Status::unsupported("the audio watermark configuration has no lattice step");
  // The largest lattice step whose moves fit the mark-to-signal budget (no scaling down); else the smallest.
  std::vector<double> host_shift;
  for (size_t k = 0; k < c.steps.size(); ++k) {
    AudioBuffer trial = audio;
    AudioWmEmbedStats st;
    DSMARK_RETURN_IF_ERROR(embed_pass(trial, payload, c, c.steps[k], host_shift, &st));
    if (st.strength >= c.min_strength || k + 1 == c.steps.size()) {
      audio = std::move(trial);
      if (stats) *stats = st;
      break;
    }
  }
  return Status::ok();
}

}  // namespace dsmark
