// Headless Firefox ESR (Debian's firefox-esr) driven through Marionette, Firefox's own remote protocol (what
// geckodriver speaks), for the Firefox build of the extension. playwright-core drives only its own patched Firefox,
// and WebDriver BiDi cannot reach extension pages, so this is a small Marionette client: length-prefixed JSON over
// TCP. With -remote-allow-system-access a test can also run code in the browser's own chrome, which is how it
// clicks the extension's item in the real context menu (Firefox opens XUL menus in headless mode too).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
export const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
export const SHADOW = 'shadow-6066-11e4-a52e-4f735466cecf';

const PREFS = {
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.aboutwelcome.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'app.update.disabledForTesting': true,
  'network.captive-portal-service.enabled': false,
  'browser.safebrowsing.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'intl.locale.requested': 'en-US',
  'marionette.port': 0,
};

export async function launchFirefox() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dsmark-firefox-'));
  fs.writeFileSync(path.join(profile, 'user.js'), Object.entries(PREFS).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n'));
  const proc = spawn(FIREFOX, ['--headless', '--marionette', '-remote-allow-system-access', '--no-remote', '--profile', profile], {
    stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' },
  });
  let stderr = '';
  proc.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  let port = 0;
  for (let i = 0; i < 600 && !port; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      port = Number(fs.readFileSync(path.join(profile, 'MarionetteActivePort'), 'utf8'));
    } catch {
      if (proc.exitCode !== null) break;
    }
  }
  if (!port) {
    proc.kill('SIGKILL');
    throw new Error(`Firefox did not start Marionette: ${stderr}`);
  }
  const sock = net.connect(port, '127.0.0.1');
  const waiting = new Map();
  let buf = Buffer.alloc(0);
  let hello;
  const ready = new Promise((resolve) => {
    hello = resolve;
  });
  sock.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const colon = buf.indexOf(0x3a);
      if (colon < 0) return;
      const n = Number(buf.subarray(0, colon).toString());
      if (buf.length < colon + 1 + n) return;
      const msg = JSON.parse(buf.subarray(colon + 1, colon + 1 + n).toString());
      buf = buf.subarray(colon + 1 + n);
      if (!Array.isArray(msg)) {
        hello(msg);
        continue;
      }
      const [, id, error, result] = msg;
      const w = waiting.get(id);
      waiting.delete(id);
      if (!w) continue;
      if (error) w.reject(Object.assign(new Error(`${w.command}: ${error.error}: ${error.message}`), { code: error.error }));
      else w.resolve(result);
    }
  });
  sock.on('error', (e) => {
    for (const w of waiting.values()) w.reject(e);
  });
  await ready;
  let nextId = 0;
  const send = (command, params = {}) => new Promise((resolve, reject) => {
    const id = ++nextId;
    waiting.set(id, { resolve, reject, command });
    const text = JSON.stringify([0, id, command, params]);
    sock.write(`${Buffer.byteLength(text)}:${text}`);
  });
  await send('WebDriver:NewSession', { capabilities: { alwaysMatch: { pageLoadStrategy: 'normal' } } });
  await send('WebDriver:SetWindowRect', { width: 1280, height: 900 });
  let context = 'content';
  const ff = {
    send,
    async context(value) {
      if (value !== context) await send('Marionette:SetContext', { value });
      context = value;
    },
    async installAddon(dir) {
      const r = await send('Addon:Install', { path: dir, temporary: true });
      return r.value ?? r;
    },
    /** Runs `script` (a function body; `arguments` as in WebDriver) in chrome or content; promises are awaited. */
    async run(where, script, args = []) {
      await ff.context(where);
      return (await send('WebDriver:ExecuteScript', { script, args })).value;
    },
    async navigate(url) {
      await ff.context('content');
      await send('WebDriver:Navigate', { url });
    },
    async find(selector) {
      await ff.context('content');
      return (await send('WebDriver:FindElement', { using: 'css selector', value: selector })).value[ELEMENT];
    },
    /** A real right-click on the middle of an element: the browser opens its context menu. */
    async rightClick(selector) {
      await ff.run('content', "document.querySelector(arguments[0]).scrollIntoView({ block: 'center' });", [selector]);
      const id = await ff.find(selector);
      await send('WebDriver:PerformActions', {
        actions: [{
          type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' },
          actions: [{ type: 'pointerMove', x: 0, y: 0, origin: { [ELEMENT]: id } }, { type: 'pointerDown', button: 2 }, { type: 'pointerUp', button: 2 }],
        }],
      });
      await send('WebDriver:ReleaseActions');
    },
    /** Clicks the menu item whose id ends with `suffix` in the open content-area context menu. */
    async clickMenuItem(suffix) {
      return ff.run('chrome', `
        const menu = document.getElementById('contentAreaContextMenu');
        return (async () => {
          for (let i = 0; i < 50 && menu.state !== 'open'; i++) await new Promise((r) => setTimeout(r, 100));
          const item = [...menu.querySelectorAll('menuitem')].find((m) => m.id.endsWith(arguments[0]) && !m.hidden);
          if (!item) { menu.hidePopup(); return null; }
          const label = item.label;
          menu.activateItem(item);
          return label;
        })();`, [suffix]);
    },
    /** An attribute and the text of the first `inner` element inside `host`'s shadow root (open or closed). */
    async shadowRead(host, inner, attribute) {
      await ff.context('content');
      const h = await ff.find(host);
      const root = (await send('WebDriver:GetShadowRoot', { id: h })).value[SHADOW];
      const el = (await send('WebDriver:FindElementFromShadowRoot', { shadowRoot: root, using: 'css selector', value: inner })).value[ELEMENT];
      const value = (await send('WebDriver:GetElementAttribute', { id: el, name: attribute })).value;
      const text = (await send('WebDriver:GetElementText', { id: el })).value;
      return { value, text };
    },
    async screenshot(file) {
      await ff.context('content');
      const shot = await send('WebDriver:TakeScreenshot', {});
      fs.writeFileSync(file, Buffer.from(shot.value, 'base64'));
    },
    async close() {
      try {
        await Promise.race([send('Marionette:Quit', { flags: ['eForceQuit'] }), new Promise((r) => setTimeout(r, 5000))]);
      } catch {
        /* quitting closes the socket */
      }
      sock.destroy();
      if (proc.exitCode === null) proc.kill('SIGKILL');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
  return ff;
}
