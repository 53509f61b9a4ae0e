// host.cpp: the functions of pp_host.  Each checks its arguments and the
// phase it is called in, and never lets a C++ exception reach the plugin
// (guarded<>, at the table below).
#include "host.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include <algorithm>
#include <ctime>
#include <map>
#include <mutex>
#include <fstream>
#include <sstream>
#include <type_traits>

#include "atomic_file.hpp"
#include "text_util.hpp"

namespace pubpipe {

uint32_t Document::source_line(uint32_t text_line) const {
  if (text_line == 0) return 0;
  if (line_map.empty()) return text_line;
  return text_line <= line_map.size() ? line_map[text_line - 1] : 0;
}

Diagnostic stage_diagnostic(const pp_ctx &ctx, Severity s, uint32_t line, const std::string &message) {
  Diagnostic d;
  d.severity = s;
  if (ctx.doc) d.file = ctx.doc->source;
  else if (ctx.book) d.file = ctx.book->current_source();
  if (d.file.empty() && ctx.pipeline) d.file = ctx.pipeline->file;
  d.line = line;
  if (ctx.entry && ctx.entry->plugin) d.plugin = ctx.entry->plugin->name;
  if (ctx.stage && ctx.stage->name) d.stage = ctx.stage->name;
  d.message = message;
  return d;
}

namespace {

void misuse(pp_ctx *ctx, const std::string &what) {
  if (ctx && ctx->diags) ctx->diags->push_back(stage_diagnostic(*ctx, Severity::warning, 0, "plugin misuse: " + what));
}

// The option's value, or nullptr with *why set to why not: PP_UNSET,
// PP_UNDECLARED or PP_WRONG_TYPE for a plugin built for ABI 1.2 or later,
// PP_FAIL for an older one (which knows only PP_OK and PP_FAIL).
const OptionValue *option(pp_ctx *ctx, const char *name, pp_option_type type, int *why) {
  const bool distinct = ctx && ctx->entry && ctx->entry->plugin && ctx->entry->plugin->desc.abi_minor >= 2;
  const auto fail = [&](int code) -> const OptionValue * {
    *why = distinct ? code : PP_FAIL;
    return nullptr;
  };
  if (!ctx || !ctx->entry || !name) return fail(PP_FAIL);
  auto it = ctx->entry->options.find(name);
  if (it == ctx->entry->options.end()) {
    misuse(ctx, std::string("asked for option '") + name + "', which it does not declare");
    return fail(PP_UNDECLARED);
  }
  const bool compatible = it->second.type == type ||
                          (type == PP_OPT_STRING && (it->second.type == PP_OPT_ENUM || it->second.type == PP_OPT_RESOURCE ||
                                                     it->second.type == PP_OPT_OUTPUT));
  if (!compatible) {
    misuse(ctx, std::string("asked for option '") + name + "' with the wrong type");
    return fail(PP_WRONG_TYPE);
  }
  if (!it->second.set) return fail(PP_UNSET);
  return &it->second;
}

const char *h_source_name(pp_ctx *ctx) {
  if (!ctx) return nullptr;
  if (ctx->doc) return ctx->doc->source.c_str();
  return ctx->pipeline ? ctx->pipeline->file.c_str() : nullptr;
}

const char *h_text(pp_ctx *ctx, size_t *len) {
  if (len) *len = 0;
  if (!ctx || !ctx->doc || ctx->doc->tree) return nullptr;
  if (len) *len = ctx->doc->text.size();
  return ctx->doc->text.c_str();
}

int h_set_text(pp_ctx *ctx, const char *text, size_t len, const uint32_t *line_map, size_t map_len) {
  if (!ctx || !ctx->doc || ctx->doc->tree || (!text && len)) return PP_FAIL;
  std::string_view t(text ? text : "", len);
  if (const size_t bad = find_invalid_utf8(t); bad != std::string_view::npos) {
    misuse(ctx, "set_text with invalid UTF-8 at line " + std::to_string(line_of_offset(t, bad)));
    return PP_FAIL;
  }
  if (const size_t bad = find_xml_forbidden(t); bad != std::string_view::npos) {
    misuse(ctx, "set_text with a character XML forbids at line " + std::to_string(line_of_offset(t, bad)));
    return PP_FAIL;
  }
  Document &doc = *ctx->doc;
  const size_t new_lines = static_cast<size_t>(std::count(t.begin(), t.end(), '\n')) + 1;
  std::vector<uint32_t> map;
  if (line_map) {
    map.assign(line_map, line_map + map_len);
  } else {
    const size_t old_lines = static_cast<size_t>(std::count(doc.text.begin(), doc.text.end(), '\n')) + 1;
    if (new_lines == old_lines) map = doc.line_map;
    else map.assign(new_lines, doc.source_line(1));
  }
  doc.text.assign(t);
  doc.line_map = std::move(map);
  return PP_OK;
}

uint32_t h_source_line(pp_ctx *ctx, uint32_t text_line) {
  return ctx && ctx->doc ? ctx->doc->source_line(text_line) : 0;
}

xmlDoc *h_tree(pp_ctx *ctx) { return ctx && ctx->doc ? ctx->doc->tree : nullptr; }

int h_set_tree(pp_ctx *ctx, xmlDoc *tree) {
  if (!ctx || !ctx->doc || !tree) return PP_FAIL;
  if (tree == ctx->doc->tree) return PP_OK;
  if (ctx->doc->tree) xmlFreeDoc(ctx->doc->tree);
  ctx->doc->tree = tree;
  ctx->doc->text.clear();
  ctx->doc->text.shrink_to_fit();
  return PP_OK;
}

int h_option_bool(pp_ctx *ctx, const char *name, int *out) {
  int why = PP_FAIL;
  const OptionValue *v = option(ctx, name, PP_OPT_BOOL, &why);
  if (!v) return why;
  if (!out) return PP_FAIL;
  *out = v->b ? 1 : 0;
  return PP_OK;
}

int h_option_int(pp_ctx *ctx, const char *name, int64_t *out) {
  int why = PP_FAIL;
  const OptionValue *v = option(ctx, name, PP_OPT_INT, &why);
  if (!v) return why;
  if (!out) return PP_FAIL;
  *out = v->i;
  return PP_OK;
}

int h_option_number(pp_ctx *ctx, const char *name, double *out) {
  int why = PP_FAIL;
  const OptionValue *v = option(ctx, name, PP_OPT_NUMBER, &why);
  if (!v) return why;
  if (!out) return PP_FAIL;
  *out = v->d;
  return PP_OK;
}

int h_option_string(pp_ctx *ctx, const char *name, const char **out) {
  if (out) *out = nullptr;
  int why = PP_FAIL;
  const OptionValue *v = option(ctx, name, PP_OPT_STRING, &why);
  if (!v) return why;
  if (!out) return PP_FAIL;
  *out = v->s.c_str();
  return PP_OK;
}

int h_option_list_size(pp_ctx *ctx, const char *name, size_t *out) {
  int why = PP_FAIL;
  const OptionValue *v = option(ctx, name, PP_OPT_STRING_LIST, &why);
  if (!out) return PP_FAIL;
  *out = v ? v->list.size() : 0;
  if (v) return PP_OK;
  // An unset list has no items; an undeclared or mistyped one is a failure
  // whatever ABI minor the plugin was built for (PP_FAIL before 1.2).
  if (!ctx || !ctx->entry || !name) return PP_FAIL;
  const auto it = ctx->entry->options.find(name);
  const bool unset = it != ctx->entry->options.end() && it->second.type == PP_OPT_STRING_LIST;
  return unset ? PP_OK : why;
}

int h_option_list_item(pp_ctx *ctx, const char *name, size_t i, const char **out) {
  int why = PP_FAIL;
  const OptionValue *v = option(ctx, name, PP_OPT_STRING_LIST, &why);
  if (!v) return why;
  if (!out || i >= v->list.size()) return PP_FAIL;
  *out = v->list[i].c_str();
  return PP_OK;
}

const char *h_book_meta(pp_ctx *ctx, const char *key) {
  if (!ctx || !ctx->pipeline || !key) return nullptr;
  const BookMeta &b = ctx->pipeline->book;
  const std::string k = key;
  const std::string *v = k == "title" ? &b.title : k == "subtitle" ? &b.subtitle : k == "language" ? &b.language
                       : k == "publisher" ? &b.publisher : k == "identifier" ? &b.identifier : k == "date" ? &b.date : nullptr;
  if (k == "authors" || k == "index") {
    static thread_local std::string joined;
    joined.clear();
    for (const auto &a : k == "index" ? b.index : b.authors) joined += (joined.empty() ? "" : "\n") + a;
    return joined.empty() ? nullptr : joined.c_str();
  }
  if (v && !v->empty()) return v->c_str();
  if (k == "identifier" && ctx->settings && !ctx->settings->default_identifier.empty())
    return ctx->settings->default_identifier.c_str();
  if (k == "date" && ctx->settings) {
    static thread_local std::string date;
    char buf[32];
    const std::time_t t = static_cast<std::time_t>(ctx->settings->build_time);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    date = buf;
    return date.c_str();
  }
  return nullptr;
}

size_t h_book_size(pp_ctx *ctx) { return ctx && ctx->book ? ctx->book->size() : 0; }

xmlDoc *h_book_visit(pp_ctx *ctx, size_t i) {
  if (!ctx || !ctx->book || i >= ctx->book->size()) return nullptr;
  std::string error;
  xmlDoc *d = ctx->book->visit(i, &error);
  if (!d) misuse(ctx, "cannot visit article " + std::to_string(i) + ": " + error);
  return d;
}

int h_book_commit(pp_ctx *ctx) {
  if (!ctx || !ctx->book) return PP_FAIL;
  std::string error;
  if (ctx->book->commit(&error)) return PP_OK;
  ctx->diags->push_back(stage_diagnostic(*ctx, Severity::error, 0, "the changed article was refused: " + error));
  return PP_FAIL;
}

int h_attach(pp_ctx *ctx, const char *name, const void *data, size_t len) {
  if (!ctx || !ctx->doc || !name || (!data && len)) return PP_FAIL;
  for (auto &p : ctx->doc->parts)
    if (p.entry == ctx->entry_index && p.name == name) {
      p.bytes.assign(static_cast<const char *>(data), len);
      return PP_OK;
    }
  ctx->doc->parts.push_back(Part{ctx->entry_index, name, std::string(static_cast<const char *>(data), len)});
  return PP_OK;
}

const void *h_book_part(pp_ctx *ctx, size_t i, const char *name, size_t *len) {
  if (len) *len = 0;
  if (!ctx || !ctx->book || !name || i >= ctx->book->size()) return nullptr;
  const std::string *p = ctx->book->part(i, ctx->entry_index, name);
  if (!p) return nullptr;
  if (len) *len = p->size();
  return p->data();
}

void h_diag(pp_ctx *ctx, pp_severity severity, uint32_t line, const char *message) {
  if (!ctx || !ctx->diags) return;
  const Severity s = severity == PP_ERROR ? Severity::error : severity == PP_WARNING ? Severity::warning : Severity::note;
  ctx->diags->push_back(stage_diagnostic(*ctx, s, line, message ? message : "(no message)"));
}

void h_skip(pp_ctx *ctx, const char *message) {
  if (!ctx || !ctx->doc) return;
  ctx->skipped = true;
  ctx->failure = message && *message ? message : "left out without saying why";
}

void h_fail(pp_ctx *ctx, const char *message) {
  if (!ctx) return;
  ctx->failed = true;
  ctx->failure = message && *message ? message : "failed without saying why";
}

int h_read_resource(pp_ctx *ctx, const char *name, const void **data, size_t *len) {
  int unused_why = PP_FAIL;
  const OptionValue *v = option(ctx, name, PP_OPT_RESOURCE, &unused_why);
  if (!v || !data || !len) return PP_FAIL;
  // Resources are read once per process and kept until it ends.
  static std::mutex mutex;
  static std::map<std::string, std::string> cache;
  std::lock_guard<std::mutex> lock(mutex);
  // One the run writes (a page map) changes between the runs of one
  // process (watch, serve): it is kept per version of the file.
  std::string key = v->s;
  struct stat st;
  if (ctx->pipeline && ctx->entry && ctx->entry->output && ctx->pipeline->made_by_run(v->s) && stat(v->s.c_str(), &st) == 0)
    key += "\n" + std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) + "/" + std::to_string(st.st_size);
  auto it = cache.find(key);
  std::string why;
  if (!sandbox_allows_path(ctx->settings->sandbox, v->s, false, &why)) {
    ctx->diags->push_back(stage_diagnostic(*ctx, Severity::error, 0, why));
    return PP_FAIL;
  }
  if (it == cache.end()) {
    const int fd = sandbox_open_input(ctx->settings->sandbox, v->s, &why);
    std::string bytes;
    bool ok = fd >= 0;
    char buf[65536];
    for (ssize_t n; ok && (n = read(fd, buf, sizeof buf)) != 0;) {
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) ok = false;
      else bytes.append(buf, static_cast<size_t>(n));
    }
    if (fd >= 0) close(fd);
    if (!ok) {
      ctx->diags->push_back(stage_diagnostic(*ctx, Severity::error, 0, why.empty() ? "cannot read " + display_path(v->s) : why));
      return PP_FAIL;
    }
    it = cache.emplace(key, std::move(bytes)).first;
  }
  *data = it->second.data();
  *len = it->second.size();
  return PP_OK;
}

