// xml_io.hpp: safe parsing and serialization of DocBook articles, keeping
// every element's source line across the round trip.
#pragma once

#include <libxml/tree.h>

#include <cstdint>
#include <string>
#include <vector>

namespace pubpipe {

inline constexpr const char *kDocBookNs = "http://docbook.org/ns/docbook";
inline constexpr const char *kXlinkNs = "http://www.w3.org/1999/xlink";

// Owns an xmlDoc.
struct XmlDocDeleter {
  void operator()(xmlDoc *d) const { xmlFreeDoc(d); }
};

// Serializes the root element (no XML declaration) and, in lines, the source
// line of every element in document order.
std::string serialize_tree(xmlDoc *doc, std::vector<uint32_t> *lines);

// Parses XML without network access, entity expansion or DTD loading, and
// refuses a DOCTYPE.  lines, if given, restores each element's source line.
// Returns NULL and sets *error on failure.
xmlDoc *parse_tree(const std::string &xml, const std::vector<uint32_t> *lines, std::string *error);

}  // namespace pubpipe
