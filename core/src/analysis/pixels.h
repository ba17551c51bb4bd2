// The decoded pixels of the file under verification, shared by every signal detector: decoded once, on the
// first request, with the EXIF orientation applied (so detectors see the image as viewers show it).
#pragma once

#include "image/image.h"

namespace dsmark {

struct Analysis;

struct PixelCache {
  bool tried = false;
  bool ok = false;
  uint64_t area = 0;  // from the header, when it could be read
  Image image;
};

// The image's pixels (RGB, 3 channels), or nullptr when the file is not an image dsmark decodes, its header gives
// no size (the container walker reports what is wrong with it), it has fewer than `min_area` pixels (no detector
// needs such small images: nothing is decoded), or its pixel data cannot be decoded (a warning says why, once).
const Image* decoded_pixels(Analysis& analysis, uint64_t min_area);

}  // namespace dsmark
