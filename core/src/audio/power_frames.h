// The short-time power spectrum the audio detectors share: Hann frames of `fft` samples every `hop` samples,
// frame t centred on sample t * hop (zero outside the signal). Computed once per clip and handed, frame by
// frame, to every consumer, so the watermark and rhythm detectors pay for one transform.
#pragma once

#include <cstdint>
#include <span>

namespace dsmark {

class PowerFrameConsumer {
 public:
  virtual ~PowerFrameConsumer() = default;
  // `power`: fft/2 + 1 values |X[k]|^2 of frame `t`.
  virtual void frame(uint32_t t, const float* power) = 0;
};

inline uint32_t power_frame_count(size_t samples, uint32_t hop) {
  return static_cast<uint32_t>((samples + hop - 1) / hop);
}

void run_power_frames(std::span<const float> mono, uint32_t fft, uint32_t hop,
                      std::span<PowerFrameConsumer* const> consumers);

}  // namespace dsmark
