// PNG: chunks (PNG spec §5), CRC-checked where read; tEXt/zTXt/iTXt (§11.3.4), eXIf, caBX.
#include <zlib.h>

#include <string>

#include "container/walkers.h"
#include "util/byte_reader.h"
#include "util/inflate.h"
#include "util/text_encoding.h"

namespace dsmark {
namespace {

constexpr std::string_view kXmpKeyword = "XML:com.adobe.xmp";

// A text chunk's keyword and UTF-8 text, or a Status saying why it could not be read.
struct TextChunk {
  std::string keyword;
  std::string text;
};

Result<TextChunk> read_text_chunk(std::string_view type, Bytes data, const Limits& limits) {
  ByteReader r(data);
  std::string_view keyword;
  if (!r.cstring(keyword, 80)) return Status::malformed("a PNG " + std::string(type) + " chunk has no keyword");
  TextChunk out{latin1_to_utf8(keyword), {}};
  // tEXt/zTXt are Latin-1 by the spec, but generators (Midjourney, A1111) write UTF-8: keep valid UTF-8 as is.
  auto text_of = [](std::string_view s) { return is_valid_utf8(s) ? std::string(s) : latin1_to_utf8(s); };
  if (type == "tEXt") {
    out.text = text_of(as_chars(r.rest()));
    return out;
  }
  if (type == "zTXt") {
    uint8_t method = 0;
    if (!r.u8(method)) return Status::truncated("a PNG zTXt chunk ends early");
    if (method != 0) return Status::unsupported("a PNG zTXt chunk uses an unknown compression method");
    auto inflated = inflate_capped(r.rest(), limits.max_inflated_bytes);
    if (!inflated) return inflated.status();
    out.text = text_of(as_chars(*inflated));
    return out;
  }
  // iTXt: keyword, compression flag, method, language tag, translated keyword, UTF-8 text.
  uint8_t compressed = 0, method = 0;
  std::string_view language, translated;
  if (!r.u8(compressed) || !r.u8(method) || !r.cstring(language) || !r.cstring(translated)) {
    return Status::truncated("a PNG iTXt chunk ends inside its header");
  }
  if (compressed) {
    if (method != 0) return Status::unsupported("a PNG iTXt chunk uses an unknown compression method");
    auto inflated = inflate_capped(r.rest(), limits.max_inflated_bytes);
    if (!inflated) return inflated.status();
    out.text.assign(inflated->begin(), inflated->end());
  } else {
    out.text = std::string(as_chars(r.rest()));
  }
  return out;
}

}  // namespace

Status walk_png(std::span<const uint8_t> file, Inventory& inv) {
  ByteReader r(file);
  if (!r.expect("\x89PNG\r\n\x1A\n")) return Status::malformed("not a PNG file (bad signature)");
  inv.add_layout("signature", 0, 8);  // the layout: the signature, then every chunk by its type
  uint32_t chunks = 0;
  while (true) {
    if (r.empty()) return Status::truncated("the PNG ends without an IEND chunk");
    if (++chunks > inv.limits().max_boxes) return Status::limit("the PNG has more chunks than the limit");
    const size_t start = r.offset();
    uint32_t length = 0;
    Bytes type_bytes, data;
    uint32_t crc = 0;
    if (!r.u32be(length) || !r.bytes(4, type_bytes)) {
      return Status::truncated("the PNG ends inside a chunk header at byte " + std::to_string(start));
    }
    if (length > 0x7FFFFFFFu) {
      return Status::malformed("a PNG chunk at byte " + std::to_string(start) + " declares an impossible length");
    }
    const std::string type(as_chars(type_bytes));
    if (!r.bytes(length, data) || !r.u32be(crc)) {
      return Status::truncated("the PNG ends inside the " + type + " chunk that starts at byte " +
                               std::to_string(start));
    }
    inv.add_layout(type, start, r.offset() - start);
    if (type == "IEND") return Status::ok();
    const bool is_text = type == "tEXt" || type == "zTXt" || type == "iTXt";
    const bool is_meta = is_text || type == "eXIf" || type == "caBX";
    if (!is_meta) continue;
    // Only the chunks dsmark reads are CRC-checked: a bad CRC there means the metadata itself was damaged.
    uLong actual = crc32(0, type_bytes.data(), 4);
    actual = crc32(actual, data.data(), static_cast<uInt>(data.size()));
    if (actual != crc) {
      inv.warn("the PNG " + type + " chunk at byte " + std::to_string(start) + " has a bad CRC (damaged data)");
    }
    Status st = Status::ok();
    if (is_text) {
      auto chunk = read_text_chunk(type, data, inv.limits());
      if (!chunk) {
        inv.warn(chunk.status().message());  // e.g. a decompression bomb: skip this chunk, keep walking
        continue;
      }
      if (chunk->keyword == kXmpKeyword) {
        st = inv.add_xmp("png:" + type + ":" + chunk->keyword, std::move(chunk->text));
      } else {
        std::string carrier = "png:" + type + ":" + chunk->keyword;
        st = inv.add_text(std::move(carrier), std::move(chunk->keyword), std::move(chunk->text));
      }
    } else if (type == "eXIf") {
      st = inv.add_blob(BlobKind::kExif, "png:eXIf", std::vector<uint8_t>(data.begin(), data.end()));
    } else {
      st = inv.add_blob(BlobKind::kC2pa, "png:caBX", std::vector<uint8_t>(data.begin(), data.end()));
    }
    if (!st.is_ok()) {
      if (st.code() == StatusCode::kLimit) return st;
      inv.warn(st.message());
    }
  }
}

}  // namespace dsmark
