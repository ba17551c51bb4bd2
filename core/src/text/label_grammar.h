// The wording of explicit AI labels in text, per language, as small grammars over folded text (text_fold.h).
//
// GB 45438 §5.1: a label has an AI element (人工智能 / AI) and a generation element (生成 / 合成). A clause is a
// label only when the whole clause parses as one of the label patterns of its language: an optional subject
// ("本文", "This article", "Dieser Text", …), an optional agent ("由", "by", "mit", "par", "por", "によって",
// "로", …), the AI element, the generation element, and the few words that may follow it. Anything else in the
// clause (a question, a negation, "例如", "how to detect", a product name) makes it ordinary prose.
#pragma once

#include <cstdint>
#include <string_view>

namespace dsmark {

enum class LabelLanguage : uint8_t { kZh, kJa, kKo, kEn, kDe, kFr, kEs };

struct ClauseMatch {
  bool matched = false;
  LabelLanguage language = LabelLanguage::kEn;
  bool subject = false;  // names what is labelled ("本文", "this image"): a statement about this text
  bool agent = false;    // says by what ("由AI", "by AI", "mit KI"): a predicate, not a bare noun phrase
  // The hedges platforms use for unconfirmed content (Measures Art. 6): "可能为AI生成", "possibly AI-generated"
  // (possibly), "疑似AI生成", "suspected AI-generated" (suspected).
  bool possibly = false;
  bool suspected = false;
};

class LabelGrammar {
 public:
  static const LabelGrammar& get();

  // True when every pattern's lexicon names resolved (checked by a test).
  bool ok() const { return ok_; }

  // `clause`: folded, without its terminator, decoration trimmed.
  ClauseMatch match_label(std::u32string_view clause) const;
  // For captions: a label followed by a description of what it labels ("AI-generated illustration of the
  // planned park", "AI生成的未来城市", "AI로 생성된 조감도").
  ClauseMatch match_label_with_description(std::u32string_view clause) const;
  // Disclaimers that accompany labels ("仅供参考", "please verify", "kann Fehler enthalten").
  bool match_companion(std::u32string_view clause) const;
  // Keys that introduce a label when followed by a colon ("提示", "Note", "Hinweis").
  bool match_key(std::u32string_view clause) const;
  // A caption marker at the start of `line` ("图片来源：", "Image:", "Abbildung 2:", "画像："): the index just
  // after its separator, or 0.
  size_t match_caption_prefix(std::u32string_view line) const;
  // A badge that names AI but has no generation element ("AI", "AI创作", "AI辅助"): not a GB 45438 label.
  bool match_badge(std::u32string_view clause) const;
  // Whether the clause contains a generation word of any language (for telling discussion from labels).
  bool contains_generation_word(std::u32string_view clause) const;

 private:
  LabelGrammar();
  bool ok_ = true;
};

std::string_view label_language_name(LabelLanguage l);

}  // namespace dsmark
