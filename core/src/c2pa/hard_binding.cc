#include "c2pa/hard_binding.h"

#include <algorithm>

namespace dsmark::c2pa {
namespace {

bool same(Bytes a, Bytes b) { return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin()); }

bool assertion_alg(const CborValue& a, HashAlg fallback, HashAlg& out, std::string& detail) {
  out = fallback;
  if (const CborValue* alg = a.find("alg"); alg && alg->is_text()) {
    if (!hash_alg_from_name(alg->text(), out)) {
      detail = "the hash algorithm \"" + std::string(alg->text()) + "\" is not supported";
      return false;
    }
  }
  return true;
}

bool get_u64(const CborValue* v, uint64_t& out) {
  if (!v || !v->is_uint()) return false;
  out = v->raw_uint();
  return true;
}

}  // namespace

BindingResult check_data_hash(const CborValue& a, Bytes file, HashAlg claim_alg) {
  BindingResult r;
  HashAlg alg;
  if (!assertion_alg(a, claim_alg, alg, r.detail)) return r;
  const CborValue* hash = a.find("hash");
  if (!hash || !hash->is_bytes()) {
    r.detail = "the data hash assertion has no hash";
    return r;
  }
  if (a.find("url")) {
    r.detail = "the data hash refers to an external file";
    return r;
  }
  std::vector<std::pair<uint64_t, uint64_t>> excl;
  if (const CborValue* list = a.find("exclusions"); list && list->is_array()) {
    for (const CborValue& e : list->items()) {
      uint64_t start = 0, length = 0, end = 0;
      if (!get_u64(e.find("start"), start) || !get_u64(e.find("length"), length) || !checked_add(start, length, end)) {
        r.state = BindingResult::State::kMismatch;
        r.detail = "the data hash has a malformed exclusion range";
        return r;
      }
      if (end > file.size()) {
        r.state = BindingResult::State::kMismatch;
        r.detail = "the data hash excludes bytes " + std::to_string(start) + "–" + std::to_string(end) +
                   " but the file has only " + std::to_string(file.size()) + " bytes";
        return r;
      }
      excl.emplace_back(start, end);
    }
  }
  std::sort(excl.begin(), excl.end());
  Hasher h(alg);
  uint64_t pos = 0;
  for (const auto& [s, e] : excl) {
    if (s > pos) h.update(file.subspan(static_cast<size_t>(pos), static_cast<size_t>(s - pos)));
    pos = std::max(pos, e);
  }
  if (pos < file.size()) h.update(file.subspan(static_cast<size_t>(pos)));
  const std::vector<uint8_t> got = h.finish();
  if (same(got, hash->bytes())) {
    r.state = BindingResult::State::kMatch;
  } else {
    r.state = BindingResult::State::kMismatch;
    r.detail = "the file's content does not match the data hash in the manifest: it was changed after signing";
  }
  return r;
}

std::vector<BoxUnit> c2pa_box_map(Format format, Bytes file, const std::vector<LayoutUnit>& layout) {
  std::vector<BoxUnit> out;
  if (format == Format::kJpeg) {
    // The APP11 segments of the C2PA store (first: JUMBF type "c2pa" at content bytes 24..28; then the
    // continuations with the same En) form one "C2PA" unit, as c2pa-rs's JPEG box map does.
    bool in_c2pa = false;
    uint16_t c2pa_en = 0;
    for (const LayoutUnit& u : layout) {
      if (u.name == "APP11" && u.offset + 4 <= file.size() && u.length >= 4) {
        const Bytes content = file.subspan(static_cast<size_t>(u.offset + 4),
                                           static_cast<size_t>(std::min<uint64_t>(u.length - 4, file.size() - u.offset - 4)));
        if (content.size() > 16 && content[0] == 'J' && content[1] == 'P') {
          const uint16_t en = load_u16be(content.data() + 2);
          if (in_c2pa && en == c2pa_en && !out.empty()) {
            out.back().length = u.offset + u.length - out.back().offset;
            continue;
          }
          if (content.size() >= 28 && as_chars(content.subspan(24, 4)) == "c2pa") {
            in_c2pa = true;
            c2pa_en = en;
            out.push_back({"C2PA", u.offset, u.length});
            continue;
          }
        }
      }
      in_c2pa = false;
      out.push_back({u.name, u.offset, u.length});
    }
    return out;
  }
  for (const LayoutUnit& u : layout) {
    std::string name = u.name;
    if (format == Format::kPng && name == "signature") name = "PNGh";
    if (format == Format::kPng && name == "caBX") name = "C2PA";
    out.push_back({std::move(name), u.offset, u.length});
  }
  return out;
}

