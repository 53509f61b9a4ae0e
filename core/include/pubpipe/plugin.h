/* pubpipe/plugin.h: the C ABI between the pubpipe host and its stage plugins. */
#ifndef PUBPIPE_PLUGIN_H
#define PUBPIPE_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Versioning.  The host loads a plugin whose major equals PP_ABI_MAJOR and
 * whose minor is not newer than the host's.  The major is also part of the
 * entry symbol's name (pubpipe_plugin_v1), so a library built for another
 * major is told apart from a library that is no plugin at all.
 */
#define PP_ABI_MAJOR 1
#define PP_ABI_MINOR 3
#define PP_ENTRY_SYMBOL "pubpipe_plugin_v1"

#if defined(__GNUC__)
#define PP_EXPORT __attribute__((visibility("default")))
#else
#define PP_EXPORT
#endif

/* libxml2's document type, declared here so that this header stands alone. */
struct _xmlDoc;
struct pp_host;

/* The host's view of one stage call: a document, or the book.  Opaque. */
typedef struct pp_ctx pp_ctx;

/*
 * When stages run.  A document stage runs once per document, many documents
 * at once (in worker processes or threads, --isolation).  A book stage runs
 * once per run, in the parent, after every document: the book stages of
 * `stages:` entries one after another, in pipeline order, each alone; then
 * the writers' (`outputs:`) book stages.  Since ABI 1.1 (pubpipe 0.1.0) the
 * writers' book stages run at once, up to -j of them, each in its own
 * thread, so a writer's book stage must not rely on being the only code
 * running in the process (no unguarded globals, no chdir, no setenv, no
 * process-wide libxml2 settings).  A plugin whose book stage must run alone
 * sets PP_PLUGIN_BOOK_ALONE (since ABI 1.3) in pp_plugin_desc.flags: the
 * host then runs it with no other book stage running.
 */
typedef enum pp_stage_kind {
  PP_STAGE_DOCUMENT = 1, /* one document at a time, many at once in workers */
  PP_STAGE_BOOK = 2      /* the whole book, once, in the parent (see above) */
} pp_stage_kind;

typedef enum pp_option_type {
  PP_OPT_BOOL = 1,
  PP_OPT_INT = 2,
  PP_OPT_NUMBER = 3,
  PP_OPT_STRING = 4,
  PP_OPT_ENUM = 5,        /* a string out of pp_option_desc.choices */
  PP_OPT_STRING_LIST = 6,
  PP_OPT_RESOURCE = 7,    /* a file the stage reads, relative to the pipeline file */
  PP_OPT_OUTPUT = 8       /* a file the stage writes, relative to the pipeline file */
} pp_option_type;

typedef enum pp_severity {
  PP_NOTE = 0,
  PP_WARNING = 1,
  PP_ERROR = 2
} pp_severity;

/* Status codes returned by host functions and stage callbacks. */
#define PP_OK 0
#define PP_FAIL 1
/* Since 1.2: why an option function failed, returned instead of PP_FAIL to a
 * plugin whose pp_plugin_desc.abi_minor is 2 or more (an older plugin still
 * gets PP_FAIL).  Test for success with == PP_OK. */
#define PP_UNSET 2      /* declared, but not given and without a default */
#define PP_UNDECLARED 3 /* not in the plugin's options[] */
#define PP_WRONG_TYPE 4 /* declared with another type */

/*
 * One declared option.  All strings are static data of the plugin.
 * default_value is written as it would be in YAML ("true", "3", "off",
 * "[a, b]"); NULL means "no default" (the option is then unset unless given).
 * choices is used with PP_OPT_ENUM: the allowed values separated by '|'.
 */
