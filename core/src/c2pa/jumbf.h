// JUMBF (ISO/IEC 19566-5) boxes as C2PA stores them: superboxes `jumb` whose first child is a description box
// `jumd` (type UUID, toggles, label, id, hash, private box), then content boxes (`cbor`, `json`, `bidb`, …) and
// child superboxes. Box sizes are checked against their parent before use (no `size - header` underflow,
// c2pa-rs #2200); nesting depth and the number of boxes are bounded by Limits.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dsmark/limits.h"
#include "dsmark/status.h"
#include "util/byte_reader.h"

namespace dsmark::c2pa {

// A box that is not a superbox: its 4CC and bytes.
struct JumbfContent {
  std::string type;  // "cbor", "json", "bidb", "bfdb", "uuid", "brob", "c2sh", …
  Bytes box;         // header included
  Bytes payload;
};

struct JumbfSuperbox {
  std::array<uint8_t, 16> uuid{};
  std::string type;   // the UUID's first four bytes as text for C2PA's XXXXXXXX-0011-0010-8000-00AA00389B71 types
  uint8_t toggles = 0;
  std::string label;  // empty when the description box has none
  bool has_id = false;
  uint32_t id = 0;
  Bytes box;          // the whole superbox, header included
  Bytes payload;      // after the superbox header: what a C2PA hashed URI hashes
  std::vector<JumbfContent> contents;
  std::vector<JumbfSuperbox> children;

  const JumbfSuperbox* child(std::string_view child_label) const;
  const JumbfContent* first_content() const { return contents.empty() ? nullptr : &contents.front(); }
};

// True when the 16-byte UUID is one of C2PA's JUMBF type UUIDs (4CC + 0011-0010-8000-00AA00389B71).
bool is_c2pa_type_uuid(const std::array<uint8_t, 16>& uuid);

// Parses the superbox at the start of `data`. `boxes` counts boxes against Limits::max_boxes across calls.
// Bytes after the superbox are an error unless `trailing` is given (it then receives their count).
Result<JumbfSuperbox> parse_jumbf(Bytes data, const Limits& limits, uint32_t& boxes, size_t* trailing = nullptr);

// True when `data` starts like a C2PA manifest store: a `jumb` box whose description box has type `c2pa`.
bool looks_like_c2pa_store(Bytes data);

}  // namespace dsmark::c2pa
