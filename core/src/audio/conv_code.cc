#include "audio/conv_code.h"

#include <array>
#include <limits>

namespace dsmark {
namespace {

constexpr int kK = 7;
constexpr int kStates = 1 << (kK - 1);
constexpr uint32_t kG1 = 0171, kG2 = 0133;

int parity(uint32_t v) { return __builtin_popcount(v) & 1; }

}  // namespace

uint8_t crc8_bits(std::span<const uint8_t> bits) {
  uint8_t crc = 0;
  for (uint8_t b : bits) {
    const bool top = ((crc >> 7) & 1) != (b & 1);
    crc = static_cast<uint8_t>(crc << 1);
    if (top) crc ^= 0x07;
  }
  return crc;
}

std::vector<uint8_t> conv_encode(std::span<const uint8_t> bits) {
  std::vector<uint8_t> out;
  out.reserve(2 * (bits.size() + kK - 1));
  uint32_t reg = 0;
  auto push = [&](uint8_t b) {
    reg = ((reg << 1) | (b & 1)) & ((1u << kK) - 1);
    out.push_back(static_cast<uint8_t>(parity(reg & kG1)));
    out.push_back(static_cast<uint8_t>(parity(reg & kG2)));
  };
  for (uint8_t b : bits) push(b);
  for (int i = 0; i < kK - 1; ++i) push(0);
  return out;
}

std::vector<uint8_t> viterbi_decode(std::span<const float> soft, size_t n_bits) {
  const size_t steps = n_bits + kK - 1;
  std::vector<uint8_t> decided;
  if (soft.size() < 2 * steps) return std::vector<uint8_t>(n_bits, 0);
  constexpr float kNeg = -std::numeric_limits<float>::infinity();
  std::array<float, kStates> metric, next;
  metric.fill(kNeg);
  metric[0] = 0.0f;
  // survivors[step][state] = the input bit that led to `state` and the previous state's low bit.
  std::vector<std::array<uint8_t, kStates>> from(steps);
  for (size_t s = 0; s < steps; ++s) {
    next.fill(kNeg);
    const float y1 = soft[2 * s], y2 = soft[2 * s + 1];
    const bool tail = s >= n_bits;
    for (int st = 0; st < kStates; ++st) {
      if (metric[st] == kNeg) continue;
      for (int b = 0; b <= (tail ? 0 : 1); ++b) {
        const uint32_t reg = (static_cast<uint32_t>(st) << 1) | static_cast<uint32_t>(b);
        const int c1 = parity(reg & kG1), c2 = parity(reg & kG2);
        // Correlation metric: +y for a 0, -y for a 1.
        const float m = metric[st] + (c1 ? -y1 : y1) + (c2 ? -y2 : y2);
        const int ns = static_cast<int>(reg & (kStates - 1));
        if (m > next[ns]) {
          next[ns] = m;
          from[s][ns] = static_cast<uint8_t>(st >> (kK - 2));  // the bit shifted out, to rebuild st
        }
      }
    }
    metric = next;
  }
  // Trace back from state 0 (the zero tail).
  std::vector<uint8_t> bits(steps);
  int st = 0;
  for (size_t s = steps; s-- > 0;) {
    bits[s] = static_cast<uint8_t>(st & 1);
    st = (st >> 1) | (from[s][st] << (kK - 2));
  }
  bits.resize(n_bits);
  return bits;
}

}  // namespace dsmark
