#include "util/inflate.h"

#include <zlib.h>

#include <algorithm>
#include <string>

namespace dsmark {

Result<std::vector<uint8_t>> inflate_capped(std::span<const uint8_t> in, uint64_t max_out, InflateFormat format) {
  z_stream zs{};
  const int window_bits = format == InflateFormat::kRaw ? -15 : format == InflateFormat::kGzip ? 31 : 15;
  if (inflateInit2(&zs, window_bits) != Z_OK) return Status::malformed("could not start decompression");
  std::vector<uint8_t> out;
  out.resize(static_cast<size_t>(std::min<uint64_t>(max_out, std::max<size_t>(in.size() * 4, 4096))));
  // zlib takes 32-bit lengths; metadata blobs are far below 4 GiB, and the cap keeps them so.
  zs.next_in = const_cast<Bytef*>(in.data());
  zs.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), UINT32_MAX));
  size_t produced = 0;
  int rc = Z_OK;
  while (true) {
    if (produced == out.size()) {
      if (out.size() >= max_out) {
        inflateEnd(&zs);
        return Status::limit("compressed metadata expands beyond " + std::to_string(max_out) + " bytes");
      }
      const auto grown = static_cast<size_t>(std::min<uint64_t>(max_out, uint64_t{out.size()} * 2));
      out.reserve(grown);  // exact: resize() alone may double the capacity past the cap
      out.resize(grown);
    }
    zs.next_out = out.data() + produced;
    zs.avail_out = static_cast<uInt>(std::min<size_t>(out.size() - produced, UINT32_MAX));
    const uInt before = zs.avail_out;
    rc = inflate(&zs, Z_NO_FLUSH);
    produced += before - zs.avail_out;
    if (rc == Z_STREAM_END) break;
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
      inflateEnd(&zs);
      return Status::truncated("compressed metadata ends early");
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      inflateEnd(&zs);
      return Status::malformed("compressed metadata is corrupt");
    }
    if (zs.avail_in == 0 && zs.avail_out != 0) {
      inflateEnd(&zs);
      return Status::truncated("compressed metadata ends early");
    }
  }
  inflateEnd(&zs);
  out.resize(produced);
  return out;
}

}  // namespace dsmark
