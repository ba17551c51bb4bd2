// GIF through giflib: the first frame, drawn on the logical screen, record by record (never DGifSlurp, which
// reads every frame into memory). Transparent and uncovered pixels are white, or transparent with alpha.
#include <gif_lib.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "image/image.h"

namespace dsmark {
namespace {

struct MemoryInput {
  std::span<const uint8_t> data;
  size_t pos = 0;
};

int read_memory(GifFileType* gif, GifByteType* dst, int n) {
  auto* in = static_cast<MemoryInput*>(gif->UserData);
  if (n <= 0) return 0;
  const size_t take = std::min(static_cast<size_t>(n), in->data.size() - in->pos);
  std::memcpy(dst, in->data.data() + in->pos, take);
  in->pos += take;
  return static_cast<int>(take);
}

class GifReader {
 public:
  explicit GifReader(std::span<const uint8_t> file) : input_{file, 0} {
    gif_ = DGifOpen(&input_, read_memory, &error_);
  }
  ~GifReader() {
    int err = 0;
    if (gif_) DGifCloseFile(gif_, &err);
  }
  GifReader(const GifReader&) = delete;
  GifReader& operator=(const GifReader&) = delete;

  GifFileType* get() const { return gif_; }
  Status status(int code) const {
    const int e = code ? code : (gif_ ? gif_->Error : error_);
    if (e == D_GIF_ERR_READ_FAILED || e == D_GIF_ERR_EOF_TOO_SOON) return Status::truncated("the GIF data ends early");
    if (e == D_GIF_ERR_NOT_GIF_FILE) return Status::malformed("the file is not a GIF");
    const char* why = GifErrorString(e);
    return Status::malformed(std::string("the GIF data is damaged (") + (why ? why : "unknown error") + ")");
  }

 private:
  MemoryInput input_;
  GifFileType* gif_ = nullptr;
  int error_ = 0;
};

}  // namespace

Result<ImageInfo> gif_info(std::span<const uint8_t> file) {
  GifReader reader(file);
  if (!reader.get()) return reader.status(0);
  return ImageInfo{static_cast<uint32_t>(std::max(0, reader.get()->SWidth)),
                   static_cast<uint32_t>(std::max(0, reader.get()->SHeight)), false};
}

Result<DecodedImage> decode_gif(std::span<const uint8_t> file, const Limits& limits, bool keep_alpha) {
  GifReader reader(file);
  GifFileType* gif = reader.get();
  if (!gif) return reader.status(0);
  int transparent = NO_TRANSPARENT_COLOR;
  GifRecordType type;
  for (uint32_t records = 0;; ++records) {
    if (records > limits.max_boxes) return Status::limit("the GIF holds too many blocks before its first image");
    if (DGifGetRecordType(gif, &type) == GIF_ERROR) return reader.status(0);
    if (type == TERMINATE_RECORD_TYPE) return Status::malformed("the GIF holds no image");
    if (type == IMAGE_DESC_RECORD_TYPE) break;
    if (type == EXTENSION_RECORD_TYPE) {
      int code = 0;
      GifByteType* ext = nullptr;
      if (DGifGetExtension(gif, &code, &ext) == GIF_ERROR) return reader.status(0);
      if (code == GRAPHICS_EXT_FUNC_CODE && ext && ext[0] >= 4) {
        GraphicsControlBlock gcb;
        if (DGifExtensionToGCB(ext[0], ext + 1, &gcb) == GIF_OK) transparent = gcb.TransparentColor;
      }
      while (ext) {
        if (DGifGetExtensionNext(gif, &ext) == GIF_ERROR) return reader.status(0);
      }
    }
  }
  if (DGifGetImageDesc(gif) == GIF_ERROR) return reader.status(0);
  const GifImageDesc& desc = gif->Image;
  if (desc.Width <= 0 || desc.Height <= 0 || desc.Left < 0 || desc.Top < 0) {
    return Status::malformed("the GIF's first image has no pixels");
  }
  // The canvas is the logical screen, grown to hold the frame if the screen is smaller (as browsers do).
  const uint64_t cw = std::max<uint64_t>(uint64_t(std::max(0, gif->SWidth)), uint64_t(desc.Left) + desc.Width);
  const uint64_t ch = std::max<uint64_t>(uint64_t(std::max(0, gif->SHeight)), uint64_t(desc.Top) + desc.Height);
  if (cw * ch > limits.max_pixels || cw > 65535 || ch > 65535) return pixel_limit_status(cw, ch, limits);
  const ColorMapObject* map = desc.ColorMap ? desc.ColorMap : gif->SColorMap;
  if (!map || map->ColorCount <= 0 || !map->Colors) return Status::malformed("the GIF has no colour table");

  DecodedImage out;
  Image& img = out.image;
  img.width = static_cast<uint32_t>(cw);
  img.height = static_cast<uint32_t>(ch);
  img.channels = keep_alpha ? 4 : 3;
  img.pixels.assign(size_t(cw) * ch * img.channels, keep_alpha ? 0 : 255);
  std::vector<GifPixelType> line(static_cast<size_t>(desc.Width));
  // Interlaced frames arrive in four passes: rows 0, 8, 16…; 4, 12…; 2, 6…; 1, 3…
  static constexpr int kStart[4] = {0, 4, 2, 1}, kStep[4] = {8, 8, 4, 2};
  std::vector<int> order;
  order.reserve(static_cast<size_t>(desc.Height));
  if (desc.Interlace) {
    for (int pass = 0; pass < 4; ++pass) {
      for (int y = kStart[pass]; y < desc.Height; y += kStep[pass]) order.push_back(y);
    }
  } else {
    for (int y = 0; y < desc.Height; ++y) order.push_back(y);
  }
  size_t rows_read = 0;
  for (int y : order) {
    if (DGifGetLine(gif, line.data(), desc.Width) == GIF_ERROR) break;
    ++rows_read;
    uint8_t* dst = img.row(static_cast<uint32_t>(desc.Top + y)) + size_t(desc.Left) * img.channels;
    for (int x = 0; x < desc.Width; ++x, dst += img.channels) {
      const int index = line[static_cast<size_t>(x)];
      if (index == transparent) continue;
      const GifColorType c = index < map->ColorCount ? map->Colors[index] : GifColorType{0, 0, 0};
      dst[0] = c.Red;
      dst[1] = c.Green;
      dst[2] = c.Blue;
      if (keep_alpha) dst[3] = 255;
    }
  }
  if (rows_read == 0) return reader.status(0);
  if (rows_read < order.size()) {
    out.warnings.push_back("the GIF image data ends early; " + std::to_string(order.size() - rows_read) +
                           " rows are missing");
  }
  return out;
}

}  // namespace dsmark
