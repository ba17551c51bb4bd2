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
}

void RealFft::complex_fft(std::complex<float>* z, bool inverse) const {
  for (size_t i = 0; i < m_; ++i) {
    const size_t j = bitrev_[i];
    if (j > i) std::swap(z[i], z[j]);
  }
  for (size_t len = 2; len <= m_; len <<= 1) {
    const size_t half = len / 2, step = m_ / len;
    for (size_t start = 0; start < m_; start += len) {
      for (size_t k = 0; k < half; ++k) {
        std::complex<float> w = tw_[k * step];
        if (inverse) w = std::conj(w);
        const std::complex<float> a = z[start + k];
        const std::complex<float> bw = z[start + k + half] * w;
        z[start + k] = a + bw;
        z[start + k + half] = a - bw;
      }
    }
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
    const std::complex<float> a = z[k], b = std::conj(z[m_ - k]);
    const std::complex<float> e = 0.5f * (a + b);
    const std::complex<float> o = std::complex<float>(0.0f, -0.5f) * (a - b);
    const std::complex<float> t = post_[k] * o;
    out[k] = e + t;
    out[m_ - k] = std::conj(e - t);
  }
}

void RealFft::inverse(const std::complex<float>* in, float* out) {
  std::complex<float>* z = work_.data();
  const float x0 = in[0].real(), xm = in[m_].real();
  z[0] = {0.5f * (x0 + xm), 0.5f * (x0 - xm)};
  for (size_t k = 1; k <= m_ / 2; ++k) {
    const std::complex<float> a = in[k], b = std::conj(in[m_ - k]);
    const std::complex<float> e = 0.5f * (a + b);
    const std::complex<float> o = 0.5f * (a - b) * std::conj(post_[k]);
    // z[k] = E[k] + i O[k]; z[m-k] = conj(E[k]) + i conj(O[k])
    z[k] = e + std::complex<float>(0.0f, 1.0f) * o;
    if (k != m_ - k) z[m_ - k] = std::conj(e) + std::complex<float>(0.0f, 1.0f) * std::conj(o);
  }
  complex_fft(z, true);
  const float scale = 1.0f / static_cast<float>(m_);
  for (size_t k = 0; k < m_; ++k) {
    out[2 * k] = z[k].real() * scale;
    out[2 * k + 1] = z[k].imag() * scale;
  }
}

}  // namespace dsmark
