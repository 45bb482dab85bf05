import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import express from 'express';

/**
 * GraphiQL served entirely from our own node_modules, so the IDE works offline and the page can carry a
 * Content-Security-Policy that forbids every other origin.
 *
 * graphiql is pinned to 3.x and React to 18 because they are the last releases that ship UMD bundles;
 * graphiql 4+ and React 19 only ship ES modules meant for a bundler.
 */

export interface GraphiQLOptions {
  /** The GraphQL endpoint, normally a same-origin path such as '/graphql'. */
  endpoint: string;
  title?: string;
  defaultQuery?: string;
}

const require = createRequire(import.meta.url);

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

// Asset URLs carry the package version (or a content hash), so browsers may cache them for a year.
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** Placeholder in the default headers; the fetcher drops it so the schema loads before there is a token. */
const TOKEN_PLACEHOLDER = '<token>';

const DEFAULT_HEADERS = JSON.stringify({ Authorization: `Bearer ${TOKEN_PLACEHOLDER}` }, null, 2);

const DEFAULT_QUERY = `# Welcome to the Workforce Graph.
#
# Most fields need an access token. Get one with the login mutation below
# (demo user: admin@acme.test / demo-password), then paste it into the
# Headers tab:
#
#   {"Authorization": "Bearer <token>"}
#
# Run with Ctrl-Enter; Ctrl-Space autocompletes.

mutation Login {
  login(email: "admin@acme.test", password: "demo-password") {
    accessToken
  }
}
`;

// Served as a file rather than inline, so script-src can stay 'self' without 'unsafe-inline'. The
// per-page settings come from a JSON data block, which CSP does not treat as script.
const BOOTSTRAP_JS = `(() => {
  'use strict';
  const config = JSON.parse(document.getElementById('graphiql-config').textContent);
  const url = new URL(config.endpoint, location.href);
  const subscriptionUrl = url.href.replace(/^http/, 'ws');
  const withoutPlaceholders = (headers) =>
    Object.fromEntries(Object.entries(headers || {}).filter(([, value]) => !String(value).includes(config.placeholder)));

  // graphql-ws sends headers once, in connection_init, so the socket client is rebuilt whenever the
  // header editor changes; otherwise subscriptions would keep running as the previous identity.
  let current;
  const fetcher = (params, opts) => {
    const headers = withoutPlaceholders(opts && opts.headers);
    const key = JSON.stringify(headers);
    if (!current || current.key !== key) {
      if (current) current.wsClient.dispose();
      const wsClient = graphqlWs.createClient({ url: subscriptionUrl, lazy: true, connectionParams: headers });
      current = { key, wsClient, fetch: GraphiQL.createFetcher({ url: url.href, wsClient }) };
    }
    return current.fetch(params, { ...opts, headers });
  };

  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultQuery: config.defaultQuery,
      defaultHeaders: config.defaultHeaders,
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: 'headers',
      // Tokens stay out of localStorage.
      shouldPersistHeaders: false,
    }),
  );
})();
`;

interface Asset {
  /** URL path below /graphiql/assets/. */
  path: string;
  contentType: string;
  send: (res: express.Response) => void;
}

function packageAssets(pkg: string, files: string[]): Asset[] {
  const manifest = require.resolve(`${pkg}/package.json`);
  const root = dirname(manifest);
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return files.map((file) => {
    // Fail at startup rather than on the first page view if an upgrade drops a bundle.
    if (!existsSync(join(root, file))) throw new Error(`GraphiQL asset ${pkg}/${file} is missing`);
    return {
      path: `${pkg}@${version}/${file}`,
      contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      // `root` keeps send's dotfile check off pnpm's node_modules/.pnpm directory.
      send: (res) => res.sendFile(file, { root, maxAge: ONE_YEAR_MS, immutable: true }),
    };
  });
}

function loadAssets(): { scripts: Asset[]; styles: Asset[]; all: Asset[] } {
  const hash = createHash('sha256').update(BOOTSTRAP_JS).digest('hex').slice(0, 12);
  const bootstrap: Asset = {
    path: `bootstrap.${hash}.js`,
    contentType: CONTENT_TYPES['.js']!,
    send: (res) => res.set('Cache-Control', 'public, max-age=31536000, immutable').send(BOOTSTRAP_JS),
  };
  const scripts = [
    ...packageAssets('react', ['umd/react.production.min.js']),
    ...packageAssets('react-dom', ['umd/react-dom.production.min.js']),
    // graphql-ws ships a browser bundle, the same version as the server's, for subscriptions.
    ...packageAssets('graphql-ws', ['umd/graphql-ws.min.js']),
    ...packageAssets('graphiql', ['graphiql.min.js']),
    bootstrap,
  ];
  const styles = packageAssets('graphiql', ['graphiql.min.css']);
  // Not linked from the page, but graphiql.min.js names it, and devtools ask for it.
  const sourceMaps = packageAssets('graphiql', ['graphiql.min.js.map']);
  return { scripts, styles, all: [...scripts, ...styles, ...sourceMaps] };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function contentSecurityPolicy(endpoint: string): string {
  // 'self' also covers same-origin ws:/wss: (CSP Level 3); an absolute endpoint adds its own origin.
  const connect = ["'self'"];
  if (/^https?:\/\//.test(endpoint)) {
    const url = new URL(endpoint);
    connect.push(url.origin, `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`);
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    // React and CodeMirror set style attributes and inject <style> elements at runtime.
    "style-src 'self' 'unsafe-inline'",
    // graphiql.min.css embeds its fonts as data: URIs.
    "font-src 'self' data:",
    "img-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/** True for a GET whose Accept header prefers HTML over JSON, i.e. a browser visiting the endpoint. */
export function wantsGraphiQL(req: express.Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/**
 * Serves GraphiQL at GET /graphiql, and at GET <endpoint> when a browser asks for HTML (mount it before
 * the GraphQL middleware). Assets live under /graphiql/assets/.
 */
export function graphiqlRouter(options: GraphiQLOptions): express.Router {
  const { endpoint, title = 'Workforce Graph · GraphiQL', defaultQuery = DEFAULT_QUERY } = options;
  const assets = loadAssets();
  const csp = contentSecurityPolicy(endpoint);
  // '<' is escaped so no value can close the <script> data block.
  const config = JSON.stringify({
    endpoint,
    defaultQuery,
    defaultHeaders: DEFAULT_HEADERS,
    placeholder: TOKEN_PLACEHOLDER,
  }).replace(/</g, '\\u003c');

  const router = express.Router();

  const page: express.RequestHandler = (req, res) => {
    // baseUrl keeps asset URLs right when the router is mounted below a prefix.
    const url = (asset: Asset) => `${req.baseUrl}/graphiql/assets/${asset.path}`;
    res
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': csp,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      })
      .send(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
${assets.styles.map((a) => `<link rel="stylesheet" href="${url(a)}">`).join('\n')}
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script id="graphiql-config" type="application/json">${config}</script>
${assets.scripts.map((a) => `<script src="${url(a)}"></script>`).join('\n')}
</body>
</html>
`);
  };

  router.get('/graphiql', page);
  if (endpoint.startsWith('/')) {
    router.get(endpoint, (req, res, next) => (wantsGraphiQL(req) ? page(req, res, next) : next()));
  }
  for (const asset of assets.all) {
    router.get(`/graphiql/assets/${asset.path}`, (_req, res) => {
      res.set({ 'Content-Type': asset.contentType, 'X-Content-Type-Options': 'nosniff' });
      asset.send(res);
    });
  }
  return router;
}
