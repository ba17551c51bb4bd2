// FLV (Adobe Flash Video File Format Specification v10.1, annex E): script data tags hold AMF0 values; the
// onMetaData ECMA array carries the key/value metadata (ffmpeg writes -metadata keys there). Audio and video
// tags are skipped by their sizes. Carriers: "flv:onMetaData:AIGC".
#include <string>

#include "container/walkers.h"
#include "util/byte_reader.h"
#include "util/text_encoding.h"

namespace dsmark {
namespace {

constexpr uint32_t kMaxAmfDepth = 16;

class AmfReader {
 public:
  AmfReader(Bytes data, Inventory& inv, std::string carrier) : r_(data), inv_(inv), carrier_(std::move(carrier)) {}

  // Reads one AMF0 value; string values reachable through objects and arrays become text entries named by
  // their key path. Returns false when the data is broken.
  bool value(const std::string& path, uint32_t depth) {
    if (depth > kMaxAmfDepth) return false;
    uint8_t type = 0;
    if (!r_.u8(type)) return false;
    switch (type) {
      case 0x00: return r_.skip(8);           // number
      case 0x01: return r_.skip(1);           // boolean
      case 0x02: {                            // string
        std::string s;
        if (!short_string(s)) return false;
        add(path, std::move(s));
        return true;
      }
      case 0x0C: {                            // long string
        uint32_t n = 0;
        Bytes b;
        if (!r_.u32be(n) || !r_.bytes(n, b)) return false;
        add(path, text(b));
        return true;
      }
      case 0x03: return object(path, depth);  // object
      case 0x08: return r_.skip(4) && object(path, depth);  // ECMA array: count, then like an object
      case 0x0A: {                            // strict array
        uint32_t n = 0;
        if (!r_.u32be(n)) return false;
        for (uint32_t i = 0; i < n; ++i) {
          if (++values_ > inv_.limits().max_boxes || !value(path + "[" + std::to_string(i) + "]", depth + 1)) return false;
        }
        return true;
      }
      case 0x05: case 0x06: return true;      // null, undefined
      case 0x07: return r_.skip(2);           // reference
      case 0x0B: return r_.skip(10);          // date
      default: return false;                  // movie clip, record set, XML document, typed object: not metadata
    }
  }

  bool short_string(std::string& out) {
    uint16_t n = 0;
    Bytes b;
    if (!r_.u16be(n) || !r_.bytes(n, b)) return false;
    out = text(b);
    return true;
  }

  Status status() const { return status_; }

 private:
  bool object(const std::string& path, uint32_t depth) {
    while (true) {
      if (++values_ > inv_.limits().max_boxes) return false;
      std::string key;
      if (!short_string(key)) return false;
      Bytes end;
      if (key.empty() && r_.peek(1, end) && end[0] == 0x09) return r_.skip(1);  // object end marker
      if (!value(path.empty() ? key : path + "." + key, depth + 1)) return false;
    }
  }

  static std::string text(Bytes b) {
    const std::string_view s = as_chars(b);
    return is_valid_utf8(s) ? std::string(s) : latin1_to_utf8(s);
  }

  void add(const std::string& path, std::string value) {
    if (!status_.is_ok() || path.empty()) return;
    Status st = inv_.add_text(carrier_ + ":" + path, path, std::move(value));
    if (st.code() == StatusCode::kLimit) status_ = st;
  }

  ByteReader r_;
  Inventory& inv_;
  std::string carrier_;
  uint32_t values_ = 0;
  Status status_ = Status::ok();
};

}  // namespace

Status walk_flv(std::span<const uint8_t> file, Inventory& inv) {
  ByteReader r(file);
  Bytes head;
  if (!r.bytes(9, head) || as_chars(head.first(3)) != "FLV") return Status::malformed("not an FLV file");
  const uint32_t header_size = load_u32be(head.data() + 5);
  if (header_size < 9 || !r.seek(header_size)) return Status::malformed("the FLV header declares an impossible size");
  uint32_t script_tags = 0;
  while (true) {
    uint32_t previous = 0;
    if (!r.u32be(previous)) return Status::truncated("the FLV file ends inside a tag size field");
    if (r.empty()) return Status::ok();
    const size_t at = r.offset();
    Bytes tag;
    if (!r.bytes(11, tag)) return Status::truncated("the FLV file ends inside a tag header at byte " + std::to_string(at));
    const uint8_t type = tag[0] & 0x1F;
    const uint32_t size = load_u24be(tag.data() + 1);
    Bytes data;
    if (!r.bytes(size, data)) return Status::truncated("the FLV file ends inside a tag at byte " + std::to_string(at));
    if (type != 18) continue;  // audio (8) and video (9) tags carry media only
    if (++script_tags > 1024) return Status::limit("the FLV file has more script data tags than the limit of 1024");
    // A script tag is a name (AMF0 string) followed by one value.
    ByteReader t(data);
    uint8_t marker = 0;
    uint16_t name_len = 0;
    Bytes name_bytes;
    if (!t.u8(marker) || marker != 0x02 || !t.u16be(name_len) || !t.bytes(name_len, name_bytes)) {
      inv.warn("the FLV script data tag at byte " + std::to_string(at) + " has no name");
      continue;
    }
    const std::string name(as_chars(name_bytes));
    AmfReader values(t.rest(), inv, "flv:" + (is_valid_utf8(name) ? name : latin1_to_utf8(name)));
    if (!values.value("", 0)) inv.warn("the FLV script data tag '" + name + "' at byte " + std::to_string(at) + " is damaged");
    DSMARK_RETURN_IF_ERROR(values.status());
  }
}

}  // namespace dsmark
