#include "container/vorbis_comment.h"

#include <string>

#include "util/text_encoding.h"

namespace dsmark {

Status add_vorbis_comments(Bytes block, std::string_view prefix, Inventory& inv) {
  ByteReader r(block);
  uint32_t vendor_len = 0, count = 0;
  Bytes vendor;
  if (!r.u32le(vendor_len) || !r.bytes(vendor_len, vendor) || !r.u32le(count)) {
    return Status::truncated("a Vorbis comment block ends inside its header");
  }
  auto utf8 = [](std::string_view s) { return is_valid_utf8(s) ? std::string(s) : latin1_to_utf8(s); };
  if (!vendor.empty()) {
    Status st = inv.add_text(std::string(prefix) + ":vendor", "vendor", utf8(as_chars(vendor)));
    if (st.code() == StatusCode::kLimit) return st;
  }
  if (count > inv.limits().max_boxes) return Status::limit("a Vorbis comment block has more comments than the limit");
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t len = 0;
    Bytes c;
    if (!r.u32le(len) || !r.bytes(len, c)) return Status::truncated("a Vorbis comment block ends inside a comment");
    const std::string_view text = as_chars(c);
    const size_t eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;  // not KEY=value
    const std::string key(text.substr(0, eq));
    std::string upper = key;
    for (char& ch : upper) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
    if (upper == "METADATA_BLOCK_PICTURE" || upper == "COVERART") continue;
    Status st = inv.add_text(std::string(prefix) + ":" + key, key, utf8(text.substr(eq + 1)));
    if (st.code() == StatusCode::kLimit) return st;
    if (!st.is_ok()) inv.warn(st.message());
  }
  return Status::ok();
}

}  // namespace dsmark
