/**
 * The error a call fails with, of the class the test expects: success, or an error of another
 * class, fails the test. `thrown` for a function, `rejected` for a promise; `caught` for table tests
 * whose rows may succeed.
 */
type ErrorClass<E> = abstract new (...args: never[]) => E;

export function thrown<E>(type: ErrorClass<E>, run: () => unknown): E {
  const e = caught(type, run);
  if (e === undefined) throw new Error(`expected a ${type.name}`);
  return e;
}

/** undefined when `run` returns; the error when it throws one of `type`. */
export function caught<E>(type: ErrorClass<E>, run: () => unknown): E | undefined {
  try {
    run();
    return undefined;
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
}

export async function rejected<E>(type: ErrorClass<E>, p: Promise<unknown>): Promise<E> {
  try {
    await p;
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected a ${type.name}`);
}
