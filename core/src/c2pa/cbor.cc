#include "c2pa/cbor.h"

#include <cmath>
#include <cstring>

namespace dsmark::c2pa {

bool CborValue::as_int64(int64_t& out) const {
  if (type_ == Type::kUint) {
    if (uint_ > static_cast<uint64_t>(INT64_MAX)) return false;
    out = static_cast<int64_t>(uint_);
    return true;
  }
  if (type_ == Type::kNegInt) {
    if (uint_ > static_cast<uint64_t>(INT64_MAX)) return false;
    out = -1 - static_cast<int64_t>(uint_);
    return true;
  }
  return false;
}

const CborValue* CborValue::find(std::string_view text_key) const {
  if (type_ != Type::kMap) return nullptr;
  for (size_t i = 0; i + 1 < items_.size(); i += 2) {
    if (items_[i].is_text() && items_[i].text() == text_key) return &items_[i + 1];
  }
  return nullptr;
}

const CborValue* CborValue::find(int64_t int_key) const {
  if (type_ != Type::kMap) return nullptr;
  for (size_t i = 0; i + 1 < items_.size(); i += 2) {
    int64_t k = 0;
    if (items_[i].as_int64(k) && k == int_key) return &items_[i + 1];
  }
  return nullptr;
}

const CborValue& CborValue::untagged() const {
  const CborValue* v = this;
  while (v->type_ == Type::kTag && !v->items_.empty()) v = &v->items_[0];
  return *v;
}

namespace {

double half_to_double(uint16_t h) {
  const int exp = (h >> 10) & 0x1F;
  const int mant = h & 0x3FF;
  double v;
  if (exp == 0) {
    v = std::ldexp(mant, -24);
  } else if (exp != 31) {
    v = std::ldexp(mant + 1024, exp - 25);
  } else {
    v = mant == 0 ? INFINITY : NAN;
  }
  return (h & 0x8000) ? -v : v;
}

}  // namespace

class CborDecoder {
 public:
  CborDecoder(Bytes data, const CborLimits& limits) : r_(data), limits_(limits) {}

  Status item(CborValue& out, uint32_t depth) {
    if (depth > limits_.max_depth) return Status::limit("CBOR data is nested deeper than the limit");
    if (++items_ > limits_.max_items) return Status::limit("CBOR data has more items than the limit");
    const size_t start = r_.offset();
    uint8_t ib = 0;
    if (!r_.u8(ib)) return Status::truncated("CBOR data ends early");
    const uint8_t major = ib >> 5, info = ib & 0x1F;
    if (info == 31) {
      DSMARK_RETURN_IF_ERROR(indefinite(out, major, depth));
    } else {
      uint64_t arg = 0;
      DSMARK_RETURN_IF_ERROR(argument(info, arg));
      DSMARK_RETURN_IF_ERROR(definite(out, major, info, arg, depth));
    }
    out.encoded_ = r_.data().subspan(start, r_.offset() - start);
    return Status::ok();
  }

  size_t offset() const { return r_.offset(); }

 private:
  Status argument(uint8_t info, uint64_t& arg) {
    if (info < 24) {
      arg = info;
      return Status::ok();
    }
    bool ok = false;
    if (info == 24) {
      uint8_t v = 0;
      ok = r_.u8(v);
      arg = v;
    } else if (info == 25) {
      uint16_t v = 0;
      ok = r_.u16be(v);
      arg = v;
    } else if (info == 26) {
      uint32_t v = 0;
      ok = r_.u32be(v);
      arg = v;
    } else if (info == 27) {
      ok = r_.u64be(arg);
    } else {
      return Status::malformed("CBOR data uses a reserved length encoding");
    }
    return ok ? Status::ok() : Status::truncated("CBOR data ends inside an item header");
  }

