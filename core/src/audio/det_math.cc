#include "audio/det_math.h"

#include <cmath>

namespace dsmark::dmath {
namespace {

// Taylor series on |t| <= pi/4: the first omitted term is below 1e-19.
double sin_poly(double t) {
  const double t2 = t * t;
  double term = t, sum = t;
  for (int k = 1; k <= 9; ++k) {
    term *= -t2 / ((2.0 * k) * (2.0 * k + 1.0));
    sum += term;
  }
  return sum;
}
double cos_poly(double t) {
  const double t2 = t * t;
  double term = 1.0, sum = 1.0;
  for (int k = 1; k <= 9; ++k) {
    term *= -t2 / ((2.0 * k - 1.0) * (2.0 * k));
    sum += term;
  }
  return sum;
}

// sin(pi r) for r in [-1, 1].
double sin_pi_reduced(double r) {
  const double sign = r < 0 ? -1.0 : 1.0;
  double a = r < 0 ? -r : r;    // [0, 1]
  if (a > 0.5) a = 1.0 - a;     // sin(pi (1 - a)) = sin(pi a); exact for a in (0.5, 1]
  if (a <= 0.25) return sign * sin_poly(kPi * a);
  return sign * cos_poly(kPi * (0.5 - a));
}

}  // namespace

double sin_pi(double x) {
  if (!std::isfinite(x)) return 0.0;
  const double r = x - 2.0 * std::nearbyint(x * 0.5);  // [-1, 1]; exact for |x| < 2^52
  return sin_pi_reduced(r);
}

double cos_pi(double x) { return sin_pi(x + 0.5); }

double log(double x) {
  if (!(x > 0)) return -745.0;
  if (std::isinf(x)) return x;
  int e = 0;
  double m = std::frexp(x, &e);  // x = m 2^e, m in [0.5, 1): exact
  if (m < 0.70710678118654752440) {
    m *= 2.0;
    --e;
  }
  // log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.1716
  const double s = (m - 1.0) / (m + 1.0);
  const double s2 = s * s;
  // atanh series s (1 + s^2/3 + s^4/5 + … + s^22/23) by Horner (|s| <= 0.172: the first term left out is below
  // 1e-19 relative).
  static constexpr double kInvOdd[12] = {1.0,      1.0 / 3,  1.0 / 5,  1.0 / 7,  1.0 / 9,  1.0 / 11,
                                         1.0 / 13, 1.0 / 15, 1.0 / 17, 1.0 / 19, 1.0 / 21, 1.0 / 23};
  double p = kInvOdd[11];
  for (int k = 10; k >= 0; --k) p = kInvOdd[k] + s2 * p;
  const double sum = s * p;
  constexpr double kLn2Hi = 6.93147180369123816490e-01, kLn2Lo = 1.90821492927058770002e-10;
  return e * kLn2Hi + (2.0 * sum + e * kLn2Lo);
}

double log_fast(double x) {
  if (!(x > 0)) return -745.0;
  int e = 0;
  const double m = std::frexp(x, &e);  // [0.5, 1)
  // log(m) on [0.5, 1) as log(2m) - log 2 with t = 2m - 1 in [0, 1): the series of log(1 + t) converges slowly
  // near 1, so use s = t / (2 + t) (|s| <= 1/3) and 2 atanh(s) to the s^9 term (error < 2e-5).
  const double t = 2.0 * m - 1.0;
  const double s = t / (2.0 + t), s2 = s * s;
  const double l = 2.0 * s * (1.0 + s2 * (1.0 / 3 + s2 * (1.0 / 5 + s2 * (1.0 / 7 + s2 * (1.0 / 9)))));
  return l + (e - 1) * 0.69314718055994530942;
}

double exp(double x) {
  if (std::isnan(x)) return x;
  if (x < -745.0) return 0.0;
  if (x > 709.7) return HUGE_VAL;
  constexpr double kInvLn2 = 1.44269504088896338700, kLn2Hi = 6.93147180369123816490e-01,
                   kLn2Lo = 1.90821492927058770002e-10;
  const double k = std::nearbyint(x * kInvLn2);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;  // |r| <= 0.35
  double term = 1.0, sum = 1.0;
  for (int n = 1; n <= 14; ++n) {
    term *= r / n;
    sum += term;
  }
  return std::ldexp(sum, static_cast<int>(k));
}

double bessel_i0(double x) {
  // sum_k ((x/2)^k / k!)^2; converges for every x used by windows (x <= 40).
  const double q = x * x * 0.25;
  double term = 1.0, sum = 1.0;
  for (int k = 1; k < 500; ++k) {
    term *= q / (static_cast<double>(k) * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

}  // namespace dsmark::dmath
