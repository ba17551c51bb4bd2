// The decoded pixels of the file under verification, shared by every signal detector: decoded once, on the
// first request, with the EXIF orientation applied (so detectors see the image as viewers show it).
#pragma once

#include "image/image.h"

namespace dsmark {

struct Analysis;

struct PixelCache {
  bool tried = false;
  bool ok = false;
  Image image;
};

// The image's pixels (RGB, 3 channels), or nullptr when the file is not an image dsmark decodes or its pixels
// cannot be decoded; in the latter case a warning says why, once.
const Image* decoded_pixels(Analysis& analysis);

}  // namespace dsmark