typedef struct pp_option_desc {
  size_t size; /* sizeof(pp_option_desc) as the plugin was built */
  const char *name;
  pp_option_type type;
  const char *default_value;
  const char *choices;
  const char *help;
  /* Since 1.2, all optional (NULL: no constraint); `pubpipe validate`
   * reports a value that breaks one at the option's file:line:column, so a
   * stage never sees it.  The host reads them only when `size` covers them.
   * range: PP_OPT_INT and PP_OPT_NUMBER, "MIN..MAX" with either end left
   *   out ("1..", "..100", "0.5..2").
   * pattern: PP_OPT_STRING and each item of PP_OPT_STRING_LIST; an
   *   ECMAScript regular expression the whole value must match.
   * allowed: PP_OPT_STRING and each item of PP_OPT_STRING_LIST; the allowed
   *   values separated by '|' (PP_OPT_ENUM has choices instead). */
  const char *range;
  const char *pattern;
  const char *allowed;
} pp_option_desc;

/*
 * One stage.  requires and provides are space-separated feature names
 * ("text", "tree", "sections", "links", "bibliography", ...), documented in
 * docs/plugin-guide.md.  A document stage requiring "text" runs in the text
 * phase; one providing "tree" must call pp_host.set_tree.
 *
 * run: called once per document (PP_STAGE_DOCUMENT) or once per run
 * (PP_STAGE_BOOK).  instance is what pp_plugin_desc.create returned (NULL
 * when the plugin has no create).  Returns PP_OK, or PP_FAIL after calling
 * pp_host.fail with the reason.  A NULL run means the stage does nothing.
 */
typedef struct pp_stage_desc {
  size_t size; /* sizeof(pp_stage_desc) as the plugin was built */
  const char *name;
  pp_stage_kind kind;
  const char *requires_features;
  const char *provides_features;
  int (*run)(void *instance, const struct pp_host *host, pp_ctx *ctx);
} pp_stage_desc;

/*
 * The descriptor that the entry point returns: static data, read by
 * `pubpipe validate` and `pubpipe plugins` without running any stage.
 *
 * options and stages are NULL-terminated arrays of pointers (never arrays of
 * structs, so each struct may grow on its own).
 *
 * create: optional.  Called once per pipeline entry in each worker, before
 * the first run, with a ctx that answers the option functions only.  Returns
 * the plugin's own state (NULL is allowed and is passed on as is).  On error
 * it calls pp_host.fail and returns NULL; the host then fails every document
 * of that entry in that worker.
 * destroy: optional.  Frees what create made.  Called at the end of the run.
 */
typedef struct pp_plugin_desc {
  size_t size; /* sizeof(pp_plugin_desc) as the plugin was built */
  uint32_t abi_major;
  uint32_t abi_minor;
  const char *name;
  const char *version;
  const char *license;
  const char *description;
  const pp_option_desc *const *options;
  const pp_stage_desc *const *stages;
  void *(*create)(const struct pp_host *host, pp_ctx *ctx);
  void (*destroy)(void *instance);
  /* Since 1.1: where users report problems with the plugin (a URL), or
   * NULL.  The host reads it only when `size` covers it. */
  const char *homepage;
  /* Since 1.2, optional: checks the entry's options together (those that
   * depend on each other).  Called by `pubpipe validate` and before a run,
   * with a ctx that answers the option functions only.  Reports each
   * problem with pp_host.option_error (at the option's place in the file)
   * and returns PP_FAIL, or returns PP_OK. */
  int (*validate)(const struct pp_host *host, pp_ctx *ctx);
  /* Since 1.3: PP_PLUGIN_* bits or'ed together, 0 for none.  The host
   * reads it only when `size` covers it (an older plugin has none), and
   * refuses a plugin that sets a bit it does not know. */
  uint32_t flags;
} pp_plugin_desc;

/* Since 1.3, pp_plugin_desc.flags.
 * PP_PLUGIN_BOOK_ALONE: the plugin's book stage runs with no other book
 *   stage running at the same time (a writer's book stage otherwise runs in
 *   a thread beside the other writers').
 * PP_PLUGIN_NOT_CACHEABLE: the plugin's document stages give another result
 *   for the same input and options (they read the clock, the network, a
 *   file that no option names).  The article cache then stores and reuses
 *   only what the stages before the plugin's first document stage made;
 *   that stage and every document stage after it run for every article, on
 *   every run.  Book stages always run; the flag does not change them. */
#define PP_PLUGIN_BOOK_ALONE 0x1u
#define PP_PLUGIN_NOT_CACHEABLE 0x2u
#define PP_PLUGIN_KNOWN_FLAGS 0x3u

