// Takes the README's screenshots of the page (wide and 360 px) with fixture 004 checked
// and its first finding selected. `node tests/browser/screenshot.mjs` after ./build.sh wasm.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WWW, enterText, fixture, launch, open, startServer } from './helpers.mjs';

const out = fileURLToPath(new URL('screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });
const server = await startServer({ root: WWW });
const browser = await launch();
try {
  for (const [name, viewport, full] of [['page.png', { width: 1360, height: 900 }, false], ['page-360.png', { width: 360, height: 780 }, false]]) {
    const p = await open(browser, server.url, { viewport });
    await enterText(p.page, fixture(process.env.SHOT_FIXTURE || '004').text);
    await p.page.click('button.nb-finding');
    await p.page.evaluate(() => window.scrollTo(0, 0));
    if (viewport.width < 600) await p.page.evaluate(() => document.querySelector('.nb-results').scrollIntoView());
    await p.page.screenshot({ path: join(out, name), fullPage: full });
    await p.context.close();
    console.log(join(out, name));
  }
} finally {
  await browser.close();
  await server.close();
}
