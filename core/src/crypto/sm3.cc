#include "crypto/sm3.h"

#include <algorithm>
#include <cstring>

namespace dsmark {
namespace {

inline uint32_t rotl(uint32_t x, unsigned n) { n &= 31; return n ? (x << n) | (x >> (32 - n)) : x; }
inline uint32_t p0(uint32_t x) { return x ^ rotl(x, 9) ^ rotl(x, 17); }
inline uint32_t p1(uint32_t x) { return x ^ rotl(x, 15) ^ rotl(x, 23); }

}  // namespace

Sm3::Sm3() {
  static constexpr uint32_t kIv[8] = {0x7380166F, 0x4914B2B9, 0x172442D7, 0xDA8A0600,
                                      0xA96F30BC, 0x163138AA, 0xE38DEE4D, 0xB0FB0E4E};
  std::memcpy(v_, kIv, sizeof(v_));
}

void Sm3::block(const uint8_t* p) {
  uint32_t w[68], w1[64];
  for (int j = 0; j < 16; ++j) {
    w[j] = uint32_t{p[4 * j]} << 24 | uint32_t{p[4 * j + 1]} << 16 | uint32_t{p[4 * j + 2]} << 8 | p[4 * j + 3];
  }
  for (int j = 16; j < 68; ++j) w[j] = p1(w[j - 16] ^ w[j - 9] ^ rotl(w[j - 3], 15)) ^ rotl(w[j - 13], 7) ^ w[j - 6];
  for (int j = 0; j < 64; ++j) w1[j] = w[j] ^ w[j + 4];
  uint32_t a = v_[0], b = v_[1], c = v_[2], d = v_[3], e = v_[4], f = v_[5], g = v_[6], h = v_[7];
  for (int j = 0; j < 64; ++j) {
    const uint32_t t = j < 16 ? 0x79CC4519u : 0x7A879D8Au;
    const uint32_t ss1 = rotl(rotl(a, 12) + e + rotl(t, static_cast<unsigned>(j)), 7);
    const uint32_t ss2 = ss1 ^ rotl(a, 12);
    const uint32_t ff = j < 16 ? (a ^ b ^ c) : ((a & b) | (a & c) | (b & c));
    const uint32_t gg = j < 16 ? (e ^ f ^ g) : ((e & f) | (~e & g));
    const uint32_t tt1 = ff + d + ss2 + w1[j];
    const uint32_t tt2 = gg + h + ss1 + w[j];
    d = c;
    c = rotl(b, 9);
    b = a;
    a = tt1;
    h = g;
    g = rotl(f, 19);
    f = e;
    e = p0(tt2);
  }
  v_[0] ^= a; v_[1] ^= b; v_[2] ^= c; v_[3] ^= d; v_[4] ^= e; v_[5] ^= f; v_[6] ^= g; v_[7] ^= h;
}

void Sm3::update(std::span<const uint8_t> data) {
  total_ += data.size();
  size_t i = 0;
  if (used_ > 0) {
    const size_t take = std::min(data.size(), 64 - used_);
    std::memcpy(buf_ + used_, data.data(), take);
    used_ += take;
    i = take;
    if (used_ < 64) return;
    block(buf_);
    used_ = 0;
  }
  for (; i + 64 <= data.size(); i += 64) block(data.data() + i);
  if (i < data.size()) {
    std::memcpy(buf_, data.data() + i, data.size() - i);
    used_ = data.size() - i;
  }
}

std::array<uint8_t, 32> Sm3::finish() {
  const uint64_t bits = total_ * 8;
  uint8_t pad[72] = {0x80};
  const size_t pad_len = (used_ < 56 ? 56 - used_ : 120 - used_);
  for (int k = 0; k < 8; ++k) pad[pad_len + k] = static_cast<uint8_t>(bits >> (56 - 8 * k));
  update({pad, pad_len + 8});
  std::array<uint8_t, 32> out{};
  for (int j = 0; j < 8; ++j) {
    out[4 * j] = static_cast<uint8_t>(v_[j] >> 24);
    out[4 * j + 1] = static_cast<uint8_t>(v_[j] >> 16);
    out[4 * j + 2] = static_cast<uint8_t>(v_[j] >> 8);
    out[4 * j + 3] = static_cast<uint8_t>(v_[j]);
  }
  return out;
}

}  // namespace dsmark
