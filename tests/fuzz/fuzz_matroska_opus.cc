// Fuzz target: the Opus and AAC tracks of Matroska/WebM (EBML walk, track entries and their Audio elements, legacy
// AAC CodecIDs and CodecDelay, blocks and their lacings, unknown-size clusters, block timestamps and DiscardPadding
// placed by BlockTimeline) feeding the Opus decoder or, where
// the build has libfaad, the AAC decoder, and the mono resampling sink.
#include "audio/matroska_opus.h"
#include "fuzz_walker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dsmark::MonoSink sink(16000);
  dsmark::AudioStreamInfo info;
  if (dsmark::decode_matroska_audio({data, size}, dsmark::fuzz::tight_limits(), 16000, "webm", sink, info).is_ok()) {
    const std::vector<float>& mono = sink.finish();
    volatile float acc = 0;
    for (float v : mono) acc = acc + v;
  }
  for (const auto& w : info.warnings) dsmark::fuzz::touch(w);
  return 0;
}
