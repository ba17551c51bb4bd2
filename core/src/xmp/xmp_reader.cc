#include "xmp/xmp_reader.h"

#include <cstdint>
#include <optional>

#include "util/text_encoding.h"

namespace dsmark {
namespace {

constexpr std::string_view kRdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kXNs = "adobe:ns:meta/";
constexpr std::string_view kXmlNs = "http://www.w3.org/XML/1998/namespace";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_name_char(char c) {
  return !is_space(c) && c != '>' && c != '/' && c != '=' && c != '<' && c != '"' && c != '\'';
}

struct Frame {
  std::string qname, prefix, local, ns;
  std::string text;
  std::optional<std::string> resource;
  size_t ns_mark = 0;  // size of the binding stack before this element's xmlns declarations
  bool has_children = false;
};

class Parser {
 public:
  Parser(std::string_view xml, const Limits& limits, XmpDocument& doc) : s_(xml), limits_(limits), doc_(doc) {
    bindings_.push_back({"xml", std::string(kXmlNs)});
  }

  void run() {
    while (i_ < s_.size()) {
      if (s_[i_] != '<') {
        text();
        continue;
      }
      if (starts("<?")) {
        if (!skip_past("?>")) return warn("an XML processing instruction has no end");
      } else if (starts("<!--")) {
        if (!skip_past("-->")) return warn("an XML comment has no end");
      } else if (starts("<![CDATA[")) {
        const size_t b = i_ + 9, e = s_.find("]]>", b);
        if (e == std::string_view::npos) return warn("an XML CDATA section has no end");
        if (!stack_.empty()) stack_.back().text.append(s_.substr(b, e - b));
        i_ = e + 3;
      } else if (starts("<!")) {
        // DOCTYPE and other declarations are skipped; entities they declare are never expanded.
        const size_t bracket = s_.find('[', i_), close = s_.find('>', i_);
        if (bracket != std::string_view::npos && close != std::string_view::npos && bracket < close) {
          if (!skip_past("]>")) return warn("an XML declaration has no end");
        } else if (!skip_past(">")) {
          return warn("an XML declaration has no end");
        }
      } else if (starts("</")) {
        if (!end_tag()) return;
      } else {
        if (!start_tag()) return;
      }
    }
    if (!stack_.empty()) {
      warn("the XMP ends inside an element");
      while (!stack_.empty()) pop();
    }
  }

 private:
  bool starts(std::string_view p) const { return s_.substr(i_, p.size()) == p; }
  bool skip_past(std::string_view end) {
    const size_t e = s_.find(end, i_);
    if (e == std::string_view::npos) {
      i_ = s_.size();
      return false;
    }
    i_ = e + end.size();
    return true;
  }
  void warn(std::string m) { doc_.warnings.push_back(std::move(m)); }

  void text() {
    size_t e = s_.find('<', i_);
    if (e == std::string_view::npos) e = s_.size();
    if (!stack_.empty()) stack_.back().text += decode_xml_entities(s_.substr(i_, e - i_));
    i_ = e;
  }

  std::string resolve(std::string_view prefix) const {
    for (size_t k = bindings_.size(); k-- > 0;) {
      if (bindings_[k].first == prefix) return bindings_[k].second;
    }
    return {};
  }

  static void split(std::string_view qname, std::string& prefix, std::string& local) {
    const size_t colon = qname.find(':');
    if (colon == std::string_view::npos) {
      prefix.clear();
      local = std::string(qname);
    } else {
      prefix = std::string(qname.substr(0, colon));
      local = std::string(qname.substr(colon + 1));
    }
  }

