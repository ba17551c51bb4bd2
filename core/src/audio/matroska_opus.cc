#include "audio/matroska_opus.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audio/aac.h"
#include "audio/audio_decode.h"
#include "audio/opus_stream.h"
#include "audio/trim_sink.h"
#include "container/ebml_reader.h"

namespace dsmark {
namespace {

using namespace matroska;  // the top-level element IDs

constexpr uint32_t kTrackEntry = 0xAE, kTrackNumber = 0xD7, kTrackType = 0x83, kCodecId = 0x86,
                   kCodecPrivate = 0x63A2, kCodecDelay = 0x56AA, kAudio = 0xE1, kSamplingFrequency = 0xB5,
                   kOutputSamplingFrequency = 0x78B5, kChannels = 0x9F;
constexpr uint32_t kSimpleBlock = 0xA3, kBlockGroup = 0xA0, kBlock = 0xA1, kDiscardPadding = 0x75A2;
constexpr uint32_t kTimestampScale = 0x2AD7B1, kClusterTimestamp = 0xE7;
constexpr uint64_t kDefaultTimestampScale = 1'000'000;  // ns per tick
constexpr uint64_t kTrackTypeAudio = 2;

struct AudioTrack {
  uint64_t number = 0;
  std::string codec_id;
  Bytes codec_private;
  uint64_t codec_delay_ns = 0;       // CodecDelay: samples the decoder's output starts with that do not play
  double sampling_frequency = 0;     // Audio/SamplingFrequency (AAC with SBR: the core's rate)
  double output_sampling_frequency = 0;
  uint64_t channels = 0;
};

[[maybe_unused]] bool is_aac_id(const std::string& id) { return id.rfind("A_AAC", 0) == 0; }

// The codecs this build decodes from Matroska: Opus everywhere, AAC where libfaad is linked.
bool decodable_id(const std::string& id) {
#if DSMARK_HAVE_FAAD
  if (is_aac_id(id)) return true;
#endif
  return id == "A_OPUS";
}

// Plain names of the audio codecs met in Matroska, for the "could not be decoded" message.
std::string codec_name(const std::string& id) {
  if (id.rfind("A_AAC", 0) == 0) return "AAC";
  if (id == "A_VORBIS") return "Vorbis";
  if (id == "A_FLAC") return "FLAC";
  if (id.rfind("A_MPEG/L3", 0) == 0) return "MP3";
  if (id.rfind("A_AC3", 0) == 0 || id.rfind("A_EAC3", 0) == 0) return "Dolby Digital";
  if (id.rfind("A_DTS", 0) == 0) return "DTS";
  if (id.rfind("A_PCM", 0) == 0) return "PCM";
  return "";
}

// A variable-length integer inside a block (track number, EBML lace sizes): 1–8 bytes, marker removed.
bool block_vint(ByteReader& r, uint64_t& value, size_t& len) {
  Bytes first;
  if (!r.peek(1, first) || first[0] == 0) return false;
  len = 1;
  while (!(first[0] & (0x80 >> (len - 1)))) ++len;
  Bytes b;
  if (!r.bytes(len, b)) return false;
  value = b[0] & ((0x80u >> (len - 1)) - 1);
  for (size_t i = 1; i < len; ++i) value = value << 8 | b[i];
  return true;
}

// Splits a Block / SimpleBlock payload of `track` into its frames (RFC 9559 §10: no lacing, Xiph, fixed-size and
// EBML lacing) and reads its timestamp relative to the cluster's. `ours` is false when the block is not of `track`;
// a malformed block gives a non-ok status.
Status block_frames(Bytes payload, uint64_t track, std::vector<Bytes>& frames, bool& ours, int16_t& relative) {
  frames.clear();
  ours = false;
  relative = 0;
  ByteReader r(payload);
  uint64_t number = 0;
  size_t len = 0;
  if (!block_vint(r, number, len)) return Status::malformed("a block has an invalid track number");
  if (number != track) return Status::ok();
  ours = true;
  Bytes header;
  if (!r.bytes(3, header)) return Status::truncated("a block ends inside its header");
  relative = static_cast<int16_t>(static_cast<uint16_t>(header[0] << 8 | header[1]));
  const int lacing = (header[2] >> 1) & 3;
  if (lacing == 0) {
    frames.push_back(r.rest());
    return Status::ok();
  }
  uint8_t count_minus_one = 0;
  if (!r.u8(count_minus_one)) return Status::truncated("a laced block ends before its frame count");
  const size_t count = size_t{count_minus_one} + 1;
  std::vector<uint64_t> sizes;
  sizes.reserve(count);
  if (lacing == 1) {  // Xiph: each size is a run of 255s plus a final byte below 255
    for (size_t i = 0; i + 1 < count; ++i) {
      uint64_t size = 0;
      uint8_t b = 255;
      while (b == 255) {
        if (!r.u8(b)) return Status::truncated("a Xiph-laced block ends inside its frame sizes");
        size += b;
      }
      sizes.push_back(size);
    }
  } else if (lacing == 3) {  // EBML: the first size, then signed differences
    uint64_t first = 0;
    if (!block_vint(r, first, len)) return Status::malformed("an EBML-laced block has an invalid first frame size");
    sizes.push_back(first);
    int64_t prev = static_cast<int64_t>(first);
    for (size_t i = 1; i + 1 < count; ++i) {
      uint64_t raw = 0;
      if (!block_vint(r, raw, len)) return Status::malformed("an EBML-laced block has an invalid frame size");
      const int64_t bias = (int64_t{1} << (7 * len - 1)) - 1;
      const int64_t size = prev + (static_cast<int64_t>(raw) - bias);
      if (size < 0) return Status::malformed("an EBML-laced block has a negative frame size");
      sizes.push_back(static_cast<uint64_t>(size));
      prev = size;
    }
  } else {  // fixed-size lacing
    if (r.remaining() % count != 0) return Status::malformed("a fixed-size laced block does not divide evenly");
    for (size_t i = 0; i + 1 < count; ++i) sizes.push_back(r.remaining() / count);
  }
  for (uint64_t size : sizes) {
    Bytes frame;
    if (size > r.remaining() || !r.bytes(static_cast<size_t>(size), frame)) {
      return Status::truncated("a laced block holds less than its frame sizes say");
    }
    frames.push_back(frame);
  }
  frames.push_back(r.rest());
  return Status::ok();
}

class MatroskaAudio {
 public:
  MatroskaAudio(Bytes file, const Limits& limits, uint32_t rate, std::string_view format_name, PcmSink& sink,
                AudioStreamInfo& info)
      : file_(file), limits_(limits), rate_(rate), format_(format_name), sink_(sink), info_(info), budget_(limits) {}

