// Deterministic elementary functions for the audio code: the same bits in the native and the wasm builds.
// libm differs between them (glibc picks FMA variants at run time, Emscripten uses musl), and the reports of
// both builds must be identical, so every log/exp/sin/cos whose result reaches a report goes through here.
// Plain IEEE double arithmetic (the audio sources build with -ffp-contract=off); accuracy ~1e-15 relative.
#pragma once

namespace dsmark::dmath {

inline constexpr double kPi = 3.14159265358979323846;

// sin(pi x) and cos(pi x) for any finite x.
double sin_pi(double x);
double cos_pi(double x);
// Natural logarithm for x > 0 (returns -745 for x <= 0, below the log of the smallest double).
double log(double x);
// A fast natural logarithm for x > 0 with an absolute error below 2e-5 (for quantised levels).
double log_fast(double x);
// e^x (0 below -745, +inf above 709.7).
double exp(double x);
// The modified Bessel function of the first kind, order 0 (Kaiser windows).
double bessel_i0(double x);

}  // namespace dsmark::dmath
