#include "audio/ogg_opus.h"

#include <ogg/ogg.h>
#include <opus/opus.h>
#include <opus/opus_multistream.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "dsmark/dsmark.h"

namespace dsmark {
namespace {

bool starts_with(const unsigned char* p, long len, const char* magic) {
  const size_t n = std::strlen(magic);
  return len >= static_cast<long>(n) && std::memcmp(p, magic, n) == 0;
}

// libogg state with RAII cleanup.
struct OggSync {
  ogg_sync_state s;
  OggSync() { ogg_sync_init(&s); }
  ~OggSync() { ogg_sync_clear(&s); }
};
struct OggStream {
  ogg_stream_state s;
  bool live = false;
  void reset(int serial) {
    if (live) ogg_stream_clear(&s);
    ogg_stream_init(&s, serial);
    live = true;
  }
  ~OggStream() {
    if (live) ogg_stream_clear(&s);
  }
};

}  // namespace

Status decode_ogg_opus(Bytes file, const Limits& limits, uint32_t output_rate, PcmSink& sink, AudioStreamInfo& info,
                       std::vector<uint8_t>* opus_tags) {
  info.codec = "opus";
  info.carrier = "ogg:opus";
  info.sample_rate = 48000;
  OggSync sync;
  OggStream stream;
  std::unique_ptr<OpusPacketDecoder> decoder;
  bool have_stream = false, stream_ended = false, began = false, capped = false, skipped_bytes = false;
  int serial = 0;
  uint32_t channels = 0;
  uint64_t packets_in_stream = 0, chains = 0, pages = 0, holes = 0, damaged = 0;
  size_t fed = 0;
  constexpr size_t kChunk = 1 << 16;
  ogg_page page;
  ogg_packet packet;

  while (!capped) {
    const int got = ogg_sync_pageout(&sync.s, &page);
    if (got < 0) {
      skipped_bytes = true;  // bytes that are not a page (damage, or junk before the first page)
      continue;
    }
    if (got == 0) {
      if (fed >= file.size()) break;
      const size_t n = std::min(kChunk, file.size() - fed);
      char* buf = ogg_sync_buffer(&sync.s, static_cast<long>(n));
      if (!buf) return Status::limit("out of memory while reading Ogg pages");
      std::memcpy(buf, file.data() + fed, n);
      ogg_sync_wrote(&sync.s, static_cast<long>(n));
      fed += n;
      continue;
    }
    if (++pages > limits.max_boxes) return Status::limit("the file has more Ogg pages than the limit");
    const int page_serial = ogg_page_serialno(&page);
    if (!have_stream || stream_ended) {
      // A stream starts on a page flagged "beginning of stream" whose first packet is an OpusHead.
      if (!ogg_page_bos(&page) || !starts_with(page.body, page.body_len, "OpusHead")) continue;
      serial = page_serial;
      stream.reset(serial);
      have_stream = true;
      stream_ended = false;
      packets_in_stream = 0;
      ++chains;
    }
    if (page_serial != serial) continue;
    if (ogg_stream_pagein(&stream.s, &page) != 0) continue;
    if (ogg_page_eos(&page) && decoder && ogg_page_granulepos(&page) >= 0) {
      decoder->set_end(static_cast<uint64_t>(ogg_page_granulepos(&page)));
    }
    for (;;) {
      const int p = ogg_stream_packetout(&stream.s, &packet);
      if (p == 0) break;
      if (p < 0) {
        ++holes;  // a page is missing: libopus conceals the gap on the next packet
        continue;
      }
      const Bytes data(packet.packet, static_cast<size_t>(packet.bytes));
      const uint64_t index = packets_in_stream++;
      if (index == 0) {
        auto head = parse_opus_head(data);
        if (!head) {
          if (chains == 1) return head.status();
          info.warnings.push_back("a chained Opus stream has a bad header; the audio after it was not checked");
          capped = true;
          break;
        }
        if (chains > 1 && head->channels != channels) {
          info.warnings.push_back("a chained Opus stream changes the channel count; the audio after it was not checked");
          capped = true;
          break;
        }
        auto made = OpusPacketDecoder::create(*head, output_rate);
        if (!made) return made.status();
        damaged += decoder ? decoder->damaged() : 0;
        decoder = std::move(*made);
        if (!began) {
          channels = head->channels;
          info.channels = channels;
          DSMARK_RETURN_IF_ERROR(sink.begin(output_rate, channels));
          began = true;
        }
        if (ogg_page_eos(&page) && ogg_page_granulepos(&page) >= 0) {
          decoder->set_end(static_cast<uint64_t>(ogg_page_granulepos(&page)));
        }
        continue;
      }
      if (index == 1) {
        if (!data.empty() && opus_tags && chains == 1) opus_tags->assign(data.begin(), data.end());
        if (data.size() >= 8 && std::memcmp(data.data(), "OpusTags", 8) == 0) continue;
        info.warnings.push_back("the Opus stream's second packet is not an OpusTags packet");
      }
      const uint64_t before = decoder->frames_out();
      const uint64_t budget = limits.max_audio_samples > info.frames ? limits.max_audio_samples - info.frames : 0;
      bool hit = false;
      DSMARK_RETURN_IF_ERROR(decoder->decode(data, sink, before + budget, &hit));
      info.frames += decoder->frames_out() - before;
      if (hit) {
        capped = true;
        info.cut_at_limit = true;
        break;
      }
    }
    if (ogg_page_eos(&page)) stream_ended = true;
  }
  if (!began) {
    return Status::malformed(fed == 0 || pages == 0 ? "no Ogg page was found" : "the Ogg file holds no Opus stream");
  }
  damaged += decoder ? decoder->damaged() : 0;
  info.sample_rate = 48000;
  if (skipped_bytes) info.warnings.push_back("the Ogg file holds bytes that are not Ogg pages (damage); they were skipped");
  if (holes) info.warnings.push_back("the Opus stream has " + std::to_string(holes) + " gap(s) where pages are missing");
  if (damaged) info.warnings.push_back(std::to_string(damaged) + " Opus packet(s) could not be decoded");
  if (!stream_ended && !capped) info.warnings.push_back("the Ogg Opus stream ends without its last page (the file is cut short)");
  return Status::ok();
}

Result<std::vector<uint8_t>> encode_ogg_opus(const AudioBuffer& audio, const OpusEncodeSettings& settings) {
  if (audio.sample_rate != 48000) return Status::unsupported("the Opus writer takes 48 kHz audio");
  const uint32_t channels = audio.channels;
  if (channels == 0 || channels > 8) return Status::unsupported("dsmark writes Opus files of 1 to 8 channels");
  OpusHead head;
  head.channels = static_cast<uint8_t>(channels);
  head.input_rate = settings.original_rate ? settings.original_rate : 48000;
  int err = OPUS_OK;
  OpusMSEncoder* enc = nullptr;
  if (channels <= 2) {
    head.mapping_family = 0;
    head.streams = 1;
    head.coupled = channels == 2 ? 1 : 0;
    head.mapping[0] = 0;
    head.mapping[1] = 1;
    enc = opus_multistream_encoder_create(48000, static_cast<int>(channels), 1, head.coupled, head.mapping.data(),
                                          OPUS_APPLICATION_AUDIO, &err);
  } else {
    head.mapping_family = 1;  // Vorbis channel order, as RFC 7845 §5.1.1.2 defines for 3–8 channels
    int streams = 0, coupled = 0;
    enc = opus_multistream_surround_encoder_create(48000, static_cast<int>(channels), 1, &streams, &coupled,
                                                   head.mapping.data(), OPUS_APPLICATION_AUDIO, &err);
    head.streams = static_cast<uint8_t>(streams);
    head.coupled = static_cast<uint8_t>(coupled);
  }
  if (err != OPUS_OK || !enc) return Status::unsupported(std::string("libopus could not set up an encoder: ") + opus_strerror(err));
  struct EncGuard {
    OpusMSEncoder* e;
    ~EncGuard() { opus_multistream_encoder_destroy(e); }
  } guard{enc};
  const uint32_t bitrate = settings.bitrate ? settings.bitrate : std::min<uint32_t>(256000, 64000 * channels);
  opus_multistream_encoder_ctl(enc, OPUS_SET_BITRATE(static_cast<opus_int32>(bitrate)));
  opus_multistream_encoder_ctl(enc, OPUS_SET_COMPLEXITY(10));
  opus_multistream_encoder_ctl(enc, OPUS_SET_VBR(1));
  opus_int32 lookahead = 0;
  opus_multistream_encoder_ctl(enc, OPUS_GET_LOOKAHEAD(&lookahead));
  head.pre_skip = static_cast<uint16_t>(lookahead);

  std::vector<uint8_t> out;
  ogg_stream_state os;
  ogg_stream_init(&os, 0x64736d6b);  // "dsmk": a fixed serial keeps the output reproducible
  struct OsGuard {
    ogg_stream_state* s;
    ~OsGuard() { ogg_stream_clear(s); }
  } os_guard{&os};
  ogg_page og;
  auto append_page = [&out](const ogg_page& pg) {
    out.insert(out.end(), pg.header, pg.header + pg.header_len);
    out.insert(out.end(), pg.body, pg.body + pg.body_len);
  };
  auto put_packet = [&](std::vector<uint8_t>& data, int64_t granule, bool bos, bool eos, int64_t number) {
    ogg_packet p{};
    p.packet = data.data();
    p.bytes = static_cast<long>(data.size());
    p.b_o_s = bos ? 1 : 0;
    p.e_o_s = eos ? 1 : 0;
    p.granulepos = granule;
    p.packetno = number;
    ogg_stream_packetin(&os, &p);
  };
  std::vector<uint8_t> head_packet = write_opus_head(head);
  put_packet(head_packet, 0, true, false, 0);
  while (ogg_stream_flush(&os, &og)) append_page(og);  // RFC 7845: the OpusHead alone on the first page
  std::vector<uint8_t> tags = settings.opus_tags;
  if (tags.size() < 8 || std::memcmp(tags.data(), "OpusTags", 8) != 0) {
    const std::string vendor = "dsmark " + std::string(version()) + " (" + opus_get_version_string() + ")";
    tags.assign({'O', 'p', 'u', 's', 'T', 'a', 'g', 's'});
    for (int b = 0; b < 4; ++b) tags.push_back(static_cast<uint8_t>(vendor.size() >> (8 * b)));
    tags.insert(tags.end(), vendor.begin(), vendor.end());
    for (int b = 0; b < 4; ++b) tags.push_back(0);  // no user comments
  }
  put_packet(tags, 0, false, false, 1);
  while (ogg_stream_flush(&os, &og)) append_page(og);

  constexpr int kFrame = 960;  // 20 ms
  const uint64_t total = audio.frames();
  const uint64_t padded = total + static_cast<uint64_t>(lookahead);
  const uint64_t n_frames = (padded + kFrame - 1) / kFrame;
  std::vector<float> frame(static_cast<size_t>(kFrame) * channels);
  std::vector<uint8_t> packet(4000 * static_cast<size_t>(channels));
  for (uint64_t i = 0; i < n_frames; ++i) {
    std::fill(frame.begin(), frame.end(), 0.0f);
    const uint64_t start = i * kFrame;
    if (start < total) {
      const uint64_t n = std::min<uint64_t>(kFrame, total - start);
      std::copy_n(audio.samples.begin() + static_cast<std::ptrdiff_t>(start * channels), n * channels, frame.begin());
    }
    const int bytes = opus_multistream_encode_float(enc, frame.data(), kFrame, packet.data(),
                                                    static_cast<opus_int32>(packet.size()));
    if (bytes < 0) return Status::malformed(std::string("libopus could not encode: ") + opus_strerror(bytes));
    std::vector<uint8_t> data(packet.begin(), packet.begin() + bytes);
    const bool last = i + 1 == n_frames;
    const int64_t granule = last ? static_cast<int64_t>(total + static_cast<uint64_t>(lookahead))
                                 : static_cast<int64_t>((i + 1) * kFrame);
    put_packet(data, granule, false, last, static_cast<int64_t>(i + 2));
    while (ogg_stream_pageout(&os, &og)) append_page(og);
  }
  while (ogg_stream_flush(&os, &og)) append_page(og);
  return out;
}

}  // namespace dsmark
