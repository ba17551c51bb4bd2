// Separable area resampling with exact fractional overlaps.
#include "watermark/canonical.h"

#include <algorithm>
#include <cmath>

namespace dsmark {
namespace {

using Tap = CanonicalTap;

// The overlaps of native pixels [n, n+1) (every `step`-th, from step/2) with canonical pixels [i/s, (i+1)/s),
// weights normalised so that each canonical pixel's weights sum to 1.
std::vector<Tap> taps(uint32_t native, uint32_t canonical, double s, uint32_t step) {
  std::vector<Tap> out;
  std::vector<double> sum(canonical, 0.0);
  for (uint32_t n = step / 2; n < native; n += step) {
    // Each sampled native pixel stands for `step` pixels around it.
    const double a = (static_cast<double>(n) - (step - 1) / 2.0) * s, b = a + step * s;
    const uint32_t first = static_cast<uint32_t>(std::max(0.0, std::floor(a)));
    for (uint32_t i = first; i < canonical && i < b; ++i) {
      const double overlap = std::min(b, i + 1.0) - std::max(a, static_cast<double>(i));
      if (overlap <= 0) continue;
      out.push_back({n, i, static_cast<float>(overlap)});
      sum[i] += overlap;
    }
  }
  for (Tap& t : out) t.weight = static_cast<float>(t.weight / sum[t.canonical]);
  return out;
}

// Every `step`-th native pixel is read when a canonical pixel spans more than 6 native pixels.
uint32_t sampling_step(double scale) {
  const double span = 1.0 / scale;
  return span > 6 ? static_cast<uint32_t>(span / 3) : 1;
}

}  // namespace

std::vector<CanonicalTap> canonical_taps(uint32_t native, uint32_t canonical, double scale) {
  return taps(native, canonical, scale, sampling_step(scale));
}

std::vector<RoundTripTap> canonical_round_trip(uint32_t native, uint32_t canonical, double scale) {
  std::vector<RoundTripTap> out;
  if (canonical < 2) return out;
  for (const Tap& t : canonical_taps(native, canonical, scale)) {
    const double cx = std::clamp((t.native + 0.5) * scale - 0.5, 0.0, canonical - 1.0);
    const uint32_t i = std::min(static_cast<uint32_t>(cx), canonical - 2);
    const double f = cx - i;
    out.push_back({t.canonical, i, static_cast<float>(t.weight * (1 - f))});
    out.push_back({t.canonical, i + 1, static_cast<float>(t.weight * f)});
  }
  return out;
}

Canonical canonical_luma(const Image& img, double area) {
  Canonical c;
  if (img.width == 0 || img.height == 0) return c;
  c.scale = std::sqrt(area / static_cast<double>(img.area()));
  c.width = static_cast<uint32_t>(std::floor(img.width * c.scale));
  c.height = static_cast<uint32_t>(std::floor(img.height * c.scale));
  if (c.width == 0 || c.height == 0) return c;
  const uint32_t step = sampling_step(c.scale);
  const std::vector<Tap> tx = taps(img.width, c.width, c.scale, step);
  const std::vector<Tap> ty = taps(img.height, c.height, c.scale, step);
  c.luma.assign(size_t{c.width} * c.height, 0.0f);
  std::vector<float> row(c.width);
  const uint32_t ch = img.channels;
  size_t k = 0;
  while (k < ty.size()) {
    const uint32_t y = ty[k].native;
    std::fill(row.begin(), row.end(), 0.0f);
    const uint8_t* p = img.row(y);
    for (const Tap& t : tx) {
      const uint8_t* q = p + size_t{t.native} * ch;
      row[t.canonical] += t.weight * (0.299f * q[0] + 0.587f * q[1] + 0.114f * q[2]);
    }
    for (; k < ty.size() && ty[k].native == y; ++k) {
      float* dst = &c.luma[size_t{ty[k].canonical} * c.width];
      const float w = ty[k].weight;
      for (uint32_t i = 0; i < c.width; ++i) dst[i] += w * row[i];
    }
  }
  return c;
}

}  // namespace dsmark
