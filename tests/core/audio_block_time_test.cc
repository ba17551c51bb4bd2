// Where the sound of a Matroska/WebM clip plays: block timestamps (a track that starts late, a gap), DiscardPadding,
// CodecDelay and the Opus pre-skip. The files were written by ffmpeg and decoded by ffmpeg when they were made
// (tests/data/audio/make-mka-time.sh → ffmpeg-timed.txt, decoded with -copyts and aresample=async=1:first_pts=0:
// the sound at its time); dsmark must give the same samples at the same places. BlockTimeline's rules and hostile
// values are checked on ramps.
#include <gtest/gtest.h>

#include <cmath>

#include "audio/audio_decode.h"
#include "audio/trim_sink.h"
#include "dsmark/dsmark.h"
#include "format/sniff.h"
#include "support/decoded_audio.h"
#include "support/report_queries.h"
#include "util/byte_reader.h"

namespace dsmark {
namespace {

using test::any_contains;
using test::find_mark;

std::vector<uint8_t> data_file(const std::string& name) { return test::test_data_file("audio/" + name); }

const bool kAac = audio_codec_decodable("aac");

// What ffmpeg gave for a file when it was made: the sample count, the first sample not 0, the first above 0.2,
// and every 500th sample.
struct FfmpegTimed {
  size_t samples = 0, first = 0, onset = 0;
  std::vector<double> every500;
};

FfmpegTimed ffmpeg_timed(const std::string& name) {
  const std::vector<double> v = test::recorded("ffmpeg-timed.txt", name);
  FfmpegTimed d;
  if (v.size() < 3) return d;
  d.samples = static_cast<size_t>(v[0]);
  d.first = static_cast<size_t>(v[1]);
  d.onset = static_cast<size_t>(v[2]);
  d.every500.assign(v.begin() + 3, v.end());
  return d;
}

using test::decode_file;
using Decoded = test::DecodedAudio;

// dsmark's samples against ffmpeg's (written with 6 decimals: they agree to the last, 5.4e-7 at most, libopus
// and ffmpeg's own Opus decoder, libfaad and ffmpeg's AAC decoder alike): ffmpeg's sample i is dsmark's i, or i + `shift` from ffmpeg's sample `from` on
// (ffmpeg rounds CodecDelay to the 1 ms tick before it places a block: 7 ms for Opus's 6.5, so after a gap its
// blocks are 0.5 ms, 24 samples, earlier than their exact time).
void expect_like_ffmpeg(const std::string& name, const Decoded& d, size_t from = SIZE_MAX, size_t shift = 0,
                        double tolerance = 1e-6) {
  SCOPED_TRACE(name);
  const FfmpegTimed ff = ffmpeg_timed(name);
  ASSERT_TRUE(d.status.is_ok()) << d.status.message();
  EXPECT_EQ(d.mono.size(), ff.samples + shift);
  EXPECT_EQ(d.info.frames, ff.samples + shift);
  // libopus's first samples are not exactly 0 where ffmpeg's own Opus decoder's are: only an upper bound.
  EXPECT_LE(test::first_above(d.mono, 0.0f), ff.first);
  EXPECT_EQ(test::first_above(d.mono, 0.2f), ff.onset);
  ASSERT_EQ(ff.every500.size(), (ff.samples + 499) / 500);
  size_t compared = 0;
  for (size_t k = 0; k < ff.every500.size(); ++k) {
    const size_t i = k * 500, ours = i >= from ? i + shift : i;
    if (i >= from && i < from + 1000) continue;  // the edge of the gap, where the two differ by the shift
    ASSERT_LT(ours, d.mono.size());
    EXPECT_NEAR(d.mono[ours], ff.every500[k], tolerance) << "ffmpeg's sample " << i;
    ++compared;
  }
  EXPECT_GT(compared, 90u);
}

TEST(MatroskaBlockTime, OpusFromTheStartWithCodecDelayAndDiscardPadding) {
  // The first block at 0, CodecDelay 6.5 ms = the 312-sample pre-skip, DiscardPadding 13.5 ms (648 samples) on the
  // last block: the sweep's 48000 samples exactly, where the WAV has them.
  const Decoded d = decode_file(data_file("time-opus.webm"));
  expect_like_ffmpeg("time-opus.webm", d);
  EXPECT_TRUE(d.info.warnings.empty()) << d.info.warnings[0];
  EXPECT_EQ(d.mono.size(), 48000u);
  EXPECT_NEAR(static_cast<double>(test::first_above(d.mono, 0.2f)), 4812, 2);  // 0.1 s + 12 samples, as in the WAV
  EXPECT_EQ(d.info.carrier, "webm:opus[track=1]");
}

TEST(MatroskaBlockTime, OpusThatStartsLateIsPlayedAtItsTime) {
  // The first block at 494 ms (ffmpeg rounds 0.5 s − the 6.5 ms CodecDelay up to the tick): 23712 samples of
  // silence, then the sound. Before block times were applied the sound started at 0.
  const Decoded d = decode_file(data_file("time-late.webm"));
  expect_like_ffmpeg("time-late.webm", d);
  EXPECT_TRUE(d.info.warnings.empty()) << d.info.warnings[0];
  for (size_t i = 0; i < 23712; ++i) ASSERT_EQ(d.mono[i], 0.0f) << i;
  EXPECT_EQ(d.mono.size(), 23712u + 48000u);
  // The same samples as the clip that starts at 0, moved.
  const Decoded at0 = decode_file(data_file("time-opus.webm"));
  double worst = 0;
  for (size_t i = 0; i < at0.mono.size(); ++i) worst = std::max(worst, std::fabs(double{d.mono[23712 + i]} - at0.mono[i]));
  EXPECT_LT(worst, 1e-6);
}

TEST(MatroskaBlockTime, AGapBetweenBlocksIsFilledWithSilence) {
  // Blocks from 500 ms moved 300 ms later: the block at 481 ms ends at 493.5 ms (its time − CodecDelay + 20 ms),
  // the next is at 801 − 6.5 = 794.5 ms: 301 ms (14448 samples) of silence. ffmpeg fills 14424: see above.
  const Decoded d = decode_file(data_file("time-gap.webm"));
  expect_like_ffmpeg("time-gap.webm", d, 23688, 24);
  EXPECT_EQ(d.mono.size(), 48000u + 14448);
  for (size_t i = 23688; i < 23688 + 14448; ++i) ASSERT_EQ(d.mono[i], 0.0f) << i;
  EXPECT_NE(d.mono[23687], 0.0f);
  EXPECT_NE(d.mono[23688 + 14448], 0.0f);
  ASSERT_EQ(d.info.warnings.size(), 1u);
  EXPECT_TRUE(any_contains(d.info.warnings, "block timestamps leave 1 gap(s), 0.301 s in all, the first at 0.49"))
      << d.info.warnings[0];
  EXPECT_TRUE(any_contains(d.info.warnings, "filled with silence, as a player plays them"));
  // The report's length counts the silence.
  const Report r = verify(data_file("time-gap.webm"), "time-gap.webm");
  ASSERT_TRUE(r.sound.has_value());
  EXPECT_NEAR(r.sound->seconds, 62448 / 48000.0, 1e-9);
}

TEST(MatroskaBlockTime, AacThatStartsLateIsPlayedAtItsTime) {
  if (!kAac) GTEST_SKIP() << "this build has no AAC decoder";
  // No CodecDelay (ffmpeg 5.1 writes none for AAC): the first block at 479 ms (0.5 s − the 1024-sample priming),
  // 22992 samples of silence, then the priming and the sound, as ffmpeg places them.
  const Decoded d = decode_file(data_file("time-late-aac.mkv"));
  expect_like_ffmpeg("time-late-aac.mkv", d);
  EXPECT_TRUE(d.info.warnings.empty()) << d.info.warnings[0];
  for (size_t i = 0; i < 22992; ++i) ASSERT_EQ(d.mono[i], 0.0f) << i;
}

TEST(MatroskaBlockTime, TheRhythmLabelOfALateClipIsReportedAtItsTime) {
  // The label starts 2 s into its WAV, whose sound starts 1.5 s into the clip.
  const Report r = verify(data_file("time-label.webm"), "time-label.webm");
  EXPECT_TRUE(r.warnings.empty()) << report_to_json(r);
  const Mark* m = find_mark(r, "explicit:audio-rhythm");
  ASSERT_NE(m, nullptr) << report_to_json(r);
  EXPECT_EQ(m->carrier, "webm:opus[track=1]");
  EXPECT_NEAR(m->fields.find("start_s")->as_double(), 3.5, 0.015);
  ASSERT_TRUE(r.sound.has_value());
  EXPECT_NEAR(r.sound->seconds, 1.5 + 4.07, 0.01);
}

// time-opus.webm with its last block's DiscardPadding changed: `id` replaces the element's ID (another ID: the
// element is ignored) and `value` its 4 value bytes (a signed integer).
std::vector<uint8_t> with_discard(uint16_t id, uint32_t value) {
  std::vector<uint8_t> file = data_file("time-opus.webm");
  for (size_t i = file.size() - 7; i > 0; --i) {
    if (file[i] == 0x75 && file[i + 1] == 0xA2 && file[i + 2] == 0x84) {
      EXPECT_EQ(load_u32be(&file[i + 3]), 13'500'000u);
      file[i] = static_cast<uint8_t>(id >> 8);
      file[i + 1] = static_cast<uint8_t>(id);
      for (int k = 0; k < 4; ++k) file[i + 3 + k] = static_cast<uint8_t>(value >> (24 - 8 * k));
      return file;
    }
  }
  ADD_FAILURE() << "no DiscardPadding in time-opus.webm";
  return file;
}

TEST(MatroskaBlockTime, DiscardPaddingDropsFromTheEndOrTheStartOfItsBlock) {
  const Decoded with = decode_file(data_file("time-opus.webm"));
  ASSERT_EQ(with.mono.size(), 48000u);
  // Without it (an unknown element instead): the encoder's 648 padding samples play too.
  const Decoded without = decode_file(with_discard(0x7FA2, 13'500'000));
  ASSERT_TRUE(without.status.is_ok());
  ASSERT_EQ(without.mono.size(), 48648u);
  for (size_t i = 0; i < 48000; ++i) ASSERT_EQ(without.mono[i], with.mono[i]) << i;
  // Negative: −5 ms (240 samples) from the start of the last block instead (51 blocks of 960 samples: its output
  // starts at 50 · 960 − the 312 of the pre-skip).
  const Decoded front = decode_file(with_discard(0x75A2, static_cast<uint32_t>(-5'000'000)));
  ASSERT_TRUE(front.status.is_ok());
  EXPECT_TRUE(front.info.warnings.empty()) << front.info.warnings[0];
  ASSERT_EQ(front.mono.size(), 48648u - 240);
  for (size_t i = 0; i < 47688; ++i) ASSERT_EQ(front.mono[i], without.mono[i]) << i;
  for (size_t i = 47688; i < front.mono.size(); ++i) ASSERT_EQ(front.mono[i], without.mono[i + 240]) << i;
  // 10 ms: 480 samples from the end. 2.1 s: the whole last block, which a warning says.
  const Decoded ten = decode_file(with_discard(0x75A2, 10'000'000));
  EXPECT_EQ(ten.mono.size(), 48648u - 480);
  const Decoded most = decode_file(with_discard(0x75A2, 0x7FFFFFFF));
  EXPECT_EQ(most.mono.size(), 47688u);
  ASSERT_EQ(most.info.warnings.size(), 1u);
  EXPECT_EQ(most.info.warnings[0], "1 block(s) of the sound track discard more than they hold (DiscardPadding); none "
                                   "of their sound played");
}

// --- BlockTimeline on ramps: sample k of a block starting at decoded sample s has the value s + k.

struct Ramp {
  CollectSink out;
  BlockTimeline timeline;
  uint64_t decoded = 0;
  explicit Ramp(BlockTimeline::Settings s) : timeline(out, s) {}
  // A block at `ms` (rate 1000 Hz: 1 sample per ms) of `n` samples with `discard_ms`.
  void block(std::optional<int64_t> ms, uint64_t n, int64_t discard_ms = 0) {
    ASSERT_TRUE(timeline.start_block(ms ? std::optional<int64_t>(*ms * 1'000'000) : std::nullopt,
                                     discard_ms * 1'000'000)
                    .is_ok());
    std::vector<float> x(n);
    for (uint64_t k = 0; k < n; ++k) x[k] = static_cast<float>(decoded + k + 1);  // 1-based: 0 is silence
    for (uint64_t at = 0; at < n; at += 7) {  // written in pieces, as decoders do
      ASSERT_TRUE(timeline.write({x.data() + at, static_cast<size_t>(std::min<uint64_t>(7, n - at))}).is_ok());
    }
    timeline.end_block();
    decoded += n;
  }
  const std::vector<float>& samples() { return out.audio().samples; }
};

BlockTimeline::Settings ramp_settings(uint64_t skip = 0, uint32_t max_silence = 60) {
  BlockTimeline::Settings s;
  s.skip = {skip, 1000};
  s.max_silence_seconds = max_silence;
  return s;
}

TEST(BlockTimelineTest, LeadGapsJitterAndDiscards) {
  Ramp r(ramp_settings(5));
  ASSERT_TRUE(r.timeline.begin(1000, 1).is_ok());
  r.block(10, 20);       // raw time 10, 5 skipped: the first sample that plays (6) is at 15 → 15 zeros first
  r.block(30 + 50, 20);  // within the 100 ms tolerance: follows on
  r.block(40 + 200, 20, 5);   // 160 ms late (after 80 + 20 = 100 ms... the block before ended at 50): a gap of 190
  r.block(std::nullopt, 10, -3);  // no time: follows on; its first 3 samples dropped
  const std::vector<float>& x = r.samples();
  ASSERT_EQ(x.size(), 15u + 15 + 20 + 190 + 15 + 7);
  for (size_t i = 0; i < 15; ++i) EXPECT_EQ(x[i], 0.0f);
  EXPECT_EQ(x[15], 6.0f);
  EXPECT_EQ(x[29], 20.0f);
  EXPECT_EQ(x[30], 21.0f);   // the second block straight after
  EXPECT_EQ(x[49], 40.0f);
  for (size_t i = 50; i < 240; ++i) EXPECT_EQ(x[i], 0.0f) << i;
  EXPECT_EQ(x[240], 41.0f);  // the third block at 240 ms, its last 5 dropped
  EXPECT_EQ(x[254], 55.0f);
  EXPECT_EQ(x[255], 64.0f);  // the fourth: 61–70 without its first 3
  EXPECT_EQ(x.back(), 70.0f);
  const std::vector<std::string> w = r.timeline.warnings();
  ASSERT_EQ(w.size(), 1u);
  EXPECT_TRUE(any_contains(w, "leave 1 gap(s), 0.190 s in all, the first at 0.050 s")) << w[0];
}

TEST(BlockTimelineTest, JumpsBackwardsAndLimitsAreSaid) {
  Ramp r(ramp_settings(0, 1));  // at most 1 s (1000 samples) of silence in all
  ASSERT_TRUE(r.timeline.begin(1000, 1).is_ok());
  r.block(600, 100);     // a lead of 600
  r.block(1000, 100);    // a gap of 300: 900 of 1000 used
  r.block(1300, 100);    // a gap of 200: past the limit, not filled
  r.block(1000, 100);    // back by 400: played as stored
  r.block(1100, 100);    // follows on from there
  EXPECT_EQ(r.samples().size(), 600u + 100 + 300 + 100 + 100 + 100 + 100);
  std::vector<std::string> w = r.timeline.warnings();
  ASSERT_EQ(w.size(), 3u);
  EXPECT_TRUE(any_contains(w, "leave 1 gap(s), 0.300 s in all, the first at 0.700 s")) << w[0];
  EXPECT_TRUE(any_contains(w, "jump ahead 1 time(s), the first by 0.200 s at 1.100 s: past the limit of 1 s")) << w[1];
  EXPECT_TRUE(any_contains(w, "go back 1 time(s), the first at 1.200 s, by up to 0.400 s")) << w[2];
  // A lead past the limit is not written: times count from the sound.
  Ramp late(ramp_settings(0, 1));
  ASSERT_TRUE(late.timeline.begin(1000, 1).is_ok());
  late.block(5000, 10);
  EXPECT_EQ(late.samples().size(), 10u);
  EXPECT_TRUE(any_contains(late.timeline.warnings(), "starts 5.000 s into the clip (its block timestamps), later than the limit of 1 s"));
  // A start before 0: nothing dropped, said.
  Ramp early(ramp_settings());
  ASSERT_TRUE(early.timeline.begin(1000, 1).is_ok());
  early.block(-500, 10);
  EXPECT_EQ(early.samples().size(), 10u);
  EXPECT_TRUE(any_contains(early.timeline.warnings(), "starts 0.500 s before the clip's time 0"));
}

TEST(BlockTimelineTest, DiscardsSkipsAndHostileValues) {
  // The stream's skip and a block's leading DiscardPadding drop a sample once: the longer decides.
  Ramp r(ramp_settings(8));
  ASSERT_TRUE(r.timeline.begin(1000, 1).is_ok());
  r.block(0, 20, -5);
  r.block(20, 20, 25);  // more than the block holds: all of it dropped, said
  r.block(40, 20, -30);
  r.block(60, 20, INT64_MIN / 1'000'000);
  r.block(80, 20, INT64_MAX / 1'000'000);
  r.block(100, 20);
  // A lead of 8 (the first sample that plays is at 8), 9–20; blocks 2–5 dropped whole (those dropped from the end
  // take no time, those from the start do: the last block is 40 ms after the end of the first, under the
  // tolerance, so it follows on), then 101–120.
  ASSERT_EQ(r.samples().size(), 8u + 12 + 20);
  EXPECT_EQ(r.samples()[8], 9.0f);
  EXPECT_EQ(r.samples()[19], 20.0f);
  EXPECT_EQ(r.samples()[20], 101.0f);
  std::vector<std::string> w = r.timeline.warnings();
  ASSERT_EQ(w.size(), 1u);
  EXPECT_TRUE(any_contains(w, "4 block(s) of the sound track discard more than they hold")) << w[0];
  // Huge times: saturate, never overflow; the limits hold.
  Ramp h(ramp_settings());
  ASSERT_TRUE(h.timeline.begin(48000, 2).is_ok());
  for (int64_t t : {INT64_MAX, INT64_MIN, kMaxBlockTimeNs, -kMaxBlockTimeNs, int64_t{0}, INT64_MAX}) {
    ASSERT_TRUE(h.timeline.start_block(t, t).is_ok());
    const std::vector<float> x(2 * 960, 0.5f);
    ASSERT_TRUE(h.timeline.write(x).is_ok());
    h.timeline.end_block();
  }
  EXPECT_LE(h.out.audio().frames(), 60u * 48000 + 6 * 960);
  EXPECT_EQ(ns_to_frames(INT64_MAX, 48000), 442721857769029);  // 292 years
  EXPECT_EQ(ns_to_frames(INT64_MIN, 48000), -442721857769029);
  EXPECT_EQ(ns_to_frames(INT64_MAX, UINT32_MAX), INT64_MAX);  // saturates
  EXPECT_EQ(ns_to_frames(-kMaxBlockTimeNs, 48000), -ns_to_frames(kMaxBlockTimeNs, 48000));
  EXPECT_EQ(ns_to_frames(6'500'000, 48000), 312);
  EXPECT_EQ(ns_to_frames(-10'417, 48000), -1);
  EXPECT_EQ(ns_to_frames(-500'000'000, 1), -1);  // half a sample rounds away from 0
  EXPECT_EQ(ns_to_frames(500'000'000, 1), 1);
  // A block longer than the 2^21 samples held back for a DiscardPadding (here 8 frames of 2^18 channels): what does
  // not fit plays, said.
  {
    constexpr uint32_t kChannels = 1u << 18;
    CollectSink wide;
    BlockTimeline t(wide, ramp_settings());
    ASSERT_TRUE(t.begin(1000, kChannels).is_ok());
    ASSERT_TRUE(t.start_block(int64_t{0}, 10'000'000).is_ok());  // 10 frames from the end
    std::vector<float> x(size_t{3} * kChannels);
    for (int k = 0; k < 6; ++k) {  // 18 frames, 3 at a time
      std::fill(x.begin(), x.end(), static_cast<float>(k + 1));
      ASSERT_TRUE(t.write(x).is_ok());
    }
    t.end_block();
    EXPECT_EQ(t.frames_out(), 10u);  // 18 − the 8 held back
    EXPECT_EQ(wide.audio().samples[size_t{9} * kChannels], 4.0f);
    ASSERT_EQ(t.warnings().size(), 1u);
    EXPECT_EQ(t.warnings()[0], "1 block(s) of the sound track have a DiscardPadding longer than dsmark drops; part "
                               "of it played");
  }
  // The frame cap counts the silence.
  BlockTimeline::Settings capped = ramp_settings();
  capped.max_frames = 100;
  Ramp c(capped);
  ASSERT_TRUE(c.timeline.begin(1000, 1).is_ok());
  c.block(50, 30);
  c.block(80, 30);
  EXPECT_TRUE(c.timeline.capped());
  EXPECT_EQ(c.samples().size(), 100u);
  EXPECT_EQ(c.timeline.frames_out(), 100u);
}

TEST(BlockTimelineTest, TheFirstBlockAnchorsADecoderThatBeginsLate) {
  // libfaad gives the first frame's samples with the second: begin() and the first write come in the second block,
  // and they belong at the first block's time.
  CollectSink out;
  BlockTimeline t(out, ramp_settings());
  ASSERT_TRUE(t.start_block(int64_t{100'000'000}, 0).is_ok());
  t.end_block();
  ASSERT_TRUE(t.start_block(int64_t{120'000'000}, 0).is_ok());
  ASSERT_TRUE(t.begin(1000, 1).is_ok());
  const std::vector<float> x(40, 1.0f);
  ASSERT_TRUE(t.write(x).is_ok());
  t.end_block();
  EXPECT_EQ(out.audio().frames(), 140u);
  EXPECT_EQ(out.audio().samples[99], 0.0f);
  EXPECT_EQ(out.audio().samples[100], 1.0f);
  EXPECT_TRUE(t.warnings().empty());
}

}  // namespace
}  // namespace dsmark
