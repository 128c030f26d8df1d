/**
 * Module objects and `import`. A module is either native (created from its table in
 * vm/modules/) or Python source shipped in lib/ (threading, queue, concurrent.futures — written
 * over the native _thread, as CPython's are), compiled and run on first import. Either way it is
 * kept in sys.modules (a heap dict), so every thread sees the same module object. Importing
 * anything else raises ModuleNotFoundError, as CPython does.
 *
 *   module:  w6 name (str)   w7 dict
 */
import type { Interpreter } from "./interpreter.js";
import { HEADER_WORDS, Kind, NULL, type Ref, type Value } from "../runtime/layout.js";
import { PyError } from "../runtime/py_error.js";
import { T } from "../runtime/types.js";
import { dictContains, dictGetRef, dictPop, dictSet, newDict } from "../runtime/dict.js";
import { intern } from "../runtime/intern.js";
import { newBuiltin } from "../runtime/function.js";
import { NATIVES } from "./natives.js";
import { MODULE_INITS } from "./modules/index.js";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "./package_root.js";
import { parse } from "./parser.js";
import { compile } from "./compiler.js";
import { PySyntaxError } from "./syntax_error.js";
import { materializeCode } from "../runtime/code.js";
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

function isNativeModule(vm: Interpreter, name: string): boolean {
  if (name === TEST_HOOKS_MODULE && !vm.opts.testHooks) return false;
  return NATIVES.some((n) => n.module === name) || name in MODULE_INITS;
}

/** lib/ at the package root (the same from the sources and from dist/). */
const LIB = path.join(packageRoot(), "lib");

/** The source file of a lib/ module or package, or null. */
function sourceFile(name: string): string | null {
  const base = path.join(LIB, ...name.split("."));
  for (const f of [base + ".py", path.join(base, "__init__.py")]) if (existsSync(f)) return f;
  return null;
}

function knownModule(vm: Interpreter, name: string): boolean {
  return isNativeModule(vm, name) || sourceFile(name) !== null;
}

/**
 * Compiles a module's source into a code object in the heap (owned), kept for tracebacks; a
 * syntax error is an importer's SyntaxError naming the file and line.
 */
export function compileModuleSource(vm: Interpreter, source: string, file: string): Ref {
  vm.sources.set(file, source);
  try {
    return materializeCode(vm.rt, compile(parse(source, file), file, source));
  } catch (e) {
    if (e instanceof PySyntaxError) throw new PyError("SyntaxError", `${e.msg} (${file}, line ${e.lineno})`);
    throw e;
  }
}

/** Compiles and runs a lib/ module in a new module object (put in sys.modules first, as CPython does). */
function loadSourceModule(vm: Interpreter, name: string, file: string, key: Ref): Ref {
  const rt = vm.rt;
  const code = compileModuleSource(vm, readFileSync(file, "utf8"), file);
  const dict = newDict(rt);
  dictSet(rt, dict, intern(rt, "__name__"), intern(rt, name));
  dictSet(rt, dict, intern(rt, "__file__"), intern(rt, file));
  const m = newModule(vm, name, dict);
  dictSet(rt, vm.modules, key, m);
  try {
    rt.decref(vm.runModule(code, dict));
  } catch (e) {
    rt.decref(dictPop(rt, vm.modules, key));
    rt.decref(dict);
    rt.decref(m);
    throw e;
  }
  rt.decref(dict);
  return m;
}

/** The module `name` (owned), created on first use. */
export function getModule(vm: Interpreter, name: string): Ref {
  const rt = vm.rt;
  const key = intern(rt, name);
  const found = dictGetRef(rt, vm.modules, key);
  if (found !== NULL) return found;
  if (!isNativeModule(vm, name)) {
    const file = sourceFile(name);
    if (file === null) throw new PyError("ModuleNotFoundError", `No module named '${name}'`);
    return loadSourceModule(vm, name, file, key);
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
    if (!knownModule(vm, name) && !dictContains(vm.rt, vm.modules, intern(vm.rt, name))) {
      vm.rt.decref(top);
      vm.rt.decref(leaf);
      throw new PyError("ModuleNotFoundError", `No module named '${name}'`);
    }
    const m = getModule(vm, name);
    if (i === 1) top = m;
    else {
      // a submodule becomes an attribute of its package, as CPython binds it
      const parent = leaf === NULL ? top : leaf;
      dictSet(vm.rt, vm.i32[(parent >> 2) + MOD_DICT], intern(vm.rt, parts[i - 1]), m);
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
