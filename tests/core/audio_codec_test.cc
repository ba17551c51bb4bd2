// Audio building blocks: deterministic math, FFT, resampler, WAV and Ogg Opus reading and writing, the payload's
// error-correcting code.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <random>

#include "audio/audio_decode.h"
#include "audio/det_math.h"
#include "audio/fft.h"
#include "audio/ogg_opus.h"
#include "audio/opus_stream.h"
#include "audio/pcm.h"
#include "audio/resampler.h"
#include "audio/wav_codec.h"
#include "support/audio_gen.h"
#include "support/builders.h"

namespace dsmark {
namespace {

using test::ByteVec;

TEST(DetMath, MatchesLibmClosely) {
  for (double x : {1e-300, 1e-9, 0.1, 0.5, 0.7071, 1.0, 1.5, 2.0, 3.14159, 1e6, 1e300}) {
    EXPECT_NEAR(dmath::log(x), std::log(x), 1e-14 * std::max(1.0, std::fabs(std::log(x)))) << x;
    EXPECT_NEAR(dmath::log_fast(x), std::log(x), 2e-5) << x;
  }
  for (double x : {-700.0, -20.0, -1.0, -1e-9, 0.0, 0.3, 1.0, 10.0, 700.0}) {
    EXPECT_NEAR(dmath::exp(x) / std::exp(x), 1.0, 1e-14) << x;
  }
  for (double x = -5; x <= 5; x += 0.0625) {
    // Against long double: std::sin(M_PI * x) in double is itself off by about |x| ulp.
    EXPECT_NEAR(dmath::sin_pi(x), static_cast<double>(std::sin(3.14159265358979323846264338327950288L * x)), 3e-16) << x;
    EXPECT_NEAR(dmath::cos_pi(x), static_cast<double>(std::cos(3.14159265358979323846264338327950288L * x)), 3e-16) << x;
  }
  EXPECT_EQ(dmath::sin_pi(1.0), 0.0);
  EXPECT_EQ(dmath::log(0.0), -745.0);
  EXPECT_NEAR(dmath::bessel_i0(5.0), 27.239871823604442, 1e-12);
}

TEST(RealFft, ForwardMatchesTheDftAndInverseRoundTrips) {
  for (size_t n : {4u, 8u, 16u, 256u, 512u, 1024u, 2048u}) {  // both radix-2 + radix-4 and radix-4 only
    RealFft fft(n);
    std::mt19937 rng(static_cast<uint32_t>(n));
    std::normal_distribution<float> g;
    std::vector<float> x(n), y(n);
    for (float& v : x) v = g(rng);
    std::vector<std::complex<float>> spec(n / 2 + 1);
    fft.forward(x.data(), spec.data());
    for (size_t k = 0; k <= n / 2; ++k) {
      std::complex<double> s = 0;
      for (size_t t = 0; t < n; ++t) s += static_cast<double>(x[t]) * std::polar(1.0, -2 * M_PI * k * t / n);
      EXPECT_LT(std::abs(s - std::complex<double>(spec[k])), 2e-5 * std::sqrt(n)) << n << " bin " << k;
    }
    fft.inverse(spec.data(), y.data());
    for (size_t t = 0; t < n; ++t) EXPECT_NEAR(y[t], x[t], 1e-5);
  }
}

TEST(Resampler, KeepsToneAndLengthAndStreamsExactly) {
  const uint32_t in_rate = 44100, out_rate = 16000;
  std::vector<float> x(in_rate);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(0.5 * std::sin(2 * M_PI * 1000.0 * i / in_rate));
  const std::vector<float> y = resample(x, in_rate, out_rate);
  ASSERT_EQ(y.size(), 16000u);
  double e = 0, cross = 0;
  for (size_t i = 1000; i < 15000; ++i) {
    e += y[i] * y[i];
    cross += y[i] * std::sin(2 * M_PI * 1000.0 * i / out_rate);
  }
  EXPECT_NEAR(std::sqrt(e / 14000), 0.5 / std::sqrt(2.0), 0.005);  // amplitude kept
  EXPECT_NEAR(cross / 14000, 0.25, 0.005);                          // phase kept: no delay
  // Blocks of any size give the same samples as the whole signal.
  Resampler r(in_rate, out_rate);
  std::vector<float> z;
  for (size_t at = 0; at < x.size(); at += 777) r.push({x.data() + at, std::min<size_t>(777, x.size() - at)}, z);
  r.finish(z);
  ASSERT_EQ(z, y);
  // An unusual rate pair takes the rounded-phase path and still keeps the tone.
  const std::vector<float> w = resample(x, in_rate, 12347);
  EXPECT_EQ(w.size(), 12347u);
  // Stop band: a 10 kHz tone does not alias into the detectors' bands (to 6 kHz at a 16 kHz output).
  std::vector<float> hi(in_rate);
  for (size_t i = 0; i < hi.size(); ++i) hi[i] = static_cast<float>(std::sin(2 * M_PI * 10000.0 * i / in_rate));
  const std::vector<float> h = resample(hi, in_rate, out_rate);
  double eh = 0;
  for (size_t i = 1000; i < 15000; ++i) eh += h[i] * h[i];
  EXPECT_LT(10 * std::log10(eh / 14000 / 0.5), -60.0);
}

ByteVec wav_fmt(uint16_t tag, uint16_t channels, uint32_t rate, uint16_t bits, uint16_t block) {
  ByteVec f;
  auto u16 = [&](uint32_t v) {
    f.push_back(static_cast<uint8_t>(v));
    f.push_back(static_cast<uint8_t>(v >> 8));
  };
  u16(tag);
  u16(channels);
  test::put_u32le(f, rate);
  test::put_u32le(f, rate * block);
  u16(block);
  u16(bits);
  return f;
}

Result<AudioBuffer> decode(const ByteVec& file, AudioStreamInfo* info_out = nullptr) {
  CollectSink sink;
  AudioStreamInfo info;
  Status s = decode_wav(file, Limits{}, sink, info);
  if (info_out) *info_out = info;
  if (!s.is_ok()) return s;
  return sink.audio();
}

TEST(Wav, EveryIntegerAndFloatFormatRoundTrips) {
  std::vector<float> x(4800);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(0.8 * std::sin(2 * M_PI * 440.0 * i / 48000));
  const AudioBuffer in = test::stereo_buffer(x, x, 48000);
  struct Case {
    WavFormat f;
    const char* codec;
    double tolerance;
  } cases[] = {
      {{WavSampleKind::kInt, 8, 8}, "pcm_u8", 1.5 / 128},
      {{WavSampleKind::kInt, 16, 16}, "pcm_s16le", 1.5 / 32768},
      {{WavSampleKind::kInt, 24, 24}, "pcm_s24le", 1e-6},
      {{WavSampleKind::kInt, 32, 32}, "pcm_s32le", 1e-6},
      {{WavSampleKind::kInt, 24, 20}, "pcm_s24le", 1.5 / 524288},  // extensible: 20 valid bits
      {{WavSampleKind::kFloat, 32, 32}, "pcm_f32le", 0},
      {{WavSampleKind::kFloat, 64, 64}, "pcm_f64le", 0},
  };
  for (const Case& c : cases) {
    const std::vector<uint8_t> file = encode_wav(in, c.f);
    AudioStreamInfo info;
    auto out = decode(file, &info);
    ASSERT_TRUE(out.is_ok()) << c.codec << ": " << out.status().message();
    EXPECT_EQ(info.codec, c.codec);
    EXPECT_EQ(info.carrier, "wav:data");
    EXPECT_TRUE(info.warnings.empty()) << c.codec;
    ASSERT_EQ(out->channels, 2u);
    ASSERT_EQ(out->sample_rate, 48000u);
    ASSERT_EQ(out->samples.size(), in.samples.size());
    double worst = 0;
    for (size_t i = 0; i < in.samples.size(); ++i) worst = std::max(worst, std::fabs(double(out->samples[i]) - in.samples[i]));
    EXPECT_LE(worst, c.tolerance + 1e-9) << c.codec;
  }
}

TEST(Wav, ALawAndMuLawDecodeTheG711Tables) {
  for (uint16_t tag : {6, 7}) {
    ByteVec data = {0xD5, 0x55, 0x2A, 0xAA, 0x00, 0x80, 0xFF, 0x7F};
    const ByteVec file = test::riff_file("WAVE", {test::riff_chunk("fmt ", wav_fmt(tag, 1, 8000, 8, 1)),
                                                  test::riff_chunk("data", data)});
    AudioStreamInfo info;
    auto out = decode(file, &info);
    ASSERT_TRUE(out.is_ok()) << out.status().message();
    EXPECT_EQ(info.codec, tag == 6 ? "pcm_alaw" : "pcm_mulaw");
    ASSERT_EQ(out->samples.size(), 8u);
    if (tag == 6) {
      EXPECT_FLOAT_EQ(out->samples[0], 8.0f / 32768);    // 0xD5: smallest positive A-law step
      EXPECT_FLOAT_EQ(out->samples[2], -32256.0f / 32768);  // 0x2A: largest negative
    } else {
      EXPECT_FLOAT_EQ(out->samples[6], 0.0f);               // 0xFF: µ-law zero
      EXPECT_FLOAT_EQ(out->samples[5], 32124.0f / 32768);   // 0x80: largest positive
    }
  }
}

TEST(Wav, DamageIsReportedPlainly) {
  const ByteVec fmt = wav_fmt(1, 1, 16000, 16, 2);
  ByteVec data(1000, 0x11);
  // A data chunk that claims more than the file holds: what is there is decoded, with a warning.
  ByteVec file = test::riff_file("WAVE", {test::riff_chunk("fmt ", fmt), test::riff_chunk("data", data)});
  file.resize(file.size() - 400);
  AudioStreamInfo info;
  auto out = decode(file, &info);
  ASSERT_TRUE(out.is_ok());
  EXPECT_EQ(out->samples.size(), 300u);
  ASSERT_FALSE(info.warnings.empty());
  EXPECT_NE(info.warnings[0].find("ends early"), std::string::npos);
  // Streamed WAV (a writer on a pipe): RIFF and data sizes 0xFFFFFFFF, the samples run to the end of the file.
  ByteVec streamed = test::riff_file("WAVE", {test::riff_chunk("fmt ", fmt)});
  test::put(streamed, "data");
  test::put_u32le(streamed, 0xFFFFFFFF);
  streamed.insert(streamed.end(), data.begin(), data.end());
  for (int i = 4; i < 8; ++i) streamed[i] = 0xFF;
  info = {};
  out = decode(streamed, &info);
  ASSERT_TRUE(out.is_ok()) << out.status().message();
  EXPECT_EQ(out->samples.size(), 500u);
  // No fmt, an unknown codec, an impossible block alignment, too many channels.
  EXPECT_EQ(decode(test::riff_file("WAVE", {test::riff_chunk("data", data)})).status().code(), StatusCode::kMalformed);
  auto adpcm = decode(test::riff_file("WAVE", {test::riff_chunk("fmt ", wav_fmt(2, 1, 8000, 4, 256)),
                                               test::riff_chunk("data", data)}));
  EXPECT_EQ(adpcm.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(adpcm.status().message().find("0x0002"), std::string::npos);
  EXPECT_EQ(decode(test::riff_file("WAVE", {test::riff_chunk("fmt ", wav_fmt(1, 2, 8000, 16, 3)),
                                            test::riff_chunk("data", data)})).status().code(),
            StatusCode::kMalformed);
  EXPECT_EQ(decode(test::riff_file("WAVE", {test::riff_chunk("fmt ", wav_fmt(1, 200, 8000, 16, 400)),
                                            test::riff_chunk("data", data)})).status().code(),
            StatusCode::kLimit);
  // The sample limit cuts decoding and says so.
  Limits small;
  small.max_audio_samples = 100;
  CollectSink sink;
  info = {};
  ASSERT_TRUE(decode_wav(test::riff_file("WAVE", {test::riff_chunk("fmt ", fmt), test::riff_chunk("data", data)}),
                         small, sink, info).is_ok());
  EXPECT_TRUE(info.cut_at_limit);
  EXPECT_EQ(sink.audio().samples.size(), 100u);
}

TEST(Wav, RewritingKeepsOtherChunks) {
  const ByteVec list = test::riff_chunk("LIST", [] {
    ByteVec v = test::bytes("INFO");
    test::put(v, test::riff_chunk("ICMT", test::bytes("AIGC label kept")));
    return v;
  }());
  const ByteVec file = test::riff_file("WAVE", {test::riff_chunk("fmt ", wav_fmt(1, 1, 8000, 16, 2)),
                                                test::riff_chunk("data", ByteVec(200, 0)), list});
  CollectSink sink;
  AudioStreamInfo info;
  WavExtras extras;
  ASSERT_TRUE(decode_wav(file, Limits{}, sink, info, &extras).is_ok());
  ASSERT_EQ(extras.other_chunks.size(), 1u);
  const std::vector<uint8_t> out = encode_wav(sink.audio(), extras.format, extras.other_chunks);
  const std::string_view text(reinterpret_cast<const char*>(out.data()), out.size());
  EXPECT_NE(text.find("AIGC label kept"), std::string_view::npos);
}

TEST(OggOpus, WriterAndReaderKeepLengthAndSound) {
  std::vector<float> l(48000 * 2), r(48000 * 2);
  for (size_t i = 0; i < l.size(); ++i) {
    l[i] = static_cast<float>(0.3 * std::sin(2 * M_PI * 440.0 * i / 48000));
    r[i] = static_cast<float>(0.3 * std::sin(2 * M_PI * 660.0 * i / 48000));
  }
  const AudioBuffer in = test::stereo_buffer(l, r, 48000);
  OpusEncodeSettings settings;
  settings.original_rate = 44100;
  auto file = encode_ogg_opus(in, settings);
  ASSERT_TRUE(file.is_ok()) << file.status().message();
  for (uint32_t rate : {48000u, 16000u}) {
    CollectSink sink;
    AudioStreamInfo info;
    std::vector<uint8_t> tags;
    ASSERT_TRUE(decode_ogg_opus(*file, Limits{}, rate, sink, info, &tags).is_ok());
    EXPECT_EQ(info.codec, "opus");
    EXPECT_EQ(info.carrier, "ogg:opus");
    EXPECT_TRUE(info.warnings.empty());
    EXPECT_EQ(sink.audio().channels, 2u);
    EXPECT_EQ(sink.audio().frames(), in.frames() * rate / 48000);  // pre-skip dropped, end trimmed exactly
    EXPECT_EQ(std::string(tags.begin(), tags.begin() + 8), "OpusTags");
    if (rate == 48000) {
      double err = 0, sig = 0;
      for (size_t i = 2000; i < in.samples.size() - 2000; ++i) {
        err += std::pow(sink.audio().samples[i] - in.samples[i], 2);
        sig += in.samples[i] * in.samples[i];
      }
      EXPECT_GT(10 * std::log10(sig / err), 20.0);  // the same sound, time-aligned
    }
  }
}

TEST(OggOpus, HeadParsingAndDamage) {
  EXPECT_EQ(parse_opus_head(test::bytes("OpusHea")).status().code(), StatusCode::kMalformed);
  std::vector<uint8_t> head = write_opus_head(OpusHead{1, 2, 312, 48000, 0, 0, 1, 1, {0, 1}});
  EXPECT_TRUE(parse_opus_head(head).is_ok());
  head[9] = 3;  // three channels without a mapping table
  EXPECT_EQ(parse_opus_head(head).status().code(), StatusCode::kMalformed);
  head[9] = 2;
  head[8] = 16;  // a major version dsmark does not know
  EXPECT_EQ(parse_opus_head(head).status().code(), StatusCode::kUnsupported);
  OpusHead bad{1, 2, 0, 48000, 0, 1, 1, 1, {0, 5}};  // channel mapped to a stream that does not exist
  EXPECT_EQ(parse_opus_head(write_opus_head(bad)).status().code(), StatusCode::kMalformed);

  const AudioBuffer in = test::mono_buffer(test::speech_like(48000, 3, 7), 48000);
  auto file = encode_ogg_opus(in, {});
  ASSERT_TRUE(file.is_ok());
  // Cut short: what is there is decoded, with a warning.
  std::vector<uint8_t> cut(file->begin(), file->begin() + static_cast<std::ptrdiff_t>(file->size() / 2));
  CollectSink sink;
  AudioStreamInfo info;
  ASSERT_TRUE(decode_ogg_opus(cut, Limits{}, 48000, sink, info).is_ok());
  EXPECT_GT(sink.audio().frames(), 0u);
  EXPECT_FALSE(info.warnings.empty());
  // Garbage in the middle: skipped with a warning.
  std::vector<uint8_t> holed = *file;
  for (size_t i = holed.size() / 3; i < holed.size() / 3 + 500; ++i) holed[i] ^= 0x5A;
  CollectSink sink2;
  AudioStreamInfo info2;
  ASSERT_TRUE(decode_ogg_opus(holed, Limits{}, 48000, sink2, info2).is_ok());
  EXPECT_FALSE(info2.warnings.empty());
  // Not Ogg at all, and Ogg without Opus.
  CollectSink sink3;
  AudioStreamInfo info3;
  EXPECT_FALSE(decode_ogg_opus(test::bytes("this is not an ogg file at all"), Limits{}, 48000, sink3, info3).is_ok());
}

TEST(AudioDecode, SaysWhatThisBuildCannotDecode) {
  EXPECT_TRUE(audio_decode_support(Format::kWav).decodable);
  EXPECT_TRUE(audio_decode_support(Format::kOpus).decodable);
  EXPECT_FALSE(audio_decode_support(Format::kPng).has_sound);
  // MP4/M4A/MOV: the sound track is found in every build, its codec named when it is not decoded
  // (audio_aac_test.cc); AAC itself depends on the build (DSMARK_WITH_AAC).
  for (Format f : {Format::kM4a, Format::kMp4, Format::kMov}) {
    EXPECT_TRUE(audio_decode_support(f).has_sound);
    EXPECT_TRUE(audio_decode_support(f).decodable);
  }
  EXPECT_TRUE(audio_codec_decodable("pcm"));
  EXPECT_TRUE(audio_codec_decodable("opus"));
  EXPECT_FALSE(audio_codec_decodable("alac"));
  EXPECT_TRUE(audio_decode_support(Format::kWebm).decodable);  // its Opus track (audio_matroska_test.cc)
  EXPECT_FALSE(audio_decode_support(Format::kAvi).decodable);
  EXPECT_NE(audio_decode_support(Format::kAvi).reason.find("avi"), std::string::npos);
}

}  // namespace
}  // namespace dsmark
