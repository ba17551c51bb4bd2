// AAC access units of an MP4/M4A/MOV sound track → PCM through libfaad (faad2, GPL-2.0-or-later; Debian's
// libfaad-dev). Only in native builds configured with DSMARK_WITH_AAC: a binary linked with it is distributed
// under the GPL (README "Licence"). Code from FAAD2 is copyright (c) Nero AG, www.nero.com.
#include <neaacdec.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "audio/audio_decode.h"
#include "audio/mp4_audio.h"

namespace dsmark {

Status decode_aac_units(Bytes file, const Mp4AudioTrack& t, const Limits& limits, PcmSink& sink,
                        AudioStreamInfo& info) {
  const uint32_t aot = aac_object_type(t.decoder_config);
  const std::string kind = aot ? aac_object_type_name(aot) : std::string("AAC");
  if (t.decoder_config.empty()) {
    return Status::malformed("the AAC track has no decoder configuration (esds AudioSpecificConfig)");
  }
  NeAACDecHandle h = NeAACDecOpen();
  if (!h) return Status::limit("libfaad could not start");
  struct Guard {
    NeAACDecHandle h;
    ~Guard() { NeAACDecClose(h); }
  } guard{h};
  NeAACDecConfigurationPtr cfg = NeAACDecGetCurrentConfiguration(h);
  cfg->outputFormat = FAAD_FMT_FLOAT;  // [-1, 1]
  cfg->downMatrix = 1;                 // 5.1 → stereo, as listeners hear it
  NeAACDecSetConfiguration(h, cfg);

  std::vector<unsigned char> asc(t.decoder_config.begin(), t.decoder_config.end());
  unsigned long rate = 0;
  unsigned char channels = 0;
  if (NeAACDecInit2(h, asc.data(), static_cast<unsigned long>(asc.size()), &rate, &channels) < 0) {
    return Status::unsupported("the " + kind + " sound could not be decoded in this build (libfaad does not take its "
                               "configuration)");
  }

  // Each unit is copied into a zero-padded buffer: the bit reader may look a few words ahead of the data.
  constexpr size_t kPad = 2048;
  std::vector<unsigned char> unit;
  bool began = false;
  uint32_t out_channels = 0, out_rate = 0;
  uint64_t errors = 0, decoded_units = 0;
  std::string first_error;
  bool cut_file = false;
  for (const Mp4AudioUnit& u : t.units) {
    if (u.offset > file.size() || u.size > file.size() - u.offset) {
      cut_file = true;
      break;
    }
    if (u.size == 0) continue;
    unit.assign(u.size + kPad, 0);
    std::memcpy(unit.data(), file.data() + u.offset, u.size);
    NeAACDecFrameInfo fi;
    std::memset(&fi, 0, sizeof fi);
    const void* out = NeAACDecDecode(h, &fi, unit.data(), u.size);
    if (fi.error != 0 || !out) {
      if (first_error.empty() && fi.error != 0) first_error = NeAACDecGetErrorMessage(fi.error);
      // A stream that is mostly damaged (or not AAC at all) is given up on instead of decoded to noise.
      if (++errors > 64 && errors * 2 > decoded_units) break;
      continue;
    }
    ++decoded_units;
    if (fi.samples == 0 || fi.channels == 0) continue;
    if (!began) {
      out_channels = fi.channels;
      out_rate = static_cast<uint32_t>(fi.samplerate);
      if (out_rate == 0 || out_rate > 192000) return Status::malformed("the AAC stream declares an impossible rate");
      info.channels = out_channels;
      info.sample_rate = out_rate;
      DSMARK_RETURN_IF_ERROR(sink.begin(out_rate, out_channels));
      began = true;
    } else if (fi.channels != out_channels || fi.samplerate != out_rate) {
      info.warnings.push_back("the AAC stream changes its format mid-way; the sound after that was not checked");
      break;
    }
    uint64_t frames = fi.samples / fi.channels;
    const uint64_t room = limits.max_audio_samples - std::min(limits.max_audio_samples, info.frames);
    bool stop = false;
    if (frames > room) {
      frames = room;
      info.cut_at_limit = true;
      stop = true;
    }
    const auto* f = static_cast<const float*>(out);
    DSMARK_RETURN_IF_ERROR(sink.write({f, static_cast<size_t>(frames * out_channels)}));
    info.frames += frames;
    if (stop) break;
  }
  if (!began) {
    return Status::malformed("no " + kind + " frame of the sound track could be decoded" +
                             (first_error.empty() ? std::string() : " (libfaad: " + first_error + ")"));
  }
  if (errors) {
    info.warnings.push_back("libfaad met " + std::to_string(errors) + " damaged AAC frame(s) in the sound track");
  }
  if (cut_file) info.warnings.push_back("the file ends inside the sound track; the sound after that was not checked");
  return Status::ok();
}

}  // namespace dsmark
