// dsmark's image watermark, version 1: layout, embedding and detection (see dsmark_image.h and
// docs/watermark-dsmark-image.md).
#include "watermark/dsmark_image.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "analysis/analysis.h"
#include "analysis/pixels.h"
#include "util/det_math.h"
#include "watermark/canonical.h"
#include "util/conv_code.h"
#include "watermark/fft.h"

namespace dsmark {
namespace {

// ---------------------------------------------------------------------------------------------------------------
// The scheme. Changing any of these makes a new, incompatible version of the mark.

constexpr double kArea = 131072.0;      // canonical area (2^17 pixels, ≈ 362 × 362)
constexpr int kTile = 128;               // canonical pixels per tile side (the payload's period)
constexpr int kCell = 4;                 // canonical pixels between lattice points
constexpr int kSide = kTile / kCell;     // 32 cells per tile side
constexpr int kCells = kSide * kSide;    // 1024
constexpr int kSyncTile = 64;            // the sync pattern repeats every 64 canonical pixels
constexpr int kSyncSide = kSyncTile / kCell;  // 16
constexpr int kSyncPositions = 96;  // of the 256 in a sync tile: 384 per tile
constexpr int kPayloadBits = 64, kCheckBits = 32, kInfoBits = kPayloadBits + kCheckBits;
constexpr int kCodedBits = 3 * (kInfoBits + 6);  // 306: rate 1/3, six tail bits (K = 7)

// The payload's code: rate 1/3, generators of LTE, zero tail.
const ConvCode& payload_code() {
  static const ConvCode code(6, {0133, 0171, 0165}, ConvCode::End::kZeroTail);
  return code;
}
constexpr uint64_t kSeed = 0x6473'6d61'726b'0001ull;  // "dsmark", version 1
constexpr uint64_t kCheckKey = 0x9b1d'5c4a'e2f3'8067ull;
// A cell's waveform: a difference of Gaussians (σ 1 and 2 canonical pixels), a band-pass between about 0.08 and
// 0.35 cycles per canonical pixel: above most of an image's own energy, below what JPEG, WebP and a 50 % downscale
// of the smallest supported images remove. It is its own matched filter.
constexpr double kSigmaInner = 1.0, kSigmaOuter = 2.0;
constexpr int kRadiusInner = 4, kRadiusOuter = 7;
// The detector weighs each canonical pixel's response by the inverse of the local variance of responses (Gaussian
// window σ 3) plus a floor: the noise an attack adds where the image itself is flat (compression removes the mark
// there first: a small floor would give those pixels the most weight; measured on WebP q50 and JPEG q50, 8 is best).
constexpr double kVarianceSigma = 3.0;
constexpr int kVarianceRadius = 10;
constexpr double kVarianceFloor = 8.0;

// Embedding.
constexpr double kTargetPsnr = 40.2;    // after rounding: ≥ 40 dB with a margin
constexpr double kSsimBudget = 0.018;   // SSIM ≥ 0.982 as ffmpeg measures it: a margin over the 0.98 target
constexpr double kMaxInformed = 1.25;   // the image's own soft values cancelled, 25 % over: measured best after WebP…
constexpr double kInformedBudget = 0.5;  // …with at most this share of the energy
constexpr int kSolverIterations = 8;        // conjugate-gradient steps for the cell amplitudes
constexpr int kGramRadius = 4;              // cells: beyond this two waveforms no longer overlap

// Detection.
constexpr double kMinScale = 0.97, kMaxScale = 1.45, kScaleStep = 1.006;
constexpr size_t kRankedScales = 12;  // best scan scales whose alignments are ranked…
constexpr size_t kPeaksPerScale = 2;  // …at their strongest sync peaks
constexpr uint32_t kMaxCandidates = 4;      // checks compared per image: scale 1 first, then the 3 best ranked

uint64_t splitmix(uint64_t& s) {
  uint64_t z = (s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// The 32-bit check of a payload: a keyed mix, so that no simple image (flat, periodic) decodes to a valid word.
uint32_t payload_check(uint64_t payload) {
  uint64_t s = payload ^ kCheckKey;
  splitmix(s);
  uint64_t t = splitmix(s) ^ kCheckKey;
  return static_cast<uint32_t>(splitmix(t) >> 32);
}

inline void cmul(Complex& a, const Complex& b) {
  a = Complex(a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real());
}

template <int R>
std::array<double, 2 * R + 1> gauss_taps(double sigma) {
  std::array<double, 2 * R + 1> g{};
  double sum = 0;
  for (int i = -R; i <= R; ++i) sum += (g[static_cast<size_t>(i + R)] = det::exp_neg(-0.5 * i * i / (sigma * sigma)));
  for (double& v : g) v /= sum;
  return g;
}

// Separable Gaussian blur of a w × h image, edges clamped (periodic on a tile).
template <int R>
void blur(const std::vector<float>& in, std::vector<float>& out, int w, int h, double sigma, bool periodic) {
  const auto g = gauss_taps<R>(sigma);
  std::vector<float> tmp(in.size(), 0.0f);
  out.assign(in.size(), 0.0f);
  auto idx = [periodic](int i, int n) { return periodic ? ((i % n) + n) % n : std::clamp(i, 0, n - 1); };
  for (int y = 0; y < h; ++y) {
    const float* row = &in[size_t(y) * w];
    float* dst = &tmp[size_t(y) * w];
    for (int x = 0; x < w; ++x) {
      double acc = 0;
      if (x >= R && x + R < w) {
        for (int k = -R; k <= R; ++k) acc += g[static_cast<size_t>(k + R)] * row[x + k];
      } else {
        for (int k = -R; k <= R; ++k) acc += g[static_cast<size_t>(k + R)] * row[idx(x + k, w)];
      }
      dst[x] = static_cast<float>(acc);
    }
  }
  for (int y = 0; y < h; ++y) {
    float* dst = &out[size_t(y) * w];
    for (int k = -R; k <= R; ++k) {
      const float* src = &tmp[size_t(idx(y + k, h)) * w];
      const float gk = static_cast<float>(g[static_cast<size_t>(k + R)]);
      for (int x = 0; x < w; ++x) dst[x] += gk * src[x];
    }
  }
}

// The cell waveform (difference of Gaussians) applied to an image: symmetric, so filtering is both synthesis
// (impulses at the lattice → the mark) and the matched filter (image → cell responses).
void dog(const std::vector<float>& in, std::vector<float>& out, int w, int h, bool periodic) {
  std::vector<float> outer;
  blur<kRadiusInner>(in, out, w, h, kSigmaInner, periodic);
  blur<kRadiusOuter>(in, outer, w, h, kSigmaOuter, periodic);
  for (size_t i = 0; i < out.size(); ++i) out[i] -= outer[i];
}

struct Layout {
  std::array<int16_t, kCells> role{};       // −1 sync, else the coded bit the cell carries
  std::array<int8_t, kCells> chip{};        // ±1 on sync cells
  std::array<int8_t, kCodedBits> scramble{};
  std::vector<Complex> sync_fft_conj;       // conj(FFT) of the sync chips on a kSyncTile² tile (a 3×3 tent each)
  std::vector<double> gram;                 // ⟨ψ, ψ shifted by kCell·(du, dv)⟩ for |du|, |dv| ≤ kGramRadius
};

const Layout& layout() {
  static const Layout L = [] {
    Layout l;
    uint64_t s = kSeed;
    // Sync: kSyncPositions of the 16 × 16 positions of a sync tile, with fixed chips, in all four quadrants.
    std::array<int, kSyncSide * kSyncSide> sub{};
    for (int i = 0; i < kSyncSide * kSyncSide; ++i) sub[static_cast<size_t>(i)] = i;
    for (int i = kSyncSide * kSyncSide - 1; i > 0; --i) std::swap(sub[static_cast<size_t>(i)], sub[splitmix(s) % (i + 1)]);
    std::array<int8_t, kSyncSide * kSyncSide> sync_chip{};
    for (int i = 0; i < kSyncPositions; ++i) sync_chip[static_cast<size_t>(sub[static_cast<size_t>(i)])] = (splitmix(s) >> 63) ? 1 : -1;
    // Payload: the other cells of the tile, in a keyed order, carry coded bits 0, 1, …, 305, 0, 1, …
    std::vector<int> cells;
    for (int c = 0; c < kCells; ++c) {
      const int pos = ((c / kSide) % kSyncSide) * kSyncSide + (c % kSide) % kSyncSide;
      if (sync_chip[static_cast<size_t>(pos)]) {
        l.role[static_cast<size_t>(c)] = -1;
        l.chip[static_cast<size_t>(c)] = sync_chip[static_cast<size_t>(pos)];
      } else {
        cells.push_back(c);
      }
    }
    for (size_t i = cells.size(); i-- > 1;) std::swap(cells[i], cells[splitmix(s) % (i + 1)]);
    for (size_t i = 0; i < cells.size(); ++i) l.role[static_cast<size_t>(cells[i])] = static_cast<int16_t>(i % kCodedBits);
    for (int k = 0; k < kCodedBits; ++k) l.scramble[static_cast<size_t>(k)] = (splitmix(s) >> 63) ? 1 : -1;

    // The sync template: chips at their positions, each spread by a 3×3 tent so that sub-pixel offsets correlate.
    std::vector<Complex> t(size_t{kSyncTile} * kSyncTile, Complex(0, 0));
    for (int pos = 0; pos < kSyncSide * kSyncSide; ++pos) {
      if (!sync_chip[static_cast<size_t>(pos)]) continue;
      for (int dy = -1; dy <= 1; ++dy) {
        for (int dx = -1; dx <= 1; ++dx) {
          const int x = ((pos % kSyncSide) * kCell + dx + kSyncTile) % kSyncTile;
          const int y = ((pos / kSyncSide) * kCell + dy + kSyncTile) % kSyncTile;
          t[size_t(y) * kSyncTile + x] += sync_chip[static_cast<size_t>(pos)] * (2.0 - std::abs(dx)) * (2.0 - std::abs(dy)) / 16.0;
        }
      }
    }
    fft2d(t, kSyncTile, false);
    for (Complex& c : t) c = std::conj(c);
    l.sync_fft_conj = std::move(t);

    // The waveform's autocorrelation at lattice steps: how one cell's amplitude shows in another's response.
    std::vector<float> impulse(size_t{kTile} * kTile, 0.0f), q;
    impulse[0] = 1.0f;
    dog(impulse, q, kTile, kTile, true);
    std::vector<Complex> ac(q.begin(), q.end());
    fft2d(ac, kTile, false);
    for (Complex& c : ac) c = Complex(std::norm(c), 0);
    fft2d(ac, kTile, true);
    const int gw = 2 * kGramRadius + 1;
    l.gram.resize(size_t(gw) * gw);
    for (int dv = -kGramRadius; dv <= kGramRadius; ++dv) {
      for (int du = -kGramRadius; du <= kGramRadius; ++du) {
        l.gram[size_t(dv + kGramRadius) * gw + (du + kGramRadius)] =
            ac[size_t((dv * kCell + kTile) % kTile) * kTile + (du * kCell + kTile) % kTile].real() / (kTile * kTile);
      }
    }
    return l;
  }();
  return L;
}

// The 306 chips (±1) of a payload: info = payload ‖ check, convolutional code, scrambled.
std::array<int8_t, kCodedBits> chips_for(uint64_t payload) {
  std::vector<uint8_t> info(kInfoBits);
  const uint32_t check = payload_check(payload);
  for (int i = 0; i < kPayloadBits; ++i) info[static_cast<size_t>(i)] = static_cast<uint8_t>(payload >> (63 - i) & 1);
  for (int i = 0; i < kCheckBits; ++i) info[static_cast<size_t>(kPayloadBits + i)] = static_cast<uint8_t>(check >> (31 - i) & 1);
  const std::vector<uint8_t> coded = payload_code().encode(info);
  std::array<int8_t, kCodedBits> chips{};
  for (int k = 0; k < kCodedBits; ++k) {
    chips[static_cast<size_t>(k)] =
        static_cast<int8_t>((coded[static_cast<size_t>(k)] ? -1 : 1) * layout().scramble[static_cast<size_t>(k)]);
  }
  return chips;
}

// The cell responses of every canonical pixel (the waveform's matched filter) and their local variance, floored.
void response_statistics(const std::vector<float>& luma, int w, int h, std::vector<float>& r, std::vector<float>& var) {
  std::vector<float> sq;
  dog(luma, r, w, h, false);
  sq.resize(r.size());
  for (size_t i = 0; i < r.size(); ++i) sq[i] = r[i] * r[i];
  blur<kVarianceRadius>(sq, var, w, h, kVarianceSigma, false);
  for (float& v : var) v = static_cast<float>(v + kVarianceFloor);
}

// ---------------------------------------------------------------------------------------------------------------
// Detection

inline double wgt(double var) { return 1.0 / var; }
// Responses divided by their local variance: the image's own content is the noise, and where it is strong its
// votes count less (the locally optimum weighting for a Gaussian host of varying variance).
std::vector<float> weighted_responses(const std::vector<float>& luma, int w, int h) {
  std::vector<float> r, var;
  response_statistics(luma, w, h, r, var);
  for (size_t i = 0; i < r.size(); ++i) r[i] = static_cast<float>(r[i] * wgt(var[i]));
  return r;
}

// Folds the weighted responses onto one kTile² tile at period kTile·s: pixel (x, y) lands at (x/s, y/s) mod kTile,
// split bilinearly between the four nearest tile pixels (`nearest`: all on the nearest one, for the scan).
std::vector<double> fold(const std::vector<float>& d, int w, int h, double s, bool nearest) {
  std::vector<double> sum(size_t{kTile} * kTile, 0.0);
  std::vector<float> fast(nearest ? sum.size() : 0, 0.0f);
  const double inv = 1.0 / s;
  std::vector<int> x0(static_cast<size_t>(w));
  std::vector<double> fx(static_cast<size_t>(w));
  auto wrap = [](double u, int& i, double& f) {
    u -= kTile * std::floor(u / kTile);
    const double fl = std::floor(u);
    i = static_cast<int>(fl) % kTile;
    f = u - fl;
  };
  for (int x = 0; x < w; ++x) wrap(x * inv + (nearest ? 0.5 : 0.0), x0[static_cast<size_t>(x)], fx[static_cast<size_t>(x)]);
  if (nearest) {
    // Rows first (whole-row adds), then each tile row's columns: half the scattered adds of a direct fold.
    std::vector<float> rows(size_t{kTile} * w, 0.0f);
    for (int y = 0; y < h; ++y) {
      int y0;
      double unused;
      wrap(y * inv + 0.5, y0, unused);
      float* dst = &rows[size_t(y0) * w];
      const float* src = &d[size_t(y) * w];
      for (int x = 0; x < w; ++x) dst[x] += src[x];
    }
    for (int v = 0; v < kTile; ++v) {
      float* s0 = &fast[size_t(v) * kTile];
      const float* src = &rows[size_t(v) * w];
      const int* xi = x0.data();
      for (int x = 0; x < w; ++x) s0[xi[x]] += src[x];
    }
  }
  for (int y = 0; y < h && !nearest; ++y) {
    int y0;
    double wy1;
    wrap(y * inv, y0, wy1);
    const float* row = &d[size_t(y) * w];
    const int y1 = (y0 + 1) % kTile;
    const double wy0 = 1 - wy1;
    double* s0 = &sum[size_t(y0) * kTile];
    double* s1 = &sum[size_t(y1) * kTile];
    for (int x = 0; x < w; ++x) {
      const int xa = x0[static_cast<size_t>(x)], xb = (xa + 1) % kTile;
      const double wx1 = fx[static_cast<size_t>(x)], wx0 = 1 - wx1, v = row[x];
      s0[xa] += wy0 * wx0 * v, s0[xb] += wy0 * wx1 * v;
      s1[xa] += wy1 * wx0 * v, s1[xb] += wy1 * wx1 * v;
    }
  }
  if (nearest) std::copy(fast.begin(), fast.end(), sum.begin());
  return sum;
}

struct Peak {
  double z = 0;
  double x = 0, y = 0;  // sub-pixel position in the sync tile
};

// The strongest point of a sync correlation surface (kSyncTile²), in standard deviations of the surface.
Peak peak_of(const double* c) {
  constexpr int n = kSyncTile;
  double sum = 0, sum2 = 0;
  int best = 0;
  for (int i = 0; i < n * n; ++i) {
    sum += c[i];
    sum2 += c[i] * c[i];
    if (c[i] > c[best]) best = i;
  }
  const double m = sum / (n * n), var = sum2 / (n * n) - m * m;
  Peak p;
  p.z = var > 0 ? (c[best] - m) / std::sqrt(var) : 0;
  const int bx = best % n, by = best / n;
  auto at = [&](int x, int y) { return c[((y + n) % n) * n + (x + n) % n]; };
  auto vertex = [](double l, double m0, double r) {
    const double d = l - 2 * m0 + r;
    return d < 0 ? std::clamp(0.5 * (l - r) / d, -0.5, 0.5) : 0.0;
  };
  p.x = bx + vertex(at(bx - 1, by), at(bx, by), at(bx + 1, by));
  p.y = by + vertex(at(bx, by - 1), at(bx, by), at(bx, by + 1));
  return p;
}

// The `count` strongest local maxima of a sync correlation surface (kSyncTile²), strongest first.
std::vector<Peak> peaks_of(const double* c, size_t count) {
  constexpr int n = kSyncTile;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n * n; ++i) sum += c[i], sum2 += c[i] * c[i];
  const double m = sum / (n * n), sd = std::sqrt(std::max(1e-300, sum2 / (n * n) - m * m));
  auto at = [&](int x, int y) { return c[((y + n) % n) * n + (x + n) % n]; };
  auto vertex = [](double l, double m0, double r) {
    const double d = l - 2 * m0 + r;
    return d < 0 ? std::clamp(0.5 * (l - r) / d, -0.5, 0.5) : 0.0;
  };
  // The `count` largest local maxima, kept in order as the surface is scanned (count is small).
  std::vector<std::pair<double, int>> tops;
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n; ++x) {
      const double v = at(x, y);
      if (tops.size() == count && v <= tops.back().first) continue;
      bool top = true;
      for (int dy = -1; dy <= 1 && top; ++dy) {
        for (int dx = -1; dx <= 1 && top; ++dx) top = (dx == 0 && dy == 0) || at(x + dx, y + dy) < v;
      }
      if (!top) continue;
      auto it = tops.begin();
      while (it != tops.end() && it->first >= v) ++it;
      tops.insert(it, {v, y * n + x});
      if (tops.size() > count) tops.pop_back();
    }
  }
  std::vector<Peak> out;
  for (size_t k = 0; k < tops.size() && k < count; ++k) {
    const int x = tops[k].second % n, y = tops[k].second / n;
    Peak p;
    p.z = (tops[k].first - m) / sd;
    p.x = x + vertex(at(x - 1, y), tops[k].first, at(x + 1, y));
    p.y = y + vertex(at(x, y - 1), tops[k].first, at(x, y + 1));
    out.push_back(p);
  }
  return out;
}

// Sync correlation surfaces of two folded tiles at once (one complex FFT carries both: the template is real).
void sync_surfaces(const std::vector<double>& a, const std::vector<double>* b, std::vector<double>& out_a,
                   std::vector<double>& out_b) {
  constexpr int n = kSyncTile;
  std::vector<Complex> f(size_t{n} * n, Complex(0, 0));
  for (int y = 0; y < kTile; ++y) {
    for (int x = 0; x < kTile; ++x) {  // the 128-tile's four quadrants add up on the 64-tile
      f[size_t(y % n) * n + x % n] += Complex(a[size_t(y) * kTile + x], b ? (*b)[size_t(y) * kTile + x] : 0.0);
    }
  }
  fft2d(f, n, false);
  const std::vector<Complex>& t = layout().sync_fft_conj;
  for (size_t i = 0; i < f.size(); ++i) cmul(f[i], t[i]);
  fft2d(f, n, true);
  out_a.resize(f.size());
  out_b.resize(f.size());
  for (size_t i = 0; i < f.size(); ++i) out_a[i] = f[i].real(), out_b[i] = f[i].imag();
}

// The soft values of the 306 coded bits read from a folded tile at an offset (tile pixels).
std::vector<double> soft_values(const std::vector<double>& tile, double ox, double oy) {
  const Layout& l = layout();
  auto at = [&](int x, int y) {
    return tile[static_cast<size_t>(((y % kTile) + kTile) % kTile) * kTile + ((x % kTile) + kTile) % kTile];
  };
  std::vector<double> soft(kCodedBits, 0.0);
  for (int c = 0; c < kCells; ++c) {
    const int role = l.role[static_cast<size_t>(c)];
    if (role < 0) continue;
    const double x = (c % kSide) * kCell + ox, y = (c / kSide) * kCell + oy;
    const double fx = std::floor(x), fy = std::floor(y), ax = x - fx, ay = y - fy;
    const int ix = static_cast<int>(fx), iy = static_cast<int>(fy);
    const double r = (1 - ay) * ((1 - ax) * at(ix, iy) + ax * at(ix + 1, iy)) +
                     ay * ((1 - ax) * at(ix, iy + 1) + ax * at(ix + 1, iy + 1));
    soft[static_cast<size_t>(role)] += r * l.scramble[static_cast<size_t>(role)];
  }
  return soft;
}

struct Decoded {
  bool ok = false;
  uint64_t payload = 0;
  int corrected = 0;
  double fit = 0;  // mean over spread of the soft values signed by the decoded codeword
};

// Viterbi decoding; `ok` when the decoded check matches. `fit` says how well a codeword explains the soft values:
// it needs no check, so ranking alignments by it costs nothing in false positives.
Decoded decode_soft(const std::vector<double>& soft) {
  Decoded d;
  const std::vector<uint8_t> info = payload_code().decode(soft, kInfoBits);
  uint32_t check = 0;
  for (int i = 0; i < kPayloadBits; ++i) d.payload = d.payload << 1 | info[static_cast<size_t>(i)];
  for (int i = 0; i < kCheckBits; ++i) check = check << 1 | info[static_cast<size_t>(kPayloadBits + i)];
  d.ok = check == payload_check(d.payload);
  const std::vector<uint8_t> coded = payload_code().encode(info);
  double sum = 0, sum2 = 0;
  for (int k = 0; k < kCodedBits; ++k) {
    const double v = soft[static_cast<size_t>(k)] * (coded[static_cast<size_t>(k)] ? -1 : 1);
    d.corrected += v < 0;
    sum += v;
    sum2 += v * v;
  }
  const double mean = sum / kCodedBits, var = sum2 / kCodedBits - mean * mean;
  d.fit = var > 0 ? mean / std::sqrt(var) : 0;
  return d;
}

}  // namespace

