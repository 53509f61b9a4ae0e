// pubpipe/plugin.hpp: a header-only C++17 layer over the C ABI of plugin.h.
//
// A plugin author writes one class and one macro:
//
//   struct Shout {
//     static constexpr pubpipe::PluginInfo info{"shout", "1.0", "MIT", "Upper-cases titles."};
//     static constexpr pubpipe::StageInfo document_stage{"shout", "tree", "shouted"};
//     static constexpr pubpipe::Option options[] = {
//         {"exclaim", PP_OPT_BOOL, "false", nullptr, "Add an exclamation mark."}};
//     explicit Shout(pubpipe::Context &setup);       // reads the options, once per worker
//     void document(pubpipe::Context &doc);           // once per document
//   };
//   PUBPIPE_PLUGIN(Shout)
//
// A class may also declare `book_stage` and `void book(pubpipe::Context &)`.
// Exceptions never cross the ABI: the trampolines are noexcept and turn them
// into failures whose message names the plugin.
#ifndef PUBPIPE_PLUGIN_HPP
#define PUBPIPE_PLUGIN_HPP

#include <pubpipe/plugin.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace pubpipe {

struct PluginInfo {
  const char *name;
  const char *version;
  const char *license;
  const char *description;
  const char *homepage = nullptr;  // ABI 1.1
  uint32_t flags = 0;              // ABI 1.3: PP_PLUGIN_BOOK_ALONE, PP_PLUGIN_NOT_CACHEABLE
};

struct StageInfo {
  const char *name;
  const char *requires_features;
  const char *provides_features;
};

struct Option {
  const char *name;
  pp_option_type type;
  const char *default_value;
  const char *choices;
  const char *help;
  // Since 1.2 (see pp_option_desc): "MIN..MAX" for numbers; a regular
  // expression or '|'-separated allowed values for strings and list items.
  const char *range = nullptr;
  const char *pattern = nullptr;
  const char *allowed = nullptr;
};

// Thrown by Context when the host reports a failure; also the type plugins
// may throw themselves.  Its message becomes the document's failure.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The host as seen from one callback.  Valid only during that callback.
class Context {
 public:
  Context(const pp_host *host, pp_ctx *ctx) : host_(host), ctx_(ctx) {}

  const pp_host *host() const { return host_; }
  pp_ctx *raw() const { return ctx_; }

  std::string source_name() const { return str(call(&pp_host::source_name)(ctx_)); }

  // The text of a document in the text phase; empty once it has a tree.
  std::string_view text() const {
    size_t len = 0;
    const char *t = call(&pp_host::text)(ctx_, &len);
    return t ? std::string_view(t, len) : std::string_view();
  }
  void set_text(std::string_view text, const std::vector<uint32_t> *line_map = nullptr) {
    check(call(&pp_host::set_text)(ctx_, text.data(), text.size(),
                                   line_map ? line_map->data() : nullptr,
                                   line_map ? line_map->size() : 0),
          "the host refused the new text");
  }
  uint32_t source_line(uint32_t text_line) const {
    return call(&pp_host::source_line)(ctx_, text_line);
  }

  struct _xmlDoc *tree() const { return call(&pp_host::tree)(ctx_); }
  void set_tree(struct _xmlDoc *tree) {
    check(call(&pp_host::set_tree)(ctx_, tree), "the host refused the new tree");
  }

  bool option_bool(const char *name) const {
    int v = 0;
    check_option(call(&pp_host::option_bool)(ctx_, name, &v), name);
    return v != 0;
  }
  int64_t option_int(const char *name) const {
    int64_t v = 0;
    check_option(call(&pp_host::option_int)(ctx_, name, &v), name);
    return v;
  }
  double option_number(const char *name) const {
    double v = 0;
    check_option(call(&pp_host::option_number)(ctx_, name, &v), name);
    return v;
  }
  // Throws when the option is unset; see has_string for optional ones.
  std::string option_string(const char *name) const {
    const char *v = nullptr;
    check_option(call(&pp_host::option_string)(ctx_, name, &v), name);
    return str(v);
  }
  bool has_string(const char *name) const {
    const char *v = nullptr;
    return call(&pp_host::option_string)(ctx_, name, &v) == PP_OK && v;
  }
  std::vector<std::string> option_list(const char *name) const {
    size_t n = 0;
    check_option(call(&pp_host::option_list_size)(ctx_, name, &n), name);
    std::vector<std::string> out;
    for (size_t i = 0; i < n; ++i) {
      const char *v = nullptr;
      check_option(call(&pp_host::option_list_item)(ctx_, name, i, &v), name);
      out.push_back(str(v));
    }
    return out;
  }

