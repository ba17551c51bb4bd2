// EBML (RFC 8794), the element structure of Matroska and WebM: a bounded, reusable reader of the elements of
// one level. Variable-length integers for IDs (1–4 bytes, marker bit kept, as the specifications write IDs) and
// sizes (1–8 bytes, marker removed), unknown sizes (all value bits set), and a count/depth budget shared by
// every reader of one file. The Matroska metadata walker and the audio decoders (Opus in WebM) sit on top.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "dsmark/limits.h"
#include "dsmark/status.h"
#include "container/unit_budget.h"
#include "util/byte_reader.h"

namespace dsmark {

struct EbmlElement {
  uint32_t id = 0;           // e.g. 0x1A45DFA3 (EBML), 0x18538067 (Segment)
  uint64_t offset = 0;       // of the ID in the file
  uint32_t header_size = 0;  // ID + size bytes
  bool unknown_size = false; // the size field had every value bit set: the element ends where its parent's
                             // level resumes (close_unknown() measures it)
  bool truncated = false;    // the element claims more bytes than its parent holds (payload clipped)
  Bytes payload;

  uint64_t payload_offset() const { return offset + header_size; }  // where the payload starts in the file
};

// Counts elements across every reader of one file against Limits::max_boxes and max_box_depth.
struct EbmlBudget : UnitBudget {
  explicit EbmlBudget(const Limits& l) : UnitBudget(l, "EBML elements") {}
};

class EbmlReader {
 public:
  EbmlReader(Bytes data, uint64_t base, uint32_t depth, EbmlBudget& budget)
      : r_(data), base_(base), depth_(depth), budget_(budget) {}

  // Reads the next element of this level: ok with `done` at the end of the level; a non-ok Status when the
  // bytes are not EBML (an invalid ID or size length), a header is cut, or a limit is reached.
  Status next(EbmlElement& e, bool& done);

  // For an element read with unknown_size: walks its children until one whose ID is in `ends` (an ID of the
  // parent's level: a sibling or a parent) or the end of the data, sets its payload to what it really
  // holds, and continues this reader after it. Children with unknown sizes inside are refused.
  Status close_unknown(EbmlElement& e, std::span<const uint32_t> ends);

  uint32_t depth() const { return depth_; }

 private:
  ByteReader r_;
  uint64_t base_;
  uint32_t depth_;
  EbmlBudget& budget_;
};

// Element values (RFC 8794 §7): unsigned and signed (two's complement) integers of 0–8 bytes, floats of 0, 4 or 8
// bytes (big-endian IEEE 754; 0 bytes: 0), strings trimmed at the first NUL.
bool ebml_uint(Bytes payload, uint64_t& out);
bool ebml_sint(Bytes payload, int64_t& out);
bool ebml_float(Bytes payload, double& out);
std::string ebml_string(Bytes payload);

// Matroska's top-level element IDs (RFC 9559 §5.1), shared by every reader of Matroska/WebM files.
namespace matroska {
inline constexpr uint32_t kEbmlHeader = 0x1A45DFA3, kSegment = 0x18538067;
inline constexpr uint32_t kSeekHead = 0x114D9B74, kInfo = 0x1549A966, kTracks = 0x1654AE6B,
                          kChapters = 0x1043A770, kCluster = 0x1F43B675, kCues = 0x1C53BB6B,
                          kAttachments = 0x1941A469, kTags = 0x1254C367;
// IDs that end an unknown-size element at Segment level: the other top-level elements (for close_unknown).
inline constexpr uint32_t kSegmentLevel[] = {kSeekHead, kInfo,        kTracks, kChapters,   kCluster,
                                             kCues,     kAttachments, kTags,   kEbmlHeader, kSegment};
}  // namespace matroska

}  // namespace dsmark
