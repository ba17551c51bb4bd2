// Convolutional codes of rate 1/n (n generators) and memory m (K = m + 1; 2^m states), zero-tail or tail-biting,
// and their soft-decision Viterbi decoders (maximum likelihood). The image watermark uses the rate-1/3 K = 7 code of
// LTE (generators 133, 171, 165 octal) with a zero tail; the audio watermark the rate-1/2 K = 7 code of NASA/CCSDS
// (171, 133) tail-biting, which spends no coded bits on a tail: the encoder starts in the state its last m input
// bits leave it in, so the path is a circle, and the decoder finds the best circle through every start state.
//
// State = the last m input bits, the newest in bit m − 1; each generator taps the register (bit << m | state).
#pragma once

#include <cstddef>
#include <cstdint>
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

 private:
  // Viterbi over `steps` trellis sections from state `start` (from every state at once when start < 0) with the
  // last `tail` inputs forced to 0; returns the best metric ending in state `end`, fills `bits` with the input bits
  // along that path and, if asked, `final_metrics` with the best metric ending in each state.
  double viterbi(std::span<const double> soft, size_t steps, int start, size_t tail, uint32_t end,
                 std::vector<uint8_t>& bits, std::vector<double>* final_metrics) const;

  uint32_t next_state(uint32_t state, uint32_t bit) const { return (bit << (memory_ - 1)) | (state >> 1); }

  size_t n_ = 0;
  int memory_ = 6;
  uint32_t states_ = 64;
  bool tail_biting_ = false;
  std::vector<uint8_t> out_[2];  // per input bit, per state: the n output bits packed (first output highest)
};

}  // namespace dsmark
