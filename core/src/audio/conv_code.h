// The payload's error-correcting code: CRC-8 over the payload, then the K=7 rate-1/2 convolutional code of
// NASA/CCSDS (generators 171, 133 octal) with a zero tail, decoded by a soft-decision Viterbi.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace dsmark {

// CRC-8 (polynomial 0x07, initial value 0), MSB first, over `bits` (0/1 values).
uint8_t crc8_bits(std::span<const uint8_t> bits);

// Encodes `bits` (0/1) followed by six zero tail bits: 2 * (bits.size() + 6) coded bits.
std::vector<uint8_t> conv_encode(std::span<const uint8_t> bits);

// Maximum-likelihood decoding of `soft` (one value per coded bit: positive means 0 was sent, negative 1, the
// magnitude is the confidence; 0 is an erasure). Returns n_bits decoded bits; the zero tail is enforced.
std::vector<uint8_t> viterbi_decode(std::span<const float> soft, size_t n_bits);

}  // namespace dsmark