DsmarkImageDetection detect_dsmark_image(const Image& image) {
  DsmarkImageDetection out;
  if (image.width < 16 || image.height < 16 || image.area() < 128u * 128u) return out;
  const Canonical c = canonical_luma(image, kArea);
  const int w = static_cast<int>(c.width), h = static_cast<int>(c.height);
  if (w < 16 || h < 16) return out;
  const std::vector<float> resp = weighted_responses(c.luma, w, h);
  auto check = [&](const Decoded& d, double s) {
    ++out.candidates;
    if (d.ok && !out.found) {
      out.found = true;
      out.payload = d.payload;
      out.scale = s;
      out.corrected_bits = d.corrected;
      out.signal_to_noise = d.fit;
      out.p_value = out.candidates * std::ldexp(1.0, -kCheckBits);
    }
    return d.ok;
  };

  // 1. The image as embedded, or resized / re-encoded: scale 1, the lattice where the embedder put it.
  {
    const std::vector<double> tile = fold(resp, w, h, 1.0, false);
    std::vector<double> surface, unused;
    sync_surfaces(tile, nullptr, surface, unused);
    out.sync_z = peak_of(surface.data()).z;
    const Decoded d = decode_soft(soft_values(tile, 0.0, 0.0));
    out.signal_to_noise = d.fit;
    if (check(d, 1.0)) return out;
  }

  // 2. A crop moved the lattice and changed the canonical scale. Every scale from kMinScale to kMaxScale is scanned
  // (0.6 % apart: at the image's edges a scale error must stay under a pixel), the strongest sync peaks of each
  // found; at the strongest scans, each peak's four alignments of the payload tile (the sync repeats every half
  // tile) are ranked by how well a codeword explains them, and only the best few have their check compared: the
  // false-positive bound counts those alone.
  struct Scan {
    double s;
    std::vector<Peak> peaks;  // strongest first
    std::vector<double> tile;
  };
  std::vector<Scan> scans;
  std::vector<double> pending_tile;
  double pending_s = 0;
  for (double s = kMinScale; s <= kMaxScale * 1.0001; s *= kScaleStep) {
    std::vector<double> tile = fold(resp, w, h, s, true);
    if (pending_tile.empty()) {
      pending_tile = std::move(tile);
      pending_s = s;
      continue;
    }
    std::vector<double> sa, sb;
    sync_surfaces(pending_tile, &tile, sa, sb);
    scans.push_back({pending_s, peaks_of(sa.data(), kPeaksPerScale), std::move(pending_tile)});
    scans.push_back({s, peaks_of(sb.data(), kPeaksPerScale), std::move(tile)});
    pending_tile.clear();
  }
  if (!pending_tile.empty()) {
    std::vector<double> sa, sb;
    sync_surfaces(pending_tile, nullptr, sa, sb);
    scans.push_back({pending_s, peaks_of(sa.data(), kPeaksPerScale), std::move(pending_tile)});
  }
  auto top_z = [](const Scan& sc) { return sc.peaks.empty() ? 0.0 : sc.peaks[0].z; };
  for (const Scan& sc : scans) out.sync_z = std::max(out.sync_z, top_z(sc));
  std::sort(scans.begin(), scans.end(), [&](const Scan& a, const Scan& b) {
    return top_z(a) > top_z(b) || (top_z(a) == top_z(b) && a.s < b.s);  // a total order: the same in every build
  });
  struct Alignment {
    double s, x, y, fit;
  };
  std::vector<Alignment> ranked;
  for (size_t k = 0; k < scans.size() && k < kRankedScales; ++k) {
    const std::vector<double>& tile = scans[k].tile;
    for (const Peak& p : scans[k].peaks) {
      for (int q = 0; q < 4; ++q) {
        const double x = p.x + kSyncTile * (q & 1), y = p.y + kSyncTile * (q >> 1);
        ranked.push_back({scans[k].s, x, y, decode_soft(soft_values(tile, x, y)).fit});
      }
    }
  }
  std::sort(ranked.begin(), ranked.end(), [](const Alignment& a, const Alignment& b) {
    if (a.fit != b.fit) return a.fit > b.fit;
    if (a.s != b.s) return a.s < b.s;
    return a.y < b.y || (a.y == b.y && a.x < b.x);
  });
  for (const Alignment& a : ranked) {
    if (out.candidates >= kMaxCandidates) break;
    const Decoded d = decode_soft(soft_values(fold(resp, w, h, a.s, false), a.x, a.y));
    if (check(d, a.s)) break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Embedding

namespace {

// Texture masking. SSIM penalises a change of variance a² in a window by about a²/(2σ² + C2) (σ the window's own
// standard deviation, C2 = (0.03·255)²): a mark costs most on flat areas and gradients, where it is also easiest to
// see and where compression (WebP, JPEG at low quality) removes it first. The detector weighs a cell by 1/v (v the
// local variance of responses, floored): what a cell brings is ∝ amplitude / v. The amplitude follows
//   m = (2σ² + C2) / (2σ² + C2 + kMaskFlat) · √((kMaskRef + floor) / v),
// SSIM's cost term (weak on flat areas, saturating in texture) times a gentle preference for the cells the detector
// weighs most; the trade-off between the two (kMaskFlat, kMaskRef) measured on the corpus after WebP q50 and JPEG q50.
constexpr double kMaskFlat = 1000.0, kMaskRef = 20.0, kMaskMin = 0.05, kMaskMax = 4.0;
std::vector<float> masking(const std::vector<float>& luma, int w, int h, const std::vector<float>& rvar) {
  std::vector<float> mean, sq(luma.size()), mean_sq, m(luma.size());
  blur<6>(luma, mean, w, h, 2.0, false);
  for (size_t i = 0; i < luma.size(); ++i) sq[i] = luma[i] * luma[i];
  blur<6>(sq, mean_sq, w, h, 2.0, false);
  constexpr double kC2 = 58.5225;
  for (size_t i = 0; i < luma.size(); ++i) {
    const double var = std::max(0.0, double(mean_sq[i]) - double(mean[i]) * mean[i]);
    double v = std::clamp((2 * var + kC2) / (2 * var + kC2 + kMaskFlat) * std::sqrt((kMaskRef + kVarianceFloor) / rvar[i]),
                          kMaskMin, kMaskMax);
    // Near black and near white the pixels would clip the mark to one side: a change of the mean there, which
    // SSIM's luminance term (and the eye, on a black background) notices. Fade the mark out below 24 and above 231.
    const double dark = std::clamp((mean[i] - 4.0) / 20.0, 0.0, 1.0), bright = std::clamp((251.0 - mean[i]) / 20.0, 0.0, 1.0);
    v *= std::min(dark, bright);
    m[i] = static_cast<float>(v);
  }
  return m;
}

// 1 − SSIM of the image against itself plus k·delta, over 8×8 windows every 4 pixels (every channel), as ffmpeg's
// ssim filter computes it — with its constants: the luminance constant is (0.01·255)²/64, not Wang's (0.01·255)²,
// so mean shifts in dark windows weigh much more — on a sample of at most ~40000 windows, evenly spread.
template <typename DeltaRow>
double ssim_loss(const Image& img, double k, DeltaRow delta_row) {
  const uint32_t w = img.width, h = img.height, ch = img.channels;
  if (w < 8 || h < 8) return 0;
  const double windows = double(w / 4) * double(h / 4);
  const uint32_t stride = 4 * static_cast<uint32_t>(std::max(1.0, std::ceil(std::sqrt(windows / 40000.0))));
  constexpr double kC1 = 6.5025 / 64, kC2 = 58.5225 * 63 / 64;
  double total = 0;
  uint64_t n = 0;
  std::vector<std::vector<float>> rows(8);
  for (uint32_t y = 0; y + 8 <= h; y += stride) {
    for (uint32_t j = 0; j < 8; ++j) delta_row(y + j, rows[j]);
    for (uint32_t x = 0; x + 8 <= w; x += stride) {
      for (uint32_t c = 0; c < 3; ++c) {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        for (uint32_t j = 0; j < 8; ++j) {
          const uint8_t* p = img.row(y + j) + size_t(x) * ch + c;
          for (uint32_t i = 0; i < 8; ++i) {
            const double a = p[i * ch], b = std::clamp(std::floor(a + k * rows[j][x + i] + 0.5), 0.0, 255.0);
            sa += a, sb += b, saa += a * a, sbb += b * b, sab += a * b;
          }
        }
        const double ma = sa / 64, mb = sb / 64, va = saa / 64 - ma * ma, vb = sbb / 64 - mb * mb, cv = sab / 64 - ma * mb;
        total += ((2 * ma * mb + kC1) * (2 * cv + kC2)) / ((ma * ma + mb * mb + kC1) * (va + vb + kC2));
        ++n;
      }
    }
  }
  return n ? 1.0 - total / double(n) : 0.0;
}

// The lattice of one image: a point every kCell canonical pixels inside the canonical view.
struct Lattice {
  int nu = 0, nv = 0;
  size_t size() const { return size_t(nu) * nv; }
};

// y = Gram · x on the lattice: each cell's response to the amplitudes of the cells around it.
void gram_apply(const Lattice& lat, const std::vector<double>& x, std::vector<double>& y) {
  const Layout& l = layout();
  const int gw = 2 * kGramRadius + 1;
  y.assign(x.size(), 0.0);
  for (int v = 0; v < lat.nv; ++v) {
    for (int u = 0; u < lat.nu; ++u) {
      double acc = 0;
      for (int dv = std::max(-kGramRadius, -v); dv <= kGramRadius && v + dv < lat.nv; ++dv) {
        const double* g = &l.gram[size_t(dv + kGramRadius) * gw + kGramRadius];
        const double* xr = &x[size_t(v + dv) * lat.nu + u];
        for (int du = std::max(-kGramRadius, -u); du <= kGramRadius && u + du < lat.nu; ++du) acc += g[du] * xr[du];
      }
      y[size_t(v) * lat.nu + u] = acc;
    }
  }
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// Amplitudes x with Gram · x ≈ b (conjugate gradients): the cell amplitudes whose responses are exactly b.
std::vector<double> solve_amplitudes(const Lattice& lat, const std::vector<double>& b) {
  std::vector<double> x(b.size(), 0.0), r = b, p = b, ap;
  double rr = dot(r, r);
  for (int it = 0; it < kSolverIterations && rr > 1e-18; ++it) {
    gram_apply(lat, p, ap);
    const double a = rr / dot(p, ap);
    for (size_t i = 0; i < x.size(); ++i) x[i] += a * p[i], r[i] -= a * ap[i];
    const double rr2 = dot(r, r);
    for (size_t i = 0; i < p.size(); ++i) p[i] = r[i] + (rr2 / rr) * p[i];
    rr = rr2;
  }
  return x;
}

}  // namespace

Result<Image> embed_dsmark_image(const Image& image, uint64_t payload, DsmarkEmbedStats* stats) {
  if (image.width < 128 || image.height < 128 || image.area() < 256u * 256u) {
    return Status::unsupported("dsmark's image watermark needs an image of at least 256 × 256 pixels in area and 128 "
                               "pixels on each side; this one is " + std::to_string(image.width) + " × " +
                               std::to_string(image.height));
  }
  const Layout& l = layout();
  const Canonical c = canonical_luma(image, kArea);
  const int w = static_cast<int>(c.width), h = static_cast<int>(c.height);
  Lattice lat{(w - 1) / kCell + 1, (h - 1) / kCell + 1};

  // What each cell must read: its chip (sync pattern or coded payload) at unit strength, and the image's own
  // response there (which the informed part cancels).
  const std::array<int8_t, kCodedBits> chips = chips_for(payload);
  std::vector<float> resp, var;
  response_statistics(c.luma, w, h, resp, var);
  const std::vector<float> mask = masking(c.luma, w, h, var);
  // The chips at unit strength (masked), and the informed part: for every coded bit, the image's own share of the
  // detector's soft value (Σ over the bit's cells of response / variance) is cancelled by small corrections spread
  // over those cells where the detector weighs most and masking allows most (∝ m²/variance).
  std::vector<double> chip(lat.size());
  for (int v = 0; v < lat.nv; ++v) {
    for (int u = 0; u < lat.nu; ++u) {
      const size_t i = size_t(v) * lat.nu + u, px = size_t(v * kCell) * w + u * kCell;
      const size_t cell = static_cast<size_t>((v % kSide) * kSide + (u % kSide));
      const int role = l.role[cell];
      chip[i] = (role < 0 ? l.chip[cell] : chips[static_cast<size_t>(role)]) * mask[px];
    }
  }
  // The informed part for detector weights computed from `wvar` (the local variance of responses).
  std::vector<double> hk(kCodedBits, 0.0), gain(kCodedBits, 1.0);
  auto informed = [&](const std::vector<float>& wvar) {
    std::vector<double> fix(lat.size(), 0.0), norm(kCodedBits, 0.0);
    std::fill(hk.begin(), hk.end(), 0.0);
    for (int v = 0; v < lat.nv; ++v) {
      for (int u = 0; u < lat.nu; ++u) {
        const size_t px = size_t(v * kCell) * w + u * kCell;
        const int role = l.role[static_cast<size_t>((v % kSide) * kSide + (u % kSide))];
        if (role < 0) continue;
        hk[static_cast<size_t>(role)] += resp[px] * wgt(wvar[px]) * l.scramble[static_cast<size_t>(role)];
        norm[static_cast<size_t>(role)] += double(mask[px]) * mask[px] * wgt(wvar[px]) * wgt(wvar[px]);
      }
    }
    for (int v = 0; v < lat.nv; ++v) {
      for (int u = 0; u < lat.nu; ++u) {
        const size_t i = size_t(v) * lat.nu + u, px = size_t(v * kCell) * w + u * kCell;
        const int role = l.role[static_cast<size_t>((v % kSide) * kSide + (u % kSide))];
        if (role < 0 || norm[static_cast<size_t>(role)] <= 0) continue;
        fix[i] = -gain[static_cast<size_t>(role)] * hk[static_cast<size_t>(role)] * l.scramble[static_cast<size_t>(role)] * double(mask[px]) * mask[px] *
                 wgt(wvar[px]) / norm[static_cast<size_t>(role)];
      }
    }
    return solve_amplitudes(lat, fix);
  };
  const std::vector<double> a_chip = solve_amplitudes(lat, chip);
  std::vector<double> a_fix = informed(var);
  const double n = double(w) * h;
  const double target = 255.0 * std::pow(10.0, -kTargetPsnr / 20.0);  // RMS luma change
  const double t2 = target * target;
  // M = α·chip + λ·fix: α² es + 2αλ ec + λ² ei = target² (canonical energies; corrected below for the native pixels)
  auto solve_alpha = [&](double e_s, double e_c, double e_i, double lam, double t2v) {
    const double bq = lam * e_c, cq = lam * lam * e_i - t2v;
    return e_s > 0 ? std::max(0.0, (-bq + std::sqrt(std::max(0.0, bq * bq - e_s * cq))) / e_s) : 0.0;
  };
  std::vector<double> g_chip, g_fix;
  gram_apply(lat, a_chip, g_chip);
  const double es = dot(a_chip, g_chip) / n;
  double ei = 0, ec = 0, lambda = 0, alpha = 0;
  // Energies of the two parts (mean square over the canonical view): x·Gram·x / pixels; λ, then α.
  auto energies = [&] {
    gram_apply(lat, a_fix, g_fix);
    ei = dot(a_fix, g_fix) / n, ec = dot(a_chip, g_fix) / n;
    lambda = kMaxInformed;
    if (ei > 0 && lambda * lambda * ei > kInformedBudget * t2) lambda = std::sqrt(kInformedBudget * t2 / ei);
    alpha = solve_alpha(es, ec, ei, lambda, t2);
  };
  energies();
  // The two parts synthesised separately, so that the strength can change α alone: the informed part must keep
  // its full size to cancel the image's own soft values.
  std::vector<float> impulses(size_t(w) * h, 0.0f), part_chip, part_fix, mark(size_t(w) * h);
  auto synthesise = [&](const std::vector<double>& amp, std::vector<float>& out) {
    for (int v = 0; v < lat.nv; ++v) {
      for (int u = 0; u < lat.nu; ++u) impulses[size_t(v * kCell) * w + u * kCell] = static_cast<float>(amp[size_t(v) * lat.nu + u]);
    }
    dog(impulses, out, w, h, false);
  };
  synthesise(a_chip, part_chip);
  synthesise(a_fix, part_fix);
  {
    // The detector weighs the responses of the marked image, whose local variance includes the mark's own: the
    // informed part computed again with those weights.
    std::vector<float> marked(c.luma.size()), unused, var1;
    for (size_t i = 0; i < marked.size(); ++i) marked[i] = static_cast<float>(c.luma[i] + alpha * part_chip[i] + lambda * part_fix[i]);
    response_statistics(marked, w, h, unused, var1);
    a_fix = informed(var1);
    energies();
    synthesise(a_fix, part_fix);
    {
      // The round trip: the detector sees the informed part after interpolation to the native pixels and
      // resampling, a slight blur that leaves part of the image's own soft values uncancelled. Each coded bit's
      // correction is scaled by what its share became.
      const std::vector<RoundTripTap> tx = canonical_round_trip(image.width, c.width, c.scale);
      const std::vector<RoundTripTap> ty = canonical_round_trip(image.height, c.height, c.scale);
      std::vector<float> rows(part_fix.size(), 0.0f), seen(part_fix.size(), 0.0f), rf;
      for (int y = 0; y < h; ++y) {
        const float* src = &part_fix[size_t(y) * w];
        float* dst = &rows[size_t(y) * w];
        for (const RoundTripTap& t : tx) dst[t.seen] += t.weight * src[t.source];
      }
      for (const RoundTripTap& t : ty) {
        const float* src = &rows[size_t(t.source) * w];
        float* dst = &seen[size_t(t.seen) * w];
        for (int x = 0; x < w; ++x) dst[x] += t.weight * src[x];
      }
      dog(seen, rf, w, h, false);
      std::vector<double> got(kCodedBits, 0.0);
      for (int v = 0; v < lat.nv; ++v) {
        for (int u = 0; u < lat.nu; ++u) {
          const size_t px = size_t(v * kCell) * w + u * kCell;
          const int role = l.role[static_cast<size_t>((v % kSide) * kSide + (u % kSide))];
          if (role >= 0) got[static_cast<size_t>(role)] += rf[px] * wgt(var1[px]) * l.scramble[static_cast<size_t>(role)];
        }
      }
      double num = 0, den = 0;
      for (int k = 0; k < kCodedBits; ++k) num -= hk[size_t(k)] * got[size_t(k)], den += got[size_t(k)] * got[size_t(k)];
      const double g = den > 0 ? std::clamp(num / den, 0.5, 3.0) : 1.0;
      for (int k = 0; k < kCodedBits; ++k) {
        const double r = std::abs(got[size_t(k)]) > 1e-9 ? -hk[size_t(k)] / got[size_t(k)] : g;
        gain[size_t(k)] = std::clamp(r, 0.5 * g, 2.0 * g);
      }
      a_fix = informed(var1);
      energies();
      synthesise(a_fix, part_fix);
    }
  }
  auto compose = [&](double a, double lam) {
    for (size_t i = 0; i < mark.size(); ++i) mark[i] = static_cast<float>(a * part_chip[i] + lam * part_fix[i]);
  };
  compose(alpha, lambda);

  // Apply at native resolution: native pixel centre (x + ½) is canonical (x + ½)·scale − ½; bilinear in between.
  const uint32_t ch = image.channels;
  std::vector<int> cx0(image.width);
  std::vector<float> cfx(image.width);
  for (uint32_t x = 0; x < image.width; ++x) {
    const double cx = std::clamp((x + 0.5) * c.scale - 0.5, 0.0, w - 1.0);
    const int ix = std::min(static_cast<int>(cx), w - 2);
    cx0[x] = ix;
    cfx[x] = static_cast<float>(cx - ix);
  }
  auto delta_row = [&](uint32_t y, std::vector<float>& out_row) {
    const double cy = std::clamp((y + 0.5) * c.scale - 0.5, 0.0, h - 1.0);
    const int iy = std::min(static_cast<int>(cy), h - 2);
    const float ay = static_cast<float>(cy - iy);
    const float* r0 = &mark[size_t(iy) * w];
    const float* r1 = r0 + w;
    out_row.resize(image.width);
    for (uint32_t x = 0; x < image.width; ++x) {
      const int u = cx0[x];
      const float top = (1 - cfx[x]) * r0[u] + cfx[x] * r0[u + 1], bottom = (1 - cfx[x]) * r1[u] + cfx[x] * r1[u + 1];
      out_row[x] = (1 - ay) * top + ay * bottom;
    }
  };

  // The strength. PSNR: interpolation to the native pixels changes the mark's energy a little (measured once, the
  // same factor for both parts); rounding adds about 1/12. SSIM (8×8 windows, as ffmpeg computes it): if over its
  // budget, α is lowered (secant steps on α²: the loss is about quadratic in α, plus what rounding adds), the
  // informed part kept; only if that is not enough is everything scaled down.
  double se = 0;
  {
    std::vector<float> d;
    for (uint32_t y = 0; y < image.height; ++y) {
      delta_row(y, d);
      for (uint32_t x = 0; x < image.width; ++x) se += double(d[x]) * d[x];
    }
  }
  const double mse = se / double(image.area());
  const double canonical_mse = alpha * alpha * es + 2 * alpha * lambda * ec + lambda * lambda * ei;
  const double target_mse = std::pow(255.0, 2) * std::pow(10.0, -kTargetPsnr / 10.0) - 1.0 / 12;
  const double f = canonical_mse > 0 && mse > 0 ? mse / canonical_mse : 1.0;  // native / canonical energy
  if (lambda * lambda * ei * f > kInformedBudget * target_mse) lambda = std::sqrt(kInformedBudget * target_mse / (ei * f));
  alpha = solve_alpha(es, ec, ei, lambda, target_mse / f);
  compose(alpha, lambda);
  // The largest t ≤ top whose mark (apply(t)) keeps the SSIM loss within the budget: regula falsi (Illinois) on
  // t² between 0 (assumed loss 0 until measured) and top; ends on a measured loss within [0.99, 1] × the budget,
  // or on the best t measured below it (0 if none), with the mark composed at the t returned.
  auto within_budget = [&](double top, auto apply) {
    apply(top);
    double loss = ssim_loss(image, 1.0, delta_row);
    if (loss <= kSsimBudget) return top;
    const double goal = 0.996 * kSsimBudget;
    double hi = top * top, f_hi = loss - goal, lo = 0, f_lo = -goal, best = 0;
    int side = 0;
    for (int it = 0; it < 8; ++it) {
      const double s2 = std::max(0.0, (lo * f_hi - hi * f_lo) / (f_hi - f_lo));
      apply(std::sqrt(s2));
      loss = ssim_loss(image, 1.0, delta_row);
      const double f_t = loss - goal;
      if (loss <= kSsimBudget) best = std::max(best, s2);
      if (loss <= kSsimBudget && loss >= 0.99 * kSsimBudget) return std::sqrt(s2);
      if (f_t > 0) {
        hi = s2, f_hi = f_t;
        if (side == 1) f_lo /= 2;
        side = 1;
      } else {
        lo = s2, f_lo = f_t;
        if (side == -1) f_hi /= 2;
        side = -1;
      }
    }
    apply(std::sqrt(best));
    return std::sqrt(best);
  };
  // α alone first: the informed part keeps its full size, or the image's own share would come back. When that
  // leaves less than half of α (the informed part itself takes most of the budget: synthetic images with strong
  // edges), both parts are scaled together instead.
  const double alpha_psnr = alpha, lambda_psnr = lambda;
  alpha = within_budget(alpha_psnr, [&](double a) { compose(a, lambda); });
  if (alpha < 0.5 * alpha_psnr) {
    const double t = within_budget(1.0, [&](double v) { compose(v * alpha_psnr, v * lambda_psnr); });
    alpha = t * alpha_psnr, lambda = t * lambda_psnr;
  }
  const double k = 1;

  Image out = image;
  std::vector<float> d;
  se = 0;
  for (uint32_t y = 0; y < image.height; ++y) {
    delta_row(y, d);
    uint8_t* p = out.row(y);
    for (uint32_t x = 0; x < image.width; ++x, p += ch) {
      const float delta = static_cast<float>(k) * d[x];
      for (int q = 0; q < 3; ++q) {
        const int v = std::clamp(static_cast<int>(p[q] + delta + 0.5f), 0, 255);  // rounds: negatives clamp to 0
        se += double(v - p[q]) * (v - p[q]);
        p[q] = static_cast<uint8_t>(v);
      }
    }
  }
  if (stats) {
    const double final_mse = se / (3.0 * double(image.area()));
    stats->psnr = final_mse > 0 ? 10 * std::log10(255.0 * 255.0 / final_mse) : 99;
    stats->strength = alpha * k;
  }
  // A mark nobody can find must not be shipped. The quality budget (PSNR 40 dB, SSIM 0.98) leaves some images (flat
  // or fully saturated colours, as in test cards and simple graphics) too little room: the marked pixels are read
  // back with verify()'s own detector, and such an image is refused.
  const DsmarkImageDetection check = detect_dsmark_image(out);
  if (!check.found || check.payload != payload) {
    return Status::unsupported(
        "dsmark's image watermark cannot be made strong enough to be found in this image without a visible change: "
        "its flat or fully saturated colours leave too little room within the quality limits (PSNR 40 dB, SSIM "
        "0.98). No file was written; mark a photo-like image, or label this one with metadata and a visible label");
  }
  return out;
}

void read_dsmark_image(Analysis& a) {
  const Image* img = decoded_pixels(a, 128u * 128u);
  if (!img) return;
  const DsmarkImageDetection d = detect_dsmark_image(*img);
  if (!d.found) return;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (int i = 60; i >= 0; i -= 4) hex += kHex[d.payload >> i & 0xF];
  Mark mark;
  mark.scheme = "watermark:dsmark-image";
  mark.kind = MarkKind::kWatermark;
  mark.carrier = std::string(format_name(a.format)) + ":pixels/luma";
  mark.claim = Claim::kAi;
  mark.confidence = 1.0 - d.p_value;
  mark.fields.set("payload", hex);
  mark.fields.set("p_value", d.p_value);
  mark.fields.set("version", 1);
  mark.fields.set("sync_z", d.sync_z);
  mark.fields.set("scale", d.scale);
  mark.fields.set("corrected_bits", static_cast<int64_t>(d.corrected_bits));
  a.marks.push_back(std::move(mark));
}

}  // namespace dsmark
