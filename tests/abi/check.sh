# The plugin ABI of 1.x kept by a machine (docs/plugin-guide.md, "The ABI
# baseline"): tests/abi/abi_probe.c, built against plugin.h, is recorded by
# abidw; abidiff compares it with the baseline tests/abi/plugin-abi.xml.
# A field removed, moved or resized, a type or an enum's value changed is a
# break and fails; a field appended at the end of a sized struct, or an
# enumerator added, is allowed (tests/abi/append_only.py), but only with
# PP_ABI_MINOR above the baseline's (tests/abi/plugin-abi.minor).  Then the check is shown to catch
# breaks: deliberately broken copies of plugin.h must fail it, and a copy
# with a field appended at the end must pass it.
#
#   bash tests/abi/check.sh CC SRC            the check (CTest: abi_baseline)
#   bash tests/abi/check.sh CC SRC --update   records plugin.h as the baseline
set -u
CC=${1:?usage: check.sh CC SRC [--update]} SRC=${2:?usage: check.sh CC SRC [--update]}
ABI=$SRC/tests/abi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
for tool in abidw abidiff; do
  command -v $tool >/dev/null || { echo "FAIL: $tool is missing (Debian's abigail-tools; make setup installs it)" >&2; exit 1; }
done

# record INCLUDE_DIR OUT.xml: the probe built against INCLUDE_DIR/pubpipe/plugin.h, as abidw sees it.
record() {
  (cd "$SRC" && "$CC" -g -O0 -shared -fPIC -fvisibility=hidden -I"$1" tests/abi/abi_probe.c -o "$WORK/probe.so") || return 1
  abidw --no-corpus-path --no-comp-dir-path --no-show-locs "$WORK/probe.so" >"$2"
}
minor_of() { printf '#include <pubpipe/plugin.h>\nPP_ABI_MINOR\n' | "$CC" -E -P -I"$1" - | tail -1 | tr -d ' '; }

if [ "${3:-}" = --update ]; then
  record "$SRC/core/include" "$ABI/plugin-abi.xml" || exit 1
  minor_of "$SRC/core/include" >"$ABI/plugin-abi.minor"
  echo "recorded ABI 1.$(cat "$ABI/plugin-abi.minor") in tests/abi/plugin-abi.xml; review 'git diff tests/abi' and commit it"
  exit 0
fi

# judge INCLUDE_DIR: "ok", "break: REPORT", "unbumped: ..." or "error: ...".
# append_only.py takes out what a minor bump may append (fields past the
# end of a sized struct, new enumerators); abidiff --harmless then reports
# any other change, harmless-looking ones too (an enum field made an int).
judge() {
  record "$1" "$WORK/now.xml" || { echo "error: the probe does not build"; return; }
  local what report rc
  what=$(python3 "$ABI/append_only.py" "$ABI/plugin-abi.xml" "$WORK/now.xml" "$WORK/kept.xml" 2>&1) ||
    { echo "error: append_only.py: $what"; return; }
  report=$(abidiff --harmless "$ABI/plugin-abi.xml" "$WORK/kept.xml" 2>&1); rc=$?
  # abidiff's status bits: 1 error, 2 usage, 4 an ABI change, 8 an incompatible one.
  if [ $((rc & 3)) != 0 ]; then echo "error: abidiff failed ($rc): $report"; return; fi
  if [ $((rc & 12)) != 0 ]; then echo "break: $report"; return; fi
  if [ "$what" = appended ] && [ "$(minor_of "$1")" -le "$(cat "$ABI/plugin-abi.minor")" ]; then
    echo "unbumped: fields or enumerators were appended, but PP_ABI_MINOR is still $(minor_of "$1")"; return
  fi
  echo ok
}

verdict=$(judge "$SRC/core/include")
if [ "$verdict" = ok ]; then pass "plugin.h keeps the ABI of the baseline (1.$(cat "$ABI/plugin-abi.minor"))"
else fail "plugin.h breaks the recorded ABI: $verdict"; fi

