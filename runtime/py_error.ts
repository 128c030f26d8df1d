/**
 * PyError: how JavaScript code that implements Python behaviour (built-ins, numeric and
 * formatting helpers, the front end) reports a Python exception without touching the heap.
 * The interpreter catches it and raises a real exception object of `pyType` in the shared heap,
 * so helpers stay pure functions and still give CPython's exception type and message.
 */
export class PyError extends Error {
  constructor(
    /** Name of the built-in exception class, e.g. "ValueError", "TypeError", "OverflowError". */
    readonly pyType: string,
    message: string,
  ) {
    super(message);
    this.name = "PyError";
  }
}
