// Ogg (RFC 3533): a bounded, reusable page reader and a packet assembler per logical stream. The metadata
// walker reads the comment headers of Vorbis, Opus, FLAC, Speex and Theora streams with it; audio decoders can
// take their packets from the same reader.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "dsmark/limits.h"
#include "dsmark/status.h"
#include "util/byte_reader.h"

namespace dsmark {

struct OggPage {
  uint64_t offset = 0;       // of "OggS" in the file
  uint8_t header_type = 0;   // 0x01 continued packet, 0x02 first page of a stream, 0x04 last page
  uint64_t granule = 0;
  uint32_t serial = 0;
  uint32_t sequence = 0;
  uint32_t crc = 0;          // as stored
  Bytes segments;            // the lacing values
  Bytes body;
  Bytes whole;               // header + segment table + body (for the CRC)

  bool continued() const { return header_type & 0x01; }
  bool first() const { return header_type & 0x02; }
  bool last() const { return header_type & 0x04; }
};

class OggPageReader {
 public:
  explicit OggPageReader(Bytes file) : r_(file) {}

  // The next page. ok with `done` at the end of the data; bytes between pages (junk, a cut page) are skipped
  // to the next "OggS" and counted in skipped(). A page cut by the end of the file gives kTruncated.
  Status next(OggPage& page, bool& done);

  uint64_t skipped() const { return skipped_; }

 private:
  ByteReader r_;
  uint64_t skipped_ = 0;
};

// The page's CRC-32 (polynomial 0x04C11DB7, computed with the CRC field as zero) matches the stored one.
bool ogg_page_crc_ok(const OggPage& page);

// Joins the segments of one logical stream's pages into packets (a lacing value below 255 ends a packet).
class OggPacketAssembler {
 public:
  // `max_packet`: a packet growing past this is dropped (and reported through `on_packet` with oversize).
  explicit OggPacketAssembler(uint64_t max_packet) : max_packet_(max_packet) {}

  // Feeds one page of this stream; calls on_packet(packet, oversize) for each packet it completes. Returns
  // false when on_packet asked to stop.
  bool feed(const OggPage& page, const std::function<bool(Bytes packet, bool oversize)>& on_packet);

  uint64_t packets() const { return packets_; }
  // Bytes held for a packet not finished yet (callers bound the sum over their streams).
  size_t pending() const { return partial_.size(); }

 private:
  std::vector<uint8_t> partial_;
  bool oversize_ = false;
  bool lost_ = false;  // a page was missing: the partial packet is not usable
  uint64_t max_packet_;
  uint64_t packets_ = 0;
  uint32_t next_sequence_ = 0;
  bool started_ = false;
};

}  // namespace dsmark
