/**
 * The command line: `gilvm run FILE [ARGS…]`, `gilvm run -c CODE`, `gilvm dis FILE`.
 * Exit codes as CPython's: 0, 1 for an uncaught exception, 2 for a usage error; and gilvm's own:
 * 3 for a deadlock, 4 when the sanitizer found something, 124 when --timeout stopped the run.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import type { RefcountPolicyName } from "../runtime/refcount.js";
import { writeAll } from "./worker.js";
import { superviseProgram } from "./supervisor.js";
import { writeTrace } from "./trace_file.js";
import { benchCommand, type BenchOptions } from "./bench.js";
import { formatStats } from "./stats.js";
import { parse } from "./parser.js";
import { compile } from "./compiler.js";
import { disassemble } from "./dis.js";
import { PySyntaxError, formatSyntaxError } from "./syntax_error.js";
import { exitWithParent, poolChildProgram } from "./pool_child.js";
import { trackPoolChildren } from "./pool_children.js";

export const VERSION = "0.1.0";

function writeOut(s: string): void {
  writeAll(1, s);
}
function writeErr(s: string): void {
  writeAll(2, s);
}

/** The smallest heap: the main thread's frame region alone takes 2 MiB. */
const MIN_HEAP_MB = 4;

function heapMb(value: string): number {
  const n = positiveInt(value);
  if (n < MIN_HEAP_MB) throw new InvalidArgumentError(`the heap needs at least ${MIN_HEAP_MB} MiB`);
  if (n > 2047) throw new InvalidArgumentError("the heap can be at most 2047 MiB");
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

/** --timeout: seconds, fractions allowed (a test may want 0.5). */
function timeoutSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number of seconds");
  return n;
}

function readSource(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    writeErr(`gilvm: can't open file '${file}': [Errno ${err.errno === undefined ? 2 : -err.errno}] ${err.code === "ENOENT" ? "No such file or directory" : err.message}\n`);
    process.exit(2);
  }
}

interface RunFlags {
  c?: string;
  gil?: boolean;
  nogil?: boolean;
  stats?: boolean;
  statsJson?: string;
  sanitize?: boolean;
  heapMb: number;
  trace?: string;
  refcount?: RefcountPolicyName;
  immortal: boolean;
  sharedRc?: "atomic" | "per-thread";
  timeout?: number;
  findingsJson?: string;
  poolChild?: string;
}

/**
 * The run's mode and refcount policy: `--gil` (the default) counts with plain operations, as
 * CPython's default build; `--nogil` with biased reference counting, as CPython 3.13t. Either
 * takes any `--refcount` as an ablation; `--nogil --refcount=plain` is allowed on purpose (it
 * shows the lost updates the GIL prevents) and says so on stderr.
 */
function modeOf(flags: RunFlags): { mode: "gil" | "nogil"; refcount: RefcountPolicyName } | null {
  if (flags.gil === true && flags.nogil === true) {
    writeErr("gilvm: --gil and --nogil exclude each other\n");
    return null;
  }
  const mode = flags.nogil === true ? "nogil" : "gil";
  const refcount = flags.refcount ?? (mode === "nogil" ? "biased" : "plain");
  if (flags.sharedRc === "per-thread" && refcount !== "biased") {
    writeErr("gilvm: --shared-rc=per-thread works with biased refcounting (--refcount biased, the --nogil default)\n");
    return null;
  }
  if (mode === "nogil" && refcount === "plain") {
    writeErr("gilvm: warning: --nogil --refcount=plain is unsafe: threads update reference counts with plain, non-atomic operations and no lock, so counts can be lost (use-after-free, leaks); it exists to show that race\n");
  }
  return { mode, refcount };
}

async function runCommand(fileOrArg: string | undefined, args: string[], flags: RunFlags): Promise<number> {
  let filename: string;
  let source: string;
  let argv: string[];
  if (flags.poolChild !== undefined) {
    // a process pool's child (vm/pool_child.ts): FILE is the parent's main module
    const child = poolChildProgram(flags.poolChild, fileOrArg, args);
    if (child === null) {
      writeErr("gilvm: --pool-child is for process pools' own use\n");
      return 2;
    }
    exitWithParent(child.parentPid, child.fifoDir);
    ({ filename, source, argv } = child);
  } else if (flags.c !== undefined) {
    filename = "<string>";
    source = flags.c;
    argv = ["-c", ...(fileOrArg === undefined ? [] : [fileOrArg]), ...args];
  } else {
    if (fileOrArg === undefined) {
      writeErr("gilvm: run needs a FILE or -c CODE (see gilvm run --help)\n");
      return 2;
    }
    if (fileOrArg.startsWith("-")) {
      // unknown options are the program's only after FILE
      writeErr(`gilvm: unknown option '${fileOrArg}' (see gilvm run --help)\n`);
      return 2;
    }
    filename = path.resolve(fileOrArg); // CPython 3.11 names the main file by its absolute path
    source = readSource(fileOrArg);
    argv = [fileOrArg, ...args];
  }
  const chosen = modeOf(flags);
  if (chosen === null) return 2;
  const poolChildren = trackPoolChildren();
  const result = await superviseProgram({
    source, filename, argv, mode: chosen.mode, sanitize: flags.sanitize === true, heapMb: flags.heapMb,
    testHooks: process.env.GILVM_TEST_HOOKS === "1", trace: flags.trace !== undefined,
    refcount: chosen.refcount, immortal: flags.immortal, sharedRc: flags.sharedRc,
  }, writeErr, { timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000 });
  // pool children still running (the run was cut short) would keep a worker blocked reading them
  poolChildren.killRemaining();
  if (flags.trace !== undefined && result.traces !== null) writeTrace(flags.trace, result, filename);
  if (flags.stats) writeErr(formatStats(result.stats));
  if (flags.statsJson !== undefined) writeFileSync(flags.statsJson, JSON.stringify(result.stats, null, 2) + "\n");
  if (flags.findingsJson !== undefined) {
    try {
      writeFileSync(flags.findingsJson, JSON.stringify(result.findings, null, 2) + "\n");
    } catch (e) {
      writeErr(`gilvm: can't write '${flags.findingsJson}': ${(e as Error).message}\n`);
      return result.exitCode === 0 ? 2 : result.exitCode;
    }
  }
  return result.exitCode;
}

