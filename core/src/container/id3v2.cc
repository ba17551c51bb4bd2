#include "container/id3v2.h"

#include <string>
#include <vector>

#include "util/inflate.h"
#include "util/text_encoding.h"

namespace dsmark {
namespace {

uint32_t syncsafe32(const uint8_t* p) {
  return uint32_t{p[0] & 0x7Fu} << 21 | uint32_t{p[1] & 0x7Fu} << 14 | uint32_t{p[2] & 0x7Fu} << 7 | (p[3] & 0x7Fu);
}

// Undoes unsynchronisation: every FF 00 becomes FF.
std::vector<uint8_t> resync(Bytes in) {
  std::vector<uint8_t> out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    out.push_back(in[i]);
    if (in[i] == 0xFF && i + 1 < in.size() && in[i + 1] == 0x00) ++i;
  }
  return out;
}

bool frame_id_char(uint8_t c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// ID3 text encodings: 0 ISO-8859-1, 1 UTF-16 with BOM, 2 UTF-16BE, 3 UTF-8.
size_t unit(uint8_t enc) { return enc == 1 || enc == 2 ? 2 : 1; }

std::string decode_text(uint8_t enc, Bytes b) {
  std::string_view s = as_chars(b);
  switch (enc) {
    case 1: {
      bool be = false;  // no BOM: little-endian, as most writers without a BOM are Windows tools
      if (s.size() >= 2 && s.substr(0, 2) == "\xFE\xFF") be = true;
      return utf16_to_utf8(s.substr(0, s.size() & ~size_t{1}), be);
    }
    case 2: return utf16_to_utf8(s.substr(0, s.size() & ~size_t{1}), true);
    case 3: return is_valid_utf8(s) ? std::string(s) : latin1_to_utf8(s);
    default:
      // Many taggers put UTF-8 in "ISO-8859-1" frames: keep text that is valid UTF-8 as such.
      return is_valid_utf8(s) ? std::string(s) : latin1_to_utf8(s);
  }
}

// Splits off one terminated string (terminator of the encoding's unit size) from the front of `b`.
Bytes take_string(uint8_t enc, Bytes& b) {
  const size_t u = unit(enc);
  for (size_t i = 0; i + u <= b.size(); i += u) {
    if (b[i] == 0 && (u == 1 || b[i + 1] == 0)) {
      Bytes s = b.first(i);
      b = b.subspan(i + u);
      return s;
    }
  }
  Bytes s = b;
  b = {};
  return s;
}

std::string trim_text(std::string s) {
  while (!s.empty() && (s.back() == '\0' || s.back() == ' ')) s.pop_back();
  return s;
}

class Id3Reader {
 public:
  Id3Reader(std::string_view prefix, Inventory& inv, uint8_t major)
      : inv_(inv), base_(std::string(prefix) + ":ID3v2." + std::to_string(major)), major_(major) {}

  Status frame(std::string_view id, Bytes body) {
    if (body.empty()) return Status::ok();
    const bool v22 = major_ == 2;
    if (id == (v22 ? "TXX" : "TXXX") || id == (v22 ? "WXX" : "WXXX")) {
      const uint8_t enc = body[0];
      Bytes rest = body.subspan(1);
      const std::string desc = trim_text(decode_text(enc, take_string(enc, rest)));
      const bool url = id[0] == 'W';
      std::string value = trim_text(url ? decode_text(0, rest) : join_strings(enc, rest));
      return add(std::string(id) + (desc.empty() ? "" : ":" + desc), desc.empty() ? std::string(id) : desc, value);
    }
    if (id == (v22 ? "COM" : "COMM")) {
      if (body.size() < 4) return Status::ok();
      const uint8_t enc = body[0];
      Bytes rest = body.subspan(4);  // encoding, 3-byte language
      const std::string desc = trim_text(decode_text(enc, take_string(enc, rest)));
      return add(std::string(id) + (desc.empty() ? "" : ":" + desc), desc.empty() ? "Comment" : desc,
                 trim_text(join_strings(enc, rest)));
    }
    if (id == (v22 ? "GEO" : "GEOB")) return geob(id, body);
    if (id[0] == 'T') return add(std::string(id), std::string(id), trim_text(join_strings(body[0], body.subspan(1))));
    if (id[0] == 'W') return add(std::string(id), std::string(id), trim_text(decode_text(0, body)));
    return Status::ok();
  }

 private:
  // ID3v2.4 text frames may hold several NUL-separated strings.
  static std::string join_strings(uint8_t enc, Bytes b) {
    std::string out;
    for (int n = 0; !b.empty() && n < 64; ++n) {
      std::string s = decode_text(enc, take_string(enc, b));
      if (s.empty()) continue;
      if (!out.empty()) out += " / ";
      out += s;
    }
    return out;
  }

  Status geob(std::string_view id, Bytes body) {
    const uint8_t enc = body[0];
    Bytes rest = body.subspan(1);
    std::string mime = decode_text(0, take_string(0, rest));
    (void)take_string(enc, rest);  // file name
    (void)take_string(enc, rest);  // description
    for (char& c : mime) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (mime != "application/c2pa" && mime != "application/x-c2pa-manifest-store") return Status::ok();
    return keep(inv_.add_blob(BlobKind::kC2pa, base_ + ":" + std::string(id) + ":" + mime,
                              std::vector<uint8_t>(rest.begin(), rest.end())));
  }

  Status add(const std::string& where, std::string key, std::string value) {
    if (value.empty()) return Status::ok();
    return keep(inv_.add_text(base_ + ":" + where, std::move(key), std::move(value)));
  }

  Status keep(Status st) {
    if (st.is_ok() || st.code() == StatusCode::kLimit) return st;
    inv_.warn(st.message());
    return Status::ok();
  }

  Inventory& inv_;
  std::string base_;
  uint8_t major_;
};

}  // namespace

size_t id3v2_size(Bytes data) {
  if (data.size() < 10 || as_chars(data.first(3)) != "ID3") return 0;
  if ((data[6] | data[7] | data[8] | data[9]) & 0x80) return 0;
  const uint64_t size = 10 + uint64_t{syncsafe32(data.data() + 6)} + ((data[3] == 4 && (data[5] & 0x10)) ? 10 : 0);
  return static_cast<size_t>(size);
}

Status read_id3v2(Bytes data, std::string_view prefix, Inventory& inv, size_t& tag_size) {
  tag_size = 0;
  if (data.size() < 10 || as_chars(data.first(3)) != "ID3") return Status::malformed("no ID3v2 tag");
  const uint8_t major = data[3], flags = data[5];
  if ((data[6] | data[7] | data[8] | data[9]) & 0x80) {
    return Status::malformed("the ID3v2 tag size is not a synchsafe integer");
  }
  if (major < 2 || major > 4) {
    tag_size = id3v2_size(data);
    return Status::unsupported("ID3v2." + std::to_string(major) + " tags are not defined");
  }
  tag_size = id3v2_size(data);
  const size_t declared = syncsafe32(data.data() + 6);
  Bytes body = data.subspan(10);
  Status result = Status::ok();
  if (declared > body.size()) {
    result = Status::truncated("the file ends inside its ID3v2 tag");
  } else {
    body = body.first(declared);
  }
  if (major == 2 && (flags & 0x40)) {
    inv.warn("the ID3v2.2 tag is compressed with an undefined scheme; it was not read");
    return result;
  }
  // ID3v2.2/2.3: the whole tag is unsynchronised; ID3v2.4 marks it per frame (the tag flag means every frame).
  std::vector<uint8_t> resynced;
  if (major < 4 && (flags & 0x80)) {
    if (body.size() > inv.limits().max_metadata_bytes) {
      inv.warn("the unsynchronised ID3v2 tag is larger than the metadata limit; it was not read");
      return result;
    }
    resynced = resync(body);
    body = resynced;
  }
  ByteReader r(body);
  if (major >= 3 && (flags & 0x40)) {
    uint32_t ext = 0;
    Bytes raw;
    if (!r.peek(4, raw)) return Status::malformed("the ID3v2 extended header is cut");
    ext = major == 3 ? load_u32be(raw.data()) + 4 : syncsafe32(raw.data());
    if (ext < 6 || !r.skip(ext)) {
      inv.warn("the ID3v2 extended header declares an impossible size; the tag was not read");
      return result;
    }
  }
  Id3Reader reader(prefix, inv, major);
  const size_t header = major == 2 ? 6 : 10;
  uint32_t frames = 0;
  while (r.remaining() >= header) {
    Bytes h;
    (void)r.peek(header, h);
    if (h[0] == 0) break;  // padding
    const size_t id_len = major == 2 ? 3 : 4;
    bool valid_id = true;
    for (size_t i = 0; i < id_len; ++i) valid_id = valid_id && frame_id_char(h[i]);
    if (!valid_id) {
      inv.warn("the ID3v2 tag holds bytes that are not a frame at byte " + std::to_string(10 + r.offset()) +
               "; the rest of the tag was not read");
      break;
    }
    if (++frames > inv.limits().max_boxes) return Status::limit("the ID3v2 tag has more frames than the limit");
    const std::string id(as_chars(h.first(id_len)));
    uint64_t size = 0;
    uint16_t fflags = 0;
    if (major == 2) {
      size = load_u24be(h.data() + 3);
    } else if (major == 3) {
      size = load_u32be(h.data() + 4);
      fflags = load_u16be(h.data() + 8);
    } else {
      fflags = load_u16be(h.data() + 8);
      const uint32_t raw = load_u32be(h.data() + 4);
      size = syncsafe32(h.data() + 4);
      // Old iTunes wrote plain sizes in ID3v2.4: use them when the synchsafe reading cannot be right.
      auto starts_frame = [&](uint64_t s) {
        const uint64_t next = r.offset() + header + s;
        if (next == body.size()) return true;
        if (next + 4 > body.size()) return false;
        if (body[next] == 0) return true;
        for (size_t i = 0; i < 4; ++i) {
          if (!frame_id_char(body[next + i])) return false;
        }
        return true;
      };
      if ((h[4] | h[5] | h[6] | h[7]) & 0x80 || (raw != size && !starts_frame(size) && starts_frame(raw))) size = raw;
    }
    (void)r.skip(header);
    Bytes payload;
    if (!r.bytes(static_cast<size_t>(std::min<uint64_t>(size, SIZE_MAX)), payload)) {
      inv.warn("the ID3v2 frame " + id + " runs past the end of its tag");
      break;
    }
    // Frame format flags and the extra header bytes they add, in flag order.
    bool compressed = false, encrypted = false, unsynced = false;
    ByteReader fr(payload);
    if (major == 3) {
      compressed = fflags & 0x0080;
      encrypted = fflags & 0x0040;
      const bool grouped = fflags & 0x0020;
      if (compressed && !fr.skip(4)) {  // decompressed size
        inv.warn("the compressed ID3v2 frame " + id + " is shorter than its header (" + std::to_string(size) +
                 " bytes)");
        continue;
      }
      if ((encrypted && !fr.skip(1)) || (grouped && !fr.skip(1))) continue;
    } else if (major == 4) {
      const bool grouped = fflags & 0x0040, dli = fflags & 0x0001;
      compressed = fflags & 0x0008;
      encrypted = fflags & 0x0004;
      unsynced = (fflags & 0x0002) || (flags & 0x80);
      if ((grouped && !fr.skip(1)) || (encrypted && !fr.skip(1)) || (dli && !fr.skip(4))) {
        inv.warn("the ID3v2 frame " + id + " is shorter than its extra header fields");
        continue;
      }
    }
    if (encrypted) continue;  // nothing to read without the key
    Bytes content = fr.rest();
    std::vector<uint8_t> buffer;
    if (unsynced) {
      buffer = resync(content);
      content = buffer;
    }
    if (compressed) {
      auto inflated = inflate_capped(content, inv.limits().max_inflated_bytes);
      if (!inflated) {
        inv.warn("the compressed ID3v2 frame " + id + " could not be inflated: " + inflated.status().message());
        continue;
      }
      buffer = std::move(*inflated);
      content = buffer;
    }
    DSMARK_RETURN_IF_ERROR(reader.frame(id, content));
  }
  return result;
}

}  // namespace dsmark
