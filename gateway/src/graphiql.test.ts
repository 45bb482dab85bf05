import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { buildSchema, graphql } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, hasChromium, launchChromium } from './chromium.testing';
import { graphiqlRouter } from './graphiql';

// A stand-in for the gateway, so the browser test exercises introspection and a real operation.
const schema = buildSchema(`
  type Query { hello: String }
  type LoginPayload { accessToken: String! }
  type Mutation { login(email: String!, password: String!): LoginPayload }
`);
const rootValue = { hello: () => 'world', login: () => ({ accessToken: 'test-token' }) };

let server: Server;
let origin: string;
/** Authorization header of every POST /graphql, to check what the GraphiQL fetcher sends. */
const authorizations: (string | undefined)[] = [];

beforeAll(async () => {
  const app = express();
  app.use(graphiqlRouter({ endpoint: '/graphql' }));
  app.get('/graphql', (_req, res) => {
    res.json({ fellThrough: true });
  });
  app.post('/graphql', express.json(), async (req, res) => {
    authorizations.push(req.get('authorization'));
    const { query, variables, operationName } = req.body as {
      query: string;
      variables?: Record<string, unknown>;
      operationName?: string;
    };
    res.json(await graphql({ schema, rootValue, source: query, variableValues: variables, operationName }));
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  // fetch keeps connections alive, which would hold close() open.
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function getPage(path = '/graphiql', accept = 'text/html') {
  const res = await fetch(`${origin}${path}`, { headers: { accept } });
  return { res, html: await res.text() };
}

/** Every URL the page references through src= or href=. */
function referencedUrls(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
}

describe('graphiqlRouter', () => {
  it('serves a page that references only local assets', async () => {
    const { res, html } = await getPage();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).not.toMatch(/https?:\/\//);
    const urls = referencedUrls(html);
    expect(urls.length).toBeGreaterThanOrEqual(6);
    for (const url of urls) expect(url).toMatch(/^(\/graphiql\/assets\/|data:)/);
    expect(html).toContain('"endpoint":"/graphql"');
    expect(html).toContain('admin@acme.test');
    expect(html).toContain('Bearer \\u003ctoken>');
  });

  it('sends a CSP that allows only the own origin', async () => {
    const { res } = await getPage();
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/https?:|\*/);
  });

  it('serves every asset with its content type and a long cache lifetime', async () => {
    const { html } = await getPage();
    const assets = referencedUrls(html).filter((url) => url.startsWith('/'));
    for (const path of assets) {
      const res = await fetch(`${origin}${path}`);
      expect(res.status, path).toBe(200);
      const type = path.endsWith('.css') ? 'text/css' : 'text/javascript';
      expect(res.headers.get('content-type'), path).toBe(`${type}; charset=utf-8`);
      expect(res.headers.get('cache-control'), path).toBe('public, max-age=31536000, immutable');
      expect((await res.text()).length, path).toBeGreaterThan(100);
    }
    const map = await fetch(`${origin}${assets.find((p) => p.endsWith('graphiql.min.js'))}.map`);
    expect(map.status).toBe(200);
    expect(map.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('answers 404 for unknown assets', async () => {
    const res = await fetch(`${origin}/graphiql/assets/react@18.3.1/package.json`);
    expect(res.status).toBe(404);
  });

  it('takes over GET /graphql only when the client prefers HTML', async () => {
    const browser = await getPage('/graphql', 'text/html,application/xhtml+xml,*/*;q=0.8');
    expect(browser.html).toContain('id="graphiql"');
    for (const accept of ['application/json', '*/*', 'application/graphql-response+json, text/html;q=0.5']) {
      const { html } = await getPage('/graphql', accept);
      expect(JSON.parse(html), accept).toEqual({ fellThrough: true });
    }
  });

  it.skipIf(!hasChromium)(
    `renders in headless Chromium without touching the network${chromiumMissing}`,
    async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        const requested: string[] = [];
        const errors: string[] = [];
        page.on('request', (req) => requested.push(req.url()));
        page.on('websocket', (ws) => requested.push(ws.url()));
        page.on('console', (msg) => {
          if (msg.type() === 'error') errors.push(msg.text());
        });
        page.on('pageerror', (err) => errors.push(err.message));
        page.on('requestfailed', (req) => errors.push(`${req.url()}: ${req.failure()?.errorText}`));

        await page.goto(`${origin}/graphiql`);
        await page.waitForSelector('.graphiql-container');
        // Wait for the introspection request, then run the default (login) operation end to end.
        await expect.poll(() => authorizations.length).toBeGreaterThan(0);
        await page.click('.graphiql-execute-button');
        await page.locator('.result-window', { hasText: 'test-token' }).waitFor();

        for (const url of requested) {
          const { protocol, hostname } = new URL(url);
          if (protocol !== 'data:') expect(hostname, url).toBe('127.0.0.1');
        }
        expect(errors).toEqual([]);
        // The 'Bearer <token>' placeholder in the header editor is never sent.
        expect(authorizations.every((value) => value === undefined)).toBe(true);
      } finally {
        await browser.close();
      }
    },
    30_000,
  );
});
