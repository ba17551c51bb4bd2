#include "audio/opus_stream.h"

#include <opus/opus.h>
#include <opus/opus_multistream.h>

#include <algorithm>
#include <string>

namespace dsmark {

Result<OpusHead> parse_opus_head(Bytes packet) {
  ByteReader r(packet);
  OpusHead h;
  uint16_t gain = 0;
  if (!r.expect("OpusHead")) return Status::malformed("the Opus stream does not start with an OpusHead packet");
  if (!r.u8(h.version) || !r.u8(h.channels) || !r.u16le(h.pre_skip) || !r.u32le(h.input_rate) || !r.u16le(gain) ||
      !r.u8(h.mapping_family)) {
    return Status::truncated("the OpusHead packet is shorter than 19 bytes");
  }
  h.output_gain = static_cast<int16_t>(gain);
  if (h.version >= 16) return Status::unsupported("the Opus stream has header version " + std::to_string(h.version));
  if (h.channels == 0) return Status::malformed("the OpusHead declares no channels");
  if (h.mapping_family == 0) {
    if (h.channels > 2) return Status::malformed("the OpusHead declares more than two channels without a mapping");
    h.streams = 1;
    h.coupled = h.channels == 2 ? 1 : 0;
    h.mapping[0] = 0;
    h.mapping[1] = 1;
    return h;
  }
  if (!r.u8(h.streams) || !r.u8(h.coupled)) return Status::truncated("the OpusHead's channel mapping is cut short");
  if (h.streams == 0 || h.coupled > h.streams || h.streams + h.coupled > 255) {
    return Status::malformed("the OpusHead's stream counts are impossible");
  }
  for (uint32_t c = 0; c < h.channels; ++c) {
    if (!r.u8(h.mapping[c])) return Status::truncated("the OpusHead's channel mapping is cut short");
    if (h.mapping[c] != 255 && h.mapping[c] >= h.streams + h.coupled) {
      return Status::malformed("the OpusHead maps a channel to a stream that does not exist");
    }
  }
  return h;
}

std::vector<uint8_t> write_opus_head(const OpusHead& h) {
  std::vector<uint8_t> out = {'O', 'p', 'u', 's', 'H', 'e', 'a', 'd', 1, h.channels};
  out.push_back(static_cast<uint8_t>(h.pre_skip));
  out.push_back(static_cast<uint8_t>(h.pre_skip >> 8));
  for (int b = 0; b < 4; ++b) out.push_back(static_cast<uint8_t>(h.input_rate >> (8 * b)));
  out.push_back(static_cast<uint8_t>(h.output_gain));
  out.push_back(static_cast<uint8_t>(static_cast<uint16_t>(h.output_gain) >> 8));
  out.push_back(h.mapping_family);
  if (h.mapping_family != 0) {
    out.push_back(h.streams);
    out.push_back(h.coupled);
    out.insert(out.end(), h.mapping.begin(), h.mapping.begin() + h.channels);
  }
  return out;
}

Result<std::unique_ptr<OpusPacketDecoder>> OpusPacketDecoder::create(const OpusHead& head, uint32_t output_rate) {
  if (output_rate != 8000 && output_rate != 12000 && output_rate != 16000 && output_rate != 24000 &&
      output_rate != 48000) {
    return Status::unsupported("Opus decodes at 8, 12, 16, 24 or 48 kHz only");
  }
  std::unique_ptr<OpusPacketDecoder> d(new OpusPacketDecoder());
  int err = OPUS_OK;
  const bool single = head.streams == 1 && head.channels == 1 + head.coupled && head.mapping[0] == 0 &&
                      (head.channels == 1 || head.mapping[1] == 1);
  if (single) {
    d->single_ = opus_decoder_create(static_cast<opus_int32>(output_rate), head.channels, &err);
    if (err != OPUS_OK || !d->single_) {
      return Status::malformed(std::string("libopus refused the stream's header: ") + opus_strerror(err));
    }
    if (head.output_gain != 0) opus_decoder_ctl(d->single_, OPUS_SET_GAIN(head.output_gain));
  } else {
    d->dec_ = opus_multistream_decoder_create(static_cast<opus_int32>(output_rate), head.channels, head.streams,
                                              head.coupled, head.mapping.data(), &err);
    if (err != OPUS_OK || !d->dec_) {
      return Status::malformed(std::string("libopus refused the stream's header: ") + opus_strerror(err));
    }
    if (head.output_gain != 0) opus_multistream_decoder_ctl(d->dec_, OPUS_SET_GAIN(head.output_gain));
  }
  d->rate_ = output_rate;
  d->channels_ = head.channels;
  d->ratio_ = 48000 / output_rate;
  d->skip_left_ = head.pre_skip / d->ratio_;
  d->pre_skip_ = d->skip_left_;
  d->pcm_.resize(static_cast<size_t>(5760 / d->ratio_) * head.channels);  // 120 ms, the longest packet
  return d;
}

OpusPacketDecoder::~OpusPacketDecoder() {
  if (dec_) opus_multistream_decoder_destroy(dec_);
  if (single_) opus_decoder_destroy(single_);
}

void OpusPacketDecoder::set_end(uint64_t end_48k) {
  const uint64_t end = end_48k / ratio_;
  end_ = end > pre_skip_ ? end - pre_skip_ : 0;
}

Status OpusPacketDecoder::decode(Bytes packet, PcmSink& sink, uint64_t max_frames, bool* capped) {
  const int frame_cap = static_cast<int>(pcm_.size() / channels_);
  const unsigned char* data = packet.empty() ? nullptr : packet.data();
  const auto size = static_cast<opus_int32>(packet.size());
  const int n = single_ ? opus_decode_float(single_, data, size, pcm_.data(), frame_cap, 0)
                        : opus_multistream_decode_float(dec_, data, size, pcm_.data(), frame_cap, 0);
  if (n < 0) {
    ++damaged_;
    return Status::ok();
  }
  uint64_t first = 0, count = static_cast<uint64_t>(n);
  if (skip_left_ > 0) {
    const uint64_t s = std::min<uint64_t>(skip_left_, count);
    skip_left_ -= s;
    first = s;
    count -= s;
  }
  if (out_ + count > end_) count = end_ > out_ ? end_ - out_ : 0;
  if (out_ + count > max_frames) {
    if (capped) *capped = true;
    count = max_frames > out_ ? max_frames - out_ : 0;
  }
  if (count == 0) return Status::ok();
  DSMARK_RETURN_IF_ERROR(sink.write({pcm_.data() + first * channels_, static_cast<size_t>(count * channels_)}));
  out_ += count;
  return Status::ok();
}

}  // namespace dsmark
