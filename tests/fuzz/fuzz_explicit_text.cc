// Fuzz target: the explicit-label detector (anchors, Markdown and URL masks, folding, the label grammars)
// on any bytes read as text, plain and as Markdown. Every label's span lies inside the text, on character
// boundaries, and its text holds an AI element.
#include <cstdlib>

#include "fuzz_walker.h"
#include "text/explicit_label.h"
#include "text/markdown_mask.h"
#include "text/text_document.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dsmark;
  for (bool markdown : {false, true}) {
    const TextDocument doc = TextDocument::from_bytes({data, size}, markdown);
    const std::string_view t = doc.text();
    const std::vector<ByteRange> mask = non_prose_ranges(t, markdown);
    for (size_t k = 0; k < mask.size(); ++k) {
      if (mask[k].begin >= mask[k].end || mask[k].end > t.size()) std::abort();
      if (k > 0 && mask[k].begin < mask[k - 1].end) std::abort();
    }
    const ExplicitScan scan = find_explicit_labels(doc, mask);
    for (const ExplicitLabel& l : scan.labels) {
      if (l.begin >= l.end || l.end > t.size()) std::abort();
      if ((static_cast<uint8_t>(t[l.begin]) & 0xC0) == 0x80) std::abort();
      if (l.end < t.size() && (static_cast<uint8_t>(t[l.end]) & 0xC0) == 0x80) std::abort();
      fuzz::touch(t.substr(l.begin, l.end - l.begin));
    }
  }
  return 0;
}
