#include "text/explicit_label.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "text/label_grammar.h"
#include "text/text_fold.h"
#include "text/unicode_props.h"

namespace dsmark {
namespace {

constexpr size_t kMaxAnchors = 4000000;     // AI words examined per text
constexpr size_t kMaxLineBytes = 16 * 1024; // longer lines are examined in windows around each AI word
constexpr size_t kWindowBytes = 1024;       // half-width of such a window
constexpr size_t kMaxUnitChars = 400;       // a label unit longer than this is prose
constexpr size_t kMaxLabels = 10000;

// ----- anchors ------------------------------------------------------------------------------------------

bool ascii_word_byte(uint8_t b) {
  return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_';
}

// No letter of an alphabetic script directly before byte i.
bool boundary_before(std::string_view t, size_t i) {
  if (i == 0) return true;
  const auto b = static_cast<uint8_t>(t[i - 1]);
  if (b < 0x80) return !ascii_word_byte(b);
  char32_t cp;
  utf8_decode_at(t, utf8_prev(t, i), cp);
  return !is_alphabetic_word_char(cp);
}

bool boundary_after(std::string_view t, size_t i) {
  if (i >= t.size()) return true;
  const auto b = static_cast<uint8_t>(t[i]);
  if (b < 0x80) return !ascii_word_byte(b);
  char32_t cp;
  utf8_decode_at(t, i, cp);
  return !is_alphabetic_word_char(cp);
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool ieq(std::string_view t, size_t i, std::string_view lower_word) {
  if (i + lower_word.size() > t.size()) return false;
  for (size_t k = 0; k < lower_word.size(); ++k) {
    if (lower(t[i + k]) != lower_word[k]) return false;
  }
  return true;
}

// Anchors start with one of these bytes: a/A, i/I, k/K (AI, IA, KI, A.I., intelligence), E4 (人工), EC (인공),
// EF (ＡＩ full width).
constexpr std::array<bool, 256> kAnchorStart = [] {
  std::array<bool, 256> t{};
  for (char c : std::string_view("aAiIkK")) t[static_cast<uint8_t>(c)] = true;
  t[0xE4] = t[0xEC] = t[0xEF] = true;
  return t;
}();

}  // namespace

std::vector<size_t> find_ai_anchors(std::string_view t, size_t max) {
  std::vector<size_t> out;
  const auto* b = reinterpret_cast<const uint8_t*>(t.data());
  const size_t n = t.size();
  constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full, kHigh = 0x8080808080808080ull, kOnes = 0x0101010101010101ull;
  // The high bit of each zero byte of x (exact: no carries between bytes).
  const auto zero_flags = [&](uint64_t x) { return ~(((x & kLow7) + kLow7) | x) & kHigh; };
  for (size_t i = 0; i + 1 < n && out.size() < max; ++i) {
    // ASCII text: eight positions at a time, looking for the byte pairs anchors start with (ai, ki, ia, in, a.).
    while (i + 9 <= n) {
      uint64_t w, w2;
      std::memcpy(&w, b + i, 8);
      std::memcpy(&w2, b + i + 1, 8);
      if ((w | w2) & kHigh) break;
      const uint64_t l = w | (0x20 * kOnes), l2 = w2 | (0x20 * kOnes);
      const uint64_t next_i = zero_flags(l2 ^ ('i' * kOnes)), next_dot = zero_flags(w2 ^ ('.' * kOnes));
      const uint64_t cand = ((zero_flags(l ^ ('a' * kOnes)) | zero_flags(l ^ ('k' * kOnes))) & (next_i | next_dot)) |
                            (zero_flags(l ^ ('i' * kOnes)) &
                             (zero_flags(l2 ^ ('a' * kOnes)) | zero_flags(l2 ^ ('n' * kOnes)) | next_dot));
      if (cand == 0) {
        i += 8;
        continue;
      }
      i += static_cast<size_t>(__builtin_ctzll(cand)) / 8;
      break;
    }
    if (i + 1 >= n) break;
    const uint8_t c = b[i];
    if (!kAnchorStart[c]) {
      // Skip the rest of a multi-byte character at once (Han, kana and Hangul text is mostly these).
      if (c >= 0xC0) i += c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
      continue;
    }
    if (c < 0x80) {
      // Zero-width characters typed (or pasted) inside the word do not hide it: "A\u200BI".
      size_t j = i + 1;
      while (j + 2 < n && b[j] == 0xE2 && ((b[j + 1] == 0x80 && b[j + 2] >= 0x8B && b[j + 2] <= 0x8D) ||
                                           (b[j + 1] == 0x81 && b[j + 2] == 0xA0))) {
        j += 3;
      }
      if (j > i + 1 && j < n) {
        const char c0 = lower(static_cast<char>(c)), c1 = lower(static_cast<char>(b[j]));
        if (((c0 == 'a' && c1 == 'i') || (c0 == 'k' && c1 == 'i') || (c0 == 'i' && c1 == 'a')) &&
            boundary_before(t, i) && boundary_after(t, j + 1)) {
          out.push_back(i);
          i = j;
        }
        continue;
      }
      const char c0 = lower(static_cast<char>(c)), c1 = lower(static_cast<char>(b[i + 1]));
      size_t len = 0;
      if ((c0 == 'a' && c1 == 'i') || (c0 == 'k' && c1 == 'i') || (c0 == 'i' && c1 == 'a')) {
        len = 2;
      } else if ((c0 == 'a' || c0 == 'k' || c0 == 'i') && c1 == '.' && i + 3 < n &&
                 (lower(static_cast<char>(b[i + 2])) == (c0 == 'i' ? 'a' : 'i')) && b[i + 3] == '.') {
        len = 4;  // A.I. / K.I. / I.A.
      } else if (c0 == 'i' && (ieq(t, i, "intellig") || ieq(t, i, "intelig"))) {
        if (!boundary_before(t, i)) continue;
        out.push_back(i);
        i += 6;
        continue;
      }
      if (len == 0 || !boundary_before(t, i) || !boundary_after(t, i + len)) continue;
      out.push_back(i);
      i += len - 1;
    } else if (c == 0xE4) {
      if (i + 5 < n && b[i + 1] == 0xBA && b[i + 2] == 0xBA && b[i + 3] == 0xE5 && b[i + 4] == 0xB7 &&
          b[i + 5] == 0xA5) {  // 人工 (人工智能, 人工智慧, 人工知能)
        out.push_back(i);
        i += 5;
      } else {
        i += 2;
      }
    } else if (c == 0xEC) {
      if (i + 5 < n && b[i + 1] == 0x9D && b[i + 2] == 0xB8 && b[i + 3] == 0xEA && b[i + 4] == 0xB3 &&
          b[i + 5] == 0xB5) {  // 인공
        out.push_back(i);
        i += 5;
      } else {
        i += 2;
      }
    } else if (c == 0xEF && i + 5 < n) {
      // Ａ/ａ followed by Ｉ/ｉ (full width).
      const bool a = (b[i + 1] == 0xBC && b[i + 2] == 0xA1) || (b[i + 1] == 0xBD && b[i + 2] == 0x81);
      const bool ii = b[i + 3] == 0xEF && ((b[i + 4] == 0xBC && b[i + 5] == 0xA9) || (b[i + 4] == 0xBD && b[i + 5] == 0x89));
      if (a && ii) {
        out.push_back(i);
        i += 5;
      }
    }
  }
  return out;
}

namespace {

// ----- units --------------------------------------------------------------------------------------------

// Characters that decorate a label without being part of it: Markdown and comment markers, bullets, stars,
// emoji and other symbols.
bool is_decoration(char32_t c) {
  switch (c) {
    case '*': case '_': case '#': case '>': case '=': case '~': case '+': case '/': case '\\': case ' ':
    case '-': case '|': case 0x2013: case 0x2014: case 0x2015: case 0x2E3A: case 0x2E3B:
    case 0x2022: case 0x00B7: case 0x203B: case 0x2605: case 0x2606: case 0x25B6: case 0x25BA: case 0x25A0:
    case 0x25A1: case 0x25C6: case 0x25C7: case 0x25CF: case 0x25CB: case 0x2726: case 0x2727: case 0x2757:
    case 0x26A0: case 0x2139: case 0x2705: case 0x2728: case 0x2714: case 0x2713: case 0x27A4: case 0x2192:
    case 0x30FB: case 0x2023: case 0x2043: case 0x25B8: case 0x25B9: case 0x25AA: case 0x25AB:
      return true;
    default:
      break;
  }
  return (c >= 0x1F300 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF);
}

struct Range {
  size_t a;  // folded indices [a, b)
  size_t b;
};

Range strip_decoration(const FoldedText& f, Range r) {
  // Leading list markers: "1. ", "2) ".
  while (r.a < r.b && (is_decoration(f[r.a].c) || f[r.a].c == '|')) ++r.a;
  size_t d = r.a;
  while (d < r.b && f[d].c >= '0' && f[d].c <= '9') ++d;
  if (d > r.a && d + 1 < r.b && (f[d].c == '.' || f[d].c == ')') && f[d + 1].c == ' ') {
    r.a = d + 2;
    while (r.a < r.b && is_decoration(f[r.a].c)) ++r.a;
  }
  while (r.b > r.a && (is_decoration(f[r.b - 1].c) || f[r.b - 1].c == '|')) --r.b;
  return r;
}

bool is_terminator(const FoldedText& f, size_t i, size_t end) {
  const char32_t c = f[i].c;
  if (c == '!' || c == '?') return true;
  if (c != '.') return false;
  if (f[i].end - f[i].begin > 1) return true;  // 。 and … (folded to ".")
  // "." ends a sentence before a space or the end of the unit, but not after "A.I" or "e.g".
  if (i + 1 < end && f[i + 1].c != ' ') return false;
  if (i >= 2 && folded_word_char(f[i - 1].c) && f[i - 2].c == '.') return false;
  return true;
}

bool is_clause_separator(const FoldedText& f, size_t i, size_t end) {
  const char32_t c = f[i].c;
  if (c == ',' || c == ';' || c == ':' || c == '|' || c == 0xFF1B) return true;
  if (c == '/' && i > 0 && i + 1 < end && f[i - 1].c == ' ' && f[i + 1].c == ' ') return true;
  return is_terminator(f, i, end);
}

struct Classification {
  bool label = false;
  bool strong = false;
  bool subject = false;
  bool agent = false;
  bool badge = false;
  bool question = false;
  bool possibly = false;
  bool suspected = false;
  LabelLanguage language = LabelLanguage::kEn;
};

class Scanner {
 public:
  Scanner(const TextDocument& doc, const std::vector<ByteRange>& non_prose)
      : t_(doc.text()), mask_(non_prose), grammar_(LabelGrammar::get()) {}

