#include "schemes/novelai_stealth.h"

#include <png.h>

#include <csetjmp>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "util/byte_reader.h"
#include "util/inflate.h"

namespace dsmark {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kMagicComp = "stealth_pngcomp", kMagicInfo = "stealth_pnginfo";
constexpr uint32_t kMagicBits = 15 * 8;

struct Source {
  Bytes data;
  size_t pos = 0;
};

void read_bytes(png_structp png, png_bytep out, png_size_t n) {
  auto* s = static_cast<Source*>(png_get_io_ptr(png));
  if (n > s->data.size() - s->pos) png_error(png, "truncated");
  std::memcpy(out, s->data.data() + s->pos, n);
  s->pos += n;
}
void on_error(png_structp png, png_const_charp) { longjmp(png_jmpbuf(png), 1); }
void on_warning(png_structp, png_const_charp) {}

// The alpha least significant bits of every pixel, row-major, one bit each.
struct LsbPlane {
  uint32_t width = 0, height = 0;
  std::vector<uint8_t> bits;
  uint32_t rows = 0;  // rows read so far

  bool at(uint64_t k) const {  // the k-th bit in NovelAI's order: column by column
    const uint64_t x = k / height, y = k % height;
    const uint64_t i = y * width + x;
    return (bits[i >> 3] >> (i & 7)) & 1;
  }
  // Bits [from, from + n) available once `rows` rows are read?
  bool ready(uint64_t from, uint64_t n) const {
    const uint64_t last = from + n - 1;
    if (last >= uint64_t{width} * height) return false;
    return rows == height || (last / height == 0 && last % height < rows);
  }
  bool byte_at(uint64_t bit, uint8_t& out) const {
    out = 0;
    for (int i = 0; i < 8; ++i) out = static_cast<uint8_t>(out << 1 | at(bit + i));
    return true;
  }
};

// Decodes rows until the magic can be checked; stops there when it is absent, else reads the whole image.
// Returns the magic found ("" when none). Plain C control flow around setjmp: C++ objects live in the caller.
std::string_view read_plane(Bytes file, const Limits& limits, LsbPlane& plane, std::vector<uint8_t>& row) {
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, on_error, on_warning);
  if (!png) return {};
  png_infop info = png_create_info_struct(png);
  if (!info) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    return {};
  }
  Source src{file, 0};
  std::string_view found;
  if (setjmp(png_jmpbuf(png))) {  // a libpng error (damaged or cut image data): no stealth data read
    png_destroy_read_struct(&png, &info, nullptr);
    return {};
  }
  png_set_read_fn(png, &src, read_bytes);
  png_set_user_limits(png, 1u << 24, 1u << 24);
  png_set_chunk_malloc_max(png, 1u << 20);
  // Only the pixels matter here: ancillary chunks (text, ICC profiles, EXIF) are skipped unread, so a compressed
  // text chunk cannot make libpng inflate it (the walker reads those, under its own caps).
  static const png_byte kIgnore[] = {'b', 'K', 'G', 'D', 0, 'c', 'H', 'R', 'M', 0, 'e', 'X', 'I', 'f', 0, 'g', 'A', 'M', 'A', 0,
                                     'h', 'I', 'S', 'T', 0, 'i', 'C', 'C', 'P', 0, 'i', 'T', 'X', 't', 0, 'o', 'F', 'F', 's', 0,
                                     'p', 'C', 'A', 'L', 0, 'p', 'H', 'Y', 's', 0, 's', 'B', 'I', 'T', 0, 's', 'C', 'A', 'L', 0,
                                     's', 'P', 'L', 'T', 0, 's', 'R', 'G', 'B', 0, 't', 'E', 'X', 't', 0, 't', 'I', 'M', 'E', 0,
                                     'z', 'T', 'X', 't', 0};
  png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, nullptr, 0);
  png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, kIgnore, static_cast<int>(sizeof(kIgnore) / 5));
  png_read_info(png, info);
  const png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
  const int type = png_get_color_type(png, info), depth = png_get_bit_depth(png, info);
  const bool alpha = type == PNG_COLOR_TYPE_RGBA || type == PNG_COLOR_TYPE_GRAY_ALPHA;
  if (!alpha || depth != 8 || png_get_interlace_type(png, info) != PNG_INTERLACE_NONE ||
      uint64_t{w} * h > limits.max_pixels || uint64_t{w} * h < kMagicBits + 32) {
    png_destroy_read_struct(&png, &info, nullptr);
    return {};
  }
  const size_t channels = type == PNG_COLOR_TYPE_RGBA ? 4 : 2;
  plane.width = w;
  plane.height = h;
  plane.bits.assign((uint64_t{w} * h + 7) / 8, 0);
  row.assign(size_t{w} * channels, 0);
  png_read_update_info(png, info);
  bool checked = false;
  for (png_uint_32 y = 0; y < h; ++y) {
    png_read_row(png, row.data(), nullptr);
    for (png_uint_32 x = 0; x < w; ++x) {
      if (row[x * channels + channels - 1] & 1) {
        const uint64_t i = uint64_t{y} * w + x;
        plane.bits[i >> 3] = static_cast<uint8_t>(plane.bits[i >> 3] | (1u << (i & 7)));
      }
    }
    plane.rows = y + 1;
    if (!checked && plane.ready(0, kMagicBits)) {
      checked = true;
      char magic[15];
      for (int i = 0; i < 15; ++i) {
        uint8_t b = 0;
        plane.byte_at(static_cast<uint64_t>(i) * 8, b);
        magic[i] = static_cast<char>(b);
      }
      const std::string_view m(magic, 15);
      if (m != kMagicComp && m != kMagicInfo) break;
      found = m == kMagicComp ? kMagicComp : kMagicInfo;
    }
  }
  png_destroy_read_struct(&png, &info, nullptr);
  return plane.rows == h ? found : std::string_view();
}

