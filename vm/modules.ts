/**
 * Module objects and `import`. Modules are built in: each is created once per heap from its
 * native table (vm/modules/) and kept in sys.modules (a heap dict), so every thread sees the
 * same module object. Importing anything else raises ModuleNotFoundError, as CPython does.
 *
 *   module:  w6 name (str)   w7 dict
 */
import type { Interpreter } from "./interpreter.js";
import { HEADER_WORDS, Kind, NULL, type Ref, type Value } from "../runtime/layout.js";
import { PyError } from "../runtime/py_error.js";
import { T } from "../runtime/types.js";
import { dictGet, dictSet, newDict } from "../runtime/dict.js";
import { intern } from "../runtime/intern.js";
import { newBuiltin } from "../runtime/function.js";
import { NATIVES } from "./natives.js";
import { MODULE_INITS } from "./modules/index.js";
import { TEST_HOOKS_MODULE } from "./test_hooks.js";

export const MOD_NAME = HEADER_WORDS;
export const MOD_DICT = HEADER_WORDS + 1;

/** A new module object named `name` with dict `dict` (both borrowed). */
export function newModule(vm: Interpreter, name: string, dict: Ref): Ref {
  const rt = vm.rt;
  const m = rt.newObject(Kind.MODULE, rt.types[T.module], 2);
  rt.incref(dict);
  vm.i32[(m >> 2) + MOD_NAME] = intern(rt, name);
  vm.i32[(m >> 2) + MOD_DICT] = dict;
  return m;
}

function knownModule(vm: Interpreter, name: string): boolean {
  if (name === TEST_HOOKS_MODULE && !vm.opts.testHooks) return false;
  return NATIVES.some((n) => n.module === name) || name in MODULE_INITS;
}

/** The module `name` (owned), created on first use. */
export function getModule(vm: Interpreter, name: string): Ref {
  const rt = vm.rt;
  const key = intern(rt, name);
  const found = dictGet(rt, vm.modules, key);
  if (found !== NULL) return rt.newRef(found);
  if (!knownModule(vm, name)) {
    throw new PyError("ModuleNotFoundError", `No module named '${name}'`);
  }
  const dict = newDict(rt);
  const set = (attr: string, v: Value) => {
    dictSet(rt, dict, intern(rt, attr), v);
    rt.decref(v);
  };
  set("__name__", intern(rt, name));
  NATIVES.forEach((n, id) => {
    if (n.module === name) set(n.name, newBuiltin(rt, id, NULL, intern(rt, n.name)));
  });
  const m = newModule(vm, name, dict);
  rt.decref(dict);
  dictSet(rt, vm.modules, key, m);
  MODULE_INITS[name]?.(vm, set);
  return m;
}

/** IMPORT_NAME: `import a.b` gives `a` (without a fromlist), `from a.b import x` gives `a.b`. */
export function importModule(vm: Interpreter, dotted: string, hasFromlist: boolean): Ref {
  const parts = dotted.split(".");
  let top = NULL;
  let leaf = NULL;
  for (let i = 1; i <= parts.length; i++) {
    const name = parts.slice(0, i).join(".");
    if (!knownModule(vm, name) && dictGet(vm.rt, vm.modules, intern(vm.rt, name)) === NULL) {
      vm.rt.decref(top);
      vm.rt.decref(leaf);
      throw new PyError("ModuleNotFoundError", `No module named '${name}'`);
    }
    const m = getModule(vm, name);
    if (i === 1) top = m;
    else {
      vm.rt.decref(leaf);
      leaf = m;
    }
  }
  if (parts.length === 1) return top;
  if (hasFromlist) {
    vm.rt.decref(top);
    return leaf;
  }
  vm.rt.decref(leaf);
  return top;
}
