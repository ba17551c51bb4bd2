// FLAC through libFLAC (BSD-3-Clause): native builds, and wasm when scripts/wasm-deps.sh built it.
#include "audio/audio_decode.h"

#include <FLAC/stream_decoder.h>

#include <algorithm>
#include <cstring>
#include <string>

namespace dsmark {
namespace {

struct FlacState {
  Bytes file;
  size_t pos = 0;
  const Limits* limits = nullptr;
  PcmSink* sink = nullptr;
  AudioStreamInfo* info = nullptr;
  Status status;
  bool began = false;
  uint32_t channels = 0, rate = 0, bits = 0;
  uint64_t errors = 0;
  std::vector<float> block;
};

FLAC__StreamDecoderReadStatus read_cb(const FLAC__StreamDecoder*, FLAC__byte buffer[], size_t* bytes, void* client) {
  auto* st = static_cast<FlacState*>(client);
  const size_t n = std::min(*bytes, st->file.size() - st->pos);
  if (n == 0) {
    *bytes = 0;
    return FLAC__STREAM_DECODER_READ_STATUS_END_OF_STREAM;
  }
  std::memcpy(buffer, st->file.data() + st->pos, n);
  st->pos += n;
  *bytes = n;
  return FLAC__STREAM_DECODER_READ_STATUS_CONTINUE;
}

FLAC__StreamDecoderWriteStatus write_cb(const FLAC__StreamDecoder*, const FLAC__Frame* frame,
                                        const FLAC__int32* const buffer[], void* client) {
  auto* st = static_cast<FlacState*>(client);
  const uint32_t ch = frame->header.channels, bits = frame->header.bits_per_sample;
  if (!st->began) {
    st->channels = ch;
    st->rate = frame->header.sample_rate;
    st->bits = bits;
    if (ch == 0 || st->rate == 0 || bits == 0 || bits > 32) {
      st->status = Status::malformed("the FLAC stream declares an impossible format");
      return FLAC__STREAM_DECODER_WRITE_STATUS_ABORT;
    }
    st->info->channels = ch;
    st->info->sample_rate = st->rate;
    st->status = st->sink->begin(st->rate, ch);
    if (!st->status.is_ok()) return FLAC__STREAM_DECODER_WRITE_STATUS_ABORT;
    st->began = true;
  }
  if (ch != st->channels || frame->header.sample_rate != st->rate || bits == 0 || bits > 32) {
    st->info->warnings.push_back("the FLAC stream changes its format mid-way; the audio after that was not checked");
    return FLAC__STREAM_DECODER_WRITE_STATUS_ABORT;
  }
  uint64_t n = frame->header.blocksize;
  const uint64_t room = st->limits->max_audio_samples - std::min(st->limits->max_audio_samples, st->info->frames);
  if (n > room) {
    n = room;
    st->info->cut_at_limit = true;
  }
  const float scale = static_cast<float>(1.0 / static_cast<double>(uint64_t{1} << (bits - 1)));
  st->block.resize(static_cast<size_t>(n) * ch);
  for (uint64_t i = 0; i < n; ++i) {
    for (uint32_t c = 0; c < ch; ++c) st->block[i * ch + c] = static_cast<float>(buffer[c][i]) * scale;
  }
  st->status = st->sink->write(st->block);
  st->info->frames += n;
  if (!st->status.is_ok() || st->info->cut_at_limit) return FLAC__STREAM_DECODER_WRITE_STATUS_ABORT;
  return FLAC__STREAM_DECODER_WRITE_STATUS_CONTINUE;
}

void error_cb(const FLAC__StreamDecoder*, FLAC__StreamDecoderErrorStatus, void* client) {
  ++static_cast<FlacState*>(client)->errors;
}

}  // namespace

Status decode_flac(Bytes file, const Limits& limits, PcmSink& sink, AudioStreamInfo& info) {
  info.codec = "flac";
  info.carrier = "flac:frames";
  FLAC__StreamDecoder* dec = FLAC__stream_decoder_new();
  if (!dec) return Status::limit("out of memory for the FLAC decoder");
  FLAC__stream_decoder_set_md5_checking(dec, false);
  FlacState st;
  st.file = file;
  st.limits = &limits;
  st.sink = &sink;
  st.info = &info;
  if (FLAC__stream_decoder_init_stream(dec, read_cb, nullptr, nullptr, nullptr, nullptr, write_cb, nullptr, error_cb,
                                       &st) != FLAC__STREAM_DECODER_INIT_STATUS_OK) {
    FLAC__stream_decoder_delete(dec);
    return Status::malformed("libFLAC could not start decoding");
  }
  FLAC__stream_decoder_process_until_end_of_stream(dec);
  FLAC__stream_decoder_finish(dec);
  FLAC__stream_decoder_delete(dec);
  if (!st.status.is_ok()) return st.status;
  if (!st.began) return Status::malformed("the FLAC file holds no audio frame that could be decoded");
  if (st.errors) {
    info.warnings.push_back("the FLAC stream has " + std::to_string(st.errors) +
                            " damaged frame(s) or lost synchronisation; the audio around them was skipped");
  }
  return Status::ok();
}

}  // namespace dsmark
