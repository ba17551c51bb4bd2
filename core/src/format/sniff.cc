#include "format/sniff.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "c2pa/jumbf.h"
#include "text/text_decode.h"
#include "util/byte_reader.h"

namespace dsmark {
namespace {

bool starts_with(Bytes b, std::string_view magic, size_t at = 0) {
  return b.size() >= at + magic.size() && as_chars(b.subspan(at, magic.size())) == magic;
}

// Fixed signatures at fixed offsets; the first match wins (order matters only for overlapping prefixes).
struct Signature {
  std::string_view magic;
  size_t offset;
  Format format;
};
constexpr std::array kSignatures = {
    Signature{"\xFF\xD8\xFF", 0, Format::kJpeg},
    Signature{"\x89PNG\r\n\x1A\n", 0, Format::kPng},
    Signature{"GIF87a", 0, Format::kGif},
    Signature{"GIF89a", 0, Format::kGif},
    Signature{"II*\0", 0, Format::kTiff},
    Signature{"MM\0*", 0, Format::kTiff},
    Signature{"II+\0", 0, Format::kTiff},  // BigTIFF
    Signature{"MM\0+", 0, Format::kTiff},
    Signature{"FLV\x01", 0, Format::kFlv},
    Signature{"fLaC", 0, Format::kFlac},
    Signature{"%PDF-", 0, Format::kPdf},
    Signature{"ID3", 0, Format::kMp3},
};

Format sniff_riff(Bytes b) {
  if (b.size() < 12) return Format::kUnknown;
  std::string_view form = as_chars(b.subspan(8, 4));
  if (form == "WEBP") return Format::kWebp;
  if (form == "WAVE") return Format::kWav;
  if (form == "AVI ") return Format::kAvi;
  return Format::kUnknown;
}

// ISO BMFF: the major brand and compatible brands of the leading `ftyp` box.
Format sniff_ftyp(Bytes b) {
  uint32_t size = load_u32be(b.data());
  if (size < 16 || size > b.size()) size = static_cast<uint32_t>(std::min<size_t>(b.size(), 64));
  auto brand_at = [&](size_t i) { return as_chars(b.subspan(i, 4)); };
  std::string_view major = brand_at(8);
  auto has_brand = [&](std::string_view want) {
    if (major == want) return true;
    for (size_t i = 16; i + 4 <= size; i += 4) {
      if (brand_at(i) == want) return true;
    }
    return false;
  };
  if (major == "avif" || major == "avis") return Format::kAvif;
  if (major == "heic" || major == "heix" || major == "heim" || major == "heis" || major == "mif1" ||
      major == "msf1" || major == "hevc" || major == "hevx") {
    return has_brand("avif") ? Format::kAvif : Format::kHeif;
  }
  if (major == "qt  ") return Format::kMov;
  if (major == "M4A " || major == "M4B " || major == "M4P ") return Format::kM4a;
  if (has_brand("avif")) return Format::kAvif;
  return Format::kMp4;
}

// Matroska/WebM: the EBML header's DocType string.
Format sniff_ebml(Bytes b) {
  const size_t window = std::min<size_t>(b.size(), 64);
  std::string_view head = as_chars(b.subspan(0, window));
  if (head.find("webm") != std::string_view::npos) return Format::kWebm;
  if (head.find("matroska") != std::string_view::npos) return Format::kMkv;
  return Format::kMkv;
}

// Ogg: the first packet of the first page tells Opus from other codecs.
Format sniff_ogg(Bytes b) {
  if (b.size() < 27) return Format::kOgg;
  const size_t segments = b[26];
  const size_t body = 27 + segments;
  if (starts_with(b, "OpusHead", body)) return Format::kOpus;
  return Format::kOgg;
}

// ZIP: Office Open XML is told apart by the names of the parts in the archive.
Format sniff_zip(Bytes b) {
  std::string_view all = as_chars(b);
  const bool has_content_types = all.find("[Content_Types].xml") != std::string_view::npos;
  if (!has_content_types) return Format::kUnknown;
  if (all.find("word/") != std::string_view::npos) return Format::kDocx;
  if (all.find("xl/") != std::string_view::npos) return Format::kXlsx;
  if (all.find("ppt/") != std::string_view::npos) return Format::kPptx;
  return Format::kUnknown;
}

// MPEG audio without ID3: a frame sync followed by a second frame sync where the first frame's header says.
bool looks_like_mpeg_audio(Bytes b) {
  if (b.size() < 4 || b[0] != 0xFF || (b[1] & 0xE0) != 0xE0) return false;
  const int version = (b[1] >> 3) & 3, layer = (b[1] >> 1) & 3;
  const int bitrate_index = b[2] >> 4, rate_index = (b[2] >> 2) & 3, padding = (b[2] >> 1) & 1;
  if (version == 1 || layer != 1 || bitrate_index == 0 || bitrate_index == 15 || rate_index == 3) return false;
  static constexpr int kBitrateV1L3[] = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
  static constexpr int kBitrateV2L3[] = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
  static constexpr int kRateV1[] = {44100, 48000, 32000};
  const bool v1 = version == 3;
  int rate = kRateV1[rate_index] >> (v1 ? 0 : (version == 2 ? 1 : 2));
  int bitrate = (v1 ? kBitrateV1L3 : kBitrateV2L3)[bitrate_index] * 1000;
  size_t frame = static_cast<size_t>((v1 ? 144 : 72) * bitrate / rate + padding);
  return frame >= 4 && b.size() >= frame + 2 && b[frame] == 0xFF && (b[frame + 1] & 0xE0) == 0xE0;
}

// Multi-byte sequences in the first 4 KiB are valid UTF-8 (a sequence cut by the window end is allowed).
bool valid_utf8_prefix(Bytes b, size_t n) {
  size_t i = 0;
  while (i < n) {
    const uint8_t c = b[i];
    const size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || (len == 2 && c < 0xC2) || (len == 4 && c > 0xF4)) return false;
    for (size_t k = 1; k < len; ++k) {
      if (i + k >= b.size()) return i + k >= n;  // cut by the end of the file
      if ((b[i + k] & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

// GB18030 (and GBK): two-byte pairs 81–FE + 40–7E/80–FE, or four-byte 81–FE 30–39 81–FE 30–39.
bool valid_gb18030_prefix(Bytes b, size_t n) {
  size_t i = 0;
  while (i < n) {
    const uint8_t c = b[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c == 0x80 || c == 0xFF || i + 1 >= b.size()) return i + 1 >= b.size() && c != 0x80 && c != 0xFF;
    const uint8_t t = b[i + 1];
    if ((t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFE)) {
      i += 2;
    } else if (t >= 0x30 && t <= 0x39 && i + 3 < b.size() && b[i + 2] >= 0x81 && b[i + 2] <= 0xFE &&
               b[i + 3] >= 0x30 && b[i + 3] <= 0x39) {
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

bool is_text_byte_run(Bytes b) {
  // Text: no NUL, almost no C0 controls other than tab/newline/CR/FF, and valid UTF-8 or GB18030,
  // judged on the first 4 KiB.
  const size_t n = std::min<size_t>(b.size(), 4096);
  size_t controls = 0;
  for (size_t i = 0; i < n; ++i) {
    const uint8_t c = b[i];
    if (c == 0) return false;
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) ++controls;
  }
  if (controls * 100 > n) return false;
  return valid_utf8_prefix(b, n) || valid_gb18030_prefix(b, n);
}

bool looks_like_markdown(std::string_view s) {
  if (s.rfind("\xEF\xBB\xBF", 0) == 0) s.remove_prefix(3);
  if (s.rfind("---\n", 0) == 0 || s.rfind("---\r\n", 0) == 0) return true;  // YAML front matter
  // Otherwise count Markdown constructs at line starts in the first 8 KiB.
  s = s.substr(0, 8192);
  int hits = 0;
  size_t line = 0;
  while (line < s.size() && hits < 2) {
    size_t end = s.find('\n', line);
    if (end == std::string_view::npos) end = s.size();
    std::string_view l = s.substr(line, end - line);
    if (l.rfind("# ", 0) == 0 || l.rfind("## ", 0) == 0 || l.rfind("### ", 0) == 0 || l.rfind("```", 0) == 0 ||
        l.rfind("- [", 0) == 0 || (l.find("](") != std::string_view::npos && l.find('[') != std::string_view::npos)) {
      ++hits;
    }
    line = end + 1;
  }
  return hits >= 2;
}

}  // namespace

Format sniff_format(std::span<const uint8_t> b) {
  // FLAC files may start with an ID3v2 tag (the C2PA carrier of FLAC): look past it.
  if (starts_with(b, "ID3") && b.size() >= 10 && !((b[6] | b[7] | b[8] | b[9]) & 0x80)) {
    const uint64_t tag = 10 + (uint64_t{b[6]} << 21 | uint64_t{b[7]} << 14 | uint64_t{b[8]} << 7 | b[9]) +
                         ((b[3] == 4 && (b[5] & 0x10)) ? 10 : 0);
    if (tag < b.size() && starts_with(b, "fLaC", static_cast<size_t>(tag))) return Format::kFlac;
  }
  for (const Signature& sig : kSignatures) {
    if (starts_with(b, sig.magic, sig.offset)) return sig.format;
    // A file cut inside a signature is a damaged file of that kind, not text.
    if (sig.offset == 0 && b.size() < sig.magic.size() && as_chars(b) == sig.magic.substr(0, b.size()) &&
        b.size() >= 1 && static_cast<uint8_t>(b[0]) >= 0x80) {
      return Format::kUnknown;
    }
  }
  if (starts_with(b, "RIFF")) return sniff_riff(b);
  if (b.size() >= 12 && starts_with(b, "ftyp", 4)) return sniff_ftyp(b);
  if (starts_with(b, "\x1A\x45\xDF\xA3")) return sniff_ebml(b);
  if (starts_with(b, "OggS")) return sniff_ogg(b);
  if (starts_with(b, "PK\x03\x04")) return sniff_zip(b);
  if (looks_like_mpeg_audio(b)) return Format::kMp3;
  if (c2pa::looks_like_c2pa_store(b)) return Format::kC2pa;  // a `.c2pa` sidecar
  // QuickTime files without `ftyp` start with another top-level atom.
  if (b.size() >= 8 && (starts_with(b, "moov", 4) || starts_with(b, "mdat", 4) || starts_with(b, "wide", 4) ||
                        starts_with(b, "free", 4))) {
    return Format::kMov;
  }
  // Text last: UTF-16 with a byte order mark, or bytes without binary controls.
  if (starts_with(b, "\xFF\xFE") || starts_with(b, "\xFE\xFF")) return sniff_text_format(b);
  if (!b.empty() && is_text_byte_run(b)) return sniff_text_format(b);
  return Format::kUnknown;
}

Format sniff_text_format(std::span<const uint8_t> b) {
  if (starts_with(b, "\xFF\xFE") || starts_with(b, "\xFE\xFF")) {
    // UTF-16: judge the Markdown constructs on the first 8 KiB decoded (an even number of bytes).
    const DecodedText head = decode_text(b.subspan(0, std::min<size_t>(b.size(), 8192) & ~size_t{1}));
    return looks_like_markdown(head.utf8) ? Format::kMarkdown : Format::kText;
  }
  return looks_like_markdown(as_chars(b)) ? Format::kMarkdown : Format::kText;
}

}  // namespace dsmark
