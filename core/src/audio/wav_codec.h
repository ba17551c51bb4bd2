// WAV (RIFF WAVE): integer PCM of 8 to 32 bits, IEEE float (32/64-bit), A-law, µ-law and
// WAVE_FORMAT_EXTENSIBLE, read into a PcmSink; and a writer for the embedder's output.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "audio/pcm.h"
#include "dsmark/limits.h"
#include "util/byte_reader.h"

namespace dsmark {

enum class WavSampleKind : uint8_t { kInt, kFloat, kAlaw, kMulaw };

struct WavFormat {
  WavSampleKind kind = WavSampleKind::kInt;
  uint16_t container_bits = 16;  // bits per sample in the file (8, 16, 24, 32, 64)
  uint16_t valid_bits = 16;      // significant bits (extensible files may say fewer than the container)
};

// The top-level chunks of the file other than `fmt `, `data` and `fact`, whole (header, payload, pad byte), so
// a rewritten file keeps its metadata.
struct WavExtras {
  WavFormat format;
  std::vector<std::span<const uint8_t>> other_chunks;
};

// Decodes the `data` chunk of a WAV file. A truncated data chunk is decoded as far as it goes (a warning in
// `info`); a file without `fmt ` or `data`, or with a format dsmark does not read, is an error.
Status decode_wav(Bytes file, const Limits& limits, PcmSink& sink, AudioStreamInfo& info,
                  WavExtras* extras = nullptr);

// Writes `audio` as a WAV file: integer PCM with TPDF dither (deterministic) or float, extensible when the
// layout needs it (more than two channels or more than 16 bits), followed by `extra_chunks` unchanged.
std::vector<uint8_t> encode_wav(const AudioBuffer& audio, const WavFormat& format,
                                std::span<const std::span<const uint8_t>> extra_chunks = {});

}  // namespace dsmark
