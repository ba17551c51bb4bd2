// Headless Chromium with the unpacked extension, for the extension's browser tests.
//
// What works with Debian's /usr/bin/chromium (156) and playwright-core: `--headless` (the new headless mode) loads
// an unpacked MV3 extension with --disable-extensions-except/--load-extension in a persistent context; its service
// worker, offscreen document (reason WORKERS) and content scripts all run. What cannot be done headless: clicking a
// native context-menu item, and answering a permission prompt (chrome.permissions.request() stays pending). So the
// tests (1) grant activeTab the way a user does, by invoking the extension's toolbar action on the tab
// (DevTools protocol Extensions.triggerAction, which needs --enable-unsafe-extension-debugging and a pipe
// connection, both of which playwright uses), then (2) call, inside the service worker, the very handler the
// contextMenus.onClicked listener calls, with the same OnClickData and Tab. The in-page panel sits in a closed
// Shadow DOM, which page scripts cannot read; the tests read it through the DevTools protocol's DOM domain.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium } from 'playwright-core';

import { repoRoot } from '../../scripts/lib/wasm-node.mjs';
import { CHROMIUM_ARGS } from './browser.mjs';

export const extensionDir = (browser = 'chromium') => path.join(repoRoot, 'build/extension', browser);

export async function launchWithExtension(dir = extensionDir()) {
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) throw new Error(`${dir} is not built: run scripts/build-extension.sh`);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsmark-ext-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, '--enable-unsafe-extension-debugging', `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 20000 });
  const id = new URL(worker.url()).host;
  const cdp = await context.browser().newBrowserCDPSession();
  return {
    context,
    worker,
    id,
    url: (p) => `chrome-extension://${id}/${p}`,
    /** The service worker now (Chromium may stop an idle one and start another). */
    async serviceWorker() {
      const live = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${id}/`));
      if (live) return live;
      return context.waitForEvent('serviceworker', { timeout: 20000 });
    },
    /** The user clicks the toolbar button on this page's tab: activeTab is granted (and the popup opens). */
    async invokeAction(page) {
      const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
      const pageUrl = page.url();
      const tab = targetInfos.find((t) => t.url === pageUrl);
      if (!tab) throw new Error(`no tab target for ${pageUrl}`);
      await cdp.send('Extensions.triggerAction', { id, targetId: tab.targetId });
    },
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The Tab object the browser hands to onClicked, for the tab showing `page`. */
export async function tabOf(ext, page) {
  await page.bringToFront();
  const sw = await ext.serviceWorker();
  return sw.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return tab;
  });
}

/** Calls the context-menu handler in the service worker, as contextMenus.onClicked does; resolves once the
 * check has been handed to the engine (its panel is open by then). */
export async function clickMenu(ext, info, tab) {
  const sw = await ext.serviceWorker();
  await sw.evaluate(async ([i, t]) => {
    await globalThis.dsmark.onContextClick(i, t);
  }, [{ menuItemId: 'dsmark-check', editable: false, frameId: 0, ...info }, tab]);
}

// ---- reading closed shadow roots through the DevTools protocol ------------------------------------------------
function findNodes(node, test, out = []) {
  if (test(node)) out.push(node);
  for (const c of node.children || []) findNodes(c, test, out);
  for (const s of node.shadowRoots || []) findNodes(s, test, out);
  if (node.contentDocument) findNodes(node.contentDocument, test, out);
  return out;
}

const attrs = (node) => {
  const a = {};
  for (let i = 0; i + 1 < (node.attributes || []).length; i += 2) a[node.attributes[i]] = node.attributes[i + 1];
  return a;
};

/**
 * The result views inside `hostTag` elements (closed shadow roots included) of `page`:
 * [{verdict, partial, state, text, schemes}] in document order (schemes: each mark's scheme, as the view lists them).
 */
export async function readShadowResults(page, hostTag = 'dsmark-extension-panel', selector = 'dsm-result') {
  const session = await page.context().newCDPSession(page);
  try {
    const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
    const hosts = findNodes(root, (n) => n.localName === hostTag);
    const out = [];
    for (const host of hosts) {
      for (const node of findNodes({ children: host.shadowRoots || [] }, (n) => (attrs(n).class || '').split(/\s+/).includes(selector))) {
        const a = attrs(node);
        const { object } = await session.send('DOM.resolveNode', { backendNodeId: node.backendNodeId });
        const { result } = await session.send('Runtime.callFunctionOn', {
          objectId: object.objectId, functionDeclaration: 'function () { return this.innerText; }', returnByValue: true,
        });
        const schemes = findNodes(node, (n) => n !== node && attrs(n)['data-scheme']).map((n) => attrs(n)['data-scheme']);
        out.push({ verdict: a['data-verdict'] || null, partial: a['data-partial-verdict'] || null, state: a['data-state'] || null, look: a['data-look'], text: result.value, schemes, attributes: a });
      }
    }
    return out;
  } finally {
    await session.detach().catch(() => {});
  }
}

/** Waits until the in-page panel's check has finished; returns {verdict, text}. */
export async function panelVerdict(page, { timeout = 30000, hostTag, selector } = {}) {
  const end = Date.now() + timeout;
  let last = [];
  while (Date.now() < end) {
    last = await readShadowResults(page, hostTag, selector);
    const done = last.find((r) => r.verdict);
    if (done) return done;
    await page.waitForTimeout(100);
  }
  throw new Error(`no verdict in the panel after ${timeout} ms: ${JSON.stringify(last)}`);
}
