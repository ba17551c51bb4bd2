#include "audio/power_frames.h"

#include <complex>
#include <vector>

#include "audio/det_math.h"
#include "audio/fft.h"

namespace dsmark {

void run_power_frames(std::span<const float> mono, uint32_t n, uint32_t hop,
                      std::span<PowerFrameConsumer* const> consumers) {
  const uint32_t frames = power_frame_count(mono.size(), hop);
  std::vector<float> window(n), frame(n), power(n / 2 + 1);
  for (uint32_t i = 0; i < n; ++i) window[i] = static_cast<float>(0.5 - 0.5 * dmath::cos_pi(2.0 * i / n));
  RealFft fft(n);
  std::vector<std::complex<float>> spec(n / 2 + 1);
  const int64_t len = static_cast<int64_t>(mono.size());
  for (uint32_t t = 0; t < frames; ++t) {
    const int64_t start = static_cast<int64_t>(t) * hop - n / 2;
    if (start >= 0 && start + n <= len) {
      for (uint32_t k = 0; k < n; ++k) frame[k] = mono[static_cast<size_t>(start + k)] * window[k];
    } else {
      for (uint32_t k = 0; k < n; ++k) {
        const int64_t s = start + k;
        frame[k] = (s >= 0 && s < len) ? mono[static_cast<size_t>(s)] * window[k] : 0.0f;
      }
    }
    fft.forward(frame.data(), spec.data());
    for (uint32_t k = 0; k <= n / 2; ++k) power[k] = spec[k].real() * spec[k].real() + spec[k].imag() * spec[k].imag();
    for (PowerFrameConsumer* c : consumers) c->frame(t, power.data());
  }
}

}  // namespace dsmark
