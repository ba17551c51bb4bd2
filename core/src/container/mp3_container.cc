// MP3 files: ID3v2 tags at the start (sometimes several in a row), an ID3v2.4 tag with a footer at the end, and
// the ID3v1 tag in the last 128 bytes. The MPEG audio frames themselves carry no metadata and are not walked.
#include <string>

#include "container/id3v2.h"
#include "container/walkers.h"
#include "util/byte_reader.h"
#include "util/text_encoding.h"

namespace dsmark {

Status walk_mp3(std::span<const uint8_t> file, Inventory& inv) {
  size_t pos = 0;
  Status result = Status::ok();
  for (int tags = 0; tags < 8 && pos + 10 <= file.size() && as_chars(file.subspan(pos, 3)) == "ID3"; ++tags) {
    size_t size = 0;
    Status st = read_id3v2(file.subspan(pos), "mp3", inv, size);
    if (st.code() == StatusCode::kLimit) return st;
    if (!st.is_ok()) {
      // A cut tag still gave its frames; a malformed one is reported and the rest of the file is still read.
      if (st.code() == StatusCode::kTruncated) result = st;
      else inv.warn(st.message());
    }
    if (size == 0) break;
    pos += size;
  }
  // ID3v1: "TAG" + title, artist, album (30 bytes each), year (4), comment (30), genre (1).
  size_t end = file.size();
  if (file.size() >= 128 && as_chars(file.subspan(file.size() - 128, 3)) == "TAG") {
    const std::string_view comment = as_chars(file.subspan(file.size() - 128 + 97, 30));
    std::string text(comment.substr(0, comment.find('\0')));
    while (!text.empty() && text.back() == ' ') text.pop_back();
    if (!text.empty()) {
      Status st = inv.add_text("mp3:ID3v1:Comment", "Comment", is_valid_utf8(text) ? text : latin1_to_utf8(text));
      if (st.code() == StatusCode::kLimit) return st;
    }
    end -= 128;
  }
  // An ID3v2.4 tag appended at the end ends with the footer "3DI".
  if (end >= 20 && end > pos && as_chars(file.subspan(end - 10, 3)) == "3DI") {
    const Bytes footer = file.subspan(end - 10, 10);
    if (!((footer[6] | footer[7] | footer[8] | footer[9]) & 0x80)) {
      const uint64_t body = uint64_t{footer[6] & 0x7Fu} << 21 | uint64_t{footer[7] & 0x7Fu} << 14 |
                            uint64_t{footer[8] & 0x7Fu} << 7 | (footer[9] & 0x7Fu);
      if (body + 20 <= end && end - body - 20 >= pos) {
        size_t size = 0;
        Status st = read_id3v2(file.subspan(end - body - 20, body + 20), "mp3", inv, size);
        if (st.code() == StatusCode::kLimit) return st;
        if (!st.is_ok()) inv.warn(st.message());
      }
    }
  }
  return result;
}

}  // namespace dsmark
