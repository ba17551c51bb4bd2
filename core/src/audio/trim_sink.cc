#include "audio/trim_sink.h"

#include <algorithm>
#include <cstdio>

#include "util/byte_reader.h"

namespace dsmark {

uint64_t media_time_to_frames(MediaTime t, uint32_t rate) {
  if (t.timescale == 0) return 0;
  // value·rate/timescale without a 128-bit product: the whole timescales, then the remainder (< 2^32 · 2^32).
  const uint64_t whole = t.value / t.timescale, part = t.value % t.timescale;
  uint64_t frames = 0;
  if (!checked_mul(whole, rate, frames)) return UINT64_MAX;
  const uint64_t rest = (part * rate + t.timescale / 2) / t.timescale;
  return checked_add(frames, rest, frames) ? frames : UINT64_MAX;
}

namespace {

// `frames` frames of silence to `sink`, in blocks of 4096.
Status write_silence(PcmSink& sink, uint32_t channels, uint64_t frames) {
  if (frames == 0 || channels == 0) return Status::ok();
  constexpr uint64_t kBlock = 4096;
  const std::vector<float> zeros(static_cast<size_t>(std::min(frames, kBlock) * channels), 0.0f);
  for (uint64_t left = frames; left > 0;) {
    const uint64_t n = std::min(left, kBlock);
    DSMARK_RETURN_IF_ERROR(sink.write({zeros.data(), static_cast<size_t>(n * channels)}));
    left -= n;
  }
  return Status::ok();
}

}  // namespace

Status TrimSink::begin(uint32_t sample_rate, uint32_t channels) {
  DSMARK_RETURN_IF_ERROR(inner_.begin(sample_rate, channels));
  channels_ = channels;
  begun_ = true;
  skip_ = media_time_to_frames(plan_.skip, sample_rate);
  keep_ = plan_.keep_all ? UINT64_MAX : media_time_to_frames(plan_.keep, sample_rate);
  const uint64_t lead = media_time_to_frames(plan_.lead, sample_rate);
  if (lead > uint64_t{max_lead_seconds_} * sample_rate) {
    lead_refused_ = true;
    return Status::ok();
  }
  if (lead == 0 || channels == 0) return Status::ok();
  DSMARK_RETURN_IF_ERROR(write_silence(inner_, channels, lead));
  lead_ = out_ = lead;
  return Status::ok();
}

Status TrimSink::write(std::span<const float> interleaved) {
  if (!begun_ || channels_ == 0) return inner_.write(interleaved);
  const uint64_t frames = interleaved.size() / channels_;
  const uint64_t start = in_;
  in_ += frames;
  // This block covers decoded frames [start, start + frames); the kept ones are [skip_, skip_ + keep_).
  uint64_t from = std::max(start, skip_);
  if (from >= start + frames || kept_ >= keep_) return Status::ok();
  uint64_t n = std::min(start + frames - from, keep_ - kept_);
  const size_t at = static_cast<size_t>((from - start) * channels_);
  DSMARK_RETURN_IF_ERROR(inner_.write(interleaved.subspan(at, static_cast<size_t>(n * channels_))));
  kept_ += n;
  out_ += n;
  return Status::ok();
}

int64_t ns_to_frames(int64_t ns, uint32_t rate) {
  const bool negative = ns < 0;
  const uint64_t m = negative ? uint64_t{0} - static_cast<uint64_t>(ns) : static_cast<uint64_t>(ns);
  const uint64_t frames =
      std::min<uint64_t>(media_time_to_frames({m, 1'000'000'000}, rate), static_cast<uint64_t>(INT64_MAX));
  return negative ? -static_cast<int64_t>(frames) : static_cast<int64_t>(frames);
}

namespace {

std::string seconds_text(double s) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

}  // namespace

Status BlockTimeline::begin(uint32_t sample_rate, uint32_t channels) {
  // Times are at most 2^62 ns: below 4 MHz their frame counts stay far from overflowing when subtracted.
  if (sample_rate > 4'000'000) return Status::unsupported("the sound track's rate is out of range");
  DSMARK_RETURN_IF_ERROR(inner_.begin(sample_rate, channels));
  begun_ = true;
  rate_ = sample_rate;
  channels_ = channels;
  skip_left_ = media_time_to_frames(s_.skip, sample_rate);
  silence_left_ = uint64_t{s_.max_silence_seconds} * sample_rate;
  tolerance_ = static_cast<uint64_t>(ns_to_frames(std::clamp<int64_t>(s_.tolerance_ns, 0, kMaxBlockTimeNs), sample_rate));
  // At most 2^21 samples (8 MB) held back for a DiscardPadding; a block longer than that is not a real one.
  hold_cap_ = channels ? std::max<uint64_t>(1, (uint64_t{1} << 21) / channels) : 1;
  if (block_pending_) {
    block_pending_ = false;
    return enter_block();
  }
  return Status::ok();
}

Status BlockTimeline::start_block(std::optional<int64_t> time_ns, int64_t discard_ns) {
  block_discard_ns_ = std::clamp(discard_ns, -kMaxBlockTimeNs, kMaxBlockTimeNs);
  if (time_ns) time_ns = std::clamp(*time_ns, -kMaxBlockTimeNs, kMaxBlockTimeNs);
  if (!begun_) {
    // Nothing was written yet (libfaad gives the first frame's samples with the second): the first block's time is
    // the time of the first sample.
    if (!block_pending_ || !block_time_ns_) block_time_ns_ = time_ns;
    block_pending_ = true;
    return Status::ok();
  }
  block_time_ns_ = time_ns;
  return enter_block();
}

Status BlockTimeline::enter_block() {
  hold_.clear();
  hold_start_ = 0;
  block_frames_ = 0;
  front_left_ = block_discard_ns_ < 0 ? static_cast<uint64_t>(ns_to_frames(-block_discard_ns_, rate_)) : 0;
  back_ = block_discard_ns_ > 0 ? static_cast<uint64_t>(ns_to_frames(block_discard_ns_, rate_)) : 0;
  if (!block_time_ns_) return Status::ok();  // it follows on from the block before
  const int64_t at = ns_to_frames(*block_time_ns_, rate_);
  if (!have_time_) {
    have_time_ = true;
    next_time_ = at;
    return Status::ok();
  }
  const int64_t delta = at - next_time_;  // both within ±2^62 ns at ≤ 2^32 Hz: no overflow
  const auto tolerance = static_cast<int64_t>(tolerance_);
  if (delta <= tolerance && delta >= -tolerance) return Status::ok();  // rounding and jitter: left alone
  if (!started_) {  // before the first sample that plays: the lead takes it
    next_time_ = at;
    return Status::ok();
  }
  const int64_t now = origin_ + static_cast<int64_t>(out_);
  if (delta > 0 && static_cast<uint64_t>(delta) <= silence_left_) {
    if (gaps_++ == 0) first_gap_at_ = now;
    gap_frames_ += static_cast<uint64_t>(delta);
    silence_left_ -= static_cast<uint64_t>(delta);
    DSMARK_RETURN_IF_ERROR(silence(static_cast<uint64_t>(delta)));
  } else if (delta > 0) {
    if (jumps_++ == 0) {
      first_jump_at_ = now;
      first_jump_ = delta;
    }
  } else {
    if (backs_++ == 0) first_back_at_ = now;
    largest_back_ = std::max(largest_back_, -delta);
  }
  next_time_ = at;
  return Status::ok();
}

void BlockTimeline::end_block() {
  if (back_ > 0) {
    if (block_frames_ > hold_cap_ && back_ > hold_cap_) {
      ++partial_discards_;
    } else if (back_ > block_frames_) {
      ++over_discards_;
    }
  }
  if (front_left_ > 0) ++over_discards_;
  // Samples dropped from the end take no time (RFC 9559: DiscardPadding is not part of the duration): the next
  // block follows on from the last sample that played. Those dropped from the start, like the pre-skip, do.
  if (channels_ > 0) next_time_ -= static_cast<int64_t>((hold_.size() - hold_start_) / channels_);
  hold_.clear();
  hold_start_ = 0;
  front_left_ = back_ = block_frames_ = 0;
  block_discard_ns_ = 0;
}

uint64_t BlockTimeline::claim(uint64_t frames) {
  if (capped_ || channels_ == 0) return 0;
  const uint64_t room = s_.max_frames - std::min(s_.max_frames, out_);
  if (frames > room) {
    frames = room;
    capped_ = true;
  }
  return frames;
}

Status BlockTimeline::emit(std::span<const float> frames) {
  const uint64_t n = claim(channels_ ? frames.size() / channels_ : 0);
  if (n == 0) return Status::ok();
  DSMARK_RETURN_IF_ERROR(inner_.write(frames.first(static_cast<size_t>(n * channels_))));
  out_ += n;
  return Status::ok();
}

Status BlockTimeline::silence(uint64_t frames) {
  const uint64_t n = claim(frames);
  DSMARK_RETURN_IF_ERROR(write_silence(inner_, channels_, n));
  out_ += n;
  return Status::ok();
}

Status BlockTimeline::write(std::span<const float> interleaved) {
  if (!begun_ || channels_ == 0) return inner_.write(interleaved);
  const uint64_t n = interleaved.size() / channels_;
  const int64_t first_time = next_time_;
  next_time_ = next_time_ + static_cast<int64_t>(std::min<uint64_t>(n, uint64_t{1} << 40));
  // The stream's skip and the block's leading DiscardPadding both drop a prefix: the longer one decides.
  const uint64_t by_skip = std::min(skip_left_, n), by_front = std::min(front_left_, n);
  const uint64_t dropped = std::max(by_skip, by_front);
  skip_left_ -= by_skip;
  front_left_ -= by_front;
  if (dropped == n) return Status::ok();
  block_frames_ += n - dropped;
  if (!started_) {
    started_ = true;
    const int64_t t0 = have_time_ ? first_time + static_cast<int64_t>(dropped) : 0;
    origin_ = t0;
    if (t0 > 0 && static_cast<uint64_t>(t0) <= silence_left_) {
      silence_left_ -= static_cast<uint64_t>(t0);
      origin_ = 0;
      DSMARK_RETURN_IF_ERROR(silence(static_cast<uint64_t>(t0)));
    } else if (t0 > 0) {
      lead_refused_ = t0;
    } else if (t0 < -static_cast<int64_t>(tolerance_)) {
      early_start_ = t0;
    }
  }
  std::span<const float> rest = interleaved.subspan(static_cast<size_t>(dropped * channels_));
  if (back_ == 0) return emit(rest);
  // Hold back the block's last back_ frames (at most hold_cap_): end_block() drops them. What is handed on leaves
  // from the front (hold_start_); the buffer is compacted once that is more than half of it.
  hold_.insert(hold_.end(), rest.begin(), rest.end());
  const uint64_t held = (hold_.size() - hold_start_) / channels_, keep = std::min(back_, hold_cap_);
  if (held > keep) {
    const size_t excess = static_cast<size_t>((held - keep) * channels_);
    DSMARK_RETURN_IF_ERROR(emit({hold_.data() + hold_start_, excess}));
    hold_start_ += excess;
    if (hold_start_ > hold_.size() / 2) {
      hold_.erase(hold_.begin(), hold_.begin() + static_cast<std::ptrdiff_t>(hold_start_));
      hold_start_ = 0;
    }
  }
  return Status::ok();
}

std::vector<std::string> BlockTimeline::warnings() const {
  std::vector<std::string> w;
  const std::string limit = std::to_string(s_.max_silence_seconds) + " s";
  if (lead_refused_ > 0) {
    w.push_back("the sound track starts " + seconds_text(seconds_at(lead_refused_)) +
                " s into the clip (its block timestamps), later than the limit of " + limit +
                "; times in this report count from the start of the sound");
  }
  if (early_start_ < 0) {
    w.push_back("the sound track starts " + seconds_text(seconds_at(-early_start_)) +
                " s before the clip's time 0 (its block timestamps); times in this report count from its first sample");
  }
  if (gaps_) {
    w.push_back("the sound track's block timestamps leave " + std::to_string(gaps_) + " gap(s), " +
                seconds_text(seconds_at(static_cast<int64_t>(gap_frames_))) + " s in all, the first at " +
                seconds_text(seconds_at(first_gap_at_)) + " s; they were filled with silence, as a player plays them");
  }
  if (jumps_) {
    w.push_back("the sound track's block timestamps jump ahead " + std::to_string(jumps_) + " time(s), the first by " +
                seconds_text(seconds_at(first_jump_)) + " s at " + seconds_text(seconds_at(first_jump_at_)) +
                " s: past the limit of " + limit + " of silence inserted, so not filled; times after a jump are early "
                "by its length");
  }
  if (backs_) {
    w.push_back("the sound track's block timestamps go back " + std::to_string(backs_) + " time(s), the first at " +
                seconds_text(seconds_at(first_back_at_)) + " s, by up to " +
                seconds_text(seconds_at(largest_back_)) +
                " s; those blocks were played as stored, so times after them are late by that much");
  }
  if (over_discards_) {
    w.push_back(std::to_string(over_discards_) +
                " block(s) of the sound track discard more than they hold (DiscardPadding); none of their sound played");
  }
  if (partial_discards_) {
    w.push_back(std::to_string(partial_discards_) +
                " block(s) of the sound track have a DiscardPadding longer than dsmark drops; part of it played");
  }
  return w;
}

}  // namespace dsmark
