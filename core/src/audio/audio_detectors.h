// The audio stage of verify(): decode the sound once (mono, 16 kHz, while decoding), run one spectrogram
// through the rhythm-label and watermark detectors, and turn what they find into marks.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "analysis/analysis.h"
#include "dsmark/report.h"

namespace dsmark {

// kDetectors entry (verify.cc): for audio files (and video containers, once their sound is decoded), decodes the
// sound and appends `explicit:audio-rhythm` and `watermark:dsmark-audio` marks. When the sound cannot be decoded
// in this build, says so in a warning.
void detect_audio_marks(Analysis& analysis);

// Runs the audio detectors on mono samples at 16 kHz found in `carrier`, appending marks.
void audio_marks_from_mono(std::span<const float> mono16k, const std::string& carrier, std::vector<Mark>& marks);

}  // namespace dsmark
