// text:invisible — characters that carry data without being seen: zero-width characters, tag characters,
// variation selector runs, the C2PA text wrapper, bidi controls, and homoglyph words.
//
// Each kind found gives one mark with every run's position and, where the run decodes, its payload. Ordinary
// uses are left alone: ZWJ/ZWNJ in emoji sequences and in joining and Indic scripts, one variation selector
// after a character (emoji presentation, ideographic variants), tag characters of flag emoji, a soft hyphen
// inside a word, bidi controls in right-to-left text. The claim is "unknown" unless a payload says in words
// (or as a GB 45438 label) that the content is AI-generated.
#include <algorithm>
#include <cstdio>
#include <string>

#include "schemes/gb45438_label.h"
#include "text/text_analysis.h"
#include "text/unicode_props.h"
#include "util/text_encoding.h"

namespace dsmark {
namespace {

constexpr size_t kMaxRunsListed = 16;

std::string hex(const std::vector<uint8_t>& bytes, size_t max = 256) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < bytes.size() && i < max; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 15];
  }
  return out;
}

std::string code_point_name(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

// Printable text: valid UTF-8 with no control characters other than tab and newline, and mostly letters,
// digits, punctuation or spaces.
bool printable(const std::vector<uint8_t>& bytes) {
  if (bytes.empty()) return false;
  const std::string_view s(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (!is_valid_utf8(s)) return false;
  for (uint8_t b : bytes) {
    if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F) return false;
  }
  return true;
}

char32_t cp_before(std::string_view t, size_t offset) {
  if (offset == 0) return 0;
  char32_t cp;
  utf8_decode_at(t, utf8_prev(t, offset), cp);
  return cp;
}

char32_t cp_at(std::string_view t, size_t offset) {
  if (offset >= t.size()) return 0;
  char32_t cp;
  utf8_decode_at(t, offset, cp);
  return cp;
}

struct Run {
  size_t first;  // indices into TextAnalysis::invisible
  size_t last;   // inclusive
};

// Runs of adjacent characters among `picked` (indices into inv, in order).
std::vector<Run> runs_of(const std::vector<InvisibleChar>& inv, const std::vector<size_t>& picked) {
  std::vector<Run> runs;
  for (size_t k = 0; k < picked.size(); ++k) {
    const size_t i = picked[k];
    if (!runs.empty()) {
      const InvisibleChar& prev = inv[runs.back().last];
      if (runs.back().last + 1 == i && prev.offset + prev.length == inv[i].offset) {
        runs.back().last = i;
        continue;
      }
    }
    runs.push_back({i, i});
  }
  return runs;
}

class Detector {
 public:
  explicit Detector(Analysis& a) : a_(a), ta_(*a.text), t_(ta_.doc.text()), inv_(ta_.invisible) {}

  void run() {
    c2pa_wrappers();
    tags();
    variation_selectors();
    zero_width();
    bidi();
    homoglyphs();
  }

 private:
  bool in_wrapper(size_t offset) const {
    for (const C2paTextWrapper& w : ta_.wrappers) {
      if (offset >= w.begin && offset < w.end) return true;
    }
    return false;
  }

  Value span(size_t begin, size_t end) const { return ta_.doc.span(begin, end); }

  Mark new_mark(const char* kind, double confidence) const {
    Mark m;
    m.scheme = "text:invisible";
    m.kind = MarkKind::kWatermark;
    m.carrier = std::string("text:") + kind;
    m.claim = Claim::kUnknown;
    m.confidence = confidence;
    m.fields.set("kind", kind);
    return m;
  }

  // A claim from a decoded payload: a GB 45438 label in JSON, or a label in words.
  void claim_from_payload(Mark& m, const std::string& text) const {
    if (text.find("\"Label\"") != std::string::npos) {
      const Mark label = parse_gb45438_label(text, m.carrier, a_.limits);
      if (label.claim != Claim::kUnknown) {
        m.claim = label.claim;
        m.fields.set("gb45438", label.fields);
        for (const std::string& p : label.problems) m.problems.push_back("hidden GB 45438 label: " + p);
        return;
      }
    }
    if (payload_declares_ai(text)) m.claim = Claim::kAi;
  }

  void c2pa_wrappers() {
    if (ta_.wrappers.empty()) return;
    Mark m = new_mark("c2pa-wrapper", 0.95);
    Value runs = Value::array();
    for (const C2paTextWrapper& w : ta_.wrappers) {
      Value r = span(w.begin, w.end);
      r.set("version", static_cast<int>(w.version));
      r.set("declared_bytes", w.declared_bytes);
      r.set("manifest_bytes", static_cast<uint64_t>(w.manifest_bytes));
      r.set("jumbf", w.jumbf);
      runs.push(std::move(r));
      if (w.manifest_bytes < w.declared_bytes) {
        m.problems.push_back("the wrapper declares " + std::to_string(w.declared_bytes) + " manifest bytes but holds " +
                             std::to_string(w.manifest_bytes) + " (the text was cut or edited)");
      } else if (!w.jumbf) {
        m.problems.push_back("the wrapped bytes are not a JUMBF manifest store");
      }
      if (w.version != 1) m.problems.push_back("wrapper version " + std::to_string(w.version) + " is not 1");
    }
    m.fields.set("count", static_cast<uint64_t>(ta_.wrappers.size()));
    m.fields.set("runs", std::move(runs));
    m.fields.set("note", "a C2PA manifest store hidden in variation selectors; the C2PA reader judges what it claims");
    a_.marks.push_back(std::move(m));
  }

  void tags() {
    std::vector<size_t> picked;
    for (size_t i = 0; i < inv_.size(); ++i) {
      if (is_tag_char(inv_[i].cp)) picked.push_back(i);
    }
    if (picked.empty()) return;
    std::vector<Run> runs;
    for (const Run& r : runs_of(inv_, picked)) {
      // A flag emoji: U+1F3F4, lower-case tag letters and digits, U+E007F.
      const bool cancel_end = inv_[r.last].cp == 0xE007F;
      bool flag_letters = r.last - r.first <= 7;
      for (size_t i = r.first; i < r.last && flag_letters; ++i) {
        const char32_t c = inv_[i].cp - 0xE0000;
        flag_letters = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      }
      if (cancel_end && flag_letters && cp_before(t_, inv_[r.first].offset) == 0x1F3F4) continue;
      runs.push_back(r);
    }
    if (runs.empty()) return;
    Mark m = new_mark("tag-characters", 0.95);
    Value listed = Value::array();
    std::string first_text;
    size_t count = 0;
    for (const Run& r : runs) {
      std::string text;
      for (size_t i = r.first; i <= r.last; ++i) {
        const char32_t c = inv_[i].cp - 0xE0000;
        if (c >= 0x20 && c <= 0x7E) text += static_cast<char>(c);
      }
      count += r.last - r.first + 1;
      if (first_text.empty()) first_text = text;
      if (listed.size() < kMaxRunsListed) {
        Value v = span(inv_[r.first].offset, inv_[r.last].offset + inv_[r.last].length);
        v.set("length", static_cast<uint64_t>(r.last - r.first + 1));
        v.set("payload_text", text);
        listed.push(std::move(v));
      }
    }
    m.fields.set("count", static_cast<uint64_t>(count));
    m.fields.set("runs", std::move(listed));
    m.fields.set("runs_total", static_cast<uint64_t>(runs.size()));
    m.fields.set("payload_text", first_text);
    claim_from_payload(m, first_text);
    a_.marks.push_back(std::move(m));
  }

  void variation_selectors() {
    std::vector<size_t> picked;
    for (size_t i = 0; i < inv_.size(); ++i) {
      if (is_variation_selector(inv_[i].cp) && !in_wrapper(inv_[i].offset)) picked.push_back(i);
    }
    std::vector<Run> runs;
    for (const Run& r : runs_of(inv_, picked)) {
      if (r.last > r.first) runs.push_back(r);  // one selector after a character is ordinary
    }
    if (runs.empty()) return;
    Mark m = new_mark("variation-selectors", 0.9);
    Value listed = Value::array();
    std::string first_text, first_hex;
    size_t count = 0;
    for (const Run& r : runs) {
      std::vector<uint8_t> bytes;
      for (size_t i = r.first; i <= r.last; ++i) bytes.push_back(static_cast<uint8_t>(variation_selector_byte(inv_[i].cp)));
      count += bytes.size();
      const bool text = printable(bytes);
      if (first_hex.empty()) {
        first_hex = hex(bytes);
        if (text) first_text.assign(bytes.begin(), bytes.end());
      }
      if (listed.size() < kMaxRunsListed) {
        Value v = span(inv_[r.first].offset, inv_[r.last].offset + inv_[r.last].length);
        v.set("length", static_cast<uint64_t>(bytes.size()));
        v.set("payload_hex", hex(bytes));
        if (text) v.set("payload_text", std::string(bytes.begin(), bytes.end()));
        listed.push(std::move(v));
      }
    }
    m.fields.set("count", static_cast<uint64_t>(count));
    m.fields.set("runs", std::move(listed));
    m.fields.set("runs_total", static_cast<uint64_t>(runs.size()));
    m.fields.set("payload_hex", first_hex);
    if (!first_text.empty()) {
      m.fields.set("payload_text", first_text);
      claim_from_payload(m, first_text);
    }
    a_.marks.push_back(std::move(m));
  }

  // Decodes a stream of zero-width symbols: two symbols as bits (8 per byte, either assignment), three with one
  // as a separator between binary groups, four as base-4 digits. Returns the only printable reading, if any.
  static bool decode_symbols(const std::vector<char32_t>& s, std::string& text, std::string& scheme) {
    std::vector<char32_t> alphabet;
    for (char32_t c : s) {
      if (std::find(alphabet.begin(), alphabet.end(), c) == alphabet.end()) alphabet.push_back(c);
      if (alphabet.size() > 4) return false;
    }
    std::sort(alphabet.begin(), alphabet.end());
    std::vector<std::string> readings;
    auto take = [&](const std::vector<uint8_t>& bytes) {
      if (bytes.size() >= 2 && printable(bytes)) readings.emplace_back(bytes.begin(), bytes.end());
    };
    if (alphabet.size() == 2 && s.size() % 8 == 0) {
      for (int one = 0; one < 2; ++one) {
        std::vector<uint8_t> bytes;
        for (size_t i = 0; i < s.size(); i += 8) {
          uint8_t v = 0;
          for (size_t k = 0; k < 8; ++k) v = static_cast<uint8_t>(v << 1 | (s[i + k] == alphabet[one]));
          bytes.push_back(v);
        }
        take(bytes);
      }
      scheme = "binary";
    } else if (alphabet.size() == 3) {
      for (int sep = 0; sep < 3; ++sep) {
        const char32_t a = alphabet[(sep + 1) % 3], b = alphabet[(sep + 2) % 3];
        for (int flip = 0; flip < 2; ++flip) {
          std::vector<uint8_t> bytes;
          uint32_t v = 0;
          size_t bits = 0;
          bool ok = true;
          auto flush = [&] {
            if (bits == 0) return;
            if (v > 0x7F || bits > 16) ok = false;
            bytes.push_back(static_cast<uint8_t>(v));
            v = 0;
            bits = 0;
          };
          for (char32_t c : s) {
            if (c == alphabet[sep]) {
              flush();
            } else {
              v = v << 1 | ((c == (flip ? a : b)) ? 1u : 0u);
              ++bits;
            }
          }
          flush();
          if (ok) take(bytes);
        }
      }
      scheme = "separated-binary";
    } else if (alphabet.size() == 4 && s.size() % 4 == 0) {
      std::array<int, 4> perm = {0, 1, 2, 3};
      do {
        std::vector<uint8_t> bytes;
        for (size_t i = 0; i < s.size(); i += 4) {
          uint8_t v = 0;
          for (size_t k = 0; k < 4; ++k) {
            const size_t idx = static_cast<size_t>(std::find(alphabet.begin(), alphabet.end(), s[i + k]) - alphabet.begin());
            v = static_cast<uint8_t>(v << 2 | perm[idx]);
          }
          bytes.push_back(v);
        }
        take(bytes);
      } while (std::next_permutation(perm.begin(), perm.end()));
      scheme = "base-4";
    }
    std::sort(readings.begin(), readings.end());
    readings.erase(std::unique(readings.begin(), readings.end()), readings.end());
    if (readings.size() != 1) return false;
    text = readings[0];
    return true;
  }

  void zero_width() {
    std::vector<size_t> picked;
    for (size_t i = 0; i < inv_.size(); ++i) {
      const InvisibleChar& c = inv_[i];
      if (!is_zero_width(c.cp) || in_wrapper(c.offset)) continue;
      const char32_t prev = cp_before(t_, c.offset);
      const char32_t next = cp_at(t_, c.offset + c.length);
      if (c.cp == 0x200C || c.cp == 0x200D) {
        if (joiner_in_ordinary_use(prev, c.cp, next)) continue;
        if (ta_.dsmark_mark) continue;  // reported as watermark:dsmark-text
      }
      if (c.cp == 0x200B && (is_joining_script(prev) || is_joining_script(next))) continue;  // Thai, Khmer, …
      if (c.cp == 0x00AD && is_alphabetic_word_char(prev) && is_alphabetic_word_char(next)) continue;  // hyphenation
      picked.push_back(i);
    }
    if (picked.empty()) return;
    const std::vector<Run> runs = runs_of(inv_, picked);
    size_t longest = 0;
    for (const Run& r : runs) longest = std::max(longest, r.last - r.first + 1);
    // One stray zero-width space is common in text copied from the web; a run or several are not.
    if (longest < 2 && picked.size() < 3) return;
    std::vector<char32_t> alphabet;
    for (size_t i : picked) {
      if (std::find(alphabet.begin(), alphabet.end(), inv_[i].cp) == alphabet.end()) alphabet.push_back(inv_[i].cp);
    }
    std::sort(alphabet.begin(), alphabet.end());
    const double confidence = std::min(0.9, 0.5 + 0.05 * static_cast<double>(std::min<size_t>(picked.size(), 8)));
    Mark m = new_mark("zero-width", confidence);
    Value listed = Value::array();
    std::string payload, scheme;
    for (const Run& r : runs) {
      std::vector<char32_t> symbols;
      for (size_t i = r.first; i <= r.last; ++i) symbols.push_back(inv_[i].cp);
      std::string text, sch;
      const bool decoded = symbols.size() >= 8 && decode_symbols(symbols, text, sch);
      if (decoded && payload.empty()) {
        payload = text;
        scheme = sch;
      }
      if (listed.size() < kMaxRunsListed) {
        Value v = span(inv_[r.first].offset, inv_[r.last].offset + inv_[r.last].length);
        v.set("length", static_cast<uint64_t>(symbols.size()));
        if (decoded) v.set("payload_text", text);
        listed.push(std::move(v));
      }
    }
    // Symbols scattered one by one between words are read as one stream.
    if (payload.empty() && runs.size() > 1 && picked.size() >= 16) {
      std::vector<char32_t> stream;
      for (size_t i : picked) stream.push_back(inv_[i].cp);
      std::string text, sch;
      if (decode_symbols(stream, text, sch)) {
        payload = text;
        scheme = sch + " (scattered)";
      }
    }
    Value names = Value::array();
    for (char32_t c : alphabet) names.push(code_point_name(c));
    m.fields.set("count", static_cast<uint64_t>(picked.size()));
    m.fields.set("alphabet", std::move(names));
    m.fields.set("runs", std::move(listed));
    m.fields.set("runs_total", static_cast<uint64_t>(runs.size()));
    if (!payload.empty()) {
      m.fields.set("payload_text", payload);
      m.fields.set("scheme", scheme);
      m.confidence = 0.95;
      claim_from_payload(m, payload);
    }
    a_.marks.push_back(std::move(m));
  }

  void bidi() {
    const bool rtl = ta_.scripts.rtl;
    std::vector<size_t> picked;
    for (size_t i = 0; i < inv_.size(); ++i) {
      const char32_t c = inv_[i].cp;
      if (!is_bidi_control(c)) continue;
      if (rtl && c != 0x202D && c != 0x202E) continue;  // ordinary in right-to-left text, except overrides
      picked.push_back(i);
    }
    if (picked.empty()) return;
    Mark m = new_mark("bidi-controls", 0.6);
    std::vector<char32_t> kinds;
    Value listed = Value::array();
    const std::vector<Run> runs = runs_of(inv_, picked);
    for (const Run& r : runs) {
      for (size_t i = r.first; i <= r.last; ++i) {
        if (std::find(kinds.begin(), kinds.end(), inv_[i].cp) == kinds.end()) kinds.push_back(inv_[i].cp);
      }
      if (listed.size() < kMaxRunsListed) {
        Value v = span(inv_[r.first].offset, inv_[r.last].offset + inv_[r.last].length);
        v.set("length", static_cast<uint64_t>(r.last - r.first + 1));
        listed.push(std::move(v));
      }
    }
    std::sort(kinds.begin(), kinds.end());
    Value names = Value::array();
    for (char32_t c : kinds) names.push(code_point_name(c));
    m.fields.set("count", static_cast<uint64_t>(picked.size()));
    m.fields.set("controls", std::move(names));
    m.fields.set("runs", std::move(listed));
    m.fields.set("runs_total", static_cast<uint64_t>(runs.size()));
    a_.marks.push_back(std::move(m));
  }

  // The Latin letter a Cyrillic, Greek or Armenian letter is mistaken for (UTS #39 confusables, the common
  // ones), or 0.
  static char latin_lookalike(char32_t c) {
    switch (c) {
      case 0x0430: return 'a'; case 0x0435: return 'e'; case 0x043E: return 'o'; case 0x0440: return 'p';
      case 0x0441: return 'c'; case 0x0443: return 'y'; case 0x0445: return 'x'; case 0x0456: return 'i';
      case 0x0458: return 'j'; case 0x0455: return 's'; case 0x0501: return 'd'; case 0x04BB: return 'h';
      case 0x04CF: return 'l'; case 0x051B: return 'q'; case 0x051D: return 'w'; case 0x0261: return 'g';
      case 0x0251: return 'a'; case 0x0410: return 'A'; case 0x0412: return 'B'; case 0x0415: return 'E';
      case 0x041A: return 'K'; case 0x041C: return 'M'; case 0x041D: return 'H'; case 0x041E: return 'O';
      case 0x0420: return 'P'; case 0x0421: return 'C'; case 0x0422: return 'T'; case 0x0425: return 'X';
      case 0x0423: return 'Y'; case 0x0406: return 'I'; case 0x0408: return 'J'; case 0x0405: return 'S';
      case 0x051A: return 'Q'; case 0x051C: return 'W'; case 0x03BF: return 'o'; case 0x03B1: return 'a';
      case 0x03BD: return 'v'; case 0x03C1: return 'p'; case 0x03B9: return 'i'; case 0x03BA: return 'k';
      case 0x03C5: return 'u'; case 0x0391: return 'A'; case 0x0392: return 'B'; case 0x0395: return 'E';
      case 0x0396: return 'Z'; case 0x0397: return 'H'; case 0x0399: return 'I'; case 0x039A: return 'K';
      case 0x039C: return 'M'; case 0x039D: return 'N'; case 0x039F: return 'O'; case 0x03A1: return 'P';
      case 0x03A4: return 'T'; case 0x03A5: return 'Y'; case 0x03A7: return 'X'; case 0x0585: return 'o';
      case 0x057D: return 'u'; case 0x0570: return 'h'; case 0x0578: return 'n';
      default: return 0;
    }
  }

  static bool is_latin_letter(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
  }

  void homoglyphs() {
    // Only texts that hold both Latin and Cyrillic/Greek/Armenian letters can have mixed words.
    if (!ta_.scripts.lookalikes) return;
    size_t latin_letters = 0, other_letters = 0;
    struct Word {
      size_t begin, end;
      size_t latin, lookalike, other;
      std::string skeleton;
    };
    std::vector<Word> words;
    Word w{0, 0, 0, 0, 0, {}};
    bool in_word = false;
    for (size_t i = 0; i <= t_.size();) {
      char32_t cp = 0;
      size_t n = 1;
      if (i < t_.size()) n = utf8_decode_at(t_, i, cp);
      const char look = latin_lookalike(cp);
      const bool letter = i < t_.size() && (is_latin_letter(cp) || look != 0 || is_alphabetic_word_char(cp));
      if (letter) {
        if (!in_word) w = Word{i, i, 0, 0, 0, {}};
        in_word = true;
        if (is_latin_letter(cp)) {
          ++w.latin;
          ++latin_letters;
          append_utf8(w.skeleton, cp);
        } else if (look) {
          ++w.lookalike;
          ++other_letters;
          w.skeleton += look;
        } else {
          if (cp >= 0x370) {  // a Cyrillic, Greek or Armenian letter that looks like no Latin one
            ++other_letters;
            ++w.other;
          }
          append_utf8(w.skeleton, cp);
        }
        w.end = i + n;
      } else if (in_word) {
        in_word = false;
        words.push_back(w);
      }
      i += n;
    }
    // A mixed word (Latin letters with letters of another script: "pаypal" with a Cyrillic а, "cистема" with a
    // Latin c), or, in a Latin text, a word spelled only with look-alikes ("рау").
    const bool latin_text = latin_letters >= 9 * other_letters;
    std::vector<const Word*> found;
    for (const Word& word : words) {
      const bool mixed = word.latin > 0 && (word.lookalike > 0 || word.other > 0);
      const bool disguised = latin_text && word.latin == 0 && word.other == 0 && word.lookalike >= 2;
      if (mixed || disguised) found.push_back(&word);
    }
    if (found.empty()) return;
    Mark m = new_mark("homoglyphs", std::min(0.9, 0.55 + 0.05 * static_cast<double>(found.size())));
    Value listed = Value::array();
    size_t letters = 0;
    for (const Word* word : found) {
      // The letters of the minority script are the replaced ones.
      const size_t replaced = word->latin == 0 ? word->lookalike : std::min(word->latin, word->lookalike + word->other);
      letters += replaced;
      if (listed.size() < kMaxRunsListed) {
        Value v = span(word->begin, word->end);
        v.set("text", t_.substr(word->begin, word->end - word->begin));
        v.set("looks_like", word->skeleton);
        v.set("replaced_letters", static_cast<uint64_t>(replaced));
        listed.push(std::move(v));
      }
    }
    m.fields.set("count", static_cast<uint64_t>(found.size()));
    m.fields.set("replaced_letters", static_cast<uint64_t>(letters));
    m.fields.set("runs", std::move(listed));
    m.fields.set("runs_total", static_cast<uint64_t>(found.size()));
    a_.marks.push_back(std::move(m));
  }

  Analysis& a_;
  TextAnalysis& ta_;
  std::string_view t_;
  const std::vector<InvisibleChar>& inv_;
};

}  // namespace

void detect_invisible_text(Analysis& a) {
  if (!a.text) return;
  Detector(a).run();
}

}  // namespace dsmark
