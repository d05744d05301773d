// The throughput benchmark's Playwright contestant: one browser, one page, and for each
// generated page a goto and one evaluate that reads the same five regions the harness
// reads. Prints one JSON line: the whole wall time, the page loop's, and the first result.
//
//   node loop.js BASE_URL PAGES CHROMIUM
'use strict';
const started = process.hrtime.bigint();
const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
const { chromium } = require('playwright-core');

const REGIONS = ['article h1', 'article .body', '#player', '#stories', '#comments'];

(async () => {
  const [base, count, executablePath] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless=new', '--no-sandbox', '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const loopStart = ms();
  let first = 0;
  for (let i = 0; i < Number(count); i++) {
    const name = String(i).padStart(3, '0');
    await page.goto(`${base}pages/article-${name}.html`, { waitUntil: 'load' });
    const texts = await page.evaluate((selectors) => {
      for (const ad of document.querySelectorAll('.ad')) ad.remove();
      return selectors.map((s) =>
        Array.from(document.querySelectorAll(s), (e) => e.innerText).join('\n'));
    }, REGIONS);
    if (!texts[4].includes('Kommentare')) throw new Error(`page ${name} was not read`);
    if (i === 0) first = ms();
  }
  const loop = ms() - loopStart;
  await browser.close();
  console.log(JSON.stringify({ wall_ms: ms(), loop_ms: loop, first_ms: first }));
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