  Status run() {
    // Pass 1: the segment and its tracks. Pass 2: the clusters of the chosen track.
    Bytes segment;
    uint64_t segment_base = 0;
    {
      EbmlReader top(file_, 0, 0, budget_);
      EbmlElement e;
      bool done = false, saw_header = false;
      while (true) {
        DSMARK_RETURN_IF_ERROR(top.next(e, done));
        if (done) break;
        if (!saw_header && e.id != kEbmlHeader) return Status::malformed("not a Matroska/WebM file (no EBML header)");
        saw_header = true;
        if (e.id == kSegment) {
          segment = e.payload;
          segment_base = e.payload_offset();
          break;
        }
      }
    }
    if (segment.empty()) return Status::malformed("the file has no Matroska Segment");
    bool found_tracks = false, found_info = false;
    DSMARK_RETURN_IF_ERROR(segment_level(segment, segment_base, [&](const EbmlElement& e) -> Status {
      if (e.id == kCluster && found_tracks) stop_ = true;  // Info and Tracks come before the clusters
      if (e.id == kInfo && !found_info) {
        found_info = true;
        stop_ = found_tracks;
        return info(e);
      }
      if (e.id != kTracks || found_tracks) return Status::ok();
      found_tracks = true;
      stop_ = found_info;  // the clusters are read in pass 2
      return tracks(e);
    }));
    stop_ = false;
    if (!found_tracks) return Status::ok();  // a fragment without track headers: no sound to name
    if (!track_.number) {
      if (!other_codec_.empty()) {
        const std::string name = codec_name(other_codec_);
        info_.codec = matroska_codec_key(other_codec_);
        return Status::unsupported((name.empty() ? "the" : name) + " audio (" + other_codec_ + ") of this " + format_ +
                                   " clip could not be decoded in this build");
      }
      return Status::ok();  // no audio track: nothing to hear (the sink never begins)
    }
    DSMARK_RETURN_IF_ERROR(track_.codec_id == "A_OPUS" ? start_opus() : start_aac());

    Status st = segment_level(segment, segment_base, [&](const EbmlElement& e) -> Status {
      if (e.id != kCluster || capped_) return Status::ok();
      return cluster(e);
    });
    timeline_->end_block();  // start_opus() / start_aac() made the timeline
    info_.frames = timeline_->frames_out();
    if (timeline_->capped()) info_.cut_at_limit = true;
    if (st.code() == StatusCode::kLimit && info_.frames > 0) {
      info_.warnings.push_back(st.message() + "; the sound after it was not checked");
      info_.cut_at_limit = true;
      st = Status::ok();
    }
    if (!st.is_ok()) {
      if (info_.frames == 0) return st;
      info_.warnings.push_back("the clip's sound was read until damage (" + st.message() + ")");
    }
    if (bad_blocks_) {
      info_.warnings.push_back(std::to_string(bad_blocks_) + " damaged block(s) in the " +
                               (opus_ ? "Opus" : "AAC") + " track were skipped");
    }
    if (opus_ && opus_->damaged()) {
      info_.warnings.push_back(std::to_string(opus_->damaged()) + " Opus packet(s) could not be decoded");
    }
#if DSMARK_HAVE_FAAD
    if (aac_) DSMARK_RETURN_IF_ERROR(aac_->finish(info_));
#endif
    if (bad_times_) {
      info_.warnings.push_back(std::to_string(bad_times_) + " block timestamp(s) of the sound track are out of range; "
                               "those blocks were taken to follow on from the ones before");
    }
    for (std::string& w : timeline_->warnings()) info_.warnings.push_back(std::move(w));
    info_.frames = timeline_->frames_out();
    return Status::ok();
  }

