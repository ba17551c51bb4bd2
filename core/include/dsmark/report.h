// The report of ../SPEC.md (schema dsmark.report.v1): one per input.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsmark/value.h"

namespace dsmark {

enum class Format {
  kUnknown, kJpeg, kPng, kWebp, kGif, kTiff, kHeif, kAvif, kMp4, kMov, kM4a, kWebm, kMkv, kAvi, kFlv,
  kWav, kMp3, kFlac, kOgg, kOpus, kPdf, kDocx, kXlsx, kPptx, kMarkdown, kText,
  kC2pa,  // a C2PA manifest store on its own (`.c2pa` sidecar)
};
enum class Media { kUnknown, kImage, kAudio, kVideo, kText, kDocument };
enum class MarkKind { kImplicitMetadata, kWatermark, kExplicit };
enum class Claim { kAi, kPossiblyAi, kSuspectedAi, kNotAi, kUnknown };
enum class Verdict { kAi, kPossiblyAi, kSuspectedAi, kNone, kError };

std::string_view format_name(Format f);
std::string_view media_name(Media m);
Media media_of(Format f);
std::string_view mark_kind_name(MarkKind k);
std::string_view claim_name(Claim c);
std::string_view verdict_name(Verdict v);

struct Mark {
  std::string scheme;    // "gb45438", "c2pa", "iptc", "generator", "watermark:…", "explicit:…", "text:invisible"
  MarkKind kind = MarkKind::kImplicitMetadata;
  std::string carrier;   // exact place in the file, e.g. "png:iTXt:XML:com.adobe.xmp/TC260:AIGC"
  Claim claim = Claim::kUnknown;
  double confidence = 1.0;
  Value fields = Value::object();
  std::vector<std::string> problems;
};

struct ReportError {
  std::string code;     // "truncated", "malformed", "unsupported", "limit", "io", "empty"
  std::string message;  // plain words
};

// What the text detectors read, for text inputs: the encoding found and the size of the decoded text.
struct TextSummary {
  std::string encoding;     // "utf-8", "utf-16le", "utf-16be", "gb18030"
  bool bom = false;         // the file started with a byte order mark
  uint64_t characters = 0;  // code points, after line breaks were normalised to LF
  uint64_t lines = 0;
};

// Whether the sound of an input was decoded and checked by the audio detectors: set for audio and video inputs
// whose format carries sound, when the detectors ran; serialised as "sound" after "text". Callers decide on it
// (the page decodes sound with Web Audio when `code` is "unsupported"), never on the wording of a warning.
struct SoundSummary {
  bool decoded = false;
  std::string codec;    // "aac", "opus", "mp3", "flac", "pcm_s16le", …; empty (null) when not known
  std::string decoder;  // decoded: "dsmark" (the core's decoders) or "caller" (PCM handed to verify_with_pcm)
  double seconds = 0;   // decoded: the length of sound checked
  std::string code;     // not decoded: "unsupported" (no decoder for it in this build), "malformed", "truncated", "limit"
  std::string reason;   // not decoded: why, in plain words
};

struct Report {
  std::string file;
  Format format = Format::kUnknown;
  Media media = Media::kUnknown;
  Verdict verdict = Verdict::kNone;
  std::vector<Mark> marks;
  std::vector<std::string> warnings;
  std::optional<ReportError> error;
  std::optional<TextSummary> text;  // media "text" only; serialised as "text" after "error"
  std::optional<SoundSummary> sound;  // audio and video with sound, when the detectors ran
};

// The strongest claim among the marks: ai > possibly-ai > suspected-ai, else none.
Verdict verdict_from_marks(const std::vector<Mark>& marks);

// The one serializer: a report as a single line of JSON (no trailing newline).
// Numbers are printed with at most 6 significant digits so native and wasm builds print the same text.
std::string report_to_json(const Report& report);

}  // namespace dsmark
