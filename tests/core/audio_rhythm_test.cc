// explicit:audio-rhythm: the Morse "AI" label found over silence, speech- and music-like sound, at the start, the
// middle and the end, for units of 50–300 ms and pitches of 300–4000 Hz; nothing found in other Morse letters,
// DTMF, ring tones, speech or music.
#include "audio/rhythm_detector.h"

#include <gtest/gtest.h>

#include "support/audio_gen.h"

namespace dsmark {
namespace {

constexpr uint32_t kRate = 16000;

double rms(const std::vector<float>& x) {
  double s = 0;
  size_t n = 0;
  for (float v : x) {
    if (std::fabs(v) > 1e-4f) {
      s += v * v;
      ++n;
    }
  }
  return n ? std::sqrt(s / n) : 0.1;
}

struct Case {
  double unit, hz;
  bool long_gap;
};

TEST(AudioRhythm, FoundOverSilenceEverywhere) {
  for (const Case& c : {Case{0.05, 300, false}, Case{0.05, 4000, true}, Case{0.12, 1000, true},
                        Case{0.2, 2000, false}, Case{0.3, 700, true}}) {
    for (double at : {0.0, 3.0, -1.0}) {
      std::vector<float> x(kRate * 8, 0.0f);
      const double len = (c.long_gap ? 11 : 9) * c.unit;
      const double start = at < 0 ? 8.0 - len - 0.001 : at;
      test::add_morse(x, kRate, start, test::morse_ai(c.long_gap), c.unit, c.hz, 0.3);
      const auto found = detect_audio_rhythm(x);
      ASSERT_EQ(found.size(), 1u) << c.unit << " s, " << c.hz << " Hz at " << start;
      EXPECT_NEAR(found[0].start_s, start, 0.03);
      EXPECT_NEAR(found[0].end_s, start + len, 0.04);
      EXPECT_NEAR(found[0].unit_ms, c.unit * 1000, c.unit * 1000 * 0.12);
      EXPECT_NEAR(found[0].frequency_hz, c.hz, 35);
      EXPECT_EQ(found[0].long_gap, c.long_gap);
      EXPECT_GT(found[0].snr_db, 20);
    }
  }
}

TEST(AudioRhythm, FoundOverSpeechAndMusic) {
  const std::vector<float> backgrounds[] = {test::speech_like(kRate, 12, 11), test::music_like(kRate, 12, 12)};
  int found_count = 0, total = 0;
  for (const auto& bg : backgrounds) {
    const double level = rms(bg);
    // (The benchmark, scripts/bench-audio.mjs, runs the full grid of units, pitches and positions over real speech
    // and music and reports its misses: short units over dense sound are the hard part.)
    for (const Case& c : {Case{0.08, 1500, true}, Case{0.1, 2500, false}, Case{0.15, 1800, true}, Case{0.25, 3000, false}}) {
      for (double at : {0.0, 5.0}) {
        std::vector<float> x = bg;
        test::add_morse(x, kRate, at, test::morse_ai(c.long_gap), c.unit, c.hz, level * 2.8);  // 6 dB louder than the sound
        const auto found = detect_audio_rhythm(x);
        ++total;
        for (const auto& o : found) {
          if (std::fabs(o.start_s - at) < 0.05 && o.long_gap == c.long_gap) {
            ++found_count;
            break;
          }
        }
      }
    }
  }
  EXPECT_EQ(found_count, total);
}

TEST(AudioRhythm, NothingInOtherSounds) {
  // Morse letters other than A, I and L (·−·· is the label without the long gap), each alone and in words.
  const char* letters[] = {".-", "-...", "-.-.", "-..", ".", "..-.", "--.", "....", "..", ".---", "-.-",
                           "--", "-.", "---", ".--.", "--.-", ".-.", "...", "-", "..-", "...-", ".--", "-..-",
                           "-.--", "--..", ".-. ..-. .--. ... -", "-... --- .-.-.-"};
  for (const char* code : letters) {
    std::vector<float> x(kRate * 8, 0.0f);
    test::add_morse(x, kRate, 1.0, code, 0.1, 800, 0.3);
    EXPECT_TRUE(detect_audio_rhythm(x).empty()) << code;
  }
  // DTMF dialling, including repeated keys.
  std::vector<float> dtmf(kRate * 8, 0.0f);
  test::add_dtmf(dtmf, kRate, 0.5, "13800138000", 0.3);
  test::add_dtmf(dtmf, kRate, 3.0, "5555 1111", 0.3);
  EXPECT_TRUE(detect_audio_rhythm(dtmf).empty());
  // Ring and busy tones: 450 Hz 1 s on 4 s off (China ring-back), 0.35 s on/off (busy), 400+450 Hz 0.4/0.2/0.4/2.
  std::vector<float> ring(kRate * 12, 0.0f);
  test::add_tone(ring, kRate, 0.0, 1.0, 450, 0.3);
  for (double t = 2.0; t < 6.0; t += 0.7) test::add_tone(ring, kRate, t, 0.35, 450, 0.3);
  for (double t : {7.0, 7.6}) {
    test::add_tone(ring, kRate, t, 0.4, 400, 0.2);
    test::add_tone(ring, kRate, t, 0.4, 450, 0.2);
  }
  EXPECT_TRUE(detect_audio_rhythm(ring).empty());
  // Speech- and music-like sound.
  for (uint32_t seed = 1; seed <= 4; ++seed) {
    EXPECT_TRUE(detect_audio_rhythm(test::speech_like(kRate, 20, seed)).empty()) << seed;
    EXPECT_TRUE(detect_audio_rhythm(test::music_like(kRate, 20, seed)).empty()) << seed;
  }
  // A label repeated without a pause is Morse "ALAL…", not the label alone: the isolation rule drops it.
  std::vector<float> run(kRate * 8, 0.0f);
  test::add_morse(run, kRate, 0.5, ".-.. .-.. .-..", 0.1, 900, 0.3);
  EXPECT_TRUE(detect_audio_rhythm(run).empty());
}

TEST(AudioRhythm, BuzzerOvertonesGiveOneOccurrence) {
  std::vector<float> x(kRate * 6, 0.0f);
  test::add_morse(x, kRate, 1.0, test::morse_ai(true), 0.12, 600, 0.3, /*square=*/true);
  const auto found = detect_audio_rhythm(x);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NEAR(found[0].frequency_hz, 600, 35);
}

}  // namespace
}  // namespace dsmark
