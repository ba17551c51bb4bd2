// NovelAI's "stealth" copy of its metadata, hidden in the least significant bits of a PNG's alpha channel:
// bits read column by column (x outer, y inner), most significant bit first, spell "stealth_pngcomp" (gzip data
// follows) or "stealth_pnginfo" (text follows), a 32-bit big-endian bit count, then the data — a JSON object
// with Software "NovelAI", Source, Comment (the generation settings). It survives tools that drop text chunks.
// A detector: it decodes pixels (8-bit RGBA or grey+alpha, non-interlaced), stopping after the first rows when
// the magic is absent.
#pragma once

#include "analysis/analysis.h"

namespace dsmark {

void detect_novelai_stealth(Analysis& analysis);

}  // namespace dsmark
