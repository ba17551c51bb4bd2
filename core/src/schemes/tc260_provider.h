// Service-provider codes in GB 45438 labels (ContentProducer, ContentPropagator). The TC260 coding rule gives a
// 27-character code: "00", "11", the provider's 18-character unified social credit code (GB 32100-2015, with its
// check character), one service-type digit (1 generation, 2 propagation) and a 4-character product code.
// Many producers write a bare name instead ("doubao", "kling", "MiniMax"). This module decodes codes, checks
// them, and names well-known providers from a table whose every code was seen in real files or published
// material (sources beside each entry); codes not in the table are decoded but never guessed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dsmark/value.h"

namespace dsmark {

struct KnownProvider {
  std::string_view credit_code;  // 18 characters, or empty for entries matched by name only
  std::string_view name;         // the service people know, e.g. "Doubao"
  std::string_view name_zh;      // e.g. "豆包"
  std::string_view organization; // e.g. "ByteDance"
};

// The provider with this unified social credit code, or nullptr.
const KnownProvider* provider_by_credit_code(std::string_view credit_code);
// The provider a bare name refers to ("doubao", "Minimax Agent AI", "可灵"), or nullptr.
const KnownProvider* provider_by_name(std::string_view name);

// GB 32100-2015: 18 characters from 0-9 A-H J-N P-R T U W-Y with a valid check character.
bool valid_credit_code(std::string_view code);

// Describes a ContentProducer/ContentPropagator value as a report object ({"code", "credit_code", "service",
// "product", "provider", "organization", "matched_by"}); adds plain-English problems for a malformed code.
// `field` names the key in problems. Returns a null Value for an empty value.
Value describe_provider(std::string_view value, std::string_view field, std::vector<std::string>& problems);

}  // namespace dsmark
