#include "c2pa/manifest.h"

#include <brotli/decode.h>

namespace dsmark::c2pa {
namespace {

constexpr size_t kMaxManifests = 256;

Result<std::vector<uint8_t>> brotli_decompress(Bytes in, uint64_t cap) {
  BrotliDecoderState* s = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (!s) return Status::limit("out of memory for a compressed manifest");
  std::vector<uint8_t> out;
  size_t avail_in = in.size();
  const uint8_t* next_in = in.data();
  uint8_t buf[16384];
  BrotliDecoderResult rc;
  do {
    size_t avail_out = sizeof buf;
    uint8_t* next_out = buf;
    rc = BrotliDecoderDecompressStream(s, &avail_in, &next_in, &avail_out, &next_out, nullptr);
    const size_t n = sizeof buf - avail_out;
    if (out.size() + n > cap) {
      BrotliDecoderDestroyInstance(s);
      return Status::limit("a compressed manifest expands beyond the limit of " + std::to_string(cap) + " bytes");
    }
    out.insert(out.end(), buf, buf + n);
  } while (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT);
  BrotliDecoderDestroyInstance(s);
  if (rc != BROTLI_DECODER_RESULT_SUCCESS) return Status::malformed("a compressed manifest is not valid Brotli data");
  return out;
}

void read_manifest(const JumbfSuperbox& box, Manifest& m) {
  m.label = box.label;
  m.box = &box;
  m.update_manifest = box.type == "c2um";
  const JumbfSuperbox* claim = nullptr;
  const JumbfSuperbox* signature = nullptr;
  const JumbfSuperbox* store = nullptr;
  for (const JumbfSuperbox& c : box.children) {
    if (c.type == "c2cl" || c.label == "c2pa.claim" || c.label == "c2pa.claim.v2") {
      if (!claim) claim = &c;
    } else if (c.type == "c2cs" || c.label == "c2pa.signature") {
      if (!signature) signature = &c;
    } else if (c.type == "c2as" || c.label == "c2pa.assertions") {
      if (!store) store = &c;
    }
  }
  if (!claim) {
    m.problems.push_back("the manifest has no claim");
  } else {
    m.claim_version = claim->label == "c2pa.claim.v2" ? 2 : 1;
    const JumbfContent* cbor = claim->first_content();
    if (!cbor || cbor->type != "cbor") {
      m.problems.push_back("the claim is not stored as CBOR");
      m.claim_version = 0;
    } else {
      m.claim_bytes = cbor->payload;
      auto v = decode_cbor(cbor->payload);
      if (!v || !v->is_map()) {
        m.problems.push_back("the claim's CBOR cannot be read" + (v ? std::string() : ": " + v.status().message()));
        m.claim_version = 0;
      } else {
        m.claim = std::move(*v);
        if (m.claim_version == 1 && m.claim.find("created_assertions")) m.claim_version = 2;
      }
    }
  }
  if (!signature) {
    m.problems.push_back("the manifest has no claim signature");
  } else if (const JumbfContent* c = signature->first_content(); c && c->type == "cbor") {
    m.signature_bytes = c->payload;
  } else {
    m.problems.push_back("the claim signature is not stored as CBOR");
  }
  if (store) {
    for (const JumbfSuperbox& a : store->children) {
      Assertion as{a.label, &a, {}, {}};
      if (const JumbfContent* c = a.first_content()) {
        as.content_type = c->type;
        as.data = c->payload;
      }
      m.assertions.push_back(std::move(as));
    }
  }
}

}  // namespace

std::string_view base_label(std::string_view label) {
  const size_t p = label.rfind("__");
  if (p == std::string_view::npos || p + 2 == label.size()) return label;
  for (size_t i = p + 2; i < label.size(); ++i) {
    if (label[i] < '0' || label[i] > '9') return label;
  }
  return label.substr(0, p);
}

const Assertion* Manifest::find(std::string_view wanted, bool exact) const {
  for (const Assertion& a : assertions) {
    if (a.label == wanted || (!exact && base_label(a.label) == wanted)) return &a;
  }
  return nullptr;
}

namespace {

void collect_uris(const CborValue* list, std::vector<HashedUri>& out) {
  if (!list || !list->is_array()) return;
  for (const CborValue& e : list->items()) {
    const CborValue* url = e.find("url");
    const CborValue* hash = e.find("hash");
    if (!url || !url->is_text()) continue;
    HashedUri h{std::string(url->text()), {}, {}};
    if (hash && hash->is_bytes()) h.hash = hash->bytes();
    if (const CborValue* alg = e.find("alg"); alg && alg->is_text()) h.alg = std::string(alg->text());
    out.push_back(std::move(h));
  }
}

}  // namespace

std::vector<HashedUri> Manifest::claimed_assertions() const {
  std::vector<HashedUri> out;
  collect_uris(claim.find("assertions"), out);
  collect_uris(claim.find("created_assertions"), out);
  collect_uris(claim.find("gathered_assertions"), out);
  return out;
}

std::string_view Manifest::claim_text(std::string_view key) const {
  const CborValue* v = claim.find(key);
  return v && v->is_text() ? v->text() : std::string_view{};
}

std::string Manifest::claim_generator() const {
  // v2: claim_generator_info (a map); v1: claim_generator (a string), with claim_generator_info (a list) beside it.
  auto info_text = [](const CborValue& info) {
    std::string s;
    if (const CborValue* n = info.find("name"); n && n->is_text()) s = std::string(n->text());
    if (const CborValue* v = info.find("version"); v && v->is_text() && !s.empty()) s += " " + std::string(v->text());
    return s;
  };
  if (const CborValue* info = claim.find("claim_generator_info")) {
    if (info->is_map()) {
      std::string s = info_text(*info);
      if (!s.empty()) return s;
    }
  }
  std::string_view g = claim_text("claim_generator");
  if (!g.empty()) return std::string(g);
  if (const CborValue* info = claim.find("claim_generator_info"); info && info->is_array() && info->size() > 0) {
    return info_text(info->at(0));
  }
  return {};
}

const std::vector<uint8_t>& ManifestStore::payload_digest(const JumbfSuperbox& box, HashAlg alg) const {
  auto key = std::make_pair(&box, static_cast<int>(alg));
  auto it = digests_.find(key);
  if (it == digests_.end()) it = digests_.emplace(key, digest(alg, box.payload)).first;
  return it->second;
}

const Manifest* ManifestStore::find(std::string_view label) const {
  for (const Manifest& m : manifests) {
    if (m.label == label) return &m;
  }
  return nullptr;
}

const JumbfSuperbox* ManifestStore::resolve(const Manifest& from, std::string_view url, const Manifest** owner) const {
  constexpr std::string_view kPrefix = "self#jumbf=";
  if (url.substr(0, kPrefix.size()) != kPrefix) return nullptr;
  std::string_view path = url.substr(kPrefix.size());
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    const size_t slash = path.find('/');
    std::string_view part = path.substr(0, slash);
    if (!part.empty()) parts.push_back(part);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  const Manifest* m = &from;
  size_t i = 0;
  if (!parts.empty() && parts[0] == "c2pa") {
    if (parts.size() < 2) return nullptr;
    m = find(parts[1]);
    i = 2;
  }
  if (!m || !m->box) return nullptr;
  if (owner) *owner = m;
  const JumbfSuperbox* box = m->box;
  for (; i < parts.size() && box; ++i) box = box->child(parts[i]);
  return box;
}

Status read_manifest_store(Bytes store, const Limits& limits, ManifestStore& out) {
  uint32_t boxes = 0;
  size_t trailing = 0;
  auto root = parse_jumbf(store, limits, boxes, &trailing);
  if (!root) return root.status();
  out.root = std::move(*root);
  if (out.root.type != "c2pa") return Status::malformed("the JUMBF data is not a C2PA manifest store");
  if (trailing > 0) out.problems.push_back("the manifest store is followed by " + std::to_string(trailing) + " stray bytes");
  uint64_t expanded_bytes = 0;
  for (const JumbfSuperbox& child : out.root.children) {
    if (out.manifests.size() >= kMaxManifests) return Status::limit("the manifest store has more manifests than the limit");
    const JumbfSuperbox* box = &child;
    bool compressed = false;
    if (child.type == "c2cm") {
      // A compressed manifest: a `brob` box holding the original box type then Brotli data.
      const JumbfContent* brob = nullptr;
      for (const JumbfContent& c : child.contents) {
        if (c.type == "brob") brob = &c;
      }
      if (!brob || brob->payload.size() < 4) {
        out.problems.push_back("the compressed manifest \"" + child.label + "\" has no Brotli data");
        continue;
      }
      auto plain = brotli_decompress(brob->payload.subspan(4), limits.max_inflated_bytes - expanded_bytes);
      if (!plain) {
        out.problems.push_back("the compressed manifest \"" + child.label + "\" cannot be expanded: " + plain.status().message());
        continue;
      }
      expanded_bytes += plain->size();
      // Rebuild the original box: header + the stored type + the expanded payload.
      auto buf = std::make_unique<std::vector<uint8_t>>();
      const uint64_t total = plain->size() + 8;
      if (total > 0xFFFFFFFFu) {
        out.problems.push_back("the compressed manifest \"" + child.label + "\" is too large");
        continue;
      }
      for (int s = 24; s >= 0; s -= 8) buf->push_back(static_cast<uint8_t>(total >> s));
      buf->insert(buf->end(), brob->payload.begin(), brob->payload.begin() + 4);
      buf->insert(buf->end(), plain->begin(), plain->end());
      auto inner = parse_jumbf(*buf, limits, boxes);
      if (!inner) {
        out.problems.push_back("the compressed manifest \"" + child.label + "\" is malformed: " + inner.status().message());
        continue;
      }
      out.buffers.push_back(std::move(buf));
      out.expanded.push_back(std::make_unique<JumbfSuperbox>(std::move(*inner)));
      box = out.expanded.back().get();
      compressed = true;
    } else if (child.type != "c2ma" && child.type != "c2um") {
      continue;  // not a manifest (C2PA allows other boxes in the store)
    }
    Manifest m;
    read_manifest(*box, m);
    m.compressed = compressed;
    out.manifests.push_back(std::move(m));
  }
  if (out.manifests.empty()) return Status::malformed("the manifest store holds no manifest");
  return Status::ok();
}

}  // namespace dsmark::c2pa
