#include "schemes/iptc_ai.h"

#include <array>
#include <string>

#include "schemes/digital_source_type.h"

namespace dsmark {
namespace {

constexpr std::string_view kPhotoshopNs = "http://ns.adobe.com/photoshop/1.0/";
constexpr std::array<std::string_view, 4> kAiFields = {"AISystemUsed", "AISystemVersionUsed", "AIPromptInformation",
                                                       "AIPromptWriterName"};

bool is_iptc_ext(std::string_view ns) {
  // http or https, with or without the trailing slash.
  if (ns.rfind("https://", 0) == 0) ns.remove_prefix(8);
  else if (ns.rfind("http://", 0) == 0) ns.remove_prefix(7);
  if (!ns.empty() && ns.back() == '/') ns.remove_suffix(1);
  return ns == "iptc.org/std/Iptc4xmpExt/2008-02-29";
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

std::string written(const XmpProperty& p) { return (p.prefix.empty() ? std::string() : p.prefix + ":") + p.name; }

}  // namespace

void read_iptc(Analysis& a) {
  for (const ParsedXmp& packet : a.xmp) {
    // The 2025.1 AI properties of this packet go with its DigitalSourceType mark (or make one of their own).
    Value ai = Value::object();
    const XmpProperty* first_ai = nullptr;
    for (const XmpProperty& p : packet.doc.properties) {
      if (!is_iptc_ext(p.ns)) continue;
      for (std::string_view f : kAiFields) {
        if (p.name == f && !p.value.empty() && !ai.find(f)) {
          ai.set(f, p.value);
          if (!first_ai) first_ai = &p;
        }
      }
    }
    bool dst_mark = false;
    for (const XmpProperty& p : packet.doc.properties) {
      if (is_iptc_ext(p.ns) && p.name == "DigitalSourceType") {
        Mark m;
        m.scheme = "iptc";
        m.kind = MarkKind::kImplicitMetadata;
        m.carrier = packet.carrier + "/" + written(p);
        m.fields.set("DigitalSourceType", p.value);
        if (auto t = classify_digital_source_type(p.value)) {
          m.claim = t->claim;
          m.fields.set("term", t->term);
          m.fields.set("meaning", std::string(t->meaning));
        } else {
          m.claim = Claim::kUnknown;
          m.problems.push_back("\"" + p.value + "\" is not a term of the IPTC Digital Source Type vocabulary");
        }
        for (const auto& [k, v] : ai.as_object()) m.fields.set(k, v);
        a.marks.push_back(std::move(m));
        dst_mark = true;
      } else if (p.ns == kPhotoshopNs && p.name == "Credit" && lower(p.value).find("made with google ai") != std::string::npos) {
        Mark m;
        m.scheme = "iptc";
        m.carrier = packet.carrier + "/" + written(p);
        m.claim = Claim::kAi;
        m.fields.set("Credit", p.value);
        a.marks.push_back(std::move(m));
      }
    }
    if (!dst_mark && first_ai) {
      // An AI system named without a source type: the content was made or changed with AI.
      Mark m;
      m.scheme = "iptc";
      m.carrier = packet.carrier + "/" + written(*first_ai);
      m.claim = Claim::kAi;
      m.fields = ai;
      m.problems.push_back("IPTC AI properties without Iptc4xmpExt:DigitalSourceType");
      a.marks.push_back(std::move(m));
    }
  }
}

}  // namespace dsmark
