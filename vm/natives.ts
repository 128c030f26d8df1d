/**
 * Every native function, in one fixed order, so that the id stored in a heap builtin-function
 * object names the same JavaScript function in every worker. The tables come from the files
 * that implement them; `installNatives` (vm/bootstrap.ts) puts them in the type dicts and module
 * dicts once per heap.
 */
import { T } from "../runtime/types.js";
import type { NativeFn, NativeTable } from "./native.js";
import { BUILTIN_FUNCTIONS } from "./builtins.js";
import { ITERATOR_FUNCTIONS } from "./constructors.js";
import { OBJECT_METHODS, EXCEPTION_METHODS, GENERATOR_METHODS, TYPE_METHODS } from "./methods/object_methods.js";
import { STR_METHODS } from "./methods/str_methods.js";
import { LIST_METHODS, TUPLE_METHODS, RANGE_METHODS } from "./methods/sequence_methods.js";
import { CLASS_METHODS, DICT_METHODS, FROZENSET_METHODS, SET_METHODS } from "./methods/mapping_methods.js";
import { INT_METHODS, FLOAT_METHODS } from "./methods/number_methods.js";
import { MODULE_TABLES } from "./modules/index.js";
import { TEST_HOOKS_MODULE, TEST_HOOK_FUNCTIONS } from "./test_hooks.js";
import { LOCK_METHODS } from "./thread_module.js";

export interface NativeInfo {
  readonly name: string;
  /** `str.join`, `math.sqrt`, `len`: for messages and repr. */
  readonly qualname: string;
  readonly fn: NativeFn;
  /** A method of a built-in type: called with the object as `self`. */
  readonly method: boolean;
  /** The built-in type whose method this is, or null. */
  readonly owner: T | null;
  /** The module whose function this is ("builtins" for the built-in functions), or null. */
  readonly module: string | null;
  /** A class method (dict.fromkeys): `self` is the class it was looked up on. */
  readonly classmethod: boolean;
}

export const NATIVES: NativeInfo[] = [];

function addMethods(owner: T, ownerName: string, table: NativeTable): void {
  for (const [name, fn] of Object.entries(table)) {
    const qualname = `${ownerName}.${name}`;
    NATIVES.push({ name, qualname, fn, method: true, owner, module: null, classmethod: CLASS_METHODS.has(qualname) });
  }
}

function addFunctions(module: string, table: NativeTable): void {
  for (const [name, fn] of Object.entries(table)) {
    NATIVES.push({ name, qualname: module === "builtins" ? name : `${module}.${name}`, fn, method: false, owner: null, module, classmethod: false });
  }
}

addFunctions("builtins", { ...BUILTIN_FUNCTIONS, ...ITERATOR_FUNCTIONS });
addMethods(T.object, "object", OBJECT_METHODS);
addMethods(T.type, "type", TYPE_METHODS);
addMethods(T.BaseException, "BaseException", EXCEPTION_METHODS);
addMethods(T.generator, "generator", GENERATOR_METHODS);
addMethods(T.str, "str", STR_METHODS);
addMethods(T.list, "list", LIST_METHODS);
addMethods(T.tuple, "tuple", TUPLE_METHODS);
addMethods(T.range, "range", RANGE_METHODS);
addMethods(T.dict, "dict", DICT_METHODS);
addMethods(T.set, "set", SET_METHODS);
addMethods(T.frozenset, "frozenset", FROZENSET_METHODS);
addMethods(T.int, "int", INT_METHODS);
addMethods(T.float, "float", FLOAT_METHODS);
addMethods(T.lock, "lock", LOCK_METHODS);
for (const [module, table] of MODULE_TABLES) addFunctions(module, table);
addFunctions(TEST_HOOKS_MODULE, TEST_HOOK_FUNCTIONS);
