// Writers of audio/video/document container structures for tests: ISO-BMFF boxes, EBML elements, Ogg pages,
// FLV tags, ID3v2 frames, GIF blocks, ZIP archives, PDF objects. Small and explicit, so a test shows the bytes.
#pragma once

#include <zlib.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "support/builders.h"

namespace dsmark::test {

inline void put_u64be(ByteVec& b, uint64_t v) {
  for (int s = 56; s >= 0; s -= 8) b.push_back(static_cast<uint8_t>(v >> s));
}
inline void put_u24be(ByteVec& b, uint32_t v) {
  for (int s = 16; s >= 0; s -= 8) b.push_back(static_cast<uint8_t>(v >> s));
}
inline ByteVec cat(std::initializer_list<ByteVec> parts) {
  ByteVec out;
  for (const ByteVec& p : parts) put(out, p);
  return out;
}

// ISO-BMFF
inline ByteVec box(std::string_view type, const ByteVec& payload) {
  ByteVec b;
  put_u32be(b, static_cast<uint32_t>(payload.size() + 8));
  put(b, type);
  put(b, payload);
  return b;
}
inline ByteVec full_box(std::string_view type, uint8_t version, uint32_t flags, const ByteVec& payload) {
  ByteVec p = {version};
  put_u24be(p, flags);
  put(p, payload);
  return box(type, p);
}
inline ByteVec uuid_box(const std::array<uint8_t, 16>& uuid, const ByteVec& payload) {
  ByteVec p(uuid.begin(), uuid.end());
  put(p, payload);
  return box("uuid", p);
}
inline ByteVec ftyp(std::string_view major, std::vector<std::string_view> compatible = {}) {
  ByteVec p = bytes(major);
  put_u32be(p, 0);
  for (auto c : compatible) put(p, c);
  return box("ftyp", p);
}
// moov/udta/meta with `mdta` keys and their ilst items (what ffmpeg -movflags use_metadata_tags writes).
inline ByteVec mdta_meta(const std::vector<std::pair<std::string, std::string>>& items) {
  ByteVec hdlr(4, 0);
  put(hdlr, "mdta");
  hdlr.resize(hdlr.size() + 12, 0);
  hdlr.push_back(0);
  ByteVec keys;
  put_u32be(keys, static_cast<uint32_t>(items.size()));
  ByteVec ilst;
  uint32_t index = 0;
  for (const auto& [k, v] : items) {
    put_u32be(keys, static_cast<uint32_t>(k.size() + 8));
    put(keys, "mdta");
    put(keys, k);
    ByteVec data;
    put_u32be(data, 1);  // UTF-8
    put_u32be(data, 0);
    put(data, v);
    ByteVec item;
    put_u32be(item, static_cast<uint32_t>(box("data", data).size() + 8));
    put_u32be(item, ++index);
    put(item, box("data", data));
    put(ilst, item);
  }
  return full_box("meta", 0, 0, cat({full_box("hdlr", 0, 0, hdlr), full_box("keys", 0, 0, keys), box("ilst", ilst)}));
}

// EBML: IDs are written as given (with their marker bits); sizes as 8-byte vints, or the unknown size.
inline ByteVec ebml_id(uint32_t id) {
  ByteVec b;
  if (id > 0xFFFFFF) b.push_back(static_cast<uint8_t>(id >> 24));
  if (id > 0xFFFF) b.push_back(static_cast<uint8_t>(id >> 16));
  if (id > 0xFF) b.push_back(static_cast<uint8_t>(id >> 8));
  b.push_back(static_cast<uint8_t>(id));
  return b;
}
inline ByteVec ebml(uint32_t id, const ByteVec& payload) {
  ByteVec b = ebml_id(id);
  b.push_back(0x01);  // 8-byte size
  put_u64be(b, payload.size());
  b.erase(b.end() - 8, b.end() - 7);  // keep 7 value bytes after the 0x01 marker byte
  return cat({b, payload});
}
inline ByteVec ebml_unknown(uint32_t id, const ByteVec& payload) {
  return cat({ebml_id(id), ByteVec{0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}, payload});
}
inline ByteVec ebml_str(uint32_t id, std::string_view s) { return ebml(id, bytes(s)); }
inline ByteVec ebml_uint(uint32_t id, uint64_t v) {
  ByteVec b;
  put_u64be(b, v);
  return ebml(id, b);
}
inline ByteVec matroska_file(std::string_view doctype, const ByteVec& segment_body, bool unknown_segment = false) {
  const ByteVec header = ebml(0x1A45DFA3, cat({ebml_uint(0x4286, 1), ebml_str(0x4282, doctype)}));
  return cat({header, unknown_segment ? ebml_unknown(0x18538067, segment_body) : ebml(0x18538067, segment_body)});
}
inline ByteVec matroska_tags(const std::vector<std::pair<std::string, std::string>>& tags) {
  ByteVec simple;
  for (const auto& [k, v] : tags) put(simple, ebml(0x67C8, cat({ebml_str(0x45A3, k), ebml_str(0x4487, v)})));
  return ebml(0x1254C367, ebml(0x7373, cat({ebml(0x63C0, {}), simple})));
}

// Ogg pages with a correct CRC; `packets` are laid out with lacing, one page each.
inline uint32_t ogg_crc(const ByteVec& page) {
  uint32_t crc = 0;
  for (uint8_t b : page) {
    crc ^= uint32_t{b} << 24;
    for (int k = 0; k < 8; ++k) crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04C11DB7u : crc << 1;
  }
  return crc;
}
inline ByteVec ogg_page(uint32_t serial, uint32_t seq, uint8_t type, const ByteVec& packet) {
  ByteVec lacing;
  size_t n = packet.size();
  while (n >= 255) {
    lacing.push_back(255);
    n -= 255;
  }
  lacing.push_back(static_cast<uint8_t>(n));
  ByteVec p = bytes("OggS");
  p.push_back(0);
  p.push_back(type);
  for (int i = 0; i < 8; ++i) p.push_back(0);  // granule
  put_u32le(p, serial);
  put_u32le(p, seq);
  put_u32le(p, 0);
  p.push_back(static_cast<uint8_t>(lacing.size()));
  put(p, lacing);
  put(p, packet);
  const uint32_t crc = ogg_crc(p);
  for (int i = 0; i < 4; ++i) p[22 + i] = static_cast<uint8_t>(crc >> (8 * i));
  return p;
}
inline ByteVec vorbis_comment_block(std::string_view vendor, const std::vector<std::string>& comments) {
  ByteVec b;
  put_u32le(b, static_cast<uint32_t>(vendor.size()));
  put(b, vendor);
  put_u32le(b, static_cast<uint32_t>(comments.size()));
  for (const auto& c : comments) {
    put_u32le(b, static_cast<uint32_t>(c.size()));
    put(b, c);
  }
  return b;
}
inline ByteVec opus_file(const std::vector<std::string>& comments) {
  ByteVec head = bytes("OpusHead");
  put(head, ByteVec{1, 2, 0x38, 0x01, 0x80, 0xBB, 0, 0, 0, 0, 0});
  ByteVec tags = cat({bytes("OpusTags"), vorbis_comment_block("dsmark", comments)});
  return cat({ogg_page(7, 0, 0x02, head), ogg_page(7, 1, 0, tags), ogg_page(7, 2, 0x04, ByteVec(3, 0xAA))});
}

// ID3v2.3/2.4 frames and tags (plain sizes in 2.3, synchsafe in 2.4).
inline ByteVec synchsafe(uint32_t n) {
  return {static_cast<uint8_t>((n >> 21) & 0x7F), static_cast<uint8_t>((n >> 14) & 0x7F),
          static_cast<uint8_t>((n >> 7) & 0x7F), static_cast<uint8_t>(n & 0x7F)};
}
inline ByteVec id3_frame(int version, std::string_view id, const ByteVec& body, uint16_t flags = 0) {
  ByteVec f = bytes(id);
  if (version == 4) put(f, synchsafe(static_cast<uint32_t>(body.size())));
  else put_u32be(f, static_cast<uint32_t>(body.size()));
  put_u16be(f, flags);
  put(f, body);
  return f;
}
inline ByteVec id3_txxx(std::string_view desc, std::string_view value) {
  ByteVec b = {3};
  put(b, desc);
  b.push_back(0);
  put(b, value);
  return b;
}
inline ByteVec id3_tag(int version, const ByteVec& frames, uint8_t flags = 0) {
  ByteVec t = bytes("ID3");
  t.push_back(static_cast<uint8_t>(version));
  t.push_back(0);
  t.push_back(flags);
  put(t, synchsafe(static_cast<uint32_t>(frames.size())));
  put(t, frames);
  return t;
}

// FLV: header, then tags each followed by the previous-tag-size field.
inline ByteVec amf_string(std::string_view s) {
  ByteVec b;
  put_u16be(b, static_cast<uint32_t>(s.size()));
  put(b, s);
  return b;
}
inline ByteVec flv_file(const std::vector<std::pair<std::string, std::string>>& meta) {
  ByteVec script = {0x02};
  put(script, amf_string("onMetaData"));
  script.push_back(0x08);
  put_u32be(script, static_cast<uint32_t>(meta.size()));
  for (const auto& [k, v] : meta) {
    put(script, amf_string(k));
    script.push_back(0x02);
    put(script, amf_string(v));
  }
  put(script, ByteVec{0, 0, 9});
  ByteVec f = bytes("FLV");
  put(f, ByteVec{1, 5, 0, 0, 0, 9});
  put_u32be(f, 0);
  ByteVec tag = {18};
  put_u24be(tag, static_cast<uint32_t>(script.size()));
  put(tag, ByteVec{0, 0, 0, 0, 0, 0, 0});
  put(tag, script);
  put(f, tag);
  put_u32be(f, static_cast<uint32_t>(tag.size()));
  return f;
}

// GIF89a with a 2-colour table, optional extensions, one 1×1 image.
inline ByteVec gif_file(const std::vector<ByteVec>& extensions) {
  ByteVec g = bytes("GIF89a");
  put(g, ByteVec{1, 0, 1, 0, 0x80, 0, 0});
  put(g, ByteVec{0, 0, 0, 255, 255, 255});
  for (const auto& e : extensions) put(g, e);
  put(g, ByteVec{0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4C, 0x01, 0, 0x3B});
  return g;
}
// The XMP application extension: raw XMP, then the 258-byte magic trailer (XMP Part 3).
inline ByteVec gif_xmp(std::string_view xmp) {
  ByteVec e = {0x21, 0xFF, 11};
  put(e, "XMP DataXMP");
  put(e, xmp);
  e.push_back(1);
  for (int v = 255; v >= 0; --v) e.push_back(static_cast<uint8_t>(v));
  e.push_back(0);
  return e;
}
inline ByteVec gif_app(std::string_view id11, const ByteVec& data) {
  ByteVec e = {0x21, 0xFF, 11};
  put(e, id11);
  for (size_t i = 0; i < data.size(); i += 255) {
    const size_t n = std::min<size_t>(255, data.size() - i);
    e.push_back(static_cast<uint8_t>(n));
    e.insert(e.end(), data.begin() + static_cast<ptrdiff_t>(i), data.begin() + static_cast<ptrdiff_t>(i + n));
  }
  e.push_back(0);
  return e;
}

// ZIP with stored entries (Office Open XML parts).
inline ByteVec zip_file(const std::vector<std::pair<std::string, std::string>>& entries) {
  ByteVec out, central;
  for (const auto& [name, data] : entries) {
    const uint32_t crc = static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
    const uint32_t offset = static_cast<uint32_t>(out.size());
    put_u32le(out, 0x04034b50);
    put_u16le(out, 20); put_u16le(out, 0); put_u16le(out, 0); put_u16le(out, 0); put_u16le(out, 0);
    put_u32le(out, crc); put_u32le(out, static_cast<uint32_t>(data.size())); put_u32le(out, static_cast<uint32_t>(data.size()));
    put_u16le(out, static_cast<uint32_t>(name.size())); put_u16le(out, 0);
    put(out, name);
    put(out, data);
    put_u32le(central, 0x02014b50);
    put_u16le(central, 20); put_u16le(central, 20); put_u16le(central, 0); put_u16le(central, 0);
    put_u16le(central, 0); put_u16le(central, 0);
    put_u32le(central, crc); put_u32le(central, static_cast<uint32_t>(data.size())); put_u32le(central, static_cast<uint32_t>(data.size()));
    put_u16le(central, static_cast<uint32_t>(name.size())); put_u16le(central, 0); put_u16le(central, 0);
    put_u16le(central, 0); put_u16le(central, 0); put_u32le(central, 0); put_u32le(central, offset);
    put(central, name);
  }
  const uint32_t cd_offset = static_cast<uint32_t>(out.size());
  put(out, central);
  put_u32le(out, 0x06054b50);
  put_u16le(out, 0); put_u16le(out, 0);
  put_u16le(out, static_cast<uint32_t>(entries.size())); put_u16le(out, static_cast<uint32_t>(entries.size()));
  put_u32le(out, static_cast<uint32_t>(central.size())); put_u32le(out, cd_offset);
  put_u16le(out, 0);
  return out;
}
inline ByteVec docx_with_custom(const std::string& custom_xml) {
  return zip_file({{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", "<w:document/>"},
                   {"docProps/custom.xml", custom_xml}});
}

// PDF: objects, a classic xref table and trailer.
inline ByteVec pdf_file(const std::vector<std::string>& objects, const std::string& trailer_extra) {
  std::string out = "%PDF-1.7\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t o : offsets) {
    std::string n = std::to_string(o);
    out += std::string(10 - n.size(), '0') + n + " 00000 n \n";
  }
  out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " " + trailer_extra + " >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return bytes(out);
}

}  // namespace dsmark::test
