// Decoding test files the way the audio tests compare them with ffmpeg: dsmark's decoding mixed to mono, the
// numbers ffmpeg gave for a file when it was made (a table under tests/data/audio), and where a sound starts.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "audio/audio_decode.h"
#include "audio/pcm.h"
#include "dsmark/limits.h"
#include "dsmark/status.h"
#include "format/sniff.h"

namespace dsmark::test {

// dsmark's decoding of a file (at 48 kHz when it must choose), mixed to mono.
struct DecodedAudio {
  Status status = Status::ok();
  AudioStreamInfo info;
  std::vector<float> mono;
};
inline DecodedAudio decode_file(const std::vector<uint8_t>& file) {
  DecodedAudio d;
  CollectSink sink;
  d.status = decode_audio(file, sniff_format(file), Limits{}, 48000, sink, d.info);
  d.mono = mix_to_mono(sink.audio());
  return d;
}

// The numbers after `name` on its line of tests/data/audio/`table` ("name v1 v2 …"); a test failure when absent.
inline std::vector<double> recorded(const std::string& table, const std::string& name) {
  std::ifstream in(std::string(DSMARK_TEST_DATA_DIR) + "/audio/" + table);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string file;
    fields >> file;
    if (file != name) continue;
    std::vector<double> values;
    double v = 0;
    while (fields >> v) values.push_back(v);
    return values;
  }
  ADD_FAILURE() << name << " is not in tests/data/audio/" << table;
  return {};
}

// The first sample from `from` on whose magnitude is above `level`, or x.size().
inline size_t first_above(const std::vector<float>& x, float level, size_t from = 0) {
  for (size_t i = from; i < x.size(); ++i) {
    if (std::fabs(x[i]) > level) return i;
  }
  return x.size();
}

}  // namespace dsmark::test
