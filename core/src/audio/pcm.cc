#include "audio/pcm.h"

namespace dsmark {

Status CollectSink::begin(uint32_t sample_rate, uint32_t channels) {
  audio_.sample_rate = sample_rate;
  audio_.channels = channels;
  audio_.samples.clear();
  return Status::ok();
}

Status CollectSink::write(std::span<const float> interleaved) {
  audio_.samples.insert(audio_.samples.end(), interleaved.begin(), interleaved.end());
  return Status::ok();
}

Status MonoSink::begin(uint32_t sample_rate, uint32_t channels) {
  if (channels == 0 || sample_rate == 0) return Status::malformed("the audio stream has no channels or no rate");
  channels_ = channels;
  input_rate_ = sample_rate;
  resampler_.clear();
  resampler_.emplace_back(sample_rate, rate_, kAnalysisQuality);
  return Status::ok();
}

Status MonoSink::write(std::span<const float> interleaved) {
  if (resampler_.empty()) return Status::malformed("audio samples before the stream's format");
  const size_t frames = interleaved.size() / channels_;
  mono_block_.resize(frames);
  const float scale = 1.0f / static_cast<float>(channels_);
  for (size_t f = 0; f < frames; ++f) {
    const float* x = &interleaved[f * channels_];
    float s = 0.0f;
    for (uint32_t c = 0; c < channels_; ++c) s += x[c];
    mono_block_[f] = s * scale;
  }
  resampler_[0].push(mono_block_, out_);
  return Status::ok();
}

std::vector<float>& MonoSink::finish() {
  if (!finished_ && !resampler_.empty()) resampler_[0].finish(out_);
  finished_ = true;
  return out_;
}

std::vector<float> mix_to_mono(const AudioBuffer& audio) {
  const size_t frames = audio.frames();
  std::vector<float> out(frames);
  if (audio.channels == 0) return out;
  const float scale = 1.0f / static_cast<float>(audio.channels);
  for (size_t f = 0; f < frames; ++f) {
    float s = 0.0f;
    for (uint32_t c = 0; c < audio.channels; ++c) s += audio.samples[f * audio.channels + c];
    out[f] = s * scale;
  }
  return out;
}

}  // namespace dsmark
