import type { LoaderContext } from '@wg/runtime';
import DataLoader from 'dataloader';
import { managementChains, reportingLines } from './reporting-line';

/**
 * `Employee.reports(depth)` for every employee of a page in one recursive CTE. One DataLoader per
 * depth, created lazily and cached for the request. Values are employee ids, nearest level first.
 */
export const reportIdsByRoot = (ctx: LoaderContext) => {
  const byDepth = new Map<string, DataLoader<string, string[]>>();
  return (depth: number | null) => {
    const key = String(depth);
    let loader = byDepth.get(key);
    if (!loader) {
      loader = new DataLoader<string, string[]>(async (roots) => {
        const rows = await ctx.tx((tx) => reportingLines(tx, roots, depth, { excludeTerminated: true }));
        const groups = new Map<string, string[]>();
        for (const r of rows) {
          if (r.depth === 0) continue;
          const list = groups.get(r.rootId) ?? [];
          list.push(r.id);
          groups.set(r.rootId, list);
        }
        return roots.map((id) => groups.get(id) ?? []);
      });
      byDepth.set(key, loader);
    }
    return loader;
  };
};

/** `Employee.managementChain` for many employees in one statement; nearest manager first. */
export const managementChainIds = (ctx: LoaderContext) =>
  new DataLoader<string, string[]>(async (ids) => {
    const rows = await ctx.tx((tx) => managementChains(tx, ids));
    const groups = new Map<string, string[]>();
    for (const r of rows) {
      const list = groups.get(r.employeeId) ?? [];
      list.push(r.managerId);
      groups.set(r.employeeId, list);
    }
    return ids.map((id) => groups.get(id) ?? []);
  });
