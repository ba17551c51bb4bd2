// GB18030 (a superset of GBK and GB2312): decoding one character at a time, and encoding code points.
// The mapping tables are generated from iconv by scripts/gen-gb18030-table.py (gb18030_table.inc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace dsmark {

// Decodes the character at p[0..n) (n >= 1). Returns the number of bytes it takes (1, 2 or 4) and sets `cp`,
// or 0 when the bytes there are not a valid GB18030 character (a lone lead byte, a bad trail, a code past
// U+10FFFF, or a sequence cut by the end). ASCII bytes decode as themselves; 0x80 and 0xFF are invalid.
size_t gb18030_decode_one(const uint8_t* p, size_t n, char32_t& cp);

// Appends the GB18030 bytes of `cp`; false (nothing appended) for surrogates and code points past U+10FFFF.
bool gb18030_encode(char32_t cp, std::string& out);

}  // namespace dsmark
