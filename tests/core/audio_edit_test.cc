// Where decoded sound starts and ends: MP4 edit lists (edts/elst) and AAC in Matroska/WebM. The files were written
// by ffmpeg and decoded by ffmpeg when they were made (tests/data/audio/make-aac.sh → ffmpeg-decoded.txt: sample
// count, onset and sample values); dsmark's decoders must give the same samples at the same places. Hand-made
// edit lists and Matroska tracks check the rules and the hostile cases.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <tuple>

#include "audio/aac.h"
#include "audio/audio_decode.h"
#include "audio/matroska_opus.h"
#include "audio/mp4_audio.h"
#include "audio/trim_sink.h"
#include "dsmark/dsmark.h"
#include "format/sniff.h"
#include "support/decoded_audio.h"
#include "support/media_builders.h"
#include "support/report_queries.h"

namespace dsmark {
namespace {

using test::find_mark;

using test::ByteVec;

std::vector<uint8_t> data_file(const std::string& name) { return test::test_data_file("audio/" + name); }

const bool kAac = audio_codec_decodable("aac");
const bool kMp3 = audio_codec_decodable("mp3");

// What ffmpeg gave for a file when it was made.
struct FfmpegDecoded {
  size_t samples = 0;
  size_t onset = 0;  // the first sample above 0.2
  std::vector<double> probes;
};
constexpr size_t kProbeAt[] = {4900, 6000, 12345, 20000, 30000, 40000, 47000};

FfmpegDecoded ffmpeg_decoded(const std::string& name) {
  const std::vector<double> v = test::recorded("ffmpeg-decoded.txt", name);
  FfmpegDecoded d;
  if (v.size() < 2) return d;
  d.samples = static_cast<size_t>(v[0]);
  d.onset = static_cast<size_t>(v[1]);
  d.probes.assign(v.begin() + 2, v.end());
  return d;
}

using test::decode_file;
using Decoded = test::DecodedAudio;

TEST(Mp4EditList, ReadFromFilesFfmpegWrote) {
  Mp4AudioTrack t;
  std::vector<std::string> w;
  ASSERT_TRUE(find_mp4_audio(data_file("edit-aac.m4a"), Limits{}, t, w).is_ok());
  EXPECT_EQ(t.movie_timescale, 1000u);
  EXPECT_EQ(t.media_timescale, 48000u);
  ASSERT_EQ(t.edits.size(), 1u);
  EXPECT_EQ(t.edits[0].media_time, 1024);  // ffmpeg's AAC priming
  EXPECT_EQ(t.edits[0].duration, 1000u);   // 1 s, the sweep's length
  EXPECT_EQ(t.edits[0].media_rate, 1 << 16);
  ASSERT_TRUE(find_mp4_audio(data_file("edit-mp3.mp4"), Limits{}, t, w).is_ok());
  ASSERT_EQ(t.edits.size(), 1u);
  EXPECT_EQ(t.edits[0].media_time, 1105);  // LAME's 576 + the MP3 decoder's 529
  ASSERT_TRUE(find_mp4_audio(data_file("edit-late.mp4"), Limits{}, t, w).is_ok());
  EXPECT_EQ(t.trak_index, 2u);
  ASSERT_EQ(t.edits.size(), 2u);
  EXPECT_EQ(t.edits[0].media_time, -1);  // an empty edit: the sound starts 478 ms into the clip
  EXPECT_EQ(t.edits[0].duration, 478u);
  EXPECT_EQ(t.edits[1].media_time, 0);
  EXPECT_EQ(t.edits[1].duration, 1022u);
  EXPECT_TRUE(w.empty());
  const TrimPlan plan = mp4_trim_plan(t, w);
  EXPECT_EQ(media_time_to_frames(plan.lead, 48000), 22944u);
  EXPECT_EQ(media_time_to_frames(plan.skip, 48000), 0u);
  EXPECT_EQ(media_time_to_frames(plan.keep, 48000), 49056u);
  EXPECT_FALSE(plan.keep_all);
  EXPECT_TRUE(w.empty());
}

// Each file against what ffmpeg decoded from it: `lead` samples of silence that ffmpeg does not write (it starts
// its output at the sound's first sample), then the same samples at the same places.
void expect_like_ffmpeg(const std::string& name, size_t lead, size_t expected_samples) {
  SCOPED_TRACE(name);
  const FfmpegDecoded ff = ffmpeg_decoded(name);
  ASSERT_EQ(ff.probes.size(), std::size(kProbeAt));
  const Decoded d = decode_file(data_file(name));
  ASSERT_TRUE(d.status.is_ok()) << d.status.message();
  EXPECT_TRUE(d.info.warnings.empty()) << d.info.warnings[0];
  EXPECT_EQ(d.mono.size(), expected_samples);
  EXPECT_EQ(d.info.frames, expected_samples);
  for (size_t i = 0; i < lead && i < d.mono.size(); ++i) ASSERT_EQ(d.mono[i], 0.0f) << i;
  EXPECT_NEAR(static_cast<double>(test::first_above(d.mono, 0.2f, lead)), static_cast<double>(lead + ff.onset), 1.0);
  for (size_t k = 0; k < ff.probes.size(); ++k) {
    ASSERT_LT(lead + kProbeAt[k], d.mono.size());
    EXPECT_NEAR(d.mono[lead + kProbeAt[k]], ff.probes[k], 2e-3) << "sample " << kProbeAt[k];
  }
}

TEST(Mp4EditList, AacSoundStartsAndEndsWhereTheEditListSays) {
  if (!kAac) GTEST_SKIP() << "this build has no AAC decoder";
  // The sweep's 48000 samples exactly: the 1024 priming samples dropped (ffmpeg does the same: onset and values
  // agree), and the last frame's padding cut at the edit's end (ffmpeg 5.1 keeps those 128 samples).
  expect_like_ffmpeg("edit-aac.m4a", 0, 48000);
  EXPECT_EQ(ffmpeg_decoded("edit-aac.m4a").samples, 48000u + 128);
  // The sweep starts at 0.1 s, as in the WAV it was encoded from (4800, + 12 samples to rise above 0.2).
  EXPECT_NEAR(static_cast<double>(test::first_above(decode_file(data_file("edit-aac.m4a")).mono, 0.2f)), 4812, 1);
}

TEST(Mp4EditList, Mp3InMp4DropsTheEncoderAndDecoderDelay) {
  if (!kMp3) GTEST_SKIP() << "this build has no MP3 decoder";
  expect_like_ffmpeg("edit-mp3.mp4", 0, 48000);
  EXPECT_EQ(ffmpeg_decoded("edit-mp3.mp4").samples, 48000u + 431);
}

TEST(Mp4EditList, AnEmptyEditIsSilenceBeforeTheSound) {
  if (!kAac) GTEST_SKIP() << "this build has no AAC decoder";
  // 478 ms of silence, then the track from its first sample (media_time 0: the priming plays) for 1022 ms.
  expect_like_ffmpeg("edit-late.mp4", 22944, 22944 + 49056);
  // The sweep starts 0.6 s into the clip (-itsoffset 0.5, + 0.1 s), to the 1 ms the movie timescale allows.
  const Report r = verify(data_file("edit-late.mp4"), "edit-late.mp4");
  ASSERT_TRUE(r.sound.has_value());
  EXPECT_DOUBLE_EQ(r.sound->seconds, 1.5);
  EXPECT_TRUE(r.warnings.empty()) << report_to_json(r);
}

TEST(MatroskaAac, DecodedLikeFfmpegWithThePrimingPlayed) {
  if (!kAac) GTEST_SKIP() << "this build has no AAC decoder";
  // No CodecDelay: ffmpeg plays the encoder's 1024 priming samples, and so does dsmark.
  expect_like_ffmpeg("sweep-aac.mkv", 0, 49152);
  EXPECT_EQ(ffmpeg_decoded("sweep-aac.mkv").samples, 49152u);
  const Decoded d = decode_file(data_file("sweep-aac.mkv"));
  EXPECT_EQ(d.info.codec, "aac");
  EXPECT_EQ(d.info.carrier, "mkv:aac[track=1]");
  EXPECT_EQ(d.info.sample_rate, 48000u);
}

TEST(MatroskaAac, TheRhythmLabelInAnMkaIsFound) {
  const Report r = verify(data_file("label-aac.mka"), "label-aac.mka");
  EXPECT_EQ(r.format, Format::kMkv);
  ASSERT_TRUE(r.sound.has_value()) << report_to_json(r);
  EXPECT_EQ(r.sound->codec, "aac");
  if (!kAac) {
    EXPECT_FALSE(r.sound->decoded);
    EXPECT_EQ(r.sound->code, "unsupported");
    EXPECT_EQ(r.sound->reason, "AAC audio (A_AAC) of this mkv clip could not be decoded in this build");
    GTEST_SKIP() << "this build has no AAC decoder (DSMARK_WITH_AAC off or libfaad absent)";
  }
  EXPECT_TRUE(r.sound->decoded);
  EXPECT_EQ(r.sound->decoder, "dsmark");
  EXPECT_TRUE(r.warnings.empty()) << report_to_json(r);
  EXPECT_EQ(r.verdict, Verdict::kAi);
  const Mark* m = find_mark(r, "explicit:audio-rhythm");
  ASSERT_NE(m, nullptr) << report_to_json(r);
  EXPECT_EQ(m->carrier, "mkv:aac[track=1]");
  // The same AAC frames as label-aac.m4a, whose edit list drops the priming: here it plays, 1024 samples (21 ms)
  // before the label, as ffmpeg decodes it (ffmpeg-decoded.txt: 196608 samples, 1024 + the m4a's 195360 + 224).
  EXPECT_EQ(ffmpeg_decoded("label-aac.mka").samples, 196608u);
  EXPECT_NEAR(r.sound->seconds, 196608 / 48000.0, 0.001);
  const Report m4a = verify(data_file("label-aac.m4a"), "label-aac.m4a");
  const Mark* m4a_mark = find_mark(m4a, "explicit:audio-rhythm");
  ASSERT_NE(m4a_mark, nullptr);
  EXPECT_NEAR(m->fields.find("start_s")->as_double() - m4a_mark->fields.find("start_s")->as_double(), 1024 / 48000.0,
              0.006);
  EXPECT_NEAR(m->fields.find("unit_ms")->as_double(), 90, 10);
}

// --- Edit lists written by hand: the rules and the hostile values.

Mp4AudioTrack track_with(std::vector<Mp4Edit> edits, uint32_t movie = 1000, uint32_t media = 48000) {
  Mp4AudioTrack t;
  t.movie_timescale = movie;
  t.media_timescale = media;
  t.edit_count = static_cast<uint32_t>(edits.size());
  t.edits = std::move(edits);
  return t;
}

TEST(Mp4EditList, PlansFollowTheCommonCasesAndNameTheRest) {
  std::vector<std::string> w;
  // No edit list: everything plays.
  TrimPlan p = mp4_trim_plan(track_with({}), w);
  EXPECT_TRUE(p.keep_all);
  EXPECT_EQ(p.skip.value, 0u);
  EXPECT_EQ(p.lead.value, 0u);
  // Two edits that follow on from one another are one: 1 s from 1024, then 0.5 s more.
  p = mp4_trim_plan(track_with({{1000, 1024}, {500, 1024 + 48000}}), w);
  EXPECT_TRUE(w.empty());
  EXPECT_FALSE(p.keep_all);
  EXPECT_EQ(media_time_to_frames(p.keep, 48000), 72000u);
  // A trailing empty edit changes nothing that is checked.
  p = mp4_trim_plan(track_with({{1000, 1024}, {300, -1}}), w);
  EXPECT_TRUE(w.empty());
  EXPECT_EQ(media_time_to_frames(p.keep, 48000), 48000u);
  // Duration 0: the rest of the media (fragmented files).
  p = mp4_trim_plan(track_with({{0, 2112}}, 44100, 44100), w);
  EXPECT_TRUE(w.empty());
  EXPECT_TRUE(p.keep_all);
  EXPECT_EQ(media_time_to_frames(p.skip, 44100), 2112u);  // Apple's AAC priming
  // HE-AAC: media_time in a 24 kHz media timescale, decoded at 48 kHz.
  p = mp4_trim_plan(track_with({{0, 1024}}, 600, 24000), w);
  EXPECT_EQ(media_time_to_frames(p.skip, 48000), 2048u);
  // Edits that jump: where the sound starts is applied, the rest is checked as stored, and that is said.
  p = mp4_trim_plan(track_with({{1000, 1024}, {1000, 200000}}), w);
  EXPECT_EQ(media_time_to_frames(p.skip, 48000), 1024u);
  EXPECT_TRUE(p.keep_all);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_TRUE(test::any_contains(w, "edit list has 2 edits that jump within the track")) << w[0];
  // What cannot be applied at all: named, and the track is checked as stored.
  for (const auto& [t, words] : std::vector<std::pair<Mp4AudioTrack, std::string>>{
           {track_with({{1000, 1024}}, 0, 48000), "a timescale of 0"},
           {track_with({{1000, 1024}}, 1000, 0), "a timescale of 0"},
           {track_with({{1000, -1}, {500, -1}}), "only empty edits"},
           {track_with({{1000, -5}}), "negative media time"},
           {track_with({{1000, 1024, 0}}), "dwells"},
           {track_with({{1000, 1024, 2 << 16}}), "changes the speed"},
           {track_with({{UINT64_MAX, -1}, {2, -1}, {1000, 0}}), "add up past any clip"}}) {
    w.clear();
    p = mp4_trim_plan(t, w);
    EXPECT_TRUE(p.keep_all) << words;
    EXPECT_EQ(p.skip.value, 0u) << words;
    EXPECT_EQ(p.lead.value, 0u) << words;
    ASSERT_EQ(w.size(), 1u) << words;
    EXPECT_TRUE(test::any_contains(w, words)) << w[0];
    EXPECT_TRUE(test::any_contains(w, "the track was checked as stored")) << w[0];
  }
}

TEST(TrimSinkTest, DropsKeepsAndLeadsWithinTheLimits) {
  EXPECT_EQ(media_time_to_frames({UINT64_MAX, 1}, 48000), UINT64_MAX);  // saturates
  EXPECT_EQ(media_time_to_frames({UINT64_MAX, 1000}, 192000), UINT64_MAX);
  EXPECT_EQ(media_time_to_frames({1, 3}, 48000), 16000u);
  EXPECT_EQ(media_time_to_frames({5, 0}, 48000), 0u);
  const std::vector<float> ramp = [] {
    std::vector<float> v(2 * 1000);
    for (size_t i = 0; i < 1000; ++i) v[2 * i] = v[2 * i + 1] = static_cast<float>(i);
    return v;
  }();
  // Skip 100, keep 50, 10 frames of silence first; written in blocks of 64 frames.
  TrimPlan plan;
  plan.lead = {10, 1000};
  plan.skip = {100, 1000};
  plan.keep = {50, 1000};
  plan.keep_all = false;
  CollectSink out;
  TrimSink trim(out, plan, 60);
  ASSERT_TRUE(trim.begin(1000, 2).is_ok());
  for (size_t at = 0; at < 1000 && !trim.full(); at += 64) {
    const size_t n = std::min<size_t>(64, 1000 - at);
    ASSERT_TRUE(trim.write({ramp.data() + 2 * at, 2 * n}).is_ok());
  }
  EXPECT_TRUE(trim.full());
  EXPECT_EQ(trim.frames_out(), 60u);
  ASSERT_EQ(out.audio().frames(), 60u);
  for (size_t i = 0; i < 10; ++i) EXPECT_EQ(out.audio().samples[2 * i], 0.0f);
  for (size_t i = 0; i < 50; ++i) EXPECT_EQ(out.audio().samples[2 * (10 + i) + 1], static_cast<float>(100 + i));
  // A skip past everything: nothing is written. A lead longer than the limit is not written.
  TrimPlan hostile;
  hostile.skip = {UINT64_MAX, 1};
  hostile.lead = {3600, 1};
  CollectSink none;
  TrimSink trim2(none, hostile, 60);
  ASSERT_TRUE(trim2.begin(48000, 2).is_ok());
  ASSERT_TRUE(trim2.write(ramp).is_ok());
  EXPECT_TRUE(trim2.lead_refused());
  EXPECT_EQ(none.audio().frames(), 0u);
  EXPECT_EQ(trim2.frames_in(), 1000u);
}

// edit-aac.m4a with its elst replaced by one of `elst_payload` (the sizes of the boxes around it are rewritten).
std::vector<uint8_t> with_elst(const ByteVec& elst_payload, uint8_t version) {
  std::vector<uint8_t> file = data_file("edit-aac.m4a");
  // Find trak/edts/elst and splice a new elst into the edts, fixing the sizes of moov, trak and edts.
  const auto find = [&](std::string_view type, size_t from) {
    for (size_t i = from; i + 8 <= file.size(); ++i) {
      if (std::string_view(reinterpret_cast<const char*>(&file[i + 4]), 4) == type) return i;
    }
    return file.size();
  };
  const size_t moov = find("moov", 0), trak = find("trak", moov), edts = find("edts", trak), elst = find("elst", edts);
  EXPECT_LT(elst, file.size());
  const uint32_t old_size = load_u32be(&file[elst]);
  const ByteVec box = test::full_box("elst", version, 0, elst_payload);
  file.erase(file.begin() + static_cast<long>(elst), file.begin() + static_cast<long>(elst + old_size));
  file.insert(file.begin() + static_cast<long>(elst), box.begin(), box.end());
  const int64_t delta = static_cast<int64_t>(box.size()) - old_size;
  for (size_t at : {moov, trak, edts}) {
    const uint32_t s = static_cast<uint32_t>(load_u32be(&file[at]) + delta);
    for (int k = 0; k < 4; ++k) file[at + k] = static_cast<uint8_t>(s >> (24 - 8 * k));
  }
  EXPECT_LT(find("mdat", 0), moov);  // ffmpeg writes the moov last: the chunk offsets stay right
  return file;
}

TEST(Mp4EditList, HostileEditListsNeverBreakDecoding) {
  using test::put_u32be;
  using test::put_u64be;
  // Version 1, 64-bit: the same edit as ffmpeg's, then a start far past the end, then a huge duration.
  struct Case {
    uint64_t duration;
    uint64_t media_time;
    size_t expect_frames;  // 0: none
    const char* warning;
  };
  for (const Case& c : {Case{1000, 1024, 48000, nullptr}, Case{1000, uint64_t{1} << 62, 0, "leaves none of its sound"},
                        Case{UINT64_MAX, 1024, 49152 - 1024 + 0, nullptr}, Case{5, 0x8000000000000000ull, 49152,
                                                                                 "negative media time"}}) {
    ByteVec e;
    put_u32be(e, 1);
    put_u64be(e, c.duration);
    put_u64be(e, c.media_time);
    put_u32be(e, 1 << 16);
    const Decoded d = decode_file(with_elst(e, 1));
    SCOPED_TRACE(c.media_time);
    if (!kAac) {
      EXPECT_EQ(d.status.code(), StatusCode::kUnsupported);
      continue;
    }
    ASSERT_TRUE(d.status.is_ok()) << d.status.message();
    EXPECT_EQ(d.mono.size(), c.expect_frames);
    if (c.warning) {
      EXPECT_TRUE(test::any_contains(d.info.warnings, c.warning)) << (d.info.warnings.empty() ? "" : d.info.warnings[0]);
    } else {
      EXPECT_TRUE(d.info.warnings.empty()) << d.info.warnings[0];
    }
  }
  // An empty edit of a day: not written as silence (the limit), and said.
  {
    ByteVec e;
    put_u32be(e, 2);
    for (uint32_t v : {86400000u, 0xffffffffu, 1u << 16, 1000u, 1024u, 1u << 16}) put_u32be(e, v);
    const Decoded d = decode_file(with_elst(e, 0));
    if (kAac) {
      ASSERT_TRUE(d.status.is_ok());
      EXPECT_EQ(d.mono.size(), 48000u);
      EXPECT_TRUE(test::any_contains(d.info.warnings, "starts later in the clip than the limit of 60 s")) << d.info.warnings.size();
    }
  }
  // An elst that claims more entries than it holds, and an unknown version: the track is checked as stored.
  for (const auto& [payload, version] : std::vector<std::pair<ByteVec, uint8_t>>{
           {ByteVec{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 1}, 0}, {ByteVec{0, 0, 0, 0}, 7}}) {
    const std::vector<uint8_t> file = with_elst(payload, version);
    Mp4AudioTrack t;
    std::vector<std::string> w;
    ASSERT_TRUE(find_mp4_audio(file, Limits{}, t, w).is_ok());
    EXPECT_TRUE(t.edits.empty());
    ASSERT_EQ(w.size(), 1u);
    EXPECT_TRUE(test::any_contains(w, "edit list could not be read")) << w[0];
    if (kAac) EXPECT_EQ(decode_file(file).mono.size(), 49152u);  // everything libfaad gives, priming included
  }
}

// --- AAC in Matroska built by hand from the AAC frames of edit-aac.m4a.

ByteVec ebml_float(uint32_t id, double v) {
  uint64_t bits = 0;
  std::memcpy(&bits, &v, sizeof v);
  ByteVec b;
  test::put_u64be(b, bits);
  return test::ebml(id, b);
}

// An MKV with one AAC track (number 1) holding `units` in SimpleBlocks.
ByteVec mka(std::string_view codec_id, const ByteVec& codec_private, const std::vector<ByteVec>& units,
            uint64_t codec_delay_ns = 0) {
  using namespace test;
  ByteVec entry = cat({ebml_uint(0xD7, 1), ebml_uint(0x83, 2), ebml_str(0x86, codec_id),
                       ebml(0xE1, cat({ebml_float(0xB5, 48000.0), ebml_uint(0x9F, 1)}))});
  if (!codec_private.empty()) entry = cat({entry, ebml(0x63A2, codec_private)});
  if (codec_delay_ns) entry = cat({entry, ebml_uint(0x56AA, codec_delay_ns)});
  ByteVec cluster = ebml_uint(0xE7, 0);
  for (size_t i = 0; i < units.size(); ++i) {  // at its time: 1024 samples at 48 kHz each, in ms
    const uint64_t ms = (i * 1024 + 24) / 48;
    cluster = cat({cluster, ebml(0xA3, cat({ByteVec{0x81, uint8_t(ms >> 8), uint8_t(ms), 0x80}, units[i]}))});
  }
  return matroska_file("matroska", cat({ebml(0x1654AE6B, ebml(0xAE, entry)), ebml(0x1F43B675, cluster)}));
}

TEST(MatroskaAac, LegacyCodecIdsAndCodecDelay) {
  // Object type, rate index, channels, GASpecificConfig, then "no SBR" (sync extension 0x2b7, as ffmpeg writes it).
  EXPECT_EQ(aac_config_for_matroska_id("A_AAC/MPEG4/LC", 48000, 0, 1),
            (std::vector<uint8_t>{0x11, 0x88, 0x56, 0xE5, 0x00}));
  EXPECT_EQ(aac_config_for_matroska_id("A_AAC/MPEG2/LC", 44100, 0, 2),
            (std::vector<uint8_t>{0x12, 0x10, 0x56, 0xE5, 0x00}));
  EXPECT_EQ(aac_config_for_matroska_id("A_AAC/MPEG4/MAIN", 44100, 0, 2),
            (std::vector<uint8_t>{0x0A, 0x10, 0x56, 0xE5, 0x00}));
  // SBR, explicitly: object type 5, the core's 24 kHz, stereo, the output's 48 kHz, then AAC LC.
  EXPECT_EQ(aac_config_for_matroska_id("A_AAC/MPEG4/LC/SBR", 24000, 48000, 2),
            (std::vector<uint8_t>{0x2B, 0x11, 0x88, 0x00}));
  EXPECT_EQ(aac_object_type(aac_config_for_matroska_id("A_AAC/MPEG4/LC/SBR", 22050, 0, 1)), 5u);
  // A rate outside the table is written out (index 15 + 24 bits).
  const std::vector<uint8_t> odd = aac_config_for_matroska_id("A_AAC/MPEG4/LC", 37000, 0, 2);
  ASSERT_EQ(odd.size(), 8u);  // 57 bits
  EXPECT_EQ(odd[0], 0x17);
  EXPECT_EQ(odd[1] >> 7, 1);
  // What cannot be written: empty.
  for (const auto& [id, rate, channels] : std::vector<std::tuple<std::string, double, uint64_t>>{
           {"A_AAC", 48000, 2}, {"A_AAC/MPEG4/HE", 48000, 2}, {"A_AAC/MPEG4/LC", 48000, 7},
           {"A_AAC/MPEG4/LC", 48000, 0}, {"A_AAC/MPEG4/LC", 0, 2}, {"A_AAC/MPEG4/LC", 44100.5, 2},
           {"A_AAC/MPEG4/LC", std::nan(""), 2}, {"A_AAC/MPEG4/LC", 1e300, 2}, {"A_VORBIS", 48000, 2}}) {
    EXPECT_TRUE(aac_config_for_matroska_id(id, rate, 0, channels).empty()) << id << " " << rate << " " << channels;
  }

  // The frames of edit-aac.m4a (48 kHz mono AAC LC) in Matroska: with their config, with a legacy ID and none,
  // and with CodecDelay = the priming. Decoded, they give the m4a's samples.
  const std::vector<uint8_t> m4a = data_file("edit-aac.m4a");
  Mp4AudioTrack t;
  std::vector<std::string> w;
  ASSERT_TRUE(find_mp4_audio(m4a, Limits{}, t, w).is_ok());
  std::vector<ByteVec> units;
  for (const Mp4AudioUnit& u : t.units) units.emplace_back(m4a.begin() + u.offset, m4a.begin() + u.offset + u.size);
  const ByteVec asc(t.decoder_config.begin(), t.decoder_config.end());
  EXPECT_EQ(asc, aac_config_for_matroska_id("A_AAC/MPEG4/LC", 48000, 0, 1));  // ffmpeg's config, byte for byte
  if (!kAac) {
    const Decoded d = decode_file(mka("A_AAC", asc, units));
    EXPECT_EQ(d.status.code(), StatusCode::kUnsupported);
    EXPECT_EQ(d.status.message(), "AAC audio (A_AAC) of this mkv clip could not be decoded in this build");
    EXPECT_EQ(d.info.codec, "aac");
    GTEST_SKIP() << "this build has no AAC decoder";
  }
  const Decoded reference = decode_file(m4a);  // priming dropped by the edit list
  ASSERT_EQ(reference.mono.size(), 48000u);
  const Decoded plain = decode_file(mka("A_AAC", asc, units));
  const Decoded legacy = decode_file(mka("A_AAC/MPEG4/LC", {}, units));
  const Decoded delayed = decode_file(mka("A_AAC", asc, units, 21'333'333));  // 1024 / 48000 s in ns
  for (const Decoded* d : {&plain, &legacy, &delayed}) {
    ASSERT_TRUE(d->status.is_ok()) << d->status.message();
    EXPECT_TRUE(d->info.warnings.empty()) << d->info.warnings[0];
    EXPECT_EQ(d->info.codec, "aac");
    EXPECT_EQ(d->info.carrier, "mkv:aac[track=1]");
  }
  ASSERT_EQ(plain.mono.size(), units.size() * 1024);
  ASSERT_EQ(legacy.mono.size(), plain.mono.size());
  ASSERT_EQ(delayed.mono.size(), plain.mono.size() - 1024);
  for (size_t i = 0; i < reference.mono.size(); ++i) {
    ASSERT_EQ(plain.mono[1024 + i], reference.mono[i]) << i;
    ASSERT_EQ(legacy.mono[1024 + i], reference.mono[i]) << i;
    ASSERT_EQ(delayed.mono[i], reference.mono[i]) << i;
  }
  // Plain A_AAC without CodecPrivate cannot be configured; frames that are not AAC decode to nothing.
  const Decoded bare = decode_file(mka("A_AAC", {}, units));
  EXPECT_EQ(bare.status.code(), StatusCode::kMalformed);
  EXPECT_NE(bare.status.message().find("has no CodecPrivate"), std::string::npos) << bare.status.message();
  const Decoded odd_id = decode_file(mka("A_AAC/MPEG4/HE", {}, units));
  EXPECT_EQ(odd_id.status.code(), StatusCode::kUnsupported);
  const Decoded junk = decode_file(mka("A_AAC", asc, std::vector<ByteVec>(200, ByteVec{1, 2, 3, 4, 5})));
  EXPECT_FALSE(junk.status.is_ok());
  // A report of a clip whose AAC frames are damaged says so and still names the codec.
  const Report r = verify(mka("A_AAC", asc, std::vector<ByteVec>(200, ByteVec{1, 2, 3, 4, 5})), "junk.mka");
  ASSERT_TRUE(r.sound.has_value());
  EXPECT_EQ(r.sound->codec, "aac");
  EXPECT_FALSE(r.sound->decoded);
  EXPECT_EQ(r.sound->code, "malformed");
}

}  // namespace
}  // namespace dsmark
