// Decoded audio: a buffer of interleaved float samples, and the sinks decoders write into block by block, so
// the detectors can mix down and resample while decoding instead of holding every channel at full rate.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "audio/resampler.h"
#include "dsmark/status.h"

namespace dsmark {

struct AudioBuffer {
  uint32_t sample_rate = 0;
  uint32_t channels = 0;
  std::vector<float> samples;  // interleaved frames, nominal range [-1, 1]

  size_t frames() const { return channels ? samples.size() / channels : 0; }
  double seconds() const { return sample_rate ? static_cast<double>(frames()) / sample_rate : 0.0; }
};

// What a decoder found, beside the samples.
struct AudioStreamInfo {
  std::string codec;      // "pcm_s16le", "pcm_f32le", "opus", "flac", "mp3", …
  std::string carrier;    // where the samples are in the file: "wav:data", "ogg:opus", "flac:frames", …
  uint32_t sample_rate = 0;       // the stream's own rate (Opus: 48000)
  uint32_t channels = 0;
  uint64_t frames = 0;            // frames handed to the sink, at the rate given to its begin() (not sample_rate)
  bool cut_at_limit = false;      // decoding stopped at Limits::max_audio_samples
  std::vector<std::string> warnings;
};

class PcmSink {
 public:
  virtual ~PcmSink() = default;
  // Called once, before any samples.
  virtual Status begin(uint32_t sample_rate, uint32_t channels) = 0;
  // Whole frames of interleaved samples.
  virtual Status write(std::span<const float> interleaved) = 0;
};

// Keeps everything: the embedder's input.
class CollectSink final : public PcmSink {
 public:
  Status begin(uint32_t sample_rate, uint32_t channels) override;
  Status write(std::span<const float> interleaved) override;
  AudioBuffer& audio() { return audio_; }

 private:
  AudioBuffer audio_;
};

// Mixes down to mono and resamples to `rate` while decoding: the detectors' input.
class MonoSink final : public PcmSink {
 public:
  explicit MonoSink(uint32_t rate) : rate_(rate) {}
  Status begin(uint32_t sample_rate, uint32_t channels) override;
  Status write(std::span<const float> interleaved) override;
  // Flushes the resampler; the result is at `rate`.
  std::vector<float>& finish();
  // The rate the decoder wrote at (begin()): AudioStreamInfo::frames are at this rate, which for Opus is the rate
  // it was decoded at, not the stream's 48 kHz.
  uint32_t input_rate() const { return input_rate_; }

 private:
  uint32_t rate_;
  uint32_t input_rate_ = 0;
  uint32_t channels_ = 0;
  std::vector<Resampler> resampler_;  // zero or one
  std::vector<float> mono_block_;
  std::vector<float> out_;
  bool finished_ = false;
};

// Mono mix of an interleaved buffer (the mean of the channels).
std::vector<float> mix_to_mono(const AudioBuffer& audio);

}  // namespace dsmark
