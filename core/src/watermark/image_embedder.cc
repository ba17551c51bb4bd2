// embed_image_watermark(): decode → dsmark's image watermark → encode, for embed_watermark()'s image media.
#include <string>

#include "container/metadata_writer.h"
#include "container/walkers.h"
#include "image/image.h"
#include "watermark/dsmark_image.h"

namespace dsmark {
namespace {

constexpr int kDefaultJpegQuality = 92;  // what browsers' canvas.toDataURL('image/jpeg') uses
constexpr int kDefaultWebpQuality = 90;

int orientation_of(std::span<const uint8_t> input, Format format, const Inventory& inventory, const Limits& limits) {
  if (format == Format::kTiff) return orientation_for(input, limits);
  for (const Blob& b : inventory.blobs) {
    if (b.kind == BlobKind::kExif) return orientation_for(b.bytes, limits);
  }
  return 1;
}

}  // namespace

Result<std::vector<uint8_t>> embed_image_watermark(std::span<const uint8_t> input, Format format,
                                                   const EmbedOptions& options) {
  const std::string& out = options.output_format;
  if (out != "png" && out != "jpeg" && out != "webp") {
    return Status::unsupported("an image with dsmark's watermark can be written as PNG, JPEG or WebP, not as \"" +
                               out + "\"");
  }
  if (options.payload.size() > 8) {
    return Status::unsupported("dsmark's image watermark carries 64 bits (16 hex digits); the payload has " +
                               std::to_string(options.payload.size() * 8) + " bits");
  }
  uint64_t payload = kDsmarkDefaultPayload;
  if (!options.payload.empty()) {
    payload = 0;
    for (uint8_t b : options.payload) payload = payload << 8 | b;  // right-aligned: "2a" is carried as 0x…002a
  }
  if (!can_decode_pixels(format)) {
    return Status::unsupported("dsmark cannot decode the pixels of " + std::string(format_name(format)) + " files");
  }
  // The input's metadata: its orientation, and what the output carries over (XMP, EXIF, PNG text).
  Inventory inventory(options.limits);
  if (WalkFn walk = walker_for(format)) (void)walk(input, inventory);
  const CarriedMetadata metadata = carried_metadata(inventory);
  DecodeOptions decode;
  decode.orientation = orientation_of(input, format, inventory, options.limits);
  decode.keep_alpha = out != "jpeg";
  auto decoded = decode_image(input, format, options.limits, decode);
  if (!decoded) return decoded.status();
  auto marked = embed_dsmark_image(decoded->image, payload);
  if (!marked) return marked.status();
  const Format out_format = out == "png" ? Format::kPng : out == "jpeg" ? Format::kJpeg : Format::kWebp;
  Result<std::vector<uint8_t>> encoded =
      out_format == Format::kPng    ? encode_png(*marked)
      : out_format == Format::kJpeg ? encode_jpeg(*marked, options.quality > 0 ? options.quality : kDefaultJpegQuality)
                                    : encode_webp(*marked, options.quality > 0 ? options.quality : kDefaultWebpQuality);
  if (!encoded) return encoded;
  return with_metadata(std::move(*encoded), out_format,
                       out_format == Format::kPng ? metadata : CarriedMetadata{metadata.xmp, metadata.exif, {}},
                       marked->channels == 4);
}

}  // namespace dsmark
