// The extension's pure decisions, under Node: what a context-menu click asks to check, which sites the scan is
// registered for, where the panel goes, and the classic-script bundler that builds the content script.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import vm from 'node:vm';

import { failureNotices } from '../../extension/fetch-failures.js';
import { placePanel } from '../../extension/placement.js';
import { scanRegistration, siteOf, sitesWithPermission } from '../../extension/sites.js';
import { MENU_CONTEXTS, clickTarget, nameFromUrl, sitePattern } from '../../extension/targets.js';
import { bundleClassic } from '../../scripts/lib/bundle-classic.mjs';
import { remToVar } from '../../scripts/lib/assemble-common.mjs';

const PAGE = 'https://news.example.org/story/1';

test('the menu offers itself on pictures, video, audio, links and selected text', () => {
  assert.deepEqual(MENU_CONTEXTS, ['image', 'video', 'audio', 'link', 'selection']);
});

test('a click on media checks its source; another site is marked for a permission request', () => {
  assert.deepEqual(clickTarget({ mediaType: 'image', srcUrl: 'https://news.example.org/a/photo%201.jpg', pageUrl: PAGE }),
    { kind: 'url', url: 'https://news.example.org/a/photo%201.jpg', name: 'photo 1.jpg', mediaType: 'image', crossOrigin: false });
  const cdn = clickTarget({ mediaType: 'video', srcUrl: 'https://cdn.example.net/v.mp4?sig=1', pageUrl: PAGE });
  assert.equal(cdn.crossOrigin, true);
  assert.equal(cdn.name, 'v.mp4');
  assert.equal(sitePattern(cdn.url), 'https://cdn.example.net/*');
  // In a frame, the frame's origin is what the page part can read.
  assert.equal(clickTarget({ mediaType: 'image', srcUrl: 'https://cdn.example.net/i.png', pageUrl: PAGE, frameUrl: 'https://cdn.example.net/embed' }).crossOrigin, false);
  assert.equal(sitePattern('http://127.0.0.1:8080/x.png'), 'http://127.0.0.1/*', 'match patterns carry no port');
});

test('pictures inside links are the pictures; selected text wins over its link; blob: and other schemes', () => {
  assert.equal(clickTarget({ mediaType: 'image', srcUrl: 'https://a.org/i.png', linkUrl: 'https://a.org/page', pageUrl: 'https://a.org/' }).url, 'https://a.org/i.png');
  assert.deepEqual(clickTarget({ selectionText: '本文由AI生成', linkUrl: 'https://a.org/x', pageUrl: 'https://a.org/' }),
    { kind: 'text', text: '本文由AI生成', name: 'selection.txt' });
  assert.equal(clickTarget({ linkUrl: 'https://a.org/file.webp', pageUrl: 'https://a.org/' }).mediaType, 'link');
  const blob = clickTarget({ mediaType: 'video', srcUrl: 'blob:https://a.org/1234', pageUrl: 'https://a.org/' });
  assert.equal(blob.pageOnly, true, 'only the page can read its blob: URLs');
  assert.equal(clickTarget({ mediaType: 'image', srcUrl: 'data:image/png;base64,AAAA', pageUrl: PAGE }).name, 'data (image/png)');
  assert.equal(clickTarget({ mediaType: 'image', srcUrl: 'chrome://favicon/x', pageUrl: PAGE }).kind, 'unsupported');
  assert.equal(clickTarget({ pageUrl: PAGE }).kind, 'unsupported');
  assert.equal(clickTarget({ mediaType: 'image', srcUrl: 'not a url', pageUrl: PAGE }).kind, 'unsupported');
});

test('file names from addresses', () => {
  assert.equal(nameFromUrl('https://a.org/'), 'a.org');
  assert.equal(nameFromUrl('https://a.org/%E5%9B%BE.png'), '图.png');
  assert.equal(nameFromUrl('https://a.org/bad%E5.png'), 'bad%E5.png');
  assert.equal(nameFromUrl('nonsense'), 'file');
  assert.ok(nameFromUrl(`https://a.org/${'x'.repeat(500)}`).length <= 200);
});

test('scan registration: exactly the sites turned on and still permitted', () => {
  assert.equal(siteOf('https://a.org:8443/x?y'), 'https://a.org');
  assert.equal(siteOf('chrome://extensions'), null);
  assert.equal(siteOf('file:///tmp/x.html'), null);
  assert.equal(scanRegistration([]), null);
  assert.deepEqual(scanRegistration(['https://b.org', 'https://a.org', 'https://a.org', 'javascript:alert(1)']), {
    id: 'dsmark-scan', matches: ['https://a.org/*', 'https://b.org/*'], js: ['content.js'], runAt: 'document_idle', allFrames: false,
  });
  assert.deepEqual(sitesWithPermission(['https://a.org', 'https://b.org', 'http://c.org'], ['https://a.org/*', '*://c.org/*']), ['https://a.org', 'http://c.org']);
  assert.deepEqual(sitesWithPermission(['https://a.org'], []), []);
  assert.deepEqual(sitesWithPermission(['https://a.org'], ['<all_urls>']), ['https://a.org']);
});

