# Every plugin built with pubpipe_add_plugin exports only its entry symbol.
. "$(dirname "$0")/lib.sh"
n=0
for so in "$BUILD"/plugins/*.so "$TEST_PLUGINS"/misbehave.so; do
  syms=$(nm -D --defined-only "$so" | awk 'NF == 3 {print $3}' | sort -u)
  if [ "$syms" = "pubpipe_plugin_v1" ]; then pass "$(basename "$so") exports only pubpipe_plugin_v1"
  else fail "$(basename "$so") exports: $syms"; fi
  n=$((n + 1))
done
[ "$n" -ge 7 ] || fail "only $n plugins were checked"
finish
