# `pubpipe cache stats|prune` (docs/cache.md): stats counts the entries,
# their bytes and their oldest and newest mtime; a cache hit makes an entry
# the newest; prune removes damaged, other-version and symlinked entries and
# leaves what is not an entry alone; --max-size removes the least recently
# used entries until the cache fits.
. "$(dirname "$0")/lib.sh"
mkdir -p "$WORK/in"
cp "$SRC"/samples/articles/*.txt "$WORK/in/"
cp "$SRC/samples/articles/south-korea-foreign-affairs.txt" "$WORK/in/third.txt"
pipeline "$WORK/book.yaml" "[$WORK/in/*.txt]" "$ALL_STAGES" "[{plugin: docbook, path: $WORK/book.xml}]"
CACHE=$WORK/.pubpipe-cache
entries() { find "$CACHE" -type f -regextype posix-extended -regex '.*/[0-9a-f]{2}/[0-9a-f]{64}' | sort; }
bytes_of() { local t=0 f; for f in "$@"; do t=$((t + $(stat -c %s "$f"))); done; echo $t; }

run "$PUBPIPE" cache stats "$WORK/book.yaml"; expect_rc 0 "stats before any build"
expect_out "entries: 0" "no cache folder yet: 0 entries"

run "$PUBPIPE" run "$WORK/book.yaml"; expect_rc 0 "the build fills the cache"
mapfile -t files < <(entries)
[ "${#files[@]}" = 3 ] || fail "the build made ${#files[@]} entries, not 3"
total=$(bytes_of "${files[@]}")
touch -d '2021-03-04 05:06:07 UTC' "${files[0]}"
touch -d '2022-01-01 00:00:00 UTC' "${files[1]}"
touch -d '2023-06-30 12:00:00 UTC' "${files[2]}"
for how in "$WORK/book.yaml" "--cache $CACHE"; do
  # shellcheck disable=SC2086
  run "$PUBPIPE" cache stats $how; expect_rc 0 "stats $how"
  expect_out "entries: 3" "stats $how counts 3 entries"
  expect_out "bytes: $total" "stats $how sums their sizes ($total)"
  expect_out "oldest: 2021-03-04T05:06:07Z" "stats $how gives the oldest mtime"
  expect_out "newest: 2023-06-30T12:00:00Z" "stats $how gives the newest mtime"
done

# A cache hit touches its entry: after a rebuild from the cache no entry is
# older than the build.
touch -d '2020-01-01 00:00:00 UTC' "${files[@]}"
run "$PUBPIPE" run "$WORK/book.yaml" -v; expect_rc 0 "a rebuild from the cache"
expect_out "3 of 3 articles came from the cache" "the rebuild takes every article from the cache"
old=$(find "${files[@]}" ! -newermt '2021-01-01' | wc -l)
[ "$old" = 0 ] && pass "a cache hit makes its entry the most recently used" || fail "$old entries kept their old mtime after a hit"

# prune without --max-size: a corrupted entry, an entry of another pubpipe
# version (with a checksum that holds), a symlink at an entry's path; what
# is not an entry (a file of the user's, a running writer's temporary) stays.
printf 'X' | dd of="${files[0]}" bs=1 seek=300 conv=notrunc status=none
python3 - "${files[1]}" <<'PY'
import struct, subprocess, sys
path = sys.argv[1]
b = open(path, 'rb').read()
magic = b'pubpipe-cache-entry\n'
pos = len(magic) + 4
fields = []
for _ in range(3):
    n, = struct.unpack_from('<Q', b, pos); pos += 8
    fields.append(b[pos:pos + n]); pos += n
out = bytearray(b[:len(magic) + 4])
for f in [b'0.0.1-other'] + fields[1:]:
    out += struct.pack('<Q', len(f)) + f
