// Assertions that a call fails the way the API promises: with an Error whose message
// matches, never a non-Error throw and never silently.
import * as assert from "uvu/assert";

/** Awaits `promise` and returns the Error it rejected with, after matching its message. */
export async function rejects(promise, pattern) {
  try {
    await promise;
  } catch (error) {
    assert.instance(error, Error);
    assert.match(error.message, pattern);
    return error;
  }
  assert.unreachable(`expected an error matching ${pattern}`);
}

/** Calls `fn` and returns the Error it threw, after matching its message. */
export function throws(fn, pattern) {
  try {
    fn();
  } catch (error) {
    assert.instance(error, Error);
    assert.match(error.message, pattern);
    return error;
  }
  assert.unreachable(`expected an error matching ${pattern}`);
}
