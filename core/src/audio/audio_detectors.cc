#include "audio/audio_detectors.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "audio/audio_decode.h"
#include "audio/audio_watermark.h"
#include "audio/power_frames.h"
#include "audio/resampler.h"
#include "audio/rhythm_detector.h"
#include "dsmark/dsmark.h"

namespace dsmark {
namespace {

constexpr uint32_t kAnalysisRate = 16000;

// Numbers in reports are rounded here so that the native and the wasm builds (whose decoders may differ in the
// last bits of a float) print the same text.
double round_to(double v, double step) { return std::nearbyint(v / step) * step; }

std::string hex32(uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return buf;
}

// A p-value rounded up to two significant digits (so the rounding never overstates the evidence). Plain
// arithmetic, no libm: the same digits in both builds.
double round_p(double p) {
  if (!(p > 0)) return 0;
  if (p >= 1) return 1;
  double mag = 1;
  int guard = 0;
  while (p < 10 * mag && guard++ < 400) mag /= 10;  // now 10 mag <= p < 100 mag
  return std::ceil(p / mag - 1e-9) * mag;
}

std::string duration_text(double seconds) {
  char buf[32];
  if (seconds >= 120) {
    std::snprintf(buf, sizeof buf, "%.0f minutes", seconds / 60);
  } else {
    std::snprintf(buf, sizeof buf, "%.0f s", seconds);
  }
  return buf;
}

}  // namespace

void audio_marks_from_mono(std::span<const float> mono, const std::string& carrier, std::vector<Mark>& marks) {
  const AudioWmConfig& wm_config = default_audio_wm_config();
  const RhythmConfig rhythm_config;
  const uint32_t frames = power_frame_count(mono.size(), wm_config.hop);
  AudioWmAnalysis wm(wm_config, frames);
  RhythmAnalysis rhythm(rhythm_config, frames);
  PowerFrameConsumer* consumers[] = {&wm, &rhythm};
  run_power_frames(mono, wm_config.fft, wm_config.hop, consumers);

  const std::vector<RhythmOccurrence> found = rhythm.finish();
  if (!found.empty()) {
    const RhythmOccurrence& first = found.front();
    Mark m;
    m.scheme = "explicit:audio-rhythm";
    m.kind = MarkKind::kExplicit;
    m.carrier = carrier;
    m.claim = Claim::kAi;
    m.confidence = round_to(first.agreement, 0.01);
    m.fields.set("start_s", round_to(first.start_s, 0.001));
    m.fields.set("end_s", round_to(first.end_s, 0.001));
    m.fields.set("unit_ms", static_cast<int64_t>(std::lround(first.unit_ms)));
    m.fields.set("frequency_hz", static_cast<int64_t>(std::lround(first.frequency_hz)));
    m.fields.set("contrast_db", round_to(first.snr_db, 0.5));
    m.fields.set("ai_gap", first.long_gap ? "long" : "short");
    m.fields.set("occurrences", static_cast<int64_t>(found.size()));
    if (found.size() > 1) {
      Value at = Value::array();
      for (size_t i = 0; i < found.size() && i < 32; ++i) at.push(round_to(found[i].start_s, 0.001));
      m.fields.set("starts_s", std::move(at));
    }
    marks.push_back(std::move(m));
  }

  const AudioWmDetection d = detect_audio_watermark(wm, wm_config);
  if (d.present) {
    Mark m;
    m.scheme = "watermark:dsmark-audio";
    m.kind = MarkKind::kWatermark;
    m.carrier = carrier;
    m.claim = Claim::kAi;
    const double p = round_p(d.p_value);
    m.confidence = round_to(1.0 - p, 1e-6);
    if (d.payload_valid) {
      m.fields.set("payload", hex32(d.payload));
    } else {
      m.fields.set("payload", nullptr);
      m.problems.push_back("The payload could not be read (its checksum does not match): the sound was changed too much.");
    }
    m.fields.set("p_value", p);
    m.fields.set("z", round_to(d.z, 0.01));
    m.fields.set("offset_s", round_to(d.offset_seconds, 0.004));
    m.fields.set("symbols", static_cast<int64_t>(d.symbols));
    marks.push_back(std::move(m));
  }
}

namespace {

// The codec a format implies before anything is decoded (for the report's `sound.codec`).
std::string format_codec(Format format) {
  switch (format) {
    case Format::kFlac: return "flac";
    case Format::kMp3: return "mp3";
    case Format::kOpus: return "opus";
    default: return "";
  }
}

// The codec of a file's sound without decoding it: decoders name it before their first samples, so a sink that
// refuses to begin stops them there.
std::string probe_codec(Bytes file, Format format, const Limits& limits) {
  if (file.empty() || !audio_decode_support(format).has_sound) return "";
  class StopSink final : public PcmSink {
   public:
    Status begin(uint32_t, uint32_t) override { return Status::limit("probed"); }
    Status write(std::span<const float>) override { return Status::limit("probed"); }
  } stop;
  AudioStreamInfo info;
  if (audio_decode_support(format).decodable) (void)decode_audio(file, format, limits, kAnalysisRate, stop, info);
  return info.codec.empty() ? format_codec(format) : info.codec;
}

// Sound that was not checked: the report's `sound` says why (callers decide on it), and a warning says it in words.
void sound_not_decoded(Analysis& a, std::string codec, std::string_view code, std::string reason,
                       std::string warning) {
  a.warnings.push_back(std::move(warning));
  SoundSummary snd;
  snd.codec = std::move(codec);
  snd.code = std::string(code);
  snd.reason = std::move(reason);
  a.sound = std::move(snd);
}

}  // namespace

void detect_audio_marks(Analysis& a) {
  const AudioSupport support = audio_decode_support(a.format);
  if (!support.has_sound) return;
  if (!support.decodable) {
    sound_not_decoded(a, format_codec(a.format), "unsupported", support.reason,
                      support.reason + "; its sound was not checked for audio marks");
    return;
  }
  MonoSink sink(kAnalysisRate);
  AudioStreamInfo info;
  const Status s = decode_audio(a.file, a.format, a.limits, kAnalysisRate, sink, info);
  for (const std::string& w : info.warnings) a.warnings.push_back(w);
  const std::string codec = info.codec.empty() ? format_codec(a.format) : info.codec;
  if (s.code() == StatusCode::kUnsupported) {  // a codec this build lacks (the page decodes it with Web Audio)
    sound_not_decoded(a, codec, "unsupported", s.message(), s.message() + "; its sound was not checked for audio marks");
    return;
  }
  if (!s.is_ok()) {
    sound_not_decoded(a, codec, status_code_name(s.code()), s.message(),
                      "the sound could not be decoded (" + s.message() + "); it was not checked for audio marks");
    return;
  }
  if (info.channels == 0 || info.sample_rate == 0) return;  // no sound track (a silent clip): nothing to hear
  SoundSummary snd;
  snd.decoded = true;
  snd.codec = codec;
  snd.decoder = "dsmark";
  // info.frames are at the rate the decoder handed the sink (Opus: decoded at 16 kHz, its stream rate 48 kHz);
  // a sink that never began got none.
  const double seconds = sink.input_rate() ? static_cast<double>(info.frames) / sink.input_rate() : 0.0;
  snd.seconds = round_to(seconds, 0.001);
  a.sound = std::move(snd);
  if (info.cut_at_limit) {
    a.warnings.push_back("only the first " + duration_text(seconds) + " of sound were checked (the limit)");
  }
  const std::vector<float>& mono = sink.finish();
  if (mono.empty()) return;
  audio_marks_from_mono(mono, info.carrier.empty() ? std::string(format_name(a.format)) + ":audio" : info.carrier,
                        a.marks);
}

}  // namespace dsmark

