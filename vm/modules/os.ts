/**
 * The os module: the little of it that gilvm's programs use (Modules/posixmodule.c).
 *
 *   cpu_count()   the number of logical CPUs in the system (None if unknown); the default
 *                 size of a ProcessPoolExecutor
 *   getpid()      this process's id: a process pool's children each have their own
 */
import { cpus } from "node:os";
import { newIntFromNumber } from "../../runtime/int.js";
import { type NativeTable, argCount, noKwargs } from "../native.js";

export const OS_FUNCTIONS: NativeTable = {
  cpu_count(vm, _self, args, kwnames) {
    noKwargs("cpu_count", kwnames);
    argCount("cpu_count", args, 0, 0);
    const n = cpus().length;
    return n > 0 ? newIntFromNumber(vm.rt, n) : vm.rt.newRef(vm.rt.None);
  },
  getpid(vm, _self, args, kwnames) {
    noKwargs("getpid", kwnames);
    argCount("getpid", args, 0, 0);
    return newIntFromNumber(vm.rt, process.pid);
  },
};
