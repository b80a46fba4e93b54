import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, normalize } from 'node:path';

const require = createRequire(import.meta.url);
const SWAGGER_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));
const REDOC_BUNDLE = join(dirname(require.resolve('redoc/package.json')), 'bundles', 'redoc.standalone.js');

const SWAGGER_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>TalknShop Orchestrator API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;

const SWAGGER_INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui' });`;

/**
 * ReDoc's side menu shows a logo it takes from its CDN, which the CSP would block; the bundle we serve
 * points at this local stand-in instead, so the page asks nothing of another origin.
 */
const REDOC_CDN_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg';
const REDOC_LOCAL_LOGO = '/redoc/logo-mini.svg';
const REDOC_LOGO = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="16" height="16">
<circle cx="8" cy="8" r="7" fill="#32329f"/></svg>`;

const REDOC_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>TalknShop Orchestrator API</title></head>
<body><redoc spec-url="/openapi.json"></redoc><script src="/redoc/redoc.standalone.js"></script></body></html>`;

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.html': 'text/html; charset=utf-8',
};

export interface StaticAsset {
  body: string | Buffer;
  contentType: string;
}

/** Documentation pages load nothing from other origins, should a bundle still try. */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self' 'unsafe-inline'",
  "worker-src 'self' blob:",
  "font-src 'self' data:",
].join('; ');

/** Swagger UI and ReDoc, served from the installed packages: no CDN is involved. */
export async function docsAsset(pathname: string): Promise<StaticAsset | null> {
  if (pathname === '/docs' || pathname === '/docs/')
    return { body: SWAGGER_PAGE, contentType: TYPES['.html']! };
  if (pathname === '/docs/init.js') return { body: SWAGGER_INIT, contentType: TYPES['.js']! };
  if (pathname === '/redoc' || pathname === '/redoc/')
    return { body: REDOC_PAGE, contentType: TYPES['.html']! };
  if (pathname === '/redoc/redoc.standalone.js') {
    const bundle = await readFile(REDOC_BUNDLE, 'utf8');
    return { body: bundle.replaceAll(REDOC_CDN_LOGO, REDOC_LOCAL_LOGO), contentType: TYPES['.js']! };
  }
  if (pathname === REDOC_LOCAL_LOGO) return { body: REDOC_LOGO, contentType: TYPES['.svg']! };
  if (pathname.startsWith('/docs/assets/')) {
    const name = normalize(pathname.slice('/docs/assets/'.length));
    if (name.includes('..') || name.includes('/')) return null;
    const extension = name.slice(name.lastIndexOf('.'));
    const type = TYPES[extension];
    if (!type) return null;
    try {
      return { body: await readFile(join(SWAGGER_DIR, name)), contentType: type };
    } catch {
      return null;
    }
  }
  return null;
}
