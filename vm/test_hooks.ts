/**
 * `_gilvm_test`: a module of deliberate reference-counting bugs, importable only when the run
 * enables test hooks (GILVM_TEST_HOOKS=1 or RunOptions.testHooks), so tests can show that the
 * sanitizer catches what it claims to catch.
 */
import type { NativeTable } from "./native.js";
import { argCount } from "./native.js";

export const TEST_HOOKS_MODULE = "_gilvm_test";

export const TEST_HOOK_FUNCTIONS: NativeTable = {
  /** A missing incref: drops a reference the caller does not own. */
  drop_ref(vm, _self, args) {
    argCount("drop_ref", args, 1, 1);
    vm.rt.decref(args[0]);
    return vm.rt.None;
  },
  /** A leaked reference: takes one that is never dropped. */
  leak_ref(vm, _self, args) {
    argCount("leak_ref", args, 1, 1);
    vm.rt.incref(args[0]);
    return vm.rt.None;
  },
};
