/**
 * Reference numbers the reports quote beside gilvm's own: the talk's
 * (../shared/seed/free-threading-talk.txt) and what real CPython builds measured on this machine
 * kind (../shared/docs/anchors.md, whole-process medians of 5 runs). Quoted, not measured here.
 */
export const TALK = {
  /** CPython 3.14t vs 3.14, 8 × do_work on one thread: 2.370 s vs 2.341 s. */
  single_overhead: 2.370 / 2.341,
  /** 8 threads of ThreadPoolExecutor, 3.14 vs 3.14t: 2.352 s vs 768.9 ms. */
  speedup_8_threads: 2.352 / 0.7689,
  /** Mixed workload, free-threading at 32 threads over the GIL. */
  mixed_32_threads: 2.5,
} as const;

/** CPython 3.15.0a0, the same source built with and without the GIL (anchors.md). */
export const ANCHOR_CPYTHON_315 = {
  gil: { p1: 4.38, p2: 4.55, p3_1: 4.45, p3_2: 4.36, rc_shared: 0.37, rc_private: 0.35 },
  free_threaded: { p1: 4.81, p2: 2.34, p3_1: 4.46, p3_2: 2.37, rc_shared: 1.78, rc_private: 0.26 },
} as const;

export const ANCHOR_NOTE = "anchors: CPython 3.15.0a0 built with and without the GIL on this machine kind (../shared/docs/anchors.md)";
