#include "container/bmff_boxes.h"

#include <cstring>

namespace dsmark {

Status BmffIterator::next(BmffBox& box, bool& done) {
  done = false;
  if (finished_ || r_.empty()) {
    done = true;
    return Status::ok();
  }
  DSMARK_RETURN_IF_ERROR(budget_.enter(depth_));
  const size_t at = r_.offset();
  if (r_.remaining() < 8) {
    // Some writers pad a level with fewer than 8 zero bytes; anything else is a cut header.
    Bytes tail = r_.rest();
    finished_ = true;
    done = true;
    for (uint8_t b : tail) {
      if (b != 0) return Status::truncated("the file ends inside an ISO-BMFF box header at byte " +
                                           std::to_string(base_ + at));
    }
    return Status::ok();
  }
  uint32_t size32 = 0;
  Bytes type;
  (void)r_.u32be(size32);
  (void)r_.bytes(4, type);
  box = BmffBox{};
  box.type = as_chars(type);
  box.offset = base_ + at;
  uint64_t size = size32;
  uint32_t header = 8;
  if (size32 == 1) {
    if (!r_.u64be(size)) return Status::truncated("the file ends inside a 64-bit ISO-BMFF box size");
    header = 16;
  } else if (size32 == 0) {
    box.to_end = true;
    size = header + r_.remaining();
  }
  if (box.type == "uuid") {
    Bytes u;
    if (!r_.bytes(16, u)) return Status::truncated("the file ends inside an ISO-BMFF uuid box header");
    std::memcpy(box.uuid.data(), u.data(), 16);
    header += 16;
  }
  if (size < header) {
    finished_ = true;
    return Status::malformed("the ISO-BMFF box '" + fourcc_name(box.type) + "' at byte " +
                             std::to_string(box.offset) + " declares a size of " + std::to_string(size) +
                             ", smaller than its header");
  }
  box.header_size = header;
  const uint64_t body = size - header;
  if (body > r_.remaining()) {
    box.truncated = true;
    box.payload = r_.rest();
    box.size = header + box.payload.size();
    (void)r_.skip(r_.remaining());
    finished_ = true;
    return Status::ok();
  }
  box.size = size;
  (void)r_.bytes(static_cast<size_t>(body), box.payload);
  return Status::ok();
}

bool read_full_box_header(ByteReader& r, uint8_t& version, uint32_t& flags) {
  return r.u8(version) && r.u24be(flags);
}

std::string fourcc_name(std::string_view type) {
  std::string out;
  for (char ch : type) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0xA9) {
      out += "\xC2\xA9";  // ©, as QuickTime writes it in Mac Roman
    } else if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string uuid_string(const std::array<uint8_t, 16>& u) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[u[i] >> 4];
    out += kHex[u[i] & 15];
  }
  return out;
}

}  // namespace dsmark
