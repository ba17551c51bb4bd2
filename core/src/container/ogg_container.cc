// Ogg files (.ogg, .oga, .opus, .ogv): the comment header of every logical stream — Vorbis ("\x03vorbis"),
// Opus ("OpusTags"), FLAC in Ogg (VORBIS_COMMENT block), Speex, Theora ("\x81theora"). Pages after a stream's
// comment header are only skipped (their headers read), so long files cost little.
#include <map>
#include <string>

#include "container/ogg_pages.h"
#include "container/vorbis_comment.h"
#include "container/walkers.h"
#include "util/byte_reader.h"
#include "format/sniff.h"

namespace dsmark {
namespace {

enum class Codec { kUnknown, kVorbis, kOpus, kFlac, kSpeex, kTheora };

struct Stream {
  explicit Stream(uint64_t max_packet) : packets(max_packet) {}
  OggPacketAssembler packets;
  Codec codec = Codec::kUnknown;
  bool done = false;
};

bool starts(Bytes b, std::string_view magic) { return b.size() >= magic.size() && as_chars(b.first(magic.size())) == magic; }

}  // namespace

Status walk_ogg(std::span<const uint8_t> file, Inventory& inv) {
  const std::string prefix(format_name(sniff_format(file)));
  OggPageReader reader(file);
  std::map<uint32_t, Stream> streams;
  uint32_t pages_read = 0;
  Status stop = Status::ok();
  while (stop.is_ok()) {
    OggPage page;
    bool done = false;
    Status st = reader.next(page, done);
    if (!st.is_ok()) {
      if (streams.empty()) return st;
      inv.warn(st.message());
      break;
    }
    if (done) break;
    auto it = streams.find(page.serial);
    if (it == streams.end()) {
      if (!page.first()) continue;  // a stream whose first page is missing: its headers cannot be read
      if (streams.size() >= 64) return Status::limit("the Ogg file has more logical streams than the limit of 64");
      it = streams.emplace(page.serial, Stream(inv.limits().max_inflated_bytes)).first;
    }
    Stream& s = it->second;
    if (s.done) continue;
    if (++pages_read > inv.limits().max_boxes) return Status::limit("the Ogg headers span more pages than the limit");
    // Unfinished header packets of every stream together stay within the metadata budget.
    uint64_t held = 0;
    for (const auto& [serial, other] : streams) held += other.packets.pending();
    if (held > inv.limits().max_metadata_bytes) {
      return Status::limit("the Ogg header packets are larger than the limit of " +
                           std::to_string(inv.limits().max_metadata_bytes) + " bytes");
    }
    s.packets.feed(page, [&](Bytes packet, bool oversize) {
      const uint64_t n = s.packets.packets();
      if (oversize) {
        inv.warn("an Ogg header packet is larger than dsmark reads; its stream's comments were not read");
        s.done = true;
        return false;
      }
      auto comments = [&](Bytes block, const std::string& carrier) {
        Status c = add_vorbis_comments(block, prefix + ":" + carrier, inv);
        if (c.code() == StatusCode::kLimit) stop = c;
        else if (!c.is_ok()) inv.warn(c.message());
        s.done = true;
      };
      if (n == 1) {
        if (starts(packet, "\x01vorbis")) s.codec = Codec::kVorbis;
        else if (starts(packet, "OpusHead")) s.codec = Codec::kOpus;
        else if (starts(packet, "\x7F" "FLAC")) s.codec = Codec::kFlac;
        else if (starts(packet, "Speex   ")) s.codec = Codec::kSpeex;
        else if (starts(packet, "\x80theora")) s.codec = Codec::kTheora;
        else s.done = true;  // a codec without comment headers dsmark knows
        return !s.done;
      }
      switch (s.codec) {
        case Codec::kVorbis:
          if (starts(packet, "\x03vorbis")) comments(packet.subspan(7), "VorbisComment");
          else s.done = true;
          break;
        case Codec::kOpus:
          if (starts(packet, "OpusTags")) comments(packet.subspan(8), "OpusTags");
          else s.done = true;
          break;
        case Codec::kTheora:
          if (starts(packet, "\x81theora")) comments(packet.subspan(7), "TheoraComment");
          else s.done = true;
          break;
        case Codec::kSpeex:
          comments(packet, "SpeexComment");
          break;
        case Codec::kFlac:
          // After the mapping header, each packet is one metadata block with its 4-byte header.
          if (!packet.empty() && (packet[0] & 0x7F) == 4 && packet.size() >= 4) comments(packet.subspan(4), "FLAC:VORBIS_COMMENT");
          else if (packet.empty() || (packet[0] & 0x80) || n > 64) s.done = true;
          break;
        case Codec::kUnknown:
          s.done = true;
          break;
      }
      return !s.done;
    });
  }
  DSMARK_RETURN_IF_ERROR(stop);
  if (streams.empty()) return Status::malformed("no Ogg stream starts in this file");
  if (reader.skipped() > 0) {
    inv.warn(std::to_string(reader.skipped()) + " bytes between Ogg pages are not part of any page");
  }
  return Status::ok();
}

}  // namespace dsmark
