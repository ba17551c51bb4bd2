// Small writers of container structures for tests: PNG chunks, JPEG segments, RIFF chunks, XMP packets.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dsmark::test {

using ByteVec = std::vector<uint8_t>;

inline void put_u16be(ByteVec& b, uint32_t v) {
  b.push_back(static_cast<uint8_t>(v >> 8));
  b.push_back(static_cast<uint8_t>(v));
}
inline void put_u32be(ByteVec& b, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<uint8_t>(v >> s));
}
inline void put_u32le(ByteVec& b, uint32_t v) {
  for (int s = 0; s <= 24; s += 8) b.push_back(static_cast<uint8_t>(v >> s));
}
inline void put(ByteVec& b, std::string_view s) { b.insert(b.end(), s.begin(), s.end()); }
inline void put(ByteVec& b, const ByteVec& s) { b.insert(b.end(), s.begin(), s.end()); }
inline ByteVec bytes(std::string_view s) { return ByteVec(s.begin(), s.end()); }

inline ByteVec zlib_compress(std::string_view s) {
  uLongf n = compressBound(static_cast<uLong>(s.size()));
  ByteVec out(n);
  compress(out.data(), &n, reinterpret_cast<const Bytef*>(s.data()), static_cast<uLong>(s.size()));
  out.resize(n);
  return out;
}

// PNG
inline ByteVec png_chunk(std::string_view type, const ByteVec& data, bool good_crc = true) {
  ByteVec c;
  put_u32be(c, static_cast<uint32_t>(data.size()));
  put(c, type);
  put(c, data);
  uLong crc = crc32(0, reinterpret_cast<const Bytef*>(type.data()), 4);
  crc = crc32(crc, data.data(), static_cast<uInt>(data.size()));
  put_u32be(c, good_crc ? static_cast<uint32_t>(crc) : static_cast<uint32_t>(crc) ^ 1u);
  return c;
}
inline ByteVec png_ihdr(uint32_t w = 1, uint32_t h = 1) {
  ByteVec d;
  put_u32be(d, w);
  put_u32be(d, h);
  put(d, std::string_view("\x08\x02\x00\x00\x00", 5));
  return png_chunk("IHDR", d);
}
inline ByteVec png_text(std::string_view keyword, std::string_view text) {
  ByteVec d = bytes(keyword);
  d.push_back(0);
  put(d, text);
  return png_chunk("tEXt", d);
}
inline ByteVec png_ztxt(std::string_view keyword, std::string_view text) {
  ByteVec d = bytes(keyword);
  d.push_back(0);
  d.push_back(0);
  put(d, zlib_compress(text));
  return png_chunk("zTXt", d);
}
inline ByteVec png_itxt(std::string_view keyword, std::string_view text, bool compressed = false) {
  ByteVec d = bytes(keyword);
  d.push_back(0);
  d.push_back(compressed ? 1 : 0);
  d.push_back(0);
  d.push_back(0);  // language tag
  d.push_back(0);  // translated keyword
  if (compressed) put(d, zlib_compress(text)); else put(d, text);
  return png_chunk("iTXt", d);
}
// A 1×1 RGB PNG with the given chunks between IHDR and IDAT.
inline ByteVec png_file(const std::vector<ByteVec>& meta) {
  ByteVec f = bytes("\x89PNG\r\n\x1A\n");
  put(f, png_ihdr());
  for (const ByteVec& c : meta) put(f, c);
  put(f, png_chunk("IDAT", zlib_compress(std::string_view("\0\0\0\0", 4))));
  put(f, png_chunk("IEND", {}));
  return f;
}

// JPEG
inline ByteVec jpeg_segment(uint8_t marker, const ByteVec& payload) {
  ByteVec s = {0xFF, marker};
  put_u16be(s, static_cast<uint32_t>(payload.size() + 2));
  put(s, payload);
  return s;
}
inline ByteVec jpeg_app1_xmp(std::string_view xmp) {
  ByteVec p = bytes(std::string_view("http://ns.adobe.com/xap/1.0/\0", 29));
  put(p, xmp);
  return jpeg_segment(0xE1, p);
}
// A structurally complete (not decodable) JPEG: SOI, the segments, SOS with a little entropy data, EOI.
inline ByteVec jpeg_file(const std::vector<ByteVec>& segments) {
  ByteVec f = {0xFF, 0xD8};
  for (const ByteVec& s : segments) put(f, s);
  put(f, jpeg_segment(0xDA, {1, 1, 0, 0, 63, 0}));
  put(f, ByteVec{0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56});
  put(f, ByteVec{0xFF, 0xD9});
  return f;
}