# The checksum: XXH3-128 in hex (xxhsum -H2, Debian's xxhash).
out += struct.pack('<Q', 32) + subprocess.run(['xxhsum', '-H2'], input=bytes(out), capture_output=True, check=True).stdout[:32]
open(path, 'wb').write(out)
PY
sub=$(dirname "${files[2]}")
link=$sub/$(basename "$sub")$(printf '%062d' 0)
ln -s "${files[2]}" "$link"
echo keep >"$CACHE/notes.txt"
echo keep >"$sub/.pubpipe-tmp-inflight"
run "$PUBPIPE" cache prune "$WORK/book.yaml"; expect_rc 0 "prune"
expect_out "removed 3 unusable entries" "prune removes the 3 unusable entries"
expect_out "its checksum does not match" "prune names a damaged entry's fault"
expect_out "written by pubpipe 0.0.1-other" "prune names another version's entry"
expect_out "symlink" "prune names the symlink"
[ ! -e "${files[0]}" ] && [ ! -e "${files[1]}" ] && [ ! -L "$link" ] && pass "the unusable entries are gone" || fail "an unusable entry is left"
[ -f "${files[2]}" ] && pass "the sound entry (a symlink's target) stays" || fail "prune removed the sound entry"
[ -f "$CACHE/notes.txt" ] && [ -f "$sub/.pubpipe-tmp-inflight" ] && pass "files that are not entries stay" || fail "prune removed a file that is not an entry"
run "$PUBPIPE" cache stats --cache "$CACHE"; expect_out "entries: 1" "1 entry left"
expect_out "other files: 2" "stats counts the 2 other files"

# --max-size: the least recently used go first, until the rest fits.
run "$PUBPIPE" run "$WORK/book.yaml"; expect_rc 0 "the cache filled again"
mapfile -t files < <(entries)
touch -d '2021-01-01 UTC' "${files[2]}"
touch -d '2022-01-01 UTC' "${files[0]}"
touch -d '2023-01-01 UTC' "${files[1]}"
keep=$(bytes_of "${files[0]}" "${files[1]}")
run "$PUBPIPE" cache prune --cache "$CACHE" --max-size "$keep"; expect_rc 0 "prune --max-size $keep"
expect_out "removed 1 least recently used entry" "one entry is removed to fit"
[ ! -e "${files[2]}" ] && [ -f "${files[0]}" ] && [ -f "${files[1]}" ] && pass "the oldest entry went, the two newer stay" ||
  fail "prune --max-size removed the wrong entries"
run "$PUBPIPE" cache prune "$WORK/book.yaml" --max-size=1K; expect_rc 0 "prune --max-size=1K"
[ "$(entries | wc -l)" = 0 ] && pass "--max-size 1K (every entry is bigger) empties the cache" || fail "entries left under 1K"
run "$PUBPIPE" run "$WORK/book.yaml" -v; expect_out "0 of 3 articles came from the cache" "the pruned cache is refilled"

# The command line.
run "$PUBPIPE" cache; expect_rc 2 "cache without a command"
run "$PUBPIPE" cache frob "$WORK/book.yaml"; expect_rc 2 "an unknown cache command"
run "$PUBPIPE" cache stats; expect_rc 2 "stats without a pipeline or --cache"
run "$PUBPIPE" cache stats "$WORK/none.yaml"; expect_rc 2 "stats of a missing pipeline"; expect_out "none.yaml" "the message names the file"
run "$PUBPIPE" cache stats --cache "$WORK/book.yaml"; expect_rc 2 "--cache naming a file"; expect_out "is not a folder" "--cache FILE says it is not a folder"
run "$PUBPIPE" cache stats "$WORK/book.yaml" --max-size 1M; expect_rc 2 "stats does not take --max-size"
run "$PUBPIPE" cache prune "$WORK/book.yaml" --max-size 12X; expect_rc 2 "a malformed size"; expect_out "--max-size needs a size" "the message says what a size is"
sed 's|^inputs:|cache: false\ninputs:|' "$WORK/book.yaml" >"$WORK/off.yaml"
run "$PUBPIPE" cache prune "$WORK/off.yaml"; expect_rc 2 "prune on a pipeline with cache: false"; expect_out "turns the cache off" "it says why"
run "$PUBPIPE" --help; expect_out "pubpipe cache prune" "--help lists the cache commands"
finish
