#include "container/ebml_reader.h"

#include <algorithm>
#include <cstring>

namespace dsmark {
namespace {

// Reads one variable-length integer: its length from the leading zero bits of the first byte.
// `keep_marker` keeps the length marker in the value (IDs); otherwise it is removed (sizes).
// Returns 0 length on an invalid first byte or when the bytes run out.
size_t read_vint(ByteReader& r, size_t max_len, bool keep_marker, uint64_t& value, bool& all_ones) {
  uint8_t first = 0;
  Bytes peek;
  if (!r.peek(1, peek)) return 0;
  first = peek[0];
  size_t len = 1;
  while (len <= 8 && !(first & (0x80 >> (len - 1)))) ++len;
  if (len > max_len || !r.has(len)) return 0;
  Bytes b;
  (void)r.bytes(len, b);
  const uint8_t marker = static_cast<uint8_t>(0x80 >> (len - 1));
  uint64_t v = keep_marker ? first : (first & (marker - 1));
  bool ones = (first & (marker - 1)) == (marker - 1);
  for (size_t i = 1; i < len; ++i) {
    v = v << 8 | b[i];
    ones = ones && b[i] == 0xFF;
  }
  value = v;
  all_ones = ones;
  return len;
}

}  // namespace

Status EbmlReader::next(EbmlElement& e, bool& done) {
  done = false;
  if (r_.empty()) {
    done = true;
    return Status::ok();
  }
  DSMARK_RETURN_IF_ERROR(budget_.enter(depth_));
  const size_t at = r_.offset();
  e = EbmlElement{};
  e.offset = base_ + at;
  uint64_t id = 0, size = 0;
  bool id_ones = false, size_ones = false;
  Bytes first;
  if (r_.peek(1, first) && first[0] == 0) {
    // Zero padding after the last element (some muxers pad a reserved area): the level ends here.
    const Bytes rest = r_.rest();
    if (std::all_of(rest.begin(), rest.end(), [](uint8_t b) { return b == 0; })) {
      done = true;
      return Status::ok();
    }
  }
  const size_t id_len = read_vint(r_, 4, true, id, id_ones);
  if (id_len == 0) {
    return r_.remaining() < 4 && !r_.empty()
               ? Status::truncated("the file ends inside an EBML element ID at byte " + std::to_string(e.offset))
               : Status::malformed("invalid EBML element ID at byte " + std::to_string(e.offset));
  }
  if (id_ones) return Status::malformed("reserved EBML element ID at byte " + std::to_string(e.offset));
  const size_t size_len = read_vint(r_, 8, false, size, size_ones);
  if (size_len == 0) {
    return r_.remaining() < 8
               ? Status::truncated("the file ends inside an EBML element size at byte " + std::to_string(e.offset))
               : Status::malformed("invalid EBML element size at byte " + std::to_string(e.offset));
  }
  e.id = static_cast<uint32_t>(id);
  e.header_size = static_cast<uint32_t>(id_len + size_len);
  if (size_ones) {
    e.unknown_size = true;
    e.payload = r_.rest();
    (void)r_.skip(r_.remaining());
    return Status::ok();
  }
  if (size > r_.remaining()) {
    e.truncated = true;
    e.payload = r_.rest();
    (void)r_.skip(r_.remaining());
    return Status::ok();
  }
  (void)r_.bytes(static_cast<size_t>(size), e.payload);
  return Status::ok();
}

Status EbmlReader::close_unknown(EbmlElement& e, std::span<const uint32_t> ends) {
  if (!e.unknown_size) return Status::ok();
  EbmlReader children(e.payload, e.payload_offset(), depth_ + 1, budget_);
  size_t consumed = 0;
  while (true) {
    const size_t before = children.r_.offset();
    EbmlElement c;
    bool done = false;
    DSMARK_RETURN_IF_ERROR(children.next(c, done));
    if (done) {
      consumed = children.r_.offset();
      break;
    }
    if (std::find(ends.begin(), ends.end(), c.id) != ends.end()) {
      consumed = before;
      break;
    }
    if (c.unknown_size) {
      return Status::unsupported("an EBML element of unknown size inside another one at byte " +
                                 std::to_string(c.offset));
    }
    consumed = children.r_.offset();
  }
  e.payload = e.payload.first(consumed);
  // This reader skipped the whole rest for the unknown-size element: resume right after its real extent.
  const size_t resume = static_cast<size_t>(e.offset - base_) + e.header_size + consumed;
  (void)r_.seek(resume);
  return Status::ok();
}

bool ebml_uint(Bytes payload, uint64_t& out) {
  if (payload.size() > 8) return false;
  out = 0;
  for (uint8_t b : payload) out = out << 8 | b;
  return true;
}

bool ebml_sint(Bytes payload, int64_t& out) {
  uint64_t v = 0;
  if (!ebml_uint(payload, v)) return false;
  const size_t bits = payload.size() * 8;
  if (bits > 0 && bits < 64 && (v >> (bits - 1)) & 1) v |= ~uint64_t{0} << bits;  // sign-extend
  out = static_cast<int64_t>(v);
  return true;
}

bool ebml_float(Bytes payload, double& out) {
  if (payload.size() == 0) {
    out = 0;
    return true;
  }
  if (payload.size() == 4) {
    const uint32_t bits = load_u32be(payload.data());
    float f = 0;
    std::memcpy(&f, &bits, sizeof f);
    out = f;
    return true;
  }
  if (payload.size() == 8) {
    const uint64_t bits = load_u64be(payload.data());
    std::memcpy(&out, &bits, sizeof out);
    return true;
  }
  return false;
}

std::string ebml_string(Bytes payload) {
  std::string_view s = as_chars(payload);
  const size_t nul = s.find('\0');
  return std::string(nul == std::string_view::npos ? s : s.substr(0, nul));
}

}  // namespace dsmark
