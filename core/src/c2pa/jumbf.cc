#include "c2pa/jumbf.h"

#include <cstring>

namespace dsmark::c2pa {
namespace {

constexpr uint8_t kC2paUuidTail[12] = {0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};

struct BoxHeader {
  std::string_view type;
  Bytes box;
  Bytes payload;
};

// Reads one box header at the reader's position; the box must fit in what is left.
Status read_box(ByteReader& r, BoxHeader& out) {
  const size_t start = r.offset();
  uint32_t lbox = 0;
  Bytes type;
  if (!r.u32be(lbox) || !r.bytes(4, type)) return Status::truncated("a JUMBF box header is cut off");
  uint64_t size = lbox;
  size_t header = 8;
  if (lbox == 1) {
    if (!r.u64be(size)) return Status::truncated("a JUMBF box's extended length is cut off");
    header = 16;
  } else if (lbox == 0) {
    size = r.remaining() + 8;  // extends to the end of its parent
  }
  if (size < header) return Status::malformed("a JUMBF box declares a length smaller than its header");
  const uint64_t body = size - header;
  if (body > r.remaining()) return Status::truncated("a JUMBF box is longer than the data that holds it");
  Bytes payload;
  (void)r.bytes(static_cast<size_t>(body), payload);
  out.type = as_chars(type);
  out.box = r.data().subspan(start, r.offset() - start);
  out.payload = payload;
  return Status::ok();
}

Status parse_description(Bytes payload, JumbfSuperbox& sb) {
  ByteReader r(payload);
  Bytes uuid;
  if (!r.bytes(16, uuid) || !r.u8(sb.toggles)) return Status::truncated("a JUMBF description box is too short");
  std::memcpy(sb.uuid.data(), uuid.data(), 16);
  if (is_c2pa_type_uuid(sb.uuid)) {
    for (int i = 0; i < 4; ++i) {
      const char c = static_cast<char>(sb.uuid[i]);
      sb.type.push_back(c >= 0x20 && c < 0x7F ? c : '?');
    }
  }
  if (sb.toggles & 0x02) {
    std::string_view label;
    if (!r.cstring(label, 4096)) return Status::malformed("a JUMBF label is not terminated");
    sb.label = std::string(label);
  }
  if (sb.toggles & 0x04) {
    if (!r.u32be(sb.id)) return Status::truncated("a JUMBF description box ends inside its id");
    sb.has_id = true;
  }
  if (sb.toggles & 0x08) {
    if (!r.skip(32)) return Status::truncated("a JUMBF description box ends inside its hash");
  }
  // A private box (toggle 0x10) may follow; C2PA puts the salt there. It is covered by hashed URIs as part of
  // the payload, so nothing here needs it.
  return Status::ok();
}

Status parse_superbox(const BoxHeader& h, const Limits& limits, uint32_t depth, uint32_t& boxes, JumbfSuperbox& sb) {
  if (depth > limits.max_box_depth) return Status::limit("JUMBF boxes are nested deeper than the limit");
  sb.box = h.box;
  sb.payload = h.payload;
  ByteReader r(h.payload);
  BoxHeader d;
  DSMARK_RETURN_IF_ERROR(read_box(r, d));
  if (d.type != "jumd") return Status::malformed("a JUMBF superbox does not start with a description box");
  DSMARK_RETURN_IF_ERROR(parse_description(d.payload, sb));
  while (!r.empty()) {
    if (++boxes > limits.max_boxes) return Status::limit("the manifest store has more JUMBF boxes than the limit");
    BoxHeader c;
    DSMARK_RETURN_IF_ERROR(read_box(r, c));
    if (c.type == "jumb") {
      sb.children.emplace_back();
      DSMARK_RETURN_IF_ERROR(parse_superbox(c, limits, depth + 1, boxes, sb.children.back()));
    } else {
      sb.contents.push_back({std::string(c.type), c.box, c.payload});
    }
  }
  return Status::ok();
}

}  // namespace

const JumbfSuperbox* JumbfSuperbox::child(std::string_view child_label) const {
  for (const JumbfSuperbox& c : children) {
    if (c.label == child_label) return &c;
  }
  return nullptr;
}

bool is_c2pa_type_uuid(const std::array<uint8_t, 16>& uuid) {
  return std::memcmp(uuid.data() + 4, kC2paUuidTail, 12) == 0;
}

Result<JumbfSuperbox> parse_jumbf(Bytes data, const Limits& limits, uint32_t& boxes, size_t* trailing) {
  ByteReader r(data);
  BoxHeader h;
  DSMARK_RETURN_IF_ERROR(read_box(r, h));
  if (h.type != "jumb") return Status::malformed("the data is not a JUMBF superbox");
  if (trailing) *trailing = r.remaining();
  if (!r.empty() && !trailing) return Status::malformed("the JUMBF superbox is followed by " + std::to_string(r.remaining()) + " stray bytes");
  JumbfSuperbox sb;
  DSMARK_RETURN_IF_ERROR(parse_superbox(h, limits, 0, boxes, sb));
  return sb;
}

bool looks_like_c2pa_store(Bytes d) {
  // jumb header (8) + jumd header (8) + UUID: "c2pa" then the C2PA UUID tail.
  return d.size() >= 32 && as_chars(d.subspan(4, 4)) == "jumb" && as_chars(d.subspan(12, 4)) == "jumd" &&
         as_chars(d.subspan(16, 4)) == "c2pa" && std::memcmp(d.data() + 20, kC2paUuidTail, 12) == 0;
}

}  // namespace dsmark::c2pa
