#include "text/text_document.h"

#include <algorithm>
#include <cstring>

namespace dsmark {
namespace {

constexpr size_t kCheckpointBytes = 16 * 1024;

bool is_variation_selector_at(std::string_view s, size_t i) {
  if (i + 3 <= s.size() && s.compare(i, 2, "\xEF\xB8") == 0) {
    const auto c = static_cast<uint8_t>(s[i + 2]);
    return c >= 0x80 && c <= 0x8F;  // U+FE00..U+FE0F
  }
  if (i + 4 <= s.size() && s.compare(i, 2, "\xF3\xA0") == 0) {
    const auto c = static_cast<uint8_t>(s[i + 2]);
    return c >= 0x84 && c <= 0x87;  // U+E0100..U+E01EF
  }
  return false;
}

// CRLF → LF and lone CR → LF, in place.
void normalise_line_breaks(std::string& s) {
  size_t r = s.find('\r');
  if (r == std::string::npos) return;
  size_t w = r;
  for (; r < s.size(); ++r) {
    const char c = s[r];
    if (c == '\r') {
      s[w++] = '\n';
      if (r + 1 < s.size() && s[r + 1] == '\n') ++r;
    } else {
      s[w++] = c;
    }
  }
  s.resize(w);
}

// Advances `pos` over the bytes [from, to) of s.
void advance(std::string_view s, size_t from, size_t to, TextPosition& pos) {
  for (size_t i = from; i < to; ++i) {
    const auto b = static_cast<uint8_t>(s[i]);
    if ((b & 0xC0) == 0x80) continue;
    ++pos.code_point;
    pos.utf16 += b >= 0xF0 ? 2 : 1;
    if (b == '\n') {
      ++pos.line;
      pos.column = 1;
    } else {
      ++pos.column;
    }
  }
}

}  // namespace

TextDocument& TextDocument::operator=(TextDocument&& other) noexcept {
  const bool owned = other.text_.data() == other.storage_.data();
  storage_ = std::move(other.storage_);
  text_ = owned ? std::string_view(storage_) : other.text_;
  encoding_ = other.encoding_;
  bom_ = other.bom_;
  replaced_ = other.replaced_;
  markdown_ = other.markdown_;
  code_points_ = other.code_points_;
  lines_ = other.lines_;
  checkpoints_ = std::move(other.checkpoints_);
  other.text_ = {};
  return *this;
}

TextDocument TextDocument::from_bytes(std::span<const uint8_t> bytes, bool markdown) {
  TextDocument doc;
  doc.markdown_ = markdown;
  if (usable_as_is(bytes)) {
    doc.text_ = std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    doc.index();
    return doc;
  }
  DecodedText decoded = decode_text(bytes);
  doc.storage_ = std::move(decoded.utf8);
  doc.encoding_ = decoded.encoding;
  doc.bom_ = decoded.bom;
  doc.replaced_ = decoded.replaced;
  // A U+FEFF that was read as the byte order mark but is followed by variation selectors is the start of a
  // C2PA text wrapper (U+FEFF + selectors): keep it in the text so the wrapper stays whole.
  if (doc.bom_ && is_variation_selector_at(doc.storage_, 0)) doc.storage_.insert(0, "\xEF\xBB\xBF");
  normalise_line_breaks(doc.storage_);
  doc.text_ = doc.storage_;
  doc.index();
  return doc;
}

void TextDocument::index() {
  // One pass of branch-free counting per block (the compiler vectorises it); the position at each checkpoint is
  // the position at the block's end.
  checkpoints_.clear();
  checkpoints_.reserve(text_.size() / kCheckpointBytes + 2);
  const auto* b = reinterpret_cast<const uint8_t*>(text_.data());
  const size_t n = text_.size();
  TextPosition pos;
  uint64_t line_start_cp = 0;  // code points before the start of the current line
  checkpoints_.push_back({0, pos});
  size_t at = 0;
  while (at < n) {
    size_t end = std::min(n, at + kCheckpointBytes);
    while (end < n && (b[end] & 0xC0) == 0x80) ++end;  // checkpoints sit on character boundaries
    uint64_t cps = 0, astral = 0, newlines = 0;
    size_t i = at;
    // Eight bytes at a time: flag the bytes that continue a character, start a four-byte character, or are LF
    // (one bit per byte, at bit 0 of each lane), and add the flags lane-wise; lanes are summed every 255 words.
    constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full, kOnes = 0x0101010101010101ull;
    const auto zero_lanes = [&](uint64_t x) {  // 1 in each lane whose byte is zero (exact: no carries)
      return (~(((x & kLow7) + kLow7) | x) >> 7) & kOnes;
    };
    // Sum of the eight byte lanes (each at most 255): pairwise into 16-bit lanes first, so the total cannot
    // overflow the lane the multiplication gathers it in.
    const auto lane_sum = [](uint64_t v) {
      v = (v & 0x00FF00FF00FF00FFull) + ((v >> 8) & 0x00FF00FF00FF00FFull);
      return (v * 0x0001000100010001ull) >> 48;
    };
    uint64_t cont_acc = 0, astral_acc = 0, nl_acc = 0;
    size_t words = 0, continuation = 0;
    for (; i + 8 <= end; i += 8) {
      uint64_t w;
      std::memcpy(&w, b + i, 8);
      cont_acc += zero_lanes((w & (0xC0 * kOnes)) ^ (0x80 * kOnes));
      astral_acc += zero_lanes((w & (0xF8 * kOnes)) ^ (0xF0 * kOnes));
      nl_acc += zero_lanes(w ^ ('\n' * kOnes));
      if (++words == 255) {
        continuation += lane_sum(cont_acc);
        astral += lane_sum(astral_acc);
        newlines += lane_sum(nl_acc);
        cont_acc = astral_acc = nl_acc = 0;
        words = 0;
      }
    }
    continuation += lane_sum(cont_acc);
    astral += lane_sum(astral_acc);
    newlines += lane_sum(nl_acc);
    cps = (i - at) - continuation;
    for (; i < end; ++i) {
      cps += (b[i] & 0xC0) != 0x80;
      astral += (b[i] & 0xF8) == 0xF0;
      newlines += b[i] == '\n';
    }
    if (newlines > 0) {
      // Column: code points after the block's last line break.
      size_t last_nl = end;
      while (last_nl > at && b[last_nl - 1] != '\n') --last_nl;
      uint64_t after = 0;
      for (size_t k = last_nl; k < end; ++k) after += (b[k] & 0xC0) != 0x80;
      line_start_cp = pos.code_point + cps - after;
    }
    pos.code_point += cps;
    pos.utf16 += cps + astral;
    pos.line += newlines;
    pos.column = pos.code_point - line_start_cp + 1;
    checkpoints_.push_back({end, pos});
    at = end;
  }
  code_points_ = pos.code_point;
  lines_ = n == 0 ? 0 : (pos.line - 1) + (text_.back() == '\n' ? 0 : 1);
}

TextPosition TextDocument::position(size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), offset,
                             [](size_t v, const Checkpoint& c) { return v < c.byte; });
  if (it != checkpoints_.begin()) --it;
  TextPosition pos = it->pos;
  advance(text_, it->byte, offset, pos);
  return pos;
}

Value TextDocument::span(size_t begin, size_t end) const {
  const TextPosition a = position(begin);
  const TextPosition b = position(end);
  Value v = Value::object();
  v.set("start", a.code_point);
  v.set("end", b.code_point);
  v.set("line", a.line);
  v.set("column", a.column);
  v.set("utf16_start", a.utf16);
  v.set("utf16_end", b.utf16);
  return v;
}

}  // namespace dsmark
