#include "container/zip_archive.h"

#include <zlib.h>

#include "util/inflate.h"

namespace dsmark {
namespace {

constexpr uint32_t kEocd = 0x06054b50, kEocd64 = 0x06064b50, kEocd64Locator = 0x07064b50, kCentral = 0x02014b50,
                   kLocal = 0x04034b50;

}  // namespace

Status read_zip_directory(Bytes file, const Limits& limits, std::vector<ZipEntry>& entries) {
  // The end-of-central-directory record sits in the last 22 + 65535 bytes (after an optional comment).
  if (file.size() < 22) return Status::truncated("the ZIP archive is shorter than its end record");
  const size_t lowest = file.size() > 22 + 65535 ? file.size() - 22 - 65535 : 0;
  size_t eocd = SIZE_MAX;
  for (size_t p = file.size() - 22 + 1; p-- > lowest;) {
    if (load_u32le(file.data() + p) == kEocd) {
      eocd = p;
      break;
    }
  }
  if (eocd == SIZE_MAX) return Status::malformed("the ZIP archive has no end-of-central-directory record");
  const uint8_t* e = file.data() + eocd;
  uint64_t count = load_u16le(e + 10), cd_size = load_u32le(e + 12), cd_offset = load_u32le(e + 16);
  if ((count == 0xFFFF || cd_size == 0xFFFFFFFF || cd_offset == 0xFFFFFFFF) && eocd >= 20 &&
      load_u32le(file.data() + eocd - 20) == kEocd64Locator) {
    const uint64_t z64 = load_u64le(file.data() + eocd - 20 + 8);
    if (z64 + 56 > file.size() || load_u32le(file.data() + z64) != kEocd64) {
      return Status::malformed("the ZIP64 end record is missing");
    }
    count = load_u64le(file.data() + z64 + 32);
    cd_size = load_u64le(file.data() + z64 + 40);
    cd_offset = load_u64le(file.data() + z64 + 48);
  }
  uint64_t cd_end = 0;
  if (!checked_add(cd_offset, cd_size, cd_end) || cd_end > file.size()) {
    return Status::truncated("the ZIP central directory lies past the end of the file");
  }
  if (count > limits.max_archive_entries) {
    return Status::limit("the ZIP archive has more entries than the limit of " + std::to_string(limits.max_archive_entries));
  }
  ByteReader r(file.subspan(cd_offset, cd_size));
  for (uint64_t i = 0; i < count; ++i) {
    Bytes h;
    if (!r.bytes(46, h) || load_u32le(h.data()) != kCentral) return Status::malformed("a ZIP central directory entry is damaged");
    ZipEntry z;
    z.flags = load_u16le(h.data() + 8);
    z.method = load_u16le(h.data() + 10);
    z.crc = load_u32le(h.data() + 16);
    z.compressed_size = load_u32le(h.data() + 20);
    z.size = load_u32le(h.data() + 24);
    const uint16_t name_len = load_u16le(h.data() + 28), extra_len = load_u16le(h.data() + 30),
                   comment_len = load_u16le(h.data() + 32);
    z.local_header_offset = load_u32le(h.data() + 42);
    Bytes name, extra;
    if (!r.bytes(name_len, name) || !r.bytes(extra_len, extra) || !r.skip(comment_len)) {
      return Status::malformed("a ZIP central directory entry is cut");
    }
    z.name = std::string(as_chars(name));
    // ZIP64 extended information: the 64-bit values of the fields set to 0xFFFFFFFF, in this order.
    ByteReader x(extra);
    while (x.remaining() >= 4) {
      uint16_t tag = 0, len = 0;
      Bytes body;
      if (!x.u16le(tag) || !x.u16le(len) || !x.bytes(len, body)) break;
      if (tag != 0x0001) continue;
      ByteReader b(body);
      if (z.size == 0xFFFFFFFF) (void)b.u64le(z.size);
      if (z.compressed_size == 0xFFFFFFFF) (void)b.u64le(z.compressed_size);
      if (z.local_header_offset == 0xFFFFFFFF) (void)b.u64le(z.local_header_offset);
    }
    entries.push_back(std::move(z));
  }
  return Status::ok();
}

Result<std::vector<uint8_t>> read_zip_entry(Bytes file, const ZipEntry& z, const Limits& limits) {
  if (z.flags & 1) return Status::unsupported("the ZIP entry " + z.name + " is encrypted");
  if (z.size > limits.max_inflated_bytes) return Status::limit("the ZIP entry " + z.name + " is larger than the limit");
  if (z.local_header_offset + 30 > file.size() || load_u32le(file.data() + z.local_header_offset) != kLocal) {
    return Status::malformed("the ZIP entry " + z.name + " has no local header");
  }
  const uint8_t* h = file.data() + z.local_header_offset;
  const uint64_t data = z.local_header_offset + 30 + load_u16le(h + 26) + load_u16le(h + 28);
  uint64_t end = 0;
  if (!checked_add(data, z.compressed_size, end) || end > file.size()) {
    return Status::truncated("the ZIP entry " + z.name + " runs past the end of the file");
  }
  const Bytes raw = file.subspan(data, z.compressed_size);
  std::vector<uint8_t> out;
  if (z.method == 0) {
    out.assign(raw.begin(), raw.end());
  } else if (z.method == 8) {
    auto inflated = inflate_capped(raw, limits.max_inflated_bytes, InflateFormat::kRaw);
    if (!inflated) return inflated.status();
    out = std::move(*inflated);
  } else {
    return Status::unsupported("the ZIP entry " + z.name + " uses compression method " + std::to_string(z.method));
  }
  const uLong crc = crc32(0, out.data(), static_cast<uInt>(out.size()));
  if (static_cast<uint32_t>(crc) != z.crc) return Status::malformed("the ZIP entry " + z.name + " fails its CRC check");
  return out;
}

}  // namespace dsmark
