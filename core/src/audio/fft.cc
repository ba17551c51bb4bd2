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
  for (size_t len = 4; len <= m_; len <<= 1) {
    for (size_t k = 0; k < len / 2; ++k) {
      stage_tw_.push_back(tw_[k * (m_ / len)].real());
      stage_tw_.push_back(tw_[k * (m_ / len)].imag());
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
  // First stage: the twiddle is 1.
  if (m_ >= 2) {
    for (size_t start = 0; start < m_; start += 2) {
      float* a = d + 2 * start;
      const float ar = a[0], ai = a[1], br = a[2], bi = a[3];
      a[0] = ar + br;
      a[1] = ai + bi;
      a[2] = ar - br;
      a[3] = ai - bi;
    }
  }
  const float sign = inverse ? -1.0f : 1.0f;
  const float* tw = stage_tw_.data();
  for (size_t len = 4; len <= m_; len <<= 1) {
    const size_t half = len / 2;
    for (size_t start = 0; start < m_; start += len) {
      float* a = d + 2 * start;
      float* b = a + 2 * half;
      for (size_t k = 0; k < half; ++k) {
        const float wr = tw[2 * k], wi = sign * tw[2 * k + 1];
        const float br = b[2 * k] * wr - b[2 * k + 1] * wi, bi = b[2 * k] * wi + b[2 * k + 1] * wr;
        const float ar = a[2 * k], ai = a[2 * k + 1];
        a[2 * k] = ar + br;
        a[2 * k + 1] = ai + bi;
        b[2 * k] = ar - br;
        b[2 * k + 1] = ai - bi;
      }
    }
    tw += 2 * half;
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
