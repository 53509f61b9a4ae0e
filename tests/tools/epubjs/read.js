// read.js: opens an unpacked EPUB with epub.js in headless Chromium
// (puppeteer-core, Debian's Chromium), follows the table of contents, a
// footnote and a link to another article as a reader would (clicking the
// link inside the page), and saves a screenshot after each.  Each step
// checks where epub.js really went: the displayed range of the book holds
// the target element (compared as EPUB CFIs).  Prints one JSON line.
//
//   node read.js NODE_MODULES EPUB_FOLDER OUT_FOLDER
'use strict';
const path = require('path');
const fs = require('fs');
const [modules, folder, out] = process.argv.slice(2).map((p) => path.resolve(p));
const puppeteer = require(path.join(modules, 'puppeteer-core'));

(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'],
  });
  const result = { steps: [] };
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 600, height: 800 });
    const harness = path.join(out, 'epubjs.html');
    fs.writeFileSync(harness, '<!DOCTYPE html><html><head><meta charset="utf-8">' +
      `<script src="file://${modules}/jszip/dist/jszip.min.js"></script>` +
      `<script src="file://${modules}/epubjs/dist/epub.min.js"></script></head>` +
      '<body style="margin:0;background:#fff"><div id="viewer" style="width:600px;height:800px"></div></body></html>');
    await page.goto('file://' + harness);
    await page.evaluate(async (opf) => {
      window.book = ePub(opf);
      window.rendition = book.renderTo('viewer', { width: 600, height: 800, spread: 'none' });
      await book.ready;
      await rendition.display();
      // Where epub.js is, and whether the element `id` of file `href` is on
      // the displayed page.
      window.shows = (href, id) => {
        const loc = rendition.currentLocation();
        const file = (h) => h.split('#')[0].split('/').pop();
        const at = { href: loc.start.href, start: loc.start.cfi, end: loc.end.cfi };
        if (file(loc.start.href) !== file(href)) return Object.assign(at, { ok: false, why: 'another file' });
        if (!id) return Object.assign(at, { ok: true });
        const el = rendition.getContents()[0].document.getElementById(id);
        if (!el) return Object.assign(at, { ok: false, why: 'no element ' + id });
        const section = book.spine.get(loc.start.href);
        const cfi = section.cfiFromElement(el);
        const cmp = new ePub.CFI();
        // On the page: it starts within the displayed range, or holds its start.
        const holds = loc.start.cfi.slice(0, -1).startsWith(cfi.slice(0, -1));
        return Object.assign(at, { target: cfi, ok: holds || (cmp.compare(loc.start.cfi, cfi) <= 0 && cmp.compare(cfi, loc.end.cfi) <= 0) });
      };
      window.moved = () => new Promise((resolve) => rendition.once('relocated', () => setTimeout(resolve, 300)));
      // Clicks the first link in the displayed document that `pick` accepts.
      window.follow = async (pick) => {
        for (const c of rendition.getContents())
          for (const a of c.document.querySelectorAll('a[href]'))
            if (pick(a)) {
              const [file, hash] = a.getAttribute('href').split('#');
              const here = rendition.currentLocation().start.href.split('/').pop();
              const done = moved();
              a.click();
              await done;
              return { href: file || here, id: decodeURIComponent(hash || ''), text: a.textContent.trim() };
            }
        return null;
      };
    }, 'file://' + path.join(folder, 'EPUB', 'package.opf'));

    const shot = async (name) => {
      const file = path.join(out, name);
      await page.screenshot({ path: file });
      return file;
    };
    // 1. The table of contents: its last article.
    const toc = await page.evaluate(async () => {
      const items = book.navigation.toc.filter((t) => /ch-/.test(t.href));
      const t = items[items.length - 1];
      const done = moved();
      await rendition.display(t.href);
      await done.catch(() => {});
      return { label: t.label.trim(), href: t.href, at: shows(t.href, null) };
    });
    toc.screenshot = await shot('epubjs-toc.png');
    result.steps.push(Object.assign({ step: 'toc' }, toc));
    // 2. A footnote (a glossary term's noteref) in that article.
    const note = await page.evaluate(async () => {
      const link = await follow((a) => a.getAttribute('role') === 'doc-noteref');
      return link && Object.assign(link, { at: shows(link.href, link.id) });
    });
    if (note) note.screenshot = await shot('epubjs-footnote.png');
    result.steps.push(Object.assign({ step: 'footnote' }, note || { at: { ok: false, why: 'no noteref' } }));
    // 3. A link to another article, from the first article that has one.
    const cross = await page.evaluate(async () => {
      for (const item of book.spine.spineItems) {
        if (!/ch-/.test(item.href)) continue;
        const done = moved();
        await rendition.display(item.href);
        await done.catch(() => {});
        const here = item.href.split('/').pop();
        for (let k = 0; k < 40; ++k) {
          const link = await follow((a) => /^ch-[^#]*\.xhtml/.test(a.getAttribute('href')) && a.getAttribute('href').split('#')[0] !== here);
          if (link) return Object.assign(link, { from: here, at: shows(link.href, link.id) });
          const loc = rendition.currentLocation();
          if (loc.atEnd || loc.end.href.split('/').pop() !== here) break;
          const next = moved();
          await rendition.next();
          await next;
        }
      }
      return null;
    });
    if (cross) cross.screenshot = await shot('epubjs-cross-link.png');
    result.steps.push(Object.assign({ step: 'cross-article link' }, cross || { at: { ok: false, why: 'no link to another article' } }));
  } catch (e) {
    result.error = String(e && e.stack || e);
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(result));
})();
