// Encoder and Viterbi decoder over 64 states. State = the last six input bits, the newest in bit 5.
#include "watermark/conv_code.h"

#include <array>

namespace dsmark {
namespace {

constexpr std::array<uint32_t, 3> kGenerators = {0133, 0171, 0165};
constexpr int kStates = 1 << kConvMemory;

inline uint32_t parity(uint32_t v) {
  v ^= v >> 4;
  v ^= v >> 2;
  v ^= v >> 1;
  return v & 1;
}

// The three output bits for input `bit` in `state`, and the state after it.
inline uint32_t outputs(uint32_t state, uint32_t bit) {
  const uint32_t reg = bit << kConvMemory | state;
  return parity(reg & kGenerators[0]) << 2 | parity(reg & kGenerators[1]) << 1 | parity(reg & kGenerators[2]);
}
inline uint32_t next_state(uint32_t state, uint32_t bit) { return (bit << (kConvMemory - 1)) | (state >> 1); }

}  // namespace

std::vector<uint8_t> conv_encode(const std::vector<uint8_t>& bits) {
  std::vector<uint8_t> out;
  out.reserve(3 * (bits.size() + kConvMemory));
  uint32_t state = 0;
  for (size_t i = 0; i < bits.size() + kConvMemory; ++i) {
    const uint32_t b = i < bits.size() ? (bits[i] & 1u) : 0u;
    const uint32_t o = outputs(state, b);
    out.push_back(static_cast<uint8_t>(o >> 2 & 1));
    out.push_back(static_cast<uint8_t>(o >> 1 & 1));
    out.push_back(static_cast<uint8_t>(o & 1));
    state = next_state(state, b);
  }
  return out;
}

std::vector<uint8_t> conv_decode(const std::vector<double>& soft, size_t info_bits) {
  const size_t steps = info_bits + kConvMemory;
  std::vector<uint8_t> out(info_bits, 0);
  if (soft.size() < 3 * steps) return out;
  // Branch outputs for every (state, input): computed once.
  static const std::array<std::array<uint8_t, 2>, kStates> kOut = [] {
    std::array<std::array<uint8_t, 2>, kStates> t{};
    for (uint32_t s = 0; s < kStates; ++s) {
      for (uint32_t b = 0; b < 2; ++b) t[s][b] = static_cast<uint8_t>(outputs(s, b));
    }
    return t;
  }();
  constexpr double kNone = -1e300;  // unreachable state
  std::array<double, kStates> metric, next;
  metric.fill(kNone);
  metric[0] = 0;
  std::vector<std::array<uint8_t, kStates>> from(steps);
  constexpr uint32_t kHalf = kStates / 2;
  for (size_t t = 0; t < steps; ++t) {
    const double y0 = soft[3 * t], y1 = soft[3 * t + 1], y2 = soft[3 * t + 2];
    // The metric of each of the 8 possible output triples.
    double branch[8];
    for (int o = 0; o < 8; ++o) branch[o] = ((o & 4) ? -y0 : y0) + ((o & 2) ? -y1 : y1) + ((o & 1) ? -y2 : y2);
    const bool tail = t >= info_bits;  // the tail is all zeros
    std::array<uint8_t, kStates>& f = from[t];
    // Butterflies: states 2j and 2j+1 lead to j (input 0) and j + 32 (input 1). Ties keep the lower predecessor,
    // so every build follows the same path.
    for (uint32_t j = 0; j < kHalf; ++j) {
      const uint32_t a = 2 * j, b = 2 * j + 1;
      const double ma = metric[a] + branch[kOut[a][0]], mb = metric[b] + branch[kOut[b][0]];
      const bool pick_a = !(mb > ma);
      next[j] = pick_a ? ma : mb;
      f[j] = static_cast<uint8_t>(pick_a ? a : b);
      if (tail) {
        next[j + kHalf] = kNone;
        continue;
      }
      const double na = metric[a] + branch[kOut[a][1]], nb = metric[b] + branch[kOut[b][1]];
      const bool pick_na = !(nb > na);
      next[j + kHalf] = pick_na ? na : nb;
      f[j + kHalf] = static_cast<uint8_t>(pick_na ? a : b);
    }
    metric = next;
  }
  uint32_t s = 0;  // zero-terminated
  for (size_t t = steps; t-- > 0;) {
    const uint32_t bit = s >> (kConvMemory - 1) & 1;
    if (t < info_bits) out[t] = static_cast<uint8_t>(bit);
    s = from[t][s];
  }
  return out;
}

}  // namespace dsmark
