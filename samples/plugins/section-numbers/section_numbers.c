/* section_numbers.c: a sample third-party tree stage in plain C.  It numbers
 * each article's sections ("1", "1.2", ...) in their DocBook `label`
 * attribute, editing the tree with libxml2. */
#include <pubpipe/plugin.h>

#include <libxml/tree.h>
#include <stdio.h>
#include <string.h>

static int is_section(const xmlNode *n) {
  return n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "section");
}

static void number(xmlNode *parent, const char *prefix, const char *separator) {
  int k = 0;
  xmlNode *c;
  for (c = parent->children; c; c = c->next) {
    char label[256];
    if (!is_section(c)) continue;
    snprintf(label, sizeof label, "%s%s%d", prefix, *prefix ? separator : "", ++k);
    xmlSetProp(c, BAD_CAST "label", BAD_CAST label);
    number(c, label, separator);
  }
}

/* The options are read in the stage: the host answers them at any call. */
static int run(void *instance, const struct pp_host *host, pp_ctx *ctx) {
  const char *separator = ".";
  xmlDoc *doc = host->tree(ctx);
  (void)instance;
  if (!doc || !xmlDocGetRootElement(doc)) {
    host->fail(ctx, "section-numbers: the document has no tree");
    return PP_FAIL;
  }
  if (host->option_string(ctx, "separator", &separator) != PP_OK || strlen(separator) > 8) {
    host->fail(ctx, "section-numbers: separator must be a string of at most 8 characters");
    return PP_FAIL;
  }
  number(xmlDocGetRootElement(doc), "", separator);
  return PP_OK;
}

static const pp_option_desc separator = {sizeof(pp_option_desc), "separator", PP_OPT_STRING, "\".\"", NULL,
                                         "What goes between the numbers of nested sections."};
static const pp_option_desc *const options[] = {&separator, NULL};
static const pp_stage_desc stage = {sizeof(pp_stage_desc), "number", PP_STAGE_DOCUMENT, "sections", "", run};
static const pp_stage_desc *const stages[] = {&stage, NULL};
static const pp_plugin_desc plugin = {sizeof(pp_plugin_desc), PP_ABI_MAJOR, PP_ABI_MINOR, "section-numbers", "1.0.0", "MIT",
                                      "Numbers sections in their label attribute.", options, stages, NULL, NULL, NULL};

PP_EXPORT const pp_plugin_desc *pubpipe_plugin_v1(void) { return &plugin; }
