# What a newcomer gets: the EPUB's first article rendered by headless
# Chromium, and the PDF's first pages by pdftoppm, as PNG images.
# UPDATE_SCREENSHOTS=1 copies them to docs/screenshots/ (shown in the README).
. "$(dirname "$0")/lib.sh"
cd "$WORK"
run "$PUBPIPE" run "$SRC/pipelines/book.yaml" -D "outputs.0.path=$WORK/r.xml" -D "outputs.1.path=$WORK/r.epub" \
  -D "outputs.2.path=$WORK/r.fo" -D "outputs.2.with.pdf=$WORK/r.pdf"
expect_rc 0 "the sample reader"
mkdir -p epub shots && (cd epub && unzip -q ../r.epub)
first=$(grep -o 'href="ch-[^"]*\.xhtml"' epub/EPUB/nav.xhtml | head -1 | sed 's/href="//; s/"//')
HOME="$WORK" timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=700,1000 \
  --screenshot="$WORK/shots/epub-first-article.png" "file://$WORK/epub/EPUB/$first" >chromium.log 2>&1
pdftoppm -r 60 -png -f 1 -l 3 r.pdf shots/pdf
for png in shots/epub-first-article.png shots/pdf-1.png shots/pdf-2.png shots/pdf-3.png; do
  if [ "$(head -c 8 "$png" 2>/dev/null | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] && [ "$(stat -c %s "$png")" -gt 10000 ]; then
    pass "$png rendered ($(stat -c %s "$png") bytes)"
  else fail "$png was not rendered: $(tail -3 chromium.log)"; fi
done
if [ "${UPDATE_SCREENSHOTS:-0}" = 1 ]; then cp shots/*.png "$SRC/docs/screenshots/" && echo "copied to docs/screenshots"; fi
finish
