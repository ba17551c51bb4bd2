// Headless Debian Chromium through playwright-core, and the built page served on a free local port.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium } from 'playwright-core';

import { repoRoot } from '../../scripts/lib/wasm-node.mjs';
import { createStaticServer } from '../../scripts/serve.mjs';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];

export async function launchBrowser() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsmark-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function serveDir(dir = path.join(repoRoot, 'build/web')) {
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`${dir} is not built: run scripts/build-web.sh`);
  const server = createStaticServer(dir);
  const requests = []; // every request the server received, in order: the no-network test reads it
  server.on('request', (req) => requests.push(req.url));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections?.();
    }),
  };
}

export const screenshotDir = path.join(repoRoot, 'build/screenshots');