  std::string book_meta(const char *key) const { return str(call(&pp_host::book_meta)(ctx_, key)); }
  size_t book_size() const { return call(&pp_host::book_size)(ctx_); }
  struct _xmlDoc *visit(size_t i) const {
    struct _xmlDoc *d = call(&pp_host::book_visit)(ctx_, i);
    if (!d) throw Error("article " + std::to_string(i) + " cannot be visited");
    return d;
  }
  void commit() { check(call(&pp_host::book_commit)(ctx_), "the host refused the changed article"); }

  void attach(const char *name, std::string_view bytes) {
    check(call(&pp_host::attach)(ctx_, name, bytes.data(), bytes.size()), name);
  }
  // A part attached to article i by this plugin's document stage; empty if none.
  std::string_view part(size_t i, const char *name) const {
    size_t len = 0;
    const void *p = call(&pp_host::book_part)(ctx_, i, name, &len);
    return p ? std::string_view(static_cast<const char *>(p), len) : std::string_view();
  }

  // Leaves the document out of the book on purpose, with a warning (ABI 1.1).
  void skip(const std::string &m) { call(&pp_host::skip)(ctx_, m.c_str()); }

  // May the plugin run this program (ABI 1.1)?  Throws when --sandbox
  // forbids it; a host without the slot has no sandbox.
  void check_may_run(const std::string &program) const {
    static const pp_host probe{};
    const size_t end = static_cast<size_t>(reinterpret_cast<const char *>(&probe.may_run) - reinterpret_cast<const char *>(&probe)) +
                       sizeof(probe.may_run);
    if (host_->size < end || !host_->may_run) return;
    if (host_->may_run(ctx_, program.c_str()) != PP_OK) throw Error("--sandbox does not allow running '" + program + "'");
  }

  // Since 1.2, in a validate hook: an error about an option, reported at
  // its place in the pipeline file.
  void option_error(const char *option, const std::string &message) const {
    static const pp_host probe{};
    const size_t end = static_cast<size_t>(reinterpret_cast<const char *>(&probe.option_error) - reinterpret_cast<const char *>(&probe)) +
                       sizeof(probe.option_error);
    if (host_->size < end || !host_->option_error) throw Error(std::string("option '") + option + "': " + message);
    host_->option_error(ctx_, option, message.c_str());
  }

  void note(uint32_t line, const std::string &m) const { diag(PP_NOTE, line, m); }
  void warn(uint32_t line, const std::string &m) const { diag(PP_WARNING, line, m); }
  void error(uint32_t line, const std::string &m) const { diag(PP_ERROR, line, m); }
  void diag(pp_severity s, uint32_t line, const std::string &m) const {
    call(&pp_host::diag)(ctx_, s, line, m.c_str());
  }

  std::string_view resource(const char *option) const {
    const void *data = nullptr;
    size_t len = 0;
    check(call(&pp_host::read_resource)(ctx_, option, &data, &len), option);
    return std::string_view(static_cast<const char *>(data), len);
  }
  void write_output(const char *output, std::string_view bytes) {
    check(call(&pp_host::write_output)(ctx_, output, bytes.data(), bytes.size()),
          output ? output : "path");
  }
  int64_t build_time() const { return call(&pp_host::build_time)(ctx_); }

  // ABI 1.1: an output written piece by piece (see OutputFile below).
  std::string output_begin(const char *output) {
    const char *path = call(&pp_host::output_begin)(ctx_, output);
    if (!path) throw Error(std::string("cannot open the output ") + (output ? output : "path"));
    return path;
  }
  void output_commit(const char *output, bool ok) {
    check(call(&pp_host::output_commit)(ctx_, output, ok ? 1 : 0), output ? output : "path");
  }

