/**
 * JUnit XML (pytest `--junitxml`, junit_family=xunit1) -> one record per test case. xunit1 gives
 * each case a `file` attribute, which is what lets us rebuild the pytest node id exactly.
 */
import { XMLParser } from 'fast-xml-parser';

export type Outcome = 'passed' | 'failed' | 'errored' | 'skipped';

export interface TestCaseResult {
  /** pytest node id, e.g. tests/aws/services/s3/test_s3.py::TestS3::test_copy[SHA1] */
  readonly id: string;
  readonly file: string;
  /** Test class name, or '' for a module-level test function. */
  readonly className: string;
  readonly name: string;
  readonly outcome: Outcome;
  readonly seconds: number;
  /** First failure/error/skip message (pytest's short form), when there is one. */
  readonly message?: string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: '#text',
  isArray: (name) => ['testsuite', 'testcase', 'failure', 'error', 'skipped'].includes(name),
});

type XmlNode = Record<string, unknown>;

function isNode(v: unknown): v is XmlNode {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nodes(v: unknown): XmlNode[] {
  return Array.isArray(v) ? v.filter(isNode) : isNode(v) ? [v] : [];
}

function attr(node: XmlNode, name: string): string {
  const v = node[name];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

/** The first `message` attribute (or text) of a failure/error/skipped child. */
function firstMessage(children: XmlNode[]): string | undefined {
  const first = children[0];
  if (first === undefined) return undefined;
  const message = attr(first, 'message') || attr(first, '#text');
  return message === '' ? undefined : message;
}

/** Splits `tests.aws.services.s3.test_s3.TestS3` into file and class using the case's file. */
function locate(classname: string, fileAttr: string): { file: string; className: string } {
  if (fileAttr !== '') {
    const moduleDotted = fileAttr.replace(/\.py$/, '').replaceAll('/', '.');
    const rest = classname.startsWith(moduleDotted) ? classname.slice(moduleDotted.length + 1) : '';
    return { file: fileAttr, className: rest.replaceAll('.', '::') };
  }
  // xunit2 has no file attribute: the module is the last segment that looks like test_*.
  const parts = classname.split('.');
  const moduleIndex = parts.findLastIndex((p) => p.startsWith('test_'));
  const file = `${parts.slice(0, moduleIndex + 1).join('/')}.py`;
  return { file, className: parts.slice(moduleIndex + 1).join('::') };
}

function outcomeOf(testcase: XmlNode): { outcome: Outcome; message?: string } {
  const failures = nodes(testcase.failure);
  const errors = nodes(testcase.error);
  const skips = nodes(testcase.skipped);
  if (failures.length > 0) return { outcome: 'failed', message: firstMessage(failures) };
  if (errors.length > 0) return { outcome: 'errored', message: firstMessage(errors) };
  if (skips.length > 0) return { outcome: 'skipped', message: firstMessage(skips) };
  return { outcome: 'passed' };
}

function allSuites(root: XmlNode): XmlNode[] {
  const container = isNode(root.testsuites) ? root.testsuites : root;
  return nodes(container.testsuite);
}

export function parseJUnit(xml: string): TestCaseResult[] {
  const root: unknown = parser.parse(xml);
  if (!isNode(root)) return [];
  return allSuites(root).flatMap((suite) =>
    nodes(suite.testcase).map((tc): TestCaseResult => {
      const { file, className } = locate(attr(tc, 'classname'), attr(tc, 'file'));
      const name = attr(tc, 'name');
      const id = [file, className, name].filter((s) => s !== '').join('::');
      const { outcome, message } = outcomeOf(tc);
      const seconds = Number(attr(tc, 'time')) || 0;
      return message === undefined
        ? { id, file, className, name, outcome, seconds }
        : { id, file, className, name, outcome, seconds, message };
    }),
  );
}
