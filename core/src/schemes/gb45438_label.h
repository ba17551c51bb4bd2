// The GB 45438-2025 implicit label (Annex E): one JSON object with seven string fields, bare or wrapped as
// {"AIGC":{…}}, found in XMP (TC260:AIGC) or in key/value metadata named AIGC.
#pragma once

#include <string>
#include <string_view>

#include "analysis/analysis.h"

namespace dsmark {

// The official XMP namespace of the label.
inline constexpr std::string_view kTc260Namespace = "http://www.tc260.org.cn/ns/AIGC/1.0/";

// Parses one label's JSON text into a mark for `carrier`: claim from Label, the fields, and every problem found.
Mark parse_gb45438_label(std::string_view json_text, std::string carrier, const Limits& limits);

// Finds every label in the analysis (XMP and key/value carriers) and appends one mark per label.
void read_gb45438(Analysis& analysis);

}  // namespace dsmark
