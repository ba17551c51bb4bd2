// The Stable Diffusion family's dwtDct watermark: a soft-correlation detector (REFERENCE.md §6).
//
// Per 8×8-pixel block, for each of four variants (uint8 or float YUV convention × BGR or RGB channel order), the
// largest-|v| LL coefficient other than [0][0] gives a soft vote s = sin(2π|v|/36): +1 for bit 0 and −1 for bit 1 on
// a marked block. For each known payload the centred votes c_n = s_n − s̄ are correlated with t_n = 1 − 2·m[n mod L]:
// corr = Σ c_n t_n = Σ_q G_q t_q, where G_q sums the votes of the blocks that carry bit q.
//
// Two nulls, and the larger p-value counts (a mark is reported only when both reject):
// - blocks independent: z = corr / √Σc_n² is N(0,1). Strong on marked images (z ≈ √blocks), but natural and
//   synthetic images are not independent block to block (gradients, rings, JPEG chroma grids inflate z);
// - message unrelated to the image: with the image fixed and the L message bits fair coins, corr is a weighted
//   Rademacher sum, bounded exactly by Chernoff with its moment generating function (2^−L when every bin agrees).
//   No image structure can fake this one; its floor is 2^−L per try.
// A crop search recovers images cut at the top or left: the pixel offset of the block grid and the variant (64 × 4)
// are found by a payload-free phase test (every marked block has |v| mod 18 = 9), then the row wrap and phase of
// the message (L² choices). p_value = every try counted (Bonferroni) × the larger per-try p-value.
#include "watermark/sd_dwtdct.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "analysis/analysis.h"
#include "analysis/pixels.h"
#include "util/det_math.h"