 private:
  // Refuses to call a slot that the host's table does not have.
  template <class F>
  F call(F pp_host::*slot) const {
    static const pp_host probe{};
    const size_t end = static_cast<size_t>(reinterpret_cast<const char *>(&(probe.*slot)) -
                                           reinterpret_cast<const char *>(&probe)) + sizeof(F);
    if (host_->size < end || !(host_->*slot)) throw Error("the host lacks a function this plugin needs");
    return host_->*slot;
  }
  // Since 1.2 the host says why an option call failed.
  static void check_option(int rc, const char *name) {
    if (rc == PP_OK) return;
    const std::string o = std::string("option '") + (name ? name : "") + "' ";
    if (rc == PP_UNSET) throw Error(o + "is not set and has no default");
    if (rc == PP_UNDECLARED) throw Error(o + "is not declared in the plugin's options");
    if (rc == PP_WRONG_TYPE) throw Error(o + "is declared with another type");
    throw Error(std::string("host call failed: ") + (name ? name : ""));
  }
  static void check(int rc, const char *what) {
    if (rc != PP_OK) throw Error(std::string("host call failed: ") + what);
  }
  static std::string str(const char *s) { return s ? s : ""; }

  const pp_host *host_;
  pp_ctx *ctx_;
};

// An output that a book stage writes itself, piece by piece, so that a large
// book never has to be held in memory (ABI 1.1).  Write to path(); commit()
// syncs it and renames it into place; destroyed uncommitted (an exception),
// it is removed and the previous output stays.
class OutputFile {
 public:
  OutputFile(Context &c, const char *output) : c_(c), output_(output), path_(c.output_begin(output)) {}
  OutputFile(const OutputFile &) = delete;
  OutputFile &operator=(const OutputFile &) = delete;
  ~OutputFile() {
    if (!done_) try {
        c_.output_commit(output_, false);
      } catch (...) {
      }
  }
  const std::string &path() const { return path_; }
  void commit() {
    done_ = true;
    c_.output_commit(output_, true);
  }

 private:
  Context &c_;
  const char *output_;
  std::string path_;
  bool done_ = false;
};

// A scratch file beside an OutputFile's temporary, for what a writer needs
// on the way (a first layout pass): named the temporary's path, a dot and six
// characters, which the host removes with the temporary when it is
// discarded, when a signal ends the run, and when a later run finds the run
// that made it gone (plugin.h, output_begin).  Removed when destroyed.
class ScratchFile {
 public:
  explicit ScratchFile(const OutputFile &beside) : path_(beside.path() + ".XXXXXX") {
    const int fd = mkostemp(path_.data(), O_CLOEXEC);
    if (fd < 0) throw Error("cannot create a scratch file beside " + beside.path() + ": " + std::strerror(errno));
    close(fd);
  }
  ScratchFile(const ScratchFile &) = delete;
  ScratchFile &operator=(const ScratchFile &) = delete;
  ~ScratchFile() { unlink(path_.c_str()); }
  const std::string &path() const { return path_; }

 private:
  std::string path_;
};

