// Convolutional codes of rate 1/n (n generators) and memory m (K = m + 1; 2^m states), zero-tail or tail-biting,
// and their soft-decision Viterbi decoders (maximum likelihood). The image watermark uses the rate-1/3 K = 7 code of
// LTE (generators 133, 171, 165 octal) with a zero tail; the audio watermark the same code tail-biting, which
// spends no coded bits on a tail: the encoder starts in the state its last m input bits leave it in, so the path
// is a circle, and the decoder finds the best circle through every start state.
//
// List decoding (decode_list) gives the input words one by one in order of their metric, the most likely first
// (the tree-trellis search of Soong and Huang, 1991), so that a CRC can pick the best word that passes it.
//
// State = the last m input bits, the newest in bit m − 1; each generator taps the register (bit << m | state).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <span>
#include <vector>

namespace dsmark {

class ConvCode {
 public:
  enum class End { kZeroTail, kTailBiting };

  // `memory`: K − 1, 2 to 8 (4 to 256 states); 1 to 4 generators (octal as usually written), each below
  // 2^(memory + 1).
  ConvCode(int memory, std::initializer_list<uint32_t> generators, End end);

  // Coded bits for `info_bits` input bits: n·(info_bits + memory) with a zero tail, n·info_bits tail-biting.
  size_t coded_bits(size_t info_bits) const;

  // The coded bits (0/1) of the input bits (0/1). Tail-biting needs at least `memory` input bits (fewer give
  // none).
  std::vector<uint8_t> encode(std::span<const uint8_t> bits) const;

  // The most likely input bits (`info_bits` of them) given soft values, one per coded bit: positive means 0 is more
  // likely, negative 1, the magnitude the confidence (a log-likelihood ratio up to a common scale); 0 is an erasure.
  // Fewer soft values than coded_bits(info_bits) (or, tail-biting, fewer than `memory` bits) decode as all zeros.
  // Ties keep the lower predecessor state (and, tail-biting, the lower start state), so every build follows the
  // same path.
  std::vector<uint8_t> decode(std::span<const double> soft, size_t info_bits) const;

  // The metric decode() maximises: the sum over coded bits of +soft for a 0 and −soft for a 1.
  double metric(std::span<const double> soft, std::span<const uint8_t> coded) const;

  // List decoding: the input words in order of their metric, highest first (equal metrics in a fixed order), each
  // passed to `accept` with its metric until `accept` returns true; that word is returned. Words whose metric is
  // below `floor` are never produced, nor more than `max_words` words; then (and for input decode() would give
  // zeros for) the result is empty. The first word is decode()'s, or one of equal metric. Exact: a best-first search
  // backwards from the end of the trellis, each partial path ranked by its own metric plus the best forward metric
  // into its state, which is what its best completion scores (tail-biting: per start state, the circles through it).
  // Work is bounded by max_words x the trellis length (each word adds at most one new branch per section).
  std::vector<uint8_t> decode_list(std::span<const double> soft, size_t info_bits, size_t max_words, double floor,
                                   const std::function<bool(std::span<const uint8_t> bits, double metric)>& accept) const;

 private:
  // Viterbi over `steps` trellis sections from state `start` (from every state at once when start < 0) with the
  // last `tail` inputs forced to 0; returns the best metric ending in state `end`, fills `bits` with the input bits
  // along that path and, if asked, `final_metrics` with the best metric ending in each state.
  double viterbi(std::span<const double> soft, size_t steps, int start, size_t tail, uint32_t end,
                 std::vector<uint8_t>& bits, std::vector<double>* final_metrics,
                 std::vector<double>* all_metrics = nullptr) const;

  // The metric of the n outputs `o` (packed, first output highest) at section t.
  double branch_metric(std::span<const double> soft, size_t t, uint32_t o) const;

  uint32_t next_state(uint32_t state, uint32_t bit) const { return (bit << (memory_ - 1)) | (state >> 1); }

  // Trellis sections for `info_bits` input bits: the zero tail adds `memory_`.
  size_t sections(size_t info_bits) const { return tail_biting_ ? info_bits : info_bits + static_cast<size_t>(memory_); }

  // Whether `soft` can be decoded as `info_bits` input bits (else decode() gives zeros, decode_list() nothing).
  bool decodable(std::span<const double> soft, size_t info_bits) const {
    return n_ != 0 && info_bits != 0 && !(tail_biting_ && info_bits < static_cast<size_t>(memory_)) &&
           soft.size() >= coded_bits(info_bits);
  }

  size_t n_ = 0;
  int memory_ = 6;
  uint32_t states_ = 64;
  bool tail_biting_ = false;
  std::vector<uint8_t> out_[2];  // per input bit, per state: the n output bits packed (first output highest)
};

}  // namespace dsmark
