// The sound track of MP4/M4A/MOV files: the demux (sample tables, fragments, sample entries and esds) on files
// ffmpeg wrote (tests/data/audio/make-aac.sh) and on hand-built hostile boxes, AAC decoding through libfaad where
// the build has it (DSMARK_WITH_AAC), the marks found in AAC sound, and the report's `sound` object either way.
#include <gtest/gtest.h>


#include "audio/audio_decode.h"
#include "audio/mp4_audio.h"
#include "dsmark/build_info.h"
#include "dsmark/dsmark.h"
#include "dsmark/watermark.h"
#include "support/media_builders.h"
#include "support/report_queries.h"

namespace dsmark {
namespace {

using test::find_mark;
using test::has_warning;

using test::ByteVec;

std::vector<uint8_t> data_file(const std::string& name) { return test::test_data_file("audio/" + name); }

const bool kAac = audio_codec_decodable("aac");

TEST(AacVerify, TheBuildSaysItsLicence) {
  EXPECT_EQ(build_licence(), kAac ? "GPL-3.0-or-later" : "Apache-2.0");
}

TEST(Mp4AudioDemux, FindsTheAacTrackAndEveryAccessUnit) {
  const std::vector<uint8_t> file = data_file("host-aac.m4a");
  ASSERT_GT(file.size(), 50000u) << "tests/data/audio/host-aac.m4a is missing";
  Mp4AudioTrack t;
  std::vector<std::string> warnings;
  ASSERT_TRUE(find_mp4_audio(file, Limits{}, t, warnings).is_ok());
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(t.sample_entry, "mp4a");
  EXPECT_EQ(t.object_type, 0x40);
  EXPECT_EQ(aac_object_type(t.decoder_config), 2u);  // AAC LC
  EXPECT_EQ(mp4_audio_codec(t), "aac");
  EXPECT_EQ(mp4_audio_codec_words(t), "AAC LC");
  EXPECT_EQ(t.channels, 2u);
  EXPECT_EQ(t.sample_rate, 44100u);
  EXPECT_EQ(t.trak_index, 1u);
  EXPECT_FALSE(t.fragmented);
  // 12 s at 44.1 kHz in units of 1024 samples (plus the encoder's priming).
  EXPECT_GE(t.units.size(), 12u * 44100 / 1024);
  EXPECT_LE(t.units.size(), 12u * 44100 / 1024 + 4);
  uint64_t bytes = 0;
  for (const Mp4AudioUnit& u : t.units) {
    ASSERT_LE(u.offset + u.size, file.size());
    bytes += u.size;
  }
  // 64 kbit/s for 12 s, within the encoder's rate control.
  EXPECT_NEAR(static_cast<double>(bytes) * 8 / 12, 64000, 12000);
}

TEST(Mp4AudioDemux, ReadsFragmentsAndTheTrackOfAVideoClip) {
  Mp4AudioTrack plain, frag, clip;
  std::vector<std::string> warnings;
  ASSERT_TRUE(find_mp4_audio(data_file("marked-aac.m4a"), Limits{}, plain, warnings).is_ok());
  const std::vector<uint8_t> frag_file = data_file("marked-frag.m4a");
  ASSERT_TRUE(find_mp4_audio(frag_file, Limits{}, frag, warnings).is_ok());
  EXPECT_TRUE(frag.fragmented);
  EXPECT_EQ(mp4_audio_codec(frag), "aac");
  // Fragments hold the same access units as the plain file (same encoder, same sound).
  ASSERT_EQ(frag.units.size(), plain.units.size());
  for (size_t i = 0; i < plain.units.size(); ++i) ASSERT_EQ(frag.units[i].size, plain.units[i].size) << i;
  for (const Mp4AudioUnit& u : frag.units) ASSERT_LE(u.offset + u.size, frag_file.size());

  ASSERT_TRUE(find_mp4_audio(data_file("marked-clip.mp4"), Limits{}, clip, warnings).is_ok());
  EXPECT_EQ(mp4_audio_codec(clip), "aac");
  EXPECT_EQ(clip.trak_index, 2u);  // after the video track
  EXPECT_TRUE(warnings.empty());
}

TEST(Mp4AudioDemux, NamesCodecsItDoesNotDecode) {
  Mp4AudioTrack t;
  std::vector<std::string> warnings;
  ASSERT_TRUE(find_mp4_audio(data_file("alac.m4a"), Limits{}, t, warnings).is_ok());
  EXPECT_EQ(mp4_audio_codec(t), "alac");
  ASSERT_TRUE(find_mp4_audio(data_file("ac3.mp4"), Limits{}, t, warnings).is_ok());
  EXPECT_EQ(mp4_audio_codec(t), "ac-3");
  EXPECT_EQ(mp4_audio_codec_words(t), "AC-3 (Dolby Digital)");
}

// A minimal M4A: ftyp, moov/trak with a sound handler and the given stbl children, then an mdat.
ByteVec m4a_with_stbl(const ByteVec& stbl_children, const ByteVec& mdat = ByteVec(64, 0x21)) {
  using namespace test;
  ByteVec hdlr(4, 0);
  put(hdlr, "soun");
  hdlr.resize(hdlr.size() + 13, 0);
  ByteVec tkhd(20, 0);
  tkhd[11] = 1;  // track_ID 1 (after ctime, mtime)
  const ByteVec trak = box("trak", cat({full_box("tkhd", 0, 7, tkhd),
                                        box("mdia", cat({full_box("hdlr", 0, 0, hdlr),
                                                         box("minf", box("stbl", stbl_children))}))}));
  return cat({ftyp("M4A ", {"isom"}), box("moov", trak), box("mdat", mdat)});
}

ByteVec mp4a_stsd(const ByteVec& asc) {
  using namespace test;
  ByteVec entry(8, 0);
  entry[7] = 1;                    // data_reference_index
  entry.resize(16, 0);             // version, revision, vendor
  put_u16be(entry, 2);             // channels
  put_u16be(entry, 16);            // sample size
  put_u32be(entry, 0);             // compression id, packet size
  put_u32be(entry, 44100u << 16);  // rate 16.16
  ByteVec dsi = {0x05, static_cast<uint8_t>(asc.size())};
  put(dsi, asc);
  ByteVec dcd = {0x40, 0x15, 0, 0, 0, 0, 0, 0xfa, 0, 0, 0, 0xfa, 0};
  put(dcd, dsi);
  ByteVec dcd_desc = {0x04, static_cast<uint8_t>(dcd.size())};
  put(dcd_desc, dcd);
  ByteVec es = {0, 1, 0};
  put(es, dcd_desc);
  ByteVec es_desc = {0x03, static_cast<uint8_t>(es.size())};
  put(es_desc, es);
  put(entry, full_box("esds", 0, 0, es_desc));
  ByteVec stsd;
  put_u32be(stsd, 1);
  put(stsd, box("mp4a", entry));
  return full_box("stsd", 0, 0, stsd);
}

TEST(Mp4AudioDemux, HostileTablesStopWithinBounds) {
  using namespace test;
  const ByteVec stsd = mp4a_stsd({0x12, 0x10});  // AAC LC, 44.1 kHz, stereo
  // stsz claims a million sizes but holds two.
  {
    ByteVec stsz;
    put_u32be(stsz, 0);
    put_u32be(stsz, 1000000);
    put_u32be(stsz, 10);
    put_u32be(stsz, 10);
    Mp4AudioTrack t;
    std::vector<std::string> w;
    const ByteVec file = m4a_with_stbl(cat({stsd, full_box("stsz", 0, 0, stsz)}));
    ASSERT_TRUE(find_mp4_audio(file, Limits{}, t, w).is_ok());
    EXPECT_TRUE(t.units.empty());
    ASSERT_EQ(w.size(), 1u);
    EXPECT_NE(w[0].find("shorter than its count"), std::string::npos) << w[0];
  }
  // A constant sample size, chunk offsets past the end of the file, a chunk of 4 billion samples.
  {
    ByteVec stsz, stco, stsc;
    put_u32be(stsz, 100);
    put_u32be(stsz, 5);
    put_u32be(stco, 2);
    put_u32be(stco, 0xfffffff0u);
    put_u32be(stco, 40);
    put_u32be(stsc, 1);
    put_u32be(stsc, 1);
    put_u32be(stsc, 0xffffffffu);
    put_u32be(stsc, 1);
    Mp4AudioTrack t;
    std::vector<std::string> w;
    const ByteVec file = m4a_with_stbl(
        cat({stsd, full_box("stsz", 0, 0, stsz), full_box("stco", 0, 0, stco), full_box("stsc", 0, 0, stsc)}));
    ASSERT_TRUE(find_mp4_audio(file, Limits{}, t, w).is_ok());
    EXPECT_EQ(t.units.size(), 5u);  // the sample count bounds the walk, not the chunk's claim
    AudioStreamInfo info;
    MonoSink sink(16000);
    const Status s = decode_mp4_audio(file, Format::kM4a, Limits{}, sink, info);
    EXPECT_EQ(info.codec, "aac");
    if (kAac) {
      EXPECT_FALSE(s.is_ok());  // the only units lie outside the file
      EXPECT_EQ(s.code(), StatusCode::kMalformed) << s.message();
    } else {
      EXPECT_EQ(s.code(), StatusCode::kUnsupported);
    }
  }
  // A sample-to-chunk table out of order.
  {
    ByteVec stsz, stco, stsc;
    put_u32be(stsz, 8);
    put_u32be(stsz, 4);
    put_u32be(stco, 1);
    put_u32be(stco, 40);
    put_u32be(stsc, 2);
    for (uint32_t v : {3u, 1u, 1u, 2u, 1u, 1u}) put_u32be(stsc, v);
    Mp4AudioTrack t;
    std::vector<std::string> w;
    const ByteVec file = m4a_with_stbl(
        cat({stsd, full_box("stsz", 0, 0, stsz), full_box("stco", 0, 0, stco), full_box("stsc", 0, 0, stsc)}));
    ASSERT_TRUE(find_mp4_audio(file, Limits{}, t, w).is_ok());
    EXPECT_TRUE(t.units.empty());
    ASSERT_EQ(w.size(), 1u);
    EXPECT_NE(w[0].find("out of order"), std::string::npos);
  }
}

TEST(Mp4AudioDemux, TheUnitLimitCutsTheListWithAWarning) {
  Limits limits;
  limits.max_media_samples = 100;
  for (const char* name : {"marked-aac.m4a", "marked-frag.m4a"}) {
    Mp4AudioTrack t;
    std::vector<std::string> w;
    ASSERT_TRUE(find_mp4_audio(data_file(name), limits, t, w).is_ok()) << name;
    EXPECT_EQ(t.units.size(), 100u) << name;
    EXPECT_TRUE(t.units_cut) << name;
    if (!kAac) continue;
    const Report r = verify(data_file(name), name, VerifyOptions{.limits = limits});
    EXPECT_TRUE(has_warning(r, "more access units than the limit of 100")) << report_to_json(r);
    ASSERT_TRUE(r.sound.has_value());
    EXPECT_NEAR(r.sound->seconds, 100 * 1024 / 44100.0, 0.05);
  }
}

TEST(AacVerify, TheRhythmLabelInAnM4aIsFound) {
  const Report r = verify(data_file("label-aac.m4a"), "label-aac.m4a");
  EXPECT_EQ(r.format, Format::kM4a);
  ASSERT_TRUE(r.sound.has_value()) << report_to_json(r);
  EXPECT_EQ(r.sound->codec, "aac");
  if (!kAac) {
    EXPECT_FALSE(r.sound->decoded);
    EXPECT_EQ(r.sound->code, "unsupported");
    EXPECT_EQ(r.sound->reason, "the AAC LC sound of this m4a file could not be decoded in this build");
    EXPECT_TRUE(has_warning(r, "could not be decoded in this build; its sound was not checked"));
    GTEST_SKIP() << "this build has no AAC decoder (DSMARK_WITH_AAC off or libfaad absent)";
  }
  EXPECT_TRUE(r.sound->decoded);
  EXPECT_EQ(r.sound->decoder, "dsmark");
  // The WAV's 4.07 s exactly: the edit list drops the encoder's 1024 priming samples and the last frame's padding.
  EXPECT_DOUBLE_EQ(r.sound->seconds, 2 + 23 * 0.09);
  EXPECT_TRUE(r.warnings.empty()) << report_to_json(r);
  EXPECT_EQ(r.verdict, Verdict::kAi);
  const Mark* m = find_mark(r, "explicit:audio-rhythm");
  ASSERT_NE(m, nullptr) << report_to_json(r);
  EXPECT_EQ(m->carrier, "m4a:moov/trak[1]/aac");
  // Where the label is in the WAV it was encoded from (the detector finds 1.995 s there; the edit list is
  // applied, so the AAC's priming does not shift it: tests/core/audio_edit_test.cc checks the samples).
  EXPECT_NEAR(m->fields.find("start_s")->as_double(), 2.0, 0.01);
  EXPECT_NEAR(m->fields.find("unit_ms")->as_double(), 90, 10);
  EXPECT_NEAR(m->fields.find("frequency_hz")->as_double(), 1200, 35);
  const std::string json = report_to_json(r);
  EXPECT_NE(json.find(R"("sound":{"decoded":true,"codec":"aac","decoder":"dsmark","seconds":)"), std::string::npos)
      << json;
}

TEST(AacVerify, DsmarkWatermarkSurvivesAacInM4aFragmentsAndVideoClips) {
  if (!kAac) GTEST_SKIP() << "this build has no AAC decoder";
  for (const char* name : {"marked-aac.m4a", "marked-frag.m4a", "marked-clip.mp4"}) {
    const Report r = verify(data_file(name), name);
    const Mark* m = find_mark(r, "watermark:dsmark-audio");
    ASSERT_NE(m, nullptr) << name << ": " << report_to_json(r);
    EXPECT_EQ(m->fields.find("payload")->as_string(), "0badf00d") << name;
    EXPECT_LT(m->fields.find("p_value")->as_double(), 1e-9) << name;
    EXPECT_EQ(r.verdict, Verdict::kAi) << name;
    ASSERT_TRUE(r.sound.has_value());
    EXPECT_TRUE(r.sound->decoded);
    EXPECT_NEAR(r.sound->seconds, 12.0, 0.1) << name;
    EXPECT_TRUE(r.warnings.empty()) << name << ": " << report_to_json(r);
  }
  const Report clip = verify(data_file("marked-clip.mp4"), "c.mp4");
  ASSERT_NE(find_mark(clip, "watermark:dsmark-audio"), nullptr);
  EXPECT_EQ(find_mark(clip, "watermark:dsmark-audio")->carrier, "mp4:moov/trak[2]/aac");
  // The unmarked host: decoded, nothing found.
  const Report host = verify(data_file("host-aac.m4a"), "host-aac.m4a");
  EXPECT_EQ(host.verdict, Verdict::kNone) << report_to_json(host);
  EXPECT_TRUE(host.marks.empty());
  ASSERT_TRUE(host.sound.has_value());
  EXPECT_TRUE(host.sound->decoded);
}

TEST(AacVerify, AnM4aCanBeMarkedAgainAsWav) {
  if (!kAac) GTEST_SKIP() << "this build has no AAC decoder";
  EmbedOptions options;
  options.output_format = "wav";
  options.payload = {0x12, 0x34, 0x56, 0x78};
  auto marked = embed_watermark(data_file("host-aac.m4a"), options);
  ASSERT_TRUE(marked.is_ok()) << marked.status().message();
  const Report r = verify(*marked, "m.wav");
  const Mark* m = find_mark(r, "watermark:dsmark-audio");
  ASSERT_NE(m, nullptr) << report_to_json(r);
  EXPECT_EQ(m->fields.find("payload")->as_string(), "12345678");
}

TEST(AacVerify, OtherCodecsAreNamedAsNotDecoded) {
  const Report alac = verify(data_file("alac.m4a"), "alac.m4a");
  ASSERT_TRUE(alac.sound.has_value()) << report_to_json(alac);
  EXPECT_FALSE(alac.sound->decoded);
  EXPECT_EQ(alac.sound->codec, "alac");
  EXPECT_EQ(alac.sound->code, "unsupported");
  EXPECT_TRUE(has_warning(alac, "the ALAC (Apple Lossless) sound of this m4a file could not be decoded in this build"))
      << report_to_json(alac);
  const Report ac3 = verify(data_file("ac3.mp4"), "ac3.mp4");
  ASSERT_TRUE(ac3.sound.has_value());
  EXPECT_EQ(ac3.sound->codec, "ac-3");
  EXPECT_FALSE(ac3.sound->decoded);
  const std::string json = report_to_json(ac3);
  EXPECT_NE(json.find(R"("sound":{"decoded":false,"codec":"ac-3","decoder":null,"seconds":null,"code":"unsupported",)"
                      R"("reason":"the AC-3 (Dolby Digital) sound of this mp4 file could not be decoded in this build"})"),
            std::string::npos)
      << json;
}

TEST(AacVerify, ClipsWithoutSoundAndMetadataOnlyRunsHaveNoSoundObject) {
  using namespace test;
  // A video-only MP4: the clip has no sound track, so there is nothing to report about sound.
  ByteVec hdlr(4, 0);
  put(hdlr, "vide");
  hdlr.resize(hdlr.size() + 13, 0);
  const ByteVec file = cat({ftyp("isom"), box("moov", box("trak", box("mdia", full_box("hdlr", 0, 0, hdlr)))),
                            box("mdat", ByteVec(16, 0))});
  const Report r = verify(file, "video.mp4");
  EXPECT_EQ(r.format, Format::kMp4);
  EXPECT_FALSE(r.sound.has_value()) << report_to_json(r);
  EXPECT_TRUE(r.warnings.empty()) << report_to_json(r);
  VerifyOptions fast;
  fast.detectors = false;
  EXPECT_FALSE(verify(data_file("marked-aac.m4a"), "m.m4a", fast).sound.has_value());
}

TEST(AacVerify, ATruncatedClipKeepsWhatItHolds) {
  if (!kAac) GTEST_SKIP() << "this build has no AAC decoder";
  std::vector<uint8_t> file = data_file("marked-clip.mp4");  // moov first (+faststart)
  file.resize(file.size() * 3 / 5);
  const Report r = verify(file, "cut.mp4");
  ASSERT_TRUE(r.sound.has_value()) << report_to_json(r);
  EXPECT_TRUE(r.sound->decoded);
  EXPECT_LT(r.sound->seconds, 9.0);
  EXPECT_GT(r.sound->seconds, 4.0);
  EXPECT_TRUE(has_warning(r, "the file ends inside the sound track")) << report_to_json(r);
}

}  // namespace
}  // namespace dsmark
