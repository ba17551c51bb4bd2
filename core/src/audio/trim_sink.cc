#include "audio/trim_sink.h"

#include <algorithm>

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
  constexpr uint64_t kBlock = 4096;
  const std::vector<float> zeros(static_cast<size_t>(kBlock * channels), 0.0f);
  for (uint64_t left = lead; left > 0;) {
    const uint64_t n = std::min(left, kBlock);
    DSMARK_RETURN_IF_ERROR(inner_.write({zeros.data(), static_cast<size_t>(n * channels)}));
    left -= n;
  }
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

}  // namespace dsmark
