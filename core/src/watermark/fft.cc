// Iterative radix-2 Cooley–Tukey with a per-size twiddle table. Complex products are written out (std::complex's
// operator* goes through the C99 NaN/infinity rules, which are slow and not needed here).
#include "watermark/fft.h"

#include <utility>

#include "util/det_math.h"

namespace dsmark {
namespace {

// Twiddles for size n: w[k] = exp(−2πi·k/n), k < n/2.
std::vector<Complex> twiddles(size_t n) {
  std::vector<Complex> w(n / 2);
  for (size_t k = 0; k < n / 2; ++k) {
    double s, c;
    det::sincos_turns(-static_cast<double>(k) / static_cast<double>(n), s, c);
    w[k] = Complex(c, s);
  }
  return w;
}

void fft_with(Complex* a, size_t n, bool inverse, const std::vector<Complex>& w) {
  if (n < 2) return;
  for (size_t i = 1, j = 0; i < n; ++i) {  // bit reversal
    size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
  const double sign = inverse ? -1.0 : 1.0;
  for (size_t len = 2; len <= n; len <<= 1) {
    const size_t half = len / 2, step = n / len;
    for (size_t i = 0; i < n; i += len) {
      for (size_t k = 0; k < half; ++k) {
        const double tr = w[k * step].real(), ti = sign * w[k * step].imag();
        const Complex u = a[i + k], x = a[i + k + half];
        const Complex v(x.real() * tr - x.imag() * ti, x.real() * ti + x.imag() * tr);
        a[i + k] = Complex(u.real() + v.real(), u.imag() + v.imag());
        a[i + k + half] = Complex(u.real() - v.real(), u.imag() - v.imag());
      }
    }
  }
}

}  // namespace

void fft(Complex* a, size_t n, bool inverse) { fft_with(a, n, inverse, twiddles(n)); }

void fft2d(std::vector<Complex>& data, size_t n, bool inverse) {
  const std::vector<Complex> w = twiddles(n);
  for (size_t r = 0; r < n; ++r) fft_with(&data[r * n], n, inverse, w);
  std::vector<Complex> col(n);
  for (size_t c = 0; c < n; ++c) {
    for (size_t r = 0; r < n; ++r) col[r] = data[r * n + c];
    fft_with(col.data(), n, inverse, w);
    for (size_t r = 0; r < n; ++r) data[r * n + c] = col[r];
  }
}

}  // namespace dsmark
