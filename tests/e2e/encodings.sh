# Encodings and mojibake end to end (issue 14): whole files in legacy code
# pages are detected and reported, the encoding option forces one, mojibake
# is repaired and reported, and clean text that looks like mojibake, C1
# controls the repair cannot place, and no-break spaces come out as they
# went in.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
mkdir in out forced
printf 'Zażółć gęślą jaźń\n\nPółnocna część miasta Łódź leży nad rzeką. Mieszkańcy mówią, że życie tutaj jest spokojne.\n' |
  iconv -f UTF-8 -t CP1250 >in/a-polish.txt
printf 'Новости\n\nСъешь же ещё этих мягких французских булок, да выпей чаю. Москва - столица России.\n' |
  iconv -f UTF-8 -t KOI8-R >in/b-russian.txt
printf '日本語のニュース\n\n今日は東京で大きな会議が開かれました。多くの人が参加しました。\n' | iconv -f UTF-8 -t SHIFT_JIS >in/c-japanese.txt
printf 'Mojibake Here\n\nThe councilÃ¢â‚¬â„¢s vote is due Ã¢â‚¬â€œ or not.\n\nLe barÃ¨me, lâ€™Ã©valuation, et la grÃ¨ve.\n' >in/d-mojibake.txt
printf 'Clean But Odd\n\nSizes 4288×… and 5×£35, Join ZZAJÉ’s list, Charlotte Brontë…”, NESTLÉ® and ├┤a┼┐a.\n\nΗ Αθήνα, Москва, 東京, עברית, العربية, (-1/2)! = √π, 👍🎉.\n' >in/e-clean.txt
printf 'Control Codes\n\nAn undefined byte \xc2\x81 stays, parl\xc3\xa9\xc2\x85 Tu gets its ellipsis, and 5\xc2\xa0km its no-break space.\n' >in/f-c1.txt

pipeline p.yaml "[$WORK/in/*.txt]" "[{plugin: text-cleanup, with: {spelling: off}}, {plugin: section-detect}]" "[{plugin: docbook, path: $WORK/out/b.xml}]"
run "$PUBPIPE" run p.yaml -v
expect_rc 0 "legacy code pages, mojibake and clean text"
expect_out "a-polish.txt:1: note: text-cleanup/clean: read as windows-1250 (detected)" "windows-1250 is detected and reported"
expect_out "b-russian.txt:1: note: text-cleanup/clean: read as koi8-r (detected)" "KOI8-R is detected and reported"
expect_out "c-japanese.txt:1: note: text-cleanup/clean: read as shift_jis (detected)" "Shift_JIS is detected and reported"
expect_out "d-mojibake.txt:3: note: text-cleanup/clean: repaired mojibake (UTF-8 read as windows-1252, twice)" "double mojibake is reported with its line"
expect_out "d-mojibake.txt:5: note: text-cleanup/clean: repaired mojibake" "mixed mojibake is reported with its line"
expect_no_out "e-clean.txt:3: note: text-cleanup/clean: repaired" "clean text is not repaired"
for want in "Północna część miasta Łódź leży nad rzeką." "Съешь же ещё этих мягких французских булок" "今日は東京で大きな会議が開かれました。" \
            "The council’s vote is due – or not." "Le barème, l’évaluation, et la grève." \
            "Sizes 4288×… and 5×£35, Join ZZAJÉ’s list, Charlotte Brontë…”, NESTLÉ® and ├┤a┼┐a." \
            "Η Αθήνα, Москва, 東京, עברית, العربية, (-1/2)! = √π, 👍🎉." \
            $'An undefined byte \xc2\x81 stays, parlé… Tu gets its ellipsis, and 5\xc2\xa0km its no-break space.'; do
  grep -qF -- "$want" out/b.xml && pass "in the book: ${want:0:40}" || fail "not in the book: $want"
done
python3 - out/b.xml <<'PY' && pass "the DocBook with a C1 control parses" || fail "the DocBook does not parse"
import sys, xml.etree.ElementTree as ET; ET.parse(sys.argv[1])
PY

# The option forces a code page, and the note says so; mojibake: false leaves the text.
pipeline f.yaml "[$WORK/in/b-russian.txt, $WORK/in/d-mojibake.txt]" \
  "[{plugin: text-cleanup, with: {spelling: off, encoding: koi8-r, mojibake: false}}, {plugin: section-detect}]" \
  "[{plugin: docbook, path: $WORK/forced/b.xml}]"
run "$PUBPIPE" run f.yaml -v
expect_rc 0 "a forced encoding"
expect_out "b-russian.txt:1: note: text-cleanup/clean: read as koi8-r (forced)" "a forced encoding is reported"
expect_no_out "repaired mojibake" "mojibake: false repairs nothing"
grep -qF "Съешь же ещё" forced/b.xml && pass "the forced code page reads the text" || fail "the forced code page"
finish
