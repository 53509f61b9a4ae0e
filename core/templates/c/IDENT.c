/* @IDENT@.c: the pubpipe stage plugin @NAME@, in plain C.  It counts the
 * words of each article and records the count in the article's info, as
 * <bibliomisc role="@NAME@">N words</bibliomisc>.  Made by
 * `pubpipe new-plugin`; see the plugin guide for the whole host table. */
#include <pubpipe/plugin.h>

#include <libxml/tree.h>
#include <stdio.h>

static long count_words(const char *text) {
  long n = 0;
  int in_word = 0;
  for (; *text; ++text) {
    const int space = *text == ' ' || *text == '\n' || *text == '\t' || *text == '\r';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

/* The options are read in the stage: the host answers them at any call. */
static int run(void *instance, const struct pp_host *host, pp_ctx *ctx) {
  const char *label = "words";
  int64_t min_words = 0;
  xmlDoc *doc = host->tree(ctx);
  xmlNode *article = doc ? xmlDocGetRootElement(doc) : NULL;
  xmlNode *info;
  xmlNode *misc;
  xmlChar *text;
  long words;
  char value[128];
  (void)instance;
  if (!article) {
    host->fail(ctx, "the document has no tree");
    return PP_FAIL;
  }
  if (host->option_string(ctx, "label", &label) != PP_OK || host->option_int(ctx, "min_words", &min_words) != PP_OK) {
    host->fail(ctx, "cannot read the options");
    return PP_FAIL;
  }
  for (info = article->children; info; info = info->next)
    if (info->type == XML_ELEMENT_NODE && xmlStrEqual(info->name, BAD_CAST "info")) break;
  if (!info) {
    host->fail(ctx, "the article has no info element");
    return PP_FAIL;
  }
  text = xmlNodeGetContent(article);
  words = count_words(text ? (const char *)text : "");
  xmlFree(text);
  snprintf(value, sizeof value, "%ld %s", words, label);
  /* xmlNewTextChild escapes the text: never put text in with xmlNewChild. */
  misc = xmlNewTextChild(info, article->ns, BAD_CAST "bibliomisc", BAD_CAST value);
  xmlSetProp(misc, BAD_CAST "role", BAD_CAST "@NAME@");
  host->diag(ctx, PP_NOTE, (uint32_t)xmlGetLineNo(article), value);
  if (words < min_words) host->diag(ctx, PP_WARNING, (uint32_t)xmlGetLineNo(article), "the article is shorter than min_words");
  return PP_OK;
}

static const pp_option_desc label = {sizeof(pp_option_desc), "label", PP_OPT_STRING, "words", NULL,
                                     "What follows the number.", NULL, ".{1,40}", NULL};
static const pp_option_desc min_words = {sizeof(pp_option_desc), "min_words", PP_OPT_INT, "0", NULL,
                                         "Warn about an article with fewer words.", "0..", NULL, NULL};
static const pp_option_desc *const options[] = {&label, &min_words, NULL};
static const pp_stage_desc count = {sizeof(pp_stage_desc), "count", PP_STAGE_DOCUMENT, "tree", "@NAME@", run};
static const pp_stage_desc *const stages[] = {&count, NULL};
static const pp_plugin_desc plugin = {sizeof(pp_plugin_desc), PP_ABI_MAJOR, PP_ABI_MINOR, "@NAME@", "0.1.0", "MIT",
                                      "Counts each article's words into its info.", options, stages, NULL, NULL, NULL, NULL, 0};

PP_EXPORT const pp_plugin_desc *pubpipe_plugin_v1(void) { return &plugin; }
