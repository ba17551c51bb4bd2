// watermark:dsmark-audio — dsmark's own audio watermark. Design, parameters and measured robustness:
// docs/audio.md ("watermark:dsmark-audio: design").
//
// Features: log energies of time-frequency cells (32 ms x one of 28 bands between 250 and 7000 Hz, analysed at
// 16 kHz). A block is 2 x 2 cells; its value is the checkerboard double difference of their log energies, so
// anything that changes a whole band or a whole moment at once cancels. Each block has a loudness weight w (0..1)
// from its quietest cell's level against the clip's loud level (90th percentile of the cells), a smooth ramp from
// w_lo_db to w_hi_db; embedder and detector compute it alike from the sound they see, and it is unchanged by gain.
// A symbol (one 64 ms column of 14 blocks) projects sum_b w_b s_b psi(d_b) on a fixed +-1 spreading vector, so
// quiet blocks, which codecs and added noise replace, drop out on both sides. The embedder moves each projection
// onto a lattice of step Delta shifted by a key-derived dither (and by Delta/2 for a data bit 1), spreading the
// move over the symbol's blocks by weight and by (block energy / loud level)^-cost_exponent; per clip it takes the
// largest of `steps` (2.6, 1.3) whose moves fit the mark-to-signal budget; over budget, each symbol gets its own
// share of its move, the cheap ones first (share_by_cost). Each symbol aims at its lattice point minus codec_aim
// times the shift an Opus round trip at codec_bitrate gives it (measured on the host and on the marked sound,
// averaged), so that after Opus at that rate it lands nearer the point. The detector tries every step at every
// alignment, weighs each symbol by the rms of w over its blocks, and counts every (alignment, step) in its union
// bound. Under no mark the dithered phase of every symbol is uniform whatever the audio and whatever the weights,
// which gives the analytic false-positive bound.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "audio/pcm.h"
#include "audio/power_frames.h"
#include "dsmark/status.h"

namespace dsmark {

struct AudioWmConfig {
  uint32_t rate = 16000;         // analysis rate (Hz)
  uint32_t fft = 512;            // analysis frame (32 ms)
  uint32_t hop = 64;             // 4 ms: the alignment search step
  uint32_t slot_frames = 8;      // a cell lasts 8 hops: 32 ms
  uint32_t period_symbols = 150; // 150 x 64 ms = 9.6 s
  uint32_t symbols_per_block = 1; // a 64 ms column holds this many symbols (band pairs interleaved)
  uint32_t keep_alignments = 4; // per window, the detector decodes this many best alignments by the pilot
  uint32_t pilot_every = 3;      // every third symbol of the period is a pilot
  uint32_t list_words = 4;       // when the most likely payload word fails its CRC, the detector tries the next
                                 // most likely ones, up to this many words in all (1: the most likely only)
  std::vector<float> band_edges; // filled by default_audio_wm_config(): 29 edges, 250–7000 Hz
  std::vector<double> steps = {2.6, 1.3};  // lattice steps of a symbol's projection, largest first: the embedder
                                          // takes the largest its budget reaches, the detector tries each
  double psi_scale = 2.0;        // block values are saturated as c*tanh(d/c)
  double floor_db = -50.0;       // log energies are floored this far below the clip's loud cells
  double w_lo_db = -26.0;        // a block's weight ramps from 0 at this level (dB against the clip's loud cells)
  double w_hi_db = -16.0;        // to 1 at this one
  // Embedder.
  double target_msr_db = -30.2;  // the embedder never exceeds this mark-to-signal ratio
  double local_mark_db = -10.0;  // in every 2.5 ms of every channel the mark stays this far below the sound
                                 // (+infinity: no such limit)
  double max_cell_gain = 0.7;    // cap on one cell's log-energy change (nepers)
  double cost_exponent = 1.0;    // a block's move costs (its energy / the loud level)^this (1: its mark energy)
  bool share_by_cost = true;     // over budget, each symbol gets its own share of its move, by its cost (false:
                                 // one share for all)
  double min_strength = 0.99;    // a lattice step is taken when the budget writes at least this mean share of its
                                 // moves (AudioWmEmbedStats::strength)
  double min_capacity = 1.0;     // a symbol whose blocks can move its projection less than this is left alone
  uint32_t iterations = 6;       // closed-loop corrections after the first pass
  uint32_t codec_bitrate = 32000; // the embedder aims each symbol against the shift an Opus round trip at this bit
                                  // rate gives it (0: no such aim)
  double codec_aim = 0.5;        // the share of that shift aimed against
  uint64_t seed = 0x6473'6d61'7564'696full;  // the public key of the pattern ("dsmaudio")
};

const AudioWmConfig& default_audio_wm_config();

inline constexpr size_t kAudioWmPayloadBits = 32;

struct AudioWmEmbedStats {
  double msr_db = -300;        // 10 log10(mark energy / signal energy), all channels
  double strength = 0;         // mean share of the symbols' moves towards their lattice points (1 = all the way)
  uint32_t symbols = 0;        // symbols written
  double residual = 0;         // rms distance of the marked symbols from their lattice points (Delta units)
};

// Adds the watermark carrying `payload` (32 bits, MSB first) to every channel of `audio`, in place.
Status embed_audio_watermark(AudioBuffer& audio, uint32_t payload, const AudioWmConfig& config,
                             AudioWmEmbedStats* stats = nullptr);

struct AudioWmDetection {
  bool present = false;        // p_value <= kAudioWmFalsePositive
  double z = 0;                // the pilot statistic at the best alignment, as a z-score
  double p_value = 1;          // bound on the chance of that statistic or more in unmarked audio, every alignment
                               // tried counted
  uint32_t candidates = 0;     // alignments tried
  bool payload_valid = false;  // the decoded payload's CRC-12 matches
  uint32_t payload = 0;
  double offset_seconds = 0;   // where a period of the pattern starts in the clip
  uint32_t symbols = 0;        // symbols read at the best alignment
};

inline constexpr double kAudioWmFalsePositive = 1e-9;

// The band energies the detector reads, gathered from the shared power frames (config.fft, config.hop).
class AudioWmAnalysis final : public PowerFrameConsumer {
 public:
  AudioWmAnalysis(const AudioWmConfig& config, uint32_t frame_count);
  void frame(uint32_t t, const float* power) override;

  uint32_t frames = 0, bands = 0;
  std::vector<float> e;  // frames x bands

 private:
  std::vector<uint32_t> lo_, hi_;
};

// Looks for the watermark in mono audio at config.rate.
AudioWmDetection detect_audio_watermark(std::span<const float> mono, const AudioWmConfig& config);
AudioWmDetection detect_audio_watermark(const AudioWmAnalysis& analysis, const AudioWmConfig& config);

}  // namespace dsmark
