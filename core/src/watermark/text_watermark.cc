#include "watermark/text_watermark.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "text/markdown_mask.h"
#include "text/text_analysis.h"
#include "text/text_decode.h"
#include "text/unicode_props.h"
#include "util/text_encoding.h"

namespace dsmark {
namespace {

constexpr uint16_t kSync = 0xF9A8;  // Barker-13 (1111100110101) followed by 000: low self-correlation
constexpr unsigned kVersion = 1;    // 3 bits
constexpr size_t kHeaderBits = 16 + 8;
constexpr size_t kCrcBits = 16;
constexpr char32_t kZero = 0x200C;  // ZERO WIDTH NON-JOINER
constexpr char32_t kOne = 0x200D;   // ZERO WIDTH JOINER
// Bits an unmarked stream must match by chance at one position: sync (16), version (3), CRC (16).
constexpr double kChanceBits = 35;

uint16_t crc16_ccitt(std::span<const uint8_t> data) {
  uint16_t crc = 0xFFFF;
  for (uint8_t b : data) {
    crc ^= static_cast<uint16_t>(b << 8);
    for (int k = 0; k < 8; ++k) crc = static_cast<uint16_t>((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
  }
  return crc;
}

void push_bits(std::vector<uint8_t>& bits, uint32_t value, int count) {
  for (int k = count - 1; k >= 0; --k) bits.push_back(static_cast<uint8_t>((value >> k) & 1));
}

struct Symbol {
  size_t offset;
  uint8_t bit;
  uint8_t length;
};

// The joiners of the text that are not ordinary spelling, in order.
std::vector<Symbol> read_symbols(std::string_view t, const std::vector<InvisibleChar>& inv) {
  std::vector<Symbol> out;
  for (const InvisibleChar& c : inv) {
    if (c.cp != kZero && c.cp != kOne) continue;
    char32_t prev = 0, next = 0;
    if (c.offset > 0) utf8_decode_at(t, utf8_prev(t, c.offset), prev);
    if (c.offset + c.length < t.size()) utf8_decode_at(t, c.offset + c.length, next);
    if (joiner_in_ordinary_use(prev, c.cp, next)) continue;
    out.push_back({c.offset, static_cast<uint8_t>(c.cp == kOne), c.length});
  }
  return out;
}

TextMarkReading read_symbols_mark(const std::vector<Symbol>& s) {
  TextMarkReading r;
  r.symbols = s.size();
  const size_t n = s.size();
  if (n < kHeaderBits + 8 + kCrcBits) return r;
  std::map<std::vector<uint8_t>, size_t> counts;
  std::vector<std::vector<uint8_t>> order;
  std::map<uint8_t, size_t> damaged_headers;
  uint32_t window = 0;
  for (size_t i = 0; i < n; ++i) {
    window = ((window << 1) | s[i].bit) & 0xFFFF;
    if (i < 15 || window != kSync) continue;
    const size_t h = i + 1;  // first header bit
    if (h + 8 > n) break;
    uint8_t header = 0;
    for (size_t k = 0; k < 8; ++k) header = static_cast<uint8_t>(header << 1 | s[h + k].bit);
    if ((header >> 5) != kVersion) continue;
    const size_t len = (header & 31u) + 1;
    const size_t p = h + 8;
    if (p + 8 * len + kCrcBits > n) {
      ++damaged_headers[header];  // a copy cut by the end of the text
      continue;
    }
    std::vector<uint8_t> data = {header};
    for (size_t b = 0; b < len; ++b) {
      uint8_t v = 0;
      for (size_t k = 0; k < 8; ++k) v = static_cast<uint8_t>(v << 1 | s[p + 8 * b + k].bit);
      data.push_back(v);
    }
    uint16_t crc = 0;
    for (size_t k = 0; k < kCrcBits; ++k) crc = static_cast<uint16_t>(crc << 1 | s[p + 8 * len + k].bit);
    if (crc != crc16_ccitt(data)) {
      ++damaged_headers[header];
      continue;
    }
    std::vector<uint8_t> payload(data.begin() + 1, data.end());
    if (counts[payload]++ == 0) order.push_back(payload);
    const size_t last = p + 8 * len + kCrcBits - 1;
    if (!r.found) {
      r.found = true;
      r.first_begin = s[i - 15].offset;
      r.first_end = s[last].offset + s[last].length;
    }
    // Continue after this frame.
    i = last;
    window = 0;
  }
  if (r.found) {
    size_t best = 0;
    for (const auto& p : order) {
      if (counts[p] > best) {
        best = counts[p];
        r.payload = p;
      }
    }
    r.copies = best;
    for (const auto& p : order) {
      if (p != r.payload) r.other_payloads.push_back(p);
    }
    // P(k intact frames by chance) <= C(positions, k) · 2^(-35k) <= (positions · 2^-35)^k / k!
    const double positions = static_cast<double>(n);
    const double k = static_cast<double>(r.copies);
    const double log10p = k * (std::log10(positions) - kChanceBits * std::log10(2.0)) - std::lgamma(k + 1) / std::log(10.0);
    r.p_value = std::pow(10.0, std::max(log10p, -300.0));
  }
  for (const auto& [header, count] : damaged_headers) r.damaged += count;
  return r;
}

// A place a joiner can go: between `prev` and `next` at byte `offset` of the text.
bool latin_word_end(char32_t prev, char32_t next, char32_t next2) {
  const bool letter = is_alphabetic_word_char(prev) && !(prev >= '0' && prev <= '9');
  if (!letter || is_alphabetic_word_char(next)) return false;
  if (next == ' ' || next == '\t') return true;
  // Punctuation that ends a word, when a space, a line end or a closing quote follows it (not "e.g", "3.5",
  // "example.com", "don't").
  const bool punct = next == ',' || next == '.' || next == ';' || next == ':' || next == '!' || next == '?' ||
                     next == ')' || next == '"' || next == 0x201D || next == 0x2019 || is_cjk_punct(next);
  return punct && (next2 == 0 || next2 == ' ' || next2 == '\n' || next2 == '"' || next2 == 0x201D ||
                   next2 == ')' || is_cjk_punct(next2));
}

bool cjk_slot(char32_t prev, char32_t next) {
  if (!(is_cjk_char(prev) || is_cjk_punct(prev))) return false;
  if (next == 0 || next == '\n' || is_combining_mark(next) || is_invisible(next) || is_emoji_like(next)) return false;
  return is_cjk_char(next) || is_cjk_punct(next) || is_space(next) || (next < 0x80 && next > 0x20);
}

std::vector<size_t> slots(std::string_view t, bool markdown) {
  const std::vector<ByteRange> masked = non_prose_ranges(t, markdown);
  std::vector<size_t> out;
  size_t k = 0;
  char32_t prev = 0;
  size_t i = 0;
  // Decode three characters ahead.
  auto cp_at = [&](size_t at, size_t& len) -> char32_t {
    if (at >= t.size()) {
      len = 0;
      return 0;
    }
    char32_t c;
    len = utf8_decode_at(t, at, c);
    return c;
  };
  while (i < t.size()) {
    size_t len1, len2, len3;
    const char32_t cur = cp_at(i, len1);
    const size_t after = i + len1;
    const char32_t next = cp_at(after, len2);
    const char32_t next2 = cp_at(after + len2, len3);
    // A combining mark belongs to the letter before it ("e" + U+0301 in decomposed text): the word ends after
    // the mark, and the letter decides.
    const char32_t base = is_combining_mark(cur) ? prev : cur;
    if (next != 0 && !is_combining_mark(next)) {
      while (k < masked.size() && masked[k].end < after) ++k;
      const bool in_mask = k < masked.size() && masked[k].begin <= after && after <= masked[k].end;
      if (!in_mask && !is_joining_script(base) && !is_joining_script(next) &&
          (latin_word_end(base, next, next2) || cjk_slot(cur, next))) {
        out.push_back(after);
      }
    }
    if (!is_combining_mark(cur)) prev = cur;
    i = after;
  }
  return out;
}

std::string hex(const std::vector<uint8_t>& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

}  // namespace

std::vector<uint8_t> text_mark_frame(std::span<const uint8_t> payload) {
  std::vector<uint8_t> bits;
  push_bits(bits, kSync, 16);
  const uint8_t header = static_cast<uint8_t>(kVersion << 5 | ((payload.size() - 1) & 31));
  std::vector<uint8_t> data = {header};
  data.insert(data.end(), payload.begin(), payload.end());
  for (uint8_t b : data) push_bits(bits, b, 8);
  push_bits(bits, crc16_ccitt(data), 16);
  return bits;
}

TextMarkReading read_text_mark(std::string_view text) {
  bool truncated = false;
  const std::vector<InvisibleChar> inv = scan_invisible(text, SIZE_MAX, truncated);
  return read_symbols_mark(read_symbols(text, inv));
}

Result<std::string> embed_text_mark(std::string_view text, std::span<const uint8_t> payload, bool markdown) {
  if (payload.empty() || payload.size() > kTextMarkMaxPayload) {
    return Status::malformed("the text watermark carries 1 to " + std::to_string(kTextMarkMaxPayload) +
                             " payload bytes; " + std::to_string(payload.size()) + " were given");
  }
  bool truncated = false;
  const std::vector<InvisibleChar> inv = scan_invisible(text, SIZE_MAX, truncated);
  const std::vector<Symbol> existing = read_symbols(text, inv);
  if (!existing.empty()) {
    const TextMarkReading r = read_symbols_mark(existing);
    if (r.found) {
      return Status::unsupported("the text already carries a dsmark text watermark (payload " + hex(r.payload) +
                                 "); dsmark does not add a second one");
    }
    return Status::unsupported("the text already holds " + std::to_string(existing.size()) +
                               " zero-width joiners or non-joiners outside emoji and joining scripts; remove them "
                               "first, they would garble the watermark");
  }
  const std::vector<uint8_t> frame = text_mark_frame(payload);
  const std::vector<size_t> places = slots(text, markdown);
  // Spread: one joiner per place while the text holds fewer than eight copies; sparser (every 2nd to 4th place)
  // in longer texts, so long texts do not carry more hidden characters than they need.
  const size_t stride = std::clamp<size_t>(places.size() / (frame.size() * 8), 1, 4);
  const size_t used = places.size() / stride;
  if (used < frame.size()) {
    return Status::unsupported("the text is too short for the watermark: one copy of this payload needs " +
                               std::to_string(frame.size()) + " places (word ends, or Han/kana/Hangul characters) "
                               "and the text has " + std::to_string(places.size()));
  }
  std::string out;
  out.reserve(text.size() + used * 3);
  size_t from = 0;
  for (size_t j = 0; j < used; ++j) {
    const size_t at = places[j * stride];
    out.append(text.substr(from, at - from));
    append_utf8(out, frame[j % frame.size()] ? kOne : kZero);
    from = at;
  }
  out.append(text.substr(from));
  return out;
}

Result<std::vector<uint8_t>> embed_text_watermark(std::span<const uint8_t> input, Format format,
                                                  const EmbedOptions& options) {
  if (!options.output_format.empty() && options.output_format != "text") {
    return Status::unsupported("a text watermark is written to a text file (.txt or .md), not " +
                               options.output_format);
  }
  const DecodedText decoded = decode_text(input);
  if (decoded.replaced > 0) {
    return Status::malformed("the text holds " + std::to_string(decoded.replaced) + " byte sequences that are not valid " +
                             std::string(text_encoding_name(decoded.encoding)) +
                             "; dsmark will not rewrite a text it cannot read exactly");
  }
  // Work on LF line breaks; give the text back with CRLF when that is what it used throughout.
  std::string text = decoded.utf8;
  const size_t crlf = [&] {
    size_t n = 0;
    for (size_t p = text.find("\r\n"); p != std::string::npos; p = text.find("\r\n", p + 2)) ++n;
    return n;
  }();
  const size_t cr = static_cast<size_t>(std::count(text.begin(), text.end(), '\r'));
  const size_t lf = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  const bool use_crlf = crlf > 0 && crlf == cr && crlf == lf;
  if (cr > 0) {
    std::string normal;
    normal.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\r') {
        normal += '\n';
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      } else {
        normal += text[i];
      }
    }
    text = std::move(normal);
  }
  const std::span<const uint8_t> payload =
      options.payload.empty() ? std::span<const uint8_t>(kTextMarkDefaultPayload) : std::span<const uint8_t>(options.payload);
  Result<std::string> marked = embed_text_mark(text, payload, format == Format::kMarkdown);
  if (!marked) return marked.status();
  std::string body = std::move(*marked);
  if (use_crlf) {
    std::string with_cr;
    with_cr.reserve(body.size() + lf);
    for (char c : body) {
      if (c == '\n') with_cr += '\r';
      with_cr += c;
    }
    body = std::move(with_cr);
  }
  const std::string bytes = encode_text(body, decoded.encoding, decoded.bom);
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

void detect_text_watermark(Analysis& a) {
  if (!a.text) return;
  TextAnalysis& ta = *a.text;
  const std::vector<Symbol> symbols = read_symbols(ta.doc.text(), ta.invisible);
  if (symbols.empty()) return;
  const TextMarkReading r = read_symbols_mark(symbols);
  if (!r.found && r.damaged == 0) return;
  Mark m;
  m.scheme = "watermark:dsmark-text";
  m.kind = MarkKind::kWatermark;
  m.carrier = "text:zwnj-zwj";
  m.fields.set("symbols", static_cast<uint64_t>(r.symbols));
  if (r.found) {
    ta.dsmark_mark = true;
    m.claim = Claim::kAi;
    m.confidence = std::max(0.5, 1.0 - r.p_value);
    m.fields.set("payload", hex(r.payload));
    m.fields.set("copies", static_cast<uint64_t>(r.copies));
    m.fields.set("p_value", r.p_value);
    m.fields.set("span", ta.doc.span(r.first_begin, r.first_end));
    if (!r.other_payloads.empty()) {
      Value others = Value::array();
      for (const auto& p : r.other_payloads) others.push(hex(p));
      m.fields.set("other_payloads", std::move(others));
      m.problems.push_back("the text carries dsmark marks with different payloads (texts joined together?)");
    }
    if (r.damaged > 0) m.fields.set("damaged_copies", static_cast<uint64_t>(r.damaged));
  } else {
    m.claim = Claim::kUnknown;
    m.confidence = 0.5;
    m.fields.set("damaged_copies", static_cast<uint64_t>(r.damaged));
    m.problems.push_back("the mark is incomplete: " + std::to_string(r.damaged) + " cut or damaged cop" +
                         (r.damaged == 1 ? "y was" : "ies were") +
                         " found but no whole one, so its payload cannot be read (the text was shortened or edited)");
  }
  a.marks.push_back(std::move(m));
}

}  // namespace dsmark
