// The text-bearing tags of an EXIF/TIFF block (ImageDescription, Make, Model, Software, Artist, Copyright, the
// Windows XP* tags and UserComment) as inventory text entries, so every scheme reader sees them the same way
// whatever the container: JPEG APP1, PNG eXIf, WebP EXIF, HEIF Exif items, TIFF files.
// Carriers follow ExifTool's group names: "<block carrier>/IFD0:ImageDescription", "…/ExifIFD:UserComment".
#pragma once

#include <string_view>

#include "container/inventory.h"
#include "container/tiff_ifd.h"

namespace dsmark {

// Reads the TIFF directory of `tiff` and adds its text tags. Returns the directory walker's Status (entries
// read before a failure are still added).
Status add_exif_text(Bytes tiff, std::string_view carrier_prefix, Inventory& inventory);

// The same for a directory already read (TIFF files read it once for XMP, C2PA and text).
Status add_exif_text(const TiffDirectory& dir, std::string_view carrier_prefix, Inventory& inventory);

// Decodes an EXIF UserComment value: the 8-byte character code ("ASCII\0\0\0", "UNICODE\0", "JIS\0\0\0\0\0",
// eight NULs) then the text; UNICODE is UTF-16 in the byte order its bytes show (writers disagree).
std::string decode_user_comment(Bytes value, bool tiff_little_endian);

// Every kExif blob of the inventory, expanded into text entries (a damaged block becomes a warning).
void expand_exif_blobs(Inventory& inventory);

}  // namespace dsmark
