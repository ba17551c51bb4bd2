// Service worker: after the first visit the page opens and checks files without a network.
// scripts/build-web.sh fills in ASSETS (every file of the build with its SRI hash) and VERSION (a hash of them).
// Only the page's own files are answered from the cache; any other request (a URL the user asked to check) goes
// to the network untouched.
const VERSION = '__DSMARK_BUILD_VERSION__';
const ASSETS = /* __DSMARK_ASSETS__ */ [];
const CACHE = `dsmark-${VERSION}`;

const scopeUrl = (path) => new URL(path, self.registration.scope).href;

// Each file is taken from the HTTP cache when the page already downloaded it (no second download on the first
// visit), checked against its hash, and fetched again only when the cached copy is stale or different.
async function fetchChecked({ path, integrity }) {
  const url = scopeUrl(path);
  for (const cache of ['force-cache', 'reload']) {
    try {
      const response = await fetch(new Request(url, { cache, integrity, credentials: 'same-origin' }));
      if (response.ok) return response;
    } catch {
      /* integrity mismatch or network: try the next way */
    }
  }
  throw new Error(`could not cache ${path}`);
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    for (const asset of ASSETS) await cache.put(scopeUrl(asset.path), await fetchChecked(asset));
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith('dsmark-') && key !== CACHE) await caches.delete(key);
  })());
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'skip-waiting') self.skipWaiting();
});

const known = new Set(ASSETS.map((a) => scopeUrl(a.path)));

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  url.search = '';
  url.hash = '';
  let key = url.href;
  if (key === scopeUrl('index.html')) key = self.registration.scope;
  if (!known.has(key)) return; // not ours: the network, untouched
  event.respondWith((async () => {
    const cached = await caches.match(key, { cacheName: CACHE });
    return cached || fetch(req);
  })());
});