  Status definite(CborValue& out, uint8_t major, uint8_t info, uint64_t arg, uint32_t depth) {
    using T = CborValue::Type;
    switch (major) {
      case 0: out.type_ = T::kUint; out.uint_ = arg; return Status::ok();
      case 1: out.type_ = T::kNegInt; out.uint_ = arg; return Status::ok();
      case 2:
      case 3: {
        if (arg > r_.remaining()) return Status::truncated("a CBOR string runs past the end of its data");
        out.type_ = major == 2 ? T::kBytes : T::kText;
        (void)r_.bytes(static_cast<size_t>(arg), out.data_);
        return Status::ok();
      }
      case 4:
      case 5: {
        const uint64_t n = major == 5 ? arg * 2 : arg;
        // Every item takes at least one byte: a count beyond the bytes left is a lie, not a reason to allocate.
        if (arg > r_.remaining() || n > r_.remaining()) return Status::truncated("a CBOR container claims more items than its data holds");
        out.type_ = major == 4 ? T::kArray : T::kMap;
        out.items_.resize(static_cast<size_t>(n));
        for (CborValue& v : out.items_) DSMARK_RETURN_IF_ERROR(item(v, depth + 1));
        return Status::ok();
      }
      case 6:
        out.type_ = T::kTag;
        out.uint_ = arg;
        out.items_.resize(1);
        return item(out.items_[0], depth + 1);
      default:  // 7: simple values and floats
        if (info == 25) {
          out.type_ = T::kFloat;
          out.number_ = half_to_double(static_cast<uint16_t>(arg));
        } else if (info == 26) {
          float f;
          const uint32_t bits = static_cast<uint32_t>(arg);
          std::memcpy(&f, &bits, 4);
          out.type_ = T::kFloat;
          out.number_ = f;
        } else if (info == 27) {
          std::memcpy(&out.number_, &arg, 8);
          out.type_ = T::kFloat;
        } else if (arg == 20 || arg == 21) {
          out.type_ = T::kBool;
          out.boolean_ = arg == 21;
        } else if (arg == 22) {
          out.type_ = T::kNull;
        } else if (arg == 23) {
          out.type_ = T::kUndefined;
        } else {
          if (info == 24 && arg < 32) return Status::malformed("CBOR data has an invalid simple value");
          out.type_ = T::kSimple;
          out.uint_ = arg;
        }
        return Status::ok();
    }
  }

  bool at_break() const { return !r_.empty() && r_.data()[r_.offset()] == 0xFF; }

  Status indefinite(CborValue& out, uint8_t major, uint32_t depth) {
    using T = CborValue::Type;
    if (major == 2 || major == 3) {
      auto joined = std::make_shared<std::string>();
      while (!at_break()) {
        if (r_.empty()) return Status::truncated("an indefinite-length CBOR string has no end");
        CborValue chunk;
        DSMARK_RETURN_IF_ERROR(item(chunk, depth + 1));
        if (chunk.type_ != (major == 2 ? T::kBytes : T::kText)) {
          return Status::malformed("an indefinite-length CBOR string holds a chunk of another type");
        }
        joined->append(chunk.text());
      }
      (void)r_.skip(1);
      out.type_ = major == 2 ? T::kBytes : T::kText;
      out.owned_ = joined;
      out.data_ = as_bytes(*joined);
      return Status::ok();
    }
    if (major == 4 || major == 5) {
      out.type_ = major == 4 ? T::kArray : T::kMap;
      while (!at_break()) {
        if (r_.empty()) return Status::truncated("an indefinite-length CBOR container has no end");
        out.items_.emplace_back();
        DSMARK_RETURN_IF_ERROR(item(out.items_.back(), depth + 1));
      }
      (void)r_.skip(1);
      if (major == 5 && out.items_.size() % 2 != 0) return Status::malformed("a CBOR map has a key without a value");
      return Status::ok();
    }
    if (major == 7) return Status::malformed("a CBOR break code appears outside an indefinite-length item");
    return Status::malformed("CBOR integers and tags cannot have an indefinite length");
  }

  ByteReader r_;
  const CborLimits& limits_;
  uint64_t items_ = 0;
};

Result<CborValue> decode_cbor_prefix(Bytes data, size_t& consumed, const CborLimits& limits) {
  CborDecoder d(data, limits);
  CborValue v;
  DSMARK_RETURN_IF_ERROR(d.item(v, 0));
  consumed = d.offset();
  return v;
}

Result<CborValue> decode_cbor(Bytes data, const CborLimits& limits) {
  size_t consumed = 0;
  auto v = decode_cbor_prefix(data, consumed, limits);
  if (!v) return v.status();
  if (consumed != data.size()) return Status::malformed("CBOR data has extra bytes after its item");
  return v;
}

void cbor_put_head(std::string& out, uint8_t major, uint64_t value) {
  const uint8_t m = static_cast<uint8_t>(major << 5);
  auto put = [&](int bytes) {
    for (int s = (bytes - 1) * 8; s >= 0; s -= 8) out.push_back(static_cast<char>(value >> s));
  };
  if (value < 24) {
    out.push_back(static_cast<char>(m | value));
  } else if (value <= 0xFF) {
    out.push_back(static_cast<char>(m | 24));
    put(1);
  } else if (value <= 0xFFFF) {
    out.push_back(static_cast<char>(m | 25));
    put(2);
  } else if (value <= 0xFFFFFFFFu) {
    out.push_back(static_cast<char>(m | 26));
    put(4);
  } else {
    out.push_back(static_cast<char>(m | 27));
    put(8);
  }
}

void cbor_put_bytes(std::string& out, Bytes b) {
  cbor_put_head(out, 2, b.size());
  out.append(as_chars(b));
}

void cbor_put_text(std::string& out, std::string_view s) {
  cbor_put_head(out, 3, s.size());
  out.append(s);
}

}  // namespace dsmark::c2pa
