#include "container/exif_text.h"

#include <string>

#include "util/text_encoding.h"

namespace dsmark {
namespace {

struct TextTag {
  uint16_t tag;
  TiffIfd ifd;
  std::string_view name;
  enum Kind { kAscii, kUtf16le, kUserComment } kind;
};

// Text tags that carry labels, generator parameters or hints in real files.
constexpr TextTag kTextTags[] = {
    {0x010E, TiffIfd::kImage, "ImageDescription", TextTag::kAscii},
    {0x010F, TiffIfd::kImage, "Make", TextTag::kAscii},
    {0x0110, TiffIfd::kImage, "Model", TextTag::kAscii},
    {0x0131, TiffIfd::kImage, "Software", TextTag::kAscii},
    {0x013B, TiffIfd::kImage, "Artist", TextTag::kAscii},
    {0x8298, TiffIfd::kImage, "Copyright", TextTag::kAscii},
    {0x9C9B, TiffIfd::kImage, "XPTitle", TextTag::kUtf16le},
    {0x9C9C, TiffIfd::kImage, "XPComment", TextTag::kUtf16le},
    {0x9C9D, TiffIfd::kImage, "XPAuthor", TextTag::kUtf16le},
    {0x9C9E, TiffIfd::kImage, "XPKeywords", TextTag::kUtf16le},
    {0x9C9F, TiffIfd::kImage, "XPSubject", TextTag::kUtf16le},
    {0x9286, TiffIfd::kExif, "UserComment", TextTag::kUserComment},
};

std::string trim_nuls(std::string s) {
  while (!s.empty() && (s.back() == '\0' || s.back() == ' ')) s.pop_back();
  return s;
}

// ASCII tags hold UTF-8 in practice (the TIFF spec says 7-bit ASCII); keep valid UTF-8, read the rest as Latin-1.
std::string ascii_value(Bytes v) {
  std::string_view s = as_chars(v);
  const size_t nul = s.find('\0');
  if (nul != std::string_view::npos) s = s.substr(0, nul);
  return trim_nuls(is_valid_utf8(s) ? std::string(s) : latin1_to_utf8(s));
}

std::string group_name(const TiffEntry& e) {
  switch (e.ifd) {
    case TiffIfd::kImage: return "IFD" + std::to_string(e.ifd_index);
    case TiffIfd::kExif: return "ExifIFD";
    case TiffIfd::kGps: return "GPS";
    case TiffIfd::kInterop: return "InteropIFD";
    case TiffIfd::kSubImage: return "SubIFD" + std::to_string(e.ifd_index);
  }
  return "IFD";
}

}  // namespace

std::string decode_user_comment(Bytes value, bool tiff_little_endian) {
  std::string_view s = as_chars(value);
  if (s.size() < 8) return trim_nuls(is_valid_utf8(s) ? std::string(s) : latin1_to_utf8(s));
  const std::string_view code = s.substr(0, 8), text = s.substr(8);
  if (code == std::string_view("UNICODE\0", 8)) {
    // Writers disagree on the byte order (piexif writes big-endian, others follow the TIFF byte order): the
    // side holding the NUL high bytes of ASCII text tells.
    size_t even_zero = 0, odd_zero = 0;
    for (size_t i = 0; i + 1 < text.size() && i < 256; i += 2) {
      even_zero += text[i] == '\0';
      odd_zero += text[i + 1] == '\0';
    }
    bool big_endian = !tiff_little_endian;
    if (even_zero != odd_zero) big_endian = even_zero > odd_zero;
    if (text.size() >= 2 && text.substr(0, 2) == "\xFE\xFF") big_endian = true;
    if (text.size() >= 2 && text.substr(0, 2) == "\xFF\xFE") big_endian = false;
    return trim_nuls(utf16_to_utf8(text.substr(0, text.size() & ~size_t{1}), big_endian));
  }
  if (code == std::string_view("ASCII\0\0\0", 8) || code == std::string_view("\0\0\0\0\0\0\0\0", 8) ||
      code == std::string_view("JIS\0\0\0\0\0", 8)) {
    return trim_nuls(is_valid_utf8(text) ? std::string(text) : latin1_to_utf8(text));
  }
  // No character code: some writers store the text directly.
  return trim_nuls(is_valid_utf8(s) ? std::string(s) : latin1_to_utf8(s));
}

Status add_exif_text(const TiffDirectory& dir, std::string_view prefix, Inventory& inv) {
  for (const TiffEntry& e : dir.entries) {
    for (const TextTag& t : kTextTags) {
      if (e.tag != t.tag || e.ifd != t.ifd) continue;
      std::string value;
      switch (t.kind) {
        case TextTag::kAscii: value = ascii_value(e.value); break;
        case TextTag::kUtf16le: value = trim_nuls(utf16_to_utf8(as_chars(e.value), false)); break;
        case TextTag::kUserComment: value = decode_user_comment(e.value, dir.little_endian); break;
      }
      if (value.empty()) break;
      // A blob carrier ("jpeg:APP1:exif") is followed by "/IFD0:…"; a file prefix ending in ':' ("tiff:") directly.
      const bool direct = !prefix.empty() && prefix.back() == ':';
      std::string carrier = std::string(prefix) + (direct ? "" : "/") + group_name(e) + ":" + std::string(t.name);
      Status st = inv.add_text(std::move(carrier), std::string(t.name), std::move(value));
      if (!st.is_ok()) return st;
      break;
    }
  }
  return Status::ok();
}

Status add_exif_text(Bytes tiff, std::string_view prefix, Inventory& inv) {
  TiffDirectory dir;
  Status read = read_tiff_directory(tiff, inv.limits(), dir);
  DSMARK_RETURN_IF_ERROR(add_exif_text(dir, prefix, inv));
  return read;
}

void expand_exif_blobs(Inventory& inv) {
  // add_exif_text appends text entries only, so references into `blobs` stay valid.
  for (const Blob& blob : inv.blobs) {
    if (blob.kind != BlobKind::kExif) continue;
    const std::string& carrier = blob.carrier;
    Status st = add_exif_text(Bytes(blob.bytes), carrier, inv);
    if (!st.is_ok()) inv.warn("the EXIF block in " + carrier + " is damaged: " + st.message());
  }
}

}  // namespace dsmark
