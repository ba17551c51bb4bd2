#!/usr/bin/env node
// Assembles the browser extension from one source (extension/) for Chromium and Firefox, and the store zips:
//   node scripts/lib/assemble-extension.mjs [OUT_DIR]   (default build/extension)
// → OUT_DIR/chromium/, OUT_DIR/firefox/ (unpacked, loadable as they are) and
//   OUT_DIR/dsmark-<version>-chromium.zip, OUT_DIR/dsmark-<version>-firefox.zip.
// Differences between the two are only: ext.js (from ext-chromium.js or ext-firefox.js), the background
// (a service worker + offscreen document, or an event page) and the manifest keys each browser wants.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { STRINGS } from '../../web/i18n.js';
import { ENGINE_FILES, VIEW_FILES, copyCore, projectVersion, remToVar } from './assemble-common.mjs';
import { bundleClassic } from './bundle-classic.mjs';
import { repoRoot } from './wasm-node.mjs';
import { zipDirectory } from './zip.mjs';

const outRoot = path.resolve(process.argv[2] || path.join(repoRoot, 'build/extension'));
const src = path.join(repoRoot, 'extension');
const version = projectVersion();

// Extension files every build has; the content script's modules are bundled into content.js instead.
const SHARED = ['background.js', 'engine-host.js', 'fetch-failures.js', 'targets.js', 'sites.js', 'panel.html', 'panel.js',
  'popup.html', 'popup.js', 'ui.css'];
const CONTENT_MODULES = ['content.js', 'opt-out.js', 'page-fetch.js', 'page-panel.js', 'placement.js', 'scanner.js', 'targets.js', 'sites.js'];
const PER_BROWSER = { chromium: ['offscreen.html', 'offscreen.js'], firefox: ['background.html'] };
const ICON_SIZES = [16, 32, 48, 128];
const FIREFOX_ID = '{5f0d3c1e-8a47-4b9e-9d2a-6c1f0e7b3a52}';

function icons(dir) {
  const cache = path.join(outRoot, '.icons');
  fs.mkdirSync(cache, { recursive: true });
  const svg = path.join(repoRoot, 'web/icon.svg');
  for (const size of ICON_SIZES) {
    const png = path.join(cache, `icon-${size}.png`);
    if (!fs.existsSync(png) || fs.statSync(png).mtimeMs < fs.statSync(svg).mtimeMs) {
      // ffmpeg's librsvg decoder renders the SVG at the size asked (ffmpeg is installed by scripts/install-deps.sh).
      execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-width', String(size), '-height', String(size), '-i', svg,
        '-frames:v', '1', '-map_metadata', '-1', '-fflags', '+bitexact', png], { stdio: ['ignore', 'pipe', 'pipe'] });
    }
    fs.mkdirSync(path.join(dir, 'icons'), { recursive: true });
    fs.copyFileSync(png, path.join(dir, 'icons', `icon-${size}.png`));
  }
}

// _locales from i18n.js: the store name and description in both languages, from the one table of words.
function locales(dir) {
  for (const [lang, folder] of [['zh-CN', 'zh_CN'], ['en', 'en']]) {
    const t = STRINGS[lang];
    const messages = {
      extName: { message: t['ext.name'], description: 'The extension name (i18n.js ext.name).' },
      extDescription: { message: t['ext.description'], description: 'The store description (i18n.js ext.description).' },
    };
    fs.mkdirSync(path.join(dir, '_locales', folder), { recursive: true });
    fs.writeFileSync(path.join(dir, '_locales', folder, 'messages.json'), `${JSON.stringify(messages, null, 2)}\n`);
  }
}

function manifestFor(browser) {
  const m = JSON.parse(fs.readFileSync(path.join(src, 'manifest.json'), 'utf8'));
  m.version = version;
  if (browser === 'firefox') {
    // No offscreen API: the background is an event page that starts the checker's Worker itself.
    m.background = { page: 'background.html' };
    m.permissions = m.permissions.filter((p) => p !== 'offscreen');
    delete m.minimum_chrome_version;
    m.browser_specific_settings = {
      gecko: { id: FIREFOX_ID, strict_min_version: '128.0', data_collection_permissions: { required: ['none'] } },
    };
  }
  return m;
}

// Content scripts are classic scripts: content.js and its modules become one file, its CSS a string in it.
function contentScript(dir) {
  const staging = fs.mkdtempSync(path.join(outRoot, '.content-'));
  try {
    for (const f of CONTENT_MODULES) fs.copyFileSync(path.join(src, f), path.join(staging, f));
    for (const f of VIEW_FILES) fs.copyFileSync(path.join(repoRoot, 'web', f), path.join(staging, f));
    const css = ['web/result-view.css', 'extension/content.css'].map((f) => fs.readFileSync(path.join(repoRoot, f), 'utf8')).join('\n');
    fs.writeFileSync(path.join(staging, 'content-styles.js'),
      `// Generated from result-view.css and content.css (rem → --dsx-rem).\nexport const CONTENT_CSS = ${JSON.stringify(remToVar(css, '--dsx-rem'))};\n`);
    const banner = `// dsmark ${version}: the content script, built by scripts/lib/assemble-extension.mjs from extension/content.js.\n`;
    fs.writeFileSync(path.join(dir, 'content.js'), bundleClassic(path.join(staging, 'content.js'), { banner }));
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

// Every file the manifest and the HTML pages name must exist: a broken reference is a build error.
function checkReferences(dir, manifest) {
  const refs = new Set(Object.values(manifest.icons));
  if (manifest.background.service_worker) refs.add(manifest.background.service_worker);
  if (manifest.background.page) refs.add(manifest.background.page);
  refs.add(manifest.action.default_popup);
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.html'))) {
    for (const [, ref] of fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/(?:src|href)="([^"#:]+)"/g)) refs.add(ref);
  }
  for (const f of fs.readdirSync(dir).filter((n) => /\.(m?js)$/.test(n) && n !== 'content.js')) {
    for (const [, ref] of fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/^import\s[^'"]*['"](\.\/[^'"]+)['"]/gm)) refs.add(ref.slice(2));
  }
  for (const ref of refs) if (!fs.existsSync(path.join(dir, ref))) throw new Error(`${path.basename(dir)}: ${ref} is referenced but missing`);
}

fs.mkdirSync(outRoot, { recursive: true });
for (const browser of ['chromium', 'firefox']) {
  const dir = path.join(outRoot, browser);
  fs.rmSync(dir, { recursive: true, force: true });
  copyCore(dir, [...ENGINE_FILES, ...VIEW_FILES]);
  for (const f of [...SHARED, ...PER_BROWSER[browser]]) fs.copyFileSync(path.join(src, f), path.join(dir, f));
  fs.copyFileSync(path.join(src, `ext-${browser}.js`), path.join(dir, 'ext.js'));
  contentScript(dir);
  icons(dir);
  locales(dir);
  const manifest = manifestFor(browser);
  fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  checkReferences(dir, manifest);
  const zip = path.join(outRoot, `dsmark-${version}-${browser}.zip`);
  const names = zipDirectory(dir, zip);
  console.error(`${browser}: ${names.length} files → ${path.relative(repoRoot, zip)} (${(fs.statSync(zip).size / 1024).toFixed(1)} KB)`);
}
