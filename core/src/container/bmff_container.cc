// ISO-BMFF files: MP4, MOV (QuickTime), M4A, HEIF/HEIC, AVIF. Reads
//   moov/udta/meta and moov/meta (keys + ilst: the `mdta` keys ffmpeg writes with -movflags use_metadata_tags,
//   and iTunes-style `mdir` items, freeform `----` items), trak-level udta/meta, QuickTime udta text atoms
//   (©cmt, …) and udta/XMP_, the XMP uuid box (BE7ACFCB-97A9-42E8-9C71-999491E3AFAC), the C2PA uuid box
//   (D8FEC3D6-1B0E-483C-9297-5828877EC481), and HEIF `meta` items (XMP as mime application/rdf+xml, Exif).
// Metadata may follow `mdat` (ffmpeg without +faststart): every top-level box is visited, `mdat` is skipped by
// its size. Top-level boxes are recorded in the inventory layout (for C2PA BMFF hashes).
#include <array>
#include <map>
#include <string>

#include "container/bmff_boxes.h"
#include "container/walkers.h"
#include "format/sniff.h"
#include "util/text_encoding.h"

namespace dsmark {
namespace {

constexpr std::array<uint8_t, 16> kXmpUuid = {0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8,
                                              0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC};
constexpr std::array<uint8_t, 16> kC2paUuid = {0xD8, 0xFE, 0xC3, 0xD6, 0x1B, 0x0E, 0x48, 0x3C,
                                               0x92, 0x97, 0x58, 0x28, 0x87, 0x7E, 0xC4, 0x81};
constexpr size_t kMaxTextValue = 1u << 20;  // one metadata value (a label is far smaller)

class BmffWalker {
 public:
  BmffWalker(Bytes file, Inventory& inv, std::string prefix)
      : file_(file), inv_(inv), prefix_(std::move(prefix)), budget_(inv.limits()) {}

  Status run() {
    BmffIterator it(file_, 0, 0, budget_);
    Status result = Status::ok();
    while (true) {
      BmffBox box;
      bool done = false;
      Status st = it.next(box, done);
      if (!st.is_ok()) {
        result = st;
        break;
      }
      if (done) break;
      inv_.add_layout(fourcc_name(box.type), box.offset, box.size);
      Status inner = Status::ok();
      if (box.is("moov")) {
        inner = walk_moov(box);
      } else if (box.is("meta")) {
        inner = walk_meta(box, "meta", 1, /*top_level=*/true);
      } else if (box.uuid_is(kXmpUuid)) {
        inner = add_xmp("uuid:xmp", box.payload);
      } else if (box.uuid_is(kC2paUuid)) {
        inner = keep(inv_.add_blob(BlobKind::kC2pa, prefix_ + ":uuid:c2pa",
                                   std::vector<uint8_t>(box.payload.begin(), box.payload.end())));
      }
      if (!inner.is_ok()) {
        result = inner;
        break;
      }
      if (box.truncated) {
        result = Status::truncated("the ISO-BMFF box '" + fourcc_name(box.type) + "' at byte " +
                                   std::to_string(box.offset) + " runs past the end of the file");
        break;
      }
    }
    if (result.is_ok()) result = resolve_heif_items();
    return result;
  }

 private:
  // A damaged metadata item is that item's problem; only limits stop the walk.
  Status keep(Status st) {
    if (st.is_ok() || st.code() == StatusCode::kLimit) return st;
    inv_.warn(st.message());
    return Status::ok();
  }

  Status add_xmp(const std::string& path, Bytes xml) {
    return keep(inv_.add_xmp(prefix_ + ":" + path, std::string(as_chars(xml))));
  }

  Status add_text(const std::string& path, std::string key, std::string value) {
    if (value.size() > kMaxTextValue) {
      inv_.warn(prefix_ + ":" + path + " holds a value larger than dsmark reads; it was skipped");
      return Status::ok();
    }
    return keep(inv_.add_text(prefix_ + ":" + path, std::move(key), std::move(value)));
  }

