// Where a decoded sound's presentation starts and ends: the samples a container tells players to drop before
// the sound (an encoder's priming: MP4 edit lists, ISO/IEC 14496-12 §8.6.6; Matroska CodecDelay), the silence
// it tells them to play first (MP4 empty edits) and how much to play (the edit's duration: the padding of the
// last frame is cut). Durations come in the container's own timescales and become samples once the decoder
// knows its output rate (HE-AAC decodes at twice the rate of its core, for instance).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
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

// `ns` nanoseconds in samples at `rate`, rounded to nearest (halves away from 0); |ns| ≤ 2^62 (kMaxBlockTimeNs).
int64_t ns_to_frames(int64_t ns, uint32_t rate);
inline constexpr int64_t kMaxBlockTimeNs = int64_t{1} << 62;  // about 146 years: beyond it a time is refused

// The sound of a track whose blocks carry their own presentation times (Matroska: Cluster Timestamp + the block's
// relative timestamp, × TimestampScale, − CodecDelay), placed the way a player presents it. The decoder writes
// each block's decoded samples between start_block() and end_block(); this sink
//  - drops `skip` at the start of the stream (Opus: the OpusHead pre-skip; AAC: CodecDelay) and each block's
//    DiscardPadding (positive: from the end of the block's samples, negative: from the start; a sample is dropped
//    once when both apply);
//  - writes silence before the first sample that plays when its time is after 0 (a track that starts late), and
//    in a gap between blocks longer than `tolerance_ns` (timestamps are rounded to ticks and muxers jitter: smaller
//    differences are left alone, so they never add up), at most `max_silence_seconds` in all;
//  - plays blocks whose timestamps go back as stored, and leaves jumps past the silence limit unfilled: times
//    after them shift, which warnings() says;
//  - stops at `max_frames` output frames (silence included): capped().
class BlockTimeline final : public PcmSink {
 public:
  struct Settings {
    MediaTime skip;
    uint32_t max_silence_seconds = 60;  // Limits::max_audio_lead_seconds
    uint64_t max_frames = UINT64_MAX;   // Limits::max_audio_samples
    int64_t tolerance_ns = 100'000'000;
  };
  BlockTimeline(PcmSink& inner, const Settings& settings) : inner_(inner), s_(settings) {}

  Status begin(uint32_t sample_rate, uint32_t channels) override;
  Status write(std::span<const float> interleaved) override;

  // Before a block's frames are decoded: its presentation time in ns (nullopt when the block has none: it follows
  // on from the one before) and its DiscardPadding in ns (0 when absent).
  Status start_block(std::optional<int64_t> time_ns, int64_t discard_ns);
  // After them: the samples held back for a positive DiscardPadding are dropped.
  void end_block();

  uint64_t frames_out() const { return out_; }  // silence included
  bool capped() const { return capped_; }
  // What was done that changes times or drops sound, in report wording ("the sound track's block timestamps …").
  std::vector<std::string> warnings() const;

 private:
  Status enter_block();
  // How many of `frames` more output frames fit under max_frames (setting capped_ when not all do).
  uint64_t claim(uint64_t frames);
  Status emit(std::span<const float> frames);
  Status silence(uint64_t frames);
  double seconds_at(int64_t frames) const { return rate_ ? static_cast<double>(frames) / rate_ : 0.0; }

  PcmSink& inner_;
  Settings s_;
  uint32_t rate_ = 0, channels_ = 0;
  bool begun_ = false, capped_ = false, started_ = false, have_time_ = false;
  int64_t next_time_ = 0;    // the time of the next decoded sample, in frames
  int64_t origin_ = 0;       // output frame k plays at time origin_ + k
  uint64_t skip_left_ = 0, out_ = 0, silence_left_ = 0, tolerance_ = 0, hold_cap_ = 0;
  // The block being decoded.
  bool block_pending_ = false;  // start_block() came before begin(): set up at begin()
  std::optional<int64_t> block_time_ns_;
  int64_t block_discard_ns_ = 0;
  uint64_t front_left_ = 0, back_ = 0, block_frames_ = 0;
  std::vector<float> hold_;  // the block's last ≤ back_ frames, from hold_start_
  size_t hold_start_ = 0;
  // For warnings().
  uint64_t gaps_ = 0, gap_frames_ = 0, jumps_ = 0, backs_ = 0, over_discards_ = 0, partial_discards_ = 0;
  int64_t first_gap_at_ = 0, first_jump_at_ = 0, first_jump_ = 0, first_back_at_ = 0, largest_back_ = 0;
  int64_t lead_refused_ = 0, early_start_ = 0;
};

}  // namespace dsmark
