// The audio stage of verify() and embed_watermark(): marks in reports, sound decoded by the caller, the embedder
// for WAV and Opus, and plain warnings for sound this build does not decode.
#include <gtest/gtest.h>

#include "audio/ogg_opus.h"
#include "audio/wav_codec.h"
#include "dsmark/dsmark.h"
#include "dsmark/watermark.h"
#include "support/audio_gen.h"
#include "support/builders.h"
#include "util/byte_reader.h"
#include "support/report_queries.h"

namespace dsmark {
namespace {

using test::find_mark;

std::vector<uint8_t> wav16(const AudioBuffer& a) { return encode_wav(a, WavFormat{WavSampleKind::kInt, 16, 16}); }

TEST(AudioVerify, RhythmLabelInAWavBecomesAnExplicitMark) {
  std::vector<float> x = test::speech_like(22050, 8, 21);
  test::add_morse(x, 22050, 6.0, test::morse_ai(true), 0.12, 1000, 0.3);
  const Report r = verify(wav16(test::mono_buffer(x, 22050)), "label.wav");
  EXPECT_EQ(r.format, Format::kWav);
  EXPECT_EQ(r.verdict, Verdict::kAi);
  const Mark* m = find_mark(r, "explicit:audio-rhythm");
  ASSERT_NE(m, nullptr) << report_to_json(r);
  EXPECT_EQ(m->kind, MarkKind::kExplicit);
  EXPECT_EQ(m->carrier, "wav:data");
  EXPECT_EQ(m->claim, Claim::kAi);
  EXPECT_NEAR(m->fields.find("start_s")->as_double(), 6.0, 0.03);
  EXPECT_EQ(m->fields.find("ai_gap")->as_string(), "long");
  EXPECT_NEAR(m->fields.find("unit_ms")->as_double(), 120, 12);
  EXPECT_NEAR(m->fields.find("frequency_hz")->as_double(), 1000, 35);
  // Detectors off: the metadata-only pass does not decode the sound.
  VerifyOptions fast;
  fast.detectors = false;
  EXPECT_EQ(find_mark(verify(wav16(test::mono_buffer(x, 22050)), "label.wav", fast), "explicit:audio-rhythm"), nullptr);
}

TEST(AudioVerify, EmbedWavAndOpusThenVerifyReadsThePayload) {
  const AudioBuffer host =
      test::stereo_buffer(test::speech_like(44100, 12, 31), test::music_like(44100, 12, 32), 44100);
  const std::vector<uint8_t> input = wav16(host);
  EXPECT_EQ(verify(input, "host.wav").verdict, Verdict::kNone);
  for (const char* out : {"wav", "opus"}) {
    EmbedOptions options;
    options.output_format = out;
    options.payload = {0xde, 0xad, 0xbe, 0xef};
    auto marked = embed_watermark(input, options);
    ASSERT_TRUE(marked.is_ok()) << out << ": " << marked.status().message();
    const Report r = verify(*marked, std::string("marked.") + out);
    EXPECT_EQ(r.format, std::string_view(out) == "wav" ? Format::kWav : Format::kOpus);
    const Mark* m = find_mark(r, "watermark:dsmark-audio");
    ASSERT_NE(m, nullptr) << out << ": " << report_to_json(r);
    EXPECT_EQ(m->kind, MarkKind::kWatermark);
    EXPECT_EQ(m->claim, Claim::kAi);
    EXPECT_EQ(m->fields.find("payload")->as_string(), "deadbeef");
    EXPECT_LT(m->fields.find("p_value")->as_double(), 1e-9);
    EXPECT_EQ(r.verdict, Verdict::kAi);
  }
  // The default payload, and a WAV's own sample format kept.
  EmbedOptions options;
  options.output_format = "wav";
  auto marked = embed_watermark(encode_wav(host, WavFormat{WavSampleKind::kFloat, 32, 32}), options);
  ASSERT_TRUE(marked.is_ok());
  const Report r = verify(*marked, "default.wav");
  ASSERT_NE(find_mark(r, "watermark:dsmark-audio"), nullptr);
  EXPECT_EQ(find_mark(r, "watermark:dsmark-audio")->fields.find("payload")->as_string(), "64736d6b");
  EXPECT_EQ(load_u16le(marked->data() + 20), 3);  // WAVE_FORMAT_IEEE_FLOAT
}

TEST(AudioVerify, EmbedderRefusesPlainly) {
  EmbedOptions options;
  options.output_format = "wav";
  options.payload = {1, 2, 3, 4, 5};
  const std::vector<uint8_t> input = wav16(test::mono_buffer(test::speech_like(16000, 10, 1), 16000));
  auto r = embed_watermark(input, options);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("32 bits"), std::string::npos);
  options.payload.clear();
  const AudioBuffer silence = test::mono_buffer(std::vector<float>(16000 * 5, 0.0f), 16000);
  r = embed_watermark(encode_wav(silence, WavFormat{WavSampleKind::kFloat, 32, 32}), options);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("silent"), std::string::npos);
  // 16-bit silence holds only dither: the mark cannot be read back from it, and nothing is written.
  r = embed_watermark(wav16(silence), options);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("could not be read back"), std::string::npos);
  r = embed_watermark(wav16(test::mono_buffer(std::vector<float>(8000, 0.1f), 16000)), options);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("shorter than one second"), std::string::npos);
  options.output_format = "mp3";
  r = embed_watermark(input, options);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("WAV or Opus"), std::string::npos);
}

