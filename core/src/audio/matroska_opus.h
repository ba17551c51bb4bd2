// The Opus track of Matroska / WebM clips (RFC 9559; Opus in Matroska: CodecID "A_OPUS", CodecPrivate is the
// OpusHead, blocks hold one Opus packet each). Demuxed with the bounded EBML reader (container/ebml_reader.h):
// Segment → Tracks/TrackEntry, then Cluster → SimpleBlock and BlockGroup/Block with every lacing, clusters of
// unknown size (live recordings, browsers' MediaRecorder) measured by their children.
#pragma once

#include <cstdint>
#include <string_view>

#include "audio/pcm.h"
#include "dsmark/limits.h"
#include "util/byte_reader.h"

namespace dsmark {

// Decodes the first audio track when it is Opus, at `output_rate` (8/12/16/24/48 kHz). A first audio track of
// another codec gives an unsupported status naming it ("AAC audio (A_AAC) in this clip could not be decoded");
// no audio track gives an unsupported status too. `format_name` names the carrier ("webm:opus", "mkv:opus").
// Decoding stops with info.cut_at_limit at Limits::max_audio_samples or when the element budget runs out.
Status decode_matroska_opus(Bytes file, const Limits& limits, uint32_t output_rate, std::string_view format_name,
                            PcmSink& sink, AudioStreamInfo& info);

}  // namespace dsmark
