/**
 * generated/routes.ts: what each operation's request must carry, and the order to try them in.
 * Conditions come from the model (requestUri subresources, required query members and headers);
 * identical conditions for two routable operations are a codegen error, never a silent pick.
 */
import type { RouteDef, RouteTarget } from '../../src/protocol/shapes.ts';
import type { BotoModel, Overrides } from './botocore.ts';
import { shapeOf } from './resolve.ts';

const TARGETS: Readonly<Record<string, RouteTarget>> = {
  '/': 'service',
  '/{Bucket}': 'bucket',
  '/{Bucket}/{Key+}': 'object',
};

export function isRoutable(model: BotoModel, ov: Overrides, name: string): boolean {
  if (ov.routing.exclude.includes(name)) return false;
  return !(ov.routing.excludeDeprecated && model.operations[name]?.deprecated === true);
}

interface RouteParts {
  readonly target: RouteTarget;
  /** Subresource keys written in the requestUri (tagging, uploads, list-type=2). */
  readonly fixed: readonly (readonly [string] | readonly [string, string])[];
  readonly requiredQuery: readonly string[];
  readonly requiredHeaders: readonly string[];
}

function routeParts(model: BotoModel, name: string): RouteParts {
  const op = model.operations[name];
  if (op?.input === undefined) throw new Error(`model: operation ${name} has no input`);
  const [path = '', queryPart] = op.http.requestUri.split('?', 2);
  const target = TARGETS[path];
  if (target === undefined) throw new Error(`routes: ${name} has an unroutable requestUri ${op.http.requestUri}; exclude it in overrides.routing`);
  const fixed = (queryPart ?? '').split('&').filter((p) => p !== '').map((p): readonly [string] | readonly [string, string] => {
    const [k = '', v] = p.split('=', 2);
    return v === undefined ? [k] : [k, v];
  });
  const input = shapeOf(model, op.input.shape);
  const requiredQuery: string[] = [];
  const requiredHeaders: string[] = [];
  for (const m of input.required ?? []) {
    const ref = input.members?.[m];
    const wire = ref?.locationName ?? m;
    if (ref?.location === 'querystring' && !fixed.some(([k]) => k === wire)) requiredQuery.push(wire);
    if (ref?.location === 'header') requiredHeaders.push(wire.toLowerCase());
  }
  return { target, fixed, requiredQuery, requiredHeaders };
}

function groupKey(method: string, p: RouteParts): string {
  return `${method} ${p.target} ?${p.fixed.map((c) => c.join('=')).sort().join('&')}`;
}

/**
 * Required query members and headers tell apart operations that share a method, target and
 * subresource (GetObject/ListParts, PutObject/CopyObject/UploadPart/UploadPartCopy,
 * ListBucketAnalyticsConfigurations/GetBucketAnalyticsConfiguration). An operation alone under its
 * subresource matches on that alone, so a missing parameter is reported by the operation instead of
 * falling through to another (DELETE ?analytics without id must never become DeleteBucket).
 */
export function routeFor(model: BotoModel, name: string, siblings: number): RouteDef {
  const op = model.operations[name];
  const p = routeParts(model, name);
  const discriminate = p.fixed.length === 0 || siblings > 1;
  const query = [...p.fixed, ...(discriminate ? p.requiredQuery.map((k): readonly [string] => [k]) : [])];
  const headers = discriminate ? [...p.requiredHeaders] : [];
  const score = p.fixed.length * 100 + (query.length - p.fixed.length) * 10 + headers.length;
  return { operation: name, method: op?.http.method ?? '', target: p.target, query, headers, score };
}

function conditionKey(r: RouteDef): string {
  const q = r.query.map((c) => c.join('=')).sort().join('&');
  return `${r.method} ${r.target} ?${q} [${[...r.headers].sort().join(',')}]`;
}

export function buildRoutes(model: BotoModel, ov: Overrides): RouteDef[] {
  const names = Object.keys(model.operations).filter((n) => isRoutable(model, ov, n));
  const groups = new Map<string, number>();
  const keyOf = (n: string): string => groupKey(model.operations[n]?.http.method ?? '', routeParts(model, n));
  for (const n of names) groups.set(keyOf(n), (groups.get(keyOf(n)) ?? 0) + 1);
  const routes = names.map((n) => routeFor(model, n, groups.get(keyOf(n)) ?? 1));
  const seen = new Map<string, string>();
  for (const r of routes) {
    const key = conditionKey(r);
    const other = seen.get(key);
    if (other !== undefined) throw new Error(`routes: ${other} and ${r.operation} both match ${key}; exclude one in overrides.routing`);
    seen.set(key, r.operation);
  }
  return routes.sort((a, b) => a.method.localeCompare(b.method) || a.target.localeCompare(b.target)
    || b.score - a.score || (a.operation < b.operation ? -1 : 1));
}

export function emitRoutes(model: BotoModel, ov: Overrides, header: string): string {
  const lines = [header, "import type { RouteDef } from '../shapes.ts';", '',
    '/** Per method and target, highest score first: the first route whose conditions hold wins. */',
    'export const ROUTES: readonly RouteDef[] = ['];
  for (const r of buildRoutes(model, ov)) lines.push(`  ${JSON.stringify(r)},`);
  lines.push('];', '');
  return lines.join('\n');
}
