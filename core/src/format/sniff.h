// Format sniffing from magic bytes (never from a file name).
#pragma once

#include <cstdint>
#include <span>

#include "dsmark/report.h"

namespace dsmark {

Format sniff_format(std::span<const uint8_t> bytes);

// For bytes known to be text: kMarkdown when they look like Markdown, else kText (the same test sniff_format
// applies to text files, including UTF-16 ones).
Format sniff_text_format(std::span<const uint8_t> bytes);

}  // namespace dsmark
