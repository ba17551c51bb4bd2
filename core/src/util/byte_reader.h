// A checked reader over an immutable byte span: every read is bounds-checked and reports failure
// instead of reading past the end. Endian loads go through explicit shifts (no unaligned access).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace dsmark {

using Bytes = std::span<const uint8_t>;

inline std::string_view as_chars(Bytes b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}
inline Bytes as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

inline uint16_t load_u16be(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
inline uint16_t load_u16le(const uint8_t* p) { return static_cast<uint16_t>(p[1] << 8 | p[0]); }
inline uint32_t load_u24be(const uint8_t* p) { return uint32_t{p[0]} << 16 | uint32_t{p[1]} << 8 | p[2]; }
inline uint32_t load_u32be(const uint8_t* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}
inline uint32_t load_u32le(const uint8_t* p) {
  return uint32_t{p[3]} << 24 | uint32_t{p[2]} << 16 | uint32_t{p[1]} << 8 | p[0];
}
inline uint64_t load_u64be(const uint8_t* p) { return uint64_t{load_u32be(p)} << 32 | load_u32be(p + 4); }
inline uint64_t load_u64le(const uint8_t* p) { return uint64_t{load_u32le(p + 4)} << 32 | load_u32le(p); }

class ByteReader {
 public:
  ByteReader() = default;
  explicit ByteReader(Bytes data) : data_(data) {}

  size_t offset() const { return pos_; }
  size_t size() const { return data_.size(); }
  size_t remaining() const { return data_.size() - pos_; }
  bool empty() const { return pos_ == data_.size(); }
  bool has(size_t n) const { return n <= remaining(); }
  Bytes data() const { return data_; }
  Bytes rest() const { return data_.subspan(pos_); }

  [[nodiscard]] bool seek(size_t absolute) {
    if (absolute > data_.size()) return false;
    pos_ = absolute;
    return true;
  }
  [[nodiscard]] bool skip(size_t n) {
    if (!has(n)) return false;
    pos_ += n;
    return true;
  }
  [[nodiscard]] bool bytes(size_t n, Bytes& out) {
    if (!has(n)) return false;
    out = data_.subspan(pos_, n);
    pos_ += n;
    return true;
  }
  [[nodiscard]] bool peek(size_t n, Bytes& out) const {
    if (!has(n)) return false;
    out = data_.subspan(pos_, n);
    return true;
  }
  [[nodiscard]] bool u8(uint8_t& v) { return load(1, v, [](const uint8_t* p) { return *p; }); }
  [[nodiscard]] bool u16be(uint16_t& v) { return load(2, v, load_u16be); }
  [[nodiscard]] bool u16le(uint16_t& v) { return load(2, v, load_u16le); }
  [[nodiscard]] bool u24be(uint32_t& v) { return load(3, v, load_u24be); }
  [[nodiscard]] bool u32be(uint32_t& v) { return load(4, v, load_u32be); }
  [[nodiscard]] bool u32le(uint32_t& v) { return load(4, v, load_u32le); }
  [[nodiscard]] bool u64be(uint64_t& v) { return load(8, v, load_u64be); }
  [[nodiscard]] bool u64le(uint64_t& v) { return load(8, v, load_u64le); }
  // Reads n bytes and compares them with `tag` (e.g. a FourCC); the position only moves on a match.
  [[nodiscard]] bool expect(std::string_view tag) {
    if (!has(tag.size()) || as_chars(data_.subspan(pos_, tag.size())) != tag) return false;
    pos_ += tag.size();
    return true;
  }
  // Reads up to a NUL byte (consumed, not returned); false when there is none.
  [[nodiscard]] bool cstring(std::string_view& out, size_t max_len = SIZE_MAX) {
    const size_t limit = remaining() < max_len ? remaining() : max_len;
    for (size_t i = 0; i < limit; ++i) {
      if (data_[pos_ + i] == 0) {
        out = as_chars(data_.subspan(pos_, i));
        pos_ += i + 1;
        return true;
      }
    }
    return false;
  }

 private:
  template <typename T, typename F>
  bool load(size_t n, T& v, F f) {
    if (!has(n)) return false;
    v = static_cast<T>(f(data_.data() + pos_));
    pos_ += n;
    return true;
  }

  Bytes data_;
  size_t pos_ = 0;
};

// Overflow-checked arithmetic for sizes read from files.
[[nodiscard]] inline bool checked_add(uint64_t a, uint64_t b, uint64_t& out) {
  return !__builtin_add_overflow(a, b, &out);
}
[[nodiscard]] inline bool checked_mul(uint64_t a, uint64_t b, uint64_t& out) {
  return !__builtin_mul_overflow(a, b, &out);
}

}  // namespace dsmark