namespace dsmark {

Report verify_with_pcm(std::span<const uint8_t> bytes, std::string_view file_name, const PcmAudio& pcm,
                       const VerifyOptions& options) {
  Report report;
  if (!bytes.empty()) {
    VerifyOptions metadata_only = options;
    metadata_only.detectors = false;
    report = verify(bytes, file_name, metadata_only);
  } else {
    report.file = std::string(file_name);
    report.media = Media::kAudio;
  }
  const Limits& limits = options.limits;
  if (pcm.samples == nullptr || pcm.frames == 0 || pcm.channels == 0 || pcm.sample_rate == 0) {
    report.warnings.push_back("no decoded sound was given; the sound was not checked for audio marks");
  } else if (pcm.channels > 64 || pcm.sample_rate > 1'536'000) {
    report.warnings.push_back("the decoded sound has an impossible format; it was not checked for audio marks");
  } else {
    const size_t frames = static_cast<size_t>(std::min<uint64_t>(pcm.frames, limits.max_audio_samples));
    if (frames < pcm.frames) {
      report.warnings.push_back("only the first " + duration_text(static_cast<double>(frames) / pcm.sample_rate) +
                                " of sound were checked (the limit)");
    }
    // Mix down and resample in blocks, as the decoders do.
    MonoSink sink(kAnalysisRate);
    (void)sink.begin(pcm.sample_rate, pcm.channels);
    std::vector<float> block;
    constexpr size_t kBlock = 4096;
    for (size_t start = 0; start < frames; start += kBlock) {
      const size_t n = std::min(kBlock, frames - start);
      block.resize(n * pcm.channels);
      for (size_t f = 0; f < n; ++f) {
        for (uint32_t c = 0; c < pcm.channels; ++c) {
          const float v = pcm.planar ? pcm.samples[static_cast<size_t>(c) * pcm.frames + start + f]
                                     : pcm.samples[(start + f) * pcm.channels + c];
          block[f * pcm.channels + c] = std::isfinite(v) ? v : 0.0f;
        }
      }
      (void)sink.write(block);
    }
    SoundSummary snd;
    snd.decoded = true;
    snd.codec = probe_codec(bytes, report.format, limits);
    snd.decoder = "caller";
    snd.seconds = round_to(static_cast<double>(frames) / pcm.sample_rate, 0.001);
    report.sound = std::move(snd);
    std::vector<Mark> marks;
    audio_marks_from_mono(sink.finish(), "pcm", marks);
    for (Mark& m : marks) report.marks.push_back(std::move(m));
    if (report.verdict == Verdict::kError && !report.marks.empty()) {
      report.warnings.push_back("the file itself could not be read (" +
                                (report.error ? report.error->message : std::string("unknown error")) +
                                "); its sound, decoded elsewhere, was checked");
      report.error.reset();
    }
  }
  if (report.verdict != Verdict::kError) report.verdict = verdict_from_marks(report.marks);
  return report;
}

}  // namespace dsmark
