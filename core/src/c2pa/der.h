// A small DER reader (ITU-T X.690) for X.509 certificates and RFC 3161 time-stamp tokens: tag, length, content,
// definite lengths only, every length checked against the enclosing item.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/byte_reader.h"

namespace dsmark::c2pa {

struct DerItem {
  uint8_t tag = 0;  // the identifier octet (multi-byte tags are not used by the structures read here)
  Bytes content;
  Bytes whole;      // identifier, length and content
};

class DerReader {
 public:
  explicit DerReader(Bytes data) : r_(data) {}
  bool empty() const { return r_.empty(); }
  // Reads the next item; false when the data is malformed or ends early.
  [[nodiscard]] bool next(DerItem& out);
  // Reads the next item and requires its tag.
  [[nodiscard]] bool expect(uint8_t tag, DerItem& out) { return next(out) && out.tag == tag; }
  // Peeks at the next tag (0 when empty).
  uint8_t peek_tag() const { return r_.empty() ? 0 : r_.data()[r_.offset()]; }

 private:
  ByteReader r_;
};

namespace der_tag {
inline constexpr uint8_t kBoolean = 0x01, kInteger = 0x02, kBitString = 0x03, kOctetString = 0x04, kNull = 0x05,
                         kOid = 0x06, kUtf8 = 0x0C, kPrintable = 0x13, kTeletex = 0x14, kIa5 = 0x16, kUtcTime = 0x17,
                         kGeneralizedTime = 0x18, kUniversal = 0x1C, kBmp = 0x1E, kSequence = 0x30, kSet = 0x31;
inline constexpr uint8_t context(int n, bool constructed = true) {
  return static_cast<uint8_t>(0x80 | (constructed ? 0x20 : 0) | n);
}
}  // namespace der_tag

// Dotted text of an OBJECT IDENTIFIER's content ("1.2.840.10045.2.1"); empty when malformed.
std::string oid_text(Bytes content);
// Seconds since 1970-01-01 of a UTCTime or GeneralizedTime (Z form); false when malformed.
bool der_time(const DerItem& item, int64_t& unix_seconds);
// ISO 8601 UTC text of seconds since 1970 ("2024-05-01T12:00:00Z").
std::string iso8601(int64_t unix_seconds);
// A directory string (UTF8String, PrintableString, IA5String, TeletexString, BMPString, UniversalString) as UTF-8.
std::string der_string(const DerItem& item);
// An INTEGER's content without leading zero bytes (for unsigned big numbers).
Bytes der_unsigned(Bytes integer_content);

}  // namespace dsmark::c2pa