  bool start_tag() {
    ++i_;  // '<'
    const size_t name_start = i_;
    while (i_ < s_.size() && is_name_char(s_[i_])) ++i_;
    if (i_ == name_start) {  // a stray '<': treat as text
      if (!stack_.empty()) stack_.back().text += '<';
      return true;
    }
    if (stack_.size() >= limits_.max_xml_depth) {
      warn("XMP elements are nested deeper than the limit of " + std::to_string(limits_.max_xml_depth));
      return false;
    }
    Frame f;
    f.qname = std::string(s_.substr(name_start, i_ - name_start));
    split(f.qname, f.prefix, f.local);
    f.ns_mark = bindings_.size();
    std::vector<std::pair<std::string, std::string>> attrs;
    bool self_closing = false;
    while (true) {
      while (i_ < s_.size() && is_space(s_[i_])) ++i_;
      if (i_ >= s_.size()) {
        warn("the XMP ends inside a tag");
        return false;
      }
      if (s_[i_] == '>') {
        ++i_;
        break;
      }
      if (starts("/>")) {
        i_ += 2;
        self_closing = true;
        break;
      }
      const size_t a = i_;
      while (i_ < s_.size() && is_name_char(s_[i_])) ++i_;
      if (i_ == a) {  // junk inside a tag: skip one character
        ++i_;
        continue;
      }
      std::string name(s_.substr(a, i_ - a));
      while (i_ < s_.size() && is_space(s_[i_])) ++i_;
      if (i_ >= s_.size() || s_[i_] != '=') continue;  // attribute without a value
      ++i_;
      while (i_ < s_.size() && is_space(s_[i_])) ++i_;
      if (i_ >= s_.size()) continue;
      std::string value;
      if (s_[i_] == '"' || s_[i_] == '\'') {
        const char q = s_[i_++];
        const size_t e = s_.find(q, i_);
        if (e == std::string_view::npos) {
          warn("the XMP ends inside an attribute value");
          return false;
        }
        value = decode_xml_entities(s_.substr(i_, e - i_));
        i_ = e + 1;
      } else {
        const size_t v = i_;
        while (i_ < s_.size() && !is_space(s_[i_]) && s_[i_] != '>') ++i_;
        value = decode_xml_entities(s_.substr(v, i_ - v));
      }
      if (name == "xmlns") {
        bindings_.push_back({"", value});
      } else if (name.rfind("xmlns:", 0) == 0) {
        bindings_.push_back({name.substr(6), value});
      } else {
        attrs.emplace_back(std::move(name), std::move(value));
      }
    }
    f.ns = resolve(f.prefix);
    if (!stack_.empty()) stack_.back().has_children = true;
    for (auto& [name, value] : attrs) {
      XmpProperty p;
      split(name, p.prefix, p.name);
      p.ns = p.prefix.empty() ? std::string() : resolve(p.prefix);
      if (p.ns == kRdfNs) {
        if (p.name == "resource") f.resource = value;
        continue;  // rdf:about, rdf:parseType, rdf:nodeID, …
      }
      if (p.ns == kXNs || p.ns == kXmlNs || (p.prefix.empty() && f.ns == kXNs)) continue;
      p.value = std::move(value);
      p.attribute = true;
      doc_.properties.push_back(std::move(p));
    }
    stack_.push_back(std::move(f));
    if (self_closing) pop();
    return true;
  }

  bool end_tag() {
    i_ += 2;
    const size_t a = i_;
    const size_t e = s_.find('>', i_);
    if (e == std::string_view::npos) {
      warn("the XMP ends inside an end tag");
      return false;
    }
    std::string_view name = s_.substr(a, e - a);
    while (!name.empty() && is_space(name.back())) name.remove_suffix(1);
    i_ = e + 1;
    for (size_t k = stack_.size(); k-- > 0;) {
      if (stack_[k].qname == name) {
        while (stack_.size() > k) pop();
        return true;
      }
    }
    warn("an XMP end tag </" + std::string(name) + "> has no start tag");
    return true;
  }

  // Closes the innermost element and emits it as a property when it holds a simple value.
  void pop() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    bindings_.resize(f.ns_mark);
    if (f.has_children || f.ns == kXNs) return;
    const std::string& value = f.resource ? *f.resource : f.text;
    if (f.ns == kRdfNs) {
      if (f.local != "li") return;
      // An rdf:li item belongs to the nearest enclosing element outside the RDF namespace (the property).
      for (size_t k = stack_.size(); k-- > 0;) {
        if (stack_[k].ns != kRdfNs) {
          doc_.properties.push_back({stack_[k].ns, stack_[k].prefix, stack_[k].local, value, false});
          return;
        }
      }
      return;
    }
    doc_.properties.push_back({std::move(f.ns), std::move(f.prefix), std::move(f.local), value, false});
  }

  std::string_view s_;
  const Limits& limits_;
  XmpDocument& doc_;
  size_t i_ = 0;
  std::vector<Frame> stack_;
  std::vector<std::pair<std::string, std::string>> bindings_;
};

}  // namespace

std::string decode_xml_entities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const size_t amp = s.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(s.substr(i));
      break;
    }
    out.append(s.substr(i, amp - i));
    const size_t semi = s.find(';', amp);
    if (semi == std::string_view::npos || semi - amp > 12) {
      out += '&';
      i = amp + 1;
      continue;
    }
    const std::string_view ent = s.substr(amp + 1, semi - amp - 1);
    if (ent == "quot") out += '"';
    else if (ent == "amp") out += '&';
    else if (ent == "lt") out += '<';
    else if (ent == "gt") out += '>';
    else if (ent == "apos") out += '\'';
    else if (ent.size() >= 2 && ent[0] == '#') {
      const bool hex = ent[1] == 'x' || ent[1] == 'X';
      uint32_t cp = 0;
      bool ok = ent.size() > (hex ? 2u : 1u);
      for (size_t k = hex ? 2 : 1; k < ent.size() && ok; ++k) {
        const char c = ent[k];
        int d = -1;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
        if (d < 0 || cp > 0x10FFFF) ok = false;
        else cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
      }
      if (ok) {
        append_utf8(out, cp);
      } else {
        out.append(s.substr(amp, semi - amp + 1));
      }
    } else {
      out.append(s.substr(amp, semi - amp + 1));
    }
    i = semi + 1;
  }
  return out;
}

std::vector<const XmpProperty*> XmpDocument::find(std::string_view ns, std::string_view name) const {
  std::vector<const XmpProperty*> out;
  for (const XmpProperty& p : properties) {
    if (p.ns == ns && p.name == name) out.push_back(&p);
  }
  return out;
}

XmpDocument parse_xmp(std::string_view xml, const Limits& limits) {
  XmpDocument doc;
  const std::string utf8 = to_utf8_guess(xml);
  Parser(utf8, limits, doc).run();
  return doc;
}

}  // namespace dsmark
