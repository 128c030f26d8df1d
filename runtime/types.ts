/**
 * The built-in types, in a fixed order: the type objects are created in the heap in this order
 * at start-up (runtime/context.ts) and their references are kept in the heap's root slots, so
 * every thread finds the same ones. Each entry: name, base, and the layout (Kind) its instances
 * have.
 */
import { Kind } from "./layout.js";

export const enum T {
  object, type, NoneType, int, bool, float, str, tuple, list, dict, set, frozenset, range, slice,
  function, builtin_function_or_method, method, code, cell, generator, module, property,
  staticmethod, classmethod, traceback, NotImplementedType, ellipsis, super,
  dict_keys, dict_values, dict_items, iterator, lock,
  // exceptions
  BaseException, Exception, ArithmeticError, ZeroDivisionError, OverflowError, LookupError,
  KeyError, IndexError, ValueError, TypeError, AttributeError, NameError, UnboundLocalError,
  RuntimeError, RecursionError, NotImplementedError, StopIteration, AssertionError, MemoryError,
  KeyboardInterrupt, SystemExit, ImportError, ModuleNotFoundError, GeneratorExit, SyntaxError,
  IndentationError, UnicodeError, OSError, TimeoutError, EOFError, BufferError,
}

export interface BuiltinTypeSpec {
  readonly name: string;
  readonly base: T | null;
  readonly kind: Kind;
}

function t(name: string, base: T | null, kind: Kind): BuiltinTypeSpec {
  return { name, base, kind };
}
const O = T.object;
const E = Kind.INSTANCE; // exceptions are instances with the exception fields

export const BUILTIN_TYPES: readonly BuiltinTypeSpec[] = [
  t("object", null, Kind.INSTANCE), t("type", O, Kind.TYPE), t("NoneType", O, Kind.NONE),
  t("int", O, Kind.INT), t("bool", T.int, Kind.BOOL), t("float", O, Kind.FLOAT),
  t("str", O, Kind.STR), t("tuple", O, Kind.TUPLE), t("list", O, Kind.LIST),
  t("dict", O, Kind.DICT), t("set", O, Kind.SET), t("frozenset", O, Kind.SET),
  t("range", O, Kind.RANGE), t("slice", O, Kind.SLICE), t("function", O, Kind.FUNCTION),
  t("builtin_function_or_method", O, Kind.BUILTIN), t("method", O, Kind.METHOD),
  t("code", O, Kind.CODE), t("cell", O, Kind.CELL), t("generator", O, Kind.GENERATOR),
  t("module", O, Kind.MODULE), t("property", O, Kind.PROPERTY),
  t("staticmethod", O, Kind.STATICMETHOD), t("classmethod", O, Kind.CLASSMETHOD),
  t("traceback", O, Kind.TRACEBACK), t("NotImplementedType", O, Kind.SINGLETON),
  t("ellipsis", O, Kind.SINGLETON), t("super", O, Kind.SUPER),
  t("dict_keys", O, Kind.DICT_VIEW), t("dict_values", O, Kind.DICT_VIEW),
  t("dict_items", O, Kind.DICT_VIEW), t("iterator", O, Kind.ITER), t("lock", O, Kind.LOCK),
  t("BaseException", O, E), t("Exception", T.BaseException, E),
  t("ArithmeticError", T.Exception, E), t("ZeroDivisionError", T.ArithmeticError, E),
  t("OverflowError", T.ArithmeticError, E), t("LookupError", T.Exception, E),
  t("KeyError", T.LookupError, E), t("IndexError", T.LookupError, E),
  t("ValueError", T.Exception, E), t("TypeError", T.Exception, E),
  t("AttributeError", T.Exception, E), t("NameError", T.Exception, E),
  t("UnboundLocalError", T.NameError, E), t("RuntimeError", T.Exception, E),
  t("RecursionError", T.RuntimeError, E), t("NotImplementedError", T.RuntimeError, E),
  t("StopIteration", T.Exception, E), t("AssertionError", T.Exception, E),
  t("MemoryError", T.Exception, E), t("KeyboardInterrupt", T.BaseException, E),
  t("SystemExit", T.BaseException, E), t("ImportError", T.Exception, E),
  t("ModuleNotFoundError", T.ImportError, E), t("GeneratorExit", T.BaseException, E),
  t("SyntaxError", T.Exception, E), t("IndentationError", T.SyntaxError, E),
  t("UnicodeError", T.ValueError, E), t("OSError", T.Exception, E),
  t("TimeoutError", T.OSError, E), t("EOFError", T.Exception, E),
  t("BufferError", T.Exception, E),
];

export const FIRST_EXCEPTION = T.BaseException;
