#include "audio/fft.h"

#include <cstdint>

#include "audio/det_math.h"

namespace dsmark {
namespace {

std::complex<float> unit(double turns) {  // e^{2 pi i turns}
  return {static_cast<float>(dmath::cos_pi(2.0 * turns)), static_cast<float>(dmath::sin_pi(2.0 * turns))};
}

}  // namespace

RealFft::RealFft(size_t n) : n_(n), m_(n / 2) {
  tw_.resize(m_ / 2 > 0 ? m_ / 2 : 1);
  for (size_t k = 0; k < m_ / 2; ++k) tw_[k] = unit(-static_cast<double>(k) / static_cast<double>(m_));
  post_.resize(m_ / 2 + 1);
  for (size_t k = 0; k <= m_ / 2; ++k) post_[k] = unit(-static_cast<double>(k) / static_cast<double>(n_));
  bitrev_.resize(m_);
  unsigned bits = 0;
  while ((size_t{1} << bits) < m_) ++bits;
  for (size_t i = 0; i < m_; ++i) {
    uint32_t r = 0;
    for (unsigned b = 0; b < bits; ++b) r |= ((i >> b) & 1u) << (bits - 1 - b);
    bitrev_[i] = r;
  }
  work_.resize(m_);
  radix2_first_ = (bits % 2) == 1;
  for (size_t len = radix2_first_ ? 8 : 4; len <= m_; len <<= 2) {
    for (size_t k = 0; k < len / 4; ++k) {
      for (size_t mult = 1; mult <= 3; ++mult) {
        const std::complex<float> w = unit(-static_cast<double>(mult * k) / static_cast<double>(len));
        stage_tw_.push_back(w.real());
        stage_tw_.push_back(w.imag());
      }
    }
  }
}

// Complex products are written out: std::complex's operator* guards against NaN/inf through a library call
// (C99 Annex G) unless -ffast-math, which the core does not use.
void RealFft::complex_fft(std::complex<float>* z, bool inverse) const {
  for (size_t i = 0; i < m_; ++i) {
    const size_t j = bitrev_[i];
    if (j > i) std::swap(z[i], z[j]);
  }
  float* d = reinterpret_cast<float*>(z);  // interleaved re, im (std::complex<float> layout)
  if (radix2_first_) {  // blocks of 1 -> 2: the twiddle is 1
    for (size_t start = 0; start < m_; start += 2) {
      float* a = d + 2 * start;
      const float ar = a[0], ai = a[1], br = a[2], bi = a[3];
      a[0] = ar + br;
      a[1] = ai + bi;
      a[2] = ar - br;
      a[3] = ai - bi;
    }
  }
  // Radix-4 steps: after the bit reversal, the four quarters of a block of `len` hold the transforms of the
  // samples 4n, 4n+2, 4n+1, 4n+3 of the block's input, so X[k + j len/4] = A0 + W^2k A1 ± … with j = 0..3.
  const float sign = inverse ? -1.0f : 1.0f;
  const float* tw = stage_tw_.data();
  for (size_t len = radix2_first_ ? 8 : 4; len <= m_; len <<= 2) {
    const size_t q = len / 4;
    for (size_t start = 0; start < m_; start += len) {
      float* a0 = d + 2 * start;
      float* a1 = a0 + 2 * q;
      float* a2 = a1 + 2 * q;
      float* a3 = a2 + 2 * q;
      for (size_t k = 0; k < q; ++k) {
        const float* w = tw + 6 * k;
        const float w1r = w[0], w1i = sign * w[1], w2r = w[2], w2i = sign * w[3], w3r = w[4], w3i = sign * w[5];
        const float x0r = a0[2 * k], x0i = a0[2 * k + 1];
        const float x1r = a1[2 * k], x1i = a1[2 * k + 1];
        const float x2r = a2[2 * k], x2i = a2[2 * k + 1];
        const float x3r = a3[2 * k], x3i = a3[2 * k + 1];
        const float c1r = x1r * w2r - x1i * w2i, c1i = x1r * w2i + x1i * w2r;  // W^2k A1
        const float c2r = x2r * w1r - x2i * w1i, c2i = x2r * w1i + x2i * w1r;  // W^k A2
        const float c3r = x3r * w3r - x3i * w3i, c3i = x3r * w3i + x3i * w3r;  // W^3k A3
        const float s0r = x0r + c1r, s0i = x0i + c1i, d0r = x0r - c1r, d0i = x0i - c1i;
        const float s1r = c2r + c3r, s1i = c2i + c3i, d1r = c2r - c3r, d1i = c2i - c3i;
        // -i (c2 - c3) forward, +i (c2 - c3) inverse
        const float rr = sign * d1i, ri = -sign * d1r;
        a0[2 * k] = s0r + s1r;
        a0[2 * k + 1] = s0i + s1i;
        a2[2 * k] = s0r - s1r;
        a2[2 * k + 1] = s0i - s1i;
        a1[2 * k] = d0r + rr;
        a1[2 * k + 1] = d0i + ri;
        a3[2 * k] = d0r - rr;
        a3[2 * k + 1] = d0i - ri;
      }
    }
    tw += 6 * q;
  }
}

void RealFft::forward(const float* in, std::complex<float>* out) {
  std::complex<float>* z = work_.data();
  for (size_t k = 0; k < m_; ++k) z[k] = {in[2 * k], in[2 * k + 1]};
  complex_fft(z, false);
  // Split the packed transform: E = even-sample spectrum, O = odd-sample spectrum.
  out[0] = {z[0].real() + z[0].imag(), 0.0f};
  out[m_] = {z[0].real() - z[0].imag(), 0.0f};
  for (size_t k = 1; k <= m_ / 2; ++k) {
    // e = (z[k] + conj(z[m-k])) / 2, o = -i (z[k] - conj(z[m-k])) / 2, t = w^k o; X[k] = e + t, X[m-k] = conj(e - t)
    const float ar = z[k].real(), ai = z[k].imag(), br = z[m_ - k].real(), bi = -z[m_ - k].imag();
    const float er = 0.5f * (ar + br), ei = 0.5f * (ai + bi);
    const float or_ = 0.5f * (ai - bi), oi = -0.5f * (ar - br);
    const float wr = post_[k].real(), wi = post_[k].imag();
    const float tr = wr * or_ - wi * oi, ti = wr * oi + wi * or_;
    out[k] = {er + tr, ei + ti};
    out[m_ - k] = {er - tr, -(ei - ti)};
  }
}

void RealFft::inverse(const std::complex<float>* in, float* out) {
  std::complex<float>* z = work_.data();
  const float x0 = in[0].real(), xm = in[m_].real();
  z[0] = {0.5f * (x0 + xm), 0.5f * (x0 - xm)};
  for (size_t k = 1; k <= m_ / 2; ++k) {
    // e = (X[k] + conj(X[m-k])) / 2, o = (X[k] - conj(X[m-k])) / 2 * conj(w^k); z[k] = e + i o,
    // z[m-k] = conj(e) + i conj(o)
    const float ar = in[k].real(), ai = in[k].imag(), br = in[m_ - k].real(), bi = -in[m_ - k].imag();
    const float er = 0.5f * (ar + br), ei = 0.5f * (ai + bi);
    const float dr = 0.5f * (ar - br), di = 0.5f * (ai - bi);
    const float wr = post_[k].real(), wi = -post_[k].imag();
    const float or_ = dr * wr - di * wi, oi = dr * wi + di * wr;
    z[k] = {er - oi, ei + or_};
    if (k != m_ - k) z[m_ - k] = {er + oi, -ei + or_};
  }
  complex_fft(z, true);
  const float scale = 1.0f / static_cast<float>(m_);
  for (size_t k = 0; k < m_; ++k) {
    out[2 * k] = z[k].real() * scale;
    out[2 * k + 1] = z[k].imag() * scale;
  }
}

}  // namespace dsmark