function disCommand(file: string): number {
  const source = readSource(file);
  try {
    writeOut(disassemble(compile(parse(source, file), file, source)));
    return 0;
  } catch (e) {
    if (e instanceof PySyntaxError) {
      writeErr(formatSyntaxError(e));
      return 1;
    }
    throw e;
  }
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name("gilvm")
    .description("A laboratory for Python's GIL and free-threading: a Python-subset VM on a shared heap")
    .version(VERSION, "-V, --version")
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut, writeErr });
  program
    .command("run")
    .description("run a Python program (ARGS become sys.argv[1:])")
    .argument("[file]", "the program")
    .argument("[args...]", "arguments for the program")
    .option("-c <code>", "run CODE instead of a file")
    .option("--gil", "run with the global interpreter lock (the default)")
    .option("--nogil", "free-threading: no GIL; biased refcounting, immortal objects, per-object locks (CPython 3.13t)")
    .option("--stats", "print counters to stderr at exit")
    .option("--stats-json <file>", "write the counters as JSON")
    .option("--sanitize", "memory-safety checker: use-after-free and double-free stop the run; leaks and refcount mismatches reported at exit (exit 4)")
    .option("--findings-json <file>", "write the sanitizer's findings as JSON (a list; empty when clean)")
    .option("--timeout <sec>", "stop the run after SEC seconds (exit 124)", timeoutSeconds)
    .option("--heap-mb <n>", "heap size cap in MiB (MemoryError past it)", heapMb, 512)
    .addOption(new Option("--refcount <policy>", "reference counting: plain (needs the GIL; the --gil default), atomic (Atomics on every op) or biased (CPython 3.13t; the --nogil default)").choices(["plain", "atomic", "biased"]))
    .option("--no-immortal", "ablation: count references to None, True, interned strs, built-ins… too")
    .addOption(new Option("--shared-rc <mode>", "how other threads count references to an object they share: atomic (CPython 3.13t) or per-thread (hot objects get per-thread counts; gilvm's)").choices(["atomic", "per-thread"]))
    .addOption(new Option("--pool-child <spec>", "run as a process pool's child (internal)").hideHelp())
    .option("--trace <file>", "timeline of the threads' states: FILE.svg (a picture) or FILE.json (Chrome trace events)")
    // gilvm's own options may follow FILE too (`gilvm run prog.py --stats`); anything else there
    // is the program's (`--` ends gilvm's options for arguments that look like its own)
    .allowUnknownOption()
    .action(async (file: string | undefined, args: string[], flags: RunFlags) => {
      exitCode = await runCommand(file, args, flags);
    });
  program
    .command("dis")
    .description("disassemble a program's code objects, as Python's dis module prints them")
    .argument("<file>", "the program")
    .action((file: string) => {
      exitCode = disCommand(file);
    });
  program
    .command("bench")
    .description("benchmark suites: single, threads, mixed, contention, switch, nogil (all of them when none is named); demo (the talk's thread pool, --gil vs --nogil)")
    .argument("[suites...]", "suites to run (default: all but demo)")
    .option("--runs <n>", "runs of each configuration (default: each suite's own)", positiveInt)
    .option("--out <dir>", "where the JSON, Markdown and SVG charts go", "bench-results")
    .option("--quick", "a tiny configuration of each suite: checks the harness, not the numbers")
    .option("--update-docs", "also write the tables into docs/results.md and the charts into docs/img/")
    .action(async (suites: string[], flags: BenchOptions) => {
      exitCode = await benchCommand(suites, flags, writeOut, writeErr);
    });
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2;
    }
    throw e;
  }
  return exitCode;
}

const isMain = process.argv[1] !== undefined && /cli(\.bundle)?\.(ts|js)$/.test(process.argv[1]);
if (isMain) process.exitCode = await main(process.argv.slice(2));
