// Opens sink-service's dashboard in headless Chromium (Debian's chromium, driven by playwright-core),
// waits while events flow, and prints what the page showed as one JSON line; saves a screenshot.
// Usage: node dashboard-check.mjs URL SCREENSHOT [CHROMIUM]
import { chromium } from 'playwright-core';

const [url, screenshot, executable = '/usr/bin/chromium'] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: executable, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  const number = async (id) => Number((await page.textContent('#' + id)).replace(/[^0-9]/g, '') || '0');
  const count = async (table) => page.locator('#' + table + ' tbody tr').count();
  await page.waitForFunction(() => Number(document.getElementById('events-total').textContent) > 0, null, { timeout: 30000 });
  const totalStart = await number('events-total');
  const ledgerStart = await number('latest-ledger');
  await page.waitForFunction((t) => Number(document.getElementById('events-total').textContent) > t, totalStart, { timeout: 30000 });
  await page.waitForFunction(() => document.querySelectorAll('#groups tbody tr').length > 0
      && Number(document.getElementById('lake-events').textContent) > 0, null, { timeout: 30000 });
  await page.waitForTimeout(1500);
  const result = {
    totalStart,
    totalEnd: await number('events-total'),
    ledgerStart,
    ledgerEnd: await number('latest-ledger'),
    rate: await number('rate'),
    latestRows: await count('latest'),
    assetRows: await count('assets'),
    groupRows: await count('groups'),
    tableRows: await count('tables'),
    lakeEvents: await number('lake-events'),
    feedState: await page.textContent('#feed-state'),
    firstLatest: await page.textContent('#latest tbody tr:first-child td:first-child'),
    errors,
  };
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
