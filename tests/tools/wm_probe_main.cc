// dsmark_wm_probe: the detectors' raw statistics for each file, marked or not, as JSON lines (for calibration
// on negative sets and for the robustness benchmark).   dsmark_wm_probe FILE...
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "container/tiff_ifd.h"
#include "support/image_bench.h"
#include "format/sniff.h"
#include "image/image.h"
#include "watermark/dsmark_image.h"
#include "watermark/sd_dwtdct.h"

int main(int argc, char** argv) {
  dsmark::Limits limits;
  int bench = 0;  // --bench N: the speed figures of tests/support/image_bench.h instead
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--bench" && i + 1 < argc) {
      bench = std::atoi(argv[++i]);
      continue;
    }
    if (bench > 0) {
      std::ifstream in(argv[i], std::ios::binary);
      std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::printf("%s\n", dsmark::test::image_bench_json(bytes, bench).c_str());
      continue;
    }
    std::ifstream in(argv[i], std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto t0 = std::chrono::steady_clock::now();
    auto decoded = dsmark::decode_image(bytes, dsmark::sniff_format(bytes), limits);
    const auto t1 = std::chrono::steady_clock::now();
    if (!decoded) {
      std::printf("{\"file\":\"%s\",\"error\":\"%s\"}\n", argv[i], decoded.status().message().c_str());
      continue;
    }
    const dsmark::Image& img = decoded->image;
    const dsmark::SdDetection sd = dsmark::detect_sd_dwtdct(img);
    const auto t2 = std::chrono::steady_clock::now();
    const dsmark::DsmarkImageDetection dm = dsmark::detect_dsmark_image(img);
    const auto t3 = std::chrono::steady_clock::now();
    const auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
    std::printf("{\"file\":\"%s\",\"width\":%u,\"height\":%u,\"decode_ms\":%.3f,"
                "\"sd\":{\"marked\":%s,\"z\":%.4f,\"p\":%.4g,\"message\":%d,\"variant\":%d,\"aligned\":%s,"
                "\"bit_errors\":%d,\"bits\":%zu,\"blocks\":%llu,\"ms\":%.3f},"
                "\"dsmark\":{\"found\":%s,\"payload\":\"%016llx\",\"p\":%.4g,\"sync_z\":%.3f,\"scale\":%.4f,"
                "\"candidates\":%u,\"corrected\":%d,\"snr\":%.3f,\"ms\":%.3f}}\n",
                argv[i], img.width, img.height, ms(t0, t1), sd.marked ? "true" : "false", sd.z, sd.p_value,
                sd.message, static_cast<int>(sd.convention) * 2 + static_cast<int>(sd.order),
                sd.aligned ? "true" : "false", sd.bit_errors, sd.bits.size(),
                static_cast<unsigned long long>(sd.blocks), ms(t1, t2), dm.found ? "true" : "false",
                static_cast<unsigned long long>(dm.payload), dm.p_value, dm.sync_z, dm.scale, dm.candidates,
                dm.corrected_bits, dm.signal_to_noise, ms(t2, t3));
  }
  return 0;
}
