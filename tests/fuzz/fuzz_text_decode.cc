// Fuzz target: text decoding (encoding choice, UTF-8/UTF-16/GB18030 decoders), line-break normalisation and
// the position index. Properties: decoded text is valid UTF-8; encoding it back and decoding again gives the
// same text; every character boundary has a position consistent with its neighbours.
#include <cstdlib>

#include "fuzz_walker.h"
#include "text/text_decode.h"
#include "text/text_document.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dsmark;
  const std::span<const uint8_t> bytes(data, size);
  const DecodedText d = decode_text(bytes);
  const std::span<const uint8_t> u8(reinterpret_cast<const uint8_t*>(d.utf8.data()), d.utf8.size());
  if (!valid_utf8(u8)) std::abort();
  const std::string again = encode_text(d.utf8, d.encoding, d.bom);
  const DecodedText d2 = decode_text({reinterpret_cast<const uint8_t*>(again.data()), again.size()});
  if (d2.utf8 != d.utf8 && d.encoding != TextEncoding::kUtf8) {
    // Re-encoding can only differ where the first reading was ambiguous: plain bytes that were not valid in
    // either encoding were replaced, and a GB18030 text that is also valid UTF-8 reads as UTF-8.
    if (d.replaced == 0 && d2.encoding == d.encoding) std::abort();
  }
  const TextDocument doc = TextDocument::from_bytes(bytes, size > 0 && data[0] == '#');
  const std::string_view t = doc.text();
  if (t.find('\r') != std::string_view::npos) std::abort();
  TextPosition prev;
  for (size_t i = 0, k = 0; i <= t.size() && k < 64; i += 1 + t.size() / 64, ++k) {
    size_t at = i;
    while (at < t.size() && (static_cast<uint8_t>(t[at]) & 0xC0) == 0x80) ++at;
    const TextPosition p = doc.position(at);
    if (p.code_point < prev.code_point || p.utf16 < p.code_point || p.line < prev.line || p.column == 0) std::abort();
    prev = p;
  }
  if (doc.position(t.size()).code_point != doc.code_points()) std::abort();
  fuzz::touch(t);
  return 0;
}
