// IPTC and generator marks, weak hints, and the files that must give no AI mark at all.
#include <gtest/gtest.h>

#include <zlib.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>

#include "dsmark/dsmark.h"
#include "schemes/digital_source_type.h"
#include "support/builders.h"
#include "support/media_builders.h"

namespace dsmark {
namespace {

using test::ByteVec;
using test::bytes;

std::string field(const Mark& m, std::string_view k) {
  const Value* v = m.fields.find(k);
  return v && v->is_string() ? v->as_string() : std::string();
}

std::string iptc_xmp(std::string_view body, std::string_view attrs = "") {
  return test::xmp_packet(body, std::string("xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\" ") +
                                    std::string(attrs));
}

TEST(DigitalSourceType, UriFormsAndBareTerms) {
  for (const char* v : {"http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
                        "https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia/",
                        "  trainedAlgorithmicMedia ", "trainedalgorithmicmedia"}) {
    auto t = classify_digital_source_type(v);
    ASSERT_TRUE(t.has_value()) << v;
    EXPECT_EQ(t->claim, Claim::kAi);
  }
  EXPECT_EQ(classify_digital_source_type("http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture")->claim, Claim::kNotAi);
  EXPECT_EQ(classify_digital_source_type("algorithmicMedia")->claim, Claim::kNotAi);
  EXPECT_EQ(classify_digital_source_type("compositeWithTrainedAlgorithmicMedia")->claim, Claim::kAi);
  EXPECT_FALSE(classify_digital_source_type("http://example.com/trainedAlgorithmicMedia").has_value());
  EXPECT_FALSE(classify_digital_source_type("madeUp").has_value());
}

TEST(Iptc, ElementAttributeResourceAnyPrefixAndAiFields) {
  const std::string term = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";
  const std::string element = iptc_xmp("<Iptc4xmpExt:DigitalSourceType>" + term +
                                       "</Iptc4xmpExt:DigitalSourceType><Iptc4xmpExt:AISystemUsed>Imagen 4</Iptc4xmpExt:AISystemUsed>");
  Report r = verify(test::jpeg_file({test::jpeg_app1_xmp(element)}), "a.jpg");
  ASSERT_EQ(r.marks.size(), 1u);
  EXPECT_EQ(r.marks[0].scheme, "iptc");
  EXPECT_EQ(r.marks[0].carrier, "jpeg:APP1:xmp/Iptc4xmpExt:DigitalSourceType");
  EXPECT_EQ(field(r.marks[0], "term"), "trainedAlgorithmicMedia");
  EXPECT_EQ(field(r.marks[0], "AISystemUsed"), "Imagen 4");
  EXPECT_EQ(r.verdict, Verdict::kAi);
  // Another prefix, the attribute form.
  const std::string attr = test::xmp_packet("", "xmlns:ie=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\" ie:DigitalSourceType=\"trainedAlgorithmicMedia\"");
  r = verify(test::png_file({test::png_itxt("XML:com.adobe.xmp", attr)}), "b.png");
  ASSERT_EQ(r.marks.size(), 1u);
  EXPECT_EQ(r.marks[0].carrier, "png:iTXt:XML:com.adobe.xmp/ie:DigitalSourceType");
  // rdf:resource.
  const std::string res = iptc_xmp("<Iptc4xmpExt:DigitalSourceType rdf:resource=\"" + term + "\"/>");
  r = verify(test::webp_file({test::riff_chunk("XMP ", bytes(res))}), "c.webp");
  ASSERT_EQ(r.marks.size(), 1u);
  EXPECT_EQ(r.marks[0].claim, Claim::kAi);
}

TEST(Iptc, CaptureIsNotAnAiMarkAndGoogleCredit) {
  const std::string capture = iptc_xmp("<Iptc4xmpExt:DigitalSourceType>http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture</Iptc4xmpExt:DigitalSourceType>");
  Report r = verify(test::jpeg_file({test::jpeg_app1_xmp(capture)}), "cam.jpg");
  ASSERT_EQ(r.marks.size(), 1u);
  EXPECT_EQ(r.marks[0].claim, Claim::kNotAi);
  EXPECT_EQ(r.verdict, Verdict::kNone);
  const std::string google = test::xmp_packet("<photoshop:Credit>Made with Google AI</photoshop:Credit>",
                                              "xmlns:photoshop=\"http://ns.adobe.com/photoshop/1.0/\"");
  r = verify(test::jpeg_file({test::jpeg_app1_xmp(google)}), "g.jpg");
  ASSERT_EQ(r.marks.size(), 1u);
  EXPECT_EQ(r.marks[0].claim, Claim::kAi);
}

TEST(Generators, Automatic1111AndForge) {
  const std::string a1111 = "a cat in a hat\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 42, "
                            "Size: 512x512, Model hash: abc123, Model: sd_xl_base, Lora hashes: \"a: 1, b: 2\", Version: v1.9.0";
  Report r = verify(test::png_file({test::png_text("parameters", a1111)}), "a.png");
  ASSERT_EQ(r.marks.size(), 1u);
  const Mark& m = r.marks[0];
  EXPECT_EQ(m.scheme, "generator");
  EXPECT_EQ(field(m, "tool"), "a1111");
  EXPECT_EQ(field(m, "prompt"), "a cat in a hat");
  EXPECT_EQ(field(m, "seed"), "42");
  EXPECT_EQ(field(m, "model"), "sd_xl_base");
  EXPECT_EQ(field(m, "version"), "v1.9.0");
  EXPECT_EQ(r.verdict, Verdict::kAi);
  const std::string forge = "x\nSteps: 4, Sampler: Euler, Seed: 1, Version: f2.0.1v1.10.1-previous-313";
  r = verify(test::png_file({test::png_itxt("parameters", forge)}), "f.png");
  EXPECT_EQ(field(r.marks.at(0), "tool"), "forge");
  // JPEG: EXIF UserComment, UNICODE (UTF-16BE as piexif writes it).
  ByteVec uc = bytes(std::string_view("UNICODE\0", 8));
  for (char c : a1111) {
    uc.push_back(0);
    uc.push_back(static_cast<uint8_t>(c));
  }
  ByteVec app1 = bytes(std::string_view("Exif\0\0", 6));
  test::put(app1, test::tiff_block({}, {{0x9286, 7, uc}}));
  r = verify(test::jpeg_file({test::jpeg_segment(0xE1, app1)}), "a.jpg");
  ASSERT_EQ(r.marks.size(), 1u);
  EXPECT_EQ(r.marks[0].carrier, "jpeg:APP1:exif/ExifIFD:UserComment");
  EXPECT_EQ(field(r.marks[0], "tool"), "a1111");
}

TEST(Generators, ComfyUiNovelAiInvokeFooocusSwarmMidjourney) {
  const std::string prompt = R"({"3":{"class_type":"KSampler","inputs":{"seed":1}},"4":{"class_type":"CheckpointLoaderSimple","inputs":{"ckpt_name":"flux1-dev.safetensors"}}})";
  Report r = verify(test::png_file({test::png_text("prompt", prompt), test::png_text("workflow", R"({"nodes":[{},{}],"links":[]})")}), "c.png");
  ASSERT_EQ(r.marks.size(), 2u);
  EXPECT_EQ(field(r.marks[0], "tool"), "comfyui");
  EXPECT_EQ(r.marks[0].fields.find("checkpoints")->as_array()[0].as_string(), "flux1-dev.safetensors");
  // ComfyUI WebP: EXIF Model "prompt:{…}".
  r = verify(test::webp_file({test::riff_chunk("EXIF", test::tiff_block({{0x0110, 2, bytes("prompt:" + prompt + '\0')}}))}), "c.webp");
  ASSERT_EQ(r.marks.size(), 1u);
  EXPECT_EQ(r.marks[0].carrier, "webp:EXIF/IFD0:Model");
  r = verify(test::png_file({test::png_text("Software", "NovelAI"), test::png_text("Source", "NovelAI Diffusion V4.5 4BDE2A90"),
                             test::png_text("Comment", R"({"prompt":"a fox","steps":28,"sampler":"k_euler_ancestral","seed":7})")}),
             "n.png");
  ASSERT_EQ(r.marks.size(), 1u) << report_to_json(r);
  EXPECT_EQ(field(r.marks[0], "tool"), "novelai");
  EXPECT_EQ(field(r.marks[0], "steps"), "28");
  EXPECT_EQ(field(r.marks[0], "source"), "NovelAI Diffusion V4.5 4BDE2A90");
  r = verify(test::png_file({test::png_text("invokeai_metadata", R"({"app_version":"5.0.0","model":{"name":"sdxl"}})")}), "i.png");
  EXPECT_EQ(field(r.marks.at(0), "tool"), "invokeai");
  EXPECT_EQ(field(r.marks.at(0), "model"), "sdxl");
  r = verify(test::png_file({test::png_text("parameters", R"({"prompt":"p","version":"Fooocus v2.5.5","base_model":"juggernaut"})"),
                             test::png_text("fooocus_scheme", "fooocus")}), "fo.png");
  ASSERT_EQ(r.marks.size(), 1u) << report_to_json(r);
  EXPECT_EQ(field(r.marks[0], "tool"), "fooocus");
  EXPECT_EQ(field(r.marks[0], "version"), "Fooocus v2.5.5");
  r = verify(test::png_file({test::png_text("sui_image_params", R"({"sui_image_params":{"model":"flux","swarm_version":"0.9"}})")}), "s.png");
  EXPECT_EQ(field(r.marks.at(0), "tool"), "swarmui");
  r = verify(test::png_file({test::png_text("Description", "a harbour --v 6 Job ID: 2b6e053b-9a65-4ca9-9e13-b6f4465164d4")}), "m.png");
  EXPECT_EQ(field(r.marks.at(0), "tool"), "midjourney");
  EXPECT_EQ(field(r.marks.at(0), "job_id"), "2b6e053b-9a65-4ca9-9e13-b6f4465164d4");
}

TEST(Generators, SunoId3AndKlingSei) {
  ByteVec comm = {3};
  test::put(comm, "eng");
  comm.push_back(0);
  test::put(comm, "made with suno; created=2024-05-01T10:00:00Z; id=abc-123");
  ByteVec woas = bytes("https://suno.com/song/abc-123");
  const ByteVec mp3 = test::id3_tag(4, test::cat({test::id3_frame(4, "COMM", comm), test::id3_frame(4, "WOAS", woas)}));
  Report r = verify(mp3, "s.mp3");
  ASSERT_EQ(r.marks.size(), 2u) << report_to_json(r);
  EXPECT_EQ(field(r.marks[0], "tool"), "suno");
  EXPECT_EQ(field(r.marks[0], "id"), "abc-123");
  EXPECT_EQ(field(r.marks[1], "url"), "https://suno.com/song/abc-123");
  // An AVCC sample holding an SEI NAL: type 6, payloadType 5, size, the Kling UUID, "kling-ai".
  ByteVec sei = {0x06, 0x05, 25, 0x91, 0xCA, 0x60, 0x61, 0x4A, 0xEE, 0x38, 0x54, 0x86, 0x14, 0x2D, 0x5F, 0x73, 0xF4, 0xAE, 0x2E};
  test::put(sei, std::string_view("kling-ai\0", 9));
  sei.push_back(0x80);
  ByteVec sample;
  test::put_u32be(sample, static_cast<uint32_t>(sei.size()));
  test::put(sample, sei);
  ByteVec mp4 = test::ftyp("isom");
  test::put(mp4, test::box("mdat", sample));
  test::put(mp4, test::box("moov", {}));
  r = verify(mp4, "k.mp4");
  ASSERT_EQ(r.marks.size(), 1u) << report_to_json(r);
  EXPECT_EQ(r.marks[0].carrier, "mp4:mdat/sei:user_data_unregistered:91ca6061-4aee-3854-8614-2d5f73f4ae2e");
  EXPECT_EQ(r.verdict, Verdict::kAi);
  // The same bytes without the SEI structure before them are not a mark.
  ByteVec loose = test::ftyp("isom");
  test::put(loose, test::box("mdat", ByteVec(sei.begin() + 3, sei.end())));
  EXPECT_TRUE(verify(loose, "l.mp4").marks.empty());
}

// A PNG whose alpha least significant bits carry NovelAI's stealth_pngcomp copy (column-major, MSB first).
ByteVec stealth_png(uint32_t w, uint32_t h, const std::string& json, bool corrupt_magic = false) {
  ByteVec gz(json.size() + 64);
  z_stream zs{};
  deflateInit2(&zs, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(json.data()));
  zs.avail_in = static_cast<uInt>(json.size());
  zs.next_out = gz.data();
  zs.avail_out = static_cast<uInt>(gz.size());
  deflate(&zs, Z_FINISH);
  gz.resize(zs.total_out);
  deflateEnd(&zs);
  ByteVec payload = bytes(corrupt_magic ? "stealth_pngcomq" : "stealth_pngcomp");
  test::put_u32be(payload, static_cast<uint32_t>(gz.size() * 8));
  test::put(payload, gz);
  std::vector<uint8_t> alpha(size_t{w} * h, 254);
  for (size_t k = 0; k < payload.size() * 8 && k < alpha.size(); ++k) {
    const int bit = (payload[k / 8] >> (7 - k % 8)) & 1;
    const size_t x = k / h, y = k % h;
    alpha[y * w + x] = static_cast<uint8_t>(254 | bit);
  }
  ByteVec raw;
  for (uint32_t y = 0; y < h; ++y) {
    raw.push_back(0);
    for (uint32_t x = 0; x < w; ++x) test::put(raw, ByteVec{10, 20, 30, alpha[y * w + x]});
  }
  ByteVec ihdr;
  test::put_u32be(ihdr, w);
  test::put_u32be(ihdr, h);
  test::put(ihdr, ByteVec{8, 6, 0, 0, 0});
  ByteVec f = bytes("\x89PNG\r\n\x1A\n");
  test::put(f, test::png_chunk("IHDR", ihdr));
  test::put(f, test::png_chunk("IDAT", test::zlib_compress(std::string(raw.begin(), raw.end()))));
  test::put(f, test::png_chunk("IEND", {}));
  return f;
}

TEST(NovelAiStealth, AlphaChannelCopyIsRead) {
  const std::string json = R"({"Software":"NovelAI","Source":"NovelAI Diffusion V3 7BCCAA2C","Comment":"{\"steps\": 28, \"sampler\": \"k_euler\", \"seed\": 9}"})";
  Report r = verify(stealth_png(64, 160, json), "nai.png");
  ASSERT_EQ(r.marks.size(), 1u) << report_to_json(r);
  EXPECT_EQ(r.marks[0].carrier, "png:IDAT/alpha-lsb:stealth_pngcomp");
  EXPECT_EQ(r.marks[0].kind, MarkKind::kWatermark);
  EXPECT_EQ(field(r.marks[0], "source"), "NovelAI Diffusion V3 7BCCAA2C");
  EXPECT_EQ(field(r.marks[0], "seed"), "9");
  EXPECT_EQ(r.verdict, Verdict::kAi);
  // Short images (magic spread over columns) and the detector switched off.
  EXPECT_EQ(verify(stealth_png(200, 40, json), "wide.png").verdict, Verdict::kAi);
  VerifyOptions metadata_only;
  metadata_only.detectors = false;
  EXPECT_TRUE(verify(stealth_png(64, 160, json), "nai.png", metadata_only).marks.empty());
  EXPECT_TRUE(verify(stealth_png(64, 160, json, true), "plain.png").marks.empty());
}

TEST(WeakHints, NamedProductsAndFileNamesAreUnknown) {
  Report r = verify(test::jpeg_file({test::jpeg_segment(0xE1, [] {
                      ByteVec a = bytes(std::string_view("Exif\0\0", 6));
                      test::put(a, test::tiff_block({{0x0131, 2, bytes(std::string_view("Midjourney\0", 11))}}));
                      return a;
                    }())}),
                    "photo.jpg");
  ASSERT_EQ(r.marks.size(), 1u);
  EXPECT_EQ(r.marks[0].claim, Claim::kUnknown);
  EXPECT_EQ(field(r.marks[0], "evidence"), "weak");
  EXPECT_EQ(r.verdict, Verdict::kNone);
  r = verify(test::png_file({}), "downloads/Gemini_Generated_Image_abc123.png");
  ASSERT_EQ(r.marks.size(), 1u);
  EXPECT_EQ(r.marks[0].carrier, "file-name");
  EXPECT_EQ(r.marks[0].claim, Claim::kUnknown);
  EXPECT_EQ(r.verdict, Verdict::kNone);
}

TEST(NoFalseMarks, TextsAboutAigcOtherNamespacesCaptureAndPhotoshop) {
  // Text that mentions AIGC, even as JSON, under names that do not carry a label.
  Report r = verify(test::png_file({test::png_text("Comment", "This AIGC demo shows {\"AIGC\" in text} and Label: 1"),
                                    test::png_text("Description", "An essay on AIGC labelling rules"),
                                    test::png_text("Title", R"({"foo":"AIGC"})")}),
                    "t.png");
  EXPECT_TRUE(r.marks.empty()) << report_to_json(r);
  // A property named AIGC in an unrelated namespace.
  const std::string other = test::xmp_packet("<foo:AIGC>{&quot;Label&quot;:&quot;1&quot;}</foo:AIGC>",
                                             "xmlns:foo=\"http://example.com/ns/other/\"");
  EXPECT_TRUE(verify(test::jpeg_file({test::jpeg_app1_xmp(other)}), "o.jpg").marks.empty());
  // A camera file: Photoshop as Software, "digitalCapture".
  ByteVec app1 = bytes(std::string_view("Exif\0\0", 6));
  test::put(app1, test::tiff_block({{0x0131, 2, bytes(std::string_view("Adobe Photoshop 25.0 (Windows)\0", 31))},
                                    {0x010F, 2, bytes(std::string_view("Canon\0", 6))}}));
  const std::string capture = iptc_xmp("<Iptc4xmpExt:DigitalSourceType>http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture</Iptc4xmpExt:DigitalSourceType>");
  r = verify(test::jpeg_file({test::jpeg_segment(0xE1, app1), test::jpeg_app1_xmp(capture)}), "cam.jpg");
  for (const Mark& m : r.marks) EXPECT_NE(m.claim, Claim::kAi) << report_to_json(r);
  EXPECT_EQ(r.verdict, Verdict::kNone);
  // Product names inside longer words are not hints ("video" is not "veo", "Fluxus" is not "Flux").
  r = verify(test::png_file({test::png_text("Software", "Fluxus Video Editor")}), "v.png");
  EXPECT_TRUE(r.marks.empty()) << report_to_json(r);
}

}  // namespace
}  // namespace dsmark

namespace dsmark {
namespace {

// Found by fuzz_verify: a 1×1 PNG whose ancillary chunks made libpng (in the NovelAI detector) allocate 2 GB and
// spend seconds; the detector now has libpng skip every ancillary chunk.
TEST(Regression, LibpngAncillaryChunksStayCheap) {
  const std::string path = std::string(DSMARK_FUZZ_CORPUS_DIR) + "/fuzz_verify/oom-png-ancillary-chunks-in-libpng.png";
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path;
  const ByteVec data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto t0 = std::chrono::steady_clock::now();
  const Report r = verify(data, "oom.png");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(200));
  EXPECT_EQ(r.verdict, Verdict::kAi);
}

}  // namespace
}  // namespace dsmark
