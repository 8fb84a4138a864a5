import { describe, expect, it } from 'vitest';
import { lifecycleRunUrl } from './lifecycle-command.ts';

describe('lifecycleRunUrl', () => {
  it('adds the endpoint path and the as-of parameters to the base URL', () => {
    expect(lifecycleRunUrl('http://localhost:4566', undefined, undefined)).toBe('http://localhost:4566/_ruststack/lifecycle/run');
    expect(lifecycleRunUrl('http://localhost:4566', '2030-01-01T00:00:00Z', '40'))
      .toBe('http://localhost:4566/_ruststack/lifecycle/run?now=2030-01-01T00%3A00%3A00Z&days=40');
  });
});