std::string json_text(const Json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  return it->is_string() ? it->get<std::string>() : it->dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

void detect_novelai_stealth(Analysis& a) {
  if (a.format != Format::kPng) return;
  LsbPlane plane;
  std::vector<uint8_t> row;
  const std::string_view magic = read_plane(a.file, a.limits, plane, row);
  if (magic.empty()) return;
  Mark m;
  m.scheme = "generator";
  m.kind = MarkKind::kWatermark;
  m.carrier = "png:IDAT/alpha-lsb:" + std::string(magic);
  m.claim = Claim::kUnknown;
  m.fields.set("tool", "novelai");
  uint32_t bits = 0;
  for (uint64_t i = 0; i < 32; ++i) bits = bits << 1 | plane.at(kMagicBits + i);
  const uint64_t bytes = bits / 8;
  if (!plane.ready(kMagicBits + 32, bytes * 8) || bytes > a.limits.max_inflated_bytes || bytes == 0) {
    m.problems.push_back("the hidden data declares " + std::to_string(bits) + " bits, more than the image holds");
    a.marks.push_back(std::move(m));
    return;
  }
  std::vector<uint8_t> data(bytes);
  for (uint64_t i = 0; i < bytes; ++i) plane.byte_at(kMagicBits + 32 + i * 8, data[i]);
  std::string text;
  if (magic == kMagicComp) {
    auto inflated = inflate_capped(data, a.limits.max_inflated_bytes, InflateFormat::kGzip);
    if (!inflated) {
      m.problems.push_back("the hidden data could not be decompressed: " + inflated.status().message());
      a.marks.push_back(std::move(m));
      return;
    }
    text.assign(inflated->begin(), inflated->end());
  } else {
    text.assign(data.begin(), data.end());
  }
  const Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    m.problems.push_back("the hidden data is not the JSON object NovelAI writes");
    a.marks.push_back(std::move(m));
    return;
  }
  m.claim = Claim::kAi;
  if (std::string s = json_text(j, "Software"); !s.empty()) m.fields.set("software", s);
  if (std::string s = json_text(j, "Source"); !s.empty()) m.fields.set("source", s);
  const Json comment = Json::parse(json_text(j, "Comment"), nullptr, false);
  for (const char* k : {"steps", "sampler", "seed"}) {
    if (std::string s = json_text(comment, k); !s.empty()) m.fields.set(k, s);
  }
  a.marks.push_back(std::move(m));
}

}  // namespace dsmark
