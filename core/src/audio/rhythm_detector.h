// explicit:audio-rhythm — the GB 45438 §5 rhythm label "短长短短", Morse "AI" (· − · ·): four beeps of one pitch
// (300–4000 Hz), unit 50–300 ms, dot dash dot dot, with the longer gap between A and I (3 units) or without it
// (then it is the Morse letter L). Found over silence, speech or music, anywhere in the clip.
//
// Method (docs/audio.md): a 32 ms / 4 ms spectrogram at 16 kHz; in every frame, spectral peaks at least 16 dB
// above their neighbourhood's valley floor are tones. Per bin, tonal onsets and offsets (a level step of 8 dB or
// more onto or off a held tone) are found; pairs of onsets at one pitch, read as two of the label's four onsets,
// make guesses that need a third onset and three offsets where the template puts them, and whose first onset and
// unit are fitted to the onsets by least squares. Each guess is checked frame by frame on the spectrogram: beeps
// 9 dB over the gaps, tonal, about equally loud, at one steady pitch, and nothing at that pitch for 4 units before
// and after.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "audio/power_frames.h"

namespace dsmark {

struct RhythmOccurrence {
  double start_s = 0, end_s = 0;  // first beep on, last beep off
  double unit_ms = 0;
  double frequency_hz = 0;
  double snr_db = 0;              // tone over its spectral neighbourhood, the weakest beep
  bool long_gap = false;          // 3 units between A and I (false: 1 unit, the letter L)
  double agreement = 0;           // share of the template's frames whose level is on the right side (0–1)
};

struct RhythmConfig {
  uint32_t rate = 16000, fft = 512, hop = 64;
  double min_hz = 300, max_hz = 4000;
  double min_unit_ms = 50, max_unit_ms = 300;
  double tone_contrast_db = 16;   // a seed peak over its neighbourhood's valley floor (bins 3–8 away)
  double switch_db = 9;           // the beeps' envelope over the gaps' (medians, the weakest against the loudest)
  double floor_db = -60;          // peaks this far below the clip's loudest tone are ignored
  double tolerance = 0.35;        // relative timing deviation allowed per element
  double isolation_units = 4;     // nothing at the pitch this long before and after
};

// The detector on the shared power frames (config.fft, config.hop): frame() follows tonal peaks, finish() reads
// the label's template where they suggest it.
class RhythmAnalysis final : public PowerFrameConsumer {
 public:
  RhythmAnalysis(const RhythmConfig& config, uint32_t frame_count);
  ~RhythmAnalysis() override;
  void frame(uint32_t t, const float* power) override;
  std::vector<RhythmOccurrence> finish();

 private:
  struct State;
  State* st_;
};

// Finds every occurrence in mono audio at config.rate.
std::vector<RhythmOccurrence> detect_audio_rhythm(std::span<const float> mono, const RhythmConfig& config = {});

}  // namespace dsmark
