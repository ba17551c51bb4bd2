// dsmark_rhythm_probe: what the rhythm-label detector (explicit:audio-rhythm) finds in each file, with its
// statistics and its own cost, as JSON lines (for the benchmark, scripts/bench-audio.py, and for looking at
// misses and false alarms case by case).   dsmark_rhythm_probe FILE...
//
// Each file is decoded to mono 16 kHz as `dsmark verify` does; the power frames are computed once alone (the
// transform the audio detectors share) and once feeding the rhythm detector: the difference, plus the
// detector's final pass, is the detector's own time. Best of three runs.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "audio/audio_decode.h"
#include "audio/pcm.h"
#include "audio/power_frames.h"
#include "audio/rhythm_detector.h"
#include "dsmark/limits.h"
#include "format/sniff.h"

namespace {

class NullConsumer final : public dsmark::PowerFrameConsumer {
 public:
  void frame(uint32_t, const float* power) override { sink_ += power[1]; }
  float sink_ = 0;
};

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace dsmark;
  const Limits limits;
  const RhythmConfig config;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    MonoSink sink(config.rate);
    AudioStreamInfo info;
    const Status s = decode_audio(bytes, sniff_format(bytes), limits, config.rate, sink, info);
    if (!s.is_ok()) {
      std::printf("{\"file\":\"%s\",\"error\":\"%s\"}\n", argv[i], s.message().c_str());
      continue;
    }
    const std::vector<float>& mono = sink.finish();
    const uint32_t frames = power_frame_count(mono.size(), config.hop);
    double transform_ms = 1e300, detector_ms = 1e300;
    std::vector<RhythmOccurrence> found;
    for (int run = 0; run < 3; ++run) {
      NullConsumer null;
      PowerFrameConsumer* alone[] = {&null};
      auto t = std::chrono::steady_clock::now();
      run_power_frames(mono, config.fft, config.hop, alone);
      transform_ms = std::min(transform_ms, ms_since(t));
      RhythmAnalysis rhythm(config, frames);
      PowerFrameConsumer* with[] = {&rhythm};
      t = std::chrono::steady_clock::now();
      run_power_frames(mono, config.fft, config.hop, with);
      found = rhythm.finish();
      detector_ms = std::min(detector_ms, ms_since(t));
    }
    std::printf("{\"file\":\"%s\",\"seconds\":%.3f,\"transform_ms\":%.3f,\"detector_ms\":%.3f,\"found\":[", argv[i],
                static_cast<double>(mono.size()) / config.rate, transform_ms, std::max(0.0, detector_ms - transform_ms));
    for (size_t k = 0; k < found.size(); ++k) {
      const RhythmOccurrence& o = found[k];
      std::printf("%s{\"start_s\":%.3f,\"end_s\":%.3f,\"unit_ms\":%.1f,\"frequency_hz\":%.1f,\"contrast_db\":%.1f,"
                  "\"long_gap\":%s,\"agreement\":%.3f}",
                  k ? "," : "", o.start_s, o.end_s, o.unit_ms, o.frequency_hz, o.snr_db, o.long_gap ? "true" : "false",
                  o.agreement);
    }
    std::printf("]}\n");
  }
  return 0;
}
