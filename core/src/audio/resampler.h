// Sample-rate conversion by a windowed-sinc (Kaiser) polyphase filter, for any pair of integer rates, one
// channel, in blocks. Detectors resample to their analysis rate with a short filter; the embedder's output
// path (for example 44.1 kHz to Opus's 48 kHz) uses a long one. Deterministic: the coefficients come from
// dmath, not libm, and every sum runs in a fixed order.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace dsmark {

struct AudioBuffer;  // audio/pcm.h, which includes this header

struct ResamplerQuality {
  uint32_t zero_crossings;  // half-length of the kernel, in zero crossings of its sinc
  double kaiser_beta;       // stop-band attenuation: 7 ≈ 70 dB, 10 ≈ 100 dB
  double passband;          // cut-off as a fraction of the lower Nyquist frequency
};
inline constexpr ResamplerQuality kAnalysisQuality{10, 7.0, 0.92};
inline constexpr ResamplerQuality kOutputQuality{32, 10.0, 0.95};

class Resampler {
 public:
  Resampler(uint32_t in_rate, uint32_t out_rate, const ResamplerQuality& quality = kAnalysisQuality);
  // Appends the output made possible by `in` to `out`.
  void push(std::span<const float> in, std::vector<float>& out);
  // Flushes: after it, the output holds round(total_in * out_rate / in_rate) samples in all, sample j at
  // input time j * in_rate / out_rate.
  void finish(std::vector<float>& out);

 private:
  void produce(std::vector<float>& out, bool final);

  bool passthrough_;
  uint64_t up_ = 1, down_ = 1, rows_ = 1;
  int taps_ = 0;
  std::vector<float> coeffs_;  // rows_ x taps_
  std::vector<float> hist_;    // input samples from index hist_start_
  uint64_t hist_start_ = 0;
  uint64_t total_in_ = 0;
  uint64_t next_out_ = 0;
};

// Whole-signal convenience: one channel from `in_rate` to `out_rate`.
std::vector<float> resample(std::span<const float> in, uint32_t in_rate, uint32_t out_rate,
                            const ResamplerQuality& quality = kAnalysisQuality);

// Every channel of an interleaved buffer to `out_rate`.
AudioBuffer resample(const AudioBuffer& in, uint32_t out_rate, const ResamplerQuality& quality = kAnalysisQuality);

}  // namespace dsmark
