#include "text/markdown_mask.h"

#include <algorithm>

namespace dsmark {
namespace {

constexpr size_t kInlineWindow = 4096;

bool is_url_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7F && c != '<' && c != '>' && c != '"' && c != '`' && c != '\'';
}

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '.' || c == '+' || c == '%';
}

// URLs (scheme:// or www.) and e-mail addresses anywhere in the text.
void add_urls(std::string_view t, std::vector<ByteRange>& out) {
  // The next occurrence of each marker, recomputed only once passed (keeps the scan linear).
  size_t scheme = t.find("://"), www = t.find("www."), at = t.find('@');
  size_t i = 0;
  while (i < t.size()) {
    if (scheme < i) scheme = t.find("://", i);
    if (www < i) www = t.find("www.", i);
    if (at < i) at = t.find('@', i);
    const size_t next = std::min({scheme, www, at});
    if (next == std::string_view::npos) break;
    size_t begin = next, end = next;
    if (next == scheme) {
      while (begin > 0 && next - begin < 32 &&
             ((t[begin - 1] >= 'a' && t[begin - 1] <= 'z') || (t[begin - 1] >= 'A' && t[begin - 1] <= 'Z') ||
              t[begin - 1] == '+' || t[begin - 1] == '-' || t[begin - 1] == '.')) {
        --begin;
      }
      end = next + 3;
      while (end < t.size() && is_url_char(t[end])) ++end;
    } else if (next == www) {
      while (end < t.size() && is_url_char(t[end])) ++end;
    } else {
      while (begin > 0 && next - begin < 256 && is_word_char(t[begin - 1])) --begin;
      end = next + 1;
      while (end < t.size() && end - next < 256 && is_word_char(t[end])) ++end;
      const bool has_dot = t.substr(next, end - next).find('.') != std::string_view::npos;
      if (begin == next || !has_dot) begin = end = next;  // not an address
    }
    // Trailing sentence punctuation is not part of a URL.
    while (end > begin && (t[end - 1] == '.' || t[end - 1] == ',' || t[end - 1] == ')' || t[end - 1] == ';' ||
                           t[end - 1] == ':' || t[end - 1] == '!' || t[end - 1] == '?')) {
      --end;
    }
    if (end > begin) out.push_back({begin, end});
    i = std::max(next + 1, end);
  }
}

size_t find_or_end(std::string_view t, char c, size_t from) {
  const size_t p = t.find(c, from);
  return p == std::string_view::npos ? t.size() : p;
}

size_t line_end(std::string_view t, size_t i) {
  const size_t e = t.find('\n', i);
  return e == std::string_view::npos ? t.size() : e;
}

bool blank(std::string_view line) { return line.find_first_not_of(" \t") == std::string_view::npos; }

// Leading spaces (a tab counts as four).
size_t indent(std::string_view line) {
  size_t n = 0;
  for (char c : line) {
    if (c == ' ') ++n;
    else if (c == '\t') n += 4;
    else break;
  }
  return n;
}

bool list_item(std::string_view line) {
  const size_t s = line.find_first_not_of(" \t");
  if (s == std::string_view::npos) return false;
  line.remove_prefix(s);
  if (line.size() >= 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && line[1] == ' ') return true;
  size_t d = 0;
  while (d < line.size() && line[d] >= '0' && line[d] <= '9') ++d;
  return d > 0 && d + 1 < line.size() && (line[d] == '.' || line[d] == ')') && line[d + 1] == ' ';
}

