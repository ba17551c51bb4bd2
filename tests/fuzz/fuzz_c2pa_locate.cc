// Fuzz target: the C2PA locators and hard bindings on any file bytes: JPEG APP11 reassembly (the input split into
// segment payloads), the BMFF `uuid` payload unwrapping, the JPEG/PNG box maps from the walkers' layouts, and the
// data, box and BMFF hashes (BMFF box tree with xpath exclusions) with fixed assertions.
#include <deque>

#include "c2pa/hard_binding.h"
#include "c2pa/locate.h"
#include "container/walkers.h"
#include "fuzz_walker.h"

namespace {

using namespace dsmark;

// Small CBOR writers for the fixed assertions below.
std::string text(std::string_view s) {
  std::string o;
  c2pa::cbor_put_text(o, s);
  return o;
}
std::string head(uint8_t major, uint64_t v) {
  std::string o;
  c2pa::cbor_put_head(o, major, v);
  return o;
}
c2pa::CborValue parse(const std::string& s) {
  static std::deque<std::string> keep;  // the decoded values point into these bytes (deque: stable)
  keep.push_back(s);
  auto v = c2pa::decode_cbor(as_bytes(keep.back()));
  return v ? *v : c2pa::CborValue();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Bytes file(data, size);
  const Limits limits = fuzz::tight_limits();
  // APP11 payloads: the input cut at every "\xFF\xEB" pair.
  Inventory inv(limits);
  size_t start = 0;
  for (size_t i = 0; i + 1 < size; ++i) {
    if (data[i] == 0xFF && data[i + 1] == 0xEB) {
      (void)inv.add_blob(BlobKind::kJpegApp11, "jpeg:APP11", std::vector<uint8_t>(data + start, data + i));
      start = i + 2;
    }
  }
  (void)inv.add_blob(BlobKind::kJpegApp11, "jpeg:APP11", std::vector<uint8_t>(data + start, data + size));
  (void)inv.add_blob(BlobKind::kC2pa, "mp4:uuid", std::vector<uint8_t>(data, data + size));
  std::vector<std::string> notes;
  for (const auto& s : c2pa::locate_stores(inv, notes)) fuzz::touch(as_chars(s.bytes));

  // Box maps from the real walkers' layouts, and the three binding checks.
  static const c2pa::CborValue data_hash = parse(
      head(5, 3) + text("exclusions") + head(4, 1) + head(5, 2) + text("start") + head(0, 2) + text("length") +
      head(0, 100) + text("alg") + text("sha256") + text("hash") + head(2, 32) + std::string(32, 'h'));
  auto names = [](std::initializer_list<std::string_view> n) {
    std::string o = text("names") + head(4, n.size());
    for (auto s : n) o += text(s);
    return o;
  };
  static const c2pa::CborValue box_hash = parse(
      head(5, 1) + text("boxes") + head(4, 3) + head(5, 2) + names({"SOI"}) + text("hash") + head(2, 1) + "x" +
      head(5, 2) + names({"C2PA"}) + text("hash") + head(2, 1) + "x" + head(5, 2) + names({"APP0", "DQT"}) +
      text("hash") + head(2, 1) + "x");
  static const c2pa::CborValue bmff = parse(
      head(5, 2) + text("exclusions") + head(4, 2) + head(5, 1) + text("xpath") + text("/ftyp") + head(5, 2) +
      text("xpath") + text("/moov/trak/mdia/minf/stbl/stco") + text("subset") + head(4, 1) + head(5, 2) +
      text("offset") + head(0, 16) + text("length") + head(0, 0) + text("hash") + head(2, 1) + "x");
  (void)c2pa::check_data_hash(data_hash, file, c2pa::HashAlg::kSha256);
  for (Format f : {Format::kJpeg, Format::kPng}) {
    Inventory walked(limits);
    (void)walker_for(f)(file, walked);
    const auto boxes = c2pa::c2pa_box_map(f, file, walked.layout);
    (void)c2pa::check_box_hash(box_hash, boxes, file, c2pa::HashAlg::kSha256);
  }
  for (int version : {1, 2}) (void)c2pa::check_bmff_hash(bmff, version, file, c2pa::HashAlg::kSha256, limits);
  return 0;
}
