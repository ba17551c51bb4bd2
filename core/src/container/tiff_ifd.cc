#include "container/tiff_ifd.h"

#include <string>
#include <unordered_set>

namespace dsmark {
namespace {

constexpr uint32_t kMaxIfds = 256;

uint32_t type_size(uint16_t type) {
  switch (type) {
    case 1: case 2: case 6: case 7: return 1;
    case 3: case 8: return 2;
    case 4: case 9: case 11: case 13: return 4;
    case 5: case 10: case 12: return 8;
    default: return 0;  // unknown types are skipped (TIFF 6.0 §2: readers ignore them)
  }
}

struct PendingIfd {
  uint64_t offset;
  TiffIfd kind;
  uint32_t depth;
};

}  // namespace

std::string_view tiff_ifd_name(TiffIfd ifd) {
  switch (ifd) {
    case TiffIfd::kImage: return "ifd";
    case TiffIfd::kExif: return "exif";
    case TiffIfd::kGps: return "gps";
    case TiffIfd::kInterop: return "interop";
    case TiffIfd::kSubImage: return "subifd";
  }
  return "ifd";
}

const TiffEntry* TiffDirectory::find(uint16_t tag, TiffIfd ifd) const {
  for (const TiffEntry& e : entries) {
    if (e.tag == tag && e.ifd == ifd) return &e;
  }
  return nullptr;
}

bool TiffDirectory::uint_at(const TiffEntry& e, uint32_t i, uint32_t& out) const {
  const uint32_t size = type_size(e.type);
  if (i >= e.count || (e.type != 1 && e.type != 3 && e.type != 4 && e.type != 13)) return false;
  if (uint64_t{i + 1} * size > e.value.size()) return false;
  const uint8_t* p = e.value.data() + uint64_t{i} * size;
  switch (size) {
    case 1: out = p[0]; return true;
    case 2: out = little_endian ? load_u16le(p) : load_u16be(p); return true;
    case 4: out = little_endian ? load_u32le(p) : load_u32be(p); return true;
    default: return false;
  }
}

Status read_tiff_directory(Bytes tiff, const Limits& limits, TiffDirectory& out) {
  using namespace std::string_view_literals;  // the signatures hold NUL bytes
  ByteReader r(tiff);
  if (r.expect("II*\0"sv)) {
    out.little_endian = true;
  } else if (r.expect("MM\0*"sv)) {
    out.little_endian = false;
  } else if (r.expect("II+\0"sv) || r.expect("MM\0+"sv)) {
    return Status::unsupported("BigTIFF files are not read yet");
  } else {
    return Status::malformed("not a TIFF structure (bad byte-order mark)");
  }
  const bool le = out.little_endian;
  auto u16 = [le](const uint8_t* p) { return le ? load_u16le(p) : load_u16be(p); };
  auto u32 = [le](const uint8_t* p) { return le ? load_u32le(p) : load_u32be(p); };

  uint32_t first = 0;
  if (!(le ? r.u32le(first) : r.u32be(first))) return Status::truncated("the TIFF header ends early");

  std::vector<PendingIfd> pending{{first, TiffIfd::kImage, 0}};
  std::unordered_set<uint64_t> visited;
  uint32_t image_index = 0, sub_index = 0;
  uint64_t entries_seen = 0;
  while (!pending.empty()) {
    const PendingIfd ifd = pending.back();
    pending.pop_back();
    if (ifd.offset == 0) continue;
    if (!visited.insert(ifd.offset).second) return Status::malformed("TIFF directories point at each other in a loop");
    if (visited.size() > kMaxIfds) return Status::limit("the TIFF structure has more directories than the limit");
    if (ifd.depth > limits.max_box_depth) return Status::limit("TIFF directories are nested deeper than the limit");
    if (ifd.offset + 2 > tiff.size()) return Status::truncated("a TIFF directory lies past the end of the data");

    const uint8_t* base = tiff.data() + ifd.offset;
    const uint16_t n = u16(base);
    const uint64_t table_end = ifd.offset + 2 + uint64_t{n} * 12;
    if (table_end > tiff.size()) return Status::truncated("a TIFF directory's entries run past the end of the data");
    entries_seen += n;
    if (entries_seen > limits.max_boxes) return Status::limit("the TIFF structure has more entries than the limit");

    const uint32_t index = ifd.kind == TiffIfd::kImage ? image_index++ : sub_index++;
    for (uint16_t k = 0; k < n; ++k) {
      const uint8_t* e = base + 2 + uint64_t{k} * 12;
      TiffEntry entry;
      entry.ifd = ifd.kind;
      entry.ifd_index = index;
      entry.tag = u16(e);
      entry.type = u16(e + 2);
      entry.count = u32(e + 4);
      const uint32_t size = type_size(entry.type);
      if (size == 0) continue;
      const uint64_t bytes = uint64_t{size} * entry.count;
      entry.value_offset = bytes <= 4 ? static_cast<uint64_t>(e + 8 - tiff.data()) : u32(e + 8);
      uint64_t value_end = 0;
      if (!checked_add(entry.value_offset, bytes, value_end) || value_end > tiff.size()) continue;  // a broken entry
      entry.value = tiff.subspan(entry.value_offset, bytes);

      auto follow = [&](TiffIfd kind) {
        for (uint32_t i = 0; i < entry.count && i < 64; ++i) {
          uint32_t off = 0;
          if (out.uint_at(entry, i, off)) pending.push_back({off, kind, ifd.depth + 1});
        }
      };
      if (entry.tag == 0x8769) follow(TiffIfd::kExif);
      else if (entry.tag == 0x8825) follow(TiffIfd::kGps);
      else if (entry.tag == 0xA005) follow(TiffIfd::kInterop);
      else if (entry.tag == 0x014A) follow(TiffIfd::kSubImage);
      out.entries.push_back(entry);
    }
    // The next directory in the chain (IFD1 holds the EXIF thumbnail; multi-page TIFFs have more).
    if (ifd.kind == TiffIfd::kImage || ifd.kind == TiffIfd::kSubImage) {
      if (table_end + 4 <= tiff.size()) pending.push_back({u32(tiff.data() + table_end), ifd.kind, ifd.depth});
    }
  }
  return Status::ok();
}

int exif_orientation(Bytes tiff, const Limits& limits) {
  TiffDirectory dir;
  (void)read_tiff_directory(tiff, limits, dir);  // entries read before a failure still count
  for (const TiffEntry& e : dir.entries) {
    uint32_t v = 0;
    if (e.tag == 0x0112 && e.ifd == TiffIfd::kImage && e.ifd_index == 0 && dir.uint_at(e, 0, v)) {
      return v >= 1 && v <= 8 ? static_cast<int>(v) : 1;
    }
  }
  return 1;
}

}  // namespace dsmark