namespace dsmark {
namespace {

constexpr int kVariants = 4;  // index = convention * 2 + order
constexpr double kScale = 36.0;
// Both tests read one central window of at most this many pixels a side (its origin on the 8-pixel block grid):
// ~0.6 MP (9216 blocks) is plenty for a mark that gives z ≈ √blocks on a lossless image, and keeps detection
// cheaper than decoding a large JPEG.
constexpr uint32_t kWindow = 768;
constexpr uint32_t kPresenceWindow = 512;  // the crop search's payload-free phase tests look at this much
constexpr uint64_t kPresenceBlocks = 256;  // blocks sampled per (offset, variant) in the phase test
constexpr double kPresenceGate = 5.0;      // phase-test z that starts the (row wrap, phase) search
constexpr uint64_t kSearchBlocks = 8192;   // blocks (evenly spaced rows) in the (row wrap, phase) search
// A mark is reported when p_value ≤ this (see the header comment for the two nulls). Calibrated on
// ../shared/corpus/photos and generated negatives (scripts/make-negatives.mjs): none comes near it.
constexpr double kReportP = 1e-6;

const std::array<SdMessage, 4> kMessages = {{
    {"StableDiffusionV1", "Stable Diffusion 1.x (CompVis/Stability scripts)",
     "01010011011101000110000101100010011011000110010101000100011010010110011001100110011101010111001101101001"
     "01101111011011100101011000110001"},
    {"SDV2", "Stable Diffusion 2.x (Stability scripts)", "01010011010001000101011000110010"},
    {"SDXL", "SDXL, SVD (Stability sgm, diffusers)", "101100111110110010010000011110111011000110011110"},
    {"FLUX.1", "FLUX.1 (Black Forest Labs)", "1010101111111010000111100111001111010100101110"},
}};

// OpenCV's fixed-point BGR→YUV U (imgproc color_yuv: B2Y 1868, G2Y 9617, R2Y 4899, B2UI 8061, shift 14).
inline int u_fixed(int b, int g, int r) {
  const int y = (1868 * b + 9617 * g + 4899 * r + 8192) >> 14;
  return ((b - y) * 8061 + (128 << 14) + 8192) >> 14;
}

// The U channel of every variant for a window of pixels: exact integers for the uint8 convention, and for the
// float convention U − 0.5 (the 0.5 comes back as +1 in LL = ½·Σ of a 2×2 cell).
struct UPlanes {
  uint32_t x0 = 0, y0 = 0, w = 0, h = 0;
  std::vector<int16_t> u8[2];
  std::vector<float> uf[2];
};

UPlanes u_planes(const Image& img, uint32_t x0, uint32_t y0, uint32_t w, uint32_t h) {
  UPlanes p{x0, y0, w, h, {}, {}};
  const size_t n = size_t{w} * h;
  for (int o = 0; o < 2; ++o) {
    p.u8[o].resize(n);
    p.uf[o].resize(n);
  }
  for (uint32_t y = 0; y < h; ++y) {
    const uint8_t* px = img.row(y0 + y) + size_t{x0} * 3;
    int16_t* a = p.u8[0].data() + size_t{y} * w;
    int16_t* b = p.u8[1].data() + size_t{y} * w;
    float* fa = p.uf[0].data() + size_t{y} * w;
    float* fb = p.uf[1].data() + size_t{y} * w;
    for (uint32_t x = 0; x < w; ++x) {
      const int R = px[3 * x], G = px[3 * x + 1], B = px[3 * x + 2];
      a[x] = static_cast<int16_t>(u_fixed(B, G, R));
      b[x] = static_cast<int16_t>(u_fixed(R, G, B));
      const float fr = static_cast<float>(R), fg = static_cast<float>(G), fbl = static_cast<float>(B);
      fa[x] = 0.492f * (0.886f * fbl - 0.587f * fg - 0.299f * fr);
      fb[x] = 0.492f * (0.886f * fr - 0.587f * fg - 0.299f * fbl);
    }
  }
  return p;
}

// |LL| of a 2×2 cell whose top-left pixel is (x, y) in the window, for variant V.
template <int V>
inline float ll_mag_v(const UPlanes& p, size_t x, size_t y) {
  const size_t i = y * p.w + x;
  if constexpr (V < 2) {
    const int16_t* u = p.u8[V].data();
    return 0.5f * static_cast<float>(u[i] + u[i + 1] + u[i + p.w] + u[i + p.w + 1]);
  } else {
    const float* u = p.uf[V - 2].data();
    return std::fabs(0.5f * (u[i] + u[i + 1] + u[i + p.w] + u[i + p.w + 1]) + 1.0f);
  }
}

// Per-block magnitude |v| of the chosen coefficient (the first largest |LL| other than [0][0]) for one variant,
// for blocks whose pixels start at (ox + 8j, oy + 8i) in the window; every `row_step`-th block row.
struct BlockGrid {
  uint32_t cols = 0;
  std::vector<uint32_t> rows;  // block-row indices present
  std::vector<float> mag;      // mag[k * cols + j] for rows[k]
};

template <int V>
BlockGrid block_grid_v(const UPlanes& p, uint32_t ox, uint32_t oy, uint64_t max_blocks,
                       uint32_t extent_w, uint32_t extent_h) {
  BlockGrid g;
  const uint32_t w = std::min(p.w - std::min(p.w, ox), extent_w), h = std::min(p.h - std::min(p.h, oy), extent_h);
  if (w < 8 || h < 8) return g;
  g.cols = w / 8;
  const uint32_t total_rows = h / 8;
  const uint64_t all = uint64_t{g.cols} * total_rows;
  const uint32_t step = static_cast<uint32_t>(std::max<uint64_t>(1, (all + max_blocks - 1) / max_blocks));
  for (uint32_t i = 0; i < total_rows; i += step) g.rows.push_back(i);
  g.mag.resize(g.rows.size() * g.cols);
  for (size_t k = 0; k < g.rows.size(); ++k) {
    const size_t top = oy + size_t{g.rows[k]} * 8;
    for (uint32_t j = 0; j < g.cols; ++j) {
      const size_t left = ox + size_t{j} * 8;
      float best = -1;
      for (uint32_t c = 1; c < 16; ++c) {  // [0][0] is never the chosen coefficient
        const float m = ll_mag_v<V>(p, left + 2 * (c % 4), top + 2 * (c / 4));
        if (m > best) best = m;  // strict: the first maximum wins, as numpy.argmax
      }
      g.mag[k * g.cols + j] = best;
    }
  }
  return g;
}

BlockGrid block_grid(const UPlanes& p, int v, uint32_t ox, uint32_t oy, uint64_t max_blocks,
                     uint32_t extent_w = UINT32_MAX, uint32_t extent_h = UINT32_MAX) {
  switch (v) {
    case 0: return block_grid_v<0>(p, ox, oy, max_blocks, extent_w, extent_h);
    case 1: return block_grid_v<1>(p, ox, oy, max_blocks, extent_w, extent_h);
    case 2: return block_grid_v<2>(p, ox, oy, max_blocks, extent_w, extent_h);
    default: return block_grid_v<3>(p, ox, oy, max_blocks, extent_w, extent_h);
  }
}

// Soft vote sin(2π|v|/36) of a magnitude: +1 at |v| mod 36 = 9 (bit 0), −1 at 27 (bit 1). In the uint8
// convention |v| is a multiple of ½: those 72 phases come from a table.
inline double soft(float mag) {
  static const std::array<double, 72> kHalfSteps = [] {
    std::array<double, 72> t{};
    for (int k = 0; k < 72; ++k) t[static_cast<size_t>(k)] = det::sin_turns(k / 72.0);
    return t;
  }();
  const float twice = 2.0f * mag;
  if (twice == std::floor(twice) && twice >= 0 && twice < 1e6f) return kHalfSteps[static_cast<size_t>(twice) % 72];
  return det::sin_turns(static_cast<double>(mag) / kScale);
}

// A table of cos(2π i/1024) for the phase tests (cheap, and the same in every build).
const std::array<float, 1024>& cos_table() {
  static const std::array<float, 1024> t = [] {
    std::array<float, 1024> a{};
    for (int i = 0; i < 1024; ++i) a[static_cast<size_t>(i)] = static_cast<float>(det::cos_turns(i / 1024.0));
    return a;
  }();
  return t;
}
inline float phase18(float mag) {  // cos(2π·mag/18): −1 on every marked block
  const float t = mag / 18.0f;
  const int i = static_cast<int>((t - std::floor(t)) * 1024.0f) & 1023;
  return cos_table()[static_cast<size_t>(i)];
}

std::vector<int8_t> signs_of(const SdMessage& m) {
  std::vector<int8_t> t(m.bits.size());
  for (size_t i = 0; i < m.bits.size(); ++i) t[i] = m.bits[i] == '1' ? -1 : 1;
  return t;
}

uint64_t sum_of_squared_lengths() {
  uint64_t s = 0;
  for (const SdMessage& m : kMessages) s += uint64_t{m.bits.size()} * m.bits.size();
  return s;
}

// P(Σ G_q ε_q ≥ x) for independent fair signs ε_q (a message unrelated to the image), by the Chernoff bound
// with the exact moment generating function: inf_λ exp(−λx + Σ log cosh(λ G_q)); 2^−L at x = Σ|G_q|.
double rademacher_tail(const std::vector<double>& g, double x) {
  if (x <= 0) return 1.0;
  double total = 0, top = 0;
  int nonzero = 0;
  for (double v : g) {
    total += std::fabs(v);
    top = std::max(top, std::fabs(v));
    nonzero += v != 0;
  }
  if (x >= total * (1 - 1e-12)) return det::exp_neg(-nonzero * 0.69314718055994530942);
  auto slope = [&](double lambda) {  // d/dλ of the exponent: −x + Σ G_q tanh(λ G_q)
    double s = -x;
    for (double v : g) {
      const double e = det::exp_neg(-2.0 * lambda * std::fabs(v));
      s += std::fabs(v) * (1.0 - e) / (1.0 + e);
    }
    return s;
  };
  double lo = 0, hi = 1.0 / top;
  while (slope(hi) < 0 && hi < 1e12 / top) hi *= 2;
  for (int it = 0; it < 64; ++it) {
    const double mid = 0.5 * (lo + hi);
    (slope(mid) < 0 ? lo : hi) = mid;
  }
  double exponent = -hi * x;
  for (double v : g) exponent += det::log_cosh(hi * v);
  return exponent >= 0 ? 1.0 : det::exp_neg(exponent);
}

// One alignment's evidence: both p-values for a single try.
struct Evidence {
  double z = 0;        // corr / √Σc² (signed)
  double p_iid = 1;    // two-sided Gaussian tail of z (blocks independent)
  double p_msg = 1;    // two-sided Chernoff tail of corr over random messages (image structure allowed)
  double p() const { return std::max(p_iid, p_msg); }
};

Evidence evidence(double corr, double norm, const std::vector<double>& fold) {
  Evidence e;
  if (norm <= 0) return e;
  e.z = corr / norm;
  e.p_iid = std::min(1.0, 2.0 * det::normal_upper_tail(std::fabs(e.z)));
  e.p_msg = std::min(1.0, 2.0 * rademacher_tail(fold, std::fabs(corr)));
  return e;
}

// Centred soft votes of a grid; false when the grid is (nearly) constant, which carries no evidence.
bool centred(const BlockGrid& g, std::vector<double>& c, double& norm) {
  c.resize(g.mag.size());
  double s1 = 0;
  for (size_t k = 0; k < c.size(); ++k) s1 += (c[k] = soft(g.mag[k]));
  const double n = static_cast<double>(c.size());
  if (c.empty()) return false;
  const double mean = s1 / n;
  double var = 0;
  for (double& v : c) {
    v -= mean;
    var += v * v;
  }
  norm = std::sqrt(var);
  return var > 1e-6 * n;
}

struct Best {
  Evidence ev;
  int variant = 0, message = -1;
  uint32_t ox = 0, oy = 0, wrap = 0, phase = 0;
  bool aligned = true;
};

bool better(const Evidence& a, const Best& b) {
  return b.message < 0 || a.p() < b.ev.p() || (a.p() == b.ev.p() && std::fabs(a.z) > std::fabs(b.ev.z));
}

// The aligned test: block (i, j) of the window carries bit ((i0 + i)·W + j0 + j) mod L, W blocks per image row.
void aligned_test(const UPlanes& p, uint32_t image_cols, Best& best, std::array<BlockGrid, kVariants>& grids) {
  const uint32_t i0 = p.y0 / 8, j0 = p.x0 / 8;
  for (int v = 0; v < kVariants; ++v) {
    grids[static_cast<size_t>(v)] = block_grid(p, v, 0, 0, UINT64_MAX);
    const BlockGrid& g = grids[static_cast<size_t>(v)];
    std::vector<double> c;
    double norm = 0;
    if (!centred(g, c, norm)) continue;
    for (int mi = 0; mi < static_cast<int>(kMessages.size()); ++mi) {
      const std::vector<int8_t> t = signs_of(kMessages[static_cast<size_t>(mi)]);
      const uint64_t L = t.size();
      std::vector<double> fold(L, 0.0);
      for (size_t k = 0; k < g.rows.size(); ++k) {
        const uint64_t base = (uint64_t{i0} + g.rows[k]) * image_cols + j0;
        for (uint32_t j = 0; j < g.cols; ++j) fold[(base + j) % L] += c[k * g.cols + j];
      }
      double corr = 0;
      for (uint64_t q = 0; q < L; ++q) corr += fold[q] * t[q];
      const Evidence e = evidence(corr, norm, fold);
      if (better(e, best)) best = Best{e, v, mi, 0, 0, static_cast<uint32_t>(image_cols % L), 0, true};
    }
  }
}

// The (row wrap w, phase φ) search at one grid: block (i, j) carries bit (i·w + j + φ) mod L. Every (w, φ) is
// scored by z; the strongest few get the (costlier) random-message bound too — the mark maximises both.
void search_wrap(const BlockGrid& g, int variant, uint32_t ox, uint32_t oy, Best& best) {
  std::vector<double> c;
  double norm = 0;
  if (!centred(g, c, norm)) return;
  const size_t rows = g.rows.size(), cols = g.cols;
  struct Top {
    double z;
    int message;
    size_t w, phi;
    double corr;
  };
  std::vector<Top> tops;
  std::vector<std::vector<double>> folds(kMessages.size());
  auto bins_at = [&](int mi, size_t w, std::vector<double>& gsum) {  // Σ over rows of each row's fold, shifted by i·w
    const size_t L = kMessages[static_cast<size_t>(mi)].bits.size();
    const std::vector<double>& fold = folds[static_cast<size_t>(mi)];
    gsum.assign(L, 0.0);
    for (size_t k = 0; k < rows; ++k) {
      const size_t shift = (g.rows[k] * w) % L;
      const double* f = &fold[k * L];
      for (size_t q = 0; q < L - shift; ++q) gsum[q + shift] += f[q];
      for (size_t q = L - shift; q < L; ++q) gsum[q + shift - L] += f[q];
    }
  };
  for (int mi = 0; mi < static_cast<int>(kMessages.size()); ++mi) {
    const std::vector<int8_t> t = signs_of(kMessages[static_cast<size_t>(mi)]);
    const size_t L = t.size();
    std::vector<double>& fold = folds[static_cast<size_t>(mi)];
    fold.assign(rows * L, 0.0);  // each row folded by column mod L
    for (size_t k = 0; k < rows; ++k) {
      for (size_t j = 0; j < cols; ++j) fold[k * L + j % L] += c[k * cols + j];
    }
    std::vector<double> gsum, t2(2 * L);
    for (size_t r = 0; r < 2 * L; ++r) t2[r] = t[r % L];
    for (size_t w = 0; w < L; ++w) {
      bins_at(mi, w, gsum);
      double top = -1, top_corr = 0;
      size_t top_phi = 0;
      for (size_t phi = 0; phi < L; ++phi) {
        const double* tp = &t2[phi];
        double corr = 0;
        for (size_t r = 0; r < L; ++r) corr += gsum[r] * tp[r];
        if (std::fabs(corr) > top) {
          top = std::fabs(corr);
          top_corr = corr;
          top_phi = phi;
        }
      }
      tops.push_back({top_corr / norm, mi, w, top_phi, top_corr});
    }
  }
  std::sort(tops.begin(), tops.end(), [](const Top& a, const Top& b) {  // a total order: the same in every build
    if (std::fabs(a.z) != std::fabs(b.z)) return std::fabs(a.z) > std::fabs(b.z);
    if (a.message != b.message) return a.message < b.message;
    return a.w < b.w || (a.w == b.w && a.phi < b.phi);
  });
  std::vector<double> gsum, shifted;
  for (size_t k = 0; k < tops.size() && k < 8; ++k) {
    const Top& top = tops[k];
    const size_t L = kMessages[static_cast<size_t>(top.message)].bits.size();
    bins_at(top.message, top.w, gsum);
    // The bins as the message sees them at this phase (bit b collects gsum[r] with (r + φ) mod L = b).
    shifted.assign(L, 0.0);
    for (size_t r = 0; r < L; ++r) shifted[(r + top.phi) % L] = gsum[r];
    const Evidence e = evidence(top.corr, norm, shifted);
    if (better(e, best)) {
      best = Best{e, variant, top.message, ox, oy, static_cast<uint32_t>(top.w), static_cast<uint32_t>(top.phi), false};
    }
  }
}

// The payload as read at an alignment: bit b is 1 when the centred soft votes of its blocks sum below zero.
// (The reference decoder's hard votes, |v| mod 36 > 18, misread many 0 bits on smooth images: quantising the largest
// coefficient down can leave another one larger, and the decoder then reads that one.)
template <typename IndexFn>
std::vector<uint8_t> decode_bits(const BlockGrid& g, size_t length, IndexFn index) {
  std::vector<double> sum(length, 0.0), c;
  double norm = 0;
  (void)centred(g, c, norm);
  for (size_t k = 0; k < g.rows.size(); ++k) {
    for (uint32_t j = 0; j < g.cols; ++j) sum[index(g.rows[k], j)] += c[k * g.cols + j];
  }
  std::vector<uint8_t> bits(length, 0);
  for (size_t b = 0; b < length; ++b) bits[b] = sum[b] < 0;
  return bits;
}

// The crop search's payload-free phase test: on a marked grid every chosen coefficient has |v| mod 18 = 9, whatever
// its bit. Each of the 64 block offsets and 4 variants is tested on a sample of blocks; the (offset, variant) pairs
// whose phase stands out from the others become candidates for the (row wrap, phase) search.
struct Candidate {
  double z;
  uint32_t ox, oy;
  int variant;
};

// Phase sums of a group of coefficients; groups are compared with each other (centred on their common mean),
// because an image's own chroma biases every group alike.
struct PhaseSum {
  double s = 0, q = 0;
  uint64_t n = 0;
  void add(float c) {
    s += c;
    q += double{c} * c;
    ++n;
  }
};
template <typename Group>
void centred_phase_z(std::vector<Group>& groups, std::vector<PhaseSum>& sums) {
  double s = 0, q = 0, n = 0;
  for (const PhaseSum& p : sums) {
    s += p.s;
    q += p.q;
    n += static_cast<double>(p.n);
  }
  const double mean = n > 0 ? s / n : 0, var = n > 0 ? q / n - mean * mean : 0;
  for (size_t k = 0; k < groups.size(); ++k) {
    const double nk = static_cast<double>(sums[k].n);
    groups[k].z = nk > 0 && var > 1e-9 ? -(sums[k].s - nk * mean) / std::sqrt(nk * var) : 0.0;
  }
}

std::vector<Candidate> crop_candidates(const UPlanes& full) {
  // The phase test looks at the centre of the window, a sample of blocks at each of the 64 offsets.
  const uint32_t pw = std::min(full.w, kPresenceWindow), ph = std::min(full.h, kPresenceWindow);
  const uint32_t px0 = (full.w - pw) / 2, py0 = (full.h - ph) / 2;
  std::vector<Candidate> all;
  for (int v = 0; v < kVariants; ++v) {
    std::vector<Candidate> group;
    std::vector<PhaseSum> sums;
    for (uint32_t oy = 0; oy < 8; ++oy) {
      for (uint32_t ox = 0; ox < 8; ++ox) {
        // block_grid works on the whole window; the sample is taken from the centre part by offsetting.
        const BlockGrid g = block_grid(full, v, px0 + ox, py0 + oy, kPresenceBlocks, pw, ph);
        PhaseSum sum;
        for (float m : g.mag) sum.add(phase18(m));
        sums.push_back(sum);
        group.push_back({0, (px0 + ox) % 8, (py0 + oy) % 8, v});
      }
    }
    centred_phase_z(group, sums);
    all.insert(all.end(), group.begin(), group.end());
  }
  std::sort(all.begin(), all.end(), [](const Candidate& a, const Candidate& b) {  // a total order
    if (a.z != b.z) return a.z > b.z;
    if (a.variant != b.variant) return a.variant < b.variant;
    return a.oy < b.oy || (a.oy == b.oy && a.ox < b.ox);
  });
  std::vector<Candidate> out;
  for (size_t k = 0; k < 2 && k < all.size() && all[k].z >= kPresenceGate; ++k) out.push_back(all[k]);
  return out;
}

}  // namespace

const std::array<SdMessage, 4>& sd_messages() { return kMessages; }

std::vector<uint8_t> sd_message_bits(const SdMessage& message) {
  std::vector<uint8_t> bits(message.bits.size());
  for (size_t i = 0; i < bits.size(); ++i) bits[i] = message.bits[i] == '1';
  return bits;
}

SdDetection detect_sd_dwtdct(const Image& img) {
  SdDetection out;
  if (img.channels != 3 || img.area() < 256u * 256u) return out;
  // The encoder's region: the image cropped to a multiple of 4, blocks of 8×8 pixels from the top left.
  const uint32_t w4 = img.width / 4 * 4, h4 = img.height / 4 * 4;
  const uint32_t image_cols = w4 / 8;
  const uint32_t ww = std::min(w4 / 8 * 8, kWindow), wh = std::min(h4 / 8 * 8, kWindow);
  const uint32_t x0 = (w4 / 8 * 8 - ww) / 2 / 8 * 8, y0 = (h4 / 8 * 8 - wh) / 2 / 8 * 8;
  const UPlanes planes = u_planes(img, x0, y0, ww, wh);
  const uint64_t aligned_tries = uint64_t{kVariants} * kMessages.size();
  const uint64_t crop_tries = 64ull * kVariants * sum_of_squared_lengths();

  // 1. The aligned test: the image as the encoder wrote it (or cropped only at the right and bottom).
  std::array<BlockGrid, kVariants> grids;
  Best best;
  aligned_test(planes, image_cols, best, grids);
  uint64_t tries = aligned_tries;
  double p = std::min(1.0, static_cast<double>(tries) * best.ev.p());

  // 2. The crop search, when the aligned test found nothing.
  BlockGrid search_grid;
  if (p > kReportP) {
    Best crop;
    for (const Candidate& cand : crop_candidates(planes)) {
      BlockGrid g = block_grid(planes, cand.variant, cand.ox, cand.oy, kSearchBlocks);
      Best here;
      search_wrap(g, cand.variant, (x0 + cand.ox) % 8, (y0 + cand.oy) % 8, here);
      if (here.message >= 0 && (crop.message < 0 || here.ev.p() < crop.ev.p())) {
        crop = here;
        search_grid = std::move(g);
      }
    }
    tries = aligned_tries + crop_tries;
    const double p_crop = std::min(1.0, static_cast<double>(tries) * crop.ev.p());
    if (crop.message >= 0 && p_crop < p) {
      best = crop;
      p = p_crop;
    }
  }

  out.variants = tries;
  out.z = best.ev.z;
  out.p_value = p;
  out.message = best.message;
  if (best.message < 0) return out;
  out.convention = static_cast<SdConvention>(best.variant / 2);
  out.order = static_cast<SdOrder>(best.variant % 2);
  out.aligned = best.aligned;
  out.offset_x = static_cast<int>(best.ox);
  out.offset_y = static_cast<int>(best.oy);
  out.marked = p <= kReportP;
  const SdMessage& m = kMessages[static_cast<size_t>(best.message)];
  const size_t L = m.bits.size();
  if (best.aligned) {
    const BlockGrid& g = grids[static_cast<size_t>(best.variant)];
    const uint64_t i0 = y0 / 8, j0 = x0 / 8;
    out.bits = decode_bits(g, L, [&](uint32_t i, uint32_t j) { return ((i0 + i) * image_cols + j0 + j) % L; });
    out.blocks = uint64_t{g.cols} * g.rows.size();
  } else {
    out.bits = decode_bits(search_grid, L, [&](uint32_t i, uint32_t j) {
      return (uint64_t{i} * best.wrap + j + best.phase) % L;
    });
    out.blocks = uint64_t{search_grid.cols} * search_grid.rows.size();
  }
  if (best.ev.z < 0) {
    for (uint8_t& b : out.bits) b ^= 1;
  }
  const std::vector<uint8_t> want = sd_message_bits(m);
  out.bit_errors = 0;
  for (size_t i = 0; i < out.bits.size() && i < want.size(); ++i) out.bit_errors += out.bits[i] != want[i];
  return out;
}

namespace {

std::string bits_to_hex(const std::vector<uint8_t>& bits) {
  // Right-aligned in whole hex digits, as the message's integer value is written (bin(M)[2:] drops leading zeros).
  std::string hex;
  const size_t pad = (4 - bits.size() % 4) % 4;
  uint32_t nib = 0, n = static_cast<uint32_t>(pad);
  for (uint8_t b : bits) {
    nib = nib << 1 | b;
    if (++n == 4) {
      hex += "0123456789abcdef"[nib];
      nib = 0;
      n = 0;
    }
  }
  return hex;
}

}  // namespace

void read_sd_dwtdct(Analysis& a) {
  const Image* img = decoded_pixels(a, 256u * 256u);
  if (!img) return;
  const SdDetection d = detect_sd_dwtdct(*img);
  if (!d.marked) return;
  const SdMessage& m = kMessages[static_cast<size_t>(d.message)];
  Mark mark;
  mark.scheme = "watermark:sd-dwtdct";
  mark.kind = MarkKind::kWatermark;
  mark.carrier = std::string(format_name(a.format)) + ":pixels/YUV-U:haar-LL";
  mark.claim = Claim::kAi;
  mark.confidence = 1.0 - d.p_value;
  mark.fields.set("message", m.name);
  mark.fields.set("models", m.models);
  mark.fields.set("payload", bits_to_hex(d.bits));
  mark.fields.set("bits", static_cast<int64_t>(d.bits.size()));
  mark.fields.set("bit_errors", static_cast<int64_t>(d.bit_errors));
  mark.fields.set("z", std::fabs(d.z));
  mark.fields.set("p_value", d.p_value);
  mark.fields.set("convention", d.convention == SdConvention::kUint8 ? "uint8" : "float");
  mark.fields.set("channel_order", d.order == SdOrder::kBgr ? "bgr" : "rgb");
  mark.fields.set("inverted", d.z < 0);
  if (!d.aligned) {
    mark.fields.set("grid_offset", Value(Value::Array{Value(d.offset_x), Value(d.offset_y)}));
  }
  a.marks.push_back(std::move(mark));
}

}  // namespace dsmark