  // Iterates the children of `parent`, calling visit(child) for each; stops on a broken child.
  template <typename Visit>
  Status children(const BmffBox& parent, Bytes payload, uint64_t payload_offset, uint32_t depth, Visit visit) {
    BmffIterator it(payload, payload_offset, depth, budget_);
    while (true) {
      BmffBox c;
      bool done = false;
      Status st = it.next(c, done);
      if (st.code() == StatusCode::kLimit) return st;
      if (!st.is_ok()) {
        inv_.warn("inside '" + fourcc_name(parent.type) + "': " + st.message());
        return Status::ok();
      }
      if (done) return Status::ok();
      DSMARK_RETURN_IF_ERROR(visit(c));
      if (c.truncated) {
        inv_.warn("the box '" + fourcc_name(c.type) + "' at byte " + std::to_string(c.offset) +
                  " runs past its parent '" + fourcc_name(parent.type) + "'");
        return Status::ok();
      }
    }
  }

  Status walk_moov(const BmffBox& moov) {
    uint32_t trak_index = 0;
    const uint32_t depth = 1;
    return children(moov, moov.payload, moov.payload_offset(), depth, [&](const BmffBox& c) -> Status {
      if (c.is("udta")) return walk_udta(c, "moov/udta", depth + 1);
      if (c.is("meta")) return walk_meta(c, "moov/meta", depth + 1, false);
      if (c.uuid_is(kXmpUuid)) return add_xmp("moov/uuid:xmp", c.payload);
      if (c.is("trak")) {
        const std::string path = "moov/trak[" + std::to_string(++trak_index) + "]";
        return children(c, c.payload, c.payload_offset(), depth + 1, [&](const BmffBox& t) -> Status {
          if (t.is("udta")) return walk_udta(t, path + "/udta", depth + 2);
          if (t.is("meta")) return walk_meta(t, path + "/meta", depth + 2, false);
          return Status::ok();
        });
      }
      return Status::ok();
    });
  }

  Status walk_udta(const BmffBox& udta, const std::string& path, uint32_t depth) {
    return children(udta, udta.payload, udta.payload_offset(), depth, [&](const BmffBox& c) -> Status {
      if (c.is("meta")) return walk_meta(c, path + "/meta", depth + 1, false);
      if (c.is("XMP_")) return add_xmp(path + "/XMP_", c.payload);
      if (!c.type.empty() && static_cast<uint8_t>(c.type[0]) == 0xA9) return quicktime_text_atom(c, path, depth + 1);
      return Status::ok();
    });
  }

  // QuickTime user-data text: a list of (u16 length, u16 language, text); some writers use an iTunes
  // `data` box instead.
  Status quicktime_text_atom(const BmffBox& atom, const std::string& path, uint32_t depth) {
    const std::string key = fourcc_name(atom.type);
    if (atom.payload.size() >= 16 && as_chars(atom.payload.subspan(4, 4)) == "data") {
      return ilst_item_values(atom, path + "/" + key, key, depth);
    }
    ByteReader r(atom.payload);
    uint32_t n = 0;
    while (r.remaining() >= 4 && n++ < 16) {
      uint16_t len = 0, lang = 0;
      Bytes text;
      if (!r.u16be(len) || !r.u16be(lang) || !r.bytes(len, text)) break;
      // Language codes below 0x400 are Mac languages with Mac Roman text; 0x7FFF and packed ISO codes are UTF-8.
      std::string value = is_valid_utf8(as_chars(text)) ? std::string(as_chars(text)) : latin1_to_utf8(as_chars(text));
      DSMARK_RETURN_IF_ERROR(add_text(path + "/" + key, key, std::move(value)));
    }
    return Status::ok();
  }