void add_markdown(std::string_view t, std::vector<ByteRange>& out) {
  size_t i = 0;
  // Front matter: "---" on the first line up to the next "---" or "..." line.
  if (t.rfind("---\n", 0) == 0) {
    size_t p = 4;
    while (p < t.size()) {
      const size_t e = line_end(t, p);
      const std::string_view l = t.substr(p, e - p);
      if (l == "---" || l == "...") {
        out.push_back({0, e});
        i = e;
        break;
      }
      p = e + 1;
    }
  }
  bool prev_blank = true, prev_code = false, list_context = false;
  size_t next_tick = 0, next_lt = 0, next_bracket = 0;
  bool first_search = true;
  while (i < t.size()) {
    if (first_search) {
      next_tick = find_or_end(t, '`', 0);
      next_lt = find_or_end(t, '<', 0);
      next_bracket = find_or_end(t, ']', 0);
      first_search = false;
    }
    const size_t e = line_end(t, i);
    const std::string_view line = t.substr(i, e - i);
    const size_t ind = indent(line);
    const size_t first = line.find_first_not_of(" \t");
    const std::string_view rest = first == std::string_view::npos ? std::string_view() : line.substr(first);
    // Fenced code block.
    if (ind <= 3 && (rest.rfind("```", 0) == 0 || rest.rfind("~~~", 0) == 0)) {
      const char fence = rest[0];
      size_t len = 0;
      while (len < rest.size() && rest[len] == fence) ++len;
      size_t p = e + 1, close = t.size();
      while (p < t.size()) {
        const size_t pe = line_end(t, p);
        std::string_view l = t.substr(p, pe - p);
        const size_t s = l.find_first_not_of(' ');
        if (s != std::string_view::npos && s <= 3) {
          l.remove_prefix(s);
          size_t n = 0;
          while (n < l.size() && l[n] == fence) ++n;
          if (n >= len && l.find_first_not_of(" \t", n) == std::string_view::npos) {
            close = pe;
            break;
          }
        }
        p = pe + 1;
      }
      out.push_back({i, close});
      i = close + 1;
      prev_blank = false;
      prev_code = false;
      continue;
    }
    // Indented code: four spaces after a blank line (not a list's continuation) or after more code.
    const bool is_blank = blank(line);
    if (!is_blank && ind >= 4 && ((prev_blank && !list_context) || prev_code)) {
      out.push_back({i, e});
      prev_code = true;
      prev_blank = false;
      i = e + 1;
      continue;
    }
    if (!is_blank) {
      list_context = list_item(line) || (list_context && ind > 0);
      // Reference definitions: [label]: destination
      if (ind <= 3 && rest.size() > 3 && rest[0] == '[') {
        const size_t close = rest.find("]:");
        if (close != std::string_view::npos && rest.find(']') == close) out.push_back({i, e});
      }
    }
    prev_code = prev_code && is_blank;
    prev_blank = is_blank;
    // Inline constructs on this line. A comment that runs past the line resumes the walk after it.
    size_t resume = e + 1;
    for (size_t k = i; k < e; ++k) {
      // Jump to the next character that can start one (` < ]): the next of each is cached for the whole text.
      if (next_tick < k) next_tick = find_or_end(t, '`', k);
      if (next_lt < k) next_lt = find_or_end(t, '<', k);
      if (next_bracket < k) next_bracket = find_or_end(t, ']', k);
      k = std::min({next_tick, next_lt, next_bracket});
      if (k >= e) break;
      const char c = t[k];
      if (c == '`') {
        size_t n = 0;
        while (k + n < e && t[k + n] == '`') ++n;
        const std::string_view ticks = t.substr(k, n);
        // Code spans, tags and link destinations are searched for within a bounded window (keeps hostile
        // lines linear).
        const std::string_view upto = t.substr(0, std::min(e, k + n + kInlineWindow));
        size_t close = upto.find(ticks, k + n);
        while (close != std::string_view::npos && close + n < e && t[close + n] == '`') {
          close = upto.find(ticks, close + n + 1);
        }
        if (close != std::string_view::npos) {
          out.push_back({k, close + n});
          k = close + n - 1;
        } else {
          k += n - 1;
        }
      } else if (c == '<') {
        if (t.compare(k, 4, "<!--") == 0) {
          const size_t close = t.find("-->", k + 4);
          const size_t end = close == std::string_view::npos ? t.size() : close + 3;
          out.push_back({k, end});
          if (end > e) {
            resume = end;
            break;
          }
          k = end - 1;
        } else if (k + 1 < e && ((t[k + 1] >= 'a' && t[k + 1] <= 'z') || (t[k + 1] >= 'A' && t[k + 1] <= 'Z') ||
                                 t[k + 1] == '/' || t[k + 1] == '!')) {
          const size_t close = t.substr(0, std::min(e, k + kInlineWindow)).find('>', k);
          if (close != std::string_view::npos) {
            out.push_back({k, close + 1});
            k = close;
          }
        }
      } else if (c == ']' && k + 1 < e && t[k + 1] == '(') {
        const size_t close = t.substr(0, std::min(e, k + kInlineWindow)).find(')', k + 2);
        if (close != std::string_view::npos) {
          out.push_back({k + 1, close + 1});
          k = close;
        }
      }
    }
    i = resume;
  }
}

}  // namespace

std::vector<ByteRange> non_prose_ranges(std::string_view text, bool markdown) {
  std::vector<ByteRange> out;
  if (markdown) add_markdown(text, out);
  add_urls(text, out);
  std::sort(out.begin(), out.end(), [](const ByteRange& a, const ByteRange& b) { return a.begin < b.begin; });
  std::vector<ByteRange> merged;
  for (const ByteRange& r : out) {
    if (r.end <= r.begin) continue;
    if (!merged.empty() && r.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, r.end);
    } else {
      merged.push_back(r);
    }
  }
  return merged;
}

}  // namespace dsmark
