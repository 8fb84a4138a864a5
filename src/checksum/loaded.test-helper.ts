/** The result of a checksum call made once its hashers are loaded: synchronous by then, or the test fails. */
export function loaded<T>(value: T | Promise<T>): T {
  if (value instanceof Promise) throw new Error('expected a synchronous result: the hashers are loaded');
  return value;
}
