// The reference encoder, step by step (see the header). T is double for the uint8 convention (pywt works on
// float64 copies of uint8 data) and float for the float convention (pywt keeps float32).
#include "support/sd_dwtdct_encoder.h"

#include <algorithm>
#include <cmath>

namespace dsmark::test {
namespace {

constexpr double kHaar = 0.7071067811865476;  // pywt's Haar filter taps

template <typename T>
struct Planes {
  uint32_t w = 0, h = 0;
  std::vector<T> y, u, v;
};

inline int descale14(int x) { return (x + (1 << 13)) >> 14; }
inline uint8_t sat8(int x) { return static_cast<uint8_t>(std::clamp(x, 0, 255)); }

// The three channels as the encoder receives them: slot 0 is what it takes for blue.
inline void slots_of(const uint8_t* rgb, SdOrder order, int s[3]) {
  if (order == SdOrder::kBgr) {
    s[0] = rgb[2], s[1] = rgb[1], s[2] = rgb[0];
  } else {
    s[0] = rgb[0], s[1] = rgb[1], s[2] = rgb[2];
  }
}
inline void write_slots(uint8_t* rgb, SdOrder order, const uint8_t s[3]) {
  if (order == SdOrder::kBgr) {
    rgb[0] = s[2], rgb[1] = s[1], rgb[2] = s[0];
  } else {
    rgb[0] = s[0], rgb[1] = s[1], rgb[2] = s[2];
  }
}

// One-level Haar DWT of the block [[p, q], [r, s]] and its inverse, in pywt's operation order, with
// EmbedMaxDct's swapped detail bands on the way back.
template <typename T>
struct Haar2 {
  T aa, ad, da, dd;
};
template <typename T>
Haar2<T> dwt2x2(T p, T q, T r, T s) {
  const T c = static_cast<T>(kHaar);
  // Axis 0 (down the columns): a = c·x1 + c·x0, d = −c·x1 + c·x0 (pywt's downsampling convolution).
  const T a0 = c * r + c * p, d0 = -c * r + c * p;
  const T a1 = c * s + c * q, d1 = -c * s + c * q;
  // Axis 1 (along the rows).
  return {c * a1 + c * a0, -c * a1 + c * a0, c * d1 + c * d0, -c * d1 + c * d0};
}
template <typename T>
void idwt2x2_swapped(const Haar2<T>& k, T out[4]) {
  const T c = static_cast<T>(kHaar);
  // idwt2((cA, (cV, cH, cD))): the slot for 'ad' holds 'da' and the slot for 'da' holds 'ad'.
  const T lo_a = k.aa, hi_a = k.da;   // key 'a' along axis 1: L = 'aa', H = 'ad' slot
  const T lo_d = k.ad, hi_d = k.dd;   // key 'd' along axis 1: L = 'da' slot, H = 'dd'
  const T a_even = c * lo_a + c * hi_a, a_odd = c * lo_a - c * hi_a;
  const T d_even = c * lo_d + c * hi_d, d_odd = c * lo_d - c * hi_d;
  // Axis 0: rows 2i and 2i+1.
  out[0] = c * a_even + c * d_even;  // [0][0]
  out[2] = c * a_even - c * d_even;  // [1][0]
  out[1] = c * a_odd + c * d_odd;    // [0][1]
  out[3] = c * a_odd - c * d_odd;    // [1][1]
}

// EmbedMaxDct.encode_frame on the LL band, then the inverse DWT back into `u`.
template <typename T>
void embed_u(std::vector<T>& u, uint32_t w, uint32_t h, const std::vector<uint8_t>& bits) {
  const uint32_t w4 = w / 4 * 4, h4 = h / 4 * 4, lw = w4 / 2, lh = h4 / 2;
  std::vector<Haar2<T>> band(size_t{lw} * lh);
  for (uint32_t i = 0; i < lh; ++i) {
    for (uint32_t j = 0; j < lw; ++j) {
      const T* r0 = &u[size_t{2 * i} * w + 2 * j];
      const T* r1 = r0 + w;
      band[size_t{i} * lw + j] = dwt2x2<T>(r0[0], r0[1], r1[0], r1[1]);
    }
  }
  const size_t L = bits.size();
  size_t num = 0;
  for (uint32_t bi = 0; bi < lh / 4; ++bi) {
    for (uint32_t bj = 0; bj < lw / 4; ++bj, ++num) {
      // np.argmax(abs(block.flatten()[1:])) + 1: the first maximum wins.
      int pos = 1;
      T best = -1;
      for (int k = 1; k < 16; ++k) {
        const T v = std::fabs(band[size_t{bi * 4 + k / 4} * lw + bj * 4 + k % 4].aa);
        if (v > best) {
          best = v;
          pos = k;
        }
      }
      T& val = band[size_t{bi * 4 + pos / 4} * lw + bj * 4 + pos % 4].aa;
      const T bit = static_cast<T>(bits[num % L]);
      const T q = static_cast<T>(std::floor(std::fabs(val) / T(36)) + T(0.25) + T(0.5) * bit) * T(36);
      val = val >= 0 ? q : -q;
    }
  }
  for (uint32_t i = 0; i < lh; ++i) {
    for (uint32_t j = 0; j < lw; ++j) {
      T px[4];
      idwt2x2_swapped<T>(band[size_t{i} * lw + j], px);
      T* r0 = &u[size_t{2 * i} * w + 2 * j];
      T* r1 = r0 + w;
      r0[0] = px[0], r0[1] = px[1], r1[0] = px[2], r1[1] = px[3];
    }
  }
}

Image embed_uint8(const Image& rgb, const std::vector<uint8_t>& bits, SdOrder order) {
  const uint32_t w = rgb.width, h = rgb.height;
  std::vector<uint8_t> Y(size_t{w} * h), U(Y.size()), V(Y.size());
  for (size_t i = 0; i < Y.size(); ++i) {
    int s[3];
    slots_of(&rgb.pixels[i * 3], order, s);
    const int y = descale14(s[0] * 1868 + s[1] * 9617 + s[2] * 4899);
    Y[i] = sat8(y);
    U[i] = sat8(descale14((s[0] - y) * 8061 + (128 << 14)));
    V[i] = sat8(descale14((s[2] - y) * 14369 + (128 << 14)));
  }
  // pywt works on a float64 copy; the result is stored back into the uint8 array (a C cast: truncation).
  const uint32_t w4 = w / 4 * 4, h4 = h / 4 * 4;
  std::vector<double> u(size_t{w4} * h4);
  for (uint32_t y = 0; y < h4; ++y) {
    for (uint32_t x = 0; x < w4; ++x) u[size_t{y} * w4 + x] = U[size_t{y} * w + x];
  }
  embed_u<double>(u, w4, h4, bits);
  for (uint32_t y = 0; y < h4; ++y) {
    for (uint32_t x = 0; x < w4; ++x) U[size_t{y} * w + x] = static_cast<uint8_t>(static_cast<int>(u[size_t{y} * w4 + x]));
  }
  Image out = rgb;
  for (size_t i = 0; i < Y.size(); ++i) {
    const int y = Y[i], cb = U[i] - 128, cr = V[i] - 128;
    const uint8_t s[3] = {sat8(y + descale14(cb * 33292)), sat8(y + descale14(cb * -6472 + cr * -9519)),
                          sat8(y + descale14(cr * 18678))};
    write_slots(&out.pixels[i * 3], order, s);
  }
  return out;
}

Image embed_float(const Image& rgb, const std::vector<uint8_t>& bits, SdOrder order, SdOutputRounding rounding) {
  const uint32_t w = rgb.width, h = rgb.height;
  std::vector<float> Y(size_t{w} * h), U(Y.size()), V(Y.size());
  for (size_t i = 0; i < Y.size(); ++i) {
    int s[3];
    slots_of(&rgb.pixels[i * 3], order, s);
    const float b = static_cast<float>(s[0]), g = static_cast<float>(s[1]), r = static_cast<float>(s[2]);
    const float y = b * 0.114f + g * 0.587f + r * 0.299f;
    Y[i] = y;
    U[i] = (b - y) * 0.492f + 0.5f;
    V[i] = (r - y) * 0.877f + 0.5f;
  }
  const uint32_t w4 = w / 4 * 4, h4 = h / 4 * 4;
  std::vector<float> u(size_t{w4} * h4);
  for (uint32_t y = 0; y < h4; ++y) {
    for (uint32_t x = 0; x < w4; ++x) u[size_t{y} * w4 + x] = U[size_t{y} * w + x];
  }
  embed_u<float>(u, w4, h4, bits);
  for (uint32_t y = 0; y < h4; ++y) {
    for (uint32_t x = 0; x < w4; ++x) U[size_t{y} * w + x] = u[size_t{y} * w4 + x];
  }
  auto to8 = [rounding](float v) {
    v = std::clamp(v, 0.0f, 255.0f);
    return static_cast<uint8_t>(rounding == SdOutputRounding::kRound ? std::nearbyint(v) : v);
  };
  Image out = rgb;
  for (size_t i = 0; i < Y.size(); ++i) {
    const float y = Y[i], cb = U[i] - 0.5f, cr = V[i] - 0.5f;
    const uint8_t s[3] = {to8(y + cb * 2.032f), to8(y + cb * -0.395f + cr * -0.581f), to8(y + cr * 1.140f)};
    write_slots(&out.pixels[i * 3], order, s);
  }
  return out;
}

}  // namespace

Image sd_embed(const Image& rgb, const std::vector<uint8_t>& bits, const SdEncodeOptions& options) {
  if (rgb.channels != 3 || rgb.area() < 256u * 256u || bits.empty()) return rgb;
  return options.convention == SdConvention::kUint8 ? embed_uint8(rgb, bits, options.order)
                                                    : embed_float(rgb, bits, options.order, options.rounding);
}

}  // namespace dsmark::test
