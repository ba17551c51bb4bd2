// Fuzz target: EXIF text tags (UserComment character codes, XP* UTF-16, ASCII) over the TIFF directory walker,
// and the TIFF file walker (XMP tag 700, C2PA tag 0xCD41).
#include "container/exif_text.h"
#include "fuzz_walker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dsmark::Inventory inv(dsmark::fuzz::tight_limits());
  (void)dsmark::add_exif_text({data, size}, "fuzz", inv);
  for (const auto& t : inv.text) dsmark::fuzz::touch(t.value);
  return dsmark::fuzz::walk(&dsmark::walk_tiff, data, size);
}
