#include "schemes/gb45438_label.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <nlohmann/json.hpp>

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
  // Longer keys containing AIGC count only when the value looks like a label object.
  return k.find("aigc") != std::string::npos && value.find("\"Label\"") != std::string_view::npos;
}

}  // namespace

void read_gb45438(Analysis& a) {
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
    if (is_label_key(e.key, e.value)) a.marks.push_back(parse_gb45438_label(e.value, e.carrier, a.limits));
  }
}

}  // namespace dsmark