test('the panel goes beside the element, inside the window', () => {
  const vp = { width: 1280, height: 800 };
  assert.deepEqual(placePanel({ left: 10, top: 100, right: 310, bottom: 400 }, vp, 380, 560), { left: 318, top: 100, width: 380, maxHeight: 692 });
  // No room on the right: on the left.
  assert.equal(placePanel({ left: 900, top: 100, right: 1270, bottom: 400 }, vp, 380, 560).left, 900 - 8 - 380);
  // A wide element: below it, or above it when there is more room there; never outside the window.
  const below = placePanel({ left: 0, top: 50, right: 1280, bottom: 200 }, vp, 380, 560);
  assert.equal(below.top, 208);
  const above = placePanel({ left: 0, top: 700, right: 1280, bottom: 780 }, vp, 380, 560);
  assert.ok(above.top >= 8 && above.top + above.maxHeight <= 700 - 8 + 0.5, JSON.stringify(above));
  const phone = placePanel({ left: 0, top: 0, right: 390, bottom: 300 }, { width: 390, height: 844 }, 380, 560);
  assert.ok(phone.left >= 8 && phone.left + phone.width <= 390 - 8, JSON.stringify(phone));
  assert.deepEqual(placePanel(null, vp, 380, 560), { left: 1280 - 380 - 8, top: 8, width: 380, maxHeight: 784 });
});

test('fetch failures are told in the page\'s words', () => {
  assert.deepEqual(failureNotices({ error: 'http', status: 403 }, {}), [{ key: 'url.http', vars: { status: 403 } }]);
  assert.deepEqual(failureNotices({ error: 'blocked' }, { site: 'cdn.example.net' }).map((n) => n.key), ['url.blocked', 'ext.fetch.permission']);
  assert.deepEqual(failureNotices({ error: 'blocked' }, {}).map((n) => n.key), ['url.blocked']);
  assert.deepEqual(failureNotices({ error: 'stream' }, {}).map((n) => n.key), ['ext.fetch.stream']);
  assert.deepEqual(failureNotices({ error: 'whatever' }, {}).map((n) => n.key), ['url.network']);
});

test('the content-script bundler: named imports resolved in order, nothing leaks, unknown syntax refused', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsmark-bundle-'));
  const w = (name, text) => fs.writeFileSync(path.join(dir, name), text);
  w('a.js', "import { b, c as see } from './b.js';\nexport const out = b() + see;\nglobalThis.result = out;\n");
  w('b.js', "import { c } from './c.js';\nexport function b() { return `b${c}`; }\nexport { c };\n");
  assert.throws(() => bundleClassic(path.join(dir, 'a.js')), /export form/);
  w('b.js', "import { c } from './c.js';\nexport function b() { return `b${c}`; }\nexport const again = c;\n");
  w('c.js', "export const c = 'c';\nconst hidden = 1;\n");
  assert.throws(() => bundleClassic(path.join(dir, 'a.js')), /does not export c/);
  w('a.js', "import { b, again as see } from './b.js';\nexport const out = b() + see;\nglobalThis.result = out;\n");
  const code = bundleClassic(path.join(dir, 'a.js'));
  const sandbox = {};
  sandbox.globalThis = sandbox;
  vm.runInNewContext(code, sandbox);
  assert.equal(sandbox.result, 'bcc');
  assert.deepEqual(Object.keys(sandbox).sort(), ['globalThis', 'result'], 'no module binding leaks');
  w('d.js', "import x from './c.js';\n");
  assert.throws(() => bundleClassic(path.join(dir, 'd.js')), /import form/);
  w('e.js', "const m = import('./c.js');\n");
  assert.throws(() => bundleClassic(path.join(dir, 'e.js')), /dynamic import/);
  w('f.js', "import { g } from './g.js';\n");
  w('g.js', "import { f } from './f.js';\nexport const g = 1;\n");
  assert.throws(() => bundleClassic(path.join(dir, 'f.js')), /cycle/);
  fs.rmSync(dir, { recursive: true });
});

test('rem lengths become multiples of the panel\'s own unit, except in media conditions', () => {
  assert.equal(remToVar('a { margin: 0.5rem 1rem; }\n@media (min-width: 40rem) {\n  b { top: .25rem }\n}', '--u'),
    'a { margin: calc(0.5 * var(--u)) calc(1 * var(--u)); }\n@media (min-width: 40rem) {\n  b { top: calc(.25 * var(--u)) }\n}');
});
