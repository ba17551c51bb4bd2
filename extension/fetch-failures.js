// Why a file could not be fetched (by the extension itself or by a content script in the page), as notices in the
// page's words (i18n.js) and a plain English message for the report's error (the core writes the report).
// got: {error: 'http' | 'tooLarge' | 'stream' | 'blocked' | 'network', status?, size?, max?}
// request: {url?, site?}: `site` (a host name) when asking for that site's permission could help.

export function failureNotices(got, request) {
  switch (got.error) {
    case 'http':
      return [{ key: 'url.http', vars: { status: got.status } }];
    case 'tooLarge':
      return [{ key: 'error.tooLarge', vars: { size: got.size, max: got.max } }];
    case 'stream':
      return [{ key: 'ext.fetch.stream' }];
    case 'blocked':
      return request.site ? [{ key: 'url.blocked' }, { key: 'ext.fetch.permission', vars: { site: request.site } }] : [{ key: 'url.blocked' }];
    default:
      return [{ key: 'url.network' }];
  }
}

export function failureMessage(got, request) {
  const where = request.url ? ` ${request.url}` : '';
  switch (got.error) {
    case 'http':
      return `The site answered HTTP ${got.status} for${where}.`;
    case 'tooLarge':
      return `The file is ${got.size} bytes; the extension checks files up to ${got.max} bytes.`;
    case 'stream':
      return `${request.url || 'The media'} is a stream made by the page (MediaSource), not a file that can be read.`;
    case 'blocked':
      return `The browser would not let the extension read${where}: the site does not allow it (CORS) and dsmark has no permission for it.`;
    default:
      return `The file could not be downloaded from${where || ' the site'}.`;
  }
}

export const failureCode = (got) => (got.error === 'tooLarge' ? 'limit' : 'io');
