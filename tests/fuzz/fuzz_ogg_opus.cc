// Fuzz target: Ogg pages and packets (libogg), the OpusHead parser and the packet decoder with its pre-skip and
// end trimming, at the detectors' 16 kHz and at 48 kHz.
#include "audio/ogg_opus.h"
#include "audio/opus_stream.h"
#include "fuzz_walker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)dsmark::parse_opus_head({data, size});
  for (uint32_t rate : {16000u, 48000u}) {
    dsmark::MonoSink sink(rate);
    dsmark::AudioStreamInfo info;
    std::vector<uint8_t> tags;
    if (dsmark::decode_ogg_opus({data, size}, dsmark::fuzz::tight_limits(), rate, sink, info, &tags).is_ok()) {
      const std::vector<float>& mono = sink.finish();
      volatile float acc = 0;
      for (float v : mono) acc = acc + v;
    }
    for (const auto& w : info.warnings) dsmark::fuzz::touch(w);
  }
  return 0;
}
