/**
 * Method + bucket/key presence + query keys + headers -> operation. The route table is generated
 * from the model (generated/routes.ts); here it is only indexed once per (method, target) so a
 * request checks a handful of candidates, most specific first.
 */
import { OPERATIONS } from './generated/model.ts';
import { ROUTES } from './generated/routes.ts';
import type { OperationName } from './generated/types.ts';
import type { RouteDef, RouteTarget } from './shapes.ts';

export interface RouteInput {
  readonly method: string;
  readonly bucket?: string | undefined;
  readonly key?: string | undefined;
  readonly query: URLSearchParams;
  readonly headers: Headers;
}

interface Candidate {
  readonly operation: OperationName;
  readonly query: RouteDef['query'];
  readonly headers: readonly string[];
}

type TargetIndex = Partial<Record<RouteTarget, Candidate[]>>;

function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(OPERATIONS, name);
}

/** method -> target -> candidates: a request looks its list up without building a key string. */
function buildIndex(): Map<string, TargetIndex> {
  const index = new Map<string, TargetIndex>();
  // ROUTES is sorted by score within each (method, target): keep that order.
  for (const r of ROUTES) {
    if (!isOperationName(r.operation)) throw new Error(`routes: unknown operation ${r.operation}`);
    let byTarget = index.get(r.method);
    if (byTarget === undefined) index.set(r.method, (byTarget = {}));
    (byTarget[r.target] ??= []).push({ operation: r.operation, query: r.query, headers: r.headers });
  }
  return index;
}

const INDEX = buildIndex();

function targetOf(bucket: string | undefined, key: string | undefined): RouteTarget {
  if (key !== undefined) return 'object';
  return bucket !== undefined ? 'bucket' : 'service';
}

function matches(c: Candidate, query: URLSearchParams, headers: Headers): boolean {
  for (const cond of c.query) {
    const [k, v] = cond;
    if (v === undefined ? !query.has(k) : query.get(k) !== v) return false;
  }
  for (const h of c.headers) if (!headers.has(h)) return false;
  return true;
}

/** The operation a request addresses, or undefined (the caller answers MethodNotAllowed). */
export function matchOperation(input: RouteInput): OperationName | undefined {
  const candidates = INDEX.get(input.method.toUpperCase())?.[targetOf(input.bucket, input.key)];
  if (candidates === undefined) return undefined;
  for (const c of candidates) if (matches(c, input.query, input.headers)) return c.operation;
  return undefined;
}

/** The methods some operation accepts on a target: the Allow header of a 405. */
export function allowedMethods(bucket: string | undefined, key: string | undefined): string[] {
  const target = targetOf(bucket, key);
  return [...new Set(ROUTES.filter((r) => r.target === target).map((r) => r.method))].sort();
}
