// MP3 (MPEG-1/2/2.5 layer III, also layers I/II) through libmpg123 (LGPL-2.1, linked dynamically natively).
#include "audio/audio_decode.h"

#include <mpg123.h>

#include <algorithm>
#include <string>

namespace dsmark {

Status decode_mp3(Bytes file, const Limits& limits, PcmSink& sink, AudioStreamInfo& info) {
  info.codec = "mp3";
  info.carrier = "mp3:frames";
  int err = MPG123_OK;
  mpg123_handle* mh = mpg123_new(nullptr, &err);
  if (!mh) return Status::limit("libmpg123 could not start");
  struct Guard {
    mpg123_handle* h;
    ~Guard() { mpg123_delete(h); }
  } guard{mh};
  mpg123_param(mh, MPG123_ADD_FLAGS, MPG123_QUIET | MPG123_GAPLESS, 0.0);
  mpg123_param(mh, MPG123_RESYNC_LIMIT, 64 * 1024, 0.0);
  mpg123_format_none(mh);
  const long* rates = nullptr;
  size_t n_rates = 0;
  mpg123_rates(&rates, &n_rates);
  for (size_t i = 0; i < n_rates; ++i) mpg123_format(mh, rates[i], MPG123_MONO | MPG123_STEREO, MPG123_ENC_FLOAT_32);
  if (mpg123_open_feed(mh) != MPG123_OK) return Status::malformed("libmpg123 could not open the stream");

  constexpr size_t kChunk = 1 << 16;
  std::vector<unsigned char> out(1 << 17);
  size_t fed = 0;
  bool began = false, done = false;
  uint32_t channels = 0;
  uint64_t errors = 0;
  while (!done) {
    const unsigned char* in = nullptr;
    size_t in_size = 0;
    if (fed < file.size()) {
      in = file.data() + fed;
      in_size = std::min(kChunk, file.size() - fed);
      fed += in_size;
    }
    bool first_call = true;
    for (;;) {
      size_t got = 0;
      const int rc = mpg123_decode(mh, first_call ? in : nullptr, first_call ? in_size : 0, out.data(), out.size(), &got);
      first_call = false;
      if (rc == MPG123_NEW_FORMAT) {
        long rate = 0;
        int ch = 0, enc = 0;
        mpg123_getformat(mh, &rate, &ch, &enc);
        if (!began) {
          channels = static_cast<uint32_t>(ch);
          info.sample_rate = static_cast<uint32_t>(rate);
          info.channels = channels;
          DSMARK_RETURN_IF_ERROR(sink.begin(static_cast<uint32_t>(rate), channels));
          began = true;
        } else if (static_cast<uint32_t>(ch) != channels || static_cast<uint32_t>(rate) != info.sample_rate) {
          info.warnings.push_back("the MP3 stream changes its format mid-way; the audio after that was not checked");
          done = true;
          break;
        }
      }
      if (got > 0 && began) {
        uint64_t frames = got / (sizeof(float) * channels);
        const uint64_t room = limits.max_audio_samples - std::min(limits.max_audio_samples, info.frames);
        if (frames > room) {
          frames = room;
          info.cut_at_limit = true;
          done = true;
        }
        const auto* f = reinterpret_cast<const float*>(out.data());
        DSMARK_RETURN_IF_ERROR(sink.write({f, static_cast<size_t>(frames * channels)}));
        info.frames += frames;
        if (done) break;
      }
      if (rc == MPG123_NEED_MORE) {
        if (fed >= file.size()) done = true;
        break;
      }
      if (rc == MPG123_DONE) {
        done = true;
        break;
      }
      if (rc == MPG123_ERR) {
        if (++errors > 64) {
          done = true;
          break;
        }
        continue;
      }
    }
  }
  if (!began) return Status::malformed("the file holds no MPEG audio frame that could be decoded");
  if (errors) info.warnings.push_back("libmpg123 met " + std::to_string(errors) + " damaged part(s) in the MP3 stream");
  return Status::ok();
}

}  // namespace dsmark
