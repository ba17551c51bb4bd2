#include "xmp/xmp_reader.h"

#include <gtest/gtest.h>

#include "support/builders.h"
#include "util/text_encoding.h"

namespace dsmark {
namespace {

constexpr std::string_view kTc = "http://www.tc260.org.cn/ns/AIGC/1.0/";
constexpr std::string_view kIptc = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";

TEST(XmpReader, ElementFormWithEntities) {
  const std::string xmp = test::xmp_packet(test::tc260_element(R"({"Label":"1"})"));
  XmpDocument doc = parse_xmp(xmp, Limits{});
  auto found = doc.find(kTc, "AIGC");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->value, R"({"Label":"1"})");
  EXPECT_FALSE(found[0]->attribute);
  EXPECT_EQ(found[0]->prefix, "TC260");
  EXPECT_TRUE(doc.warnings.empty());
}

TEST(XmpReader, AttributeForm) {
  const std::string xmp = test::xmp_packet("", test::tc260_attribute(R"({"Label":"2"})"));
  XmpDocument doc = parse_xmp(xmp, Limits{});
  auto found = doc.find(kTc, "AIGC");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->value, R"({"Label":"2"})");
  EXPECT_TRUE(found[0]->attribute);
}

TEST(XmpReader, MalformedXpacketHeaderAsWrittenByDoubao) {
  const std::string xmp =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?" "?>"
      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
      "<rdf:Description rdf:about=\"\" xmlns:TC260=\"http://www.tc260.org.cn/ns/AIGC/1.0/\"><TC260:AIGC>"
      "{&quot;Label&quot;:&quot;1&quot;}</TC260:AIGC></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>";
  XmpDocument doc = parse_xmp(xmp, Limits{});
  auto found = doc.find(kTc, "AIGC");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->value, R"({"Label":"1"})");
}

TEST(XmpReader, NamespacesResolveByUriNotPrefix) {
  const std::string xmp =
      "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
      "<rdf:Description xmlns:foo='http://iptc.org/std/Iptc4xmpExt/2008-02-29/' "
      "foo:DigitalSourceType='http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia'/>"
      "<rdf:Description xmlns:Iptc4xmpExt='http://iptc.org/std/Iptc4xmpExt/2008-02-29/'>"
      "<Iptc4xmpExt:DigitalSourceType rdf:resource='http://cv.iptc.org/newscodes/digitalsourcetype/x'/>"
      "</rdf:Description></rdf:RDF></x:xmpmeta>";
  XmpDocument doc = parse_xmp(xmp, Limits{});
  auto found = doc.find(kIptc, "DigitalSourceType");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0]->prefix, "foo");
  EXPECT_EQ(found[1]->value, "http://cv.iptc.org/newscodes/digitalsourcetype/x");
}

TEST(XmpReader, ListItemsBelongToTheirProperty) {
  const std::string xmp = test::xmp_packet(
      "<dc:creator xmlns:dc='http://purl.org/dc/elements/1.1/'><rdf:Seq><rdf:li>A</rdf:li><rdf:li>B</rdf:li>"
      "</rdf:Seq></dc:creator>");
  XmpDocument doc = parse_xmp(xmp, Limits{});
  auto found = doc.find("http://purl.org/dc/elements/1.1/", "creator");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0]->value, "A");
  EXPECT_EQ(found[1]->value, "B");
}

TEST(XmpReader, CommentsCdataAndNumericEntities) {
  const std::string xmp = test::xmp_packet(
      "<!-- <TC260:AIGC>not this</TC260:AIGC> --><TC260:AIGC><![CDATA[{\"a\":\"<b>\"}]]>&#x4E2D;&#25991;</TC260:AIGC>");
  XmpDocument doc = parse_xmp(xmp, Limits{});
  auto found = doc.find(kTc, "AIGC");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->value, "{\"a\":\"<b>\"}中文");
}

TEST(XmpReader, Utf16Packet) {
  const std::string utf8 = test::xmp_packet(test::tc260_element(R"({"Label":"3"})"));
  std::string utf16 = "\xFE\xFF";
  for (char c : utf8) {
    utf16 += '\0';
    utf16 += c;
  }
  XmpDocument doc = parse_xmp(utf16, Limits{});
  auto found = doc.find(kTc, "AIGC");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->value, R"({"Label":"3"})");
}

TEST(XmpReader, DeepNestingStopsAtTheLimitWithAWarning) {
  std::string xmp;
  for (int i = 0; i < 100000; ++i) xmp += "<a:b>";
  Limits limits;
  XmpDocument doc = parse_xmp(xmp, limits);
  EXPECT_FALSE(doc.warnings.empty());
  EXPECT_TRUE(doc.properties.empty());
}

TEST(XmpReader, BrokenInputNeverFails) {
  const std::string xmp = test::xmp_packet(test::tc260_element(R"({"Label":"1"})"));
  for (size_t cut = 0; cut <= xmp.size(); ++cut) {
    XmpDocument doc = parse_xmp(std::string_view(xmp).substr(0, cut), Limits{});
    for (const XmpProperty& p : doc.properties) EXPECT_LE(p.value.size(), xmp.size());
  }
  for (std::string_view junk : {"<", "<<<>>>", "</x>", "<a b='", "<a b=c d>", "&#xFFFFFFFFFF;", "<!DOCTYPE [",
                                "<![CDATA[", "<?", "<!--"}) {
    XmpDocument doc = parse_xmp(junk, Limits{});
    EXPECT_LE(doc.properties.size(), 2u);
  }
}

TEST(XmlEntities, Decoding) {
  EXPECT_EQ(decode_xml_entities("&lt;&gt;&amp;&quot;&apos;"), "<>&\"'");
  EXPECT_EQ(decode_xml_entities("&#65;&#x42;&unknown;&"), "AB&unknown;&");
  EXPECT_EQ(decode_xml_entities("&#xD800;"), "\xEF\xBF\xBD");  // a surrogate is not a character
  EXPECT_EQ(decode_xml_entities("&#99999999999;"), "&#99999999999;");
}

}  // namespace
}  // namespace dsmark
