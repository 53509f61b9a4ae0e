/* abi_version: a plain-C test plugin built with a chosen ABI major and minor,
 * and with structs as an older minor had them (smaller sizes).  Its one
 * document stage adds a `remark` to the article's info, through libxml2. */
#include <pubpipe/plugin.h>

#include <libxml/tree.h>
#include <stddef.h>

#ifndef TEST_MAJOR
#define TEST_MAJOR PP_ABI_MAJOR
#endif
#ifndef TEST_MINOR
#define TEST_MINOR PP_ABI_MINOR
#endif
#ifndef TEST_NAME
#define TEST_NAME "abi-version"
#endif

/* A symbol that another test plugin also defines: with local symbol scope
 * neither sees the other's.  It is exported (no version script here) on
 * purpose. */
__attribute__((visibility("default"))) const char *clash_probe(void) { return TEST_NAME; }

static int run(void *instance, const struct pp_host *host, pp_ctx *ctx) {
  (void)instance;
  xmlDoc *doc = host->tree(ctx);
  xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
  xmlNode *info = root ? root->children : NULL;
  while (info && !(info->type == XML_ELEMENT_NODE && xmlStrEqual(info->name, BAD_CAST "info"))) info = info->next;
  if (!info) {
    host->fail(ctx, "no info element");
    return PP_FAIL;
  }
  {
    /* What option_string says for an unset, an undeclared and a wrong-typed
     * option: told apart since 1.2, all PP_FAIL for an older plugin. */
    const char *v = NULL;
    char codes[16];
    codes[0] = (char)('0' + host->option_string(ctx, "label", &v));
    codes[1] = ' ';
    codes[2] = (char)('0' + host->option_string(ctx, "undeclared", &v));
    codes[3] = ' ';
    codes[4] = (char)('0' + host->option_string(ctx, "count", &v));
    codes[5] = ' ';
    {
      size_t n = 0;
      codes[6] = (char)('0' + host->option_list_size(ctx, "undeclared", &n));
    }
    codes[7] = '\0';
    xmlNode *first = info->children;
    xmlNode *m = xmlNewDocNode(doc, root->ns, BAD_CAST "bibliomisc", BAD_CAST codes);
    xmlSetProp(m, BAD_CAST "role", BAD_CAST "option-codes");
    if (first) xmlAddPrevSibling(first, m);
    else xmlAddChild(info, m);
  }
  xmlNewTextChild(info, root->ns, BAD_CAST "remark", BAD_CAST clash_probe());
  return PP_OK;
}

static const pp_stage_desc stage = {sizeof(pp_stage_desc), "remark", PP_STAGE_DOCUMENT, "tree", "", run};
static const pp_stage_desc *const stages[] = {&stage, NULL};
static const pp_option_desc label = {sizeof(pp_option_desc), "label", PP_OPT_STRING, NULL, NULL, "A string with no default.", NULL, NULL, NULL};
static const pp_option_desc count = {sizeof(pp_option_desc), "count", PP_OPT_INT, "1", NULL, "A number.", "1..9", NULL, NULL};
static const pp_option_desc *const options[] = {&label, &count, NULL};

#ifdef TEST_OLD_STRUCTS
/* The descriptor as ABI 1.0 declared it: it ended before `homepage`
 * (added in 1.1), and its size says so. */
typedef struct {
  size_t size;
  uint32_t abi_major, abi_minor;
  const char *name, *version, *license, *description;
  const pp_option_desc *const *options;
  const pp_stage_desc *const *stages;
  void *(*create)(const struct pp_host *host, pp_ctx *ctx);
  void (*destroy)(void *instance);
} old_plugin_desc;
static const old_plugin_desc desc = {sizeof(old_plugin_desc), TEST_MAJOR, 0, TEST_NAME, "1.0", "MIT", "ABI test plugin",
                                     options, stages, NULL, NULL};
PP_EXPORT const pp_plugin_desc *pubpipe_plugin_v1(void) { return (const pp_plugin_desc *)(const void *)&desc; }
#elif defined(TEST_12_STRUCTS)
/* The descriptor as ABI 1.2 declared it: it ended after `validate`, before
 * `flags` (added in 1.3). */
typedef struct {
  size_t size;
  uint32_t abi_major, abi_minor;
  const char *name, *version, *license, *description;
  const pp_option_desc *const *options;
  const pp_stage_desc *const *stages;
  void *(*create)(const struct pp_host *host, pp_ctx *ctx);
  void (*destroy)(void *instance);
  const char *homepage;
  int (*validate)(const struct pp_host *host, pp_ctx *ctx);
} v12_plugin_desc;
static const v12_plugin_desc desc = {sizeof(v12_plugin_desc), TEST_MAJOR, 2, TEST_NAME, "1.0", "MIT", "ABI test plugin",
                                     options, stages, NULL, NULL, "https://example.org/abi-test", NULL};
PP_EXPORT const pp_plugin_desc *pubpipe_plugin_v1(void) { return (const pp_plugin_desc *)(const void *)&desc; }
#else
#ifndef TEST_FLAGS
#define TEST_FLAGS 0
#endif
static const pp_plugin_desc desc = {sizeof(pp_plugin_desc), TEST_MAJOR, TEST_MINOR, TEST_NAME, "1.0", "MIT", "ABI test plugin",
                                    options, stages, NULL, NULL, "https://example.org/abi-test", NULL, TEST_FLAGS};
PP_EXPORT const pp_plugin_desc *pubpipe_plugin_v1(void) { return &desc; }
#endif
