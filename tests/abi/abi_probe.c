/* abi_probe: the plugin-facing ABI of plugin.h as one shared library, for
 * abidw and abidiff (tests/abi/check.sh).  Its one exported function takes
 * every public type, so that the library's debug info records each struct's
 * layout (every field's name, type, offset and size), each enum's values and
 * each function pointer's signature.  The constants that are macros are
 * recorded as enums of one value each (abidiff tells a changed value of a
 * one-value enum; among several equal values it may not).  PP_ABI_MINOR is
 * left out: it changes with every minor bump, which check.sh checks itself. */
#include <pubpipe/plugin.h>

enum pp_abi_c_major { PP_ABI_C_MAJOR = PP_ABI_MAJOR };
enum pp_abi_c_ok { PP_ABI_C_OK = PP_OK };
enum pp_abi_c_fail { PP_ABI_C_FAIL = PP_FAIL };
enum pp_abi_c_unset { PP_ABI_C_UNSET = PP_UNSET };
enum pp_abi_c_undeclared { PP_ABI_C_UNDECLARED = PP_UNDECLARED };
enum pp_abi_c_wrong_type { PP_ABI_C_WRONG_TYPE = PP_WRONG_TYPE };
enum pp_abi_c_book_alone { PP_ABI_C_BOOK_ALONE = PP_PLUGIN_BOOK_ALONE };
enum pp_abi_c_not_cacheable { PP_ABI_C_NOT_CACHEABLE = PP_PLUGIN_NOT_CACHEABLE };

struct pp_abi_constants {
  enum pp_abi_c_major major;
  enum pp_abi_c_ok ok;
  enum pp_abi_c_fail fail;
  enum pp_abi_c_unset unset;
  enum pp_abi_c_undeclared undeclared;
  enum pp_abi_c_wrong_type wrong_type;
  enum pp_abi_c_book_alone book_alone;
  enum pp_abi_c_not_cacheable not_cacheable;
};

PP_EXPORT int pp_abi_probe(const pp_plugin_desc *plugin, const pp_option_desc *option, const pp_stage_desc *stage,
                           const pp_host *host, pp_entry_fn entry, pp_stage_kind kind, pp_option_type type,
                           pp_severity severity, const struct pp_abi_constants *constants);

PP_EXPORT int pp_abi_probe(const pp_plugin_desc *plugin, const pp_option_desc *option, const pp_stage_desc *stage,
                           const pp_host *host, pp_entry_fn entry, pp_stage_kind kind, pp_option_type type,
                           pp_severity severity, const struct pp_abi_constants *constants) {
  return (plugin != 0) + (option != 0) + (stage != 0) + (host != 0) + (entry != 0) + (int)kind + (int)type + (int)severity +
         (constants != 0);
}
