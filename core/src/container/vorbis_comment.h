// Vorbis comments (Vorbis I spec §5; also FLAC VORBIS_COMMENT blocks, OpusTags, Speex and Theora comment
// headers): vendor string, then KEY=value pairs with little-endian lengths.
#pragma once

#include <string_view>

#include "container/inventory.h"
#include "util/byte_reader.h"

namespace dsmark {

// Reads a comment block that starts at the vendor length (the packet signature already removed). Adds each
// comment as a text entry "<carrier_prefix>:<KEY>" and the vendor as "<carrier_prefix>:vendor".
// Cover art (METADATA_BLOCK_PICTURE, COVERART) is skipped.
Status add_vorbis_comments(Bytes block, std::string_view carrier_prefix, Inventory& inventory);

}  // namespace dsmark
