// Elementary functions built only from IEEE-754 + − × ÷ and sqrt, so the native build (glibc) and the wasm build
// (musl) compute bit-identical detector statistics: reports must be equal field for field.
#pragma once

#include <cmath>
#include <cstdint>

namespace dsmark::det {

inline constexpr double kPi = 3.14159265358979323846;
inline constexpr double kTwoPi = 6.28318530717958647692;

// sin(2π·turns) and cos(2π·turns) for any finite `turns` (a phase in whole turns), error < 1e-15.
inline void sincos_turns(double turns, double& s, double& c) {
  double t = turns - std::floor(turns);    // [0, 1)
  if (t >= 0.5) t -= 1.0;                  // [-0.5, 0.5)
  // Fold into [-0.25, 0.25] with sin(π − x) = sin x, cos(π − x) = −cos x.
  double sign_c = 1.0;
  if (t > 0.25) {
    t = 0.5 - t;
    sign_c = -1.0;
  } else if (t < -0.25) {
    t = -0.5 - t;
    sign_c = -1.0;
  }
  const double x = t * kTwoPi, x2 = x * x;  // |x| ≤ π/2: Taylor series to x^23 / x^22
  double ps = -1.0 / 25852016738884976640000.0;
  ps = ps * x2 + 1.0 / 51090942171709440000.0;
  ps = ps * x2 - 1.0 / 121645100408832000.0;
  ps = ps * x2 + 1.0 / 355687428096000.0;
  ps = ps * x2 - 1.0 / 1307674368000.0;
  ps = ps * x2 + 1.0 / 6227020800.0;
  ps = ps * x2 - 1.0 / 39916800.0;
  ps = ps * x2 + 1.0 / 362880.0;
  ps = ps * x2 - 1.0 / 5040.0;
  ps = ps * x2 + 1.0 / 120.0;
  ps = ps * x2 - 1.0 / 6.0;
  s = x + x * x2 * ps;
  double pc = 1.0 / 1124000727777607680000.0;
  pc = pc * x2 - 1.0 / 2432902008176640000.0;
  pc = pc * x2 + 1.0 / 6402373705728000.0;
  pc = pc * x2 - 1.0 / 20922789888000.0;
  pc = pc * x2 + 1.0 / 87178291200.0;
  pc = pc * x2 - 1.0 / 479001600.0;
  pc = pc * x2 + 1.0 / 3628800.0;
  pc = pc * x2 - 1.0 / 40320.0;
  pc = pc * x2 + 1.0 / 720.0;
  pc = pc * x2 - 1.0 / 24.0;
  pc = pc * x2 + 0.5;
  c = sign_c * (1.0 - x2 * pc);
}

inline double sin_turns(double turns) {
  double s, c;
  sincos_turns(turns, s, c);
  return s;
}
inline double cos_turns(double turns) {
  double s, c;
  sincos_turns(turns, s, c);
  return c;
}

// e^x for x ≤ 0 (underflows to 0 below about −745), relative error < 1e-15.
inline double exp_neg(double x) {
  if (!(x <= 0)) return 1.0;
  if (x < -745.0) return 0.0;
  // e^x = 2^k · e^r with r = x − k·ln2 in [−ln2/2, ln2/2].
  constexpr double kLn2 = 0.69314718055994530942;
  const double k = std::floor(x / kLn2 + 0.5);
  const double r = x - k * kLn2;
  double p = 1.0 / 6227020800.0;
  for (double d : {479001600.0, 39916800.0, 3628800.0, 362880.0, 40320.0, 5040.0, 720.0, 120.0, 24.0, 6.0, 2.0,
                   1.0, 1.0}) {
    p = p * r + 1.0 / d;
  }
  return std::ldexp(p, static_cast<int>(k));
}

// Natural logarithm for x > 0 (−inf for 0), relative error < 1e-15.
inline double log_pos(double x) {
  if (!(x > 0)) return -HUGE_VAL;
  int e = 0;
  double m = std::frexp(x, &e);  // x = m·2^e, m in [0.5, 1)
  if (m < 0.70710678118654752440) {
    m *= 2.0;
    --e;
  }
  // log m = 2·atanh(u), u = (m − 1)/(m + 1), |u| ≤ 0.1716
  const double u = (m - 1.0) / (m + 1.0), u2 = u * u;
  double p = 0, term = u;
  for (int k = 1; k <= 41; k += 2) {
    p += term / k;
    term *= u2;
  }
  return 2.0 * p + e * 0.69314718055994530942;
}

// log(cosh(y)) without overflow.
inline double log_cosh(double y) {
  const double a = std::fabs(y);
  return a + log_pos(1.0 + exp_neg(-2.0 * a)) - 0.69314718055994530942;
}

// The upper tail of the standard normal, P(Z ≥ z), for z ≥ 0: a continued fraction (Lentz), accurate to ~1e-14
// relative for z ≥ 3, and the complement of a series below. Enough for p-values printed with 6 digits.
inline double normal_upper_tail(double z) {
  if (z <= 0) return z == 0 ? 0.5 : 1.0 - normal_upper_tail(-z);
  const double pdf = 0.39894228040143267794 * exp_neg(-0.5 * z * z);
  if (z < 3.0) {
    // Φ(z) − 1/2 = pdf · Σ z^(2n+1) / (1·3·5·…·(2n+1))
    double term = z, sum = z;
    for (int n = 1; n < 200 && term > 1e-18 * sum; ++n) {
      term *= z * z / (2.0 * n + 1.0);
      sum += term;
    }
    return 0.5 - pdf * sum;
  }
  // Mills ratio: Q(z) = pdf / (z + 1/(z + 2/(z + 3/(z + …))))
  double f = z;
  for (int n = 60; n >= 1; --n) f = z + n / f;
  return pdf / f;
}

}  // namespace dsmark::det
