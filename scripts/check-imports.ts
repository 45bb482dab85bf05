/**
 * `pnpm check:imports` (part of `pnpm check`): the package boundaries, checked over every import
 * of the workspace's sources.
 *
 *  - A subgraph reads and writes only its own tables: from @wg/db it may take the client
 *    (`@wg/db`, without the all-domains `schema` namespace), `@wg/db/common` and
 *    `@wg/db/<itself>` — never `@wg/db/<another domain>` or `@wg/db/schema/…`.
 *  - A subgraph never imports another subgraph, with one exception: `import type` from
 *    `@wg/<other>/events`, the owner's event catalogue, so a consumer types the payloads it
 *    receives. Type-only imports are erased (verbatimModuleSyntax), so no code crosses.
 *  - Relative imports stay inside their own package.
 *  - The runtime imports no domain (tables or package); its own tests may use a domain's tables.
 *  - The gateway imports no database and no subgraph, and only the runtime's subpaths (the root
 *    barrel would load type-graphql, drizzle and postgres; gateway/src/dependencies.test.ts
 *    checks what actually loads).
 *
 * Biome's noRestrictedImports cannot tell `import type` from `import`, hence this script. It also
 * checks the per-domain lists that cannot be derived from DOMAINS (see checkDomainLists).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DOMAINS } from '@wg/db/domains';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const domains: readonly string[] = DOMAINS;

export interface ImportSite {
  file: string;
  line: number;
  specifier: string;
  /** `import type …` / `export type … from`: erased, loads nothing. */
  typeOnly: boolean;
  /** Named imports, when the statement has them. */
  names: string[];
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(entry.name)) out.push(path);
  }
  return out;
}

export function importsOf(file: string): ImportSite[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const sites: ImportSite[] = [];
  const add = (node: ts.Node, specifier: ts.Expression, typeOnly: boolean, names: string[]) => {
    if (!ts.isStringLiteral(specifier)) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    sites.push({ file, line, specifier: specifier.text, typeOnly, names });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const names = bindings && ts.isNamedImports(bindings) ? bindings.elements.map((e) => e.name.text) : [];
      add(node, node.moduleSpecifier, clause?.isTypeOnly ?? false, names);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      add(node, node.moduleSpecifier, node.isTypeOnly, []);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg) add(node, arg, false, []);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal, true, []);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}

const isTest = (file: string) => /\.test\.ts$/.test(file);

/** The rule an import breaks, or null. `owner` is the package folder the file belongs to. */
export function violation(site: ImportSite, owner: string, ownerDir: string): string | null {
  const { specifier } = site;
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(site.file), specifier);
    return target.startsWith(ownerDir + sep) ? null : `relative import leaves ${relative(root, ownerDir)}`;
  }
  const db = /^@wg\/db(?:\/(.+))?$/.exec(specifier);
  const wg = /^@wg\/([a-z-]+)(?:\/(.+))?$/.exec(specifier);
  if (owner === 'gateway') {
    if (db) return 'the gateway has no database';
    if (wg?.[1] === 'runtime' && !wg[2])
      return 'the gateway imports runtime subpaths only (@wg/runtime/auth, …)';
    if (wg && domains.includes(wg[1]!)) return 'the gateway imports no subgraph';
    return null;
  }
  if (owner === 'runtime') {
    if (db?.[1] && db[1] !== 'common' && db[1] !== 'errors' && !isTest(site.file))
      return 'the runtime reads no domain tables';
    if (wg && domains.includes(wg[1]!)) return 'the runtime imports no subgraph';
    return null;
  }
  // A domain's subgraph.
  if (db) {
    const sub = db[1];
    if (!sub) return site.names.includes('schema') ? `use @wg/db/${owner} (schema spans every domain)` : null;
    if (sub === 'common' || sub === owner) return null;
    if (sub.startsWith('schema/')) return `import @wg/db/${owner} instead of @wg/db/${sub}`;
    return `another domain's tables (@wg/db/${sub})`;
  }
  if (wg && wg[1] !== owner && domains.includes(wg[1]!)) {
    if (wg[2] === 'events' && site.typeOnly) return null;
    return wg[2] === 'events'
      ? `another subgraph's events: \`import type\` only`
      : `another subgraph's package (only \`import type\` from @wg/${wg[1]}/events is allowed)`;
  }
  if (wg?.[1] === 'gateway') return 'a subgraph imports no gateway code';
  return null;
}

const packages: { owner: string; dir: string }[] = [
  { owner: 'gateway', dir: join(root, 'gateway') },
  { owner: 'runtime', dir: join(root, 'subgraphs', 'runtime') },
  ...readdirSync(join(root, 'subgraphs'))
    .filter((name) => name !== 'runtime' && name !== 'node_modules')
    .map((name) => ({ owner: name, dir: join(root, 'subgraphs', name) })),
];

/**
 * The lists JSON and YAML cannot derive from DOMAINS (drizzle/domains.ts) are checked against it:
 * each domain has its folder and package, a root dependency (scripts and tests resolve
 * `@wg/<domain>` from the root), and a docker-compose service the gateway is pointed at.
 */
export function checkDomainLists(): string[] {
  const problems: string[] = [];
  const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
  for (const domain of domains) {
    const manifest = join(root, 'subgraphs', domain, 'package.json');
    if (!existsSync(manifest)) {
      problems.push(`DOMAINS lists ${domain} but subgraphs/${domain}/package.json does not exist`);
      continue;
    }
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
      name?: string;
      exports?: Record<string, string>;
    };
    if (pkg.name !== `@wg/${domain}`)
      problems.push(`subgraphs/${domain}/package.json: name must be @wg/${domain}`);
    if (!pkg.exports?.['./events']) problems.push(`subgraphs/${domain}/package.json: no "./events" export`);
    if (!rootPackage.dependencies?.[`@wg/${domain}`])
      problems.push(`package.json: no dependency on @wg/${domain}`);
    if (!new RegExp(`^  ${domain}:$`, 'm').test(compose))
      problems.push(`docker-compose.yml: no ${domain} service`);
    if (!compose.includes(`SUBGRAPH_${domain.toUpperCase()}_URL`)) {
      problems.push(`docker-compose.yml: the gateway has no SUBGRAPH_${domain.toUpperCase()}_URL`);
    }
  }
  return problems;
}

export function checkImports(): string[] {
  const problems: string[] = [];
  for (const { owner, dir } of packages) {
    if (owner !== 'gateway' && owner !== 'runtime' && !domains.includes(owner)) {
      problems.push(`subgraphs/${owner}: not in DOMAINS (drizzle/domains.ts)`);
      continue;
    }
    for (const file of sourceFiles(join(dir, 'src'))) {
      for (const site of importsOf(file)) {
        const rule = violation(site, owner, dir);
        if (rule) problems.push(`${relative(root, file)}:${site.line}  '${site.specifier}': ${rule}`);
      }
    }
  }
  return problems;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const problems = [...checkDomainLists(), ...checkImports()];
  if (problems.length > 0) {
    console.error(`${problems.length} import(s) cross a package boundary:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`imports: ${packages.length} packages within their boundaries`);
}
