// GIF (GIF89a spec): header, logical screen descriptor, colour tables, extensions and images. Reads the XMP
// application extension ("XMP Data" + "XMP": raw XMP followed by a 258-byte "magic trailer" that makes the bytes
// parse as sub-blocks, XMP Part 3 §1.1.2), the C2PA application extension ("C2PA_GIF", auth 01 00 00, data
// sub-blocks) and comment extensions. Every block is recorded in the layout under the names C2PA box hashes use
// ("GIF89a", "LSD", "GCT", "21F9", "21FF", "C2PA", "21FE", "2101", "2C", "LCT", "TBID", "3B").
#include <string>
#include <vector>

#include "container/walkers.h"
#include "util/byte_reader.h"
#include "util/text_encoding.h"

namespace dsmark {
namespace {

// Skips data sub-blocks up to and including the zero terminator; appends their data to `out` when given.
bool sub_blocks(ByteReader& r, std::vector<uint8_t>* out, uint64_t max_out) {
  while (true) {
    uint8_t n = 0;
    if (!r.u8(n)) return false;
    if (n == 0) return true;
    Bytes data;
    if (!r.bytes(n, data)) return false;
    if (out && out->size() + n <= max_out) out->insert(out->end(), data.begin(), data.end());
  }
}

// The XMP packet inside the raw bytes of an XMP application extension, without the magic trailer.
std::string_view xmp_from_raw(std::string_view raw) {
  size_t end = raw.rfind("<?xpacket end");
  if (end != std::string_view::npos) {
    const size_t close = raw.find("?>", end);
    if (close != std::string_view::npos) return raw.substr(0, close + 2);
  }
  end = raw.rfind("</x:xmpmeta>");
  if (end != std::string_view::npos) return raw.substr(0, end + 12);
  const size_t trailer = raw.find("\x01\xFF\xFE");
  return trailer == std::string_view::npos ? raw : raw.substr(0, trailer);
}

std::string hex2(uint8_t v) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  return std::string{kHex[v >> 4], kHex[v & 15]};
}

}  // namespace

Status walk_gif(std::span<const uint8_t> file, Inventory& inv) {
  ByteReader r(file);
  Bytes sig;
  if (!r.bytes(6, sig) || (as_chars(sig) != "GIF87a" && as_chars(sig) != "GIF89a")) {
    return Status::malformed("not a GIF file (bad signature)");
  }
  inv.add_layout("GIF89a", 0, 6);
  Bytes lsd;
  if (!r.bytes(7, lsd)) return Status::truncated("the GIF ends inside its logical screen descriptor");
  inv.add_layout("LSD", 6, 7);
  if (lsd[4] & 0x80) {
    const size_t gct = 3u << ((lsd[4] & 7) + 1);
    if (!r.skip(gct)) return Status::truncated("the GIF ends inside its global colour table");
    inv.add_layout("GCT", 13, gct);
  }
  uint32_t blocks = 0;
  while (true) {
    if (++blocks > inv.limits().max_boxes) return Status::limit("the GIF has more blocks than the limit");
    const size_t start = r.offset();
    uint8_t introducer = 0;
    if (!r.u8(introducer)) return Status::truncated("the GIF ends without a trailer");
    if (introducer == 0x3B) {
      inv.add_layout("3B", start, 1);
      return Status::ok();
    }
    if (introducer == 0x2C) {
      Bytes desc;
      if (!r.bytes(9, desc)) return Status::truncated("the GIF ends inside an image descriptor");
      inv.add_layout("2C", start, 10);
      if (desc[8] & 0x80) {
        const size_t lct = 3u << ((desc[8] & 7) + 1);
        const size_t at = r.offset();
        if (!r.skip(lct)) return Status::truncated("the GIF ends inside a local colour table");
        inv.add_layout("LCT", at, lct);
      }
      const size_t data_at = r.offset();
      uint8_t min_code = 0;
      if (!r.u8(min_code) || !sub_blocks(r, nullptr, 0)) return Status::truncated("the GIF ends inside image data");
      inv.add_layout("TBID", data_at, r.offset() - data_at);
      continue;
    }
    if (introducer != 0x21) {
      return Status::malformed("unexpected byte 0x" + hex2(introducer) + " at byte " + std::to_string(start) +
                               " where a GIF block should start");
    }
    uint8_t label = 0;
    if (!r.u8(label)) return Status::truncated("the GIF ends inside an extension");
    if (label != 0xFF) {
      std::vector<uint8_t> comment;
      if (!sub_blocks(r, label == 0xFE ? &comment : nullptr, inv.limits().max_inflated_bytes)) {
        return Status::truncated("the GIF ends inside an extension that starts at byte " + std::to_string(start));
      }
      inv.add_layout("21" + hex2(label), start, r.offset() - start);
      if (label == 0xFE && !comment.empty()) {
        const std::string_view text(reinterpret_cast<const char*>(comment.data()), comment.size());
        Status st = inv.add_text("gif:comment", "Comment", is_valid_utf8(text) ? std::string(text) : latin1_to_utf8(text));
        if (st.code() == StatusCode::kLimit) return st;
      }
      continue;
    }
    // Application extension: block size 11, identifier (8), authentication code (3), data sub-blocks.
    uint8_t size = 0;
    Bytes app;
    if (!r.u8(size) || !r.bytes(size, app)) return Status::truncated("the GIF ends inside an application extension");
    const std::string_view id = size == 11 ? as_chars(app) : std::string_view();
    const size_t data_start = r.offset();
    const bool is_xmp = id == "XMP DataXMP";
    const bool is_c2pa = id == std::string_view("C2PA_GIF\x01\x00\x00", 11);
    std::vector<uint8_t> data;
    if (!sub_blocks(r, is_c2pa ? &data : nullptr, inv.limits().max_metadata_bytes)) {
      return Status::truncated("the GIF ends inside an application extension that starts at byte " +
                               std::to_string(start));
    }
    inv.add_layout(is_c2pa ? "C2PA" : "21FF", start, r.offset() - start);
    Status st = Status::ok();
    if (is_xmp) {
      const std::string_view raw = as_chars(file.subspan(data_start, r.offset() - data_start));
      st = inv.add_xmp("gif:XMP DataXMP", std::string(xmp_from_raw(raw)));
    } else if (is_c2pa) {
      st = inv.add_blob(BlobKind::kC2pa, "gif:C2PA_GIF", std::move(data));
    }
    if (st.code() == StatusCode::kLimit) return st;
    if (!st.is_ok()) inv.warn(st.message());
  }
}

}  // namespace dsmark
