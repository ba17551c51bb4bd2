// c2pa.hash.bmff, .v2 and .v3: the ISO-BMFF box tree with xpath exclusions (C2PA §15.10.3).
//
// The box tree comes from the container layer's BmffIterator (container/bmff_boxes.h): one level at a time, explicit
// depth, one box budget for the file. Hashing needs every byte accounted for, so a box that runs past its parent is
// an error here, where the metadata walkers would read what is there.
#include <algorithm>
#include <array>

#include "c2pa/hard_binding.h"
#include "container/bmff_boxes.h"

namespace dsmark::c2pa {
namespace {

struct BoxInfo {
  std::string path;  // "/moov/trak/mdia/minf/stbl/stco"
  uint64_t offset = 0, size = 0;
  uint32_t depth = 0;
  bool full_box = false;
  uint8_t version = 0;
  uint32_t flags = 0;
};

// Boxes whose payload is a sequence of boxes (ISO/IEC 14496-12, 23008-12, QuickTime).
bool is_container(std::string_view t) {
  static constexpr std::array<std::string_view, 19> kContainers = {
      "moov", "trak", "mdia", "minf", "stbl", "moof", "traf", "mfra", "edts", "dinf",
      "mvex", "udta", "meta", "iprp", "ipco", "sinf", "schi", "tref", "grpl"};
  return std::find(kContainers.begin(), kContainers.end(), t) != kContainers.end();
}

// FullBoxes whose version and flags an exclusion may test.
bool is_full_box(std::string_view t) {
  static constexpr std::array<std::string_view, 34> kFull = {
      "meta", "tfhd", "trun", "stco", "co64", "iloc", "tfra", "mfro", "mvhd", "tkhd", "mdhd", "hdlr",
      "saio", "saiz", "sidx", "tfdt", "mehd", "trex", "elst", "stsd", "stts", "stss", "stsc", "stsz",
      "ctts", "sdtp", "dref", "vmhd", "smhd", "pitm", "iinf", "ipma", "infe", "iref"};
  return std::find(kFull.begin(), kFull.end(), t) != kFull.end();
}

Status walk_level(BmffBudget& budget, std::vector<BoxInfo>& out, Bytes file, uint64_t begin, uint64_t end,
                  const std::string& parent, uint32_t depth) {
  BmffIterator it(file.subspan(begin, end - begin), begin, depth, budget);
  for (;;) {
    BmffBox box;
    bool done = false;
    DSMARK_RETURN_IF_ERROR(it.next(box, done));
    if (done) return Status::ok();
    if (box.truncated) return Status::truncated("an MP4 box runs past the end of its parent");
    const std::string type(box.type);
    BoxInfo b;
    b.path = parent + "/" + type;
    b.offset = box.offset;
    b.size = box.size;
    b.depth = depth;
    if (is_full_box(type) && box.payload.size() >= 4) {
      b.full_box = true;
      b.version = box.payload[0];
      b.flags = load_u24be(box.payload.data() + 1);
    }
    out.push_back(b);
    if (is_container(type)) {
      uint64_t child = box.payload_offset();
      // ISO `meta` is a FullBox; QuickTime's is not: a plausible child box header right away means QuickTime.
      if (type == "meta" && box.payload.size() >= 12) {
        const uint8_t* p = box.payload.data();
        const uint32_t child_size = load_u32be(p);
        const bool printable = std::all_of(p + 4, p + 8, [](uint8_t c) { return c >= 0x20 && c < 0x7F; });
        if (!(child_size >= 8 && child_size <= box.payload.size() && printable)) child += 4;
      }
      DSMARK_RETURN_IF_ERROR(walk_level(budget, out, file, child, box.offset + box.size, b.path, depth + 1));
    }
  }
}

struct Range {
  uint64_t start, end;  // [start, end)
};

bool same(Bytes a, Bytes b) { return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin()); }

// Applies the assertion's exclusions to the box list: the excluded byte ranges, and the offsets of the top-level
// boxes that are not excluded whole (hashed by v2 and v3).
bool apply_exclusions(const CborValue& list, const std::vector<BoxInfo>& boxes, Bytes file, std::vector<Range>& excl,
                      std::vector<uint64_t>& top_offsets, std::string& detail) {
  for (const BoxInfo& b : boxes) {
    if (b.depth == 0) top_offsets.push_back(b.offset);
  }
  for (const CborValue& e : list.items()) {
    const CborValue* xpath = e.find("xpath");
    if (!xpath || !xpath->is_text()) {
      detail = "a BMFF hash exclusion has no xpath";
      return false;
    }
    for (const BoxInfo& b : boxes) {
      if (b.path != xpath->text()) continue;
      if (const CborValue* len = e.find("length"); len && len->is_uint() && len->raw_uint() != b.size) continue;
      if (const CborValue* ver = e.find("version"); ver && ver->is_uint() && b.full_box && ver->raw_uint() != b.version) continue;
      if (const CborValue* fl = e.find("flags"); fl && fl->is_bytes() && b.full_box) {
        uint32_t want = 0;
        const Bytes fb = fl->bytes();
        for (size_t i = 0; i < 3; ++i) want = want << 8 | (i < fb.size() ? fb[i] : 0);
        const CborValue* exact = e.find("exact");
        const bool is_exact = !(exact && exact->is_bool() && !exact->as_bool());
        if (is_exact ? want != b.flags : (want | b.flags) != want) continue;
      }
      if (const CborValue* data = e.find("data"); data && data->is_array()) {
        bool match = true;
        for (const CborValue& dm : data->items()) {
          const CborValue* off = dm.find("offset");
          const CborValue* val = dm.find("value");
          if (!off || !off->is_uint() || !val || !val->is_bytes()) {
            match = false;
            break;
          }
          const uint64_t at = b.offset + off->raw_uint();
          if (off->raw_uint() > b.size || val->bytes().size() > b.size - off->raw_uint() ||
              !same(file.subspan(static_cast<size_t>(at), val->bytes().size()), val->bytes())) {
            match = false;
            break;
          }
        }
        if (!match) continue;
      }
      if (const CborValue* subset = e.find("subset"); subset && subset->is_array()) {
        for (const CborValue& s : subset->items()) {
          const CborValue* off = s.find("offset");
          const CborValue* len = s.find("length");
          if (!off || !off->is_uint() || !len || !len->is_uint()) continue;
          if (off->raw_uint() > b.size) continue;
          const uint64_t room = b.size - off->raw_uint();
          const uint64_t n = len->raw_uint() == 0 ? room : std::min(len->raw_uint(), room);
          excl.push_back({b.offset + off->raw_uint(), b.offset + off->raw_uint() + n});
        }
      } else {
        excl.push_back({b.offset, b.offset + b.size});
        top_offsets.erase(std::remove(top_offsets.begin(), top_offsets.end(), b.offset), top_offsets.end());
      }
    }
  }
  return true;
}

// Hashes the file minus `excl`; v2/v3 put each remaining top-level box's offset (u64 BE) before its first byte.
std::vector<uint8_t> hash_ranges(HashAlg alg, Bytes file, std::vector<Range> excl, std::vector<uint64_t> offsets,
                                 bool with_offsets, uint64_t end) {
  std::sort(excl.begin(), excl.end(), [](const Range& a, const Range& b) { return a.start < b.start; });
  std::vector<Range> inc;
  uint64_t pos = 0;
  for (const Range& r : excl) {
    if (r.start > pos) inc.push_back({pos, std::min(r.start, end)});
    pos = std::max(pos, r.end);
    if (pos >= end) break;
  }
  if (pos < end) inc.push_back({pos, end});
  std::sort(offsets.begin(), offsets.end());
  Hasher h(alg);
  size_t next = 0;
  for (const Range& r : inc) {
    uint64_t at = r.start;
    if (with_offsets) {
      // Offsets of boxes that start before this range and whose first bytes were excluded are not hashed
      // (c2pa-rs keeps an offset only when the byte after it is hashed).
      while (next < offsets.size() && offsets[next] < r.start) {
        if (offsets[next] + 1 >= r.start && offsets[next] + 1 < r.end) {
          uint8_t be[8];
          for (int i = 0; i < 8; ++i) be[i] = static_cast<uint8_t>(offsets[next] >> (56 - 8 * i));
          h.update(Bytes(be, 8));
        }
        ++next;
      }
      while (next < offsets.size() && offsets[next] < r.end) {
        const uint64_t o = offsets[next++];
        h.update(file.subspan(static_cast<size_t>(at), static_cast<size_t>(o - at)));
        uint8_t be[8];
        for (int i = 0; i < 8; ++i) be[i] = static_cast<uint8_t>(o >> (56 - 8 * i));
        h.update(Bytes(be, 8));
        at = o;
      }
    }
    h.update(file.subspan(static_cast<size_t>(at), static_cast<size_t>(r.end - at)));
  }
  return h.finish();
}

}  // namespace

