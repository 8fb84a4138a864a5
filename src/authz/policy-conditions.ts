/**
 * Condition operators of IAM policies
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
 * a key absent from the request fails a positive operator and satisfies a negated one; `...IfExists`
 * satisfies either; `ForAnyValue:` / `ForAllValues:` qualify multi-valued keys.
 */
import type { ConditionClause } from './policy-document.ts';
import { globMatches } from './glob.ts';
import { ipInCidr } from './ip-cidr.ts';

/** A request's condition keys: values of a key looked up by its name (case-insensitive prefix). */
export type ConditionValues = (key: string) => readonly string[] | undefined;

type Compare = (actual: string, expected: string) => boolean;

const num = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s));
const date = (s: string): number => (/^\d+$/.test(s) ? Number(s) * 1000 : Date.parse(s));
const numeric = (test: (a: number, b: number) => boolean): Compare => (a, b) => test(num(a), num(b));
const dated = (test: (a: number, b: number) => boolean): Compare => (a, b) => test(date(a), date(b));

/** Positive comparisons; the negated operators are these, inverted. */
const POSITIVE: ReadonlyMap<string, Compare> = new Map<string, Compare>([
  ['stringequals', (a, b) => a === b],
  ['stringequalsignorecase', (a, b) => a.toLowerCase() === b.toLowerCase()],
  ['stringlike', (a, b) => globMatches(b, a)],
  ['numericequals', numeric((a, b) => a === b)],
  ['numericlessthan', numeric((a, b) => a < b)],
  ['numericlessthanequals', numeric((a, b) => a <= b)],
  ['numericgreaterthan', numeric((a, b) => a > b)],
  ['numericgreaterthanequals', numeric((a, b) => a >= b)],
  ['dateequals', dated((a, b) => a === b)],
  ['datelessthan', dated((a, b) => a < b)],
  ['datelessthanequals', dated((a, b) => a <= b)],
  ['dategreaterthan', dated((a, b) => a > b)],
  ['dategreaterthanequals', dated((a, b) => a >= b)],
  ['bool', (a, b) => a.toLowerCase() === b.toLowerCase()],
  ['binaryequals', (a, b) => a === b],
  ['ipaddress', (a, b) => ipInCidr(a, b)],
  ['arnequals', (a, b) => globMatches(b, a)],
  ['arnlike', (a, b) => globMatches(b, a)],
]);

const NEGATED: ReadonlyMap<string, string> = new Map([
  ['stringnotequals', 'stringequals'], ['stringnotequalsignorecase', 'stringequalsignorecase'], ['stringnotlike', 'stringlike'],
  ['numericnotequals', 'numericequals'], ['datenotequals', 'dateequals'], ['notipaddress', 'ipaddress'],
  ['arnnotequals', 'arnequals'], ['arnnotlike', 'arnlike'],
]);

function anyMatches(compare: Compare, actual: string, expected: readonly string[]): boolean {
  for (const e of expected) if (compare(actual, e)) return true;
  return false;
}

/** Whether one condition clause holds; an unknown operator never holds (AWS refuses such policies). */
export function conditionHolds(clause: ConditionClause, values: ConditionValues): boolean {
  let op = clause.operator.toLowerCase();
  let qualifier: 'any' | 'all' | undefined;
  if (op.startsWith('foranyvalue:')) [qualifier, op] = ['any', op.slice(12)];
  else if (op.startsWith('forallvalues:')) [qualifier, op] = ['all', op.slice(13)];
  const ifExists = op.endsWith('ifexists');
  if (ifExists) op = op.slice(0, -8);
  const actual = values(clause.key);
  if (op === 'null') {
    const absent = actual === undefined || actual.length === 0;
    return clause.values.some((v) => v.toLowerCase() === String(absent));
  }
  const negatedOf = NEGATED.get(op);
  const compare = POSITIVE.get(negatedOf ?? op);
  if (compare === undefined) return false;
  const present = actual !== undefined && actual.length > 0;
  if (qualifier === 'all') {
    // ForAllValues holds for an absent or empty key: every one of no values matches.
    return !present || actual.every((a) => anyMatches(compare, a, clause.values) !== (negatedOf !== undefined));
  }
  if (!present) return ifExists || (negatedOf !== undefined && qualifier === undefined);
  if (qualifier === 'any') return actual.some((a) => anyMatches(compare, a, clause.values) !== (negatedOf !== undefined));
  const matched = actual.some((a) => anyMatches(compare, a, clause.values));
  return negatedOf !== undefined ? !matched : matched;
}
