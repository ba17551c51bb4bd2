#include "text/text_analysis.h"

#include <array>
#include <cstring>

#include "text/explicit_label.h"
#include "text/markdown_mask.h"
#include "text/unicode_props.h"

namespace dsmark {
namespace {

constexpr size_t kMaxExplicitMarks = 10;

// What a UTF-8 lead byte can start: bit 1 an invisible character (unicode_props.h: is_invisible), bit 2 a
// right-to-left letter, bit 4 a Greek, Cyrillic, Armenian or IPA letter. Lead bytes checked further below.
constexpr std::array<uint8_t, 256> kLead = [] {
  std::array<uint8_t, 256> t{};
  for (uint8_t b : {0xC2, 0xCD, 0xD8, 0xE1, 0xE2, 0xE3, 0xEF, 0xF3}) t[b] |= 1;
  for (int b = 0xD6; b <= 0xDF; ++b) t[b] |= 2;
  t[0xE0] |= 2;
  t[0xEF] |= 2;
  for (int b = 0xCE; b <= 0xD6; ++b) t[b] |= 4;
  t[0xC9] |= 4;
  return t;
}();

// Eight bytes at a time while they are ASCII.
size_t skip_ascii(const uint8_t* b, size_t n, size_t i) {
  while (i + 8 <= n) {
    uint64_t w;
    std::memcpy(&w, b + i, 8);
    if (w & 0x8080808080808080ull) break;
    i += 8;
  }
  return i;
}

void find_c2pa_wrappers(TextAnalysis& ta, Analysis& a) {
  const std::vector<InvisibleChar>& inv = ta.invisible;
  for (size_t k = 0; k < inv.size(); ++k) {
    if (inv[k].cp != 0xFEFF) continue;
    // The selector run right after the U+FEFF.
    std::vector<uint8_t> bytes;
    size_t j = k + 1, end = inv[k].offset + inv[k].length;
    while (j < inv.size() && inv[j].offset == end && is_variation_selector(inv[j].cp)) {
      bytes.push_back(static_cast<uint8_t>(variation_selector_byte(inv[j].cp)));
      end += inv[j].length;
      ++j;
    }
    static constexpr uint8_t kMagic[8] = {'C', '2', 'P', 'A', 'T', 'X', 'T', 0};
    if (bytes.size() < 13 || std::memcmp(bytes.data(), kMagic, 8) != 0) continue;
    C2paTextWrapper w;
    w.begin = inv[k].offset;
    w.end = end;
    w.version = bytes[8];
    w.declared_bytes = uint64_t{bytes[9]} << 24 | uint64_t{bytes[10]} << 16 | uint64_t{bytes[11]} << 8 | bytes[12];
    w.manifest_bytes = static_cast<size_t>(std::min<uint64_t>(bytes.size() - 13, w.declared_bytes));
    w.jumbf = w.manifest_bytes >= 8 && std::memcmp(bytes.data() + 13 + 4, "jumb", 4) == 0;
    if (w.manifest_bytes == w.declared_bytes && w.manifest_bytes > 0) {
      std::vector<uint8_t> store(bytes.begin() + 13, bytes.begin() + 13 + static_cast<ptrdiff_t>(w.manifest_bytes));
      Status st = a.inventory.add_blob(BlobKind::kC2pa, "text:c2pa-wrapper", std::move(store));
      if (!st.is_ok()) a.warnings.push_back("text:c2pa-wrapper: " + st.message());
    }
    ta.wrappers.push_back(w);
    k = j - 1;
  }
}

}  // namespace

std::vector<InvisibleChar> scan_invisible(std::string_view text, size_t max, bool& truncated, ScriptFlags* flags) {
  std::vector<InvisibleChar> out;
  truncated = false;
  ScriptFlags seen;
  const auto* b = reinterpret_cast<const uint8_t*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    i = skip_ascii(b, n, i);
    if (i >= n) break;
    const uint8_t lead = b[i];
    if (lead < 0xC0) {  // a stray continuation byte (not in decoded text, but be safe)
      ++i;
      continue;
    }
    const size_t len = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    const uint8_t what = kLead[lead];
    if (what == 0 || i + 1 >= n) {
      i += len;
      continue;
    }
    const uint8_t c1 = b[i + 1];
    if (what & 4) seen.lookalikes = true;
    if (what & 2) {
      if (lead <= 0xDF) seen.rtl |= lead > 0xD6 || c1 >= 0x90;                      // U+0590..U+07FF
      else if (lead == 0xE0) seen.rtl |= c1 >= 0xA0 && c1 <= 0xA3;                  // U+0800..U+08FF
      else if (lead == 0xEF) seen.rtl |= (c1 >= 0xAC && c1 <= 0xB7) || (c1 >= 0xB9 && c1 <= 0xBB);  // forms
    }
    // The second byte rules out most characters of these leads before a full decode: E2 80/81 (U+2000..207F),
    // E3 85 (U+3164), EF B8/BB/BE (U+FE00.., U+FEFF, U+FFA0), E1 85/A0, F3 A0 (tags, selectors).
    bool maybe = what & 1;
    if (maybe) {
      switch (lead) {
        case 0xE2: maybe = c1 == 0x80 || c1 == 0x81; break;
        case 0xE3: maybe = c1 == 0x85; break;
        case 0xEF: maybe = c1 == 0xB8 || c1 == 0xBB || c1 == 0xBE; break;
        case 0xE1: maybe = c1 == 0x85 || c1 == 0xA0; break;
        case 0xF3: maybe = c1 == 0xA0; break;
        default: break;
      }
    }
    if (maybe) {
      char32_t cp;
      utf8_decode_at(text, i, cp);
      if (is_invisible(cp)) {
        if (out.size() >= max) {
          truncated = true;
          break;
        }
        out.push_back({i, cp, static_cast<uint8_t>(len)});
      }
    }
    i += len;
  }
  if (flags) *flags = seen;
  return out;
}

