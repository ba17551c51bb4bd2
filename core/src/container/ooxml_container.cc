// Office Open XML documents (ECMA-376 Part 2, docx/xlsx/pptx): docProps/custom.xml custom properties
// (<property name="AIGC"><vt:lpwstr>…</vt:lpwstr></property>, the GB 45438 carrier for documents),
// docProps/core.xml (creator, description, keywords) and docProps/app.xml (Application).
// Carriers: "docx:docProps/custom.xml:AIGC", "docx:docProps/app.xml:Application".
#include <string>

#include "container/walkers.h"
#include "util/byte_reader.h"
#include "container/zip_archive.h"
#include "format/sniff.h"
#include "xmp/xmp_reader.h"

namespace dsmark {
namespace {

// The value of attribute `name` inside one start tag's text; false when absent.
bool attribute(std::string_view tag, std::string_view name, std::string& out) {
  size_t p = 0;
  while ((p = tag.find(name, p)) != std::string_view::npos) {
    const bool boundary = p > 0 && (tag[p - 1] == ' ' || tag[p - 1] == '\t' || tag[p - 1] == '\n' || tag[p - 1] == '\r');
    size_t q = p + name.size();
    while (q < tag.size() && (tag[q] == ' ' || tag[q] == '\t')) ++q;
    if (boundary && q < tag.size() && tag[q] == '=') {
      ++q;
      while (q < tag.size() && (tag[q] == ' ' || tag[q] == '\t')) ++q;
      if (q < tag.size() && (tag[q] == '"' || tag[q] == '\'')) {
        const size_t close = tag.find(tag[q], q + 1);
        if (close == std::string_view::npos) return false;
        out = decode_xml_entities(tag.substr(q + 1, close - q - 1));
        return true;
      }
    }
    p += name.size();
  }
  return false;
}

// The text of an element's content with child tags removed (custom property values sit in one vt:* child).
std::string inner_text(std::string_view content) {
  std::string text;
  size_t p = 0;
  while (p < content.size()) {
    const size_t lt = content.find('<', p);
    text += decode_xml_entities(content.substr(p, (lt == std::string_view::npos ? content.size() : lt) - p));
    if (lt == std::string_view::npos) break;
    if (content.compare(lt, 9, "<![CDATA[") == 0) {
      const size_t end = content.find("]]>", lt);
      if (end == std::string_view::npos) break;
      text += content.substr(lt + 9, end - lt - 9);
      p = end + 3;
      continue;
    }
    const size_t gt = content.find('>', lt);
    if (gt == std::string_view::npos) break;
    p = gt + 1;
  }
  return text;
}

// docProps/custom.xml: every <property name="…"> (any namespace prefix) and its value.
Status custom_properties(std::string_view xml, const std::string& prefix, Inventory& inv) {
  size_t p = 0;
  uint32_t n = 0;
  auto name_end = [&](size_t q) {
    while (q < xml.size() && xml[q] != ' ' && xml[q] != '\t' && xml[q] != '\n' && xml[q] != '\r' && xml[q] != '>' &&
           xml[q] != '/') {
      ++q;
    }
    return q;
  };
  while ((p = xml.find('<', p)) != std::string_view::npos) {
    const size_t q = name_end(p + 1);
    const std::string_view qname = xml.substr(p + 1, q - p - 1);
    const size_t colon = qname.find(':');
    if ((colon == std::string_view::npos ? qname : qname.substr(colon + 1)) != "property") {
      p = q;
      continue;
    }
    const size_t gt = xml.find('>', q);
    if (gt == std::string_view::npos) break;
    const std::string_view tag = xml.substr(q, gt - q);
    if (++n > inv.limits().max_archive_entries) return Status::limit("custom.xml has more properties than the limit");
    if (!tag.empty() && tag.back() == '/') {  // <property … /> holds no value
      p = gt + 1;
      continue;
    }
    const std::string close = "</" + std::string(qname) + ">";
    const size_t end = xml.find(close, gt);
    if (end == std::string_view::npos) break;
    std::string name;
    if (attribute(tag, "name", name)) {
      Status st = inv.add_text(prefix + ":docProps/custom.xml:" + name, name, inner_text(xml.substr(gt + 1, end - gt - 1)));
      if (st.code() == StatusCode::kLimit) return st;
    }
    p = end + close.size();
  }
  return Status::ok();
}

// core.xml and app.xml: simple elements; the XMP reader flattens them into (namespace, name, value).
Status simple_properties(std::string_view xml, const std::string& carrier, const Limits& limits, Inventory& inv,
                         std::initializer_list<std::string_view> wanted) {
  const XmpDocument doc = parse_xmp(xml, limits);
  for (const XmpProperty& prop : doc.properties) {
    for (std::string_view w : wanted) {
      if (prop.name != w || prop.value.empty()) continue;
      const std::string key = prop.prefix.empty() ? prop.name : prop.prefix + ":" + prop.name;
      Status st = inv.add_text(carrier + ":" + key, key, prop.value);
      if (st.code() == StatusCode::kLimit) return st;
    }
  }
  return Status::ok();
}

}  // namespace

Status walk_ooxml(std::span<const uint8_t> file, Inventory& inv) {
  const std::string prefix(format_name(sniff_format(file)));
  std::vector<ZipEntry> entries;
  DSMARK_RETURN_IF_ERROR(read_zip_directory(file, inv.limits(), entries));
  for (const ZipEntry& e : entries) {
    const bool custom = e.name == "docProps/custom.xml", core = e.name == "docProps/core.xml",
               app = e.name == "docProps/app.xml";
    if (!custom && !core && !app) continue;
    auto bytes = read_zip_entry(file, e, inv.limits());
    if (!bytes) {
      if (bytes.status().code() == StatusCode::kLimit) return bytes.status();
      inv.warn(bytes.status().message());
      continue;
    }
    const std::string_view xml(reinterpret_cast<const char*>(bytes->data()), bytes->size());
    if (custom) DSMARK_RETURN_IF_ERROR(custom_properties(xml, prefix, inv));
    if (core) {
      DSMARK_RETURN_IF_ERROR(simple_properties(xml, prefix + ":docProps/core.xml", inv.limits(), inv,
                                               {"creator", "lastModifiedBy", "description", "keywords", "title"}));
    }
    if (app) DSMARK_RETURN_IF_ERROR(simple_properties(xml, prefix + ":docProps/app.xml", inv.limits(), inv, {"Application"}));
  }
  return Status::ok();
}

}  // namespace dsmark
