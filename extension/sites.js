// Sites the user turned the per-site scan on for (pure functions, unit-tested in tests/extension/targets.test.mjs).
// A site is "scheme://host" without a port, the granularity of host permissions (match patterns have no port).

export const SCAN_SCRIPT_ID = 'dsmark-scan';

/** "https://example.com" for an http(s) URL, null for anything else (browser pages, files, data:). */
export function siteOf(raw) {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? `${url.protocol}//${url.hostname}` : null;
  } catch {
    return null;
  }
}

export const sitePatternOf = (site) => `${site}/*`;

/** The registered content script that scans these sites, or null when there are none. */
export function scanRegistration(sites) {
  const list = [...new Set(sites.filter((s) => siteOf(s) === s))].sort();
  if (!list.length) return null;
  return { id: SCAN_SCRIPT_ID, matches: list.map(sitePatternOf), js: ['content.js'], runAt: 'document_idle', allFrames: false };
}

/** The sites still scanned once `granted` (permission origin patterns) is all the extension may read. */
export function sitesWithPermission(sites, granted) {
  const all = granted.some((p) => p === '<all_urls>' || p === '*://*/*');
  return sites.filter((s) => all || granted.includes(sitePatternOf(s)) || granted.includes(`*://${new URL(s).hostname}/*`));
}