namespace detail {

template <class T, class = void>
struct has_options : std::false_type {};
template <class T>
struct has_options<T, std::void_t<decltype(T::options)>> : std::true_type {};
template <class T, class = void>
struct has_validate : std::false_type {};
template <class T>
struct has_validate<T, std::void_t<decltype(&T::validate)>> : std::true_type {};
template <class T, class = void>
struct has_document : std::false_type {};
template <class T>
struct has_document<T, std::void_t<decltype(T::document_stage)>> : std::true_type {};
template <class T, class = void>
struct has_book : std::false_type {};
template <class T>
struct has_book<T, std::void_t<decltype(T::book_stage)>> : std::true_type {};

inline void report(const pp_host *host, pp_ctx *ctx, const char *plugin, const char *what) {
  std::string m = std::string(plugin) + ": " + what;
  if (host->fail) host->fail(ctx, m.c_str());
}

// Calls f and returns what it returns; an exception becomes a failure
// named for the plugin and `failed` is returned, so that no C++ exception
// ever reaches the host's C frames.
template <class P, class R, class F>
R guarded(const pp_host *host, pp_ctx *ctx, R failed, F &&f) noexcept {
  try {
    return f();
  } catch (const std::exception &e) {
    report(host, ctx, P::info.name, e.what());
  } catch (...) {
    report(host, ctx, P::info.name, "unknown exception");
  }
  return failed;
}

// The validate hook: `static void validate(pubpipe::Context &)`, which
// calls option_error for each problem (or throws pubpipe::Error).
template <class P>
int validate(const pp_host *host, pp_ctx *ctx) noexcept {
  return guarded<P>(host, ctx, int{PP_FAIL}, [&] {
    Context c(host, ctx);
    P::validate(c);
    return int{PP_OK};
  });
}

template <class P>
void *create(const pp_host *host, pp_ctx *ctx) noexcept {
  return guarded<P>(host, ctx, static_cast<void *>(nullptr), [&]() -> void * {
    Context c(host, ctx);
    return new P(c);
  });
}

template <class P>
void destroy(void *instance) noexcept {
  delete static_cast<P *>(instance);
}

template <class P, bool Book>
int run(void *instance, const pp_host *host, pp_ctx *ctx) noexcept {
  if (!instance) {
    report(host, ctx, P::info.name, "the plugin was not set up");
    return PP_FAIL;
  }
  return guarded<P>(host, ctx, int{PP_FAIL}, [&] {
    Context c(host, ctx);
    if constexpr (Book)
      static_cast<P *>(instance)->book(c);
    else
      static_cast<P *>(instance)->document(c);
    return int{PP_OK};
  });
}

inline pp_stage_desc stage(const StageInfo &s, pp_stage_kind kind,
                           int (*fn)(void *, const pp_host *, pp_ctx *)) {
  return pp_stage_desc{sizeof(pp_stage_desc), s.name, kind, s.requires_features, s.provides_features, fn};
}

template <class P>
constexpr int (*validate_fn())(const pp_host *, pp_ctx *) {
  if constexpr (has_validate<P>::value) return &validate<P>;
  else return nullptr;
}

// Builds the descriptor once, from the class's static members.
template <class P>
const pp_plugin_desc *descriptor() {
  static std::vector<pp_option_desc> options = [] {
    std::vector<pp_option_desc> v;
    if constexpr (has_options<P>::value)
      for (const Option &o : P::options)
        v.push_back(pp_option_desc{sizeof(pp_option_desc), o.name, o.type, o.default_value, o.choices, o.help,
                                   o.range, o.pattern, o.allowed});
    return v;
  }();
  static std::vector<pp_stage_desc> stages = [] {
    std::vector<pp_stage_desc> v;
    if constexpr (has_document<P>::value) v.push_back(stage(P::document_stage, PP_STAGE_DOCUMENT, &run<P, false>));
    if constexpr (has_book<P>::value) v.push_back(stage(P::book_stage, PP_STAGE_BOOK, &run<P, true>));
    return v;
  }();
  static std::vector<const pp_option_desc *> option_ptrs = [] {
    std::vector<const pp_option_desc *> v;
    for (const auto &o : options) v.push_back(&o);
    v.push_back(nullptr);
    return v;
  }();
  static std::vector<const pp_stage_desc *> stage_ptrs = [] {
    std::vector<const pp_stage_desc *> v;
    for (const auto &s : stages) v.push_back(&s);
    v.push_back(nullptr);
    return v;
  }();
  static const pp_plugin_desc desc{sizeof(pp_plugin_desc), PP_ABI_MAJOR, PP_ABI_MINOR,
                                   P::info.name, P::info.version, P::info.license, P::info.description,
                                   option_ptrs.data(), stage_ptrs.data(), &create<P>, &destroy<P>, P::info.homepage,
                                   validate_fn<P>(), P::info.flags};
  return &desc;
}

}  // namespace detail
}  // namespace pubpipe

#define PUBPIPE_PLUGIN(Class)                                          \
  extern "C" PP_EXPORT const pp_plugin_desc *pubpipe_plugin_v1(void) { \
    return ::pubpipe::detail::descriptor<Class>();                     \
  }

#endif  // PUBPIPE_PLUGIN_HPP
