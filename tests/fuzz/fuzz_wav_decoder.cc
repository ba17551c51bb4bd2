// Fuzz target: the WAV reader (RIFF walk, fmt parsing, every sample format) feeding the mono resampling sink.
#include "audio/pcm.h"
#include "audio/wav_codec.h"
#include "fuzz_walker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dsmark::MonoSink sink(16000);
  dsmark::AudioStreamInfo info;
  dsmark::WavExtras extras;
  if (dsmark::decode_wav({data, size}, dsmark::fuzz::tight_limits(), sink, info, &extras).is_ok()) {
    const std::vector<float>& mono = sink.finish();
    volatile float acc = 0;
    for (float v : mono) acc = acc + v;
    for (auto chunk : extras.other_chunks) dsmark::fuzz::touch({reinterpret_cast<const char*>(chunk.data()), chunk.size()});
  }
  for (const auto& w : info.warnings) dsmark::fuzz::touch(w);
  return 0;
}
