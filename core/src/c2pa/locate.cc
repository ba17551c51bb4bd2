#include "c2pa/locate.h"

#include <algorithm>

#include "c2pa/jumbf.h"
#include "util/byte_reader.h"

namespace dsmark::c2pa {

Bytes store_in_blob(const Blob& blob, std::string& note) {
  const Bytes b(blob.bytes);
  if (b.size() >= 8 && as_chars(b.subspan(4, 4)) == "jumb") return b;
  // The C2PA BMFF `uuid` box payload: version (u8), flags (u24), purpose (NUL-terminated), then for "manifest"
  // a u64 offset to the first Merkle box and the store.
  ByteReader r(b);
  uint8_t version = 0;
  Bytes flags;
  std::string_view purpose;
  if (r.u8(version) && r.bytes(3, flags) && r.cstring(purpose, 64) && version == 0 && !purpose.empty() &&
      std::all_of(purpose.begin(), purpose.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    if (purpose == "manifest") {
      uint64_t merkle_offset = 0;
      if (r.u64be(merkle_offset)) return r.rest();
    } else if (purpose == "merkle") {
      return {};  // Merkle data of a fragment, not a store
    } else {
      note = blob.carrier + ": a C2PA box with the purpose \"" + std::string(purpose) + "\", which dsmark does not read, was skipped";
      return {};
    }
  }
  return b;  // not recognisably wrapped: the JUMBF reader says what is wrong with it
}

std::vector<LocatedStore> reassemble_jpeg_app11(const std::vector<const Blob*>& segments, std::vector<std::string>& notes) {
  std::vector<LocatedStore> out;
  bool open = false;
  uint16_t en = 0;
  uint32_t expected_z = 0;
  for (const Blob* seg : segments) {
    const Bytes p(seg->bytes);
    // JPEG XT box segment: "JP", En (u16), Z (u32), then the JUMBF box (header repeated in every segment).
    if (p.size() < 16 || p[0] != 'J' || p[1] != 'P') continue;
    const uint16_t seg_en = load_u16be(p.data() + 2);
    const uint32_t z = load_u32be(p.data() + 4);
    if (open && seg_en == en) {
      if (z != expected_z) {
        out.back().problems.push_back("the manifest store's APP11 segment " + std::to_string(z) +
                                      " is out of sequence (expected " + std::to_string(expected_z) + ")");
        open = false;
        continue;
      }
      out.back().bytes.insert(out.back().bytes.end(), p.begin() + 16, p.end());
      ++expected_z;
      continue;
    }
    if (p.size() >= 28 && as_chars(p.subspan(24, 4)) == "c2pa") {
      LocatedStore s{"jpeg:APP11", std::vector<uint8_t>(p.begin() + 8, p.end()), {}};
      if (z != 1) s.problems.push_back("the manifest store's first APP11 segment has sequence number " + std::to_string(z));
      out.push_back(std::move(s));
      open = true;
      en = seg_en;
      expected_z = z + 1;
    } else {
      open = false;  // another JUMBF box (not C2PA) or a stray continuation
    }
  }
  (void)notes;
  return out;
}

std::vector<LocatedStore> locate_stores(const Inventory& inv, std::vector<std::string>& notes) {
  std::vector<LocatedStore> out;
  std::vector<const Blob*> app11;
  for (const Blob& b : inv.blobs) {
    if (b.kind == BlobKind::kJpegApp11) app11.push_back(&b);
  }
  if (!app11.empty()) {
    auto jpeg = reassemble_jpeg_app11(app11, notes);
    for (auto& s : jpeg) out.push_back(std::move(s));
  }
  for (const Blob& b : inv.blobs) {
    if (b.kind != BlobKind::kC2pa) continue;
    std::string note;
    const Bytes store = store_in_blob(b, note);
    if (!note.empty()) notes.push_back(note);
    if (store.empty()) continue;
    out.push_back({b.carrier, std::vector<uint8_t>(store.begin(), store.end()), {}});
  }
  return out;
}

}  // namespace dsmark::c2pa