  // `meta` is a FullBox in ISO files and a plain atom in QuickTime files: the handler box tells.
  Status walk_meta(const BmffBox& meta, const std::string& path, uint32_t depth, bool top_level) {
    Bytes body = meta.payload;
    uint64_t body_offset = meta.payload_offset();
    const bool plain_atom = body.size() >= 8 && as_chars(body.subspan(4, 4)) == "hdlr";
    if (!plain_atom) {
      if (body.size() < 4) return Status::ok();
      body = body.subspan(4);
      body_offset += 4;
    }
    std::vector<std::string> keys;
    std::string handler;
    std::vector<BmffBox> ilsts;
    Status st = children(meta, body, body_offset, depth, [&](const BmffBox& c) -> Status {
      if (c.is("hdlr") && c.payload.size() >= 12) handler = std::string(as_chars(c.payload.subspan(8, 4)));
      else if (c.is("keys")) read_keys(c.payload, keys);
      else if (c.is("ilst")) ilsts.push_back(c);
      else if (c.is("XMP_")) return add_xmp(path + "/XMP_", c.payload);
      else if (top_level && c.is("iinf")) read_iinf(c, depth + 1);
      else if (top_level && c.is("iloc")) read_iloc(c);
      else if (top_level && c.is("idat")) idat_ = c.payload;
      return Status::ok();
    });
    DSMARK_RETURN_IF_ERROR(st);
    for (const BmffBox& ilst : ilsts) {
      DSMARK_RETURN_IF_ERROR(children(ilst, ilst.payload, ilst.payload_offset(), depth + 1,
                                      [&](const BmffBox& item) -> Status {
                                        return ilst_item(item, path, handler, keys, depth + 2);
                                      }));
    }
    return Status::ok();
  }

  static void read_keys(Bytes payload, std::vector<std::string>& keys) {
    ByteReader r(payload);
    uint8_t version = 0;
    uint32_t flags = 0, count = 0;
    if (!read_full_box_header(r, version, flags) || !r.u32be(count)) return;
    for (uint32_t i = 0; i < count && i < 4096; ++i) {
      uint32_t size = 0;
      Bytes ns, name;
      if (!r.u32be(size) || size < 8 || !r.bytes(4, ns) || !r.bytes(size - 8, name)) return;
      keys.emplace_back(as_chars(name));
    }
  }

  Status ilst_item(const BmffBox& item, const std::string& meta_path, const std::string& handler,
                   const std::vector<std::string>& keys, uint32_t depth) {
    // mdta handler: the item type is a 1-based index into `keys`.
    const uint32_t index = item.type.size() == 4 ? load_u32be(reinterpret_cast<const uint8_t*>(item.type.data())) : 0;
    if (!keys.empty() && index >= 1 && index <= keys.size() && (handler == "mdta" || handler.empty())) {
      const std::string& key = keys[index - 1];
      return ilst_item_values(item, meta_path + "/keys:" + key, key, depth);
    }
    if (item.is("----")) {  // iTunes freeform: mean, name, data
      std::string name;
      Status st = children(item, item.payload, item.payload_offset(), depth,
                           [&](const BmffBox& c) -> Status {
                             if (c.is("name") && c.payload.size() >= 4) name = std::string(as_chars(c.payload.subspan(4)));
                             return Status::ok();
                           });
      DSMARK_RETURN_IF_ERROR(st);
      if (name.empty()) return Status::ok();
      return ilst_item_values(item, meta_path + "/ilst:----:" + name, name, depth);
    }
    const std::string key = fourcc_name(item.type);
    return ilst_item_values(item, meta_path + "/ilst:" + key, key, depth);
  }

  // The text values of the `data` boxes inside an ilst item (well-known types 1/4 UTF-8, 2/5 UTF-16).
  Status ilst_item_values(const BmffBox& item, const std::string& path, const std::string& key, uint32_t depth) {
    return children(item, item.payload, item.payload_offset(), depth, [&](const BmffBox& d) -> Status {
      if (!d.is("data") || d.payload.size() < 8) return Status::ok();
      const uint32_t type = load_u32be(d.payload.data()) & 0xFFFFFF;
      const std::string_view value = as_chars(d.payload.subspan(8));
      if (type == 1 || type == 4) {
        return add_text(path, key, is_valid_utf8(value) ? std::string(value) : latin1_to_utf8(value));
      }
      if (type == 2 || type == 5) return add_text(path, key, utf16_to_utf8(value, true));
      return Status::ok();
    });
  }

