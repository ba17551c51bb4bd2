#include "audio/resampler.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "audio/det_math.h"
#include "audio/pcm.h"

namespace dsmark {
namespace {

// The kernel h(t), t in input samples from the output instant, for a cut-off `fc` in cycles per input sample.
double kernel(double t, double fc, double half_width, double beta, double i0_beta) {
  if (t <= -half_width || t >= half_width) return 0.0;
  const double x = 2.0 * fc * t;
  const double sinc = (t == 0.0) ? 1.0 : dmath::sin_pi(x) / (dmath::kPi * x);
  const double r = t / half_width;
  const double w = dmath::bessel_i0(beta * std::sqrt(std::max(0.0, 1.0 - r * r))) / i0_beta;
  return 2.0 * fc * sinc * w;
}

// With many phases (unusual rate pairs) the phase is rounded to one of kMaxRows coefficient rows: a timing
// error below 1/2048 of an input sample.
constexpr uint64_t kMaxRows = 1024;

}  // namespace

Resampler::Resampler(uint32_t in_rate, uint32_t out_rate, const ResamplerQuality& q)
    : passthrough_(in_rate == out_rate || in_rate == 0 || out_rate == 0) {
  if (passthrough_) return;
  const uint64_t g = std::gcd(in_rate, out_rate);
  up_ = out_rate / g;
  down_ = in_rate / g;  // output j sits at input time j * down / up
  // Cut-off below the lower of the two Nyquist frequencies, in cycles per input sample.
  const double fc = 0.5 * q.passband * std::min(1.0, static_cast<double>(up_) / static_cast<double>(down_));
  const double half_width = q.zero_crossings / (2.0 * fc);  // in input samples
  taps_ = static_cast<int>(2.0 * half_width) + 2;
  const double i0_beta = dmath::bessel_i0(q.kaiser_beta);
  rows_ = std::min<uint64_t>(up_, kMaxRows);
  coeffs_.resize(rows_ * taps_);
  for (uint64_t p = 0; p < rows_; ++p) {
    // Output instant = base + p/rows (input samples); tap k reads input base - taps/2 + 1 + k.
    const double frac = static_cast<double>(p) / static_cast<double>(rows_);
    for (int k = 0; k < taps_; ++k) {
      const double t = static_cast<double>(k - taps_ / 2 + 1) - frac;
      coeffs_[p * taps_ + k] = static_cast<float>(kernel(t, fc, half_width, q.kaiser_beta, i0_beta));
    }
  }
}

void Resampler::push(std::span<const float> in, std::vector<float>& out) {
  if (passthrough_) {
    out.insert(out.end(), in.begin(), in.end());
    return;
  }
  hist_.insert(hist_.end(), in.begin(), in.end());
  total_in_ += in.size();
  produce(out, false);
}

void Resampler::finish(std::vector<float>& out) {
  if (passthrough_) return;
  produce(out, true);
  hist_.clear();
}

void Resampler::produce(std::vector<float>& out, bool final) {
  const uint64_t n_total = (total_in_ * up_ + down_ / 2) / down_;
  const int half = taps_ / 2;
  for (;; ++next_out_) {
    if (final && next_out_ >= n_total) break;
    const uint64_t pos = next_out_ * down_;
    int64_t base = static_cast<int64_t>(pos / up_);
    const uint64_t phase = pos % up_;
    uint64_t row = phase;
    if (rows_ != up_) {
      row = (phase * rows_ + up_ / 2) / up_;
      if (row == rows_) {
        row = 0;
        ++base;
      }
    }
    const int64_t first = base - half + 1;
    const int64_t last = first + taps_ - 1;
    if (!final && last >= static_cast<int64_t>(total_in_)) break;  // needs input not seen yet
    const float* h = &coeffs_[row * taps_];
    const int64_t start = static_cast<int64_t>(hist_start_);
    const int64_t end = start + static_cast<int64_t>(hist_.size());
    float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f, a3 = 0.0f;
    if (first >= start && last < end) {
      // Four partial sums in a fixed order: the same result everywhere, and four independent chains.
      const float* x = hist_.data() + (first - start);
      int k = 0;
      for (; k + 4 <= taps_; k += 4) {
        a0 += h[k] * x[k];
        a1 += h[k + 1] * x[k + 1];
        a2 += h[k + 2] * x[k + 2];
        a3 += h[k + 3] * x[k + 3];
      }
      for (; k < taps_; ++k) a0 += h[k] * x[k];
    } else {
      for (int k = 0; k < taps_; ++k) {  // edges: samples before the start or after the end are zero
        const int64_t i = first + k;
        if (i >= start && i < end) a0 += h[k] * hist_[static_cast<size_t>(i - start)];
      }
    }
    out.push_back((a0 + a1) + (a2 + a3));
  }
  // Drop input no later output needs.
  const int64_t need = static_cast<int64_t>((next_out_ * down_) / up_) - half;
  if (need > static_cast<int64_t>(hist_start_) + 4096) {
    const size_t drop = std::min<size_t>(hist_.size(), static_cast<size_t>(need - static_cast<int64_t>(hist_start_)));
    hist_.erase(hist_.begin(), hist_.begin() + static_cast<std::ptrdiff_t>(drop));
    hist_start_ += drop;
  }
}

std::vector<float> resample(std::span<const float> in, uint32_t in_rate, uint32_t out_rate,
                            const ResamplerQuality& quality) {
  Resampler r(in_rate, out_rate, quality);
  std::vector<float> out;
  out.reserve(in_rate ? static_cast<size_t>(static_cast<double>(in.size()) * out_rate / in_rate) + 16 : in.size());
  r.push(in, out);
  r.finish(out);
  return out;
}

AudioBuffer resample(const AudioBuffer& in, uint32_t out_rate, const ResamplerQuality& quality) {
  AudioBuffer out;
  out.sample_rate = out_rate;
  out.channels = in.channels;
  const size_t frames = in.frames();
  std::vector<float> one(frames);
  for (uint32_t c = 0; c < in.channels; ++c) {
    for (size_t f = 0; f < frames; ++f) one[f] = in.samples[f * in.channels + c];
    const std::vector<float> r = resample(one, in.sample_rate, out_rate, quality);
    if (c == 0) out.samples.assign(r.size() * in.channels, 0.0f);
    for (size_t f = 0; f < r.size() && f < out.frames(); ++f) out.samples[f * in.channels + c] = r[f];
  }
  return out;
}

}  // namespace dsmark
