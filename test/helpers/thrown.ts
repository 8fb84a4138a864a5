/**
 * The error a call fails with, of the class the test expects: success, or an error of another
 * class, fails the test. `thrown` for a function, `rejected` for a promise.
 */
type ErrorClass<E> = abstract new (...args: never[]) => E;

export function thrown<E>(type: ErrorClass<E>, run: () => unknown): E {
  try {
    run();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected a ${type.name}`);
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
