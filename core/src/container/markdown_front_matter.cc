// Markdown YAML front matter (between a first line "---" and the next "---" or "..."): a top-level key whose name
// contains AIGC, either as a block mapping of the seven Annex E keys or as an inline JSON/flow mapping or a
// quoted JSON string (all three are seen in real files). The mapping becomes the JSON object the label parser
// reads, values as strings (YAML `Label: 1` and `Label: "1"` both give "1"). The text of the document itself is
// read by the text readers. Carrier: "markdown:front-matter:AIGC".
#include <string>
#include <vector>

#include "container/walkers.h"
#include "util/byte_reader.h"
#include "util/text_encoding.h"

namespace dsmark {
namespace {

constexpr size_t kMaxFrontMatter = 256 * 1024;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

size_t indent_of(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && line[i] == ' ') ++i;
  return i;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

// One YAML scalar written on a line: double-quoted (with escapes), single-quoted ('' is a quote), or plain
// (a " #" starts a comment).
std::string scalar(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '"') {
    std::string out;
    for (size_t i = 1; i < s.size(); ++i) {
      const char c = s[i];
      if (c == '"') break;
      if (c != '\\' || i + 1 >= s.size()) {
        out += c;
        continue;
      }
      const char e = s[++i];
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case '0': out += '\0'; break;
        case 'u': {
          char32_t cp = 0;
          size_t k = 0;
          for (; k < 4 && i + 1 < s.size(); ++k) {
            const char h = s[++i];
            const int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
            if (d < 0) break;
            cp = cp * 16 + static_cast<char32_t>(d);
          }
          append_utf8(out, cp);
          break;
        }
        default: out += e;  // \" \\ \/ and the rest: the character itself
      }
    }
    return out;
  }
  if (s.size() >= 2 && s.front() == '\'') {
    std::string out;
    for (size_t i = 1; i < s.size(); ++i) {
      if (s[i] == '\'') {
        if (i + 1 < s.size() && s[i + 1] == '\'') {
          out += '\'';
          ++i;
          continue;
        }
        break;
      }
      out += s[i];
    }
    return out;
  }
  const size_t comment = s.find(" #");
  return std::string(trim(comment == std::string_view::npos ? s : s.substr(0, comment)));
}

void json_escape(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

// "key: rest" at the start of a (de-indented) line; false when the line is not a mapping entry.
bool mapping_entry(std::string_view line, std::string& key, std::string_view& rest) {
  line = trim(line);
  if (line.empty() || line[0] == '#' || line[0] == '-') return false;
  size_t colon;
  if (line[0] == '"' || line[0] == '\'') {
    const size_t close = line.find(line[0], 1);
    if (close == std::string_view::npos) return false;
    colon = line.find(':', close);
    key = scalar(line.substr(0, close + 1));
  } else {
    colon = line.find(':');
    if (colon == std::string_view::npos) return false;
    key = std::string(trim(line.substr(0, colon)));
  }
  if (colon == std::string_view::npos || (colon + 1 < line.size() && line[colon + 1] != ' ' && line[colon + 1] != '\t')) {
    return false;
  }
  rest = trim(line.substr(colon + 1));
  return !key.empty();
}

}  // namespace

Status walk_markdown(std::span<const uint8_t> file, Inventory& inv) {
  std::string_view text = as_chars(file);
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.remove_prefix(3);
  text = text.substr(0, kMaxFrontMatter);
  std::vector<std::string_view> lines;
  size_t p = 0;
  bool closed = false;
  while (p < text.size()) {
    size_t e = text.find('\n', p);
    if (e == std::string_view::npos) e = text.size();
    std::string_view line = text.substr(p, e - p);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    p = e + 1;
    if (lines.empty() && !closed) {
      if (trim(line) != "---") return Status::ok();  // no front matter
      lines.push_back(line);
      continue;
    }
    if (trim(line) == "---" || trim(line) == "...") {
      closed = true;
      break;
    }
    lines.push_back(line);
  }
  if (lines.empty()) return Status::ok();
  if (!closed) {
    inv.warn("the Markdown front matter has no closing line");
    return Status::ok();
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    if (indent_of(lines[i]) != 0) continue;
    std::string key;
    std::string_view rest;
    if (!mapping_entry(lines[i], key, rest) || lower(key).find("aigc") == std::string::npos) continue;
    std::string value;
    if (!rest.empty() && rest != "|" && rest != ">" && rest != "|-" && rest != ">-") {
      // Inline: a JSON object (a YAML flow mapping) stays as written; a quoted string holds the JSON.
      value = rest.front() == '{' ? std::string(rest) : scalar(rest);
    } else {
      // A block mapping of the label keys (or a block scalar holding the JSON).
      const bool block_scalar = !rest.empty();
      std::string json = "{";
      std::string raw;
      size_t entry_indent = 0;
      bool first = true;
      std::string pending_key, pending_value;
      auto flush = [&]() {
        if (pending_key.empty()) return;
        if (!first) json += ',';
        json_escape(json, pending_key);
        json += ':';
        json_escape(json, scalar(pending_value));
        first = false;
        pending_key.clear();
        pending_value.clear();
      };
      for (size_t k = i + 1; k < lines.size(); ++k) {
        const std::string_view l = lines[k];
        if (trim(l).empty()) continue;
        const size_t ind = indent_of(l);
        if (ind == 0) break;
        if (block_scalar) {
          if (!raw.empty()) raw += rest[0] == '|' ? "\n" : " ";
          raw += std::string(trim(l));
          continue;
        }
        if (entry_indent == 0) entry_indent = ind;
        std::string k2;
        std::string_view v2;
        if (ind == entry_indent && mapping_entry(l, k2, v2)) {
          flush();
          pending_key = k2;
          pending_value = std::string(v2);
        } else if (!pending_key.empty()) {
          pending_value += " " + std::string(trim(l));  // a folded continuation line
        }
      }
      flush();
      json += '}';
      value = block_scalar ? raw : json;
    }
    Status st = inv.add_text("markdown:front-matter:" + key, key, std::move(value));
    if (st.code() == StatusCode::kLimit) return st;
  }
  return Status::ok();
}

}  // namespace dsmark
