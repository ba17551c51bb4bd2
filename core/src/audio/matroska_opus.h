// The sound of Matroska / WebM clips (RFC 9559), demuxed with the bounded EBML reader (container/ebml_reader.h):
// Segment → Tracks/TrackEntry, then Cluster → SimpleBlock and BlockGroup/Block with every lacing, clusters of
// unknown size (live recordings, browsers' MediaRecorder) measured by their children. Opus (CodecID "A_OPUS",
// CodecPrivate the OpusHead, its pre-skip applied) in every build; AAC ("A_AAC" with the AudioSpecificConfig as
// CodecPrivate, or a legacy "A_AAC/MPEG4/LC"-style ID whose config is built from the track's rate and channels;
// CodecDelay dropped from the start) through the same libfaad decoder as MP4 (audio/aac.h) where the build has it.
// The decoded samples are placed at their blocks' times (Cluster Timestamp + the block's, × TimestampScale, −
// CodecDelay) with each block's DiscardPadding applied: silence before a track that starts late and in gaps, within
// Limits::max_audio_lead_seconds in all (BlockTimeline, audio/trim_sink.h; docs/audio.md, "Where Matroska sound
// plays").
#pragma once

#include <cstdint>
#include <string_view>

#include "audio/pcm.h"
#include "dsmark/limits.h"
#include "util/byte_reader.h"

namespace dsmark {

// Decodes the first audio track of a codec this build decodes: Opus at `opus_rate` (8/12/16/24/48 kHz), AAC at its
// own rate. When there is none, the first audio track's codec is named in an unsupported status ("AAC audio
// (A_AAC) of this mkv clip could not be decoded in this build"); no audio track at all: ok, the sink never begins.
// `format_name` names the carrier ("webm:opus[track=N]", "mkv:aac[track=N]"). Decoding stops with
// info.cut_at_limit at Limits::max_audio_samples or when the element budget runs out.
Status decode_matroska_audio(Bytes file, const Limits& limits, uint32_t opus_rate, std::string_view format_name,
                             PcmSink& sink, AudioStreamInfo& info);

}  // namespace dsmark