BindingResult check_bmff_hash(const CborValue& a, int version, Bytes file, HashAlg claim_alg, const Limits& limits) {
  BindingResult r;
  HashAlg alg = claim_alg;
  if (const CborValue* name = a.find("alg"); name && name->is_text() && !hash_alg_from_name(name->text(), alg)) {
    r.detail = "the hash algorithm \"" + std::string(name->text()) + "\" is not supported";
    return r;
  }
  if (a.find("url")) {
    r.detail = "the BMFF hash refers to an external file";
    return r;
  }
  std::vector<BoxInfo> boxes;
  BmffBudget budget(limits);
  if (Status st = walk_level(budget, boxes, file, 0, file.size(), "", 0); !st.is_ok()) {
    r.detail = "the MP4 box structure could not be read for the BMFF hash: " + st.message();
    return r;
  }
  std::vector<Range> excl;
  std::vector<uint64_t> offsets;
  const CborValue* list = a.find("exclusions");
  if (list && list->is_array() && !apply_exclusions(*list, boxes, file, excl, offsets, r.detail)) {
    r.state = BindingResult::State::kMismatch;
    return r;
  }
  if (!list) {
    for (const BoxInfo& b : boxes) {
      if (b.depth == 0) offsets.push_back(b.offset);
    }
  }
  const bool with_offsets = version >= 2;
  auto mismatch = [&](std::string why) {
    r.state = BindingResult::State::kMismatch;
    r.detail = std::move(why);
    return r;
  };
  bool checked = false;
  if (const CborValue* hash = a.find("hash"); hash && hash->is_bytes()) {
    const auto got = hash_ranges(alg, file, excl, offsets, with_offsets, file.size());
    if (!same(got, hash->bytes())) return mismatch("the file's boxes do not match the BMFF hash in the manifest: it was changed after signing");
    checked = true;
  }
  if (const CborValue* merkle = a.find("merkle"); merkle && merkle->is_array()) {
    uint64_t first_moof = file.size();
    for (const BoxInfo& b : boxes) {
      if (b.depth == 0 && b.path == "/moof") {
        first_moof = b.offset;
        break;
      }
    }
    for (const CborValue& mm : merkle->items()) {
      HashAlg malg = alg;
      if (const CborValue* n = mm.find("alg"); n && n->is_text() && !hash_alg_from_name(n->text(), malg)) continue;
      const CborValue* init = mm.find("initHash");
      if (!init || !init->is_bytes()) continue;
      // The initialization segment: everything before the first fragment (the whole file for a lone init segment).
      std::vector<Range> init_excl = excl;
      if (first_moof < file.size()) init_excl.push_back({first_moof, file.size()});
      const auto got = hash_ranges(malg, file, init_excl, offsets, with_offsets, file.size());
      if (!same(got, init->bytes())) return mismatch("the initialization segment does not match its hash in the manifest: it was changed after signing");
      checked = true;
    }
    r.note = first_moof < file.size()
                 ? "the media fragments' Merkle hashes were not checked, only the initialization segment"
                 : "this is an initialization segment: the media segments it introduces are separate files and were not checked";
  }
  if (!checked) {
    r.detail = "the BMFF hash carries only Merkle-tree hashes of media chunks, which dsmark does not check yet";
    return r;
  }
  r.state = BindingResult::State::kMatch;
  return r;
}

}  // namespace dsmark::c2pa
