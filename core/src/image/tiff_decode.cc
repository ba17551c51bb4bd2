// Baseline TIFF pixels (TIFF 6.0 Part 1 and the common extensions): the first image, in strips, 8 bits per
// sample, chunky, grey / RGB / palette, uncompressed, PackBits, LZW or Deflate, with or without the horizontal
// predictor. Tiles, planar layouts, other bit depths, JPEG-in-TIFF and CMYK are refused as unsupported.
#include <algorithm>
#include <string>

#include "container/tiff_ifd.h"
#include "image/image.h"
#include "util/inflate.h"

namespace dsmark {
namespace {

constexpr uint16_t kWidth = 256, kHeight = 257, kBitsPerSample = 258, kCompression = 259, kPhotometric = 262,
                   kStripOffsets = 273, kSamplesPerPixel = 277, kRowsPerStrip = 278, kStripByteCounts = 279,
                   kPlanar = 284, kPredictor = 317, kColorMap = 320, kTileWidth = 322, kExtraSamples = 338;

struct Ifd0 {
  const TiffDirectory* dir = nullptr;
  const TiffEntry* find(uint16_t tag) const {
    for (const TiffEntry& e : dir->entries) {
      if (e.tag == tag && e.ifd == TiffIfd::kImage && e.ifd_index == 0) return &e;
    }
    return nullptr;
  }
  uint32_t get(uint16_t tag, uint32_t fallback, uint32_t i = 0) const {
    const TiffEntry* e = find(tag);
    uint32_t v = 0;
    return e && dir->uint_at(*e, i, v) ? v : fallback;
  }
};

// PackBits (TIFF 6.0 §9): a run-length scheme; output is capped at `want` bytes.
bool unpack_bits(Bytes in, size_t want, std::vector<uint8_t>& out) {
  out.clear();
  size_t i = 0;
  while (i < in.size() && out.size() < want) {
    const int n = static_cast<int8_t>(in[i++]);
    if (n >= 0) {
      const size_t count = std::min<size_t>(size_t(n) + 1, in.size() - i);
      out.insert(out.end(), in.begin() + i, in.begin() + i + count);
      i += count;
    } else if (n != -128) {
      if (i >= in.size()) break;
      out.insert(out.end(), size_t(1 - n), in[i++]);
    }
  }
  if (out.size() > want) out.resize(want);
  return out.size() == want;
}

// TIFF LZW (TIFF 6.0 §13): MSB-first codes of 9–12 bits, Clear 256, EOI 257, widths grow one code early.
bool lzw_decode(Bytes in, size_t want, std::vector<uint8_t>& out) {
  out.clear();
  if (in.size() >= 2 && in[0] == 0 && (in[1] & 1)) return false;  // the pre-6.0 "old-style" LZW: not read
  std::vector<uint16_t> prefix(4096);
  std::vector<uint8_t> suffix(4096), first(4096), stack;
  std::vector<uint16_t> length(4096);
  for (int i = 0; i < 256; ++i) {
    prefix[i] = 0xFFFF;
    suffix[i] = first[i] = static_cast<uint8_t>(i);
    length[i] = 1;
  }
  size_t bitpos = 0;
  int width = 9, next = 258, old = -1;
  auto read_code = [&]() -> int {
    if (bitpos + width > in.size() * 8) return 257;
    uint32_t v = 0;
    for (int b = 0; b < width; ++b, ++bitpos) v = (v << 1) | ((in[bitpos >> 3] >> (7 - (bitpos & 7))) & 1);
    return static_cast<int>(v);
  };
  auto emit = [&](int code) {
    stack.clear();
    for (int c = code; c != 0xFFFF; c = prefix[static_cast<size_t>(c)]) stack.push_back(suffix[static_cast<size_t>(c)]);
    for (auto it = stack.rbegin(); it != stack.rend() && out.size() < want; ++it) out.push_back(*it);
  };
  while (out.size() < want) {
    const int code = read_code();
    if (code == 257) break;
    if (code == 256) {
      width = 9;
      next = 258;
      old = -1;
      continue;
    }
    if (old < 0) {
      if (code > 255) return false;
      emit(code);
      old = code;
      continue;
    }
    if (code > next || next >= 4096) return false;
    if (code < next) {
      emit(code);
      prefix[static_cast<size_t>(next)] = static_cast<uint16_t>(old);
      suffix[static_cast<size_t>(next)] = first[static_cast<size_t>(code)];
    } else {  // the KwKwK case: the code being defined
      prefix[static_cast<size_t>(next)] = static_cast<uint16_t>(old);
      suffix[static_cast<size_t>(next)] = first[static_cast<size_t>(old)];
      first[static_cast<size_t>(next)] = first[static_cast<size_t>(old)];
      emit(next);
    }
    first[static_cast<size_t>(next)] = first[static_cast<size_t>(old)];
    ++next;
    if (next + 1 >= (1 << width) && width < 12) ++width;
    old = code;
  }
  return out.size() == want;
}

Result<ImageInfo> info_of(const TiffDirectory& dir) {
  Ifd0 ifd{&dir};
  const uint32_t w = ifd.get(kWidth, 0), h = ifd.get(kHeight, 0);
  if (w == 0 || h == 0) return Status::malformed("the TIFF does not give its image size");
  const uint32_t spp = ifd.get(kSamplesPerPixel, 1);
  const bool alpha = ifd.find(kExtraSamples) != nullptr && (spp == 2 || spp == 4);
  return ImageInfo{w, h, alpha};
}

}  // namespace

Result<ImageInfo> tiff_info(std::span<const uint8_t> file) {
  TiffDirectory dir;
  Limits limits;
  Status st = read_tiff_directory(file, limits, dir);
  if (dir.entries.empty()) return st.is_ok() ? Status::malformed("the TIFF holds no image directory") : st;
  return info_of(dir);
}

Result<DecodedImage> decode_tiff(std::span<const uint8_t> file, const Limits& limits, bool keep_alpha) {
  TiffDirectory dir;
  Status st = read_tiff_directory(file, limits, dir);
  if (dir.entries.empty()) return st.is_ok() ? Status::malformed("the TIFF holds no image directory") : st;
  Ifd0 ifd{&dir};
  auto info = info_of(dir);
  if (!info) return info.status();
  const uint32_t w = info->width, h = info->height;
  if (uint64_t{w} * h > limits.max_pixels) return pixel_limit_status(w, h, limits);
  const uint32_t spp = ifd.get(kSamplesPerPixel, 1);
  const uint32_t compression = ifd.get(kCompression, 1);
  const uint32_t photometric = ifd.get(kPhotometric, spp >= 3 ? 2 : 1);
  const uint32_t predictor = ifd.get(kPredictor, 1);
  for (uint32_t i = 0; i < spp; ++i) {
    if (ifd.get(kBitsPerSample, 8, i) != 8) {
      return Status::unsupported("dsmark decodes TIFF images with 8 bits per sample only");
    }
  }
  if (ifd.find(kTileWidth)) return Status::unsupported("dsmark does not decode tiled TIFF images");
  if (spp > 1 && ifd.get(kPlanar, 1) != 1) return Status::unsupported("dsmark does not decode planar TIFF images");
  const bool grey = photometric == 0 || photometric == 1;
  const bool palette = photometric == 3;
  if (!((grey && (spp == 1 || spp == 2)) || (photometric == 2 && (spp == 3 || spp == 4)) || (palette && spp == 1))) {
    return Status::unsupported("dsmark decodes grey, RGB and palette TIFF images only");
  }
  if (compression != 1 && compression != 5 && compression != 8 && compression != 32946 && compression != 32773) {
    return Status::unsupported("dsmark does not decode this TIFF compression (" + std::to_string(compression) + ")");
  }
  if (predictor != 1 && predictor != 2) return Status::unsupported("dsmark does not decode this TIFF predictor");
  const TiffEntry* offsets = ifd.find(kStripOffsets);
  const TiffEntry* counts = ifd.find(kStripByteCounts);
  if (!offsets || !counts) return Status::malformed("the TIFF does not say where its image data is");
  const uint32_t rows_per_strip = std::clamp<uint32_t>(ifd.get(kRowsPerStrip, h), 1, h);
  const uint32_t strips = (h + rows_per_strip - 1) / rows_per_strip;
  if (offsets->count < strips || counts->count < strips) return Status::malformed("the TIFF lists too few strips");

  const TiffEntry* colormap = palette ? ifd.find(kColorMap) : nullptr;
  if (palette && (!colormap || colormap->count < 3 * 256)) return Status::malformed("the palette TIFF has no palette");

  const bool alpha = keep_alpha && info->has_alpha;
  DecodedImage out;
  Image& img = out.image;
  img.width = w;
  img.height = h;
  img.channels = alpha ? 4 : 3;
  img.pixels.assign(size_t{w} * h * img.channels, 0);
  const size_t row_bytes = size_t{w} * spp;
  std::vector<uint8_t> strip, raw;
  uint32_t rows_done = 0;
  for (uint32_t s = 0; s < strips; ++s) {
    uint32_t off = 0, len = 0;
    if (!dir.uint_at(*offsets, s, off) || !dir.uint_at(*counts, s, len)) break;
    if (uint64_t{off} + len > file.size()) {
      out.warnings.push_back("the TIFF image data ends early");
      break;
    }
    const Bytes data = file.subspan(off, len);
    const uint32_t rows = std::min(rows_per_strip, h - s * rows_per_strip);
    const size_t want = rows * row_bytes;
    bool ok = true;
    if (compression == 1) {
      ok = data.size() >= want;
      if (ok) strip.assign(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(want));
    } else if (compression == 32773) {
      ok = unpack_bits(data, want, strip);
    } else if (compression == 5) {
      ok = lzw_decode(data, want, strip);
    } else {
      auto inflated = inflate_capped(data, want);
      ok = inflated.is_ok() && inflated->size() >= want;
      if (ok) strip = std::move(*inflated);
    }
    if (!ok) {
      out.warnings.push_back("the TIFF image data is damaged in strip " + std::to_string(s + 1));
      break;
    }
    for (uint32_t r = 0; r < rows; ++r) {
      uint8_t* src = strip.data() + r * row_bytes;
      if (predictor == 2) {
        for (size_t i = spp; i < row_bytes; ++i) src[i] = static_cast<uint8_t>(src[i] + src[i - spp]);
      }
      uint8_t* dst = img.row(s * rows_per_strip + r);
      for (uint32_t x = 0; x < w; ++x, dst += img.channels) {
        const uint8_t* p = src + size_t{x} * spp;
        if (palette) {
          uint32_t rgb[3] = {0, 0, 0};
          for (int c = 0; c < 3; ++c) (void)dir.uint_at(*colormap, uint32_t(c) * 256 + p[0], rgb[c]);
          for (int c = 0; c < 3; ++c) dst[c] = static_cast<uint8_t>(rgb[c] >> 8);
        } else if (grey) {
          const uint8_t v = photometric == 0 ? static_cast<uint8_t>(255 - p[0]) : p[0];
          dst[0] = dst[1] = dst[2] = v;
        } else {
          dst[0] = p[0];
          dst[1] = p[1];
          dst[2] = p[2];
        }
        if (alpha) dst[3] = p[spp - 1];
      }
      ++rows_done;
    }
  }
  if (rows_done == 0) return Status::malformed("the TIFF image data could not be read");
  return out;
}

}  // namespace dsmark
