// SM3 (GB/T 32905-2016), the hash of Chinese commercial cryptography: SM2 signatures in GB 45438 security data
// (TC260-PG-202511A, SM3withSM2) hash with it. mbedTLS has no SM3; this is the whole algorithm (the tests check
// the standard's examples and OpenSSL's output).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace dsmark {

class Sm3 {
 public:
  Sm3();
  void update(std::span<const uint8_t> data);
  std::array<uint8_t, 32> finish();

  static std::array<uint8_t, 32> hash(std::span<const uint8_t> data) {
    Sm3 h;
    h.update(data);
    return h.finish();
  }

 private:
  void block(const uint8_t* p);
  uint32_t v_[8];
  uint8_t buf_[64];
  size_t used_ = 0;
  uint64_t total_ = 0;
};

}  // namespace dsmark
