// JPEG: markers and segments (ITU T.81 B.1), APP1 EXIF/XMP/Extended XMP (XMP Part 3 §1.1.3), COM, APP11.
#include <cstdio>
#include <cstring>
#include <map>
#include <string>

#include "container/walkers.h"
#include "util/byte_reader.h"

namespace dsmark {
namespace {

constexpr std::string_view kXmpSig{"http://ns.adobe.com/xap/1.0/\0", 29};
constexpr std::string_view kExtXmpSig{"http://ns.adobe.com/xmp/extension/\0", 35};
constexpr std::string_view kExifSig{"Exif\0\0", 6};
constexpr size_t kMaxExtendedXmpGuids = 8;

struct ExtendedXmp {
  std::vector<uint8_t> data;
  uint64_t received = 0;
};

// The marker's name as ITU T.81 Table B.1 (and c2pa-rs's box map) writes it: "SOI", "APP11", "SOF0", "DQT", …
std::string marker_name(uint8_t m) {
  if (m >= 0xE0 && m <= 0xEF) return "APP" + std::to_string(m - 0xE0);
  if (m >= 0xD0 && m <= 0xD7) return "RST" + std::to_string(m - 0xD0);
  if (m >= 0xF0 && m <= 0xFD) return "JPG" + std::to_string(m - 0xF0);
  switch (m) {
    case 0xC4: return "DHT";
    case 0xC8: return "JPG";
    case 0xCC: return "DAC";
    case 0xD8: return "SOI";
    case 0xD9: return "EOI";
    case 0xDA: return "SOS";
    case 0xDB: return "DQT";
    case 0xDC: return "DNL";
    case 0xDD: return "DRI";
    case 0xDE: return "DHP";
    case 0xDF: return "EXP";
    case 0xFE: return "COM";
    case 0x01: return "TEM";
    default: break;
  }
  if (m >= 0xC0 && m <= 0xCF) return "SOF" + std::to_string(m - 0xC0);
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", m);
  return buf;
}

bool marker_has_length(uint8_t m) {
  return !(m == 0xD8 || m == 0xD9 || m == 0x01 || (m >= 0xD0 && m <= 0xD7));
}

// After SOS: skip entropy-coded data up to the next marker that is not a stuffed 0xFF00 or a restart marker.
bool skip_entropy_coded(ByteReader& r) {
  Bytes rest = r.rest();
  const uint8_t* p = rest.data();
  const uint8_t* end = p + rest.size();
  while (p < end) {
    const void* hit = std::memchr(p, 0xFF, static_cast<size_t>(end - p));
    if (!hit) break;
    p = static_cast<const uint8_t*>(hit);
    if (p + 1 >= end) break;
    const uint8_t next = p[1];
    if (next == 0x00 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF) {
      p += (next == 0xFF) ? 1 : 2;
      continue;
    }
    return r.skip(static_cast<size_t>(p - rest.data()));
  }
  return false;
}

Status add_extended_xmp(Bytes payload, std::map<std::string, ExtendedXmp>& ext, const Limits& limits) {
  ByteReader r(payload);
  Bytes guid;
  uint32_t full_len = 0, offset = 0;
  if (!r.bytes(32, guid) || !r.u32be(full_len) || !r.u32be(offset)) {
    return Status::truncated("an Extended XMP segment is shorter than its header");
  }
  const std::string key(as_chars(guid));
  auto it = ext.find(key);
  if (it == ext.end()) {
    if (ext.size() >= kMaxExtendedXmpGuids) return Status::limit("too many Extended XMP packets");
    if (full_len > limits.max_metadata_bytes) return Status::limit("an Extended XMP packet is larger than the limit");
    it = ext.emplace(key, ExtendedXmp{}).first;
    it->second.data.resize(full_len);
  }
  ExtendedXmp& x = it->second;
  Bytes chunk = r.rest();
  if (uint64_t{offset} + chunk.size() > x.data.size()) {
    return Status::malformed("an Extended XMP segment lies outside its packet");
  }
  std::memcpy(x.data.data() + offset, chunk.data(), chunk.size());
  x.received += chunk.size();
  return Status::ok();
}

}  // namespace

Status walk_jpeg(std::span<const uint8_t> file, Inventory& inv) {
  ByteReader r(file);
  if (!r.expect("\xFF\xD8")) return Status::malformed("not a JPEG file (no start-of-image marker)");
  inv.add_layout("SOI", 0, 2);  // the layout: every marker segment, SOS with its entropy-coded data
  std::map<std::string, ExtendedXmp> extended;
  uint32_t segments = 0;
  Status result = Status::ok();
  bool saw_eoi = false;
  while (!r.empty()) {
    if (++segments > inv.limits().max_boxes) {
      result = Status::limit("the JPEG has more segments than the limit");
      break;
    }
    uint8_t ff = 0, marker = 0;
    if (!r.u8(ff)) break;
    if (ff != 0xFF) {
      result = Status::malformed("JPEG segment expected at byte " + std::to_string(r.offset() - 1));
      break;
    }
    do {  // fill bytes
      if (!r.u8(marker)) return Status::truncated("the JPEG ends inside a marker");
    } while (marker == 0xFF);
    const size_t marker_at = r.offset() - 2;
    if (marker == 0xD9) {
      inv.add_layout("EOI", marker_at, 2);
      saw_eoi = true;
      break;
    }
    if (!marker_has_length(marker)) {
      inv.add_layout(marker_name(marker), marker_at, 2);
      continue;
    }
    const size_t seg_start = r.offset() - 2;
    uint16_t len = 0;
    Bytes payload;
    if (!r.u16be(len)) {
      result = Status::truncated("the JPEG ends inside a segment header");
      break;
    }
    if (len < 2) {
      result = Status::malformed("a JPEG segment at byte " + std::to_string(seg_start) + " declares length " +
                                 std::to_string(len));
      break;
    }
    if (!r.bytes(len - 2u, payload)) {
      result = Status::truncated("the JPEG ends inside a segment that starts at byte " + std::to_string(seg_start));
      break;
    }
    Status st = Status::ok();
    const std::string_view text = as_chars(payload);
    if (marker == 0xE1 && text.substr(0, kXmpSig.size()) == kXmpSig) {
      st = inv.add_xmp("jpeg:APP1:xmp", std::string(text.substr(kXmpSig.size())));
    } else if (marker == 0xE1 && text.substr(0, kExtXmpSig.size()) == kExtXmpSig) {
      // A bad Extended XMP segment is only that segment's problem.
      Status ext = add_extended_xmp(payload.subspan(kExtXmpSig.size()), extended, inv.limits());
      if (!ext.is_ok()) inv.warn(ext.message());
    } else if (marker == 0xE1 && text.substr(0, kExifSig.size()) == kExifSig) {
      Bytes tiff = payload.subspan(kExifSig.size());
      st = inv.add_blob(BlobKind::kExif, "jpeg:APP1:exif", std::vector<uint8_t>(tiff.begin(), tiff.end()));
    } else if (marker == 0xEB) {
      st = inv.add_blob(BlobKind::kJpegApp11, "jpeg:APP11", std::vector<uint8_t>(payload.begin(), payload.end()));
    } else if (marker == 0xFE) {
      st = inv.add_text("jpeg:COM", "comment", std::string(text));
    }
    if (!st.is_ok()) {
      // A bad metadata segment does not stop the walk: later segments may still hold marks.
      if (st.code() == StatusCode::kLimit) {
        result = st;
        break;
      }
      inv.warn(st.message());
    }
    if (marker == 0xDA && !skip_entropy_coded(r)) {
      inv.add_layout("SOS", marker_at, r.size() - marker_at);
      result = Status::truncated("the JPEG image data ends without an end-of-image marker");
      break;
    }
    inv.add_layout(marker_name(marker), marker_at, r.offset() - marker_at);
  }
  for (auto& [guid, x] : extended) {
    if (x.received < x.data.size()) {
      inv.warn("an Extended XMP packet is incomplete (" + std::to_string(x.received) + " of " +
               std::to_string(x.data.size()) + " bytes)");
      continue;
    }
    Status st = inv.add_xmp("jpeg:APP1:xmp-extended", std::string(x.data.begin(), x.data.end()));
    if (!st.is_ok()) inv.warn(st.message());
  }
  if (result.is_ok() && !saw_eoi) return Status::truncated("the JPEG ends without an end-of-image marker");
  return result;
}

}  // namespace dsmark
