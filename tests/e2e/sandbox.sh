# --sandbox: attempts to read, write or run outside what the pipeline file
# declares are refused, with a message; what it declares still works.
. "$(dirname "$0")/lib.sh"
mkdir -p "$WORK/book/in" "$WORK/outside"
cd "$WORK/book"
cp "$SRC/samples/articles/south-korea-foreign-affairs.txt" in/a.txt
cp "$SRC/samples/glossary.yaml" glossary.yaml
echo "secret" >"$WORK/outside/secret.txt"
sandboxed() {  # sandboxed INPUTS STAGES OUTPUTS [extra top-level YAML]
  cat >p.yaml <<YAML
pubpipe: 1
book: {title: Sandboxed, language: en}
inputs: $1
stages: $2
outputs: $3
${4:-}
YAML
  run "$PUBPIPE" run p.yaml --sandbox
}
STAGES="[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: link-normalize, with: {glossary: glossary.yaml}}]"
sandboxed "[in/*.txt]" "$STAGES" "[{plugin: epub, path: out.epub}, {plugin: docbook, path: out.xml}]"
expect_rc 0 "a pipeline that stays in its folder runs"
[ -s out.epub ] && pass "its outputs are written" || fail "no output"

# An output in a folder that does not exist yet (create_folder): resolved from
# the nearest folder that does; ".." that climbs out is still refused.
sandboxed "[in/*.txt]" "$STAGES" "[{plugin: docbook, path: new/out.xml, create_folder: true}]"
expect_rc 0 "an output in a new folder inside the pipeline's folder (create_folder)"
[ -s new/out.xml ] && pass "it is written, its folder made" || fail "new/out.xml missing"
sandboxed "[in/*.txt]" "$STAGES" "[{plugin: docbook, path: fresh/../../outside/out.xml, create_folder: true}]"
expect_rc 2 "an output whose new folder's .. climbs out"; expect_out "is outside the pipeline's folder" "says why"
[ ! -e "$WORK/outside/out.xml" ] && pass "nothing written outside" || fail "wrote outside"

sandboxed "[in/*.txt, ../outside/secret.txt]" "$STAGES" "[{plugin: docbook, path: out.xml}]"
expect_rc 2 "an input outside the folder"; expect_out "is outside the pipeline's folder" "says why"
ln -sf "$WORK/outside/secret.txt" in/link.txt
sandboxed "[in/*.txt]" "$STAGES" "[{plugin: docbook, path: out.xml}]"
expect_rc 2 "an input that is a symlink out of the folder"; expect_out "link.txt" "names it"
rm in/link.txt
sandboxed "[in/*.txt]" "[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: link-normalize, with: {glossary: ../outside/secret.txt}}]" \
  "[{plugin: docbook, path: out.xml}]"
expect_rc 2 "a resource outside the folder"; expect_out "option 'glossary'" "names the option"
sandboxed "[in/*.txt]" "$STAGES" "[{plugin: docbook, path: ../outside/out.xml}]"
expect_rc 2 "an output outside the folder"
ln -sf "$WORK/outside/secret.txt" escape.xml
sandboxed "[in/*.txt]" "$STAGES" "[{plugin: docbook, path: escape.xml}]"
expect_rc 2 "an output through a symlink"; expect_out "symlink" "says so"
[ "$(cat "$WORK/outside/secret.txt")" = secret ] && pass "the file outside is untouched" || fail "the sandbox was escaped"
rm escape.xml
mkdir -p sub && ln -sfn "$WORK/outside" sub/out
sandboxed "[in/*.txt]" "$STAGES" "[{plugin: docbook, path: sub/out/x.xml}]"
expect_rc 2 "an output in a folder that is a symlink out"
run "$PUBPIPE" run p.yaml --sandbox --trace "$WORK/outside/trace"
expect_rc 2 "a trace folder outside"

sandboxed "[in/*.txt]" "[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: exec, with: {command: [sh, -c, 'cat /etc/hostname >&2; cat']}}]" \
  "[{plugin: docbook, path: out.xml}]"
expect_rc 1 "a program the pipeline does not allow"; expect_out "allow_programs" "says how to allow it"
sandboxed "[in/*.txt]" "[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: exec, with: {command: [sh, -c, cat]}}]" \
  "[{plugin: docbook, path: out.xml}]" "sandbox: {allow_programs: [sh]}"
expect_rc 0 "a program the pipeline allows"
sandboxed "[in/*.txt]" "$STAGES" "[{plugin: xsl-fo, path: out.fo, with: {pdf: out.pdf}}]"
expect_rc 1 "FOP without allow_programs"; expect_out "'fop'" "names FOP"
sandboxed "[in/*.txt]" "$STAGES" "[{plugin: xsl-fo, path: out.fo, with: {pdf: out.pdf}}]" "sandbox: {allow_programs: [fop]}"
expect_rc 0 "FOP allowed"
run "$PUBPIPE" run p.yaml
expect_rc 0 "without --sandbox nothing is checked"
finish
