#!/usr/bin/env bash
# Real scraped pages (tests/data/real-pages: BBC and NYT, three scrape styles):
# the article is found, the page's navigation and footer are not in the book,
# and every block left out is reported with its line.
source "$(dirname "$0")/lib.sh"
data=$SRC/tests/data/real-pages
for style in articles articles-w3m articles-innertext; do
  cat >"$WORK/$style.yaml" <<YAML
pubpipe: 1
book: {title: Pages, language: en}
inputs: ["$data/$style/007-bbc-1.txt", "$data/$style/042-nytimes-1.txt"]
stages: [{plugin: text-cleanup}, {plugin: section-detect}, {plugin: link-normalize}]
outputs: [{plugin: docbook, path: "$WORK/$style.xml"}]
YAML
  run "$PUBPIPE" run "$WORK/$style.yaml" -v
  expect_rc 0 "$style: the pages make a book"
  expect_out "007-bbc-1.txt: note: text-cleanup/clean: layout: a web page" "$style: the BBC page is taken for a page"
  if grep -qE "007-bbc-1.txt:[0-9]+: note: text-cleanup/clean: removed page boilerplate 'Accessibility links'" <<<"$out"; then
    pass "$style: a left-out block is reported with its line"
  else fail "$style: no note with a line for the left-out 'Accessibility links'"; fi
  # What must hold on these pages: the article's paragraphs are there, whole,
  # and the menus are not.
  python3 - "$WORK/$style.xml" "$data/gold.json" "$style" <<'PY' || fail "$style: the articles were not found (above)"
import json, re, sys, xml.etree.ElementTree as ET
book, gold, style = sys.argv[1:]
ns = '{http://docbook.org/ns/docbook}'
arts = ET.parse(book).getroot().findall(ns + 'article')
norm = lambda s: re.sub(r'\s+', ' ', re.sub('[\u2010-\u2015]', '-', s)).strip()
bad = 0
for art, g in zip(arts, json.load(open(gold))['articles']):
    paras = [norm(''.join(p.itertext())) for p in art.iter(ns + 'para')]
    body = '\n'.join(paras)
    first = [norm(p) for p in g['paragraphs'][:5]]
    missing = [p for p in first if p not in body]
    if missing:
        print(f'{style} {g["name"]}: lead paragraphs missing: {missing[:2]}'); bad += 1
    for menu in ('Accessibility links', 'Skip to content', 'BBC navigation', 'Search the BBC', 'Terms of Service', 'Site Index'):
        if menu in paras:
            print(f'{style} {g["name"]}: menu entry kept: {menu}'); bad += 1
sys.exit(1 if bad else 0)
PY
  [ $? = 0 ] && pass "$style: the lead paragraphs are there and the menus are not"
  score=$(python3 "$SRC/tests/tools/score-real.py" "$data/gold.json" "$WORK/$style.xml" --quiet | tail -1)
  echo "$style: $score"
done
# get_text keeps the page's <title>: the headline is the line it repeats.
python3 - "$WORK/articles.xml" <<'PY' && pass "get_text: the headlines without ' - BBC News'" || fail "get_text: headlines"
import sys, xml.etree.ElementTree as ET
ns = '{http://docbook.org/ns/docbook}'
t = [a.find(ns + 'info/' + ns + 'title').text for a in ET.parse(sys.argv[1]).getroot().findall(ns + 'article')]
print(t)
sys.exit(0 if t[0] == "Obama admits US gun laws are his 'biggest frustration'" and t[1] == 'United States to Lift Sudan Sanctions' else 1)
PY
finish
