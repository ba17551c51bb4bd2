// The error-correcting code of dsmark's image watermark: the constraint-length-7, rate-1/3 convolutional code with
// generators 133, 171, 165 (octal; those of LTE), zero-terminated, decoded by a soft-decision Viterbi decoder.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace dsmark {

inline constexpr int kConvMemory = 6;  // K − 1: six zero tail bits end the trellis in state 0

// 3 · (bits.size() + 6) coded bits (0/1) for the 0/1 input bits.
std::vector<uint8_t> conv_encode(const std::vector<uint8_t>& bits);

// The most likely input bits (`info_bits` of them) given soft values, one per coded bit: positive means 0 is more
// likely, negative 1, the magnitude the confidence (a log-likelihood ratio up to a common scale).
std::vector<uint8_t> conv_decode(const std::vector<double>& soft, size_t info_bits);

}  // namespace dsmark
