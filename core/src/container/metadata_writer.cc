// Chunk, segment and RIFF writers for carried metadata.
#include "container/metadata_writer.h"

#include <zlib.h>

#include <string_view>

#include "container/tiff_ifd.h"
#include "util/byte_reader.h"

namespace dsmark {
namespace {

void put_u32be(std::vector<uint8_t>& b, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<uint8_t>(v >> s));
}
void put_u32le(std::vector<uint8_t>& b, uint32_t v) {
  for (int s = 0; s <= 24; s += 8) b.push_back(static_cast<uint8_t>(v >> s));
}
void put(std::vector<uint8_t>& b, std::string_view s) { b.insert(b.end(), s.begin(), s.end()); }

std::vector<uint8_t> png_chunk(std::string_view type, const std::vector<uint8_t>& data) {
  std::vector<uint8_t> c;
  put_u32be(c, static_cast<uint32_t>(data.size()));
  put(c, type);
  c.insert(c.end(), data.begin(), data.end());
  uLong crc = crc32(0, reinterpret_cast<const Bytef*>(type.data()), 4);
  crc = crc32(crc, data.data(), static_cast<uInt>(data.size()));
  put_u32be(c, static_cast<uint32_t>(crc));
  return c;
}
std::vector<uint8_t> png_itxt(std::string_view keyword, std::string_view text) {
  std::vector<uint8_t> d;
  put(d, keyword);
  d.insert(d.end(), {0, 0, 0, 0, 0});  // keyword end, uncompressed, method, empty language, empty translation
  put(d, text);
  return png_chunk("iTXt", d);
}

std::vector<uint8_t> jpeg_app1(std::string_view signature, const uint8_t* data, size_t n) {
  std::vector<uint8_t> s = {0xFF, 0xE1};
  const size_t len = 2 + signature.size() + n;
  s.push_back(static_cast<uint8_t>(len >> 8));
  s.push_back(static_cast<uint8_t>(len));
  put(s, signature);
  s.insert(s.end(), data, data + n);
  return s;
}

std::vector<uint8_t> riff_chunk(std::string_view id, const uint8_t* data, size_t n) {
  std::vector<uint8_t> c;
  put(c, id);
  put_u32le(c, static_cast<uint32_t>(n));
  c.insert(c.end(), data, data + n);
  if (n % 2) c.push_back(0);
  return c;
}

constexpr std::string_view kXmpKeyword = "XML:com.adobe.xmp";
constexpr std::string_view kJpegXmpSig{"http://ns.adobe.com/xap/1.0/\0", 29};
constexpr std::string_view kJpegExifSig{"Exif\0\0", 6};
constexpr size_t kMaxJpegPayload = 65533;  // a segment's length field counts itself

}  // namespace

CarriedMetadata carried_metadata(const Inventory& inventory) {
  CarriedMetadata m;
  for (const XmpPacket& x : inventory.xmp) {
    if (x.carrier.find("extended") == std::string::npos) {
      m.xmp = x.xml;
      break;
    }
  }
  for (const Blob& b : inventory.blobs) {
    if (b.kind != BlobKind::kExif) continue;
    m.exif = b.bytes;
    TiffDirectory dir;
    (void)read_tiff_directory(m.exif, inventory.limits(), dir);
    for (const TiffEntry& e : dir.entries) {
      if (e.tag == 0x0112 && e.ifd == TiffIfd::kImage && e.ifd_index == 0 && e.type == 3 && e.count >= 1 &&
          e.value_offset + 2 <= m.exif.size()) {
        m.exif[e.value_offset] = dir.little_endian ? 1 : 0;
        m.exif[e.value_offset + 1] = dir.little_endian ? 0 : 1;
      }
    }
    break;
  }
  for (const TextEntry& t : inventory.text) {
    if (t.carrier.rfind("png:", 0) == 0 && !t.key.empty() && t.key.size() < 80) m.text.emplace_back(t.key, t.value);
  }
  return m;
}

