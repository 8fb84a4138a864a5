import { describe, expect, it } from 'vitest';
import { formatLine, textFields } from './log-line.ts';

describe('formatLine', () => {
  it('writes text as "[level] [tag] message" with fields as key=value', () => {
    expect(formatLine('text', 'info', '', 'hello')).toBe('[info] hello');
    expect(formatLine('text', 'warn', 's3', 'careful')).toBe('[warn] [s3] careful');
    expect(formatLine('text', 'info', 'request', 'AWS s3.GetObject => 200', { bucket: 'b', size: 3, gone: undefined, ok: true }))
      .toBe('[info] [request] AWS s3.GetObject => 200 bucket=b size=3 ok=true');
  });

  it('quotes a text value that would not stay one token', () => {
    expect(textFields({ key: 'a b', q: 'say "hi"', eq: 'a=b', empty: '', nl: 'x\ny', plain: 'dir/file.txt' }))
      .toBe(' key="a b" q="say \\"hi\\"" eq="a=b" empty="" nl="x\\ny" plain=dir/file.txt');
  });

  it('writes JSON as one object per line: time, level, tag, msg, then the fields', () => {
    const line = formatLine('json', 'info', 'request', 'AWS s3.PutObject => 200', { bucket: 'b', key: 'a\nb', absent: undefined });
    expect(line).not.toContain('\n');
    const parsed: unknown = JSON.parse(line);
    expect(parsed).toEqual({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), level: 'info', tag: 'request', msg: 'AWS s3.PutObject => 200', bucket: 'b', key: 'a\nb' });
    expect(Object.keys(parsed as object)).toEqual(['time', 'level', 'tag', 'msg', 'bucket', 'key']);
  });

  it('leaves the tag out of a JSON line without one', () => {
    expect(Object.keys(JSON.parse(formatLine('json', 'error', '', 'boom')) as object)).toEqual(['time', 'level', 'msg']);
  });
});
