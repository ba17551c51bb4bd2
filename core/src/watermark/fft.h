// A small radix-2 FFT (power-of-two sizes) for the image watermark's correlations. Twiddles come from
// util/det_math.h, so the native and wasm builds compute the same numbers.
#pragma once

#include <complex>
#include <cstddef>
#include <vector>

namespace dsmark {

using Complex = std::complex<double>;

// In-place FFT of `n` points (n a power of two) with stride 1; `inverse` computes the unscaled inverse.
void fft(Complex* data, size_t n, bool inverse);

// In-place 2-D FFT of an n × n row-major array.
void fft2d(std::vector<Complex>& data, size_t n, bool inverse);

}  // namespace dsmark
