/**
 * Where a thread is in the program, read from its innermost frame in the heap: the code object
 * and the line of the frame's saved instruction pointer. The interpreter installs it as the
 * runtime's `whereNow`, so the sanitizer can say where an object was freed and touched.
 */
import { CO_LINES } from "../runtime/code.js";
import type { CodeSite } from "../runtime/sanitizer_site.js";
import { F_CODE, F_IP } from "./frame.js";

/** The site of frame `f` (a word index; 0, no frame: null). */
export function frameSite(i32: Int32Array, f: number): CodeSite | null {
  if (f === 0) return null;
  const code = i32[f + F_CODE];
  // the saved pointer is the next instruction: the one running is just before it
  const ip = Math.max(0, i32[f + F_IP] - 1);
  return { code, line: i32[(i32[(code >> 2) + CO_LINES] >> 2) + ip] };
}
