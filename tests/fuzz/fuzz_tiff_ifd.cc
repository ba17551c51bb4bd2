// Fuzz target: the TIFF/EXIF directory walker.
#include "container/tiff_ifd.h"
#include "fuzz_walker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dsmark::TiffDirectory dir;
  (void)dsmark::read_tiff_directory({data, size}, dsmark::fuzz::tight_limits(), dir);
  uint32_t v = 0;
  for (const auto& e : dir.entries) {
    dsmark::fuzz::touch(dsmark::as_chars(e.value));
    (void)dir.uint_at(e, 0, v);
  }
  (void)dsmark::exif_orientation({data, size}, dsmark::fuzz::tight_limits());
  return 0;
}
