// serve's quick preview pipeline (watch.hpp, preview_pipeline): what it
// keeps and what it leaves out of a pipeline.
#include <catch2/catch.hpp>

#include "watch.hpp"

using namespace pubpipe;

namespace {

OptionValue value(pp_option_type type, const std::string &s) {
  OptionValue v;
  v.type = type;
  v.set = true;
  v.s = s;
  return v;
}

Entry output(const std::string &plugin, const std::string &path) {
  Entry e;
  e.plugin_ref = plugin;
  e.output = true;
  e.path = path;
  e.create_folder = true;
  return e;
}

// The sample reader's outputs: DocBook, an EPUB reading the page map that
// the XSL-FO writer makes with its PDF.
Pipeline sample() {
  Pipeline p;
  p.file = "book.yaml";
  p.dir = "/book";
  p.inputs = {"/book/a.txt", "/book/b.txt"};
  p.stages.push_back(Entry{});
  p.stages.back().plugin_ref = "text-cleanup";
  p.outputs.push_back(output("docbook", "/out/r.xml"));
  p.outputs.push_back(output("epub", "/out/r.epub"));
  p.outputs.back().options["page_map"] = value(PP_OPT_RESOURCE, "/out/r.pages");
  p.outputs.back().option_at["page_map"] = {27, 17};
  p.outputs.back().options["cover"] = value(PP_OPT_RESOURCE, "/book/cover.png");
  p.outputs.push_back(output("xsl-fo", "/out/r.fo"));
  p.outputs.back().options["pdf"] = value(PP_OPT_OUTPUT, "/out/r.pdf");
  p.outputs.back().options["page_map"] = value(PP_OPT_OUTPUT, "/out/r.pages");
  p.output_files = {"/out/r.pdf", "/out/r.pages"};
  return p;
}

}  // namespace

TEST_CASE("the preview keeps the EPUB alone, into its folder, without the page map") {
  const Pipeline full = sample();
  Pipeline preview;
  REQUIRE(preview_pipeline(full, "/tmp/pv", &preview));
  REQUIRE(preview.outputs.size() == 1);
  const Entry &e = preview.outputs.front();
  CHECK(e.plugin_ref == "epub");
  CHECK(e.path == "/tmp/pv/r.epub");
  CHECK_FALSE(e.create_folder);
  CHECK_FALSE(e.options.at("page_map").set);
  CHECK(e.option_at.count("page_map") == 0);
  // A resource no writer makes (a cover) stays.
  CHECK(e.options.at("cover").set);
  CHECK(e.options.at("cover").s == "/book/cover.png");
  CHECK(preview.output_files.empty());
  // The same inputs, stages, folder: the same cache.
  CHECK(preview.inputs == full.inputs);
  CHECK(preview.stages.size() == full.stages.size());
  CHECK(preview.dir == full.dir);
  CHECK(preview.cache_dir == full.cache_dir);
  // The full pipeline is left as it was.
  CHECK(full.outputs.size() == 3);
  CHECK(full.outputs[1].options.at("page_map").set);
}

TEST_CASE("no preview without an EPUB output, nor when it would leave nothing out") {
  Pipeline full = sample();
  Pipeline preview;
  full.outputs.erase(full.outputs.begin() + 1);
  CHECK_FALSE(preview_pipeline(full, "/tmp/pv", &preview));
  Pipeline alone;
  alone.outputs.push_back(output("epub", "/out/r.epub"));
  CHECK_FALSE(preview_pipeline(alone, "/tmp/pv", &preview));
  // An EPUB alone that reads a file no writer of this pipeline makes.
  alone.outputs.back().options["page_map"] = value(PP_OPT_RESOURCE, "/book/old.pages");
  CHECK_FALSE(preview_pipeline(alone, "/tmp/pv", &preview));
}
