// AAC, whatever carries it: the AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) that configures a decoder, and the
// decoder itself, libfaad (faad2, GPL-2.0-or-later; Debian's libfaad-dev) in native builds configured with
// DSMARK_WITH_AAC. The MP4/M4A/MOV sound track (mp4_audio.cc: esds) and Matroska/WebM tracks (matroska_opus.cc:
// CodecPrivate, or a config built from a legacy CodecID) hand it raw access units.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "audio/pcm.h"
#include "dsmark/limits.h"
#include "util/byte_reader.h"

namespace dsmark {

// The AudioSpecificConfig's audio object type (2 = AAC LC, 5 = SBR, 29 = PS), 0 if unreadable, and its name
// ("AAC LC", "HE-AAC (SBR)", …).
uint32_t aac_object_type(std::span<const uint8_t> audio_specific_config);
std::string aac_object_type_name(uint32_t aot);

// The AudioSpecificConfig for the legacy Matroska CodecIDs that carry no CodecPrivate ("A_AAC/MPEG4/LC",
// "A_AAC/MPEG2/MAIN", "A_AAC/MPEG4/LC/SBR", …; Matroska codec specifications), from the track's
// SamplingFrequency, OutputSamplingFrequency (SBR; 0 when absent: twice the core rate) and Channels. Empty when the
// ID is not one of them or the rate or channel count cannot be written in a config.
std::vector<uint8_t> aac_config_for_matroska_id(std::string_view codec_id, double sampling_frequency,
                                                double output_sampling_frequency, uint64_t channels);

#if DSMARK_HAVE_FAAD
// Raw AAC access units → PCM through libfaad. The output follows the stream's own timeline from its first
// sample, as ffmpeg's decoder gives it: libfaad swallows the first frame's output (the encoder's priming,
// mostly), and that frame is written as silence so containers' trims (edit lists, CodecDelay) apply unchanged.
class AacDecoder {
 public:
  // `config`: the AudioSpecificConfig. An object type libfaad refuses gives an unsupported status naming it.
  static Result<std::unique_ptr<AacDecoder>> create(std::span<const uint8_t> config);
  ~AacDecoder();
  AacDecoder(const AacDecoder&) = delete;
  AacDecoder& operator=(const AacDecoder&) = delete;

  // Decodes one access unit into `sink`, begun at the first decoded frame with the stream's rate and channels
  // (also set in `info`); `info.frames` counts what was written, up to `max_frames` (Limits::max_audio_samples:
  // info.cut_at_limit). `stop` becomes true when nothing more should be decoded: the limit, a format change
  // mid-way (with a warning) or a stream that is mostly damaged.
  Status decode(Bytes unit, PcmSink& sink, AudioStreamInfo& info, uint64_t max_frames, bool& stop);
  // After the last unit: malformed when no frame could be decoded; a warning when frames were damaged.
  Status finish(AudioStreamInfo& info);

  const std::string& kind() const { return kind_; }  // "AAC LC", "HE-AAC (SBR)", …

 private:
  AacDecoder() = default;
  void* handle_ = nullptr;  // NeAACDecHandle
  std::string kind_;
  std::vector<unsigned char> unit_;
  bool began_ = false;
  bool swallowed_first_ = false;  // libfaad gave no samples for the first frame: write it as silence
  uint32_t channels_ = 0, rate_ = 0;
  uint64_t errors_ = 0, decoded_units_ = 0;
  std::string first_error_;
};
#endif

}  // namespace dsmark
