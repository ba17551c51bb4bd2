// Where a decoded sound's presentation starts and ends: the samples a container tells players to drop before
// the sound (an encoder's priming: MP4 edit lists, ISO/IEC 14496-12 §8.6.6; Matroska CodecDelay), the silence
// it tells them to play first (MP4 empty edits) and how much to play (the edit's duration: the padding of the
// last frame is cut). Durations come in the container's own timescales and become samples once the decoder
// knows its output rate (HE-AAC decodes at twice the rate of its core, for instance).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "audio/pcm.h"

namespace dsmark {

// A time as `value / timescale` seconds (timescale > 0).
struct MediaTime {
  uint64_t value = 0;
  uint32_t timescale = 1;
};

struct TrimPlan {
  MediaTime lead;        // silence before the first sample (empty edits)
  MediaTime skip;        // decoded samples dropped at the start
  MediaTime keep;        // samples played after the skip
  bool keep_all = true;  // no end: everything after the skip is played
};

// `value / timescale` seconds in samples at `rate`, rounded to nearest; saturates at UINT64_MAX.
uint64_t media_time_to_frames(MediaTime t, uint32_t rate);

// Applies a TrimPlan between a decoder and the sink it writes into. The lead silence is written at begin() when
// it is at most `max_lead_seconds` long; a longer one is not written (lead_refused()) and times then count from
// the start of the sound instead of the start of the clip.
class TrimSink final : public PcmSink {
 public:
  TrimSink(PcmSink& inner, const TrimPlan& plan, uint32_t max_lead_seconds)
      : inner_(inner), plan_(plan), max_lead_seconds_(max_lead_seconds) {}

  Status begin(uint32_t sample_rate, uint32_t channels) override;
  Status write(std::span<const float> interleaved) override;

  uint64_t frames_in() const { return in_; }    // frames the decoder wrote
  uint64_t frames_out() const { return out_; }  // frames handed on, the lead silence included
  uint64_t lead_frames() const { return lead_; }
  bool lead_refused() const { return lead_refused_; }
  // Everything the plan keeps was handed on: the decoder may stop.
  bool full() const { return begun_ && !plan_.keep_all && kept_ >= keep_; }

 private:
  PcmSink& inner_;
  TrimPlan plan_;
  uint32_t max_lead_seconds_;
  uint32_t channels_ = 0;
  bool begun_ = false;
  bool lead_refused_ = false;
  uint64_t skip_ = 0, keep_ = 0, lead_ = 0;
  uint64_t in_ = 0, out_ = 0, kept_ = 0;
};

}  // namespace dsmark