  // HEIF items: which item is XMP or Exif (iinf), where its bytes are (iloc, idat).
  struct Item {
    std::string type;          // 4CC: "mime", "Exif", "av01", …
    std::string content_type;  // for mime items
  };
  struct Extent {
    uint64_t offset = 0, length = 0;
  };
  struct Location {
    uint8_t method = 0;
    std::vector<Extent> extents;
  };

  void read_iinf(const BmffBox& iinf, uint32_t depth) {
    ByteReader r(iinf.payload);
    uint8_t version = 0;
    uint32_t flags = 0, count = 0;
    if (!read_full_box_header(r, version, flags)) return;
    if (version == 0) {
      uint16_t c16 = 0;
      if (!r.u16be(c16)) return;
      count = c16;
    } else if (!r.u32be(count)) {
      return;
    }
    (void)count;  // the infe boxes themselves are authoritative
    Status st = children(iinf, r.rest(), iinf.payload_offset() + r.offset(), depth,
                         [&](const BmffBox& infe) -> Status {
                           if (infe.is("infe")) read_infe(infe.payload);
                           return Status::ok();
                         });
    (void)st;
  }

  void read_infe(Bytes payload) {
    ByteReader r(payload);
    uint8_t version = 0;
    uint32_t flags = 0, id = 0;
    if (!read_full_box_header(r, version, flags)) return;
    Item item;
    std::string_view name, content_type;
    if (version >= 2) {
      uint16_t id16 = 0, protection = 0;
      Bytes type;
      if (version == 2) {
        if (!r.u16be(id16)) return;
        id = id16;
      } else if (!r.u32be(id)) {
        return;
      }
      if (!r.u16be(protection) || !r.bytes(4, type)) return;
      item.type = std::string(as_chars(type));
      if (!r.cstring(name)) name = as_chars(r.rest());
      if (item.type == "mime" && r.cstring(content_type)) item.content_type = std::string(content_type);
      else if (item.type == "mime") item.content_type = std::string(as_chars(r.rest()));
    } else {
      uint16_t id16 = 0, protection = 0;
      if (!r.u16be(id16) || !r.u16be(protection) || !r.cstring(name)) return;
      id = id16;
      if (r.cstring(content_type)) {
        item.type = "mime";
        item.content_type = std::string(content_type);
      }
    }
    if (items_.size() < 4096) items_[id] = std::move(item);
  }

  void read_iloc(const BmffBox& iloc) {
    ByteReader r(iloc.payload);
    uint8_t version = 0, sizes1 = 0, sizes2 = 0;
    uint32_t flags = 0, count = 0;
    if (!read_full_box_header(r, version, flags) || version > 2 || !r.u8(sizes1) || !r.u8(sizes2)) return;
    const uint32_t offset_size = sizes1 >> 4, length_size = sizes1 & 15, base_size = sizes2 >> 4;
    const uint32_t index_size = (version == 1 || version == 2) ? (sizes2 & 15) : 0;
    auto sized = [&](uint32_t n, uint64_t& v) -> bool {
      v = 0;
      if (n == 0) return true;
      if (n != 4 && n != 8) return false;
      if (n == 4) {
        uint32_t x = 0;
        if (!r.u32be(x)) return false;
        v = x;
        return true;
      }
      return r.u64be(v);
    };
    if (version < 2) {
      uint16_t c16 = 0;
      if (!r.u16be(c16)) return;
      count = c16;
    } else if (!r.u32be(count)) {
      return;
    }
    for (uint32_t i = 0; i < count && i < 4096; ++i) {
      uint32_t id = 0;
      if (version < 2) {
        uint16_t id16 = 0;
        if (!r.u16be(id16)) return;
        id = id16;
      } else if (!r.u32be(id)) {
        return;
      }
      Location loc;
      if (version == 1 || version == 2) {
        uint16_t method = 0;
        if (!r.u16be(method)) return;
        loc.method = static_cast<uint8_t>(method & 15);
      }
      uint16_t data_ref = 0, extents = 0;
      uint64_t base = 0;
      if (!r.u16be(data_ref) || !sized(base_size, base) || !r.u16be(extents)) return;
      for (uint16_t k = 0; k < extents; ++k) {
        uint64_t index = 0, off = 0, len = 0;
        if (!sized(index_size, index) || !sized(offset_size, off) || !sized(length_size, len)) return;
        uint64_t abs = 0;
        if (!checked_add(base, off, abs)) return;
        if (loc.extents.size() < 64) loc.extents.push_back({abs, len});
      }
      if (data_ref == 0) locations_[id] = std::move(loc);  // other data references point outside the file
    }
  }

