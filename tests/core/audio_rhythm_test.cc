// explicit:audio-rhythm: the Morse "AI" label found over silence, speech- and music-like sound, at the start, the
// middle and the end, for units of 50–300 ms and pitches of 300–4000 Hz; nothing found in other Morse letters,
// DTMF, ring tones, speech or music.
#include "audio/rhythm_detector.h"

#include <gtest/gtest.h>

#include <random>

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

// Dense music whose partial sits within one bin of the label's pitch and sounds through the gaps (30 dB under the
// beeps): a pitch tracker follows the partial across the gaps and merges the four beeps into one tone; the label's
// onsets and offsets at that pitch still show it. Also with the label's onsets on the music's drum hits.
TEST(AudioRhythm, FoundOverAPartialAtItsPitch) {
  for (double at : {0.0, 2.0, 5.0}) {  // 2.0 and 5.0 fall on the hats of music_like's 0.25 s grid
    std::vector<float> x = test::music_like(kRate, 8, 21);
    test::add_tone(x, kRate, 0.0, 8.0, 784, 0.3 * 0.0316);  // a partial 16 Hz under the label, -30 dB
    test::add_tone(x, kRate, 0.0, 8.0, 1568, 0.3 * 0.0316);
    test::add_morse(x, kRate, at, test::morse_ai(true), 0.1, 800, 0.3);
    const auto found = detect_audio_rhythm(x);
    ASSERT_EQ(found.size(), 1u) << at;
    EXPECT_NEAR(found[0].start_s, at, 0.02);
    EXPECT_NEAR(found[0].unit_ms, 100, 5);
    EXPECT_NEAR(found[0].frequency_hz, 800, 20);
  }
}

// One steady pitch. The harmonics of a monotone synthetic voice (espeak-ng) gave a false alarm: vowels with the
// label's durations, level and sharp edges, but the voice's pitch glides within a vowel and moves from one vowel to
// the next. Beeps that glide by 2.5 % (0.8 bin at 1 kHz) or that sit 10–20 Hz apart are not the label; held, they are.
std::vector<float> beeps(const double from[4], const double to[4]) {
  std::vector<float> x(kRate * 4, 0.0f);
  const double lens[4] = {0.08, 0.24, 0.08, 0.08};
  double t = 1.0;
  for (int v = 0; v < 4; ++v) {
    const size_t s0 = static_cast<size_t>(t * kRate), n = static_cast<size_t>(lens[v] * kRate);
    double phase = 0;
    for (size_t k = 0; k < n; ++k) {
      const double f = from[v] + (to[v] - from[v]) * static_cast<double>(k) / n;
      phase += f / kRate;
      x[s0 + k] += static_cast<float>(0.3 * std::min({1.0, k / 80.0, (n - k) / 80.0}) * std::sin(test::kTau * phase));
    }
    t += lens[v] + (v == 1 ? 0.24 : 0.08);
  }
  return x;
}

TEST(AudioRhythm, OneSteadyPitch) {
  const double up[4] = {1000, 1000, 1000, 1000}, glide[4] = {1025, 1025, 1025, 1025};
  EXPECT_TRUE(detect_audio_rhythm(beeps(up, glide)).empty());
  const double apart[4] = {1000, 1020, 990, 1010};
  EXPECT_TRUE(detect_audio_rhythm(beeps(apart, apart)).empty());
  EXPECT_EQ(detect_audio_rhythm(beeps(up, up)).size(), 1u);
}

// Melodies whose notes last 1, 2 or 3 units like Morse elements, with 1-unit rests, often repeating a pitch up to
// three times (·−·, ··−, −·· at one pitch), never four; the label's rhythm spread over two pitches; alarms.
TEST(AudioRhythm, NothingInMorseLikeMelodiesAndAlarms) {
  const double scale[] = {392, 440, 494, 587, 659, 784, 880, 988};
  for (uint32_t seed = 1; seed <= 6; ++seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> uni(0, 1);
    const double unit = 0.06 + 0.03 * seed;
    std::vector<float> x(kRate * 12, 0.0f);
    double t = 0.3, prev = 0;
    int run = 0;
    while (t < 11.0) {
      double f = scale[static_cast<int>(uni(rng) * 8)];
      if (prev > 0 && run < 3 && uni(rng) < 0.5) f = prev;
      if (f == prev && run >= 3) f = prev == scale[0] ? scale[1] : scale[0];
      run = f == prev ? run + 1 : 1;
      const double len = unit * (1 + static_cast<int>(uni(rng) * 3));
      test::add_tone(x, kRate, t, len, f, 0.25, seed % 2 == 0);
      t += len + unit;
      prev = f;
    }
    EXPECT_TRUE(detect_audio_rhythm(x).empty()) << seed;
  }
  std::vector<float> motif(kRate * 6, 0.0f);
  double t = 0.5;
  for (double f2 : {659.0, 523.0}) {  // · − · · as C E C C, then as C G C E
    const double f[4] = {523.0, f2 == 523.0 ? 784.0 : f2, 523.0, f2 == 523.0 ? 659.0 : 523.0};
    const double lens[4] = {0.12, 0.36, 0.12, 0.12};
    for (int k = 0; k < 4; ++k) {
      test::add_tone(motif, kRate, t, lens[k], f[k], 0.3);
      t += lens[k] + (k == 1 ? 0.36 : 0.12);
    }
    t += 1.0;
  }
  EXPECT_TRUE(detect_audio_rhythm(motif).empty());
  // Smoke alarm T3 (3 x 0.5 s), CO alarm T4 (4 x 0.1 s), an alarm clock's four fast beeps, square waves.
  std::vector<float> alarms(kRate * 14, 0.0f);
  for (double c : {0.2, 3.2}) {
    for (int k = 0; k < 3; ++k) test::add_tone(alarms, kRate, c + k * 1.0, 0.5, 3100, 0.2, true);
  }
  for (double c : {6.5, 8.8}) {
    for (int k = 0; k < 4; ++k) test::add_tone(alarms, kRate, c + k * 0.2, 0.1, 3000, 0.2, true);
  }
  for (double c : {11.0, 11.9, 12.8}) {
    for (int k = 0; k < 4; ++k) test::add_tone(alarms, kRate, c + k * 0.16, 0.08, 2000, 0.2, true);
  }
  EXPECT_TRUE(detect_audio_rhythm(alarms).empty());
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
