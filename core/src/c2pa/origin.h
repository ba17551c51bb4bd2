// What a manifest says about where its content came from: `c2pa.actions` / `c2pa.actions.v2` (with `templates`)
// and their `digitalSourceType` (IPTC vocabulary, also Adobe's `com.adobe.digitalSourceType` parameter), Adobe's
// legacy `com.adobe.generative-ai` assertion. Training/mining assertions are opt-outs, not AI signals.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "c2pa/manifest.h"

namespace dsmark::c2pa {

// Ordered by strength: a stronger finding wins when several actions disagree.
enum class Origin { kUnknown, kOther, kHumanMade, kCaptured, kAlgorithmic, kAiEdited, kAiGenerated };

std::string_view origin_name(Origin o);  // "unknown", "ai-generated", …
bool origin_is_ai(Origin o);

// The IPTC digital source type term of a value as written ("http://cv.iptc.org/newscodes/digitalsourcetype/x",
// https, a bare term, surrounding spaces), and its class.
std::string digital_source_term(std::string_view value);
Origin classify_digital_source_type(std::string_view term);

struct OriginFinding {
  Origin origin = Origin::kUnknown;
  std::string term;            // the IPTC term that decided it
  std::string evidence;        // "c2pa.actions.v2: c2pa.created", "com.adobe.generative-ai", …
  std::string software_agent;  // of the deciding action, or of the first action naming one
  std::vector<std::string> actions;  // every action name, in order
};

OriginFinding manifest_origin(const Manifest& m);

}  // namespace dsmark::c2pa