/*
 * The host's function table.  It only grows at its end: a slot added by a
 * later minor is marked with that minor, and a plugin checks `size` (the C++
 * layer does so) before it calls such a slot.
 *
 * Common rules:
 * - Every function takes the ctx the host passed to the callback, and may be
 *   called only during that callback, from the thread that runs it.
 * - Strings returned by the host are borrowed: valid until the callback
 *   returns or, where said, until the next call that changes the same thing.
 * - Strings and buffers given to the host are copied; the caller keeps them.
 * - Functions returning int return PP_OK or PP_FAIL.
 */
typedef struct pp_host {
  size_t size; /* sizeof(pp_host) of the host */
  uint32_t abi_major;
  uint32_t abi_minor;

  /* --- minor 0 --- */

  /* The input file's path as the pipeline named it (document stages), or the
   * pipeline file's path as the user named it (book stages, and create).  Borrowed. */
  const char *(*source_name)(pp_ctx *ctx);

  /* The document's UTF-8 text (text phase).  *len receives its length in
   * bytes; the text is also NUL-terminated.  Borrowed until set_text or the
   * end of the callback.  NULL once the document has a tree. */
  const char *(*text)(pp_ctx *ctx, size_t *len);

  /* Replaces the text.  The host copies text.  line_map, if not NULL, holds
   * map_len entries: the source line (1-based) of each line (0-based index)
   * of the new text; NULL keeps the old map when the line count is unchanged
   * and maps every new line to the first source line otherwise.  Fails on
   * invalid UTF-8 or on characters that XML 1.0 forbids. */
  int (*set_text)(pp_ctx *ctx, const char *text, size_t len,
                  const uint32_t *line_map, size_t map_len);

  /* The source line of the text's line (1-based); 0 if out of range. */
  uint32_t (*source_line)(pp_ctx *ctx, uint32_t text_line);

  /* The document's DocBook tree (tree phase), NULL in the text phase.
   * Borrowed: edit it in place with libxml2, do not free it.  Nodes keep
   * their source line in xmlNode.line. */
  struct _xmlDoc *(*tree)(pp_ctx *ctx);

  /* Hands the host a new tree; ownership passes to the host, which frees the
   * old one.  The root must be a DocBook article.  Ends the text phase. */
  int (*set_tree)(pp_ctx *ctx, struct _xmlDoc *tree);

  /* Options, typed as declared.  Each returns PP_OK, or on failure (for a
   * plugin built for 1.2 or later) PP_UNSET, PP_UNDECLARED or PP_WRONG_TYPE;
   * a plugin built for 1.0 or 1.1 gets PP_FAIL for all three.  PP_FAIL also
   * means a NULL out.  option_list_size gives 0 items and PP_OK for an unset
   * list, and fails (0 items) for an undeclared or mistyped one, whatever
   * the plugin's minor.
   * Strings borrowed. */
  int (*option_bool)(pp_ctx *ctx, const char *name, int *out);
  int (*option_int)(pp_ctx *ctx, const char *name, int64_t *out);
  int (*option_number)(pp_ctx *ctx, const char *name, double *out);
  int (*option_string)(pp_ctx *ctx, const char *name, const char **out);
  /* PP_OPT_STRING_LIST: the number of items, and item i. */
  int (*option_list_size)(pp_ctx *ctx, const char *name, size_t *out);
  int (*option_list_item)(pp_ctx *ctx, const char *name, size_t i,
                          const char **out);

  /* Book metadata from the pipeline file: "title", "subtitle", "language",
   * "publisher", "identifier", "date", "authors" (one per line), "index"
   * (the book's index terms, one per line; an older host has none).  NULL
   * when unset.
   * Borrowed. */
  const char *(*book_meta)(pp_ctx *ctx, const char *key);

  /* Book stages: the number of articles, and a visit of article i (0-based)
   * as a tree.  The tree is borrowed until the next visit or the end of the
   * callback; changes to it are kept only after book_commit.  NULL on error
   * (an article that failed has no tree and is not counted). */
  size_t (*book_size)(pp_ctx *ctx);
  struct _xmlDoc *(*book_visit)(pp_ctx *ctx, size_t i);
  int (*book_commit)(pp_ctx *ctx);

  /* Named bytes attached to the current document by the same plugin's
   * document stage (attach), read back in its book stage (book_part, for
   * article i).  attach copies; book_part's bytes are borrowed until the next
   * book_part call.  book_part returns NULL when there is no such part. */
  int (*attach)(pp_ctx *ctx, const char *name, const void *data, size_t len);
  const void *(*book_part)(pp_ctx *ctx, size_t i, const char *name,
                           size_t *len);

  /* A diagnostic.  line is a source line (a node's line, or source_line() of
   * a text line); 0 means "no line".  message is copied. */
  void (*diag)(pp_ctx *ctx, pp_severity severity, uint32_t line,
               const char *message);

  /* Fails the document (document stage) or the stage (book stage) with a
   * message.  The callback should return PP_FAIL next.  message is copied. */
  void (*fail)(pp_ctx *ctx, const char *message);

  /* Reads the file that a PP_OPT_RESOURCE option names.  *data is borrowed
   * until the end of the run.  PP_FAIL if unset or unreadable (with a
   * diagnostic already given). */
  int (*read_resource)(pp_ctx *ctx, const char *option, const void **data,
                       size_t *len);

  /* Writes an output atomically: output NULL is the pipeline entry's `path`,
   * otherwise the name of a PP_OPT_OUTPUT option.  The host writes a
   * temporary file in the same folder and renames it into place. */
  int (*write_output)(pp_ctx *ctx, const char *output, const void *data,
                      size_t len);

  /* The value of SOURCE_DATE_EPOCH, or the run's start time when it is
   * unset: use it for every date written into an output. */
  int64_t (*build_time)(pp_ctx *ctx);

  /* Since 1.1.  Document stages only: leaves this document out of the book
   * on purpose (an empty file), with message as a warning; unlike fail, the
   * run still succeeds.  The callback should return PP_OK next. */
  void (*skip)(pp_ctx *ctx, const char *message);

  /* Since 1.1.  Asks before a plugin runs an external program (its name or
   * path; borrowed).  PP_OK to go ahead; PP_FAIL under --sandbox when the
   * pipeline file does not allow it (the host has then reported why).  A
   * plugin that runs programs must ask, and fail the document on PP_FAIL. */
  int (*may_run)(pp_ctx *ctx, const char *program);

  /* Since 1.1.  Book stages: for an output too large to hand over in one
   * buffer.  output_begin creates an empty temporary file beside the output
   * (NULL: the entry's path; else the name of a PP_OPT_OUTPUT option) and
   * returns its path, borrowed until output_commit; the plugin writes that
   * file, and only that file, itself.  NULL on error (reported).
   * output_commit(ctx, output, ok): ok != 0 syncs the file and renames it
   * into place atomically; ok == 0 removes it.  A file not committed when
   * the stage returns is removed, so the previous output stays.  Files named
   * the temporary's path, a dot and six characters (mkstemp's pattern) are
   * the output's scratch: they are removed with the temporary when it is
   * discarded, when a signal ends the run, and by a later run once the run
   * that made them is gone; a plugin removes its own before it commits. */
  const char *(*output_begin)(pp_ctx *ctx, const char *output);
  int (*output_commit)(pp_ctx *ctx, const char *output, int ok);

  /* --- minor 2 --- */

  /* Since 1.2.  From pp_plugin_desc.validate: an error about an option,
   * reported at the place the pipeline file gives it (or at the entry when
   * the option is not given).  message is copied. */
  void (*option_error)(pp_ctx *ctx, const char *option, const char *message);
} pp_host;

/*
 * The entry point every plugin exports, and the only symbol it exports.  It
 * must do nothing but return a pointer to static data.
 */
typedef const pp_plugin_desc *(*pp_entry_fn)(void);
PP_EXPORT const pp_plugin_desc *pubpipe_plugin_v1(void);

#ifdef __cplusplus
}
#endif

#endif /* PUBPIPE_PLUGIN_H */
