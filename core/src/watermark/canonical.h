// The canonical view of an image for dsmark's image watermark: its luma resampled (area averages) so that the
// image covers a fixed area, whatever its size. A resized copy of an image has the same canonical view; a crop
// has a view scaled by √(original area / cropped area).
#pragma once

#include <cstdint>
#include <vector>

#include "image/image.h"

namespace dsmark {

struct Canonical {
  uint32_t width = 0, height = 0;
  double scale = 1;          // canonical pixels per native pixel (the same along both axes)
  std::vector<float> luma;   // width × height, row-major, 0–255
  float at(uint32_t x, uint32_t y) const { return luma[size_t{y} * width + x]; }
};

// The luma (0.299 R + 0.587 G + 0.114 B) of an RGB(A) image averaged into canonical pixels: scale =
// √(area / (W·H)), width = ⌊W·scale⌋, height = ⌊H·scale⌋; canonical pixel (i, j) averages native
// [i/scale, (i+1)/scale) × [j/scale, (j+1)/scale). When a canonical pixel spans more than 6 native pixels a side,
// only every k-th native row and column is read (k = ⌊span/3⌋): the averages barely change and large images
// cost a fraction of their pixels.
Canonical canonical_luma(const Image& image, double area);

// One axis of the resampling: native pixel `native` contributes `weight` to canonical pixel `canonical` (the
// weights of each canonical pixel sum to 1; only the native pixels read are listed).
struct CanonicalTap {
  uint32_t native;
  uint32_t canonical;
  float weight;
};
std::vector<CanonicalTap> canonical_taps(uint32_t native, uint32_t canonical, double scale);

// One axis of the round trip a change made at canonical resolution goes through: interpolated (bilinear; native
// pixel centre x + ½ is canonical (x + ½)·scale − ½, clamped to the first and last pixels) to `native` pixels, then
// resampled into the canonical view again: canonical pixel `seen` receives `weight` × canonical pixel `source`
// (summed over every tap).
struct RoundTripTap {
  uint32_t seen;
  uint32_t source;
  float weight;
};
std::vector<RoundTripTap> canonical_round_trip(uint32_t native, uint32_t canonical, double scale);

}  // namespace dsmark
