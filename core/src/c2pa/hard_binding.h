// Hard bindings: the hashes that tie a manifest to the bytes of its asset. c2pa.hash.data (the file minus
// exclusions), c2pa.hash.boxes (named top-level units from Inventory::layout), c2pa.hash.bmff / .v2 / .v3
// (ISO-BMFF box tree with xpath exclusions; bmff_hash.cc).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "c2pa/cbor.h"
#include "c2pa/crypto.h"
#include "container/inventory.h"
#include "dsmark/limits.h"
#include "dsmark/report.h"

namespace dsmark::c2pa {

struct BindingResult {
  enum class State { kMatch, kMismatch, kNotChecked };
  State state = State::kNotChecked;
  std::string detail;  // a plain sentence: what did not match, or why it was not checked
  std::string note;    // something checked only in part (e.g. fragments of a fragmented MP4)
};

BindingResult check_data_hash(const CborValue& assertion, Bytes file, HashAlg claim_alg);

// One unit of the box map C2PA box hashes name (C2PA's names: "SOI", "APP0", "C2PA", "PNGh", "IHDR", …).
struct BoxUnit {
  std::string name;
  uint64_t offset = 0, length = 0;
};
// The box map of a file from its layout: JPEG APP11 segments of the C2PA store merge into one "C2PA" unit, a PNG's
// signature is "PNGh" and its caBX chunk "C2PA".
std::vector<BoxUnit> c2pa_box_map(Format format, Bytes file, const std::vector<LayoutUnit>& layout);

BindingResult check_box_hash(const CborValue& assertion, const std::vector<BoxUnit>& boxes, Bytes file,
                             HashAlg claim_alg);

// `version` 1 for c2pa.hash.bmff, 2 and 3 for .v2/.v3 (top-level box offsets are hashed too).
BindingResult check_bmff_hash(const CborValue& assertion, int version, Bytes file, HashAlg claim_alg,
                              const Limits& limits);

}  // namespace dsmark::c2pa