// The path an output names: the entry's own (NULL) or an output option.
bool output_path(pp_ctx *ctx, const char *output, std::string *path) {
  if (!output) {
    *path = ctx->entry->path;
  } else {
    int unused_why = PP_FAIL;
    const OptionValue *v = option(ctx, output, PP_OPT_OUTPUT, &unused_why);
    if (!v) return false;
    *path = v->s;
  }
  return !path->empty();
}

int h_write_output(pp_ctx *ctx, const char *output, const void *data, size_t len) {
  if (!ctx || !ctx->entry || !ctx->book || (!data && len)) return PP_FAIL;
  std::string path, why;
  if (!output_path(ctx, output, &path)) return PP_FAIL;
  if (!sandbox_allows_path(ctx->settings->sandbox, path, true, &why)) {
    ctx->diags->push_back(stage_diagnostic(*ctx, Severity::error, 0, why));
    return PP_FAIL;
  }
  const std::string error = write_file_atomically(path, std::string_view(static_cast<const char *>(data), len), &ctx->settings->sandbox);
  if (!error.empty()) {
    ctx->diags->push_back(stage_diagnostic(*ctx, Severity::error, 0, error));
    return PP_FAIL;
  }
  ctx->outputs_written.push_back(path);
  return PP_OK;
}

