// The audio embedder behind embed_watermark(): decode, add watermark:dsmark-audio, write WAV or Ogg Opus, and
// read the mark back from the result before handing it out.
#include "audio/audio_embed.h"

#include <cmath>
#include <string>

#include "audio/audio_decode.h"
#include "audio/audio_watermark.h"
#include "audio/ogg_opus.h"
#include "audio/resampler.h"
#include "audio/wav_codec.h"

namespace dsmark {
namespace {

constexpr uint32_t kDefaultPayload = 0x64736d6b;  // "dsmk"

Result<uint32_t> payload_of(const std::vector<uint8_t>& bytes) {
  if (bytes.empty()) return kDefaultPayload;
  if (bytes.size() > 4) {
    return Status::unsupported("the audio watermark carries 32 bits: give at most 4 bytes (8 hex digits) of payload");
  }
  uint32_t v = 0;
  for (uint8_t b : bytes) v = v << 8 | b;  // shorter payloads are right-aligned (leading zero bytes)
  return v;
}

// Reads the mark back from what will be written.
Status check_readable(std::span<const float> mono16k, uint32_t payload) {
  const AudioWmDetection d = detect_audio_watermark(mono16k, default_audio_wm_config());
  if (d.present && d.payload_valid && d.payload == payload) return Status::ok();
  return Status::unsupported(
      "the watermark could not be read back from the marked audio (it needs several seconds of sound that is not "
      "silence or noise; about 10 s carry it whole); nothing was written");
}

}  // namespace

Result<std::vector<uint8_t>> embed_audio(std::span<const uint8_t> input, Format format, const EmbedOptions& options) {
  auto payload = payload_of(options.payload);
  if (!payload) return payload.status();
  std::string out_format = options.output_format;
  if (out_format.empty()) out_format = (format == Format::kOpus) ? "opus" : "wav";
  if (out_format != "wav" && out_format != "opus") {
    return Status::unsupported("dsmark writes marked audio as WAV or Opus, not " + out_format);
  }
  const AudioSupport support = audio_decode_support(format);
  if (!support.decodable) {
    return Status::unsupported(support.reason.empty() ? "dsmark cannot decode this kind of audio" : support.reason);
  }
  // Decode everything at the stream's own rate (Opus: 48 kHz).
  CollectSink sink;
  AudioStreamInfo info;
  WavExtras extras;
  std::vector<uint8_t> opus_tags;
  Status decoded = Status::ok();
  if (format == Format::kWav) {
    decoded = decode_wav(input, options.limits, sink, info, &extras);
  } else if (format == Format::kOpus || format == Format::kOgg) {
    decoded = decode_ogg_opus(input, options.limits, 48000, sink, info, &opus_tags);
  } else {
    decoded = decode_audio(input, format, options.limits, 48000, sink, info);
  }
  if (!decoded.is_ok()) return decoded;
  if (info.cut_at_limit) return Status::limit("the audio is longer than the limit dsmark marks");
  AudioBuffer audio = std::move(sink.audio());
  if (audio.frames() < audio.sample_rate) return Status::unsupported("the audio is shorter than one second");
  double energy = 0;
  for (float v : audio.samples) energy += static_cast<double>(v) * v;
  if (energy <= 0) return Status::unsupported("the audio is silent: nothing can carry a watermark");

  if (out_format == "opus") {
    if (audio.channels > 8) return Status::unsupported("dsmark writes Opus files of 1 to 8 channels");
    const uint32_t original_rate = audio.sample_rate;
    if (audio.sample_rate != 48000) {
      // Opus runs at 48 kHz: resample first (high quality), then mark what will be encoded.
      audio = resample(audio, 48000, kOutputQuality);
    }
    DSMARK_RETURN_IF_ERROR(embed_audio_watermark(audio, *payload, default_audio_wm_config()));
    OpusEncodeSettings settings;
    settings.original_rate = info.sample_rate ? (format == Format::kOpus || format == Format::kOgg ? 48000 : original_rate)
                                              : 48000;
    settings.opus_tags = std::move(opus_tags);
    auto encoded = encode_ogg_opus(audio, settings);
    if (!encoded) return encoded.status();
    // Read it back through the same path verify() takes.
    MonoSink check(default_audio_wm_config().rate);
    AudioStreamInfo check_info;
    DSMARK_RETURN_IF_ERROR(decode_ogg_opus(*encoded, options.limits, 16000, check, check_info));
    DSMARK_RETURN_IF_ERROR(check_readable(check.finish(), *payload));
    return encoded;
  }

  DSMARK_RETURN_IF_ERROR(embed_audio_watermark(audio, *payload, default_audio_wm_config()));
  WavFormat wav_format{WavSampleKind::kInt, 16, 16};
  std::vector<std::span<const uint8_t>> keep;
  if (format == Format::kWav) {
    wav_format = extras.format;
    keep = extras.other_chunks;
  }
  std::vector<uint8_t> wav = encode_wav(audio, wav_format, keep);
  // Read it back from the written bytes (quantisation included).
  MonoSink check(default_audio_wm_config().rate);
  AudioStreamInfo check_info;
  DSMARK_RETURN_IF_ERROR(decode_wav(wav, options.limits, check, check_info));
  DSMARK_RETURN_IF_ERROR(check_readable(check.finish(), *payload));
  return wav;
}

}  // namespace dsmark
