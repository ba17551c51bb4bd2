// verify(): sniff → walk the container → parse XMP once → run every scheme reader → one report.
#include <array>
#include <string>

#include "analysis/analysis.h"
#include "audio/audio_detectors.h"
#include "container/exif_text.h"
#include "container/walkers.h"
#include "dsmark/dsmark.h"
#include "format/sniff.h"
#include "schemes/c2pa_manifest.h"
#include "schemes/gb45438_label.h"
#include "schemes/generator_metadata.h"
#include "schemes/iptc_ai.h"
#include "schemes/novelai_stealth.h"
#include "text/text_analysis.h"
#include "watermark/dsmark_image.h"
#include "watermark/sd_dwtdct.h"
#include "watermark/text_watermark.h"

namespace dsmark {
namespace {

// Metadata readers, in the order their marks appear in a report. They only read the inventory and the XMP.
constexpr std::array<SchemeReader, 4> kSchemeReaders = {
    &read_gb45438,
    &read_c2pa,
    &read_iptc,
    &read_generator_metadata,
};

// Signal detectors: they decode pixels, samples or text and look for watermarks and explicit labels. Their
// marks follow the metadata marks; VerifyOptions::detectors = false skips them.
constexpr std::array<SchemeReader, 7> kDetectors = {
    &detect_novelai_stealth,  // generator: NovelAI's copy in the alpha channel
    &detect_explicit_text,    // explicit:text
    &detect_text_watermark,   // watermark:dsmark-text (before text:invisible, which skips its characters)
    &detect_invisible_text,   // text:invisible
    &read_sd_dwtdct,          // watermark:sd-dwtdct
    &read_dsmark_image,       // watermark:dsmark-image
    &detect_audio_marks,      // explicit:audio-rhythm, watermark:dsmark-audio
};

std::string sentence(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z' && s.rfind("dsmark", 0) != 0) s[0] = static_cast<char>(s[0] - 'a' + 'A');
  if (!s.empty() && s.back() != '.') s += '.';
  return s;
}

Report error_report(Report r, std::string code, std::string message) {
  r.verdict = Verdict::kError;
  r.error = ReportError{std::move(code), sentence(std::move(message))};
  return r;
}

}  // namespace

std::string_view version() { return "0.1.0"; }

Report error_report(std::string_view file_name, std::string_view code, std::string_view message) {
  Report r;
  r.file = std::string(file_name);
  return error_report(std::move(r), std::string(code), std::string(message));
}

std::string_view status_code_name(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kTruncated: return "truncated";
    case StatusCode::kMalformed: return "malformed";
    case StatusCode::kUnsupported: return "unsupported";
    case StatusCode::kLimit: return "limit";
    case StatusCode::kIo: return "io";
  }
  return "malformed";
}

namespace {

// `forced`: the format of text given directly (verify_text), or kUnknown to sniff the bytes.
Report verify_bytes(std::span<const uint8_t> bytes, std::string_view file_name, const VerifyOptions& options,
                    Format forced) {
  const Limits& limits = options.limits;
  Report report;
  report.file = std::string(file_name);
  if (bytes.empty()) return error_report(std::move(report), "empty", "the file is empty");
  if (bytes.size() > limits.max_input_bytes) {
    return error_report(std::move(report), "limit",
                        "the file is larger than the limit of " + std::to_string(limits.max_input_bytes) + " bytes");
  }
  report.format = forced != Format::kUnknown ? forced : sniff_format(bytes);
  report.media = media_of(report.format);

  Analysis a(bytes, report.format, limits);
  a.reference_time = options.reference_time;
  a.file_name = file_name;
  Status walked = Status::ok();
  if (WalkFn walk = walker_for(report.format)) {
    walked = walk(bytes, a.inventory);
  } else {
    // No structural reader for this format yet: XMP packets can still be found by their markers.
    walked = scan_xmp_packets(bytes, std::string(format_name(report.format)) + ":xmp", a.inventory);
    if (report.format != Format::kUnknown && report.media != Media::kText) {
      a.warnings.push_back("dsmark does not read the structure of " + std::string(format_name(report.format)) +
                           " files yet; only embedded XMP was searched");
    }
  }
  expand_exif_blobs(a.inventory);  // EXIF text tags become text entries, whatever the container
  for (const XmpPacket& packet : a.inventory.xmp) {
    ParsedXmp parsed{packet.carrier, parse_xmp(packet.xml, limits)};
    for (const std::string& w : parsed.doc.warnings) a.warnings.push_back(packet.carrier + ": " + w);
    a.xmp.push_back(std::move(parsed));
  }
  if (report.media == Media::kText) prepare_text(a);
  for (SchemeReader read : kSchemeReaders) read(a);
  if (options.detectors) {
    for (SchemeReader detect : kDetectors) detect(a);
  }

  report.marks = std::move(a.marks);
  report.warnings = std::move(a.inventory.warnings);
  report.warnings.insert(report.warnings.end(), a.warnings.begin(), a.warnings.end());

  if (!walked.is_ok()) {
    // Marks read before the walk stopped are real; without any, the file could not be checked.
    if (report.marks.empty()) {
      return error_report(std::move(report), std::string(status_code_name(walked.code())), walked.message());
    }
    report.warnings.push_back(sentence(walked.message()) + " Marks stored after that point were not checked.");
  }
  if (report.format == Format::kUnknown && report.marks.empty()) {
    return error_report(std::move(report), "unsupported", "dsmark does not recognise this kind of file");
  }
  if (a.text) {
    const TextDocument& doc = a.text->doc;
    report.text = TextSummary{std::string(text_encoding_name(doc.encoding())), doc.bom(), doc.code_points(),
                              doc.lines()};
  }
  report.sound = std::move(a.sound);
  report.verdict = verdict_from_marks(report.marks);
  return report;
}

}  // namespace

Report verify(std::span<const uint8_t> bytes, std::string_view file_name, const VerifyOptions& options) {
  return verify_bytes(bytes, file_name, options, Format::kUnknown);
}

Report verify_text(std::string_view utf8, std::string_view name, const VerifyOptions& options) {
  const std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(utf8.data()), utf8.size());
  return verify_bytes(bytes, name, options, sniff_text_format(bytes));
}

}  // namespace dsmark
