// Generated sound for the audio tests: tones, Morse, DTMF, and speech- and music-like signals from a fixed seed.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "audio/pcm.h"

namespace dsmark::test {

inline constexpr double kTau = 6.283185307179586;

// A tone burst with 5 ms raised-cosine edges added into `x` (mono, `rate` Hz) from sample `at`.
inline void add_tone(std::vector<float>& x, uint32_t rate, double at_s, double len_s, double hz, double amp,
                     bool square = false) {
  const size_t start = static_cast<size_t>(at_s * rate), n = static_cast<size_t>(len_s * rate);
  const double ramp = 0.005 * rate;
  for (size_t k = 0; k < n && start + k < x.size(); ++k) {
    const double env = std::min({1.0, 0.5 - 0.5 * std::cos(kTau * 0.5 * std::min(1.0, k / ramp)),
                                 0.5 - 0.5 * std::cos(kTau * 0.5 * std::min(1.0, (n - k) / ramp))});
    const double s = std::sin(kTau * hz * k / rate);
    x[start + k] += static_cast<float>(amp * env * (square ? (s >= 0 ? 0.7 : -0.7) : s));
  }
}

// Morse code ('.' '-', ' ' letter gap of 3 units, '/' word gap of 7) from `at_s`; returns the end time.
inline double add_morse(std::vector<float>& x, uint32_t rate, double at_s, const std::string& code, double unit_s,
                        double hz, double amp, bool square = false) {
  double t = at_s;
  for (char c : code) {
    if (c == ' ') {
      t += 2 * unit_s;
      continue;
    }
    if (c == '/') {
      t += 6 * unit_s;
      continue;
    }
    const double len = (c == '.' ? 1 : 3) * unit_s;
    add_tone(x, rate, t, len, hz, amp, square);
    t += len + unit_s;
  }
  return t - unit_s;
}

inline std::string morse_ai(bool long_gap) { return long_gap ? ".- .." : ".-.."; }

// Speech-like: noise through two resonators whose frequencies glide, voiced with a gliding pulse train, in
// syllables of 120–300 ms with pauses.
inline std::vector<float> speech_like(uint32_t rate, double seconds, uint32_t seed, double amp = 0.2) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> uni(0, 1);
  std::normal_distribution<double> gauss(0, 1);
  std::vector<float> x(static_cast<size_t>(seconds * rate), 0.0f);
  size_t i = 0;
  double f0 = 120, phase = 0;
  while (i < x.size()) {
    const size_t syl = static_cast<size_t>((0.12 + 0.18 * uni(rng)) * rate);
    const size_t pause = static_cast<size_t>((uni(rng) < 0.3 ? 0.05 + 0.25 * uni(rng) : 0.01) * rate);
    const double f1a = 300 + 500 * uni(rng), f1b = 300 + 500 * uni(rng);
    const double f2a = 900 + 1500 * uni(rng), f2b = 900 + 1500 * uni(rng);
    const double f0a = f0, f0b = 90 + 120 * uni(rng);
    double y1[2] = {0, 0}, y2[2] = {0, 0};
    for (size_t k = 0; k < syl && i < x.size(); ++k, ++i) {
      const double r = static_cast<double>(k) / syl;
      const double env = std::sin(3.14159265 * r);
      f0 = f0a + (f0b - f0a) * r;
      phase += f0 / rate;
      const double pulse = (phase - std::floor(phase)) < 0.05 ? 1.0 : 0.0;
      const double src = 0.7 * pulse + 0.05 * gauss(rng);
      auto reson = [&](double f, double* y, double in) {
        const double rr = 0.97, w = kTau * f / rate;
        const double out = in + 2 * rr * std::cos(w) * y[0] - rr * rr * y[1];
        y[1] = y[0];
        y[0] = out;
        return out;
      };
      const double v = reson(f1a + (f1b - f1a) * r, y1, src) * 0.05 + reson(f2a + (f2b - f2a) * r, y2, src) * 0.03;
      x[i] = static_cast<float>(amp * env * v);
    }
    i += pause;
  }
  return x;
}

// Music-like: a melody and three-note chords of a pentatonic scale with harmonics and decays, a bass line, noise
// hats and a low noise floor (as a recording has).
inline std::vector<float> music_like(uint32_t rate, double seconds, uint32_t seed, double amp = 0.15) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> uni(0, 1);
  std::normal_distribution<double> gauss(0, 1);
  std::vector<float> x(static_cast<size_t>(seconds * rate), 0.0f);
  const double scale[] = {262, 294, 330, 392, 440, 523, 587, 659};
  auto note = [&](double t, double f, double len, double a, double decay) {
    const size_t start = static_cast<size_t>(t * rate);
    for (size_t k = 0; k < len * rate && start + k < x.size(); ++k) {
      const double tt = static_cast<double>(k) / rate, env = std::exp(-decay * tt) * std::min(1.0, tt / 0.01);
      double v = 0;
      for (int h = 1; h <= 6; ++h) v += std::sin(kTau * f * h * tt) / h;
      x[start + k] += static_cast<float>(a * env * v);
    }
  };
  for (double t = 0; t < seconds; t += 0.25) {
    note(t, scale[static_cast<int>(uni(rng) * 8)], uni(rng) < 0.5 ? 0.25 : 0.5, amp, 4);
    if (static_cast<int>(t * 4) % 4 == 0) {
      const int root = static_cast<int>(uni(rng) * 5);
      for (int k = 0; k < 3; ++k) note(t, scale[root + k] / 2, 1.0, amp * 0.4, 2);
    }
    if (static_cast<int>(t * 4) % 8 == 0) note(t, scale[static_cast<int>(uni(rng) * 4)] / 4, 2.0, amp * 0.8, 1.5);
    const size_t start = static_cast<size_t>(t * rate);
    for (size_t k = 0; k < 0.03 * rate && start + k < x.size(); ++k) {
      x[start + k] += static_cast<float>(amp * 0.2 * gauss(rng) * std::exp(-100.0 * k / rate));
    }
  }
  for (float& v : x) v += static_cast<float>(amp * 0.003 * gauss(rng));
  return x;
}

// DTMF digits (70 ms tone, 70 ms pause).
inline void add_dtmf(std::vector<float>& x, uint32_t rate, double at_s, const std::string& digits, double amp) {
  const char* keys = "123A456B789C*0#D";
  const double lo[] = {697, 770, 852, 941}, hi[] = {1209, 1336, 1477, 1633};
  double t = at_s;
  for (char d : digits) {
    for (int k = 0; k < 16; ++k) {
      if (keys[k] != d) continue;
      add_tone(x, rate, t, 0.07, lo[k / 4], amp / 2);
      add_tone(x, rate, t, 0.07, hi[k % 4], amp / 2);
    }
    t += 0.14;
  }
}

inline AudioBuffer mono_buffer(std::vector<float> x, uint32_t rate) {
  AudioBuffer b;
  b.sample_rate = rate;
  b.channels = 1;
  b.samples = std::move(x);
  return b;
}

inline AudioBuffer stereo_buffer(const std::vector<float>& l, const std::vector<float>& r, uint32_t rate) {
  AudioBuffer b;
  b.sample_rate = rate;
  b.channels = 2;
  b.samples.resize(2 * l.size());
  for (size_t i = 0; i < l.size(); ++i) {
    b.samples[2 * i] = l[i];
    b.samples[2 * i + 1] = i < r.size() ? r[i] : 0.0f;
  }
  return b;
}

}  // namespace dsmark::test
