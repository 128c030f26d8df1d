/**
 * The built-in modules' native tables and initialisers, collected for vm/natives.ts (which
 * numbers every native function) and vm/modules.ts (which creates the module objects).
 *
 * "sys.stdout" and "sys.stderr" are modules too: the objects sys.stdout and sys.stderr (see
 * vm/modules/sys.ts).
 */
import type { Value } from "../../runtime/layout.js";
import type { Interpreter } from "../interpreter.js";
import { THREAD_FUNCTIONS, initThreadModule } from "../thread_module.js";
import type { NativeTable } from "../native.js";
import { SYS_FUNCTIONS, STDOUT_FUNCTIONS, STDERR_FUNCTIONS, initSys } from "./sys.js";
import { MATH_FUNCTIONS, mathConstants } from "./math.js";
import { TIME_FUNCTIONS } from "./time.js";
import { RANDOM_FUNCTIONS, newHeapState } from "./random.js";
import { OS_FUNCTIONS } from "./os.js";
import { PROCESS_FUNCTIONS } from "./process.js";

/** One entry per module, in a fixed order (native ids depend on it). */
export const MODULE_TABLES: [string, NativeTable][] = [
  ["sys", SYS_FUNCTIONS],
  ["sys.stdout", STDOUT_FUNCTIONS],
  ["sys.stderr", STDERR_FUNCTIONS],
  ["math", MATH_FUNCTIONS],
  ["time", TIME_FUNCTIONS],
  ["random", RANDOM_FUNCTIONS],
  ["_thread", THREAD_FUNCTIONS],
  ["os", OS_FUNCTIONS],
  ["_gilvm_process", PROCESS_FUNCTIONS],
];

/**
 * Called once per heap when a module object is created, to add its other attributes:
 * `set(name, value)` takes over the (owned) reference.
 */
export const MODULE_INITS: Record<string, (vm: Interpreter, set: (name: string, value: Value) => void) => void> = {
  sys: initSys,
  math: mathConstants,
  random: (vm, set) => set("_state", newHeapState(vm)),
  _thread: initThreadModule,
};
