// IPTC marks in XMP: Iptc4xmpExt:DigitalSourceType (namespace http://iptc.org/std/Iptc4xmpExt/2008-02-29/, any
// prefix, element, attribute or rdf:resource; URI or bare term), the IPTC 2025.1 AI properties (AISystemUsed,
// AISystemVersionUsed, AIPromptInformation, AIPromptWriterName) and Google's photoshop:Credit "Made with Google AI".
#pragma once

#include "analysis/analysis.h"

namespace dsmark {

void read_iptc(Analysis& analysis);

}  // namespace dsmark
