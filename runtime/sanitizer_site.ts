/**
 * Where things happened, for the sanitizer's reports: a use after free or a double free names
 * the thread and the Python line that freed the object, and the thread and line that touched it.
 *
 * The freeing site is kept in the freed block itself, so any thread can read it back: a freed
 * block waits in its freeing thread's quarantine before it may be reused (runtime/heap.ts), and
 * words a dead object no longer needs hold the record. The refcount words stay as the free left
 * them (a racing try-incref must still see a dead count), and word 0 is left alone (a block
 * leaving quarantine keeps its free-list link there); every object block has at least 8 words
 * (a header, one payload word, rounded up to 8 bytes):
 *
 *   word 3  OB_TYPE        kept: the type, for the report
 *   word 4  OB_KIND        KIND_FREED: the poison
 *   word 5  OB_MUTEX       FREED_THREAD  the freeing thread's name (an interned, immortal str) or NULL
 *   word 6                 FREED_CODE    the running code object (immortal) or NULL
 *   word 7                 FREED_LINE    its source line
 *
 * The line comes from the running frame's saved instruction pointer, which the eval loop stores
 * at every call (and at every exception): exact for a free inside a call or its argument
 * clean-up, the line of the frame's last call for a free by a plain store or pop.
 */
import { CO_FILENAME, CO_NAME } from "./code.js";
import { TS_NAME } from "./heap.js";
import { HEADER_WORDS, NULL, OB_MUTEX, type Ref } from "./layout.js";
import { readStr } from "./str.js";
import type { Runtime } from "./context.js";

const FREED_THREAD = OB_MUTEX;
const FREED_CODE = HEADER_WORDS;
const FREED_LINE = HEADER_WORDS + 1;

/** The running frame's code object and line, as the interpreter reports it (Runtime.whereNow). */
export interface CodeSite {
  code: Ref;
  line: number;
}

/** A place in the program, readable by people and by tests. */
export interface Site {
  thread: string;
  /** null when no Python code was running (teardown at exit, a worker between threads). */
  file: string | null;
  line: number | null;
  function: string | null;
}

/** Where this thread is now. */
export function siteNow(rt: Runtime): Site {
  return siteOf(rt, rt.i32[rt.alloc.ts + TS_NAME], rt.whereNow());
}

/** Writes the freeing site into a freed (poisoned, not yet released) object's block. */
export function recordFree(rt: Runtime, ref: Ref): void {
  const w = ref >> 2;
  const here = rt.whereNow();
  rt.i32[w + FREED_LINE] = here === null ? 0 : here.line;
  rt.i32[w + FREED_CODE] = here === null ? NULL : here.code;
  rt.i32[w + FREED_THREAD] = rt.i32[rt.alloc.ts + TS_NAME];
}

/** Reads back where a freed object was freed. */
export function freedSite(rt: Runtime, ref: Ref): Site {
  const w = ref >> 2;
  const code = rt.i32[w + FREED_CODE];
  return siteOf(rt, rt.i32[w + FREED_THREAD], code === NULL ? null : { code, line: rt.i32[w + FREED_LINE] });
}

function siteOf(rt: Runtime, threadName: Ref, at: CodeSite | null): Site {
  const thread = threadName === NULL ? "a thread with no name" : readStr(rt.heap, threadName);
  if (at === null) return { thread, file: null, line: null, function: null };
  const code = at.code >> 2;
  return {
    thread,
    file: readStr(rt.heap, rt.i32[code + CO_FILENAME]),
    line: at.line,
    function: readStr(rt.heap, rt.i32[code + CO_NAME]),
  };
}

/** "MainThread at prog.py:3 in main", or where no Python code ran. */
export function describeSite(site: Site): string {
  if (site.file === null) return `${site.thread}, outside Python code (at exit, during teardown, or between threads)`;
  return `${site.thread} at ${site.file}:${site.line} in ${site.function}`;
}
