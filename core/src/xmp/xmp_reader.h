// A tolerant XMP reader: real files carry malformed xpacket headers (Doubao's "??>"), both the element and the
// attribute form of properties, XML entities, UTF-16 packets and stray junk. It flattens the RDF tree into
// namespace-qualified properties and never fails: what it could not read becomes a warning.
// It does not expand DTD entities (no entity-expansion attacks) and bounds nesting by Limits::max_xml_depth.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dsmark/limits.h"

namespace dsmark {

struct XmpProperty {
  std::string ns;      // namespace URI ("" when the prefix is undeclared)
  std::string prefix;  // as written
  std::string name;    // local name
  std::string value;   // element text, attribute value, rdf:resource, or one rdf:li item
  bool attribute = false;
};

struct XmpDocument {
  std::vector<XmpProperty> properties;
  std::vector<std::string> warnings;

  // Properties with this namespace URI and local name, in document order.
  std::vector<const XmpProperty*> find(std::string_view ns, std::string_view name) const;
};

XmpDocument parse_xmp(std::string_view xml, const Limits& limits);

// Decodes the five predefined XML entities and numeric character references; unknown entities stay as written.
std::string decode_xml_entities(std::string_view s);

}  // namespace dsmark
