// Ogg Opus files (RFC 7845): pages and packets through libogg, samples through OpusPacketDecoder; and the
// writer of the embedder's Opus output.
#pragma once

#include <cstdint>
#include <vector>

#include "audio/opus_stream.h"
#include "audio/pcm.h"
#include "dsmark/limits.h"
#include "util/byte_reader.h"

namespace dsmark {

// Decodes the first Opus logical stream of an Ogg file (and the chained streams after it that keep its channel
// count) at `output_rate` (8/12/16/24/48 kHz). `opus_tags`, when given, receives the stream's OpusTags packet.
Status decode_ogg_opus(Bytes file, const Limits& limits, uint32_t output_rate, PcmSink& sink, AudioStreamInfo& info,
                       std::vector<uint8_t>* opus_tags = nullptr);

struct OpusEncodeSettings {
  uint32_t bitrate = 0;          // bits per second; 0 picks 64 kbit/s per channel, at most 256 kbit/s
  uint32_t original_rate = 0;    // written in the OpusHead as the input's rate
  std::vector<uint8_t> opus_tags;  // an OpusTags packet to keep; empty writes dsmark's own
};

// Encodes 48 kHz audio (1–8 channels) as an Ogg Opus file: 20 ms frames, the encoder's look-ahead as pre-skip,
// the last granule position trimming the output to the input's exact length.
Result<std::vector<uint8_t>> encode_ogg_opus(const AudioBuffer& audio, const OpusEncodeSettings& settings);

}  // namespace dsmark
