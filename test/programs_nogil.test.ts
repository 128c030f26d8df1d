/**
 * The differential programs again, free-threaded: every program in programs/ must give CPython's
 * output under `--nogil` (no GIL: biased refcounting, per-object locks, QSBR) with the
 * memory-safety checker on, and end with no finding. Its own file, so vitest runs it beside the
 * GIL groups of programs.test.ts.
 */
import { describeCheckedRuns } from "./helpers/programs.js";

describeCheckedRuns(["--nogil", "--sanitize"]);
