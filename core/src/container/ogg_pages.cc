#include "container/ogg_pages.h"

#include <array>
#include <string>

namespace dsmark {
namespace {

constexpr std::array<uint32_t, 256> make_crc_table() {
  std::array<uint32_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t r = i << 24;
    for (int k = 0; k < 8; ++k) r = (r & 0x80000000u) ? (r << 1) ^ 0x04C11DB7u : r << 1;
    t[i] = r;
  }
  return t;
}
constexpr std::array<uint32_t, 256> kCrcTable = make_crc_table();

}  // namespace

Status OggPageReader::next(OggPage& page, bool& done) {
  done = false;
  // Find the capture pattern: normally right here, after damage somewhere further on.
  const std::string_view rest = as_chars(r_.rest());
  const size_t at = rest.find("OggS");
  if (at == std::string_view::npos) {
    skipped_ += rest.size();
    (void)r_.skip(rest.size());
    done = true;
    return Status::ok();
  }
  skipped_ += at;
  (void)r_.skip(at);
  const size_t start = r_.offset();
  Bytes header;
  if (!r_.bytes(27, header)) return Status::truncated("the file ends inside an Ogg page header");
  page = OggPage{};
  page.offset = start;
  if (header[4] != 0) {
    return Status::unsupported("Ogg page version " + std::to_string(header[4]) + " at byte " + std::to_string(start));
  }
  page.header_type = header[5];
  page.granule = load_u64le(header.data() + 6);
  page.serial = load_u32le(header.data() + 14);
  page.sequence = load_u32le(header.data() + 18);
  page.crc = load_u32le(header.data() + 22);
  const uint8_t nsegs = header[26];
  if (!r_.bytes(nsegs, page.segments)) return Status::truncated("the file ends inside an Ogg segment table");
  size_t body = 0;
  for (uint8_t s : page.segments) body += s;
  if (!r_.bytes(body, page.body)) return Status::truncated("the file ends inside an Ogg page at byte " + std::to_string(start));
  page.whole = r_.data().subspan(start, r_.offset() - start);
  return Status::ok();
}

bool ogg_page_crc_ok(const OggPage& page) {
  uint32_t crc = 0;
  for (size_t i = 0; i < page.whole.size(); ++i) {
    const uint8_t b = (i >= 22 && i < 26) ? 0 : page.whole[i];
    crc = (crc << 8) ^ kCrcTable[((crc >> 24) ^ b) & 0xFF];
  }
  return crc == page.crc;
}

bool OggPacketAssembler::feed(const OggPage& page, const std::function<bool(Bytes, bool)>& on_packet) {
  if (started_ && page.sequence != next_sequence_) lost_ = true;  // a page is missing
  started_ = true;
  next_sequence_ = page.sequence + 1;
  if (!page.continued() || lost_) {
    // A page that does not continue a packet drops any unfinished one; after a loss, resume at the next packet.
    if (!page.continued()) lost_ = false;
    partial_.clear();
    oversize_ = false;
  }
  size_t pos = 0;
  bool skipping = lost_ && page.continued();
  for (uint8_t lace : page.segments) {
    if (!skipping) {
      if (!oversize_ && partial_.size() + lace <= max_packet_) {
        partial_.insert(partial_.end(), page.body.begin() + static_cast<ptrdiff_t>(pos),
                        page.body.begin() + static_cast<ptrdiff_t>(pos + lace));
      } else {
        oversize_ = true;
      }
    }
    pos += lace;
    if (lace < 255) {
      if (!skipping) {
        ++packets_;
        const bool keep_going = on_packet(Bytes(partial_), oversize_);
        partial_.clear();
        oversize_ = false;
        if (!keep_going) return false;
      }
      skipping = false;
      lost_ = false;
    }
  }
  return true;
}

}  // namespace dsmark