BindingResult check_box_hash(const CborValue& a, const std::vector<BoxUnit>& boxes, Bytes file, HashAlg claim_alg) {
  BindingResult r;
  HashAlg top_alg;
  if (!assertion_alg(a, claim_alg, top_alg, r.detail)) return r;
  const CborValue* list = a.find("boxes");
  if (!list || !list->is_array() || list->size() == 0) {
    r.state = BindingResult::State::kMismatch;
    r.detail = "the box hash assertion lists no boxes";
    return r;
  }
  if (boxes.empty()) {
    r.detail = "dsmark has no box map for this format";
    return r;
  }
  auto mismatch = [&](std::string why) {
    r.state = BindingResult::State::kMismatch;
    r.detail = std::move(why);
    return r;
  };
  size_t src = 0;
  // A PNG box map starts with the signature "PNGh"; writers may leave it out of the assertion.
  if (boxes[0].name == "PNGh") {
    const CborValue* first = list->at(0).find("names");
    if (first && first->is_array() && first->size() > 0 && first->at(0).is_text() && first->at(0).text() != "PNGh") src = 1;
  }
  for (const CborValue& bm : list->items()) {
    const CborValue* names = bm.find("names");
    const CborValue* hash = bm.find("hash");
    if (!names || !names->is_array() || names->size() == 0) return mismatch("a box hash entry has no box names");
    uint64_t start = 0, end = 0;
    bool c2pa = false;
    for (size_t i = 0; i < names->size(); ++i) {
      const CborValue& n = names->at(i);
      if (src >= boxes.size() || !n.is_text() || n.text() != boxes[src].name) {
        return mismatch("the box hash names \"" + std::string(n.is_text() ? n.text() : "?") +
                        "\" where the file has " +
                        (src < boxes.size() ? "\"" + boxes[src].name + "\"" : "no more boxes") +
                        ": the file's structure changed after signing");
      }
      if (i == 0) start = boxes[src].offset;
      end = boxes[src].offset + boxes[src].length;
      if (boxes[src].name == "C2PA") c2pa = true;
      ++src;
    }
    if (c2pa && names->size() != 1) return mismatch("the box hash groups the C2PA store with other boxes");
    const CborValue* excluded = bm.find("excluded");
    if (c2pa || (excluded && excluded->is_bool() && excluded->as_bool())) continue;
    if (bm.find("exclusions")) {
      r.detail = "the box hash uses sub-box exclusions, which dsmark does not check";
      r.state = BindingResult::State::kNotChecked;
      return r;
    }
    HashAlg alg = top_alg;
    if (!assertion_alg(bm, top_alg, alg, r.detail)) return r;
    if (!hash || !hash->is_bytes()) return mismatch("a box hash entry has no hash");
    if (end > file.size() || start > end) return mismatch("a box named in the box hash lies outside the file");
    const std::vector<uint8_t> got = digest(alg, file.subspan(static_cast<size_t>(start), static_cast<size_t>(end - start)));
    if (!same(got, hash->bytes())) {
      return mismatch("the boxes " + std::string(names->at(0).text()) + (names->size() > 1 ? "…" : "") +
                      " do not match their hash in the manifest: the file was changed after signing");
    }
  }
  r.state = BindingResult::State::kMatch;
  return r;
}

}  // namespace dsmark::c2pa
