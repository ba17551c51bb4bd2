// Conversions of metadata text to UTF-8. Invalid sequences become U+FFFD; nothing here fails.
#pragma once

#include <string>
#include <string_view>

namespace dsmark {

std::string latin1_to_utf8(std::string_view latin1);
// UTF-16 with explicit byte order; a leading BOM is dropped. Unpaired surrogates become U+FFFD.
std::string utf16_to_utf8(std::string_view bytes, bool big_endian);
// If `bytes` starts with a UTF-16 or UTF-8 BOM, or looks like BOM-less UTF-16 (alternating NULs), converts it;
// otherwise returns it unchanged.
std::string to_utf8_guess(std::string_view bytes);
// Appends the UTF-8 encoding of a code point (invalid code points become U+FFFD).
void append_utf8(std::string& out, char32_t cp);
bool is_valid_utf8(std::string_view s);

}  // namespace dsmark
