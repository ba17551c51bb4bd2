// ISO base media file format boxes (ISO/IEC 14496-12 §4.2): a bounded, reusable iterator over the boxes of one
// level. MP4, MOV (QuickTime atoms), M4A, HEIF/HEIC and AVIF walkers, the C2PA BMFF hash and audio/video
// readers all sit on top of it. It never recurses by itself: callers descend with a child iterator over
// `payload`, passing depth + 1, so nesting is bounded where it happens (nested_moov_1000.mp4).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "dsmark/limits.h"
#include "dsmark/status.h"
#include "container/unit_budget.h"
#include "util/byte_reader.h"

namespace dsmark {

struct BmffBox {
  std::string_view type;              // the 4CC as bytes ("moov", "\xA9too", "uuid", …)
  std::array<uint8_t, 16> uuid{};     // the extended type when type == "uuid"
  uint64_t offset = 0;                // of the box header in the file
  uint64_t size = 0;                  // whole box, header included (as read, clipped to the parent on truncation)
  uint32_t header_size = 0;           // 8, 16 (largesize) or + 16 for uuid
  Bytes payload;                      // the bytes after the header, inside the parent
  bool truncated = false;             // the box claims more bytes than its parent holds
  bool to_end = false;                // size 0: the box extends to the end of its parent

  bool is(std::string_view t) const { return type == t; }
  uint64_t payload_offset() const { return offset + header_size; }  // where the payload starts in the file
  bool uuid_is(const std::array<uint8_t, 16>& u) const { return type == "uuid" && uuid == u; }
};

// Counts boxes across every iterator of one file against Limits::max_boxes and max_box_depth.
struct BmffBudget : UnitBudget {
  explicit BmffBudget(const Limits& l) : UnitBudget(l, "ISO-BMFF boxes") {}
};

class BmffIterator {
 public:
  // `data` holds the boxes of one level; `base` is its offset in the file; `depth` 0 for top-level boxes.
  BmffIterator(Bytes data, uint64_t base, uint32_t depth, BmffBudget& budget)
      : r_(data), base_(base), depth_(depth), budget_(budget) {}

  // Reads the next box. Returns ok with `done` set when the level ends cleanly; a non-ok Status when the
  // structure is broken (a header that does not fit, an impossible size) or a limit is reached. A box whose
  // size runs past the parent is returned with `truncated` (its payload clipped), then the level ends.
  Status next(BmffBox& box, bool& done);

  uint32_t depth() const { return depth_; }

 private:
  ByteReader r_;
  uint64_t base_;
  uint32_t depth_;
  BmffBudget& budget_;
  bool finished_ = false;
};

// FullBox header (version u8, flags u24) at the start of a payload; false when it does not fit.
bool read_full_box_header(ByteReader& r, uint8_t& version, uint32_t& flags);

// A printable name for a 4CC ("\xA9too" → "©too"; other bytes outside printable ASCII as \xNN).
std::string fourcc_name(std::string_view type);

// The uuid as 8-4-4-4-12 lower-case hex.
std::string uuid_string(const std::array<uint8_t, 16>& u);

}  // namespace dsmark
