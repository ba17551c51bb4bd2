// Raw AAC access units → PCM through libfaad (faad2, GPL-2.0-or-later; Debian's libfaad-dev). Only in native
// builds configured with DSMARK_WITH_AAC: a binary linked with it is distributed under the GPL (README "Licence").
// Code from FAAD2 is copyright (c) Nero AG, www.nero.com.
#include <neaacdec.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "audio/aac.h"

namespace dsmark {

Result<std::unique_ptr<AacDecoder>> AacDecoder::create(std::span<const uint8_t> config) {
  std::unique_ptr<AacDecoder> d(new AacDecoder());
  const uint32_t aot = aac_object_type(config);
  d->kind_ = aot ? aac_object_type_name(aot) : std::string("AAC");
  if (config.empty()) return Status::malformed("the AAC track has no decoder configuration (AudioSpecificConfig)");
  NeAACDecHandle h = NeAACDecOpen();
  if (!h) return Status::limit("libfaad could not start");
  d->handle_ = h;
  NeAACDecConfigurationPtr cfg = NeAACDecGetCurrentConfiguration(h);
  cfg->outputFormat = FAAD_FMT_FLOAT;  // [-1, 1]
  cfg->downMatrix = 1;                 // 5.1 → stereo, as listeners hear it
  NeAACDecSetConfiguration(h, cfg);
  std::vector<unsigned char> asc(config.begin(), config.end());
  unsigned long rate = 0;
  unsigned char channels = 0;
  if (NeAACDecInit2(h, asc.data(), static_cast<unsigned long>(asc.size()), &rate, &channels) < 0) {
    return Status::unsupported("the " + d->kind_ +
                               " sound could not be decoded in this build (libfaad does not take its configuration)");
  }
  return d;
}

AacDecoder::~AacDecoder() {
  if (handle_) NeAACDecClose(static_cast<NeAACDecHandle>(handle_));
}

Status AacDecoder::decode(Bytes unit, PcmSink& sink, AudioStreamInfo& info, uint64_t max_frames, bool& stop) {
  stop = false;
  if (unit.empty()) return Status::ok();
  // Each unit is copied into a zero-padded buffer: the bit reader may look a few words ahead of the data.
  constexpr size_t kPad = 2048;
  unit_.assign(unit.size() + kPad, 0);
  std::memcpy(unit_.data(), unit.data(), unit.size());
  NeAACDecFrameInfo fi;
  std::memset(&fi, 0, sizeof fi);
  const void* out = NeAACDecDecode(static_cast<NeAACDecHandle>(handle_), &fi, unit_.data(),
                                   static_cast<unsigned long>(unit.size()));
  if (fi.error != 0 || !out) {
    if (first_error_.empty() && fi.error != 0) first_error_ = NeAACDecGetErrorMessage(fi.error);
    // A stream that is mostly damaged (or not AAC at all) is given up on instead of decoded to noise.
    if (++errors_ > 64 && errors_ * 2 > decoded_units_) stop = true;
    return Status::ok();
  }
  ++decoded_units_;
  if (fi.samples == 0 || fi.channels == 0) {
    // libfaad gives nothing for the first frame it decodes (decoder.c: "frame <= 1"); ffmpeg's decoder gives it.
    if (decoded_units_ == 1) swallowed_first_ = true;
    return Status::ok();
  }
  if (!began_) {
    channels_ = fi.channels;
    rate_ = static_cast<uint32_t>(fi.samplerate);
    if (rate_ == 0 || rate_ > 192000) return Status::malformed("the AAC stream declares an impossible rate");
    info.channels = channels_;
    info.sample_rate = rate_;
    DSMARK_RETURN_IF_ERROR(sink.begin(rate_, channels_));
    began_ = true;
  } else if (fi.channels != channels_ || fi.samplerate != rate_) {
    info.warnings.push_back("the AAC stream changes its format mid-way; the sound after that was not checked");
    stop = true;
    return Status::ok();
  }
  const auto* f = static_cast<const float*>(out);
  const uint64_t frame_frames = fi.samples / fi.channels;
  // The swallowed first frame, as silence of this frame's length (its output was the encoder's priming).
  std::vector<float> silence;
  for (int pass = swallowed_first_ ? 0 : 1; pass < 2; ++pass) {
    uint64_t frames = frame_frames;
    const uint64_t room = max_frames - std::min(max_frames, info.frames);
    if (frames > room) {
      frames = room;
      info.cut_at_limit = true;
      stop = true;
    }
    const float* data = f;
    if (pass == 0) {
      silence.assign(static_cast<size_t>(frame_frames * channels_), 0.0f);
      data = silence.data();
      swallowed_first_ = false;
    }
    DSMARK_RETURN_IF_ERROR(sink.write({data, static_cast<size_t>(frames * channels_)}));
    info.frames += frames;
    if (stop) break;
  }
  return Status::ok();
}

Status AacDecoder::finish(AudioStreamInfo& info) {
  if (!began_) {
    return Status::malformed("no " + kind_ + " frame of the sound track could be decoded" +
                             (first_error_.empty() ? std::string() : " (libfaad: " + first_error_ + ")"));
  }
  if (errors_) {
    info.warnings.push_back("libfaad met " + std::to_string(errors_) + " damaged AAC frame(s) in the sound track");
  }
  return Status::ok();
}

}  // namespace dsmark