 private:
  Status start_opus() {
    info_.codec = "opus";
    info_.sample_rate = 48000;
    auto head = parse_opus_head(track_.codec_private);
    if (!head) return Status::malformed("the Opus track's CodecPrivate is not a valid OpusHead: " + head.status().message());
    // The pre-skip is dropped by the timeline, so that it and a block's DiscardPadding never drop a sample twice.
    OpusHead no_skip = *head;
    no_skip.pre_skip = 0;
    auto made = OpusPacketDecoder::create(no_skip, rate_);
    if (!made) return made.status();
    opus_ = std::move(*made);
    info_.channels = head->channels;
    info_.carrier = std::string(format_) + ":opus[track=" + std::to_string(track_.number) + "]";
    make_timeline({head->pre_skip, 48000});
    return timeline_->begin(rate_, head->channels);
  }

  // Where the decoded samples go: placed at their blocks' times (audio/trim_sink.h). `skip`: the samples the
  // decoder's output starts with that do not play (Opus: the OpusHead's pre-skip, which ffmpeg's decoder drops
  // whatever CodecDelay says; AAC: CodecDelay). CodecDelay also moves every block's time earlier (RFC 9559,
  // CodecDelay): with CodecDelay = pre-skip, as muxers write it, the first sample that plays is at the first
  // block's timestamp.
  void make_timeline(MediaTime skip) {
    BlockTimeline::Settings settings;
    settings.skip = skip;
    settings.max_silence_seconds = limits_.max_audio_lead_seconds;
    settings.max_frames = limits_.max_audio_samples;
    // Timestamps are rounded to ticks and muxers jitter (ffmpeg's first Opus block is 1 ms off the others): a gap
    // or an overlap counts from 100 ms (ffmpeg's aresample min_hard_comp) or two ticks, at most 10 s.
    settings.tolerance_ns = static_cast<int64_t>(
        std::clamp<uint64_t>(2 * std::min<uint64_t>(timestamp_scale_, 5'000'000'000), 100'000'000, 10'000'000'000));
    timeline_ = std::make_unique<BlockTimeline>(sink_, settings);
  }

  // AAC (audio/aac.h): CodecPrivate is the AudioSpecificConfig; the legacy CodecIDs carry none and name the
  // profile instead. CodecDelay, when a muxer writes it, is dropped from the start as players do.
  Status start_aac() {
    info_.codec = "aac";
    info_.carrier = std::string(format_) + ":aac[track=" + std::to_string(track_.number) + "]";
    if (track_.sampling_frequency > 0 && track_.sampling_frequency <= 768000) {
      info_.sample_rate = static_cast<uint32_t>(track_.output_sampling_frequency > 0 &&
                                                        track_.output_sampling_frequency <= 768000
                                                    ? track_.output_sampling_frequency
                                                    : track_.sampling_frequency);
    }
    if (track_.channels <= 64) info_.channels = static_cast<uint32_t>(track_.channels);
#if DSMARK_HAVE_FAAD
    std::vector<uint8_t> built;
    Bytes config = track_.codec_private;
    if (config.empty()) {
      built = aac_config_for_matroska_id(track_.codec_id, track_.sampling_frequency,
                                         track_.output_sampling_frequency, track_.channels);
      config = built;
    }
    if (config.empty()) {
      if (track_.codec_id == "A_AAC") {
        return Status::malformed("the AAC track (A_AAC) of this " + format_ +
                                 " clip has no CodecPrivate (AudioSpecificConfig) to decode it with");
      }
      return Status::unsupported("the AAC audio (" + track_.codec_id + ") of this " + format_ +
                                 " clip has no configuration dsmark can decode it with");
    }
    auto made = AacDecoder::create(config);
    if (!made) return made.status();
    aac_ = std::move(*made);
    make_timeline({track_.codec_delay_ns, 1'000'000'000});
    return Status::ok();
#else
    return Status::unsupported("unreachable");  // decodable_id() is false for AAC
#endif
  }

  // Visits the top-level elements of the segment; elements of unknown size are measured by their children.
  template <typename Visit>
  Status segment_level(Bytes segment, uint64_t base, Visit visit) {
    EbmlReader r(segment, base, 1, budget_);
    while (true) {
      EbmlElement e;
      bool done = false;
      DSMARK_RETURN_IF_ERROR(r.next(e, done));
      if (done) return Status::ok();
      if (e.unknown_size) DSMARK_RETURN_IF_ERROR(r.close_unknown(e, kSegmentLevel));
      DSMARK_RETURN_IF_ERROR(visit(e));
      if (capped_ || stop_) return Status::ok();
    }
  }

  template <typename Visit>
  Status children(const EbmlElement& parent, uint32_t depth, Visit visit) {
    EbmlReader r(parent.payload, parent.payload_offset(), depth, budget_);
    while (true) {
      EbmlElement c;
      bool done = false;
      DSMARK_RETURN_IF_ERROR(r.next(c, done));
      if (done) return Status::ok();
      if (c.unknown_size) {
        return Status::malformed("an element of unknown size at byte " + std::to_string(c.offset) +
                                 " inside a Matroska element");
      }
      DSMARK_RETURN_IF_ERROR(visit(c));
      if (capped_) return Status::ok();
    }
  }

  // Segment Info: the TimestampScale (ns per tick; 0 is not allowed and read as the default, as ffmpeg does).
  Status info(const EbmlElement& e) {
    return children(e, 2, [&](const EbmlElement& c) -> Status {
      uint64_t scale = 0;
      if (c.id == kTimestampScale && ebml_uint(c.payload, scale) && scale > 0) timestamp_scale_ = scale;
      return Status::ok();
    });
  }

  // The first audio track this build decodes; failing that, the first other audio codec is named.
  Status tracks(const EbmlElement& e) {
    return children(e, 2, [&](const EbmlElement& entry) -> Status {
      if (entry.id != kTrackEntry || track_.number) return Status::ok();
      AudioTrack t;
      uint64_t type = 0;
      DSMARK_RETURN_IF_ERROR(children(entry, 3, [&](const EbmlElement& c) -> Status {
        if (c.id == kTrackNumber) (void)ebml_uint(c.payload, t.number);
        else if (c.id == kTrackType) (void)ebml_uint(c.payload, type);
        else if (c.id == kCodecId) t.codec_id = ebml_string(c.payload);
        else if (c.id == kCodecPrivate) t.codec_private = c.payload;
        else if (c.id == kCodecDelay) (void)ebml_uint(c.payload, t.codec_delay_ns);
        else if (c.id == kAudio) {
          return children(c, 4, [&](const EbmlElement& a) -> Status {
            if (a.id == kSamplingFrequency) (void)ebml_float(a.payload, t.sampling_frequency);
            else if (a.id == kOutputSamplingFrequency) (void)ebml_float(a.payload, t.output_sampling_frequency);
            else if (a.id == kChannels) (void)ebml_uint(a.payload, t.channels);
            return Status::ok();
          });
        }
        return Status::ok();
      }));
      if (type != kTrackTypeAudio || t.number == 0) return Status::ok();
      if (decodable_id(t.codec_id)) {
        track_ = t;
      } else if (other_codec_.empty()) {
        other_codec_ = t.codec_id.substr(0, 64);
      }
      return Status::ok();
    });
  }

  // A cluster's Timestamp (in ticks) comes before its blocks; blocks of a cluster without one have no time.
  Status cluster(const EbmlElement& e) {
    cluster_time_.reset();
    return children(e, 2, [&](const EbmlElement& c) -> Status {
      uint64_t t = 0;
      if (c.id == kClusterTimestamp && ebml_uint(c.payload, t)) cluster_time_ = t;
      if (c.id == kSimpleBlock) return block(c.payload, 0);
      if (c.id != kBlockGroup) return Status::ok();
      // A BlockGroup: its Block and the DiscardPadding that goes with it, in either order.
      Bytes payload;
      bool has_block = false;
      int64_t discard = 0;
      DSMARK_RETURN_IF_ERROR(children(c, 3, [&](const EbmlElement& b) -> Status {
        if (b.id == kBlock && !has_block) {
          payload = b.payload;
          has_block = true;
        } else if (b.id == kDiscardPadding && !ebml_sint(b.payload, discard)) {
          discard = 0;
        }
        return Status::ok();
      }));
      return has_block ? block(payload, discard) : Status::ok();
    });
  }

  // A block's presentation time in ns: (Cluster Timestamp + its relative timestamp) × TimestampScale − CodecDelay.
  // A negative tick count has no time (as in ffmpeg's demuxer); a time past ±2^62 ns is refused and counted.
  std::optional<int64_t> block_time(int16_t relative) {
    if (!cluster_time_) return std::nullopt;
    if (*cluster_time_ > static_cast<uint64_t>(kMaxBlockTimeNs)) {
      ++bad_times_;
      return std::nullopt;
    }
    const int64_t ticks = static_cast<int64_t>(*cluster_time_) + relative;
    if (ticks < 0) return std::nullopt;
    uint64_t ns = 0;
    if (!checked_mul(static_cast<uint64_t>(ticks), timestamp_scale_, ns) ||
        ns > static_cast<uint64_t>(kMaxBlockTimeNs)) {
      ++bad_times_;
      return std::nullopt;
    }
    return static_cast<int64_t>(ns) - static_cast<int64_t>(std::min<uint64_t>(track_.codec_delay_ns, kMaxBlockTimeNs));
  }

  Status block(Bytes payload, int64_t discard_ns) {
    bool ours = false;
    int16_t relative = 0;
    const Status st = block_frames(payload, track_.number, frames_, ours, relative);
    if (!st.is_ok()) {
      ++bad_blocks_;
      return Status::ok();
    }
    if (!ours) return Status::ok();
    DSMARK_RETURN_IF_ERROR(timeline_->start_block(block_time(relative), discard_ns));
    for (Bytes packet : frames_) {
#if DSMARK_HAVE_FAAD
      if (aac_) {
        bool stop = false;
        DSMARK_RETURN_IF_ERROR(aac_->decode(packet, *timeline_, info_, UINT64_MAX, stop));
        if (stop || timeline_->capped()) {
          capped_ = true;
          break;
        }
        continue;
      }
#endif
      DSMARK_RETURN_IF_ERROR(opus_->decode(packet, *timeline_, UINT64_MAX, nullptr));
      if (timeline_->capped()) {
        capped_ = true;
        break;
      }
    }
    timeline_->end_block();
    return Status::ok();
  }

  Bytes file_;
  const Limits& limits_;
  uint32_t rate_;
  std::string format_;
  PcmSink& sink_;
  AudioStreamInfo& info_;
  EbmlBudget budget_;
  AudioTrack track_;
  std::string other_codec_;
  std::unique_ptr<OpusPacketDecoder> opus_;
#if DSMARK_HAVE_FAAD
  std::unique_ptr<AacDecoder> aac_;
#endif
  std::unique_ptr<BlockTimeline> timeline_;  // block times, DiscardPadding, the pre-skip / CodecDelay
  uint64_t timestamp_scale_ = kDefaultTimestampScale;
  std::optional<uint64_t> cluster_time_;
  std::vector<Bytes> frames_;
  uint64_t bad_blocks_ = 0, bad_times_ = 0;
  bool capped_ = false;
  bool stop_ = false;
};

}  // namespace

Status decode_matroska_audio(Bytes file, const Limits& limits, uint32_t opus_rate, std::string_view format_name,
                             PcmSink& sink, AudioStreamInfo& info) {
  return MatroskaAudio(file, limits, opus_rate, format_name, sink, info).run();
}

}  // namespace dsmark
