# Hardening (issue 15): each hole an attacker found, tried again.  Every
# section fails without its fix.
. "$(dirname "$0")/lib.sh"
mkdir -p "$WORK/book/in" "$WORK/outside"
cd "$WORK/book"
cp "$SRC/samples/articles/south-korea-foreign-affairs.txt" in/a.txt
cp "$SRC/samples/glossary.yaml" glossary.yaml
STAGES="[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: link-normalize, with: {glossary: glossary.yaml}}]"
write() {  # write FILE STAGES OUTPUTS [extra top-level YAML]
  cat >"$1" <<YAML
pubpipe: 1
book: {title: Hardened, language: en}
inputs: [in/*.txt]
stages: $2
outputs: $3
${4:-}
YAML
}

# 1. A plugin outside the allowed folders is never loaded (its constructor
# would run at dlopen), whether named by path or found through plugin_path.
cat >"$WORK/evil.c" <<'C'
#include <fcntl.h>
#include <unistd.h>
__attribute__((constructor)) static void evil(void) { close(creat(MARKER, 0644)); }
C
cc -shared -fPIC -DMARKER="\"$WORK/outside/ran\"" -o "$WORK/outside/x.so" "$WORK/evil.c" || fail "cannot build the test library"
mkdir -p "$WORK/outside/plugins" && cp "$WORK/outside/x.so" "$WORK/outside/plugins/docbook.so"
for ref in ../outside/x.so "$WORK/outside/x.so"; do
  for cmd in validate run; do
    rm -f "$WORK/outside/ran"
    write p.yaml "$STAGES" "[{plugin: docbook, path: out.xml}, {plugin: $ref, path: x.out}]"
    run "$PUBPIPE" "$cmd" p.yaml --sandbox
    expect_rc 2 "$cmd --sandbox: plugin: $ref is refused"
    expect_out "was not loaded" "says it was not loaded"
    [ -e "$WORK/outside/ran" ] && fail "$cmd --sandbox ran the constructor of $ref" || pass "the library's code did not run"
  done
done
rm -f "$WORK/outside/ran"
write p.yaml "$STAGES" "[{plugin: docbook, path: out.xml}]" "plugin_path: [../outside/plugins]"
run "$PUBPIPE" validate p.yaml --sandbox
expect_rc 2 "a plugin_path outside the folder"
[ -e "$WORK/outside/ran" ] && fail "a plugin found through plugin_path outside was loaded" || pass "nothing was loaded from it"
ln -s "$WORK/outside/x.so" inside-link.so
write p.yaml "$STAGES" "[{plugin: docbook, path: out.xml}, {plugin: ./inside-link.so, path: x.out}]"
run "$PUBPIPE" validate p.yaml --sandbox
expect_rc 2 "a plugin symlinked from inside to outside"
[ -e "$WORK/outside/ran" ] && fail "the symlinked plugin was loaded" || pass "the symlinked library did not run"
rm -f inside-link.so
write p.yaml "$STAGES" "[{plugin: docbook, path: out.xml}]"
run "$PUBPIPE" run p.yaml --sandbox
expect_rc 0 "the installed plugins still load under --sandbox"

# 2. allow_programs names a program, not a name: ./fop beside the pipeline
# is not the fop that PATH finds, nor is a fop PATH finds through ".".
printf '#!/bin/sh\ntouch "%s"\ncat\n' "$WORK/outside/fake-ran" >fop && chmod +x fop
EXEC_STAGES="[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: exec, with: {command: [./fop]}}]"
write p.yaml "$EXEC_STAGES" "[{plugin: docbook, path: out.xml}]" "sandbox: {allow_programs: [fop]}"
run "$PUBPIPE" run p.yaml --sandbox
expect_rc 1 "allow_programs: [fop] does not allow ./fop"; expect_out "does not allow running './fop'" "names the program"
[ -e "$WORK/outside/fake-ran" ] && fail "./fop ran" || pass "./fop did not run"
write p.yaml "[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: exec, with: {command: [fop]}}]" "[{plugin: docbook, path: out.xml}]" "sandbox: {allow_programs: [fop]}"
PATH=".:$PATH" run "$PUBPIPE" run p.yaml --sandbox
expect_rc 1 "a PATH with '.' does not turn fop into ./fop"
[ -e "$WORK/outside/fake-ran" ] && fail "./fop ran through PATH" || pass "./fop did not run through PATH"
write p.yaml "$EXEC_STAGES" "[{plugin: docbook, path: out.xml}]" "sandbox: {allow_programs: [./fop]}"
run "$PUBPIPE" run p.yaml --sandbox
expect_rc 0 "allow_programs: [./fop] allows the script beside the pipeline"
write p.yaml "[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: exec, with: {command: [$(command -v cat)]}}]" "[{plugin: docbook, path: out.xml}]" "sandbox: {allow_programs: [cat]}"
run "$PUBPIPE" run p.yaml --sandbox
expect_rc 0 "allow_programs: [cat] allows cat by its absolute path"
rm -f fop "$WORK/outside/fake-ran"

# 3. --trace under --sandbox never follows a symlink inside the trace folder.
echo "keep" >"$WORK/outside/00-input.txt"
mkdir -p trace && ln -sfn "$WORK/outside" trace/0001-a
write p.yaml "$STAGES" "[{plugin: docbook, path: out.xml}]"
run "$PUBPIPE" run p.yaml --sandbox --trace trace
expect_rc 1 "a symlink inside the trace folder fails the document"; expect_out "never follows a symlink" "says why"
[ "$(cat "$WORK/outside/00-input.txt")" = keep ] && pass "the file outside is untouched" || fail "the trace wrote through the symlink"
[ "$(ls "$WORK/outside" | grep -c '^0[0-9]-')" = 1 ] && pass "nothing new outside" || fail "trace files outside: $(ls "$WORK/outside")"
rm -rf trace
run "$PUBPIPE" run p.yaml --sandbox --trace trace
expect_rc 0 "a plain trace folder under --sandbox"
[ -s trace/0001-a/00-input.txt ] && pass "the trace is written" || fail "no trace: $(find trace | head)"
rm -rf trace

# 4. An output that is the pipeline file or a resource it reads is refused.
cp p.yaml p.keep
write p.yaml "$STAGES" "[{plugin: docbook, path: p.yaml}]"
cp p.yaml p.keep
run "$PUBPIPE" run p.yaml
expect_rc 2 "an output that is the pipeline file"; expect_out "is the pipeline file" "says so"
cmp -s p.yaml p.keep && pass "the pipeline file is untouched" || fail "the pipeline file was overwritten"
cp glossary.yaml glossary.keep
write p.yaml "$STAGES" "[{plugin: docbook, path: out.xml}, {plugin: epub, path: ./glossary.yaml}]"
run "$PUBPIPE" run p.yaml
expect_rc 2 "an output that is the glossary"; expect_out "option 'glossary' of plugin 'link-normalize'" "names the resource"
cmp -s glossary.yaml glossary.keep && pass "the glossary is untouched" || fail "the glossary was overwritten"
ln -sf glossary.yaml gloss-link.yaml
write p.yaml "$STAGES" "[{plugin: docbook, path: gloss-link.yaml}]"
run "$PUBPIPE" run p.yaml
expect_rc 2 "an output that is a symlink to the glossary"
cmp -s glossary.yaml glossary.keep && pass "the glossary is untouched" || fail "the glossary was overwritten through a link"
rm -f gloss-link.yaml p.keep glossary.keep

# 5. /dev/stdout, a FIFO or a device is not replaced by a regular file.
mkfifo fifo.xml
for target in fifo.xml /dev/stdout /dev/null; do
  write p.yaml "$STAGES" "[{plugin: docbook, path: $target}]"
  run "$PUBPIPE" run p.yaml
  expect_rc 2 "an output at $target"; expect_out "not a regular file" "says why"
done
[ -p fifo.xml ] && pass "the FIFO is still a FIFO" || fail "the FIFO was replaced"
[ -L /dev/stdout ] && pass "/dev/stdout is still a link" || fail "/dev/stdout was replaced"
[ -c /dev/null ] && pass "/dev/null is still a device" || fail "/dev/null was replaced"
rm -f fifo.xml

# 6. A control character in book metadata is a pipeline error, wherever it
# comes from, so no writer's XML is broken by it.
cat >meta.yaml <<'YAML'
pubpipe: 1
book: {title: "X\u0001", language: en}
inputs: [in/*.txt]
stages: [{plugin: text-cleanup}, {plugin: section-detect}]
outputs: [{plugin: docbook, path: meta.xml}]
YAML
run "$PUBPIPE" run meta.yaml
expect_rc 2 "a control character in book.title"; expect_out "meta.yaml:2:" "names the line"; expect_out "book.title has a character XML forbids" "says why"
[ -e meta.xml ] && fail "an output was written" || pass "nothing was written"
sed -i 's/title: "X\\u0001"/title: "X", authors: ["A\\u001b"]/' meta.yaml
run "$PUBPIPE" run meta.yaml
expect_rc 2 "a control character in an author"
sed -i 's/authors: \["A\\u001b"\]/subtitle: ok/' meta.yaml
run "$PUBPIPE" run meta.yaml --define "book.subtitle=$(printf 'S\001')"
expect_rc 2 "a control character through --define"; expect_out "book.subtitle" "names the key"
run "$PUBPIPE" run meta.yaml
expect_rc 0 "clean metadata runs"
rm -f meta.yaml meta.xml

# 7. A line longer than libxml2's text-node limit (10,000,000 bytes) is split
# into paragraphs: xmllint without --huge reads every output.
mkdir -p long/in
python3 -c "
import sys
words = ['alpha', 'beta', 'gamma.', 'delta', 'epsilon', 'zeta', 'eta', 'theta']
line = ' '.join(words[i % 8] for i in range(1720000))
sys.stdout.write('Long Title\\n\\n' + line + '\\n\\nThe end.\\n')" >long/in/long.txt
[ "$(wc -c <long/in/long.txt)" -gt 10000000 ] || fail "the long line is too short to test"
write long/p.yaml "[{plugin: text-cleanup, with: {spelling: 'off'}}, {plugin: section-detect}]" \
  "[{plugin: docbook, path: out.xml}, {plugin: epub, path: out.epub}]"
(cd long && run "$PUBPIPE" run p.yaml; echo "$rc" >rc; echo "$out" >out)
rc=$(cat long/rc); out=$(cat long/out)
expect_rc 0 "a 10 MB line"; expect_out "long.txt:3: warning: the line is" "the split is reported with its line"
xmllint --noout long/out.xml 2>/dev/null && pass "xmllint reads the DocBook without --huge" || fail "xmllint refuses the DocBook"
mkdir -p long/x && (cd long/x && unzip -q ../out.epub)
bad=0; for f in $(find long/x -name '*.xhtml'); do xmllint --noout "$f" 2>/dev/null || bad=1; done
[ "$bad" = 0 ] && pass "xmllint reads every EPUB page without --huge" || fail "xmllint refuses an EPUB page"
rm -rf long

# 12. Every pipeline error has a line and a column.
printf 'pubpipe: 1\nbook: {title: "Bad \xe9t\xe9"}\n' >y-badutf8.yaml
run "$PUBPIPE" validate y-badutf8.yaml
expect_rc 2 "invalid UTF-8 in a pipeline file"; expect_out "y-badutf8.yaml:2:20: error: the file is not valid UTF-8" "names its line and column"
write p.yaml "$STAGES" "[{plugin: docbook, path: out.xml}]"
sed -i 's#inputs: \[in/\*.txt\]#inputs: [in/*.txt, ../outside/00-input.txt]#' p.yaml
run "$PUBPIPE" validate p.yaml --sandbox
expect_rc 2 "an input outside, under --sandbox"; expect_out "p.yaml:3:20: error: --sandbox" "the sandbox's refusal names the input's line and column"
rm -f y-badutf8.yaml

# 10. exec: the timeout holds when the filter closes its pipes and lingers;
# 100 MB on stderr does not kill it (its start is kept); it runs in its own
# session with CPU time and core files limited; what it leaves in its
# process group is killed.
execp() {  # execp COMMAND-YAML [timeout]
  write p.yaml "[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: exec, with: {command: $1, timeout: ${2:-30}}}]" \
    "[{plugin: docbook, path: out.xml}]"
}
execp "[sh, -c, 'exec >&- 2>&- <&-; sleep 40']" 1
start=$(date +%s)
run timeout 30 "$PUBPIPE" run p.yaml
took=$(( $(date +%s) - start ))
expect_rc 1 "a filter that closes its pipes and sleeps"; expect_out "took longer than" "is timed out"
[ "$took" -le 10 ] && pass "within its timeout ($took s)" || fail "the timeout did not hold: $took s"
cat >f-stderr.sh <<'SH'
head -c 100000000 /dev/zero | tr '\000' e >&2
cat
SH
execp "[sh, f-stderr.sh]"
run "$PUBPIPE" run p.yaml -v
expect_rc 0 "a filter that writes 100 MB to stderr still succeeds"; expect_out "cut at 64 KiB" "says its stderr was cut"
cat >f-session.sh <<'SH'
echo "sid=$(ps -o sid= -p $$ | tr -d ' ') pid=$$ cpu=$(ulimit -t) core=$(ulimit -c)" >&2
cat
SH
execp "[sh, f-session.sh]" 7
run "$PUBPIPE" run p.yaml -v
sid=$(grep -o 'sid=[0-9]*' <<<"$out" | head -1 | cut -d= -f2); pid=$(grep -o 'pid=[0-9]*' <<<"$out" | head -1 | cut -d= -f2)
[ -n "$sid" ] && [ "$sid" = "$pid" ] && pass "the filter leads its own session" || fail "the filter's session: sid=$sid pid=$pid: ${out:0:500}"
expect_out "cpu=8 core=0" "CPU time (timeout + 1 s) and core files are limited"
execp "[sh, -c, '(sleep 317 >/dev/null 2>&1 &); cat']"
run "$PUBPIPE" run p.yaml
expect_rc 0 "a filter that leaves a child behind"
sleep 0.3
pgrep -f "sleep 317" >/dev/null && fail "the filter's child outlived the run" || pass "the filter's process group is killed"

# 11. Spelling: a 1 MB word is not looked up letter by letter (it took over
# 60 s); the cap is reported.  The timeout only keeps a regression from
# hanging the suite.
mkdir -p spell/in
{ printf 'Spelling\n\nA word: '; head -c 1000000 /dev/zero | tr '\000' q; printf ' ends here.\n'; } >spell/in/a.txt
write spell/p.yaml "[{plugin: text-cleanup, with: {spelling: report}}, {plugin: section-detect}]" "[{plugin: docbook, path: out.xml}]"
(cd spell && run timeout 120 "$PUBPIPE" run p.yaml -v; echo "$rc" >rc; echo "$out" >out)
rc=$(cat spell/rc); out=$(cat spell/out)
expect_rc 0 "an article with a 1 MB word"; expect_out "a word of 1000000 letters was not spell-checked (over 64)" "the word is not looked up"
rm -rf spell

finish
