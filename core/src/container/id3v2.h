// ID3v2 tags (id3.org: ID3v2.2, ID3v2.3.0, ID3v2.4.0 structure and frames): text frames (T***, TXXX/TXX),
// comments (COMM/COM), URL frames (W***, WXXX/WXX) and GEOB objects (a C2PA store with MIME application/c2pa or
// application/x-c2pa-manifest-store). Handles whole-tag and per-frame unsynchronisation, extended headers,
// zlib-compressed frames (capped), data length indicators, and the non-syncsafe frame sizes old iTunes wrote.
// Used by MP3, and by WAV/AIFF `id3 ` chunks and FLAC files that carry an ID3 tag.
#pragma once

#include <string_view>

#include "container/inventory.h"
#include "util/byte_reader.h"

namespace dsmark {

// Reads the ID3v2 tag that starts at `data[0]` ("ID3"). `tag_size` receives its whole size (header, body,
// footer) so callers can continue after it. Carriers are "<prefix>:ID3v2.<major>:<frame>[:<description>]",
// e.g. "mp3:ID3v2.4:TXXX:AIGC". A broken frame is a warning; a broken header is a non-ok Status.
Status read_id3v2(Bytes data, std::string_view carrier_prefix, Inventory& inventory, size_t& tag_size);

// The size of an ID3v2 tag at `data[0]`, or 0 when there is none (used to skip it).
size_t id3v2_size(Bytes data);

}  // namespace dsmark
