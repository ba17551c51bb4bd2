// embed_watermark(): sniff the input, then hand it to the embedder of its medium.
#include "dsmark/watermark.h"

#include <array>
#include <string>

#include "audio/audio_embed.h"
#include "dsmark/report.h"
#include "format/sniff.h"
#include "watermark/dsmark_image.h"
#include "watermark/text_watermark.h"

namespace dsmark {
namespace {

using EmbedFn = Result<std::vector<uint8_t>> (*)(std::span<const uint8_t> input, Format format,
                                                 const EmbedOptions& options);
struct Embedder {
  Media media;
  EmbedFn embed;
};

// One embedder per medium; each lives beside its detector (src/watermark/).
constexpr std::array<Embedder, 3> kEmbedders = {
    Embedder{Media::kAudio, &embed_audio},
    Embedder{Media::kText, &embed_text_watermark},
    Embedder{Media::kImage, &embed_image_watermark},
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

}  // namespace

Result<std::vector<uint8_t>> embed_watermark(std::span<const uint8_t> input, const EmbedOptions& options) {
  if (input.empty()) return Status::malformed("the input is empty");
  if (input.size() > options.limits.max_input_bytes) return Status::limit("the input is larger than the limit");
  const Format format = sniff_format(input);
  const Media media = media_of(format);
  for (const Embedder& e : kEmbedders) {
    if (e.media == media) return e.embed(input, format, options);
  }
  if (media == Media::kUnknown) return Status::unsupported("dsmark does not recognise the input's format");
  return Status::unsupported("dsmark cannot add its watermark to " + std::string(media_name(media)) + " files");
}

std::string output_format_for_name(std::string_view file_name) {
  const size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return {};
  const std::string ext = lower(file_name.substr(dot + 1));
  if (ext == "png" || ext == "webp" || ext == "wav" || ext == "opus") return ext;
  if (ext == "jpg" || ext == "jpeg") return "jpeg";
  if (ext == "ogg") return "opus";
  if (ext == "txt" || ext == "md" || ext == "markdown") return "text";
  return {};
}

Result<std::vector<uint8_t>> payload_from_hex(std::string_view hex) {
  if (hex.size() >= 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')) hex.remove_prefix(2);
  if (hex.size() % 2) return Status::malformed("the payload has an odd number of hex digits");
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::vector<uint8_t> out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return Status::malformed("the payload holds a character that is not a hex digit");
    out.push_back(static_cast<uint8_t>(hi << 4 | lo));
  }
  return out;
}

}  // namespace dsmark
