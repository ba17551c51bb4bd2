#include "schemes/digital_source_type.h"

#include <array>

namespace dsmark {
namespace {

struct Term {
  std::string_view term;
  Claim claim;
  std::string_view meaning;
};

// cv.iptc.org/newscodes/digitalsourcetype (2025 edition), including retired terms still found in files.
constexpr std::array kTerms = {
    Term{"trainedAlgorithmicMedia", Claim::kAi, "created by a generative AI model"},
    Term{"compositeWithTrainedAlgorithmicMedia", Claim::kAi, "combines captured content with AI-generated elements"},
    Term{"compositeSynthetic", Claim::kAi, "a composite that includes synthetic (possibly AI-generated) elements"},
    Term{"algorithmicMedia", Claim::kNotAi, "created by an algorithm without training data (procedural, not AI)"},
    Term{"digitalCapture", Claim::kNotAi, "captured by a digital camera or recorder"},
    Term{"computationalCapture", Claim::kNotAi, "captured with computational processing (e.g. a phone camera)"},
    Term{"negativeFilm", Claim::kNotAi, "digitised from a film negative"},
    Term{"positiveFilm", Claim::kNotAi, "digitised from film"},
    Term{"print", Claim::kNotAi, "digitised from a print"},
    Term{"humanEdits", Claim::kNotAi, "edited by a person"},
    Term{"minorHumanEdits", Claim::kNotAi, "slightly edited by a person"},
    Term{"compositeCapture", Claim::kNotAi, "a composite of captured elements"},
    Term{"algorithmicallyEnhanced", Claim::kNotAi, "minor corrections by an algorithm"},
    Term{"screenCapture", Claim::kNotAi, "a screenshot"},
    Term{"virtualRecording", Claim::kNotAi, "a recording of a virtual event"},
    Term{"dataDrivenMedia", Claim::kNotAi, "a representation of data made by people or programs"},
    Term{"digitalArt", Claim::kNotAi, "created by a person with digital tools"},
    Term{"digitalCreation", Claim::kNotAi, "created by a person with digital tools (retired term)"},
};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

std::optional<DigitalSourceType> classify_digital_source_type(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.front() == '\n' || v.front() == '\r')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\n' || v.back() == '\r' || v.back() == '/')) {
    v.remove_suffix(1);
  }
  // The term is the last path segment of the vocabulary URI (http or https, any host spelling).
  const size_t slash = v.rfind('/');
  if (slash != std::string_view::npos) {
    const std::string_view base = v.substr(0, slash);
    if (base.find("digitalsourcetype") == std::string_view::npos) return std::nullopt;
    v = v.substr(slash + 1);
  }
  for (const Term& t : kTerms) {
    if (iequals(v, t.term)) return DigitalSourceType{std::string(t.term), t.claim, t.meaning};
  }
  return std::nullopt;
}

}  // namespace dsmark
