// fuzz_epub: an article from any bytes, rendered to XHTML and zipped as the
// EPUB writer does.  Properties: the archive reopens; `mimetype` is its
// first entry and stored; entry names are safe; the page is well-formed.
#include <libxml/parser.h>
#include <zip.h>

#include "fuzz_common.hpp"
#include "xhtml.hpp"
#include "zip.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string cleaned;
  xmlDoc *doc = fuzz::ingest(std::string_view(reinterpret_cast<const char *>(data), size), &cleaned);
  if (!doc) return 0;
  epub::RenderOptions o;
  o.split_sections = size % 2 == 0;
  o.notes_at_end = size % 3 == 0;
  const epub::Rendered r = epub::render_article(xmlDocGetRootElement(doc), o);
  xmlFreeDoc(doc);
  std::vector<epub::Entry> entries = {{"mimetype", "application/epub+zip", {}}};
  for (size_t k = 0; k < r.pages.size(); ++k) {
    // The book stage turns link markers into file#id; here, into #id.
    std::string page;
    for (char c : r.pages[k]) page += c == '\x01' ? '#' : c;
    for (size_t at; (at = page.find("##")) != std::string::npos;) page.erase(at, 1);
    entries.push_back({"EPUB/ch-fuzz-" + std::to_string(k + 1) + ".xhtml", page, {}});
  }
  const std::string bytes = epub::zip_entries(entries, 1735689600);

  zip_error_t error;
  zip_error_init(&error);
  zip_source_t *src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t *archive = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error) : nullptr;
  if (!archive) fuzz::broken("the archive does not reopen");
  zip_stat_t st;
  if (zip_stat_index(archive, 0, 0, &st) != 0 || std::string(st.name) != "mimetype" || st.comp_method != ZIP_CM_STORE)
    fuzz::broken("mimetype is not the first entry, stored");
  const zip_int64_t n = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const std::string name = zip_get_name(archive, static_cast<zip_uint64_t>(i), 0);
    if (name.empty() || name[0] == '/' || name.find("..") != std::string::npos || name.find('\\') != std::string::npos)
      fuzz::broken("an unsafe entry name: " + name);
  }
  zip_close(archive);
  for (size_t k = 1; k < entries.size(); ++k) {
    xmlDoc *page = xmlReadMemory(entries[k].bytes.data(), static_cast<int>(entries[k].bytes.size()), "page.xhtml", "UTF-8",
                                 XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!page) fuzz::broken("a page is not well-formed XHTML");
    xmlFreeDoc(page);
  }
  return 0;
}
