import { describe, expect, it } from 'vitest';
import { javaDateString } from './object-lock-rules.ts';

describe('javaDateString', () => {
  it("prints dates as S3 echoes them, Java's Date.toString() in Pacific time", () => {
    expect(javaDateString(new Date('2020-01-01T00:00:00Z'))).toBe('Tue Dec 31 16:00:00 PST 2019');
    expect(javaDateString(new Date('2020-07-04T07:05:09Z'))).toBe('Sat Jul 04 00:05:09 PDT 2020');
    expect(javaDateString(new Date('2020-07-04T07:00:00Z'))).toBe('Sat Jul 04 00:00:00 PDT 2020');
  });
});
