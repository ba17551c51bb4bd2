// A bounded CBOR decoder (RFC 8949) for C2PA claims, assertions and COSE structures: definite and indefinite
// lengths, tags, half/single/double floats, simple values. Strings are views into the input (indefinite-length
// strings are joined into owned storage). Nesting is bounded; every length is checked against the bytes left,
// so a hostile header claiming 2^64 items costs nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dsmark/status.h"
#include "util/byte_reader.h"

namespace dsmark::c2pa {

class CborValue {
 public:
  enum class Type : uint8_t { kUint, kNegInt, kBytes, kText, kArray, kMap, kTag, kFloat, kBool, kNull, kUndefined, kSimple };

  Type type() const { return type_; }
  bool is_uint() const { return type_ == Type::kUint; }
  bool is_int() const { return type_ == Type::kUint || type_ == Type::kNegInt; }
  bool is_bytes() const { return type_ == Type::kBytes; }
  bool is_text() const { return type_ == Type::kText; }
  bool is_array() const { return type_ == Type::kArray; }
  bool is_map() const { return type_ == Type::kMap; }
  bool is_tag() const { return type_ == Type::kTag; }
  bool is_null() const { return type_ == Type::kNull || type_ == Type::kUndefined; }
  bool is_bool() const { return type_ == Type::kBool; }
  bool is_float() const { return type_ == Type::kFloat; }

  // kUint: the value; kNegInt: n where the value is -1 - n; kTag: the tag number; kSimple: the simple value.
  uint64_t raw_uint() const { return uint_; }
  // The integer value when it fits in int64_t.
  bool as_int64(int64_t& out) const;
  double as_double() const { return number_; }
  bool as_bool() const { return boolean_; }
  // kBytes / kText content.
  Bytes bytes() const { return data_; }
  std::string_view text() const { return as_chars(data_); }

  // kArray elements; kTag: one element (the tagged item).
  const std::vector<CborValue>& items() const { return items_; }
  size_t size() const { return type_ == Type::kMap ? items_.size() / 2 : items_.size(); }
  const CborValue& at(size_t i) const { return items_[i]; }
  // kMap: key i and value i (keys and values alternate in items()).
  const CborValue& key(size_t i) const { return items_[2 * i]; }
  const CborValue& value(size_t i) const { return items_[2 * i + 1]; }
  // kMap lookups; nullptr when absent or not a map.
  const CborValue* find(std::string_view text_key) const;
  const CborValue* find(int64_t int_key) const;
  // Follows tags to the tagged content (COSE_Sign1 is tag 18 around an array).
  const CborValue& untagged() const;

  // The encoded bytes of this item in the input.
  Bytes encoded() const { return encoded_; }

 private:
  friend class CborDecoder;
  Type type_ = Type::kNull;
  bool boolean_ = false;
  uint64_t uint_ = 0;
  double number_ = 0;
  Bytes data_;
  Bytes encoded_;
  std::shared_ptr<const std::string> owned_;  // joined chunks of an indefinite-length string
  std::vector<CborValue> items_;
};

struct CborLimits {
  uint32_t max_depth = 64;          // nesting of arrays, maps and tags
  uint64_t max_items = 1u << 20;    // items in one document (each costs at least one input byte anyway)
};

// Decodes exactly one item that fills `data`; trailing bytes are an error.
Result<CborValue> decode_cbor(Bytes data, const CborLimits& limits = {});
// Decodes one item at the start of `data`; `consumed` receives its length.
Result<CborValue> decode_cbor_prefix(Bytes data, size_t& consumed, const CborLimits& limits = {});

// Minimal encoders used to rebuild COSE Sig_structure bytes.
void cbor_put_head(std::string& out, uint8_t major, uint64_t value);
void cbor_put_bytes(std::string& out, Bytes b);
void cbor_put_text(std::string& out, std::string_view s);

}  // namespace dsmark::c2pa
