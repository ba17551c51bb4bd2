// Pixels for tests: a deterministic photo-like picture (smooth shapes, edges, texture and colour), and the simple
// edits the watermark tests apply (crop, resize, brightness, noise), all without third-party tools.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "image/image.h"

namespace dsmark::test {

// A small seeded generator (SplitMix64) so that every run makes the same pictures.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }
  double normal() {
    const double u = std::max(uniform(), 1e-12), v = uniform();
    return std::sqrt(-2 * std::log(u)) * std::cos(6.283185307179586 * v);
  }

 private:
  uint64_t s_;
};

inline uint8_t clamp8(double v) { return static_cast<uint8_t>(std::clamp(std::lround(v), 0L, 255L)); }

// A photo-like RGB picture: a smooth colour field, a few discs and bars with hard edges, mid-scale texture and a
// little grain. `texture` scales the texture (0 gives large flat areas).
inline Image photo_like(uint32_t w, uint32_t h, uint64_t seed, double texture = 1.0) {
  Rng rng(seed);
  constexpr int kGrid = 6, kFine = 40;
  double coarse[kGrid][kGrid][3], fine[kFine][kFine];
  for (auto& row : coarse) {
    for (auto& cell : row) {
      for (double& c : cell) c = 40 + 170 * rng.uniform();
    }
  }
  for (auto& row : fine) {
    for (double& v : row) v = rng.normal();
  }
  struct Disc {
    double x, y, r, c[3];
  };
  std::vector<Disc> discs(7);
  for (Disc& d : discs) {
    d = {rng.uniform() * w, rng.uniform() * h, (0.05 + 0.15 * rng.uniform()) * std::min(w, h), {}};
    for (double& c : d.c) c = 255 * rng.uniform();
  }
  auto smooth = [](double t) { return t * t * (3 - 2 * t); };
  Image img;
  img.width = w;
  img.height = h;
  img.pixels.resize(size_t{w} * h * 3);
  for (uint32_t y = 0; y < h; ++y) {
    for (uint32_t x = 0; x < w; ++x) {
      const double gx = double(x) / w * (kGrid - 1), gy = double(y) / h * (kGrid - 1);
      const int ix = std::min(static_cast<int>(gx), kGrid - 2), iy = std::min(static_cast<int>(gy), kGrid - 2);
      const double ax = smooth(gx - ix), ay = smooth(gy - iy);
      double rgb[3];
      for (int c = 0; c < 3; ++c) {
        rgb[c] = (1 - ay) * ((1 - ax) * coarse[iy][ix][c] + ax * coarse[iy][ix + 1][c]) +
                 ay * ((1 - ax) * coarse[iy + 1][ix][c] + ax * coarse[iy + 1][ix + 1][c]);
      }
      const double fx = double(x) / w * (kFine - 1), fy = double(y) / h * (kFine - 1);
      const int jx = std::min(static_cast<int>(fx), kFine - 2), jy = std::min(static_cast<int>(fy), kFine - 2);
      const double bx = fx - jx, by = fy - jy;
      const double t = (1 - by) * ((1 - bx) * fine[jy][jx] + bx * fine[jy][jx + 1]) +
                       by * ((1 - bx) * fine[jy + 1][jx] + bx * fine[jy + 1][jx + 1]);
      const double stripes = std::sin(x * 0.21 + 3 * std::sin(y * 0.05)) * std::cos(y * 0.17);
      for (int c = 0; c < 3; ++c) rgb[c] += texture * (18 * t + 9 * stripes * (c + 1) / 2.0);
      for (const Disc& d : discs) {
        if (std::hypot(x - d.x, y - d.y) < d.r) {
          for (int c = 0; c < 3; ++c) rgb[c] = 0.35 * rgb[c] + 0.65 * d.c[c];
        }
      }
      uint8_t* p = &img.pixels[(size_t{y} * w + x) * 3];
      for (int c = 0; c < 3; ++c) p[c] = clamp8(rgb[c] + 3 * rng.normal());
    }
  }
  return img;
}

inline Image crop(const Image& img, uint32_t x0, uint32_t y0, uint32_t w, uint32_t h) {
  Image out;
  out.width = w;
  out.height = h;
  out.channels = img.channels;
  out.pixels.resize(size_t{w} * h * img.channels);
  for (uint32_t y = 0; y < h; ++y) {
    std::copy_n(img.row(y0 + y) + size_t{x0} * img.channels, size_t{w} * img.channels, out.row(y));
  }
  return out;
}

// Area-average downscale or bilinear upscale to w × h.
inline Image resize(const Image& img, uint32_t w, uint32_t h) {
  Image out;
  out.width = w;
  out.height = h;
  out.channels = img.channels;
  out.pixels.resize(size_t{w} * h * img.channels);
  const double sx = double(img.width) / w, sy = double(img.height) / h;
  for (uint32_t y = 0; y < h; ++y) {
    for (uint32_t x = 0; x < w; ++x) {
      for (uint32_t c = 0; c < img.channels; ++c) {
        double acc = 0, wsum = 0;
        if (sx >= 1 && sy >= 1) {
          for (uint32_t v = static_cast<uint32_t>(y * sy); v < std::min<double>(img.height, (y + 1) * sy); ++v) {
            for (uint32_t u = static_cast<uint32_t>(x * sx); u < std::min<double>(img.width, (x + 1) * sx); ++u) {
              acc += img.row(v)[size_t{u} * img.channels + c];
              wsum += 1;
            }
          }
        } else {
          const double fx = std::clamp((x + 0.5) * sx - 0.5, 0.0, img.width - 1.0);
          const double fy = std::clamp((y + 0.5) * sy - 0.5, 0.0, img.height - 1.0);
          const uint32_t x0 = std::min(static_cast<uint32_t>(fx), img.width - 2);
          const uint32_t y0 = std::min(static_cast<uint32_t>(fy), img.height - 2);
          const double ax = fx - x0, ay = fy - y0;
          auto at = [&](uint32_t u, uint32_t v) { return double(img.row(v)[size_t{u} * img.channels + c]); };
          acc = (1 - ay) * ((1 - ax) * at(x0, y0) + ax * at(x0 + 1, y0)) +
                ay * ((1 - ax) * at(x0, y0 + 1) + ax * at(x0 + 1, y0 + 1));
          wsum = 1;
        }
        out.row(y)[size_t{x} * img.channels + c] = clamp8(acc / wsum);
      }
    }
  }
  return out;
}

inline Image scale_brightness(Image img, double factor) {
  for (uint8_t& v : img.pixels) v = clamp8(v * factor);
  return img;
}

inline Image add_noise(Image img, double sigma, uint64_t seed) {
  Rng rng(seed);
  for (uint8_t& v : img.pixels) v = clamp8(v + sigma * rng.normal());
  return img;
}

// Re-decodes encoded bytes (PNG, JPEG, WebP) to RGB.
inline Image redecode(const std::vector<uint8_t>& bytes, Format format) {
  Limits limits;
  auto d = decode_image(bytes, format, limits);
  return d.is_ok() ? std::move(d->image) : Image{};
}

}  // namespace dsmark::test
