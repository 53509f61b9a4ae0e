# Untrusted input: odd encodings, control characters, empty and binary
# files, markup characters, and wrong pipeline files.  Each gets a clear
# message and the documented exit status; the other documents come out.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
mkdir in out
printf 'Plain Title\n\nA plain paragraph of ordinary text.\n' >in/a-plain.txt
printf 'Bad Bytes\n\nInvalid UTF-8 here: \xff\xfe\xc3 and a caf\xe9.\n' >in/b-invalid.txt
printf 'Wide Text\n\nUTF-32 without a BOM, little endian.\n' | iconv -f UTF-8 -t UTF-32LE >in/c-utf32.txt
printf 'Wide Text Two\n\nUTF-16 big endian without a BOM.\n' | iconv -f UTF-8 -t UTF-16BE >in/d-utf16be.txt
printf 'Wide Text Three\n\nUTF-32 with a byte order mark.\n' | iconv -f UTF-8 -t UTF-32 >in/d2-utf32bom.txt
printf 'Wide Text Four\n\nUTF-16 with a byte order mark.\n' | iconv -f UTF-8 -t UTF-16 >in/d3-utf16bom.txt
printf 'Control Title\n\nA NUL \0 and an escape \033 in the text.\n' >in/e-controls.txt
printf 'Old Mac\r\rCR-only line endings are read.\rSo is this line.\r' >in/f-cr.txt
printf 'Mixed Endings\r\n\r\nOne paragraph here.\n\nAnother one\rwith a CR.\r\n' >in/g-mixed.txt
printf 'Mojibake Title\n\nIt donâ€™t matter â€“ really.\n' >in/h-mojibake.txt
: >in/i-empty.txt
printf ' \n\t\n   \n' >in/j-blank.txt
printf 'Markup <b> & Co\n\nText with <script>alert(1)</script>, ]]> and &amp; written literally.\n' >in/k-markup.txt
ALL="[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: link-normalize}]"
pipeline p.yaml "[$WORK/in/*.txt]" "$ALL" "[{plugin: docbook, path: $WORK/out/b.xml}, {plugin: epub, path: $WORK/out/b.epub}]"
run "$PUBPIPE" run p.yaml --strict
expect_rc 0 "odd but readable inputs"
expect_out "i-empty.txt: warning" "an empty file is a warning"
expect_out "j-blank.txt: warning" "a blank file is a warning"
expect_out "e-controls.txt:3: warning" "control characters are reported with their line"
n=$(grep -o "<article " out/b.xml | wc -l)
[ "$n" = 11 ] && pass "eleven articles, no empty chapter" || fail "$n articles, expected 11"
grep -qF "Text with &lt;script&gt;alert(1)&lt;/script&gt;, ]]&gt; and &amp;amp; written literally." out/b.xml &&
  pass "markup characters come out exactly as written" || fail "markup characters were changed"
grep -qF "Markup &lt;b&gt; &amp; Co" out/b.xml && pass "markup in a title too" || fail "the title's markup changed"
grep -qF "It don’t matter – really." out/b.xml && pass "mojibake repaired" || fail "mojibake left"
grep -qF "UTF-32 without a BOM" out/b.xml && pass "UTF-32 without a BOM" || fail "UTF-32 not read"
grep -qF "UTF-16 big endian without a BOM" out/b.xml && pass "UTF-16BE without a BOM" || fail "UTF-16BE not read"
grep -qF "UTF-32 with a byte order mark." out/b.xml && pass "UTF-32 with a BOM" || fail "UTF-32 with a BOM not read"
grep -qF "UTF-16 with a byte order mark." out/b.xml && pass "UTF-16 with a BOM" || fail "UTF-16 with a BOM not read"
grep -qF "<para>CR-only line endings are read.</para><para>So is this line.</para>" out/b.xml && pass "CR-only line endings" || fail "CR-only endings"
python3 - out/b.xml <<'PY' && pass "the DocBook parses" || fail "the DocBook does not parse"
import sys, xml.etree.ElementTree as ET; ET.parse(sys.argv[1])
PY
epubcheck_clean out/b.epub