void prepare_text(Analysis& a) {
  std::span<const uint8_t> bytes = a.file;
  bool cut = false;
  if (bytes.size() > a.limits.max_text_bytes) {
    bytes = bytes.subspan(0, static_cast<size_t>(a.limits.max_text_bytes));
    cut = true;
  }
  auto ta = std::make_shared<TextAnalysis>(TextDocument::from_bytes(bytes, a.format == Format::kMarkdown));
  if (cut) {
    a.warnings.push_back("Only the first " + std::to_string(a.limits.max_text_bytes) +
                         " bytes of this text were checked (the limit for one text).");
  }
  if (ta->doc.replaced() > 0) {
    a.warnings.push_back(std::to_string(ta->doc.replaced()) + " byte sequence" +
                         (ta->doc.replaced() == 1 ? " is" : "s are") + " not valid " +
                         std::string(text_encoding_name(ta->doc.encoding())) +
                         " and were replaced by U+FFFD; the text may use another encoding.");
  }
  ta->invisible = scan_invisible(ta->doc.text(), a.limits.max_text_findings, ta->invisible_truncated, &ta->scripts);
  if (ta->invisible_truncated) {
    a.warnings.push_back("The text holds more than " + std::to_string(a.limits.max_text_findings) +
                         " invisible characters; only the first ones were examined.");
  }
  find_c2pa_wrappers(*ta, a);
  a.text = std::move(ta);
}

bool joiner_in_ordinary_use(char32_t prev, char32_t joiner, char32_t next) {
  if (is_joining_script(prev) || is_joining_script(next)) return true;
  if (joiner == 0x200D && is_emoji_like(prev) && (is_emoji_like(next) || next == 0x2640 || next == 0x2642)) return true;
  // Emoji modifiers and skin tones before a ZWJ.
  if (joiner == 0x200D && prev >= 0x1F3FB && prev <= 0x1F3FF) return true;
  return false;
}

bool payload_declares_ai(std::string_view payload_text) {
  if (payload_text.empty() || payload_text.size() > 4096) return false;
  const auto bytes = std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(payload_text.data()), payload_text.size());
  const TextDocument doc = TextDocument::from_bytes(bytes, false);
  return !find_explicit_labels(doc, {}).labels.empty();
}

void detect_explicit_text(Analysis& a) {
  if (!a.text) return;
  const TextDocument& doc = a.text->doc;
  const std::vector<ByteRange> non_prose = non_prose_ranges(doc.text(), doc.markdown());
  const ExplicitScan scan = find_explicit_labels(doc, non_prose);
  size_t shown = 0;
  for (const ExplicitLabel& l : scan.labels) {
    if (shown == kMaxExplicitMarks) {
      a.warnings.push_back(std::to_string(scan.labels.size() - kMaxExplicitMarks) +
                           " more explicit labels were found; only the first " +
                           std::to_string(kMaxExplicitMarks) + " are listed.");
      break;
    }
    ++shown;
    const TextPosition pos = doc.position(l.begin);
    Mark m;
    m.scheme = "explicit:text";
    m.kind = MarkKind::kExplicit;
    m.carrier = "text@" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
    m.claim = l.suspected ? Claim::kSuspectedAi : l.possibly ? Claim::kPossiblyAi : Claim::kAi;
    // Labels that name their subject or their agent, or sit at the start or the end, are the clearest.
    m.confidence = (l.subject || l.agent || l.position != "middle" || l.form == "caption") ? 0.95 : 0.85;
    m.fields.set("text", doc.text().substr(l.begin, l.end - l.begin));
    m.fields.set("language", l.language);
    m.fields.set("position", l.position);
    m.fields.set("form", l.form);
    m.fields.set("span", doc.span(l.begin, l.end));
    a.marks.push_back(std::move(m));
  }
  size_t badges = 0;
  for (const BareBadge& b : scan.badges) {
    if (++badges > 3) break;
    const TextPosition pos = doc.position(b.begin);
    a.warnings.push_back("Line " + std::to_string(pos.line) + " says \"" +
                         std::string(doc.text().substr(b.begin, std::min<size_t>(b.end - b.begin, 80))) +
                         "\": it names AI but has no generation element (生成/合成, \"generated\"), so it is not "
                         "a GB 45438 explicit label.");
  }
}

}  // namespace dsmark
