// The IPTC Digital Source Type vocabulary (cv.iptc.org/newscodes/digitalsourcetype/): what each term claims about
// AI generation. Used for XMP Iptc4xmpExt:DigitalSourceType; C2PA actions use the same vocabulary.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dsmark/report.h"

namespace dsmark {

struct DigitalSourceType {
  std::string term;          // the vocabulary term, e.g. "trainedAlgorithmicMedia"
  Claim claim;               // kAi for AI-generated or AI-edited content, kNotAi for capture, edits, procedural media
  std::string_view meaning;  // plain English
};

// Reads a full URI (http or https), a bare term, with surrounding spaces; nullopt when the term is not in the
// vocabulary.
std::optional<DigitalSourceType> classify_digital_source_type(std::string_view value);

}  // namespace dsmark
