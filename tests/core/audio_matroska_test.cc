// The Opus track of WebM/MKV clips: demuxing (known and unknown sizes, SimpleBlock and BlockGroup, Xiph/EBML/fixed
// lacing), the audio detectors on it through verify(), other codecs named, hostile input refused plainly.
#include <gtest/gtest.h>
#include <opus/opus.h>

#include "audio/audio_decode.h"
#include "audio/matroska_opus.h"
#include "audio/ogg_opus.h"
#include "audio/pcm.h"
#include "dsmark/dsmark.h"
#include "dsmark/watermark.h"
#include "audio/wav_codec.h"
#include <optional>
#include "support/audio_gen.h"
#include "util/byte_reader.h"
#include "support/report_queries.h"

namespace dsmark {
namespace {

using test::find_mark;

using Buf = std::vector<uint8_t>;

// The packets of an Ogg Opus file (OpusHead first), read with a minimal page walker.
std::vector<Buf> ogg_packets(const Buf& ogg) {
  std::vector<Buf> packets;
  Buf cur;
  size_t at = 0;
  while (at + 27 <= ogg.size()) {
    const size_t nseg = ogg[at + 26];
    size_t body = at + 27 + nseg;
    for (size_t i = 0; i < nseg; ++i) {
      const size_t len = ogg[at + 27 + i];
      cur.insert(cur.end(), ogg.begin() + static_cast<long>(body), ogg.begin() + static_cast<long>(body + len));
      body += len;
      if (len < 255) {
        packets.push_back(std::move(cur));
        cur.clear();
      }
    }
    at = body;
  }
  return packets;
}

Buf vint_size(uint64_t n) {  // 8-byte EBML size
  Buf b{0x01};
  for (int i = 6; i >= 0; --i) b.push_back(static_cast<uint8_t>(n >> (8 * i)));
  return b;
}

Buf id_bytes(uint32_t id) {
  Buf b;
  for (int i = 3; i >= 0; --i) {
    if ((id >> (8 * i)) || !b.empty()) b.push_back(static_cast<uint8_t>(id >> (8 * i)));
  }
  return b;
}

Buf el(uint32_t id, const Buf& payload) {
  Buf b = id_bytes(id);
  const Buf s = vint_size(payload.size());
  b.insert(b.end(), s.begin(), s.end());
  b.insert(b.end(), payload.begin(), payload.end());
  return b;
}

Buf el_unknown(uint32_t id, const Buf& payload) {
  Buf b = id_bytes(id);
  b.push_back(0xFF);  // 1-byte size, every value bit set: unknown
  b.insert(b.end(), payload.begin(), payload.end());
  return b;
}

Buf str(std::string_view s) { return Buf(s.begin(), s.end()); }
Buf u8v(uint8_t v) { return Buf{v}; }
Buf cat(std::initializer_list<Buf> parts) {
  Buf out;
  for (const Buf& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

enum class Layout { kSimple, kBlockGroups, kXiphLaced, kEbmlLaced, kFixedLaced, kLive };

// A cluster Timestamp element: `ms` in 4 bytes.
Buf cluster_time(uint64_t ms) { return el(0xE7, Buf{uint8_t(ms >> 24), uint8_t(ms >> 16), uint8_t(ms >> 8), uint8_t(ms)}); }

// A WebM clip whose audio track (number 2, after a video track) holds `packets` (packets[0] is the OpusHead), each
// block at its time (TimestampScale 1 ms), 50 blocks to a cluster.
Buf webm(const std::vector<Buf>& packets, Layout layout, std::string_view codec = "A_OPUS") {
  const Buf header = el(0x1A45DFA3, cat({el(0x4286, u8v(1)), el(0x4282, str("webm")), el(0x4287, u8v(4))}));
  const Buf video = el(0xAE, cat({el(0xD7, u8v(1)), el(0x83, u8v(1)), el(0x86, str("V_VP9"))}));
  const Buf audio =
      el(0xAE, cat({el(0xD7, u8v(2)), el(0x83, u8v(2)), el(0x86, str(codec)), el(0x63A2, packets[0])}));
  Buf clusters;
  Buf body;
  size_t in_cluster = 0;
  uint64_t at_48k = 0, cluster_ms = 0;  // the time of the next packet; the cluster's
  auto flush = [&] {
    clusters = cat({clusters, layout == Layout::kLive ? el_unknown(0x1F43B675, body) : el(0x1F43B675, body)});
    body.clear();
    in_cluster = 0;
  };
  const auto duration = [](const Buf& packet) {
    const int n = opus_packet_get_nb_samples(packet.data(), static_cast<opus_int32>(packet.size()), 48000);
    return n > 0 ? static_cast<uint64_t>(n) : 0;
  };
  const bool laced = layout == Layout::kXiphLaced || layout == Layout::kEbmlLaced || layout == Layout::kFixedLaced;
  for (size_t i = 2; i < packets.size();) {
    const uint64_t ms = (at_48k + 24) / 48;
    if (body.empty()) {
      cluster_ms = ms;
      body = cluster_time(ms);
    }
    Buf block{0x82, uint8_t((ms - cluster_ms) >> 8), uint8_t(ms - cluster_ms)};  // track 2, relative timestamp
    if (!laced) {
      block.push_back(0x80);
      block.insert(block.end(), packets[i].begin(), packets[i].end());
      at_48k += duration(packets[i]);
      ++i;
    } else {
      size_t n = std::min<size_t>(3, packets.size() - i);
      if (layout == Layout::kFixedLaced) {  // fixed lacing needs equal sizes: group equal-length packets
        n = 1;
        while (n < 3 && i + n < packets.size() && packets[i + n].size() == packets[i].size()) ++n;
      }
      block.push_back(static_cast<uint8_t>(0x80 | (layout == Layout::kXiphLaced ? 0x02 : layout == Layout::kEbmlLaced ? 0x06 : 0x04)));
      block.push_back(static_cast<uint8_t>(n - 1));
      if (layout == Layout::kXiphLaced) {
        for (size_t k = 0; k + 1 < n; ++k) {
          size_t s = packets[i + k].size();
          while (s >= 255) {
            block.push_back(255);
            s -= 255;
          }
          block.push_back(static_cast<uint8_t>(s));
        }
      } else if (layout == Layout::kEbmlLaced && n > 1) {
        const size_t first = packets[i].size();  // < 16383: a 2-byte vint
        block.push_back(static_cast<uint8_t>(0x40 | (first >> 8)));
        block.push_back(static_cast<uint8_t>(first));
        for (size_t k = 1; k + 1 < n; ++k) {
          const int64_t diff = static_cast<int64_t>(packets[i + k].size()) - static_cast<int64_t>(packets[i + k - 1].size());
          const uint64_t raw = static_cast<uint64_t>(diff + 8191);  // 2-byte signed vint, bias 2^13 - 1
          block.push_back(static_cast<uint8_t>(0x40 | (raw >> 8)));
          block.push_back(static_cast<uint8_t>(raw));
        }
      }
      for (size_t k = 0; k < n; ++k) {
        block.insert(block.end(), packets[i + k].begin(), packets[i + k].end());
        at_48k += duration(packets[i + k]);
      }
      i += n;
    }
    body = cat({body, layout == Layout::kBlockGroups ? el(0xA0, el(0xA1, [&] {
                                                           Buf b = block;
                                                           b[3] = 0x00;  // Block flags have no keyframe bit
                                                           return b;
                                                         }()))
                                                      : el(0xA3, block)});
    if (++in_cluster == 50) flush();
  }
  if (in_cluster) flush();
  const Buf info = el(0x1549A966, cat({el(0x2AD7B1, Buf{0x0F, 0x42, 0x40}), el(0x4D80, str("dsmark test"))}));
  const Buf seg = cat({info, el(0x1654AE6B, cat({video, audio})), clusters});
  return cat({header, layout == Layout::kLive ? el_unknown(0x18538067, seg) : el(0x18538067, seg)});
}

std::vector<Buf> opus_packets(const AudioBuffer& a) {
  auto ogg = encode_ogg_opus(a, OpusEncodeSettings{});
  EXPECT_TRUE(ogg.is_ok());
  return ogg.is_ok() ? ogg_packets(*ogg) : std::vector<Buf>{};
}

TEST(AudioMatroska, RhythmLabelInTheOpusTrackOfAWebmClip) {
  std::vector<float> x = test::speech_like(48000, 8, 5);
  test::add_morse(x, 48000, 2.5, test::morse_ai(false), 0.1, 1500, 0.3);
  const std::vector<Buf> packets = opus_packets(test::mono_buffer(x, 48000));
  ASSERT_GT(packets.size(), 300u);
  for (Layout layout : {Layout::kSimple, Layout::kBlockGroups, Layout::kXiphLaced, Layout::kEbmlLaced,
                        Layout::kFixedLaced, Layout::kLive}) {
    const Buf clip = webm(packets, layout);
    const Report r = verify(clip, "clip.webm");
    EXPECT_EQ(r.format, Format::kWebm);
    const Mark* m = find_mark(r, "explicit:audio-rhythm");
    ASSERT_NE(m, nullptr) << static_cast<int>(layout) << ": " << report_to_json(r);
    EXPECT_EQ(m->carrier, "webm:opus[track=2]");
    EXPECT_NEAR(m->fields.find("start_s")->as_double(), 2.5, 0.04);
    // Every packet decoded: the same number of samples whatever the block layout.
    MonoSink sink(16000);
    AudioStreamInfo info;
    ASSERT_TRUE(decode_matroska_audio(clip, Limits{}, 16000, "webm", sink, info).is_ok());
    EXPECT_EQ(info.channels, 1u);
    EXPECT_NEAR(static_cast<double>(sink.finish().size()), 8 * 16000, 16000 * 0.03) << static_cast<int>(layout);
    EXPECT_TRUE(info.warnings.empty()) << info.warnings[0];
  }
}

TEST(AudioMatroska, WatermarkSurvivesRemuxingIntoWebm) {
  const AudioBuffer host = test::stereo_buffer(test::music_like(48000, 12, 8), test::speech_like(48000, 12, 9), 48000);
  EmbedOptions options;
  options.output_format = "wav";
  options.payload = {0x12, 0x34, 0x56, 0x78};
  auto marked = embed_watermark(encode_wav(host, WavFormat{WavSampleKind::kInt, 16, 16}), options);
  ASSERT_TRUE(marked.is_ok()) << marked.status().message();
  CollectSink collect;
  AudioStreamInfo info;
  ASSERT_TRUE(decode_wav(*marked, Limits{}, collect, info, nullptr).is_ok());
  const Report r = verify(webm(opus_packets(collect.audio()), Layout::kSimple), "marked.webm");
  const Mark* m = find_mark(r, "watermark:dsmark-audio");
  ASSERT_NE(m, nullptr) << report_to_json(r);
  EXPECT_EQ(m->fields.find("payload")->as_string(), "12345678");
  // The unmarked host in the same container: nothing.
  EXPECT_EQ(find_mark(verify(webm(opus_packets(host), Layout::kSimple), "host.webm"), "watermark:dsmark-audio"),
            nullptr);
}

TEST(AudioMatroska, OtherCodecsAreNamedAndVideoOnlyClipsAreQuiet) {
  std::vector<Buf> fake{Buf{0x12, 0x10}, Buf{}, Buf{1, 2, 3}, Buf{4, 5, 6}};
  const Report vorbis = verify(webm(fake, Layout::kSimple, "A_VORBIS"), "clip.mkv");
  bool named = false;
  for (const std::string& w : vorbis.warnings) {
    named = named || w.find("Vorbis audio (A_VORBIS) of this webm clip could not be decoded in this build") !=
                         std::string::npos;
  }
  EXPECT_TRUE(named) << report_to_json(vorbis);
  ASSERT_TRUE(vorbis.sound.has_value());
  EXPECT_EQ(vorbis.sound->codec, "vorbis");
  EXPECT_EQ(vorbis.sound->code, "unsupported");
  // AAC is decoded where libfaad is linked (these frames are not AAC: damaged) and named elsewhere
  // (tests/core/audio_edit_test.cc decodes real AAC in Matroska).
  const Report aac = verify(webm(fake, Layout::kSimple, "A_AAC"), "clip.mkv");
  ASSERT_TRUE(aac.sound.has_value());
  EXPECT_EQ(aac.sound->codec, "aac");
  EXPECT_FALSE(aac.sound->decoded);
  if (audio_codec_decodable("aac")) {
    EXPECT_EQ(aac.sound->code, "malformed") << report_to_json(aac);
  } else {
    EXPECT_EQ(aac.sound->reason, "AAC audio (A_AAC) of this webm clip could not be decoded in this build");
  }
  // No audio track at all: no audio warning.
  Buf only_video = webm(fake, Layout::kSimple, "A_OPUS");
  MonoSink sink(16000);
  AudioStreamInfo info;
  const Buf header = el(0x1A45DFA3, el(0x4282, str("webm")));
  const Buf no_audio = cat({header, el(0x18538067, el(0x1654AE6B, el(0xAE, cat({el(0xD7, u8v(1)), el(0x83, u8v(1))}))))});
  EXPECT_TRUE(decode_matroska_audio(no_audio, Limits{}, 16000, "webm", sink, info).is_ok());
  EXPECT_EQ(info.channels, 0u);
  // A bad OpusHead is malformed, not a crash.
  EXPECT_EQ(decode_matroska_audio(only_video, Limits{}, 16000, "webm", sink, info).code(), StatusCode::kMalformed);
}

TEST(AudioMatroska, HostileClipsStopAtTheLimits) {
  std::vector<float> x = test::speech_like(48000, 3, 6);
  const std::vector<Buf> packets = opus_packets(test::mono_buffer(x, 48000));
  const Buf clip = webm(packets, Layout::kEbmlLaced);
  Limits tight;
  tight.max_audio_samples = 16000;  // 1 s
  MonoSink sink(16000);
  AudioStreamInfo info;
  ASSERT_TRUE(decode_matroska_audio(clip, tight, 16000, "webm", sink, info).is_ok());
  EXPECT_TRUE(info.cut_at_limit);
  EXPECT_LE(sink.finish().size(), 16000u + 400u);
  Limits few;
  few.max_boxes = 60;
  MonoSink sink2(16000);
  AudioStreamInfo info2;
  ASSERT_TRUE(decode_matroska_audio(clip, few, 16000, "webm", sink2, info2).is_ok());
  EXPECT_TRUE(info2.cut_at_limit);
  // Every truncation of the clip: a status or a shorter sound, never a crash.
  for (size_t cut = 0; cut < clip.size(); cut += clip.size() / 23 + 1) {
    MonoSink s(16000);
    AudioStreamInfo i;
    (void)decode_matroska_audio(Bytes(clip.data(), cut), Limits{}, 16000, "webm", s, i);
  }
}


// --- Block timestamps and DiscardPadding with hostile values (tests/core/audio_block_time_test.cc: the real ones).

Buf be64(uint64_t v) {
  Buf b;
  for (int i = 7; i >= 0; --i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
  return b;
}

struct TimedBlock {
  std::optional<uint64_t> cluster;  // a new cluster with this Timestamp (nullopt: a new one without)
  int16_t relative = 0;
  std::optional<int64_t> discard;   // a BlockGroup with DiscardPadding
};

// An MKA whose Opus track (number 1) holds packets[2…] in the blocks given, in order; `packets[0]` is the OpusHead
// (pre-skip 312), CodecDelay the same 6.5 ms unless said.
Buf timed_mka(const std::vector<Buf>& packets, const std::vector<TimedBlock>& blocks,
              std::optional<uint64_t> scale = std::nullopt, std::optional<uint64_t> codec_delay = 6'500'000) {
  Buf entry = cat({el(0xD7, u8v(1)), el(0x83, u8v(2)), el(0x86, str("A_OPUS")), el(0x63A2, packets[0])});
  if (codec_delay) entry = cat({entry, el(0x56AA, be64(*codec_delay))});
  Buf segment = el(0x1654AE6B, el(0xAE, entry));
  if (scale) segment = cat({el(0x1549A966, el(0x2AD7B1, be64(*scale))), segment});
  Buf cluster;
  bool open = false;
  for (size_t i = 0; i < blocks.size() && i + 2 < packets.size(); ++i) {
    const TimedBlock& b = blocks[i];
    if (b.cluster || !open) {
      if (open) segment = cat({segment, el(0x1F43B675, cluster)});
      cluster = b.cluster ? el(0xE7, be64(*b.cluster)) : Buf{};
      open = true;
    }
    Buf block{0x81, static_cast<uint8_t>(static_cast<uint16_t>(b.relative) >> 8), static_cast<uint8_t>(b.relative)};
    block.push_back(b.discard ? 0x00 : 0x80);
    block.insert(block.end(), packets[i + 2].begin(), packets[i + 2].end());
    cluster = cat({cluster, b.discard ? el(0xA0, cat({el(0x75A2, be64(static_cast<uint64_t>(*b.discard))), el(0xA1, block)}))
                                      : el(0xA3, block)});
  }
  if (open) segment = cat({segment, el(0x1F43B675, cluster)});
  const Buf header = el(0x1A45DFA3, cat({el(0x4286, u8v(1)), el(0x4282, str("matroska"))}));
  return cat({header, el(0x18538067, segment)});
}

struct TimedDecode {
  Status status = Status::ok();
  AudioStreamInfo info;
  size_t frames = 0;
};
TimedDecode decode_timed(const Buf& file, const Limits& limits = Limits{}) {
  TimedDecode d;
  CollectSink sink;
  d.status = decode_matroska_audio(file, limits, 48000, "mkv", sink, d.info);
  d.frames = sink.audio().frames();
  return d;
}

TEST(AudioMatroska, HostileBlockTimesAndDiscardPaddingAreBoundedAndSaid) {
  const std::vector<Buf> packets = opus_packets(test::mono_buffer(test::speech_like(48000, 2, 7), 48000));
  const size_t n = packets.size() - 2;  // 20 ms packets
  ASSERT_GT(n, 90u);
  const size_t all = n * 960 - 312;     // every packet's samples without the pre-skip
  const auto in_order = [&](uint64_t cluster_ms) {  // one cluster, blocks 20 ms apart
    std::vector<TimedBlock> b(n);
    b[0].cluster = cluster_ms;
    for (size_t i = 0; i < n; ++i) b[i].relative = static_cast<int16_t>(20 * i);
    return b;
  };
  // In order from 0: every sample, no warning. TimestampScale 0 is read as the default.
  for (const std::optional<uint64_t>& scale : {std::optional<uint64_t>(), std::optional<uint64_t>(0),
                                                std::optional<uint64_t>(1'000'000)}) {
    const TimedDecode d = decode_timed(timed_mka(packets, in_order(0), scale));
    ASSERT_TRUE(d.status.is_ok()) << d.status.message();
    EXPECT_EQ(d.frames, all);
    EXPECT_EQ(d.info.frames, all);
    EXPECT_TRUE(d.info.warnings.empty()) << d.info.warnings[0];
  }
  // A cluster Timestamp or a TimestampScale past 2^62 ns: those times are refused and said; the sound plays as stored.
  for (const auto& [cluster, scale] : std::vector<std::pair<uint64_t, uint64_t>>{
           {UINT64_MAX, 1'000'000}, {uint64_t{1} << 62, 1'000'000}, {5, UINT64_MAX}, {2, uint64_t{1} << 62}}) {
    const TimedDecode d = decode_timed(timed_mka(packets, in_order(cluster), scale));
    ASSERT_TRUE(d.status.is_ok()) << d.status.message();
    EXPECT_EQ(d.frames, all) << cluster << " " << scale;
    ASSERT_EQ(d.info.warnings.size(), 1u) << cluster << " " << scale << ": " << d.info.warnings[0];
    EXPECT_NE(d.info.warnings[0].find("block timestamp(s) of the sound track are out of range"), std::string::npos)
        << d.info.warnings[0];
  }
  // 10 hours late: no silence written (the limit), times count from the sound. A tenth of a second late: written.
  {
    const TimedDecode late = decode_timed(timed_mka(packets, in_order(36'000'000)));
    EXPECT_EQ(late.frames, all);
    ASSERT_EQ(late.info.warnings.size(), 1u);
    EXPECT_NE(late.info.warnings[0].find("starts 36000.000 s into the clip (its block timestamps), later than the "
                                         "limit of 60 s"),
              std::string::npos)
        << late.info.warnings[0];
    const TimedDecode soon = decode_timed(timed_mka(packets, in_order(100)));
    EXPECT_EQ(soon.frames, all + 4800);
    EXPECT_TRUE(soon.info.warnings.empty());
  }
  // A CodecDelay of 2^64 − 1 ns: every time far before 0; played from its first sample, said.
  {
    const TimedDecode d = decode_timed(timed_mka(packets, in_order(0), std::nullopt, UINT64_MAX));
    EXPECT_EQ(d.frames, all);
    ASSERT_EQ(d.info.warnings.size(), 1u);
    EXPECT_NE(d.info.warnings[0].find("before the clip's time 0"), std::string::npos) << d.info.warnings[0];
  }
  // Each cluster 59 s after the one before: the first gap is filled, the rest are past the 60 s of silence allowed.
  {
    std::vector<TimedBlock> b = in_order(0);
    for (size_t i = 10; i < n; i += 10) b[i].cluster = 59'000 * (i / 10);
    for (size_t i = 0; i < n; ++i) b[i].relative = static_cast<int16_t>(20 * (i % 10));
    const TimedDecode d = decode_timed(timed_mka(packets, b));
    EXPECT_EQ(d.frames, all + size_t{48000} * (59'000 - 200) / 1000);
    ASSERT_EQ(d.info.warnings.size(), 2u);
    EXPECT_NE(d.info.warnings[0].find("leave 1 gap(s), 58.800 s in all, the first at 0.194 s"), std::string::npos)
        << d.info.warnings[0];
    EXPECT_NE(d.info.warnings[1].find("jump ahead " + std::to_string((n - 1) / 10 - 1) + " time(s)"),
              std::string::npos)
        << d.info.warnings[1];
  }
  // Every block at 0, and blocks before their cluster's start (negative tick counts have no time): as stored.
  {
    std::vector<TimedBlock> same(n);
    same[0].cluster = 0;
    const TimedDecode d = decode_timed(timed_mka(packets, same));
    EXPECT_EQ(d.frames, all);
    ASSERT_EQ(d.info.warnings.size(), 1u);
    EXPECT_NE(d.info.warnings[0].find("go back"), std::string::npos) << d.info.warnings[0];
    std::vector<TimedBlock> negative = in_order(0);
    for (size_t i = 0; i < n; ++i) negative[i].relative = static_cast<int16_t>(-32768 + 20 * i);
    const TimedDecode e = decode_timed(timed_mka(packets, negative));
    EXPECT_EQ(e.frames, all);
    EXPECT_TRUE(e.info.warnings.empty()) << e.info.warnings[0];
    std::vector<TimedBlock> untimed(n);  // clusters without a Timestamp
    for (size_t i = 0; i < n; i += 7) untimed[i].cluster.reset();
    EXPECT_EQ(decode_timed(timed_mka(packets, untimed)).frames, all);
  }
  // DiscardPadding of every extreme: bounded, said.
  {
    std::vector<TimedBlock> b = in_order(0);
    b[3].discard = INT64_MIN;
    b[4].discard = INT64_MAX;
    b[5].discard = -1;
    b[6].discard = 1;
    b[7].discard = 0;
    const TimedDecode d = decode_timed(timed_mka(packets, b));
    ASSERT_TRUE(d.status.is_ok()) << d.status.message();
    EXPECT_EQ(d.frames, all - 2 * 960);  // blocks 3 and 4 dropped whole; ±1 ns rounds to no sample
    ASSERT_EQ(d.info.warnings.size(), 1u);  // the 20 ms of block 4 (dropped from its end) take no time: no gap
    EXPECT_NE(d.info.warnings[0].find("2 block(s) of the sound track discard more than they hold"), std::string::npos)
        << d.info.warnings[0];
  }
  // The sample limit counts the silence.
  {
    Limits tight;
    tight.max_audio_samples = 48000;
    const TimedDecode d = decode_timed(timed_mka(packets, in_order(30'000)), tight);
    ASSERT_TRUE(d.status.is_ok());
    EXPECT_EQ(d.frames, 48000u);
    EXPECT_TRUE(d.info.cut_at_limit);
  }
}

}  // namespace
}  // namespace dsmark