# variant NAME SED-SCRIPT: a copy of plugin.h changed by SED-SCRIPT, judged.
variant() {
  rm -rf "$WORK/inc" && mkdir -p "$WORK/inc/pubpipe"
  sed -e "$2" "$SRC/core/include/pubpipe/plugin.h" >"$WORK/inc/pubpipe/plugin.h"
  if cmp -s "$SRC/core/include/pubpipe/plugin.h" "$WORK/inc/pubpipe/plugin.h"; then echo "error: the edit '$2' changed nothing"; return; fi
  judge "$WORK/inc"
}
expect_break() {
  local v; v=$(variant "$1" "$2")
  case "$v" in
    break:*) pass "caught: $1" ;;
    *) fail "not caught: $1 ($v)" ;;
  esac
}
expect_break "a field removed (pp_option_desc.help)" '/^  const char \*help;$/d'
expect_break "a field moved (pp_plugin_desc.license before version)" \
  '/^  const char \*version;$/{N;s/\(.*\)\n\(.*\)/\2\n\1/}'
expect_break "a field resized (pp_host.abi_minor to 64 bits)" '/^typedef struct pp_host {$/,/^} pp_host;$/s/^  uint32_t abi_minor;$/  uint64_t abi_minor;/'
expect_break "a field's type changed (pp_stage_desc.kind to int)" 's/^  pp_stage_kind kind;$/  int kind;/'
expect_break "a function pointer's signature changed (option_int's out to int32_t)" \
  's/int (\*option_int)(pp_ctx \*ctx, const char \*name, int64_t \*out);/int (*option_int)(pp_ctx *ctx, const char *name, int32_t *out);/'
expect_break "the last field removed (pp_host.option_error)" '/void (\*option_error)(pp_ctx \*ctx, const char \*option, const char \*message);/d'
expect_break "a field inserted in the middle (pp_plugin_desc, before homepage)" 's/^  const char \*homepage;$/  int inserted;\n  const char *homepage;/'
expect_break "an enum value changed (PP_STAGE_BOOK)" 's/PP_STAGE_BOOK = 2 /PP_STAGE_BOOK = 3 /'
expect_break "a constant changed (PP_FAIL)" 's/^#define PP_FAIL 1$/#define PP_FAIL 5/'
expect_break "a flag's bit changed (PP_PLUGIN_NOT_CACHEABLE)" 's/^#define PP_PLUGIN_NOT_CACHEABLE 0x2u$/#define PP_PLUGIN_NOT_CACHEABLE 0x4u/'
expect_break "the major changed" 's/^#define PP_ABI_MAJOR 1$/#define PP_ABI_MAJOR 2/'
expect_break "a field appended into the tail padding (after pp_plugin_desc.flags)" 's/^  uint32_t flags;$/&\n  uint32_t more;/'
# Appending at the end is a minor bump's right, and only with the bump.
bump='s/^#define PP_ABI_MINOR \([0-9]*\)$/echo "#define PP_ABI_MINOR $((\1 + 1))"/e'
append='s/^  void (\*option_error)(pp_ctx \*ctx, const char \*option, const char \*message);$/&\n  int (*appended)(pp_ctx *ctx);/;s/^  uint32_t flags;$/&\n  const char *appended;/;s/^  PP_ERROR = 2$/  PP_ERROR = 2,\n  PP_FATAL = 3/'
v=$(variant "fields appended at the ends of pp_host and pp_plugin_desc with a minor bump" "$append;$bump")
[ "$v" = ok ] && pass "allowed: fields appended at the ends of pp_host and pp_plugin_desc with a minor bump" || fail "an append with a minor bump is refused: $v"
v=$(variant "the same without the bump" "$append")
case "$v" in unbumped:*) pass "caught: fields appended without a minor bump" ;; *) fail "an append without a minor bump passed: $v" ;; esac

if [ "$failures" = 0 ]; then echo "all passed"; exit 0; fi
echo "$failures check(s) failed"; exit 1
