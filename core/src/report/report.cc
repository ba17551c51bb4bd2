#include "dsmark/report.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace dsmark {

std::string_view format_name(Format f) {
  switch (f) {
    case Format::kUnknown: return "unknown";
    case Format::kJpeg: return "jpeg";
    case Format::kPng: return "png";
    case Format::kWebp: return "webp";
    case Format::kGif: return "gif";
    case Format::kTiff: return "tiff";
    case Format::kHeif: return "heif";
    case Format::kAvif: return "avif";
    case Format::kMp4: return "mp4";
    case Format::kMov: return "mov";
    case Format::kM4a: return "m4a";
    case Format::kWebm: return "webm";
    case Format::kMkv: return "mkv";
    case Format::kAvi: return "avi";
    case Format::kFlv: return "flv";
    case Format::kWav: return "wav";
    case Format::kMp3: return "mp3";
    case Format::kFlac: return "flac";
    case Format::kOgg: return "ogg";
    case Format::kOpus: return "opus";
    case Format::kPdf: return "pdf";
    case Format::kDocx: return "docx";
    case Format::kXlsx: return "xlsx";
    case Format::kPptx: return "pptx";
    case Format::kMarkdown: return "markdown";
    case Format::kText: return "text";
    case Format::kC2pa: return "c2pa";
  }
  return "unknown";
}

Media media_of(Format f) {
  switch (f) {
    case Format::kJpeg: case Format::kPng: case Format::kWebp: case Format::kGif: case Format::kTiff:
    case Format::kHeif: case Format::kAvif:
      return Media::kImage;
    case Format::kMp4: case Format::kMov: case Format::kWebm: case Format::kMkv: case Format::kAvi:
    case Format::kFlv:
      return Media::kVideo;
    case Format::kM4a: case Format::kWav: case Format::kMp3: case Format::kFlac: case Format::kOgg:
    case Format::kOpus:
      return Media::kAudio;
    case Format::kPdf: case Format::kDocx: case Format::kXlsx: case Format::kPptx:
      return Media::kDocument;
    case Format::kMarkdown: case Format::kText:
      return Media::kText;
    case Format::kUnknown: case Format::kC2pa:
      return Media::kUnknown;
  }
  return Media::kUnknown;
}

std::string_view media_name(Media m) {
  switch (m) {
    case Media::kImage: return "image";
    case Media::kAudio: return "audio";
    case Media::kVideo: return "video";
    case Media::kText: return "text";
    case Media::kDocument: return "document";
    case Media::kUnknown: return "unknown";
  }
  return "unknown";
}

std::string_view mark_kind_name(MarkKind k) {
  switch (k) {
    case MarkKind::kImplicitMetadata: return "implicit-metadata";
    case MarkKind::kWatermark: return "watermark";
    case MarkKind::kExplicit: return "explicit";
  }
  return "implicit-metadata";
}

std::string_view claim_name(Claim c) {
  switch (c) {
    case Claim::kAi: return "ai";
    case Claim::kPossiblyAi: return "possibly-ai";
    case Claim::kSuspectedAi: return "suspected-ai";
    case Claim::kNotAi: return "not-ai";
    case Claim::kUnknown: return "unknown";
  }
  return "unknown";
}

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kAi: return "ai";
    case Verdict::kPossiblyAi: return "possibly-ai";
    case Verdict::kSuspectedAi: return "suspected-ai";
    case Verdict::kNone: return "none";
    case Verdict::kError: return "error";
  }
  return "none";
}

Verdict verdict_from_marks(const std::vector<Mark>& marks) {
  Verdict best = Verdict::kNone;
  auto rank = [](Verdict v) {
    switch (v) {
      case Verdict::kAi: return 3;
      case Verdict::kPossiblyAi: return 2;
      case Verdict::kSuspectedAi: return 1;
      default: return 0;
    }
  };
  for (const Mark& m : marks) {
    Verdict v = Verdict::kNone;
    if (m.claim == Claim::kAi) v = Verdict::kAi;
    if (m.claim == Claim::kPossiblyAi) v = Verdict::kPossiblyAi;
    if (m.claim == Claim::kSuspectedAi) v = Verdict::kSuspectedAi;
    if (rank(v) > rank(best)) best = v;
  }
  return best;
}

namespace {

using Json = nlohmann::ordered_json;

// Six significant digits: enough for any detector figure, and the same text from glibc and musl maths.
double stable_double(double d) {
  if (!std::isfinite(d)) return 0.0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", d);
  return std::strtod(buf, nullptr);
}

Json to_json(const Value& v) {
  switch (v.type()) {
    case Value::Type::kNull: return nullptr;
    case Value::Type::kBool: return v.as_bool();
    case Value::Type::kInt: return v.as_int();
    case Value::Type::kDouble: return stable_double(v.as_double());
    case Value::Type::kString: return v.as_string();
    case Value::Type::kArray: {
      Json a = Json::array();
      for (const Value& e : v.as_array()) a.push_back(to_json(e));
      return a;
    }
    case Value::Type::kObject: {
      Json o = Json::object();
      for (const auto& [k, e] : v.as_object()) o[k] = to_json(e);
      return o;
    }
  }
  return nullptr;
}

}  // namespace

std::string report_to_json(const Report& r) {
  Json j = Json::object();
  j["schema"] = "dsmark.report.v1";
  j["file"] = r.file;
  j["format"] = format_name(r.format);
  j["media"] = media_name(r.media);
  j["verdict"] = verdict_name(r.verdict);
  Json marks = Json::array();
  for (const Mark& m : r.marks) {
    Json jm = Json::object();
    jm["scheme"] = m.scheme;
    jm["kind"] = mark_kind_name(m.kind);
    jm["carrier"] = m.carrier;
    jm["claim"] = claim_name(m.claim);
    jm["confidence"] = stable_double(m.confidence);
    jm["fields"] = m.fields.is_object() ? to_json(m.fields) : Json::object();
    jm["problems"] = m.problems;
    marks.push_back(std::move(jm));
  }
  j["marks"] = std::move(marks);
  j["warnings"] = r.warnings;
  if (r.error) {
    j["error"] = Json{{"code", r.error->code}, {"message", r.error->message}};
  } else {
    j["error"] = nullptr;
  }
  if (r.text) {
    j["text"] = Json{{"encoding", r.text->encoding}, {"bom", r.text->bom}, {"characters", r.text->characters},
                     {"lines", r.text->lines}};
  }
  if (r.sound) {
    const SoundSummary& snd = *r.sound;
    Json js = Json::object();
    js["decoded"] = snd.decoded;
    js["codec"] = snd.codec.empty() ? Json(nullptr) : Json(snd.codec);
    js["decoder"] = snd.decoded ? Json(snd.decoder) : Json(nullptr);
    js["seconds"] = snd.decoded ? Json(stable_double(snd.seconds)) : Json(nullptr);
    js["code"] = snd.decoded ? Json(nullptr) : Json(snd.code);
    js["reason"] = snd.decoded ? Json(nullptr) : Json(snd.reason);
    j["sound"] = std::move(js);
  }
  // Invalid UTF-8 from a hostile file is replaced, never allowed to abort the dump.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace dsmark
