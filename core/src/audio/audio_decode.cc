#include "audio/audio_decode.h"

#include <cstring>

#include "audio/matroska_opus.h"
#include "audio/mp4_audio.h"
#include "audio/ogg_opus.h"
#include "audio/wav_codec.h"
#include "dsmark/build_info.h"

namespace dsmark {
namespace {

// Ogg streams of other codecs, named for the warning.
std::string ogg_codec_name(Bytes file) {
  const std::string_view all = as_chars(file.first(std::min<size_t>(file.size(), 1 << 16)));
  if (all.find("\x01vorbis") != std::string_view::npos) return "Vorbis";
  if (all.find("\x7f" "FLAC") != std::string_view::npos) return "FLAC";
  if (all.find("Speex   ") != std::string_view::npos) return "Speex";
  return "";
}

}  // namespace

AudioSupport audio_decode_support(Format format) {
  AudioSupport s;
  switch (format) {
    case Format::kWav:
    case Format::kOpus:
    case Format::kOgg:
      s.decodable = s.has_sound = true;
      return s;
    case Format::kFlac:
      s.has_sound = true;
#if DSMARK_HAVE_FLAC
      s.decodable = true;
#else
      s.reason = "FLAC audio could not be decoded in this build";
#endif
      return s;
    case Format::kMp3:
      s.has_sound = true;
#if DSMARK_HAVE_MPG123
      s.decodable = true;
#else
      s.reason = "MP3 audio could not be decoded in this build";
#endif
      return s;
    case Format::kM4a:
    case Format::kMp4:
    case Format::kMov:
      // The sound track is found in every build; its codec is named when it cannot be decoded (decode_mp4_audio).
      s.decodable = s.has_sound = true;
      return s;
    case Format::kWebm:
    case Format::kMkv:
      // Opus and (natively) AAC tracks are decoded; another codec is named when decoding is tried
      // (decode_matroska_audio).
      s.decodable = s.has_sound = true;
      return s;
    case Format::kAvi:
    case Format::kFlv:
      s.has_sound = true;
      s.reason = "the sound of " + std::string(format_name(format)) + " clips could not be decoded in this build";
      return s;
    default:
      return s;
  }
}

Status decode_audio(Bytes file, Format format, const Limits& limits, uint32_t opus_rate, PcmSink& sink,
                    AudioStreamInfo& info) {
  switch (format) {
    case Format::kWav:
      return decode_wav(file, limits, sink, info);
    case Format::kOpus:
      return decode_ogg_opus(file, limits, opus_rate, sink, info);
    case Format::kOgg: {
      Status s = decode_ogg_opus(file, limits, opus_rate, sink, info);
      if (s.is_ok() || info.channels != 0) return s;
      const std::string codec = ogg_codec_name(file);
      if (!codec.empty()) return Status::unsupported(codec + " audio in Ogg could not be decoded in this build");
      return s;
    }
    case Format::kWebm:
    case Format::kMkv:
      return decode_matroska_audio(file, limits, opus_rate, format_name(format), sink, info);
    case Format::kM4a:
    case Format::kMp4:
    case Format::kMov:
      return decode_mp4_audio(file, format, limits, sink, info);
#if DSMARK_HAVE_FLAC
    case Format::kFlac:
      return decode_flac(file, limits, sink, info);
#endif
#if DSMARK_HAVE_MPG123
    case Format::kMp3:
      return decode_mp3(file, limits, sink, info);
#endif
    default: {
      const AudioSupport s = audio_decode_support(format);
      return Status::unsupported(s.reason.empty() ? "dsmark does not decode sound from this kind of file" : s.reason);
    }
  }
}

std::string matroska_codec_key(std::string_view id) {
  const auto starts = [&](std::string_view p) { return id.substr(0, p.size()) == p; };
  if (starts("A_AAC")) return "aac";
  if (id == "A_OPUS") return "opus";
  if (id == "A_VORBIS") return "vorbis";
  if (id == "A_FLAC") return "flac";
  if (starts("A_MPEG/L3")) return "mp3";
  if (starts("A_MPEG/L2") || starts("A_MPEG/L1")) return "mp2";
  if (starts("A_EAC3")) return "e-ac-3";
  if (starts("A_AC3")) return "ac-3";
  if (starts("A_DTS")) return "dts";
  if (starts("A_PCM")) return "pcm";
  if (starts("A_TRUEHD")) return "truehd";
  if (starts("A_ALAC")) return "alac";
  std::string key;
  for (char c : id.substr(0, 32)) key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return key;
}

std::string_view build_licence() {
#if DSMARK_HAVE_FAAD
  return "GPL-3.0-or-later";
#else
  return "Apache-2.0";
#endif
}

bool audio_codec_decodable(std::string_view codec) {
  if (codec == "pcm" || codec == "opus") return true;
#if DSMARK_HAVE_FLAC
  if (codec == "flac") return true;
#endif
#if DSMARK_HAVE_MPG123
  if (codec == "mp3") return true;
#endif
#if DSMARK_HAVE_FAAD
  if (codec == "aac") return true;
#endif
  return false;
}

}  // namespace dsmark