# Binary files are refused by their signatures; the others still come out.
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' >in/l-image.txt
printf 'PK\x03\x04\x14\0\0\0' >in/m-archive.txt
printf '%%PDF-1.7\n%%\xe2\xe3\xcf\xd3\n' >in/n-document.txt
cp out/b.xml old.xml
run "$PUBPIPE" run p.yaml
expect_rc 1 "binary inputs fail their documents"
expect_out "l-image.txt: error: text-cleanup/clean: text-cleanup: this file is a PNG image" "a PNG is named as such"
expect_out "m-archive.txt: error" "a zip is refused"; expect_out "n-document.txt: error" "a PDF is refused"
n=$(grep -o "<article " out/b.xml | wc -l)
[ "$n" = 11 ] && pass "the readable documents still make the book" || fail "$n articles after binary inputs"
rm in/l-image.txt in/m-archive.txt in/n-document.txt

# Size limit: a file above --max-input-mb is refused, not read.
head -c 3000000 /dev/zero | tr '\0' 'x' >in/o-huge.txt
run "$PUBPIPE" run p.yaml --max-input-mb 2
expect_rc 1 "a file above the size limit"; expect_out "o-huge.txt" "the refusal names the file"
rm in/o-huge.txt

# A single 100 MB line, and a 1 GB file: refused by the default limit,
# before they are read (the 1 GB file is sparse: nothing is read to refuse it).
head -c 100000000 /dev/zero | tr '\0' a >in/q-line.txt
truncate -s 1G in/r-huge.txt
run "$PUBPIPE" run p.yaml
expect_rc 1 "a 100 MB line and a 1 GB file"
expect_out "q-line.txt: error: the input is 95 MiB, over the limit of 64 MiB (--max-input-mb)" "the 100 MB line is refused with the limit named"
expect_out "r-huge.txt: error: the input is 1024 MiB" "the 1 GB file is refused"
n=$(grep -o "<article " out/b.xml | wc -l)
[ "$n" = 11 ] && pass "the other documents still make the book" || fail "$n articles beside the huge inputs"
rm in/q-line.txt in/r-huge.txt

# An unreadable input, and an output folder that cannot be written: run as
# an unprivileged user (the tests run as root, who can read anything).
if command -v setpriv >/dev/null; then
  mkdir -p "$WORK/nobody/in" "$WORK/nobody/out" "$WORK/nobody/ro"
  cp in/a-plain.txt in/k-markup.txt "$WORK/nobody/in/"
  chmod 000 "$WORK/nobody/in/k-markup.txt"
  chmod 777 "$WORK/nobody" "$WORK/nobody/out"; chmod 555 "$WORK/nobody/ro"; chmod 755 "$WORK"
  pipeline "$WORK/nobody/p.yaml" "[$WORK/nobody/in/*.txt]" "$ALL" "[{plugin: docbook, path: $WORK/nobody/out/b.xml}]"
  chmod 644 "$WORK/nobody/p.yaml"
  as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
  run as_nobody "$PUBPIPE" run "$WORK/nobody/p.yaml"
  expect_rc 1 "an unreadable input"; expect_out "k-markup.txt: error: cannot read the input (permissions?)" "names it and says why"
  grep -q "Plain Title" "$WORK/nobody/out/b.xml" && pass "the readable input still makes the book" || fail "no book beside the unreadable input"
  pipeline "$WORK/nobody/q.yaml" "[$WORK/nobody/in/a-plain.txt]" "$ALL" "[{plugin: docbook, path: $WORK/nobody/ro/b.xml}]"
  chmod 644 "$WORK/nobody/q.yaml"
  run as_nobody "$PUBPIPE" validate "$WORK/nobody/q.yaml"
  expect_rc 2 "an output folder that cannot be written"; expect_out "ro" "names it"
else
  fail "setpriv (util-linux) is missing: cannot test permissions"
fi

