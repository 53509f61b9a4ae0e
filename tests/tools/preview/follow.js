// follow.js: watches a page of `pubpipe serve` that is open in a running
// Chromium (attached over its DevTools port with puppeteer-core; the page is
// not navigated or touched), edits an article and records every reload of
// the page that follows: when it came (seconds after the article file was
// written), its title, the preview panel's phase, and how many page-break
// markers (the PDF's page list) it has.  Prints one JSON line.
//
//   node follow.js NODE_MODULES DEVTOOLS_PORT ARTICLE OLD_TITLE NEW_TITLE
// It first waits for the page's final book with OLD_TITLE, then writes
// NEW_TITLE as the article's first line, then waits for the final book with
// NEW_TITLE (180 s at most).
'use strict';
const path = require('path');
const fs = require('fs');
const [modules, port, article, oldTitle, newTitle] = process.argv.slice(2);
const puppeteer = require(path.join(path.resolve(modules), 'puppeteer-core'));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const state = (page) =>
  page.evaluate(() => {
    const phase = document.getElementById('pubpipe-phase');
    return {
      title: document.title,
      phase: phase ? phase.textContent : '',
      pagebreaks: document.querySelectorAll('[role="doc-pagebreak"]').length,
    };
  });
// Polls fn (a page's state may be read while it reloads: then it throws).
async function until(fn, seconds) {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      /* the page is reloading */
    }
    await sleep(20);
  }
  return null;
}

(async () => {
  const result = { loads: [] };
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}`, defaultViewport: null });
  try {
    const page = (await browser.pages()).find((p) => p.url().includes('/book/EPUB/'));
    if (!page) throw new Error('no page of the book is open');
    const before = await until(async () => {
      const s = await state(page);
      return s.title.includes(oldTitle) && s.phase === 'final' ? s : null;
    }, 180);
    if (!before) throw new Error('the page never showed the final book with ' + oldTitle);
    result.before = before;
    let t0 = 0;
    page.on('load', async () => {
      const at = (Date.now() - t0) / 1000;
      try {
        result.loads.push(Object.assign({ at }, await state(page)));
      } catch (e) {
        result.loads.push({ at, error: String(e) });
      }
    });
    const lines = fs.readFileSync(article, 'utf8').split('\n');
    lines[0] = newTitle;
    fs.writeFileSync(article, lines.join('\n'));
    t0 = Date.now();
    const done = await until(async () => {
      const last = result.loads[result.loads.length - 1];
      return last && last.phase === 'final' && last.title.includes(newTitle);
    }, 180);
    if (!done) result.error = 'no reload showed the final book with ' + newTitle;
  } catch (e) {
    result.error = String(e && e.stack ? e.stack : e);
  } finally {
    browser.disconnect();
  }
  console.log(JSON.stringify(result));
})();
