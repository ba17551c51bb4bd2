// dsmark_sd_embed: marks an image with the Stable Diffusion family's watermark through the reference-encoder
// replica of tests/support (for benchmarks and calibration; dsmark itself never adds this mark).
//   dsmark_sd_embed IN OUT.png [--message sd1|sd2|sdxl|flux] [--convention uint8|float] [--order bgr|rgb] [--round]
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "format/sniff.h"
#include "image/image.h"
#include "support/sd_dwtdct_encoder.h"

int main(int argc, char** argv) {
  std::vector<std::string> paths;
  std::string message = "sdxl";
  dsmark::test::SdEncodeOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--message" && i + 1 < argc) {
      message = argv[++i];
    } else if (a == "--convention" && i + 1 < argc) {
      options.convention = std::string(argv[++i]) == "float" ? dsmark::SdConvention::kFloat : dsmark::SdConvention::kUint8;
    } else if (a == "--order" && i + 1 < argc) {
      options.order = std::string(argv[++i]) == "rgb" ? dsmark::SdOrder::kRgb : dsmark::SdOrder::kBgr;
    } else if (a == "--round") {
      options.rounding = dsmark::test::SdOutputRounding::kRound;
    } else {
      paths.push_back(a);
    }
  }
  const int index = message == "sd1" ? 0 : message == "sd2" ? 1 : message == "sdxl" ? 2 : message == "flux" ? 3 : -1;
  if (paths.size() != 2 || index < 0) {
    std::fprintf(stderr, "usage: dsmark_sd_embed IN OUT.png [--message sd1|sd2|sdxl|flux] "
                         "[--convention uint8|float] [--order bgr|rgb] [--round]\n");
    return 2;
  }
  std::ifstream in(paths[0], std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  dsmark::Limits limits;
  auto decoded = dsmark::decode_image(bytes, dsmark::sniff_format(bytes), limits);
  if (!decoded) {
    std::fprintf(stderr, "dsmark_sd_embed: %s: %s\n", paths[0].c_str(), decoded.status().message().c_str());
    return 1;
  }
  const auto bits = dsmark::sd_message_bits(dsmark::sd_messages()[static_cast<size_t>(index)]);
  const dsmark::Image marked = dsmark::test::sd_embed(decoded->image, bits, options);
  auto png = dsmark::encode_png(marked);
  if (!png) {
    std::fprintf(stderr, "dsmark_sd_embed: %s\n", png.status().message().c_str());
    return 1;
  }
  std::ofstream out(paths[1], std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(png->data()), static_cast<std::streamsize>(png->size()));
  return out.good() ? 0 : 1;
}
