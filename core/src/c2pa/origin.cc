#include "c2pa/origin.h"

#include <algorithm>
#include <cctype>

namespace dsmark::c2pa {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string agent_text(const CborValue* v) {
  if (!v) return {};
  if (v->is_text()) return std::string(v->text());
  if (v->is_map()) {
    std::string s;
    if (const CborValue* n = v->find("name"); n && n->is_text()) s = std::string(n->text());
    if (const CborValue* ver = v->find("version"); ver && ver->is_text() && !s.empty()) s += " " + std::string(ver->text());
    return s;
  }
  return {};
}

// The digitalSourceType an action states: its own field, Adobe's parameter, or nothing.
std::string action_source(const CborValue& action) {
  if (const CborValue* d = action.find("digitalSourceType"); d && d->is_text()) return std::string(d->text());
  if (const CborValue* p = action.find("parameters")) {
    if (const CborValue* d = p->find("com.adobe.digitalSourceType"); d && d->is_text()) return std::string(d->text());
    if (const CborValue* d = p->find("digitalSourceType"); d && d->is_text()) return std::string(d->text());
  }
  return {};
}

}  // namespace

std::string_view origin_name(Origin o) {
  switch (o) {
    case Origin::kAiGenerated: return "ai-generated";
    case Origin::kAiEdited: return "ai-edited";
    case Origin::kAlgorithmic: return "algorithmic";
    case Origin::kCaptured: return "captured";
    case Origin::kHumanMade: return "human-made";
    case Origin::kOther: return "other";
    case Origin::kUnknown: return "unknown";
  }
  return "unknown";
}

bool origin_is_ai(Origin o) { return o == Origin::kAiGenerated || o == Origin::kAiEdited; }

std::string digital_source_term(std::string_view v) {
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.remove_prefix(1);
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.remove_suffix(1);
  while (!v.empty() && v.back() == '/') v.remove_suffix(1);
  const size_t slash = v.rfind('/');
  if (slash != std::string_view::npos) v = v.substr(slash + 1);
  return std::string(v);
}

Origin classify_digital_source_type(std::string_view term) {
  const std::string t = lower(term);
  if (t == "trainedalgorithmicmedia") return Origin::kAiGenerated;
  if (t == "compositewithtrainedalgorithmicmedia" || t == "compositesynthetic") return Origin::kAiEdited;
  if (t == "algorithmicmedia") return Origin::kAlgorithmic;
  if (t == "digitalcapture" || t == "computationalcapture" || t == "negativefilm" || t == "positivefilm" ||
      t == "print" || t == "compositecapture" || t == "screencapture" || t == "virtualrecording") {
    return Origin::kCaptured;
  }
  if (t == "digitalcreation" || t == "digitalart" || t == "humanedits" || t == "minorhumanedits" ||
      t == "datadrivenmedia") {
    return Origin::kHumanMade;
  }
  if (t.empty()) return Origin::kUnknown;
  return Origin::kOther;  // algorithmicallyEnhanced, composite, and terms this version does not know
}

OriginFinding manifest_origin(const Manifest& m) {
  OriginFinding f;
  for (const Assertion& a : m.assertions) {
    const std::string_view label = base_label(a.label);
    if (label == "com.adobe.generative-ai") {
      if (f.origin < Origin::kAiGenerated) {
        f.origin = Origin::kAiGenerated;
        f.term = "trainedAlgorithmicMedia";
        f.evidence = "com.adobe.generative-ai";
      }
      continue;
    }
    if ((label != "c2pa.actions" && label != "c2pa.actions.v2") || a.content_type != "cbor") continue;
    auto v = decode_cbor(a.data);
    if (!v) continue;
    const CborValue* actions = v->find("actions");
    if (!actions || !actions->is_array()) continue;
    const CborValue* templates = v->find("templates");
    const CborValue* agents = v->find("softwareAgents");
    for (const CborValue& act : actions->items()) {
      const CborValue* name = act.find("action");
      const std::string action = name && name->is_text() ? std::string(name->text()) : std::string();
      if (!action.empty()) f.actions.push_back(action);
      std::string source = action_source(act);
      // A template for this action (or "*") supplies what the action leaves out.
      const CborValue* tmpl = nullptr;
      if (templates && templates->is_array()) {
        for (const CborValue& t : templates->items()) {
          const CborValue* ta = t.find("action");
          if (ta && ta->is_text() && (ta->text() == action || ta->text() == "*")) {
            tmpl = &t;
            if (ta->text() == action) break;
          }
        }
      }
      if (source.empty() && tmpl) source = action_source(*tmpl);
      std::string agent = agent_text(act.find("softwareAgent"));
      if (agent.empty() && agents && agents->is_array()) {
        if (const CborValue* idx = act.find("softwareAgentIndex"); idx && idx->is_uint() && idx->raw_uint() < agents->size()) {
          agent = agent_text(&agents->at(static_cast<size_t>(idx->raw_uint())));
        }
      }
      if (agent.empty() && tmpl) agent = agent_text(tmpl->find("softwareAgent"));
      if (f.software_agent.empty()) f.software_agent = agent;
      if (source.empty()) continue;
      const std::string term = digital_source_term(source);
      const Origin o = classify_digital_source_type(term);
      if (o > f.origin) {
        f.origin = o;
        f.term = term;
        f.evidence = std::string(label) + ": " + (action.empty() ? "an action" : action);
        if (!agent.empty()) f.software_agent = agent;
      }
    }
  }
  return f;
}

}  // namespace dsmark::c2pa
