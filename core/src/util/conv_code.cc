#include "util/conv_code.h"

#include <algorithm>
#include <array>
#include <vector>

namespace dsmark {
namespace {

constexpr double kNone = -1e300;  // an unreachable state

inline uint32_t parity(uint32_t v) {
  v ^= v >> 4;
  v ^= v >> 2;
  v ^= v >> 1;
  return v & 1;
}


}  // namespace

ConvCode::ConvCode(int memory, std::initializer_list<uint32_t> generators, End end)
    : n_(generators.size()), memory_(memory) {
  // A memory outside 2..8, n_ outside 1..4 or a generator longer than the memory + 1 is a programming error: such
  // a code encodes and decodes nothing (coded_bits() is then 0).
  bool valid = n_ >= 1 && n_ <= 4 && memory_ >= 2 && memory_ <= 8;
  for (uint32_t g : generators) valid = valid && g < (2u << memory_);
  if (!valid) {
    n_ = 0;
    memory_ = 2;
  }
  states_ = 1u << memory_;
  tail_biting_ = end == End::kTailBiting;
  for (uint32_t b = 0; b < 2; ++b) {
    out_[b].resize(states_);
    for (uint32_t s = 0; s < states_; ++s) {
      const uint32_t reg = b << memory_ | s;
      uint32_t o = 0;
      for (uint32_t g : generators) o = o << 1 | parity(reg & g);
      out_[b][s] = static_cast<uint8_t>(o);
    }
  }
}

size_t ConvCode::coded_bits(size_t info_bits) const {
  return n_ * (tail_biting_ ? info_bits : info_bits + memory_);
}

std::vector<uint8_t> ConvCode::encode(std::span<const uint8_t> bits) const {
  std::vector<uint8_t> out;
  const size_t L = bits.size();
  if (n_ == 0 || (tail_biting_ && L < static_cast<size_t>(memory_))) return out;
  out.reserve(coded_bits(L));
  uint32_t state = 0;
  if (tail_biting_) {
    // The state the last `memory_` bits leave: the path ends where it starts.
    for (size_t i = L - static_cast<size_t>(memory_); i < L; ++i) state = next_state(state, bits[i] & 1u);
  }
  const size_t steps = tail_biting_ ? L : L + static_cast<size_t>(memory_);
  for (size_t i = 0; i < steps; ++i) {
    const uint32_t b = i < L ? (bits[i] & 1u) : 0u;
    const uint32_t o = out_[b][state];
    for (size_t k = n_; k-- > 0;) out.push_back(static_cast<uint8_t>(o >> k & 1));
    state = next_state(state, b);
  }
  return out;
}

double ConvCode::viterbi(std::span<const double> soft, size_t steps, int start, size_t tail, uint32_t end,
                         std::vector<uint8_t>& bits, std::vector<double>* final_metrics) const {
  std::vector<double> metric(states_, start < 0 ? 0.0 : kNone), next(states_);
  if (start >= 0) metric[static_cast<uint32_t>(start)] = 0;
  std::vector<uint8_t> from(steps * states_);
  const uint32_t half = states_ / 2;
  std::array<double, 16> branch;
  for (size_t t = 0; t < steps; ++t) {
    // The metric of each possible output word: +y for a 0, −y for a 1.
    const double* y = &soft[n_ * t];
    for (uint32_t o = 0; o < (1u << n_); ++o) {
      double m = 0;
      for (size_t k = 0; k < n_; ++k) m += (o >> (n_ - 1 - k) & 1) ? -y[k] : y[k];
      branch[o] = m;
    }
    const bool zero_only = t + tail >= steps;
    uint8_t* f = &from[t * states_];
    // Butterflies: states 2j and 2j+1 lead to j (input 0) and j + half (input 1).
    for (uint32_t j = 0; j < half; ++j) {
      const uint32_t a = 2 * j, b = 2 * j + 1;
      const double ma = metric[a] + branch[out_[0][a]], mb = metric[b] + branch[out_[0][b]];
      const bool pick_a = !(mb > ma);
      next[j] = pick_a ? ma : mb;
      f[j] = static_cast<uint8_t>(pick_a ? a : b);
      if (zero_only) {
        next[j + half] = kNone;
        continue;
      }
      const double na = metric[a] + branch[out_[1][a]], nb = metric[b] + branch[out_[1][b]];
      const bool pick_na = !(nb > na);
      next[j + half] = pick_na ? na : nb;
      f[j + half] = static_cast<uint8_t>(pick_na ? a : b);
    }
    metric.swap(next);
  }
  bits.assign(steps, 0);
  uint32_t s = end;
  for (size_t t = steps; t-- > 0;) {
    bits[t] = static_cast<uint8_t>(s >> (memory_ - 1) & 1);
    s = from[t * states_ + s];
  }
  if (final_metrics) *final_metrics = metric;
  return metric[end];
}

std::vector<uint8_t> ConvCode::decode(std::span<const double> soft, size_t info_bits) const {
  std::vector<uint8_t> out(info_bits, 0);
  if (n_ == 0 || info_bits == 0 || (tail_biting_ && info_bits < static_cast<size_t>(memory_)) ||
      soft.size() < coded_bits(info_bits)) {
    return out;
  }
  std::vector<uint8_t> bits;
  if (!tail_biting_) {
    viterbi(soft, info_bits + static_cast<size_t>(memory_), 0, static_cast<size_t>(memory_), 0, bits, nullptr);
    bits.resize(info_bits);
    return bits;
  }
  // Tail-biting, exactly: the best circle, a path that starts and ends in the same state (the state after the last
  // `memory_` inputs is the start state). A pass from every start state at once gives, per end state s, the best
  // path ending there: a bound on every circle through s. The circles are then searched start state by start
  // state in the order of their bounds, until no bound is above the best circle found (ties: the lower state).
  std::vector<double> bound;
  viterbi(soft, info_bits, -1, 0, 0, bits, &bound);
  std::vector<uint32_t> order(states_);
  for (uint32_t s = 0; s < states_; ++s) order[s] = s;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return bound[a] > bound[b]; });
  double best = kNone;
  uint32_t best_state = states_;
  for (uint32_t s : order) {
    if (bound[s] < best) break;                           // the rest are bounded lower still
    if (bound[s] == best && s > best_state) continue;     // at best a tie, which the lower state wins
    const double m = viterbi(soft, info_bits, static_cast<int>(s), 0, s, bits, nullptr);
    if (m > best || (m == best && s < best_state)) {
      best = m;
      best_state = s;
      out = bits;
    }
  }
  return out;
}

}  // namespace dsmark
