// FLAC (RFC 9639 §8): "fLaC" then metadata blocks; VORBIS_COMMENT (type 4) holds the tags. An ID3v2 tag in
// front of "fLaC" (written by some taggers, and the C2PA carrier of FLAC) is read too.
#include <string>

#include "container/id3v2.h"
#include "container/vorbis_comment.h"
#include "container/walkers.h"
#include "util/byte_reader.h"

namespace dsmark {

Status walk_flac(std::span<const uint8_t> file, Inventory& inv) {
  size_t pos = 0;
  for (int tags = 0; tags < 8 && pos + 10 <= file.size() && as_chars(file.subspan(pos, 3)) == "ID3"; ++tags) {
    size_t size = 0;
    Status st = read_id3v2(file.subspan(pos), "flac", inv, size);
    if (st.code() == StatusCode::kLimit) return st;
    if (!st.is_ok()) inv.warn(st.message());
    if (size == 0) break;
    pos += size;
  }
  ByteReader r(file);
  if (!r.seek(pos) || !r.expect("fLaC")) return Status::malformed("not a FLAC stream (no fLaC marker)");
  for (uint32_t blocks = 0;; ++blocks) {
    if (blocks > inv.limits().max_boxes) return Status::limit("the FLAC file has more metadata blocks than the limit");
    uint8_t header = 0;
    uint32_t length = 0;
    Bytes body;
    if (!r.u8(header) || !r.u24be(length)) return Status::truncated("the FLAC file ends inside a metadata block header");
    const uint8_t type = header & 0x7F;
    if (type == 127) return Status::malformed("invalid FLAC metadata block type 127");
    if (!r.bytes(length, body)) return Status::truncated("the FLAC file ends inside a metadata block");
    if (type == 4) {
      Status st = add_vorbis_comments(body, "flac:VORBIS_COMMENT", inv);
      if (st.code() == StatusCode::kLimit) return st;
      if (!st.is_ok()) inv.warn(st.message());
    }
    if (header & 0x80) return Status::ok();  // last metadata block
  }
}

}  // namespace dsmark