  // Assembles the bytes of XMP and Exif items once `meta` has been read.
  Status resolve_heif_items() {
    for (const auto& [id, item] : items_) {
      const bool xmp = item.type == "mime" && item.content_type.find("rdf+xml") != std::string::npos;
      const bool exif = item.type == "Exif";
      if (!xmp && !exif) continue;
      auto loc = locations_.find(id);
      if (loc == locations_.end()) continue;
      Bytes source = loc->second.method == 1 ? idat_ : file_;
      if (loc->second.method > 1) continue;  // item-offset construction: not used for metadata in practice
      std::vector<uint8_t> bytes;
      bool ok = true;
      for (const Extent& e : loc->second.extents) {
        const uint64_t len = e.length == 0 && e.offset <= source.size() ? source.size() - e.offset : e.length;
        uint64_t end = 0;
        if (!checked_add(e.offset, len, end) || end > source.size() ||
            bytes.size() + len > inv_.limits().max_metadata_bytes) {
          ok = false;
          break;
        }
        bytes.insert(bytes.end(), source.begin() + static_cast<ptrdiff_t>(e.offset),
                     source.begin() + static_cast<ptrdiff_t>(end));
      }
      if (!ok) {
        inv_.warn("the HEIF " + std::string(xmp ? "XMP" : "Exif") + " item " + std::to_string(id) +
                  " lies outside the file");
        continue;
      }
      if (xmp) {
        DSMARK_RETURN_IF_ERROR(add_xmp("meta/item:xmp", Bytes(bytes)));
        continue;
      }
      // Exif item: u32 offset to the TIFF header (after this field), then usually "Exif\0\0".
      if (bytes.size() < 4) continue;
      uint64_t skip = 4 + uint64_t{load_u32be(bytes.data())};
      if (skip > bytes.size() || (skip + 4 <= bytes.size() && bytes[skip] != 'I' && bytes[skip] != 'M')) {
        skip = 4;
        if (bytes.size() >= 10 && std::string_view(reinterpret_cast<const char*>(bytes.data()) + 4, 6) ==
                                      std::string_view("Exif\0\0", 6)) {
          skip = 10;
        }
      }
      std::vector<uint8_t> tiff(bytes.begin() + static_cast<ptrdiff_t>(skip), bytes.end());
      DSMARK_RETURN_IF_ERROR(keep(inv_.add_blob(BlobKind::kExif, prefix_ + ":meta/item:Exif", std::move(tiff))));
    }
    return Status::ok();
  }

  Bytes file_;
  Inventory& inv_;
  std::string prefix_;
  BmffBudget budget_;
  std::map<uint32_t, Item> items_;
  std::map<uint32_t, Location> locations_;
  Bytes idat_;
};

}  // namespace

Status walk_bmff(std::span<const uint8_t> file, Inventory& inv) {
  return BmffWalker(file, inv, std::string(format_name(sniff_format(file)))).run();
}

}  // namespace dsmark
