/* plugin.h must compile alone as C99 with -pedantic -Werror. */
#include <pubpipe/plugin.h>

const pp_plugin_desc *pubpipe_plugin_v1(void) { return 0; }
