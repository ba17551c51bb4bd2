// Fuzz target: dsmark's text watermark. Any input the embedder accepts must read back with its payload, and the
// embedder may only add joiners (ZWNJ/ZWJ): removing them gives the input text back.
#include <cstdlib>
#include <string>

#include "dsmark/dsmark.h"
#include "dsmark/watermark.h"
#include "fuzz_walker.h"
#include "text/text_decode.h"
#include "watermark/text_watermark.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dsmark;
  if (size < 2) return 0;
  // The first byte chooses the payload length (1..8); the payload bytes follow; the rest is the text.
  const size_t plen = 1 + data[0] % 8;
  if (size < 1 + plen) return 0;
  EmbedOptions options;
  options.output_format = "text";
  options.payload.assign(data + 1, data + 1 + plen);
  const std::span<const uint8_t> text(data + 1 + plen, size - 1 - plen);
  (void)read_text_mark({reinterpret_cast<const char*>(text.data()), text.size()});
  auto marked = embed_watermark(text, options);
  if (!marked) return 0;
  const Report r = verify(*marked, "fuzz.txt");
  bool found = false;
  for (const Mark& m : r.marks) {
    if (m.scheme != "watermark:dsmark-text" || m.claim != Claim::kAi) continue;
    const Value* p = m.fields.find("payload");
    std::string want;
    static constexpr char kHex[] = "0123456789abcdef";
    for (uint8_t b : options.payload) {
      want += kHex[b >> 4];
      want += kHex[b & 15];
    }
    found = p && p->as_string() == want;
  }
  if (!found) std::abort();
  // Only joiners were added (the input's own joiners, kept where scripts need them, are set aside on both sides).
  const DecodedText before = decode_text(text), after = decode_text(*marked);
  auto strip = [](const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size();) {
      if (s.compare(i, 3, "\xE2\x80\x8C") == 0 || s.compare(i, 3, "\xE2\x80\x8D") == 0) {
        i += 3;
        continue;
      }
      out += s[i++];
    }
    return out;
  };
  const std::string stripped = strip(after.utf8), expected = strip(before.utf8);
  // The embedder writes LF unless the text used CRLF throughout; compare without CRs.
  auto drop_cr = [](std::string s) {
    std::string o;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\r') {
        if (i + 1 >= s.size() || s[i + 1] != '\n') o += '\n';
        continue;
      }
      o += s[i];
    }
    return o;
  };
  if (drop_cr(stripped) != drop_cr(expected)) std::abort();
  return 0;
}
