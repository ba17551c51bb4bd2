// One Opus stream: its identification header (OpusHead, RFC 7845 §5.1) and a packet decoder that applies the
// pre-skip and the end trimming. Containers hand it packets: Ogg (ogg_opus.cc) and, once the Matroska walker
// exists, WebM/MKV tracks (CodecPrivate is the OpusHead; CodecDelay is the pre-skip).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "audio/pcm.h"
#include "dsmark/limits.h"
#include "util/byte_reader.h"

struct OpusMSDecoder;
struct OpusDecoder;

namespace dsmark {

struct OpusHead {
  uint8_t version = 1;
  uint8_t channels = 0;
  uint16_t pre_skip = 0;        // in 48 kHz samples
  uint32_t input_rate = 0;      // the rate of the original input (informational)
  int16_t output_gain = 0;      // Q7.8 dB
  uint8_t mapping_family = 0;
  uint8_t streams = 1;
  uint8_t coupled = 0;
  std::array<uint8_t, 255> mapping{};
};

// Parses an OpusHead packet. Versions 0–15 are read (the low bits are minor versions); a channel mapping that
// contradicts itself is malformed.
Result<OpusHead> parse_opus_head(Bytes packet);
// The 19- or 21+-byte OpusHead packet for `head`.
std::vector<uint8_t> write_opus_head(const OpusHead& head);

class OpusPacketDecoder {
 public:
  // `output_rate`: 8000, 12000, 16000, 24000 or 48000 (libopus decodes at any of these directly).
  static Result<std::unique_ptr<OpusPacketDecoder>> create(const OpusHead& head, uint32_t output_rate);
  ~OpusPacketDecoder();
  OpusPacketDecoder(const OpusPacketDecoder&) = delete;
  OpusPacketDecoder& operator=(const OpusPacketDecoder&) = delete;

  uint32_t output_rate() const { return rate_; }
  uint32_t channels() const { return channels_; }
  // The stream ends `end_48k` samples (48 kHz, pre-skip included) after its start: output past it is cut.
  // Ogg gives it in the granule position of the last page; call it before decoding that page's packets.
  void set_end(uint64_t end_48k);
  // Decodes one packet into `sink` (after dropping the pre-skip, before the end). `max_frames` caps the total
  // output (Limits::max_audio_samples); `*capped` becomes true when it was reached. A packet libopus refuses
  // counts as damaged (see damaged()) and yields nothing.
  Status decode(Bytes packet, PcmSink& sink, uint64_t max_frames, bool* capped);
  uint64_t frames_out() const { return out_; }
  uint64_t damaged() const { return damaged_; }

 private:
  OpusPacketDecoder() = default;
  OpusMSDecoder* dec_ = nullptr;
  // One stream with the channels in order (mono, and stereo of mapping family 0): the plain decoder, which gives
  // the same samples as the multistream one without its per-packet overhead (in libopus 1.3 each multistream
  // packet re-runs the CPU feature detection, a trapping instruction under virtualisation).
  OpusDecoder* single_ = nullptr;
  uint32_t rate_ = 48000, channels_ = 0, ratio_ = 1;
  uint64_t skip_left_ = 0;   // output-rate samples still to drop
  uint64_t pre_skip_ = 0;    // output-rate samples
  uint64_t end_ = UINT64_MAX;  // output-rate samples after the pre-skip
  uint64_t out_ = 0;
  uint64_t damaged_ = 0;
  std::vector<float> pcm_;
};

}  // namespace dsmark
