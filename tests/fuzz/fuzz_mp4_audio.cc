// Fuzz target: the sound track of MP4/M4A/MOV files (moov/trak/mdia/minf/stbl, the sample entry and its esds,
// stsz/stz2/stsc/stco/co64, fragmented moof/traf/tfhd/trun, mvhd/mdhd timescales and the edts/elst edit list) and,
// where the build has libfaad, its AAC decoding (trimmed by the edit list) into the mono resampling sink.
#include "audio/mp4_audio.h"
#include "fuzz_walker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const dsmark::Limits limits = [] {
    dsmark::Limits l = dsmark::fuzz::tight_limits();
    l.max_media_samples = 1u << 16;
    return l;
  }();
  dsmark::Mp4AudioTrack track;
  std::vector<std::string> warnings;
  (void)dsmark::find_mp4_audio({data, size}, limits, track, warnings);
  for (const auto& u : track.units) dsmark::fuzz::touch(std::to_string(u.offset + u.size));
  dsmark::fuzz::touch(dsmark::mp4_audio_codec_words(track));

  dsmark::MonoSink sink(16000);
  dsmark::AudioStreamInfo info;
  if (dsmark::decode_mp4_audio({data, size}, dsmark::Format::kM4a, limits, sink, info).is_ok()) {
    const std::vector<float>& mono = sink.finish();
    volatile float acc = 0;
    for (float v : mono) acc = acc + v;
  }
  for (const auto& w : info.warnings) dsmark::fuzz::touch(w);
  for (const auto& w : warnings) dsmark::fuzz::touch(w);
  return 0;
}
