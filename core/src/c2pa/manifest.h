// A C2PA manifest store read into manifests: each manifest's claim (v1 `c2pa.claim` or v2 `c2pa.claim.v2`, CBOR),
// its assertions by label, and its claim signature. Compressed manifests (`c2cm`, Brotli `brob`) are expanded
// under Limits::max_inflated_bytes. The active manifest is the last one in the store.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "c2pa/cbor.h"
#include "c2pa/crypto.h"
#include "c2pa/jumbf.h"
#include "dsmark/limits.h"
#include "dsmark/status.h"

namespace dsmark::c2pa {

struct Assertion {
  std::string label;           // as stored, e.g. "c2pa.actions.v2" or "c2pa.ingredient__1"
  const JumbfSuperbox* box = nullptr;
  std::string content_type;    // "cbor", "json", "bidb" (thumbnail bytes), …
  Bytes data;                  // the content box's payload
};

// A hashed URI (C2PA §8.3): where, and the hash of the referenced box's payload.
struct HashedUri {
  std::string url;
  Bytes hash;
  std::string alg;  // empty: the claim's alg
};

struct Manifest {
  std::string label;
  const JumbfSuperbox* box = nullptr;
  bool update_manifest = false;  // `c2um`: no hard binding of its own
  bool compressed = false;       // read from a `c2cm` box
  int claim_version = 0;         // 1 or 2; 0 when the claim is missing or unreadable
  Bytes claim_bytes;
  CborValue claim;
  Bytes signature_bytes;         // the COSE_Sign1 CBOR
  std::vector<Assertion> assertions;
  std::vector<std::string> problems;  // structural findings (missing claim, unreadable CBOR, …)

  // The assertion with this label, ignoring an instance suffix "__N" when `exact` is false.
  const Assertion* find(std::string_view label, bool exact = false) const;
  // Hashed URIs of the claim's assertions (v1 `assertions`, v2 `created_assertions` + `gathered_assertions`).
  std::vector<HashedUri> claimed_assertions() const;
  // Claim strings.
  std::string_view claim_text(std::string_view key) const;
  std::string claim_generator() const;  // "ChatGPT", "make_test_images 0.33.1", …
};

struct ManifestStore {
  JumbfSuperbox root;
  std::vector<Manifest> manifests;
  std::vector<std::string> problems;

  const Manifest* active() const { return manifests.empty() ? nullptr : &manifests.back(); }
  const Manifest* find(std::string_view label) const;

  // Resolves "self#jumbf=…" relative to `from`: "c2pa.assertions/x" inside it, "/c2pa/<manifest>/…" or
  // "c2pa/<manifest>/…" from the store. `owner` receives the manifest the box belongs to.
  const JumbfSuperbox* resolve(const Manifest& from, std::string_view url, const Manifest** owner = nullptr) const;

  // The digest of a box's payload, computed once per box and algorithm however often it is referenced (a hostile
  // store can point many ingredients at one large manifest).
  const std::vector<uint8_t>& payload_digest(const JumbfSuperbox& box, HashAlg alg) const;

  // Owned storage for expanded (decompressed) manifests; boxes above may point into it.
  std::vector<std::unique_ptr<std::vector<uint8_t>>> buffers;
  std::vector<std::unique_ptr<JumbfSuperbox>> expanded;

 private:
  mutable std::map<std::pair<const JumbfSuperbox*, int>, std::vector<uint8_t>> digests_;
};

// Reads a manifest store. A store whose structure is broken yields an error; problems inside one manifest are
// recorded on it and the others are still read. `out` must not move afterwards (manifests point into it).
Status read_manifest_store(Bytes store, const Limits& limits, ManifestStore& out);

// "c2pa.actions__2" → "c2pa.actions".
std::string_view base_label(std::string_view label);

}  // namespace dsmark::c2pa
