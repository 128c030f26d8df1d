/**
 * `gilvm run --pool-child=PPID:DIR -- [FILE ARGS…]`: the hidden mode a process pool starts its
 * children in (vm/modules/process.ts). The child runs a two-line program that hands over to
 * concurrent.futures.process._child_main (through _gilvm_process.serve_parent): it imports FILE
 * as `__mp_main__` (as CPython's spawn start method does, so the `if __name__ == "__main__":`
 * block does not run) and serves the parent's calls until the parent says goodbye or goes away.
 */
import { removeFifoDir } from "./process_pipes.js";

export interface PoolChildProgram {
  source: string;
  filename: string;
  argv: string[];
  parentPid: number;
  /** The FIFOs' folder (the child removes it once connected, or when the parent is gone). */
  fifoDir: string;
}

/** How often a child looks whether its parent still lives (it may be killed mid-task). */
const PARENT_WATCH_MS = 100;

/** The program a pool child runs, from the option's value and the parent's FILE and ARGS. */
export function poolChildProgram(spec: string, file: string | undefined, args: string[]): PoolChildProgram | null {
  const colon = spec.indexOf(":");
  const parentPid = Number(spec.slice(0, colon));
  if (colon < 0 || !Number.isInteger(parentPid) || parentPid <= 0) return null;
  const dir = spec.slice(colon + 1);
  // a JSON string is also a valid Python string literal
  const mainFile = file === undefined ? "None" : JSON.stringify(file);
  const source = `import _gilvm_process\n_gilvm_process.serve_parent(${JSON.stringify(dir)}, ${mainFile})\n`;
  return { source, filename: "<process pool child>", argv: file === undefined ? [""] : [file, ...args], parentPid, fifoDir: dir };
}

/**
 * Ends this child as soon as its parent is gone (it was re-parented), even in the middle of a
 * task: a child blocked reading the parent's pipe also sees EOF, but one that computes would not.
 */
export function exitWithParent(parentPid: number, fifoDir: string): void {
  const check = () => {
    if (process.ppid === parentPid) return;
    // a parent that died while this child started left its FIFOs behind
    removeFifoDir(fifoDir);
    process.kill(process.pid, "SIGKILL");
  };
  check();
  setInterval(check, PARENT_WATCH_MS).unref();
}