const char *h_output_begin(pp_ctx *ctx, const char *output) {
  if (!ctx || !ctx->entry || !ctx->book) return nullptr;
  std::string path, why;
  if (!output_path(ctx, output, &path)) return nullptr;
  if (!sandbox_allows_path(ctx->settings->sandbox, path, true, &why)) {
    ctx->diags->push_back(stage_diagnostic(*ctx, Severity::error, 0, why));
    return nullptr;
  }
  auto old = ctx->outputs_open.find(path);
  if (old != ctx->outputs_open.end()) discard_atomic_file(old->second);
  std::string temp;
  if (const std::string error = begin_atomic_file(path, &temp, &ctx->settings->sandbox); !error.empty()) {
    ctx->diags->push_back(stage_diagnostic(*ctx, Severity::error, 0, error));
    return nullptr;
  }
  return (ctx->outputs_open[path] = temp).c_str();
}

int h_output_commit(pp_ctx *ctx, const char *output, int ok) {
  std::string path;
  if (!ctx || !ctx->entry || !output_path(ctx, output, &path)) return PP_FAIL;
  auto it = ctx->outputs_open.find(path);
  if (it == ctx->outputs_open.end()) return PP_FAIL;
  const std::string temp = it->second;
  ctx->outputs_open.erase(it);
  if (!ok) {
    discard_atomic_file(temp);
    return PP_OK;
  }
  if (const std::string error = commit_atomic_file(temp, path, &ctx->settings->sandbox); !error.empty()) {
    ctx->diags->push_back(stage_diagnostic(*ctx, Severity::error, 0, error));
    return PP_FAIL;
  }
  ctx->outputs_written.push_back(path);
  return PP_OK;
}

}  // namespace