// RIFF / WebP
inline ByteVec riff_chunk(std::string_view id, const ByteVec& data) {
  ByteVec c = bytes(id);
  put_u32le(c, static_cast<uint32_t>(data.size()));
  put(c, data);
  if (data.size() % 2) c.push_back(0);
  return c;
}
inline ByteVec riff_file(std::string_view form, const std::vector<ByteVec>& chunks) {
  ByteVec body = bytes(form);
  for (const ByteVec& c : chunks) put(body, c);
  ByteVec f = bytes("RIFF");
  put_u32le(f, static_cast<uint32_t>(body.size()));
  put(f, body);
  return f;
}
inline ByteVec webp_file(const std::vector<ByteVec>& meta) {
  ByteVec vp8x(10, 0);
  vp8x[0] = 0x04 | 0x08;  // XMP and EXIF flags
  std::vector<ByteVec> chunks = {riff_chunk("VP8X", vp8x)};
  chunks.insert(chunks.end(), meta.begin(), meta.end());
  chunks.push_back(riff_chunk("VP8L", ByteVec{0x2F, 0, 0, 0, 0}));
  return riff_file("WEBP", chunks);
}

// TIFF / EXIF: a little-endian TIFF block with IFD0 entries and an optional EXIF sub-IFD.
struct TiffTag {
  uint16_t tag;
  uint16_t type;  // 2 ASCII, 3 SHORT, 4 LONG, 7 UNDEFINED
  ByteVec value;  // raw little-endian value bytes
  uint32_t count = 0;  // 0: value.size() / size of the type
};
inline void put_u16le(ByteVec& b, uint32_t v) {
  b.push_back(static_cast<uint8_t>(v));
  b.push_back(static_cast<uint8_t>(v >> 8));
}
inline ByteVec tiff_block(const std::vector<TiffTag>& ifd0, const std::vector<TiffTag>& exif = {}) {
  // Layout: header, IFD0, EXIF IFD, then every out-of-line value.
  auto type_size = [](uint16_t t) -> uint32_t { return t == 3 ? 2 : (t == 4 ? 4 : 1); };
  const uint32_t ifd0_size = 2 + 12 * static_cast<uint32_t>(ifd0.size() + (exif.empty() ? 0 : 1)) + 4;
  const uint32_t exif_off = 8 + ifd0_size;
  const uint32_t exif_size = exif.empty() ? 0 : 2 + 12 * static_cast<uint32_t>(exif.size()) + 4;
  uint32_t data_off = exif_off + exif_size;
  ByteVec head = bytes(std::string_view("II*\0\x08\0\0\0", 8)), data;
  auto write_ifd = [&](const std::vector<TiffTag>& tags, bool link_exif) {
    put_u16le(head, static_cast<uint32_t>(tags.size() + (link_exif ? 1 : 0)));
    auto entry = [&](const TiffTag& t) {
      put_u16le(head, t.tag);
      put_u16le(head, t.type);
      put_u32le(head, t.count ? t.count : static_cast<uint32_t>(t.value.size() / type_size(t.type)));
      if (t.value.size() <= 4) {
        ByteVec v = t.value;
        v.resize(4, 0);
        put(head, v);
      } else {
        put_u32le(head, data_off + static_cast<uint32_t>(data.size()));
        put(data, t.value);
        if (data.size() % 2) data.push_back(0);
      }
    };
    for (const TiffTag& t : tags) entry(t);
    if (link_exif) {
      ByteVec off;
      put_u32le(off, exif_off);
      entry(TiffTag{0x8769, 4, off});
    }
    put_u32le(head, 0);  // no next IFD
  };
  write_ifd(ifd0, !exif.empty());
  if (!exif.empty()) write_ifd(exif, false);
  put(head, data);
  return head;
}

// XMP
inline std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"') out += "&quot;";
    else if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}
inline std::string xmp_packet(std::string_view description_body, std::string_view description_attrs = "") {
  return std::string(
             "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
             "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
             "<rdf:Description rdf:about=\"\" xmlns:TC260=\"http://www.tc260.org.cn/ns/AIGC/1.0/\" ") +
         std::string(description_attrs) + ">" + std::string(description_body) +
         "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>";
}
inline std::string tc260_element(std::string_view json) {
  return "<TC260:AIGC>" + xml_escape(json) + "</TC260:AIGC>";
}
inline std::string tc260_attribute(std::string_view json) {
  return "TC260:AIGC=\"" + xml_escape(json) + "\"";
}

inline constexpr std::string_view kLabel1 =
    R"({"Label":"1","ContentProducer":"001191110102MACQD9K64010000","ProduceID":"abc123","ReservedCode1":"",)"
    R"("ContentPropagator":"","PropagateID":"","ReservedCode2":""})";

}  // namespace dsmark::test
