// SM2 signature verification (GB/T 32918.2-2016 §7; SM3withSM2, OID 1.2.156.10197.1.501) with the curve
// arithmetic of mbedTLS, the same library in the native and the WebAssembly builds, so both give the same answer.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace dsmark {

enum class Sm2Result { kValid, kInvalid, kBadKey, kBadSignature };

// Verifies `signature` (DER ECDSA-Sig-Value, or raw r||s of 64 bytes) over `message` with `public_key`
// (DER SubjectPublicKeyInfo, or an uncompressed point 04||x||y, or x||y), for the user id `user_id`
// (GB/T 35276 default "1234567812345678").
Sm2Result sm2_verify(std::span<const uint8_t> public_key, std::span<const uint8_t> signature,
                     std::span<const uint8_t> message, std::string_view user_id = "1234567812345678");

}  // namespace dsmark
