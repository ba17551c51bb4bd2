// Audio decoding to PCM: one entry point that picks the decoder for the sniffed format. What a build cannot
// decode is said plainly (audio_decode_support), so reports can warn instead of staying silent.
#pragma once

#include <string>
#include <string_view>

#include "audio/pcm.h"
#include "dsmark/limits.h"
#include "dsmark/report.h"
#include "util/byte_reader.h"

namespace dsmark {

// Whether this build decodes the sound of `format`; when not, `reason` says why in plain words.
struct AudioSupport {
  bool decodable = false;
  bool has_sound = false;  // the format carries (or may carry) sound at all
  std::string reason;
};
AudioSupport audio_decode_support(Format format);

// Decodes the sound of a file of `format` into `sink`. `opus_rate` is the rate Opus is decoded at (Opus decodes
// directly at 8/12/16/24/48 kHz; detectors ask for their analysis rate, the embedder for 48 kHz).
Status decode_audio(Bytes file, Format format, const Limits& limits, uint32_t opus_rate, PcmSink& sink,
                    AudioStreamInfo& info);

// Whether this build decodes `codec` ("pcm", "opus", "flac", "mp3", "aac"): FLAC, MP3 and AAC depend on the
// libraries the build was configured with (AAC: native builds with DSMARK_WITH_AAC only).
bool audio_codec_decodable(std::string_view codec);

// The report's codec name for a Matroska CodecID ("A_AAC" → "aac", "A_VORBIS" → "vorbis", "A_AC3" → "ac-3", …).
std::string matroska_codec_key(std::string_view codec_id);

// The decoders behind it (each fills `info.codec` and `info.carrier`).
Status decode_flac(Bytes file, const Limits& limits, PcmSink& sink, AudioStreamInfo& info);
Status decode_mp3(Bytes file, const Limits& limits, PcmSink& sink, AudioStreamInfo& info);

}  // namespace dsmark
