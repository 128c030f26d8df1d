/**
 * `--trace FILE`: the threads' state changes of a run, drawn as an SVG timeline (FILE.svg) or
 * written as Chrome trace events (FILE.json, for Perfetto and chrome://tracing).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { renderChromeTrace, renderTraceSvg, type TraceInput } from "./trace_render.js";
import type { ProgramResult } from "./supervisor.js";

export function writeTrace(file: string, result: ProgramResult, program: string): void {
  const input: TraceInput = {
    title: path.basename(program),
    mode: result.stats.mode,
    endMs: result.endMs,
    threads: (result.traces ?? []).map((t) => ({ tid: t.tid, name: t.name, events: t.events })),
  };
  if (file.endsWith(".json")) writeFileSync(file, JSON.stringify(renderChromeTrace(input)) + "\n");
  else writeFileSync(file, renderTraceSvg(input));
}
