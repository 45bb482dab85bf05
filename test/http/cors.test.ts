import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corsConfigFromEnv, DEVELOPMENT_ORIGINS, originAllowed } from '../../gateway/src/cors';
import { hasChromium, launchChromium } from '../../gateway/src/chromium.testing';
import { createTenantWithLogins, startTestPlatform } from '../harness';

/** A page on its own origin (another port) that the browser loads before calling the gateway. */
async function servePage(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>frontend</title><p>frontend</p>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let allowed: { server: Server; origin: string };
let other: { server: Server; origin: string };
let token: string;

beforeAll(async () => {
  allowed = await servePage();
  other = await servePage();
  platform = await startTestPlatform({
    gateway: { config: { cors: { origins: [allowed.origin], maxAgeSeconds: 600 } } },
  });
  token = (await createTenantWithLogins(platform, 'corsco')).adminToken;
});
afterAll(async () => {
  await platform?.stop();
  for (const s of [allowed?.server, other?.server]) if (s) await new Promise((r) => s.close(r));
});

describe('CORS configuration', () => {
  it('CORS_ORIGINS: none by default in production, loopback in development, * refused', () => {
    expect(corsConfigFromEnv({ NODE_ENV: 'production' }).origins).toEqual([]);
    expect(corsConfigFromEnv({}).origins).toEqual(DEVELOPMENT_ORIGINS);
    expect(
      corsConfigFromEnv({ CORS_ORIGINS: 'https://app.example.com/, https://b.example.com' }).origins,
    ).toEqual(['https://app.example.com', 'https://b.example.com']);
    expect(() => corsConfigFromEnv({ CORS_ORIGINS: '*' })).toThrow(/not allowed/);
    expect(originAllowed('http://localhost:5173', DEVELOPMENT_ORIGINS)).toBe(true);
    expect(originAllowed('http://localhost.evil.com', DEVELOPMENT_ORIGINS)).toBe(false);
    expect(originAllowed('http://localhost:5173.evil.com', DEVELOPMENT_ORIGINS)).toBe(false);
  });

  it('a preflight from an allowed origin: credentials and a cached preflight', async () => {
    const res = await fetch(platform.gateway.url, {
      method: 'OPTIONS',
      headers: {
        origin: allowed.origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(allowed.origin);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });

  it('another origin gets no CORS headers', async () => {
    const res = await fetch(platform.gateway.url, {
      method: 'OPTIONS',
      headers: { origin: other.origin, 'access-control-request-method': 'POST' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('a real cross-origin request from headless Chromium', () => {
  it.skipIf(!hasChromium)(
    'the allowed origin reads the answer; another origin is blocked by the browser',
    async () => {
      const browser = await launchChromium();
      try {
        const call = async (origin: string) => {
          const page = await browser.newPage();
          await page.goto(`${origin}/`);
          return page.evaluate(
            async ({ url, token }) => {
              try {
                const res = await fetch(url, {
                  method: 'POST',
                  credentials: 'include',
                  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
                  body: JSON.stringify({ query: '{ departments { name } }' }),
                });
                return { status: res.status, body: await res.json() };
              } catch (error) {
                return { blocked: String(error) };
              }
            },
            { url: platform.gateway.url, token },
          );
        };
        expect(await call(allowed.origin)).toEqual({ status: 200, body: { data: { departments: [] } } });
        expect(await call(other.origin)).toEqual({ blocked: expect.stringMatching(/Failed to fetch/) });
      } finally {
        await browser.close();
      }
    },
  );
});