  ExplicitScan run();

 private:
  struct Candidate {
    size_t begin, end;  // bytes
    std::string form;
    bool at_start, at_end;
    Classification cls;
    bool label_style_brackets = false;  // 【】〖〗〔〕
    bool at_boundary = false;           // a bracket unit that stands between sentences
  };

  void fold(size_t begin, size_t end, FoldedText& out);
  Classification classify(const FoldedText& f, Range r, bool caption = false);
  void examine_line(size_t begin, size_t end, bool windowed);
  bool unit_has_anchor(const FoldedText& f, Range r) const;
  void add(const FoldedText& f, Range r, std::string form, const Classification& cls, bool label_brackets,
           bool boundary);
  void find_content_bounds();
  std::string language_tag(const Candidate& c);

  std::string_view t_;
  const std::vector<ByteRange>& mask_;
  const LabelGrammar& grammar_;
  std::vector<size_t> anchors_;
  size_t first_content_ = 0, last_content_ = 0;  // first content byte, end of the last content character
  std::vector<Candidate> candidates_;
  ExplicitScan scan_;
  int doc_simp_ = -1, doc_trad_ = -1;  // Simplified/Traditional character counts of the text's start
  bool doc_kana_ = false;
};

bool content_char(char32_t c) { return !is_space(c) && c != '\n' && !is_invisible(c) && !is_decoration(c); }

void Scanner::find_content_bounds() {
  // First content character outside non-prose ranges.
  RangeCursor cur(mask_);
  first_content_ = t_.size();
  for (size_t i = 0; i < t_.size();) {
    if (cur.contains(i)) {
      i = cur.end_of_current();
      continue;
    }
    char32_t cp;
    const size_t n = utf8_decode_at(t_, i, cp);
    if (content_char(cp)) {
      first_content_ = i;
      break;
    }
    i += n;
  }
  // Last content character: walk back, skipping masked ranges.
  last_content_ = 0;
  size_t k = mask_.size();
  for (size_t i = t_.size(); i > 0;) {
    while (k > 0 && mask_[k - 1].begin >= i) --k;
    if (k > 0 && mask_[k - 1].end >= i && mask_[k - 1].begin < i) {
      i = mask_[k - 1].begin;
      continue;
    }
    const size_t start = utf8_prev(t_, i);
    char32_t cp;
    utf8_decode_at(t_, start, cp);
    if (content_char(cp)) {
      last_content_ = i;
      break;
    }
    i = start;
  }
}

void Scanner::fold(size_t begin, size_t end, FoldedText& out) {
  out.clear();
  // Non-prose ranges inside the line (inline code, tags, URLs) are left out.
  auto it = std::lower_bound(mask_.begin(), mask_.end(), begin,
                             [](const ByteRange& r, size_t v) { return r.end <= v; });
  for (size_t i = begin; i < end;) {
    if (it != mask_.end() && it->begin <= i) {
      i = std::max(i, it->end);
      ++it;
      continue;
    }
    char32_t cp;
    const size_t n = utf8_decode_at(t_, i, cp);
    fold_append(cp, static_cast<uint32_t>(i), static_cast<uint32_t>(i + n), out);
    i += n;
  }
}

bool Scanner::unit_has_anchor(const FoldedText& f, Range r) const {
  if (r.a >= r.b) return false;
  const size_t lo = f[r.a].begin, hi = f[r.b - 1].end;
  auto it = std::lower_bound(anchors_.begin(), anchors_.end(), lo);
  return it != anchors_.end() && *it < hi;
}

Classification Scanner::classify(const FoldedText& f, Range r, bool caption) {
  Classification out;
  r = strip_decoration(f, r);
  if (r.a >= r.b || r.b - r.a > kMaxUnitChars) return out;
  std::u32string s;
  s.reserve(r.b - r.a);
  for (size_t i = r.a; i < r.b; ++i) s += f[i].c;
  size_t labels = 0, others = 0, keys = 0, badges = 0;
  bool first_label = true;
  size_t start = 0;
  char32_t last_terminator = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    const bool sep = i == s.size() || is_clause_separator(f, r.a + i, r.b);
    if (!sep) continue;
    const char32_t term = i < s.size() ? s[i] : 0;
    Range cr = strip_decoration(f, {r.a + start, r.a + i});
    const size_t ca = cr.a - r.a, cb = cr.b - r.a;
    start = i + 1;
    if (term != 0) last_terminator = term;
    if (ca >= cb) continue;
    const std::u32string_view clause(s.data() + ca, cb - ca);
    // Every label pattern holds an AI element: a clause without one is not tried against them.
    const bool has_ai = unit_has_anchor(f, cr);
    ClauseMatch m;
    if (has_ai) m = grammar_.match_label(clause);
    if (has_ai && !m.matched && caption) m = grammar_.match_label_with_description(clause);
    if (m.matched) {
      ++labels;
      out.subject |= m.subject;
      out.agent |= m.agent;
      if (first_label) {
        out.language = m.language;
        out.possibly = m.possibly;
        out.suspected = m.suspected;
      }
      first_label = false;
    } else if (grammar_.match_companion(clause)) {
      // accompanies a label
    } else if ((term == ':' || term == '|') && grammar_.match_key(clause)) {
      ++keys;
    } else if (grammar_.match_badge(clause)) {
      ++badges;
    } else {
      ++others;
      // Only whether the text discusses AI generation at all matters: once known, stop looking.
      if (scan_.discussion == 0 && has_ai && grammar_.contains_generation_word(clause)) ++scan_.discussion;
    }
  }
  out.question = last_terminator == '?' || last_terminator == 0xFF1F;
  out.label = labels > 0 && others == 0 && !out.question;
  out.strong = out.subject || out.agent || keys > 0;
  out.badge = labels == 0 && others == 0 && badges > 0 && !out.question;
  return out;
}

void Scanner::add(const FoldedText& f, Range r, std::string form, const Classification& cls, bool label_brackets,
                  bool boundary) {
  Candidate c;
  c.begin = f[r.a].begin;
  c.end = f[r.b - 1].end;
  c.form = std::move(form);
  c.cls = cls;
  c.at_start = c.begin <= first_content_;
  c.at_end = c.end >= last_content_;
  c.label_style_brackets = label_brackets;
  c.at_boundary = boundary;
  candidates_.push_back(std::move(c));
}

bool is_quote(char32_t c) {
  switch (c) {
    case '"': case '\'': case '`': case 0x201C: case 0x201D: case 0x201E: case 0x00AB: case 0x00BB: case 0x300C:
    case 0x300D: case 0x300E: case 0x300F: case 0x2039: case 0x203A: case 0x300A: case 0x300B: case 0x3008: case 0x3009:
      return true;
    default:
      return false;
  }
}

// Words that present what follows as an example or as the wording to use, and words that follow it as such.
constexpr std::u32string_view kMentionBefore[] = {
    U"例如", U"比如", U"譬如", U"诸如", U"諸如", U"如", U"示例", U"範例", U"范例", U"举例", U"舉例", U"标注", U"標註",
    U"注明", U"註明", U"写明", U"寫明", U"加上", U"添加", U"显示", U"顯示", U"写上", U"寫上", U"打上", U"标有", U"標有",
    U"e.g.", U"eg", U"for example", U"for instance", U"such as", U"like", U"reads", U"read", U"labelled", U"labeled",
    U"z.b.", U"zum beispiel", U"wie", U"par exemple", U"comme", U"por ejemplo", U"como", U"例えば", U"たとえば",
    U"예를 들어", U"예컨대"};
constexpr std::u32string_view kMentionAfter[] = {U"字样", U"字樣", U"等", U"这样", U"這樣", U"之类", U"之類", U"标签",
                                                 U"標籤", U"水印", U"提示语", U"提示語", U"といった", U"などの", U"등의"};

// Is the unit [a, b) of line `line` quoted, or introduced as an example or as wording to use?
bool mention_around(const FoldedText& f, Range line, size_t a, size_t b) {
  size_t p = a;
  while (p > line.a && (f[p - 1].c == ' ' || f[p - 1].c == ':')) --p;
  size_t q = b;
  while (q < line.b && f[q].c == ' ') ++q;
  if ((p > line.a && is_quote(f[p - 1].c)) || (q < line.b && is_quote(f[q].c))) return true;
  auto ends_with = [&](std::u32string_view w) {
    if (p - line.a < w.size()) return false;
    for (size_t k = 0; k < w.size(); ++k) {
      if (f[p - w.size() + k].c != w[k]) return false;
    }
    const size_t start = p - w.size();
    return !(folded_word_char(w.front()) && start > line.a && folded_word_char(f[start - 1].c));
  };
  auto starts_with = [&](std::u32string_view w) {
    if (line.b - q < w.size()) return false;
    for (size_t k = 0; k < w.size(); ++k) {
      if (f[q + k].c != w[k]) return false;
    }
    return true;
  };
  for (std::u32string_view w : kMentionBefore) {
    if (ends_with(w)) return true;
  }
  for (std::u32string_view w : kMentionAfter) {
    if (starts_with(w)) return true;
  }
  return false;
}

struct BracketPair {
  char32_t open, close;
  bool label_style;
};
constexpr BracketPair kBrackets[] = {
    {0x3010, 0x3011, true},  {0x3016, 0x3017, true}, {0x3014, 0x3015, true}, {'[', ']', false},
    {'(', ')', false},
};

void Scanner::examine_line(size_t begin, size_t end, bool windowed) {
  FoldedText f;
  fold(begin, end, f);
  if (f.empty()) return;
  const Range whole = strip_decoration(f, {0, f.size()});
  if (whole.a >= whole.b) return;

  // 1. The whole line (not for windows cut out of a long line).
  if (!windowed) {
    std::u32string line;
    for (size_t i = whole.a; i < whole.b; ++i) line += f[i].c;
    const size_t cap = grammar_.match_caption_prefix(line);
    if (cap > 0) {
      const Range rest{whole.a + cap, whole.b};
      const Classification c = classify(f, rest, true);
      if (c.label) {
        add(f, strip_decoration(f, rest), "caption", c, false, true);
        return;
      }
    }
    const Classification c = classify(f, whole);
    if (c.label) {
      add(f, whole, "line", c, false, true);
      return;
    }
    if (c.badge) scan_.badges.push_back({f[whole.a].begin, f[whole.b - 1].end});
  }

  // 2. Brackets holding an AI word.
  bool found = false;
  for (size_t i = whole.a; i < whole.b; ++i) {
    for (const BracketPair& bp : kBrackets) {
      if (f[i].c != bp.open) continue;
      size_t j = i + 1;
      while (j < whole.b && j - i <= kMaxUnitChars && f[j].c != bp.close && f[j].c != bp.open) ++j;
      if (j >= whole.b || f[j].c != bp.close) break;
      const Range inner{i + 1, j};
      if (!unit_has_anchor(f, inner)) break;
      // A Markdown image's alt text is its caption.
      const bool image_alt = bp.open == '[' && i > 0 && f[i - 1].c == '!';
      const Classification c = classify(f, inner, image_alt);
      // Does the bracket stand between sentences (line start/end or next to sentence punctuation)?
      size_t before = i, after = j + 1;
      while (before > whole.a && (f[before - 1].c == ' ' || is_decoration(f[before - 1].c))) --before;
      while (after < whole.b && (f[after].c == ' ' || is_decoration(f[after].c))) ++after;
      const auto sentence_punct = [](char32_t ch) {
        return ch == '.' || ch == '!' || ch == '?' || ch == ':' || ch == ';' || ch == ',' || ch == 0xFF01 ||
               ch == 0xFF1F || ch == ')' || ch == ']' || ch == 0x3011 || ch == '|';
      };
      const bool boundary = (before == whole.a || sentence_punct(f[before - 1].c)) ||
                            (after == whole.b || sentence_punct(f[after].c) || f[after].c == '(' || f[after].c == '[' ||
                             f[after].c == 0x3010);
      // Quoted, or named as an example ("例如【AI生成】", "加上【AI生成】字样", e.g. "[AI-generated]"): a mention.
      const bool mentioned = mention_around(f, whole, before, after);
      if (c.label && !mentioned) {
        add(f, {i, j + 1}, image_alt ? "caption" : "brackets", c, bp.label_style, boundary);
        found = true;
      } else if (c.badge && bp.label_style && !mentioned) {
        scan_.badges.push_back({f[i].begin, f[j].end});
      }
      i = j;
      break;
    }
  }
  if (found) return;

  // 3. Sentences holding an AI word.
  size_t s = whole.a;
  for (size_t i = whole.a; i <= whole.b; ++i) {
    const bool end_here = i == whole.b || is_terminator(f, i, whole.b);
    if (!end_here) continue;
    const size_t e = i < whole.b ? i + 1 : i;  // include the terminator in the span
    const Range sentence{s, i};
    if (unit_has_anchor(f, sentence)) {
      const Classification c = classify(f, {s, e});
      const Range shown = strip_decoration(f, {s, e});
      if (c.label && shown.a < shown.b && !mention_around(f, whole, shown.a, shown.b)) {
        add(f, shown, "sentence", c, false, true);
      }
    }
    s = i + 1;
  }
}

std::string Scanner::language_tag(const Candidate& c) {
  switch (c.cls.language) {
    case LabelLanguage::kZh: break;
    default: return std::string(label_language_name(c.cls.language));
  }
  // Chinese: Traditional or Simplified by characters found in the label, else in the first 64 KiB of text.
  // Pairs of Simplified and Traditional forms of frequent characters (simplified first).
  static constexpr std::u32string_view kPairs =
      U"这這为為们們说說会會时時来來对對国國图圖产產发發经經过過还還进進动動与與后後开開关關学學体體应應实實"
      U"现現业業长長术術该該视視频頻网網页頁问問题題标標识識声聲辅輔统統软軟样樣内內仅僅参參请請别別个個处處"
      U"则則让讓认認论論设設计計写寫读讀书書话話语語见見觉覺电電机機气氣车車马馬门門间間东東两兩从從众眾价價"
      U"务務势勢区區华華单單历歷压壓变變号號员員响響场場报報备備复復头頭实實宝寶层層币幣师師带帶广廣库庫张張"
      U"录錄总總战戰护護据據数數断斷无無显顯权權条條杂雜极極构構检檢汉漢没沒测測满滿灵靈点點热熱爱愛环環画畫"
      U"监監确確种種积積称稱简簡类類级級线線组組细細终終结結给給绝絕继繼续續维維综綜联聯职職脑腦节節获獲规規"
      U"览覽讨討议議记記讲講许許证證评評诉訴词詞译譯试試询詢详詳误誤调調谈談质質购購费費资資转轉轻輕较較边邊"
      U"达達运運远遠连連选選错錯闻聞阅閱际際随隨险險难難顺順须須领領额額风風飞飛验驗鱼魚鸟鳥黄黃龙龍亚亞乐樂"
      U"习習乡鄉买買争爭云雲亿億传傳余餘创創删刪剧劇办辦劝勸卖賣卫衛厅廳双雙启啟";
  // Sorted once: code point → Simplified (0) or Traditional (1).
  static const std::vector<std::pair<char32_t, int>> kForms = [] {
    std::vector<std::pair<char32_t, int>> v;
    for (size_t k = 0; k < kPairs.size(); ++k) v.emplace_back(kPairs[k], static_cast<int>(k % 2));
    std::sort(v.begin(), v.end());
    return v;
  }();
  auto count = [&](size_t a, size_t b, int& simp, int& trad, bool& kana) {
    for (size_t i = a; i < b;) {
      char32_t cp;
      i += utf8_decode_at(t_, i, cp);
      if (cp < 0x3040) continue;
      if (is_kana(cp)) kana = true;
      auto it = std::lower_bound(kForms.begin(), kForms.end(), std::make_pair(cp, 0));
      if (it != kForms.end() && it->first == cp) ++(it->second == 0 ? simp : trad);
    }
  };
  int simp = 0, trad = 0;
  bool kana = false;
  count(c.begin, c.end, simp, trad, kana);
  if (t_.substr(c.begin, c.end - c.begin).find("人工智慧") != std::string_view::npos) ++trad;  // Taiwan usage
  if (simp == trad) {
    // The first 64 KiB of the text decide, counted once per text.
    if (doc_simp_ < 0) {
      size_t limit = std::min<size_t>(t_.size(), 64 * 1024);
      while (limit > 0 && limit < t_.size() && (static_cast<uint8_t>(t_[limit]) & 0xC0) == 0x80) --limit;
      int ds = 0, dt = 0;
      count(0, limit, ds, dt, doc_kana_);
      doc_simp_ = ds;
      doc_trad_ = dt;
    }
    if (doc_kana_) return "ja";  // "AI生成" in a Japanese text
    simp += doc_simp_;
    trad += doc_trad_;
  }
  if (simp > trad) return "zh-Hans";
  if (trad > simp) return "zh-Hant";
  return "zh";
}

ExplicitScan Scanner::run() {
  anchors_ = find_ai_anchors(t_, kMaxAnchors);
  if (anchors_.empty()) return std::move(scan_);
  find_content_bounds();
  RangeCursor masked(mask_);
  size_t last_line_begin = SIZE_MAX;
  size_t window_end = 0;
  // The line holding the current anchor. Anchors come in text order, so each search for a line break only
  // covers the text since the previous anchor's line.
  size_t ls = 0, le = 0;
  bool have_line = false;
  for (size_t a : anchors_) {
    if (masked.contains(a)) continue;
    if (!have_line || a > le) {
      const size_t prev_nl = a > 0 ? t_.rfind('\n', a - 1) : std::string_view::npos;
      ls = prev_nl == std::string_view::npos ? 0 : prev_nl + 1;
      le = t_.find('\n', a);
      if (le == std::string_view::npos) le = t_.size();
      have_line = true;
    }
    if (le - ls <= kMaxLineBytes) {
      if (ls == last_line_begin) continue;
      last_line_begin = ls;
      examine_line(ls, le, false);
    } else {
      // A very long line: a window around this AI word, cut at character boundaries.
      if (a < window_end) continue;
      size_t ws = a > ls + kWindowBytes ? a - kWindowBytes : ls;
      size_t we = std::min(le, a + kWindowBytes);
      while (ws > ls && (static_cast<uint8_t>(t_[ws]) & 0xC0) == 0x80) --ws;
      while (we < le && (static_cast<uint8_t>(t_[we]) & 0xC0) == 0x80) ++we;
      window_end = we;
      examine_line(ws, we, true);
    }
    if (candidates_.size() >= kMaxLabels) break;
  }
  // Decide. Labels at the start or the end, in a caption, in label brackets, or naming their subject or agent
  // stand on their own; a bare noun phrase in the middle counts only in a text that does not discuss AI
  // generation elsewhere (there it reads as a heading or a term), and a parenthesis in the middle of a sentence
  // only when it names its subject or agent.
  size_t last_end = 0;
  for (const Candidate& c : candidates_) {
    if (c.begin < last_end) continue;  // overlapping units: keep the first
    bool accept = false;
    const bool edge = c.at_start || c.at_end;
    if (c.form == "caption") accept = true;
    else if (c.form == "line") accept = edge || c.cls.strong || scan_.discussion == 0;
    else if (c.form == "brackets") {
      accept = c.cls.strong || (c.at_boundary && (c.label_style_brackets || edge || scan_.discussion == 0));
    } else if (c.form == "sentence") {
      accept = edge || (c.cls.strong && (c.cls.subject || c.cls.agent));
    }
    if (!accept) continue;
    ExplicitLabel l;
    l.begin = c.begin;
    l.end = c.end;
    l.language = language_tag(c);
    l.position = c.at_start ? "start" : c.at_end ? "end" : "middle";
    l.form = c.form;
    l.subject = c.cls.subject;
    l.agent = c.cls.agent;
    l.possibly = c.cls.possibly;
    l.suspected = c.cls.suspected;
    scan_.labels.push_back(std::move(l));
    last_end = c.end;
  }
  return std::move(scan_);
}

}  // namespace

ExplicitScan find_explicit_labels(const TextDocument& doc, const std::vector<ByteRange>& non_prose) {
  Scanner s(doc, non_prose);
  return s.run();
}

}  // namespace dsmark
