// Cancellation of fit, partialFit and trainInWorker. Training stops between epochs, so
// an abort either lands before the first epoch completes, when there is nothing new to
// return (the call rejects and the model stays exactly as it was), or after one or more
// epochs, when the call resolves with the model trained so far.

/** Throws unless `signal` is undefined or an AbortSignal. */
export function checkSignal(signal: unknown): asserts signal is AbortSignal | undefined {
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new Error("signal must be an AbortSignal");
}

/**
 * The error a call rejects with when its signal is aborted before any epoch completes:
 * an Error named "AbortError", the name fetch's rejection has, so one
 * `error.name === "AbortError"` test covers both. `signal.reason` (what
 * `controller.abort(reason)` was given, a DOMException by default) is its `cause`:
 * unlike fetch, the call does not reject with the reason itself, which may be any value,
 * so that it always rejects with an Error saying what became of the model.
 * @param call the method, as the message names it
 * @param outcome what became of the model
 */
export function abortError(signal: AbortSignal, call: string, outcome = "the model is as it was before the call"): Error {
  const error = new Error(`${call} was aborted before its first epoch completed; ${outcome}`, { cause: signal.reason });
  error.name = "AbortError";
  return error;
}