# Glossaries: malformed, and too large.
printf 'terms:\n  - term: A\n    definition: [unclosed\n' >bad-glossary.yaml
pipeline g.yaml "[$WORK/in/a-plain.txt]" "[{plugin: text-cleanup}, {plugin: section-detect}, {plugin: link-normalize, with: {glossary: $WORK/bad-glossary.yaml}}]" \
  "[{plugin: docbook, path: $WORK/out/g.xml}]"
run "$PUBPIPE" run g.yaml; expect_rc 1 "a malformed glossary"; expect_out "bad-glossary.yaml:4:1" "with its line and column"
printf 'terms:\n  - term: A\n    definition: x\n  - term: A\n    definition: y\n' >dup-glossary.yaml
sed -i "s|bad-glossary|dup-glossary|" g.yaml
run "$PUBPIPE" run g.yaml; expect_rc 1 "a glossary defining a term twice"; expect_out "dup-glossary.yaml:4:5: the term 'A' is defined twice" "says where"
python3 -c "
print('terms:')
for i in range(60000): print('  - {term: t%d, definition: d}' % i)" >big-glossary.yaml
sed -i "s|dup-glossary|big-glossary|" g.yaml
run "$PUBPIPE" run g.yaml; expect_rc 1 "a glossary beyond the YAML budget"; expect_out "big-glossary.yaml" "names it"

# Inputs that are not files.
mkdir in/p-folder.txt
run "$PUBPIPE" run p.yaml; expect_rc 0 "a glob does not match folders"
pipeline f.yaml "[$WORK/in/a-plain.txt, $WORK/in/p-folder.txt]" "$ALL" "[{plugin: docbook, path: $WORK/out/f.xml}]"
run "$PUBPIPE" run f.yaml; expect_rc 2 "a folder named as an input"; expect_out "f.yaml:3:" "at its place in the pipeline"
expect_out "p-folder.txt' is a folder" "names the folder"
rmdir in/p-folder.txt
pipeline q.yaml "[$WORK/in/missing.txt]" "$ALL" "[{plugin: docbook, path: $WORK/out/q.xml}]"
run "$PUBPIPE" validate q.yaml; expect_rc 2 "a missing input"; expect_out "missing.txt" "names the missing file"

# Outputs that would destroy an input, or cannot be written.
ln -s "$WORK/in/a-plain.txt" link.xml
for target in "$WORK/in/a-plain.txt" "$WORK/link.xml" "$WORK/in" "$WORK/nowhere/b.xml"; do
  pipeline r.yaml "[$WORK/in/*.txt]" "$ALL" "[{plugin: docbook, path: $target}]"
  run "$PUBPIPE" validate r.yaml; expect_rc 2 "output $target is refused"
done
[ "$(head -1 in/a-plain.txt)" = "Plain Title" ] && pass "the input is intact" || fail "an input was overwritten"

# Every option of every built-in plugin, given a value of the wrong type.
for plugin in text-cleanup section-detect link-normalize docbook epub xsl-fo; do
  for opt in $("$PUBPIPE" plugins "$plugin" --markdown | awk -F'|' '/^\| `/ {gsub(/[ `]/, "", $2); print $2}'); do
    where=stages; [ "$plugin" = docbook ] || [ "$plugin" = epub ] || [ "$plugin" = xsl-fo ] && where=outputs
    if [ $where = stages ]; then
      pipeline o.yaml "[$WORK/in/*.txt]" "[{plugin: $plugin, with: {$opt: {wrong: type}}}]" "[{plugin: docbook, path: $WORK/out/o.xml}]"
    else
      pipeline o.yaml "[$WORK/in/*.txt]" "$ALL" "[{plugin: $plugin, path: $WORK/out/o.out, with: {$opt: {wrong: type}}}]"
    fi
    run "$PUBPIPE" validate o.yaml
    if [ "$rc" = 2 ] && grep -q "o.yaml:[0-9]*:[0-9]*: error: option '$opt' of plugin '$plugin'" <<<"$out"; then :
    else fail "$plugin.$opt given a map: exit $rc: $out"; fi
    checked=$((${checked:-0} + 1))
  done
done
[ "${checked:-0}" -ge 40 ] && pass "$checked options refuse a value of the wrong type" || fail "only ${checked:-0} options checked"
finish
