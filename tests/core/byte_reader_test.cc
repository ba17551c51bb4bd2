#include "util/byte_reader.h"

#include <gtest/gtest.h>

#include <vector>

namespace dsmark {
namespace {

TEST(ByteReader, ReadsBigAndLittleEndian) {
  const std::vector<uint8_t> b = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};
  ByteReader r(b);
  uint16_t v16 = 0;
  uint32_t v32 = 0;
  ASSERT_TRUE(r.u16be(v16));
  EXPECT_EQ(v16, 0x0102);
  ASSERT_TRUE(r.u16le(v16));
  EXPECT_EQ(v16, 0x0403);
  ASSERT_TRUE(r.u32be(v32));
  EXPECT_EQ(v32, 0x05060708u);
  EXPECT_TRUE(r.empty());
  ByteReader r2(b);
  uint64_t v64 = 0;
  ASSERT_TRUE(r2.u64be(v64));
  EXPECT_EQ(v64, 0x0102030405060708ull);
  ByteReader r3(b);
  ASSERT_TRUE(r3.u64le(v64));
  EXPECT_EQ(v64, 0x0807060504030201ull);
}

TEST(ByteReader, NeverReadsPastTheEnd) {
  const std::vector<uint8_t> b = {1, 2, 3};
  ByteReader r(b);
  uint32_t v = 0xDEADBEEF;
  EXPECT_FALSE(r.u32be(v));
  EXPECT_EQ(v, 0xDEADBEEFu);  // untouched on failure
  EXPECT_EQ(r.offset(), 0u);  // position unchanged on failure
  Bytes out;
  EXPECT_FALSE(r.bytes(4, out));
  EXPECT_FALSE(r.skip(SIZE_MAX));
  EXPECT_TRUE(r.bytes(3, out));
  EXPECT_EQ(out.size(), 3u);
  uint8_t u = 0;
  EXPECT_FALSE(r.u8(u));
  EXPECT_FALSE(r.seek(4));
  EXPECT_TRUE(r.seek(3));
}

TEST(ByteReader, ExpectAndCString) {
  const std::string s("RIFFab\0cd", 9);
  ByteReader r(as_bytes(s));
  EXPECT_FALSE(r.expect("RIFX"));
  EXPECT_EQ(r.offset(), 0u);
  EXPECT_TRUE(r.expect("RIFF"));
  std::string_view str;
  EXPECT_TRUE(r.cstring(str));
  EXPECT_EQ(str, "ab");
  EXPECT_FALSE(r.cstring(str));  // "cd" has no terminator
  EXPECT_EQ(r.remaining(), 2u);
  ByteReader r2(as_bytes(s));
  EXPECT_FALSE(r2.cstring(str, 3));  // no NUL within 3 bytes
}

TEST(CheckedArithmetic, DetectsOverflow) {
  uint64_t out = 0;
  EXPECT_TRUE(checked_add(1, 2, out));
  EXPECT_EQ(out, 3u);
  EXPECT_FALSE(checked_add(UINT64_MAX, 1, out));
  EXPECT_FALSE(checked_mul(UINT64_MAX / 2 + 1, 2, out));
  EXPECT_TRUE(checked_mul(1u << 20, 1u << 20, out));
}

}  // namespace
}  // namespace dsmark
