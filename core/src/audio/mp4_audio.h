// The sound track of ISO base media files (MP4, M4A, MOV; ISO/IEC 14496-12 and QuickTime): the first track
// with a 'soun' handler, its sample entry (mp4a + esds for AAC, ISO/IEC 14496-14 §5.6 / 14496-1 §7.2.6) and its
// access units from the sample table (stsz/stz2, stsc, stco/co64) or, in fragmented files, from every
// moof/traf/trun of that track. Walked with the bounded BmffIterator; Limits::max_media_samples caps the units.
// AAC is decoded with libfaad (faad2, GPL-2.0-or-later) where the build has it (DSMARK_WITH_AAC); MP3 in MP4 with
// libmpg123. Any other codec is named in an unsupported status.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "audio/pcm.h"
#include "dsmark/limits.h"
#include "dsmark/report.h"
#include "util/byte_reader.h"

namespace dsmark {

struct Mp4AudioUnit {
  uint64_t offset = 0;  // in the file
  uint32_t size = 0;
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
};

// The codec of a track: a short name for reports ("aac", "mp3", "alac", "ac-3", "e-ac-3", "opus", "flac", "pcm",
// or the sample entry's 4CC) and words for people ("AAC", "ALAC (Apple Lossless)", …).
std::string mp4_audio_codec(const Mp4AudioTrack& track);
std::string mp4_audio_codec_words(const Mp4AudioTrack& track);

// Finds the first sound track. Ok with `track.sample_entry` empty when the file has none. Structural damage
// after the track was found is reported in `warnings` (the units read so far are kept).
Status find_mp4_audio(Bytes file, const Limits& limits, Mp4AudioTrack& track, std::vector<std::string>& warnings);

// Decodes the sound track of an MP4/M4A/MOV file into `sink`. No sound track: ok, the sink never begins. A codec
// this build does not decode: an unsupported status naming it (info.codec is set either way).
Status decode_mp4_audio(Bytes file, Format format, const Limits& limits, PcmSink& sink, AudioStreamInfo& info);

// The AudioSpecificConfig's audio object type (ISO/IEC 14496-3 §1.6.2.1; 2 = AAC LC, 5 = SBR, 29 = PS), 0 if
// unreadable, and its name ("AAC LC", "HE-AAC (SBR)", …).
uint32_t aac_object_type(const std::vector<uint8_t>& audio_specific_config);
std::string aac_object_type_name(uint32_t aot);

#if DSMARK_HAVE_FAAD
// AAC access units → PCM through libfaad (aac_decoder.cc).
Status decode_aac_units(Bytes file, const Mp4AudioTrack& track, const Limits& limits, PcmSink& sink,
                        AudioStreamInfo& info);
#endif

}  // namespace dsmark
