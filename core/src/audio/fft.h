// A real FFT of power-of-two size (radix-2, precomputed deterministic twiddles). Small and dependency-free:
// the audio detectors run short transforms (256–2048 points), where this is fast enough by a wide margin.
#pragma once

#include <complex>
#include <cstddef>
#include <vector>

namespace dsmark {

class RealFft {
 public:
  // n: a power of two, 4 or more.
  explicit RealFft(size_t n);
  size_t size() const { return n_; }
  // in: n samples; out: n/2 + 1 bins, X[k] = sum_t x[t] e^{-2 pi i k t / n} (not normalised).
  void forward(const float* in, std::complex<float>* out);
  // in: n/2 + 1 bins (imaginary parts of bins 0 and n/2 ignored); out: n samples, the exact inverse of forward
  // (normalised by 1/n).
  void inverse(const std::complex<float>* in, float* out);

 private:
  void complex_fft(std::complex<float>* z, bool inverse) const;

  size_t n_, m_;                             // m_ = n_/2: the complex transform's size
  std::vector<std::complex<float>> tw_;      // e^{-2 pi i k / m}, k < m/2
  bool radix2_first_ = false;                // log2(m) odd: one radix-2 stage, then radix-4 stages
  std::vector<float> stage_tw_;              // per radix-4 stage of length len, k < len/4: W^k, W^2k, W^3k (re, im),
                                             // W = e^{-2 pi i / len}
  std::vector<std::complex<float>> post_;    // e^{-2 pi i k / n}, k <= m/2
  std::vector<uint32_t> bitrev_;
  std::vector<std::complex<float>> work_;
};

}  // namespace dsmark
