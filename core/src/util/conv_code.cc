#include "util/conv_code.h"

#include <algorithm>
#include <array>
#include <queue>
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
  return n_ * sections(info_bits);
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
  const size_t steps = sections(L);
  for (size_t i = 0; i < steps; ++i) {
    const uint32_t b = i < L ? (bits[i] & 1u) : 0u;
    const uint32_t o = out_[b][state];
    for (size_t k = n_; k-- > 0;) out.push_back(static_cast<uint8_t>(o >> k & 1));
    state = next_state(state, b);
  }
  return out;
}

double ConvCode::branch_metric(std::span<const double> soft, size_t t, uint32_t o) const {
  const double* y = &soft[n_ * t];
  double m = 0;
  for (size_t k = 0; k < n_; ++k) m += (o >> (n_ - 1 - k) & 1) ? -y[k] : y[k];
  return m;
}

double ConvCode::metric(std::span<const double> soft, std::span<const uint8_t> coded) const {
  double m = 0;
  for (size_t i = 0; i < std::min(soft.size(), coded.size()); ++i) m += coded[i] ? -soft[i] : soft[i];
  return m;
}

double ConvCode::viterbi(std::span<const double> soft, size_t steps, int start, size_t tail, uint32_t end,
                         std::vector<uint8_t>& bits, std::vector<double>* final_metrics,
                         std::vector<double>* all_metrics) const {
  std::vector<double> metric(states_, start < 0 ? 0.0 : kNone), next(states_);
  if (start >= 0) metric[static_cast<uint32_t>(start)] = 0;
  if (all_metrics) {
    all_metrics->assign((steps + 1) * states_, kNone);
    std::copy(metric.begin(), metric.end(), all_metrics->begin());
  }
  std::vector<uint8_t> from(steps * states_);
  const uint32_t half = states_ / 2;
  std::array<double, 16> branch;
  for (size_t t = 0; t < steps; ++t) {
    // The metric of each possible output word: +y for a 0, −y for a 1.
    for (uint32_t o = 0; o < (1u << n_); ++o) branch[o] = branch_metric(soft, t, o);
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
    if (all_metrics) std::copy(metric.begin(), metric.end(), all_metrics->begin() + (t + 1) * states_);
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
  if (!decodable(soft, info_bits)) return out;
  std::vector<uint8_t> bits;
  if (!tail_biting_) {
    viterbi(soft, sections(info_bits), 0, static_cast<size_t>(memory_), 0, bits, nullptr);
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

std::vector<uint8_t> ConvCode::decode_list(
    std::span<const double> soft, size_t info_bits, size_t max_words, double floor,
    const std::function<bool(std::span<const uint8_t> bits, double metric)>& accept) const {
  std::vector<uint8_t> none;
  if (max_words == 0 || !decodable(soft, info_bits)) return none;
  const size_t steps = sections(info_bits);
  // The start states searched, each with its forward metrics (best prefix from it into every state at every
  // section). Tail-biting: a pass from every state at once bounds the circles through each end state; start states
  // whose bound is below the floor hold no word worth producing. Zero-tail: start and end state 0.
  std::vector<uint32_t> starts;
  std::vector<uint8_t> scratch;
  if (tail_biting_) {
    std::vector<double> bound;
    viterbi(soft, steps, -1, 0, 0, scratch, &bound);
    for (uint32_t s = 0; s < states_; ++s) {
      if (bound[s] >= floor) starts.push_back(s);
    }
  } else {
    starts.push_back(0);
  }
  std::vector<std::vector<double>> forward(starts.size());
  for (size_t i = 0; i < starts.size(); ++i) {
    viterbi(soft, steps, static_cast<int>(starts[i]), tail_biting_ ? 0 : static_cast<size_t>(memory_), starts[i],
            scratch, nullptr, &forward[i]);
  }
  // Partial paths from the end back to (t, state): their own metric and the node they extend. A word is found when
  // a path reaches section 0 in its start state.
  struct Node {
    double own;
    uint32_t parent;
    uint32_t t;
    uint32_t state;
    uint32_t start;  // index into `starts`
  };
  std::vector<Node> nodes;
  using Entry = std::pair<double, int64_t>;  // priority; −node index, so that ties go to the older node
  std::priority_queue<Entry> open;
  const uint32_t kNoParent = UINT32_MAX;
  auto push = [&](const Node& n) {
    const double best_prefix = forward[n.start][n.t * states_ + n.state];
    if (best_prefix <= kNone) return;  // unreachable from its start state
    const double priority = best_prefix + n.own;
    if (!(priority >= floor)) return;
    nodes.push_back(n);
    open.emplace(priority, -static_cast<int64_t>(nodes.size() - 1));
  };
  for (size_t i = 0; i < starts.size(); ++i) {
    push({0.0, kNoParent, static_cast<uint32_t>(steps), tail_biting_ ? starts[i] : 0u, static_cast<uint32_t>(i)});
  }
  // Each word pops at most one node per section beyond those of earlier words and pushes two per pop.
  const size_t max_nodes = (max_words + starts.size()) * (2 * steps + 2);
  std::vector<uint8_t> bits(steps);
  size_t words = 0;
  while (!open.empty() && words < max_words) {
    const auto [priority, neg] = open.top();
    open.pop();
    const Node n = nodes[static_cast<size_t>(-neg)];
    if (n.t == 0) {
      // The word: the input bit of section t is the newest bit of the state after it.
      uint32_t at = static_cast<uint32_t>(-neg);
      for (size_t t = 0; t < steps; ++t) {
        at = nodes[at].parent;
        bits[t] = static_cast<uint8_t>(nodes[at].state >> (memory_ - 1) & 1);
      }
      ++words;
      if (accept(std::span<const uint8_t>(bits).first(info_bits), priority)) {
        bits.resize(info_bits);
        return bits;
      }
      continue;
    }
    if (nodes.size() + 2 > max_nodes) break;
    // The two states that lead to n.state: the input bit is its newest bit, the older bits shift up.
    const uint32_t bit = n.state >> (memory_ - 1);
    for (uint32_t low = 0; low < 2; ++low) {
      const uint32_t prev = ((n.state << 1) & (states_ - 1)) | low;
      push({n.own + branch_metric(soft, n.t - 1, out_[bit][prev]), static_cast<uint32_t>(-neg), n.t - 1, prev,
            n.start});
    }
  }
  return none;
}

}  // namespace dsmark
