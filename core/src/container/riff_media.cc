// WAV and AVI (RIFF): LIST/INFO text chunks (INAM, ICMT, ISFT, … and a chunk named AIGC), a top-level chunk
// named AIGC (the WAV carrier of GB 45438), the `id3 ` chunk (an ID3v2 tag), `_PMX` (XMP), `bext` (Broadcast
// Wave description and originator) and `C2PA` (the manifest store). Only top-level LISTs are entered: AVI `movi`
// holds every frame, and INFO chunks do not nest (riff_bomb_1000.wav nests a thousand of them).
#include <string>

#include "container/id3v2.h"
#include "container/riff_chunks.h"
#include "container/walkers.h"
#include "util/byte_reader.h"
#include "util/text_encoding.h"

namespace dsmark {
namespace {

std::string chunk_text(Bytes data) {
  std::string_view s = as_chars(data);
  const size_t nul = s.find('\0');
  if (nul != std::string_view::npos) s = s.substr(0, nul);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return is_valid_utf8(s) ? std::string(s) : latin1_to_utf8(s);
}

bool is_aigc(std::string_view id) {
  if (id.size() != 4) return false;
  std::string up(id);
  for (char& c : up) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return up == "AIGC";
}

Status walk_riff_media(std::span<const uint8_t> file, Inventory& inv, std::string_view form, const std::string& prefix) {
  Status stop = Status::ok();
  bool nested_info = false;
  auto keep = [&](Status st) {
    if (st.code() == StatusCode::kLimit) {
      stop = st;
      return false;
    }
    if (!st.is_ok()) inv.warn(st.message());
    return true;
  };
  Status walked = walk_riff(
      file, form, inv.limits(),
      [&](const RiffChunk& c) {
        if (c.depth == 1) {  // only top-level INFO LISTs are entered: these are its text chunks
          if (c.id == "LIST") return true;
          const std::string id(c.id);
          return keep(inv.add_text(prefix + ":LIST-INFO:" + id, id, chunk_text(c.data)));
        }
        if (c.id == "LIST") return true;
        if (is_aigc(c.id)) return keep(inv.add_text(prefix + ":" + std::string(c.id), std::string(c.id), chunk_text(c.data)));
        if (c.id == "_PMX") return keep(inv.add_xmp(prefix + ":_PMX", std::string(as_chars(c.data))));
        if (c.id == "C2PA") {
          return keep(inv.add_blob(BlobKind::kC2pa, prefix + ":C2PA", std::vector<uint8_t>(c.data.begin(), c.data.end())));
        }
        if (c.id == "id3 " || c.id == "ID3 " || c.id == "ID32") {
          size_t size = 0;
          return keep(read_id3v2(c.data, prefix + ":" + std::string(c.id), inv, size));
        }
        if (c.id == "bext" && c.data.size() >= 288) {
          if (!keep(inv.add_text(prefix + ":bext:Description", "Description", chunk_text(c.data.first(256))))) return false;
          return keep(inv.add_text(prefix + ":bext:Originator", "Originator", chunk_text(c.data.subspan(256, 32))));
        }
        return true;
      },
      [&](const RiffChunk& list) {
        if (list.depth != 0) {
          nested_info = true;
          return false;
        }
        return list.list_type == "INFO";
      });
  DSMARK_RETURN_IF_ERROR(stop);
  if (nested_info) inv.warn("a LIST chunk nested inside another LIST was not read");
  return walked;
}

}  // namespace

Status walk_wav(std::span<const uint8_t> file, Inventory& inv) { return walk_riff_media(file, inv, "WAVE", "wav"); }
Status walk_avi(std::span<const uint8_t> file, Inventory& inv) { return walk_riff_media(file, inv, "AVI ", "avi"); }

}  // namespace dsmark
