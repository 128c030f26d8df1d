/**
 * Random literals written as Python source: ints in every base and size, floats in every
 * notation, strs with escapes and characters outside the BMP (which JavaScript stores as two
 * UTF-16 units, a classic source of off-by-one bugs in a VM written in it).
 */
import type { Prng } from "./prng.js";

/** A literal's source and its size bound (bits of an int, length of a str). */
export interface Literal {
  t: string;
  n: number;
}

function digits(rng: Prng, count: number, alphabet = "0123456789"): string {
  let s = rng.pick(alphabet.slice(1).split(""));
  for (let i = 1; i < count; i++) s += alphabet[rng.int(0, alphabet.length - 1)];
  return s;
}

function withUnderscores(rng: Prng, s: string): string {
  if (s.length < 4 || !rng.chance(0.3)) return s;
  const cut = rng.int(1, s.length - 1);
  return s.slice(0, cut) + "_" + s.slice(cut);
}

const EDGE_INTS = [
  "0", "1", "2", "3", "7", "10", "255", "256", "1000", "65535", "2147483647", "2147483648",
  "4294967296", "9007199254740992", "9007199254740993", "18446744073709551615", "18446744073709551616",
];

export function intLiteral(rng: Prng, maxBits = 200): Literal {
  const kind = rng.weighted([[50, "small"], [15, "edge"], [15, "big"], [10, "hex"], [5, "octal"], [5, "binary"]] as const);
  let text: string;
  switch (kind) {
    case "small":
      text = String(rng.int(0, 20));
      break;
    case "edge":
      text = rng.pick(EDGE_INTS);
      break;
    case "big":
      text = withUnderscores(rng, digits(rng, rng.int(10, Math.max(10, Math.min(45, Math.floor(maxBits * 0.3))))));
      break;
    case "hex":
      text = (rng.chance(0.5) ? "0x" : "0X") + digits(rng, rng.int(1, 12), "0123456789abcdefABCDEF");
      break;
    case "octal":
      text = "0o" + digits(rng, rng.int(1, 8), "01234567");
      break;
    case "binary":
      text = "0b" + digits(rng, rng.int(1, 20), "01");
      break;
  }
  return { t: text, n: bitsOfLiteral(text) };
}

/** A signed small int literal in [lo, hi], parenthesized when negative. */
export function smallInt(rng: Prng, lo: number, hi: number): Literal {
  const v = rng.int(lo, hi);
  return { t: v < 0 ? `(${v})` : String(v), n: 32 };
}

function bitsOfLiteral(text: string): number {
  const clean = text.replace(/_/g, "");
  if (/^0[xX]/.test(clean)) return (clean.length - 2) * 4 + 1;
  if (/^0[oO]/.test(clean)) return (clean.length - 2) * 3 + 1;
  if (/^0[bB]/.test(clean)) return clean.length - 1;
  return Math.ceil(clean.length * 3.33) + 1;
}

const EDGE_FLOATS = [
  "0.0", "-0.0", "0.1", "0.2", "0.3", "0.5", "1.0", "1.5", "2.5", "3.0", "-1.5", "1e16", "1e-7", "1e22", "1e23",
  "1.7976931348623157e308", "5e-324", "2.2250738585072014e-308", "123456789.123456789", "0.1e-3",
  "9007199254740993.0", "1e300", "3.141592653589793", "2.675", "1.005", "0.125", "100.0", "1e5", "1.23e-5",
];

export function floatLiteral(rng: Prng): Literal {
  const kind = rng.weighted([[40, "edge"], [30, "plain"], [20, "exp"], [10, "special"]] as const);
  switch (kind) {
    case "edge":
      return { t: rng.pick(EDGE_FLOATS), n: 0 };
    case "plain":
      return { t: `${rng.int(0, 999)}.${digits(rng, rng.int(1, 6))}`, n: 0 };
    case "exp": {
      const mant = rng.chance(0.5) ? `${rng.int(1, 9)}.${rng.int(0, 999)}` : String(rng.int(1, 99999));
      return { t: `${mant}${rng.pick(["e", "E"])}${rng.pick(["", "+", "-"])}${rng.int(0, 320)}`, n: 0 };
    }
    case "special":
      return { t: rng.pick(['float("inf")', 'float("-inf")', 'float("nan")', "(-0.0)", ".5", "5.", "1_000.000_1"]), n: 0 };
  }
}

/** Characters a generated str draws from: ASCII, Latin-1, other scripts, astral emoji. */
const CHAR_POOLS = [
  "abcdefghijklmnopqrstuvwxyz",
  "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  "0123456789",
  " ,.;:-_+*/=!?#%&()[]{}<>",
  "\t\n'\"\\",
  "éßøÆñüÀ¿",
  "ΩЖ日本語中文한",
  "😀🐍𝔘",
];

export function strValue(rng: Prng, maxLen = 10): string {
  const len = rng.weighted([[10, 0], [30, 1], [60, 2]] as const) === 0 ? 0 : rng.int(1, maxLen);
  const pools = rng.weighted([[60, [0, 0, 1, 2, 3]], [25, [0, 1, 2, 3, 4, 5]], [15, [0, 2, 5, 6, 7]]] as const);
  let s = "";
  for (let i = 0; i < len; i++) {
    const pool = Array.from(CHAR_POOLS[rng.pick(pools)]);
    s += rng.pick(pool);
  }
  return s;
}

/** Writes a str value as a Python literal, with a random but equivalent choice of escapes. */
export function strSource(rng: Prng, value: string): string {
  const quote = rng.chance(0.5) ? "'" : '"';
  let out = quote;
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += rng.chance(0.5) ? "\\t" : "\\x09";
    else if (ch === "\r") out += "\\r";
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else if (cp > 0x7f && rng.chance(0.3)) out += cp > 0xffff ? `\\U${cp.toString(16).padStart(8, "0")}` : `\\u${cp.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return out + quote;
}

export function strLiteral(rng: Prng, maxLen = 10): Literal {
  const value = strValue(rng, maxLen);
  return { t: strSource(rng, value), n: Array.from(value).length };
}

/** A short str of letters, good as a dict key, a separator or a search needle. */
export function wordLiteral(rng: Prng): Literal {
  const words = ["a", "b", "ab", "x", "key", "one", "two", "", " ", ",", "-", "aa", "ba", "é", "日"];
  const w = rng.pick(words);
  return { t: strSource(rng, w), n: Array.from(w).length };
}
