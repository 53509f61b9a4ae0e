// host.hpp: the host function table that plugins call, and the state behind
// each call (pp_ctx).
#pragma once

#include <pubpipe/plugin.h>

#include <libxml/tree.h>

#include <map>
#include <string>
#include <vector>

#include "sandbox.hpp"
#include "diagnostics.hpp"
#include "pipeline.hpp"
#include "record.hpp"

namespace pubpipe {

struct RunSettings {
  bool strict = false;
  std::string trace_dir;
  int64_t build_time = 0;
  size_t max_input_bytes = 64u << 20;  // --max-input-mb: an article of 64 MiB needs about 1 GiB to process
  double timeout_seconds = 600;
  std::string default_identifier;  // urn:uuid from the book's content, set before the writers run
  Sandbox sandbox;
};

// The time a build takes as its own, as `pubpipe run` takes it: the
// SOURCE_DATE_EPOCH in the environment, else now.  *ok is false when
// SOURCE_DATE_EPOCH is set but not a number of seconds since 1970.  watch
// and serve take it again for every build.
int64_t build_time_now(bool *ok);

// One document during its document stages.
struct Document {
  size_t index = 0;
  std::string source;  // the input path, for messages
  std::string text;    // text phase: UTF-8 once a cleanup stage has run, the file's bytes before
  std::vector<uint32_t> line_map;  // text line (0-based) -> source line; empty means identity
  xmlDoc *tree = nullptr;
  std::vector<Part> parts;
  std::vector<Diagnostic> diags;

  Document() = default;
  Document(const Document &) = delete;
  Document &operator=(const Document &) = delete;
  ~Document() {
    if (tree) xmlFreeDoc(tree);
  }
  uint32_t source_line(uint32_t text_line) const;
};

// What book stages see of the book: articles visited one at a time.
class BookAccess {
 public:
  virtual ~BookAccess() = default;
  virtual size_t size() const = 0;
  virtual xmlDoc *visit(size_t i, std::string *error) = 0;
  virtual bool commit(std::string *error) = 0;
  virtual const std::string *part(size_t i, uint32_t entry, const std::string &name) = 0;
  virtual std::string current_source() const = 0;
};

}  // namespace pubpipe

struct pp_ctx {
  const pubpipe::Pipeline *pipeline = nullptr;
  const pubpipe::RunSettings *settings = nullptr;
  const pubpipe::Entry *entry = nullptr;
  uint32_t entry_index = 0;
  const pp_stage_desc *stage = nullptr;  // NULL during create()
  pubpipe::Document *doc = nullptr;      // document stages
  pubpipe::BookAccess *book = nullptr;   // book stages
  std::vector<pubpipe::Diagnostic> *diags = nullptr;
  bool failed = false;
  bool skipped = false;  // pp_host.skip: leave the document out, with a warning
  std::string failure;
  std::vector<std::string> outputs_written;
  std::map<std::string, std::string> outputs_open;  // output path -> its temporary (output_begin)
};

namespace pubpipe {

const pp_host *host_table();

// A diagnostic from the core about what a stage did, with the ctx's names.
Diagnostic stage_diagnostic(const pp_ctx &ctx, Severity s, uint32_t line, const std::string &message);

}  // namespace pubpipe
