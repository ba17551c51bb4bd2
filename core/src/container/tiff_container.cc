// TIFF / DNG files: XMP in tag 700 (0x02BC), the C2PA store in tag 0xCD41 (every IFD is checked), and the text
// tags of IFD0 and the EXIF IFD (ImageDescription, UserComment, …) through the one TIFF directory walker.
#include <string>

#include "container/exif_text.h"
#include "container/tiff_ifd.h"
#include "container/walkers.h"
#include "util/byte_reader.h"

namespace dsmark {

Status walk_tiff(std::span<const uint8_t> file, Inventory& inv) {
  TiffDirectory dir;
  const Status read = read_tiff_directory(file, inv.limits(), dir);
  for (const TiffEntry& e : dir.entries) {
    const bool image_ifd = e.ifd == TiffIfd::kImage || e.ifd == TiffIfd::kSubImage;
    const std::string ifd = (e.ifd == TiffIfd::kSubImage ? "SubIFD" : e.ifd == TiffIfd::kImage ? "IFD" : "ExifIFD") +
                            (image_ifd ? std::to_string(e.ifd_index) : std::string());
    Status st = Status::ok();
    if (e.tag == 0x02BC && image_ifd && (e.type == 1 || e.type == 7 || e.type == 2)) {
      st = inv.add_xmp("tiff:" + ifd + ":XMP", std::string(as_chars(e.value)));
    } else if (e.tag == 0xCD41) {
      st = inv.add_blob(BlobKind::kC2pa, "tiff:" + ifd + ":C2PA", std::vector<uint8_t>(e.value.begin(), e.value.end()));
    }
    if (st.code() == StatusCode::kLimit) return st;
    if (!st.is_ok()) inv.warn(st.message());
  }
  DSMARK_RETURN_IF_ERROR(add_exif_text(dir, "tiff:", inv));
  return read;
}

}  // namespace dsmark
