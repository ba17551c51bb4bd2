// Audio decoding to PCM: one entry point that picks the decoder for the sniffed format. What a build cannot
// decode is said plainly (audio_decode_support), so reports can warn instead of staying silent.
#pragma once

#include <string>

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

// The decoders behind it (each fills `info.codec` and `info.carrier`).
Status decode_flac(Bytes file, const Limits& limits, PcmSink& sink, AudioStreamInfo& info);
Status decode_mp3(Bytes file, const Limits& limits, PcmSink& sink, AudioStreamInfo& info);

}  // namespace dsmark
