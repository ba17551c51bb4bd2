#include "schemes/gb45438_label.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <nlohmann/json.hpp>

#include "schemes/security_data.h"
#include "schemes/tc260_provider.h"

namespace dsmark {
namespace {

using Json = nlohmann::json;

constexpr std::array<std::string_view, 7> kKeys = {
    "Label", "ContentProducer", "ProduceID", "ReservedCode1", "ContentPropagator", "PropagateID", "ReservedCode2",
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Levenshtein distance for short keys (a misspelled "Lable", "ContentProduce", …).
size_t edit_distance(std::string_view a, std::string_view b) {
  if (a.size() > 64 || b.size() > 64) return 99;
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// The canonical key a written key was meant to be, or empty when it is not close to any.
std::string_view intended_key(std::string_view written) {
  const std::string low = lower(written);
  for (std::string_view k : kKeys) {
    if (low == lower(k)) return k;
  }
  for (std::string_view k : kKeys) {
    if (edit_distance(low, lower(k)) <= 2) return k;
  }
  return {};
}

std::string json_scalar_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return {};
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Claim claim_of_label(std::string_view label, std::vector<std::string>& problems) {
  const std::string_view t = trim(label);
  if (t == "1") return Claim::kAi;
  if (t == "2") return Claim::kPossiblyAi;
  if (t == "3") return Claim::kSuspectedAi;
  if (lower(t) == "aigc") {
    problems.push_back("Label is \"" + std::string(label) +
                       "\" instead of 1, 2 or 3; read as AI-generated, which is what the producer declares");
    return Claim::kAi;
  }
  problems.push_back(t.empty() ? "Label is empty; it must be 1, 2 or 3"
                               : "Label is \"" + std::string(label) + "\"; it must be 1, 2 or 3");
  return Claim::kUnknown;
}

// When the JSON is broken, recovers "Label" by a plain scan so a damaged label still says what it claims.
std::optional<std::string> salvage_label(std::string_view s) {
  const size_t k = s.find("\"Label\"");
  if (k == std::string_view::npos) return std::nullopt;
  size_t i = k + 7;
  while (i < s.size() && (std::isspace(static_cast<unsigned char>(s[i])) || s[i] == ':')) ++i;
  if (i < s.size() && s[i] == '"') ++i;
  const size_t b = i;
  while (i < s.size() && s[i] != '"' && s[i] != ',' && s[i] != '}' && i - b < 16) ++i;
  return std::string(trim(s.substr(b, i - b)));
}

void fill_from_object(const Json& obj, Mark& mark) {
  std::vector<std::pair<std::string_view, std::string>> found;  // canonical key → value
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    const std::string& key = it.key();
    std::string_view canonical;
    for (std::string_view k : kKeys) {
      if (key == k) canonical = k;
    }
    if (canonical.empty()) {
      canonical = intended_key(key);
      if (canonical.empty()) {
        mark.problems.push_back("unexpected key \"" + key + "\" (the label has exactly seven keys)");
        continue;
      }
      mark.problems.push_back("key \"" + key + "\" should be written \"" + std::string(canonical) + "\"");
    }
    if (!it.value().is_string()) {
      mark.problems.push_back(std::string(canonical) + " should be a string");
    }
    if (std::none_of(found.begin(), found.end(), [&](const auto& f) { return f.first == canonical; })) {
      found.emplace_back(canonical, json_scalar_text(it.value()));
    }
  }
  for (std::string_view k : kKeys) {
    auto f = std::find_if(found.begin(), found.end(), [&](const auto& e) { return e.first == k; });
    if (f == found.end()) {
      mark.problems.push_back("missing key " + std::string(k));
      continue;
    }
    mark.fields.set(k, f->second);
  }
  const Value* label = mark.fields.find("Label");
  mark.claim = label ? claim_of_label(label->as_string(), mark.problems) : Claim::kUnknown;
}

// GB 45438 Annex E j): values are printable ASCII without spaces, quotes or backslashes (a quote may appear
// escaped inside JSON text, as SecurityData does). Reports the first offending characters of each field.
void check_characters(Mark& mark) {
  for (std::string_view k : kKeys) {
    const Value* v = mark.fields.find(k);
    if (!v || !v->is_string()) continue;
    const std::string& s = v->as_string();
    const bool json_text = !s.empty() && s.front() == '{';  // SecurityData: quotes belong to its JSON
    std::string bad;
    size_t shown = 0;
    for (size_t i = 0; i < s.size() && shown < 3; ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      const bool ok = c > 0x20 && c < 0x7F && c != '\\' && (c != '"' || json_text);
      if (ok) continue;
      size_t len = 1;
      if (c >= 0xC0) len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      len = std::min(len, s.size() - i);
      if (!bad.empty()) bad += ", ";
      bad += c == ' ' ? std::string("a space") : c < 0x20 ? "a control character" : "\"" + s.substr(i, len) + "\"";
      i += len - 1;
      ++shown;
    }
    if (!bad.empty()) {
      mark.problems.push_back(std::string(k) + " holds characters outside GB 45438 Annex E j) (printable ASCII without "
                              "spaces, quotes or backslashes): " + bad);
    }
  }
}

// What the label's codes say: the providers behind ContentProducer/ContentPropagator and the integrity data in
// ReservedCode1/ReservedCode2.
void describe_codes(Mark& mark) {
  auto str = [&](std::string_view k) {
    const Value* v = mark.fields.find(k);
    return v && v->is_string() ? v->as_string() : std::string();
  };
  Value producer = describe_provider(str("ContentProducer"), "ContentProducer", mark.problems);
  Value propagator = describe_provider(str("ContentPropagator"), "ContentPropagator", mark.problems);
  Value rc1 = describe_reserved_code(str("ReservedCode1"), "ReservedCode1", mark.fields, mark.problems);
  Value rc2 = describe_reserved_code(str("ReservedCode2"), "ReservedCode2", mark.fields, mark.problems);
  if (!producer.is_null()) mark.fields.set("producer", std::move(producer));
  if (!propagator.is_null()) mark.fields.set("propagator", std::move(propagator));
  if (!rc1.is_null()) mark.fields.set("reserved_code1", std::move(rc1));
  if (!rc2.is_null()) mark.fields.set("reserved_code2", std::move(rc2));
}

}  // namespace

Mark parse_gb45438_label(std::string_view json_text, std::string carrier, const Limits& limits) {
  Mark mark;
  mark.scheme = "gb45438";
  mark.kind = MarkKind::kImplicitMetadata;
  mark.carrier = std::move(carrier);
  mark.claim = Claim::kUnknown;
  mark.confidence = 1.0;
  const std::string_view text = trim(json_text);
  if (text.size() > limits.max_json_bytes) {
    mark.problems.push_back("the label is " + std::to_string(text.size()) + " bytes, more than dsmark reads");
    return mark;
  }
  Json j = Json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) {
    mark.problems.push_back("the label is not valid JSON");
    if (auto label = salvage_label(text)) {
      mark.fields.set("Label", *label);
      mark.claim = claim_of_label(*label, mark.problems);
    }
    return mark;
  }
  // A label stored as a JSON string holding JSON (encoded twice).
  if (j.is_string()) {
    const std::string inner = j.get<std::string>();
    Json k = Json::parse(inner, nullptr, false);
    if (!k.is_discarded() && k.is_object()) {
      mark.problems.push_back("the label JSON is encoded twice (a string holding JSON)");
      j = std::move(k);
    }
  }
  if (!j.is_object()) {
    mark.problems.push_back("the label is JSON but not an object");
    return mark;
  }
  // The Annex E form wraps the seven keys as {"AIGC":{…}}.
  if (j.size() == 1 && j.begin().key() == "AIGC") {
    Json inner = *j.begin();
    if (inner.is_string()) {
      Json k = Json::parse(inner.get<std::string>(), nullptr, false);
      if (!k.is_discarded()) {
        mark.problems.push_back("the AIGC value is a string holding JSON instead of an object");
        inner = std::move(k);
      }
    }
    if (!inner.is_object()) {
      mark.problems.push_back("the AIGC value is not a JSON object");
      return mark;
    }
    j = std::move(inner);
  }
  fill_from_object(j, mark);
  check_characters(mark);
  describe_codes(mark);
  return mark;
}

namespace {

bool is_tc260(const XmpProperty& p) {
  if (p.name != "AIGC") return false;
  if (p.ns == kTc260Namespace) return true;
  const std::string ns = lower(p.ns);
  return ns.find("tc260.org.cn") != std::string::npos || lower(p.prefix) == "tc260";
}

// Key/value carriers: the key names the label (GB 45438 Annex E: "the field name must contain AIGC").
bool is_label_key(std::string_view key, std::string_view value) {
  const std::string k = lower(trim(key));
  if (k == "aigc") return true;
  // Longer keys containing AIGC ("com.apple.quicktime.AIGC", "AIGC_label") count when the value looks like a
  // label: a JSON object (even a broken one) or text naming the Label key.
  if (k.find("aigc") == std::string::npos) return false;
  const std::string_view v = trim(value);
  return (!v.empty() && v.front() == '{') || v.find("\"Label\"") != std::string_view::npos;
}

// A generic text field (EXIF UserComment or ImageDescription, a comment) holding the Annex E wrapped form
// {"AIGC":{…}}: the JSON key names the label. Only the start is checked, so broken JSON is still reported.
bool is_wrapped_label(std::string_view value) {
  std::string_view v = trim(value);
  if (v.empty() || v.front() != '{') return false;
  v.remove_prefix(1);
  v = trim(v);
  return v.rfind("\"AIGC\"", 0) == 0;
}

// A bare label object stored under a name without AIGC (at least three of the seven keys, Label among them).
bool is_unnamed_label(std::string_view value, const Limits& limits) {
  const std::string_view v = trim(value);
  if (v.empty() || v.front() != '{' || v.size() > limits.max_json_bytes ||
      v.find("\"Label\"") == std::string_view::npos) {
    return false;
  }
  const Json j = Json::parse(v.begin(), v.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return false;
  int keys = 0;
  for (std::string_view k : kKeys) keys += j.find(std::string(k)) != j.end();
  return keys >= 3;
}

// The differences between two labels' Annex E fields, e.g. `Label "1" here, "2" there`.
std::string differences(const Mark& a, const Mark& b) {
  std::string out;
  int n = 0;
  for (std::string_view k : kKeys) {
    const Value* x = a.fields.find(k);
    const Value* y = b.fields.find(k);
    const std::string xs = x && x->is_string() ? x->as_string() : "(absent)";
    const std::string ys = y && y->is_string() ? y->as_string() : "(absent)";
    if (xs == ys) continue;
    if (n++ == 3) {
      out += ", …";
      break;
    }
    if (!out.empty()) out += ", ";
    auto shown = [](const std::string& s) { return s.size() > 40 ? "\"" + s.substr(0, 37) + "…\"" : "\"" + s + "\""; };
    out += std::string(k) + " " + shown(xs) + " here, " + shown(ys) + " there";
  }
  return out;
}

}  // namespace

void read_gb45438(Analysis& a) {
  const size_t first = a.marks.size();
  for (const ParsedXmp& packet : a.xmp) {
    for (const XmpProperty& p : packet.doc.properties) {
      if (!is_tc260(p)) continue;
      const std::string written = (p.prefix.empty() ? std::string() : p.prefix + ":") + p.name;
      Mark m = parse_gb45438_label(p.value, packet.carrier + "/" + written, a.limits);
      if (p.ns != kTc260Namespace) {
        m.problems.push_back("XMP namespace is \"" + p.ns + "\"; GB 45438 uses \"" + std::string(kTc260Namespace) +
                             "\"");
      }
      a.marks.push_back(std::move(m));
    }
  }
  for (const TextEntry& e : a.inventory.text) {
    if (is_label_key(e.key, e.value) || is_wrapped_label(e.value)) {
      a.marks.push_back(parse_gb45438_label(e.value, e.carrier, a.limits));
    } else if (is_unnamed_label(e.value, a.limits)) {
      Mark m = parse_gb45438_label(e.value, e.carrier, a.limits);
      m.problems.push_back("the label is stored under \"" + e.key +
                           "\"; GB 45438 Annex E asks for a field name containing AIGC");
      a.marks.push_back(std::move(m));
    }
  }
  // GB 45438 §6.1 c): one label per file. Copies in several carriers are reported, and so is every
  // disagreement between them.
  const size_t n = a.marks.size() - first;
  if (n < 2) return;
  std::string carriers;
  for (size_t i = first; i < a.marks.size(); ++i) carriers += (i > first ? ", " : "") + a.marks[i].carrier;
  for (size_t i = first; i < a.marks.size(); ++i) {
    Mark& m = a.marks[i];
    m.problems.push_back("the file holds " + std::to_string(n) + " GB 45438 labels (" + carriers +
                         "); GB 45438 §6.1 c) asks for one label per file");
    for (size_t j = first; j < a.marks.size(); ++j) {
      if (j == i) continue;
      const std::string diff = differences(m, a.marks[j]);
      if (!diff.empty()) m.problems.push_back("this label disagrees with the one in " + a.marks[j].carrier + ": " + diff);
    }
  }
}

}  // namespace dsmark