TEST(AudioVerify, SoundDecodedByTheCaller) {
  std::vector<float> left = test::music_like(48000, 6, 41);
  test::add_morse(left, 48000, 1.0, test::morse_ai(false), 0.1, 2000, 0.4);
  std::vector<float> planar = left;
  planar.insert(planar.end(), left.begin(), left.end());  // two identical channels, one after the other
  PcmAudio pcm;
  pcm.samples = planar.data();
  pcm.frames = left.size();
  pcm.sample_rate = 48000;
  pcm.channels = 2;
  pcm.planar = true;
  Report r = verify_with_pcm({}, "decoded-elsewhere.m4a", pcm);
  EXPECT_EQ(r.media, Media::kAudio);
  EXPECT_EQ(r.verdict, Verdict::kAi);
  const Mark* m = find_mark(r, "explicit:audio-rhythm");
  ASSERT_NE(m, nullptr) << report_to_json(r);
  EXPECT_EQ(m->carrier, "pcm");
  EXPECT_EQ(m->fields.find("ai_gap")->as_string(), "short");
  // With the file's bytes too: metadata from the file, sound from the caller, no "could not decode" warning.
  const std::vector<uint8_t> m4a = [] {
    std::vector<uint8_t> b = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'M', '4', 'A', ' ', 0, 0, 0, 0, 'M', '4', 'A', ' ',
                              'm', 'p', '4', '2'};
    const std::vector<uint8_t> mdat = {0, 0, 0, 8, 'm', 'd', 'a', 't'};
    b.insert(b.end(), mdat.begin(), mdat.end());
    return b;
  }();
  // The report says who decoded the sound, and how much (the codec is unknown: the samples came alone).
  ASSERT_TRUE(r.sound.has_value());
  EXPECT_TRUE(r.sound->decoded);
  EXPECT_EQ(r.sound->decoder, "caller");
  EXPECT_EQ(r.sound->codec, "");
  EXPECT_NEAR(r.sound->seconds, static_cast<double>(left.size()) / 48000, 0.001);
  r = verify_with_pcm(m4a, "song.m4a", pcm);
  EXPECT_EQ(r.format, Format::kM4a);
  EXPECT_NE(find_mark(r, "explicit:audio-rhythm"), nullptr);
  for (const std::string& w : r.warnings) EXPECT_EQ(w.find("could not be decoded"), std::string::npos) << w;
  ASSERT_TRUE(r.sound.has_value());
  EXPECT_EQ(r.sound->decoder, "caller");
  // Nothing given: a warning, no marks.
  r = verify_with_pcm({}, "nothing", PcmAudio{});
  EXPECT_TRUE(r.marks.empty());
  EXPECT_FALSE(r.warnings.empty());
}

TEST(AudioVerify, BrokenAudioGivesReportsNotCrashes) {
  const std::vector<uint8_t> good = wav16(test::mono_buffer(test::speech_like(16000, 3, 5), 16000));
  for (size_t cut : {12u, 20u, 36u, 44u, 45u, 1000u}) {
    const std::vector<uint8_t> part(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(cut));
    const Report r = verify(part, "cut.wav");
    EXPECT_FALSE(report_to_json(r).empty());
  }
  auto opus = encode_ogg_opus(test::mono_buffer(test::speech_like(48000, 3, 5), 48000), {});
  ASSERT_TRUE(opus.is_ok());
  for (size_t cut : {size_t{30}, size_t{100}, opus->size() / 2}) {
    const std::vector<uint8_t> part(opus->begin(), opus->begin() + static_cast<std::ptrdiff_t>(cut));
    const Report r = verify(part, "cut.opus");
    EXPECT_FALSE(report_to_json(r).empty());
  }
}

}  // namespace
}  // namespace dsmark
