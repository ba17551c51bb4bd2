// The sound track of ISO base media files (MP4, M4A, MOV; ISO/IEC 14496-12 and QuickTime): the first track
// with a 'soun' handler, its sample entry (mp4a + esds for AAC, ISO/IEC 14496-14 §5.6 / 14496-1 §7.2.6) and its
// access units from the sample table (stsz/stz2, stsc, stco/co64) or, in fragmented files, from every
// moof/traf/trun of that track. Walked with the bounded BmffIterator; Limits::max_media_samples caps the units.
// The track's edit list (edts/elst, ISO/IEC 14496-12 §8.6.6) says where its sound starts and ends: applied after
// decoding (mp4_trim_plan → TrimSink), as players and ffmpeg do, so the encoder's priming is not heard.
// AAC is decoded with libfaad (faad2, GPL-2.0-or-later) where the build has it (DSMARK_WITH_AAC); MP3 in MP4 with
// libmpg123. Any other codec is named in an unsupported status.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "audio/aac.h"
#include "audio/pcm.h"
#include "audio/trim_sink.h"
#include "dsmark/limits.h"
#include "dsmark/report.h"
#include "util/byte_reader.h"

namespace dsmark {

struct Mp4AudioUnit {
  uint64_t offset = 0;  // in the file
  uint32_t size = 0;
};

// One entry of an edit list (elst versions 0 and 1).
struct Mp4Edit {
  uint64_t duration = 0;     // in the movie's timescale (mvhd)
  int64_t media_time = 0;    // in the track's media timescale (mdhd); -1: an empty edit (nothing plays)
  int32_t media_rate = 1 << 16;  // 16.16; 1.0 plays, 0 dwells
};

struct Mp4AudioTrack {
  uint32_t track_id = 0;
  uint32_t trak_index = 0;           // 1-based, among the moov's trak boxes (the carrier's moov/trak[N])
  std::string sample_entry;          // the 4CC of the first sample entry ("mp4a", "alac", "ac-3", …); empty: none
  uint8_t object_type = 0;           // esds objectTypeIndication (0x40 MPEG-4 audio, 0x67 MPEG-2 AAC LC, 0x6B MP3)
  std::vector<uint8_t> decoder_config;  // esds DecoderSpecificInfo (AAC: the AudioSpecificConfig)
  uint32_t channels = 0;             // as the sample entry states them
  uint32_t sample_rate = 0;
  std::vector<Mp4AudioUnit> units;   // access units in decoding order
  bool fragmented = false;           // units came from movie fragments (moof)
  bool units_cut = false;            // the list stopped at Limits::max_media_samples
  uint32_t movie_timescale = 0;      // mvhd (units per second; 0: absent)
  uint32_t media_timescale = 0;      // the track's mdhd
  std::vector<Mp4Edit> edits;        // trak/edts/elst, at most kMaxMp4Edits read
  uint32_t edit_count = 0;           // entries the elst states
};

inline constexpr uint32_t kMaxMp4Edits = 4096;

// The codec of a track: a short name for reports ("aac", "mp3", "alac", "ac-3", "e-ac-3", "opus", "flac", "pcm",
// or the sample entry's 4CC) and words for people ("AAC", "ALAC (Apple Lossless)", …).
std::string mp4_audio_codec(const Mp4AudioTrack& track);
std::string mp4_audio_codec_words(const Mp4AudioTrack& track);

// Finds the first sound track. Ok with `track.sample_entry` empty when the file has none. Structural damage
// after the track was found is reported in `warnings` (the units read so far are kept).
Status find_mp4_audio(Bytes file, const Limits& limits, Mp4AudioTrack& track, std::vector<std::string>& warnings);

// What the track's edit list makes of its decoded sound (ISO/IEC 14496-12 §8.6.6, as ffmpeg's mov demuxer reads
// it): leading empty edits are silence before the sound, the first edit that plays starts at its media_time and
// lasts its duration, and edits that follow on from it (the next media_time where it ends) extend it. Anything
// else (edits that jump, dwell or change the rate, timescales of 0, impossible times) is named in `warnings`,
// and the part that is not understood is checked as stored. No edit list: the plan keeps everything.
TrimPlan mp4_trim_plan(const Mp4AudioTrack& track, std::vector<std::string>& warnings);

// Decodes the sound track of an MP4/M4A/MOV file into `sink`, trimmed by its edit list. No sound track: ok, the
// sink never begins. A codec this build does not decode: an unsupported status naming it (info.codec is set
// either way).
Status decode_mp4_audio(Bytes file, Format format, const Limits& limits, PcmSink& sink, AudioStreamInfo& info);

}  // namespace dsmark
