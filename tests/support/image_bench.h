// The speed figures of the image watermarks for one file, measured the same way natively (dsmark_wm_probe
// --bench) and in wasm (build/wasm/bin/dsmark_bench): decoding the file, detecting each mark on the decoded
// pixels, and embedding dsmark's mark into them; each the fastest of `repeat` runs, in milliseconds.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <span>
#include <string>

#include "format/sniff.h"
#include "image/image.h"
#include "watermark/dsmark_image.h"
#include "watermark/sd_dwtdct.h"

namespace dsmark::test {

inline std::string image_bench_json(std::span<const uint8_t> bytes, int repeat) {
  using clock = std::chrono::steady_clock;
  auto ms = [](clock::time_point a, clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  const Limits limits;
  const Format format = sniff_format(bytes);
  double decode = 1e18, sd = 1e18, dm = 1e18, embed = 1e18;
  Image img;
  SdDetection sdd;
  DsmarkImageDetection dmd;
  for (int i = 0; i < repeat; ++i) {
    auto t0 = clock::now();
    auto decoded = decode_image(bytes, format, limits);
    auto t1 = clock::now();
    if (!decoded) return "{\"error\":\"" + decoded.status().message() + "\"}";
    decode = std::min(decode, ms(t0, t1));
    img = std::move(decoded->image);
    t0 = clock::now();
    sdd = detect_sd_dwtdct(img);
    t1 = clock::now();
    dmd = detect_dsmark_image(img);
    auto t2 = clock::now();
    sd = std::min(sd, ms(t0, t1));
    dm = std::min(dm, ms(t1, t2));
    t0 = clock::now();
    auto marked = embed_dsmark_image(img, 0x0123456789abcdefull);
    t1 = clock::now();
    if (marked) embed = std::min(embed, ms(t0, t1));
  }
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "{\"width\":%u,\"height\":%u,\"decode_ms\":%.2f,\"sd_ms\":%.2f,\"dsmark_ms\":%.2f,\"detect_ms\":%.2f,"
                "\"embed_ms\":%.2f,\"embed_mp_s\":%.2f,\"sd_marked\":%s,\"dsmark_found\":%s}",
                img.width, img.height, decode, sd, dm, sd + dm, embed, img.area() / 1e6 / (embed / 1000.0),
                sdd.marked ? "true" : "false", dmd.found ? "true" : "false");
  return buf;
}

}  // namespace dsmark::test