int64_t build_time_now(bool *ok) {
  *ok = true;
  const char *sde = std::getenv("SOURCE_DATE_EPOCH");
  if (!sde || !*sde) return static_cast<int64_t>(std::time(nullptr));
  char *end = nullptr;
  errno = 0;
  const long long v = std::strtoll(sde, &end, 10);
  if (*end || errno || v < 0 || v > 253402300799LL) *ok = false;
  return v;
}

namespace {

int64_t h_build_time(pp_ctx *ctx) { return ctx && ctx->settings ? ctx->settings->build_time : 0; }

int h_may_run(pp_ctx *ctx, const char *program) {
  if (!ctx || !ctx->settings || !program) return PP_FAIL;
  if (sandbox_allows_program(ctx->settings->sandbox, program)) return PP_OK;
  ctx->diags->push_back(stage_diagnostic(*ctx, Severity::error, 0,
                                         std::string("--sandbox: the pipeline file does not allow running '") + program +
                                             "' (list it under sandbox: allow_programs:)"));
  return PP_FAIL;
}

void h_option_error(pp_ctx *ctx, const char *option, const char *message) {
  if (!ctx || !ctx->entry || !ctx->diags) return;
  Diagnostic d;
  d.file = ctx->pipeline ? ctx->pipeline->file : std::string();
  d.line = ctx->entry->line, d.column = ctx->entry->column;
  if (option) {
    auto it = ctx->entry->option_at.find(option);
    if (it != ctx->entry->option_at.end()) d.line = it->second.first, d.column = it->second.second;
  }
  d.message = std::string("option '") + (option ? option : "") + "' of plugin '" +
              (ctx->entry->plugin ? ctx->entry->plugin->name : std::string()) + "': " + (message && *message ? message : "is not valid");
  ctx->diags->push_back(d);
  ctx->failed = true;
}

// The boundary the file's header promises: every function in the table
// runs inside guarded<>, so an exception (std::bad_alloc included) from the
// host's own code becomes the function's failure value (PP_FAIL, NULL or 0)
// and fails the stage with an error naming what went wrong; it never unwinds
// through the plugin's C frames.
void host_exception(pp_ctx *ctx, const char *what) noexcept {
  if (!ctx) return;
  try {
    const std::string message = std::string("the host could not complete a plugin's call: ") + what;
    ctx->failed = true;
    ctx->failure = message;
    if (ctx->diags) ctx->diags->push_back(stage_diagnostic(*ctx, Severity::error, 0, message));
  } catch (...) {  // no memory even for the message: ctx->failed is still set
  }
}

template <auto F>
struct Guard;
template <typename R, typename... A, R (*F)(pp_ctx *, A...)>
struct Guard<F> {
  static R call(pp_ctx *ctx, A... args) noexcept {
    try {
      return F(ctx, args...);
    } catch (const std::exception &e) {
      host_exception(ctx, e.what());
    } catch (...) {
      host_exception(ctx, "an unknown exception");
    }
    if constexpr (std::is_same_v<R, int>) return PP_FAIL;
    else if constexpr (!std::is_void_v<R>) return R{};
  }
};
template <auto F>
constexpr auto guarded = &Guard<F>::call;

const pp_host kHost = {
    sizeof(pp_host),
    PP_ABI_MAJOR,
    PP_ABI_MINOR,
    guarded<h_source_name>,
    guarded<h_text>,
    guarded<h_set_text>,
    guarded<h_source_line>,
    guarded<h_tree>,
    guarded<h_set_tree>,
    guarded<h_option_bool>,
    guarded<h_option_int>,
    guarded<h_option_number>,
    guarded<h_option_string>,
    guarded<h_option_list_size>,
    guarded<h_option_list_item>,
    guarded<h_book_meta>,
    guarded<h_book_size>,
    guarded<h_book_visit>,
    guarded<h_book_commit>,
    guarded<h_attach>,
    guarded<h_book_part>,
    guarded<h_diag>,
    guarded<h_fail>,
    guarded<h_read_resource>,
    guarded<h_write_output>,
    guarded<h_build_time>,
    guarded<h_skip>,
    guarded<h_may_run>,
    guarded<h_output_begin>,
    guarded<h_output_commit>,
    guarded<h_option_error>,
};

}  // namespace

const pp_host *host_table() { return &kHost; }

}  // namespace pubpipe