std::vector<uint8_t> with_metadata(std::vector<uint8_t> encoded, Format format, const CarriedMetadata& m,
                                   bool has_alpha) {
  if (m.empty()) return encoded;
  if (format == Format::kPng) {
    constexpr size_t kAfterIhdr = 8 + 25;
    if (encoded.size() < kAfterIhdr) return encoded;
    std::vector<uint8_t> chunks;
    if (!m.exif.empty()) {
      const auto c = png_chunk("eXIf", m.exif);
      chunks.insert(chunks.end(), c.begin(), c.end());
    }
    if (!m.xmp.empty()) {
      const auto c = png_itxt(kXmpKeyword, m.xmp);
      chunks.insert(chunks.end(), c.begin(), c.end());
    }
    for (const auto& [key, text] : m.text) {
      const auto c = png_itxt(key, text);
      chunks.insert(chunks.end(), c.begin(), c.end());
    }
    encoded.insert(encoded.begin() + kAfterIhdr, chunks.begin(), chunks.end());
    return encoded;
  }
  if (format == Format::kJpeg) {
    if (encoded.size() < 4) return encoded;
    size_t at = 2;  // after SOI, and after libjpeg's JFIF APP0 when present
    if (encoded[2] == 0xFF && encoded[3] == 0xE0 && encoded.size() >= 6) at = 4 + (size_t{encoded[4]} << 8 | encoded[5]);
    std::vector<uint8_t> segments;
    if (!m.exif.empty() && kJpegExifSig.size() + m.exif.size() <= kMaxJpegPayload) {
      const auto s = jpeg_app1(kJpegExifSig, m.exif.data(), m.exif.size());
      segments.insert(segments.end(), s.begin(), s.end());
    }
    if (!m.xmp.empty() && kJpegXmpSig.size() + m.xmp.size() <= kMaxJpegPayload) {
      const auto s = jpeg_app1(kJpegXmpSig, reinterpret_cast<const uint8_t*>(m.xmp.data()), m.xmp.size());
      segments.insert(segments.end(), s.begin(), s.end());
    }
    encoded.insert(encoded.begin() + static_cast<std::ptrdiff_t>(at), segments.begin(), segments.end());
    return encoded;
  }
  if (format == Format::kWebp) {
    if (m.exif.empty() && m.xmp.empty()) return encoded;
    if (encoded.size() < 20) return encoded;
    // The image chunks as libwebp wrote them, without a VP8X header of its own.
    std::vector<uint8_t> image;
    uint32_t width = 0, height = 0;
    bool alpha = has_alpha;
    size_t pos = 12;
    while (pos + 8 <= encoded.size()) {
      const std::string_view id(reinterpret_cast<const char*>(&encoded[pos]), 4);
      const uint32_t n = load_u32le(&encoded[pos + 4]);
      const size_t end = pos + 8 + n + (n % 2);
      if (end > encoded.size()) return encoded;
      if (id == "VP8X") {
        width = 1 + (load_u32le(&encoded[pos + 12]) & 0xFFFFFF);
        height = 1 + (load_u32le(&encoded[pos + 15]) & 0xFFFFFF);
        alpha = alpha || (encoded[pos + 8] & 0x10);
      } else {
        if (id == "VP8 " && n >= 10) {
          width = load_u16le(&encoded[pos + 14]) & 0x3FFF;
          height = load_u16le(&encoded[pos + 16]) & 0x3FFF;
        } else if (id == "VP8L" && n >= 5) {
          const uint32_t bits = load_u32le(&encoded[pos + 9]);
          width = (bits & 0x3FFF) + 1;
          height = (bits >> 14 & 0x3FFF) + 1;
        }
        image.insert(image.end(), encoded.begin() + static_cast<std::ptrdiff_t>(pos),
                     encoded.begin() + static_cast<std::ptrdiff_t>(end));
      }
      pos = end;
    }
    if (width == 0 || height == 0) return encoded;
    std::vector<uint8_t> vp8x(10, 0);
    vp8x[0] = static_cast<uint8_t>((alpha ? 0x10 : 0) | (m.exif.empty() ? 0 : 0x08) | (m.xmp.empty() ? 0 : 0x04));
    for (int k = 0; k < 3; ++k) {
      vp8x[4 + k] = static_cast<uint8_t>((width - 1) >> (8 * k));
      vp8x[7 + k] = static_cast<uint8_t>((height - 1) >> (8 * k));
    }
    std::vector<uint8_t> body;
    put(body, "WEBP");
    const auto head = riff_chunk("VP8X", vp8x.data(), vp8x.size());
    body.insert(body.end(), head.begin(), head.end());
    body.insert(body.end(), image.begin(), image.end());
    if (!m.exif.empty()) {
      const auto c = riff_chunk("EXIF", m.exif.data(), m.exif.size());
      body.insert(body.end(), c.begin(), c.end());
    }
    if (!m.xmp.empty()) {
      const auto c = riff_chunk("XMP ", reinterpret_cast<const uint8_t*>(m.xmp.data()), m.xmp.size());
      body.insert(body.end(), c.begin(), c.end());
    }
    std::vector<uint8_t> out;
    put(out, "RIFF");
    put_u32le(out, static_cast<uint32_t>(body.size()));
    out.insert(out.end(), body.begin(), body.end());
    return out;
  }
  return encoded;
}

}  // namespace dsmark
