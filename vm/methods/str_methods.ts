/**
 * The methods of str, with CPython 3.11's semantics, argument handling and error messages.
 *
 * Three layers, so that everything but value conversion can be tested without the interpreter:
 *
 *  1. A small Unicode character database for the character classes and case mappings that str
 *     methods use (CPython 3.11 ships Unicode 14.0.0). JavaScript's \p{…} regexes and
 *     toUpperCase/toLowerCase come from the ICU of the running Node, usually a newer Unicode;
 *     the tables below pin the result to Unicode 14: code points not assigned in 14 have no
 *     properties, plus the few that changed since, Numeric_Type (which JS lacks) and the title
 *     case mappings (JS has none). test/str_methods.test.ts checks every code point against the
 *     python3 at hand.
 *  2. Pure string operations on JS strings (`pySplit`, `pyFind`, …). Python strs are sequences of
 *     code points: indices and lengths count code points, so strings holding surrogate pairs
 *     (astral characters) get index translation; BMP-only strings take the direct path.
 *  3. Argument handling (`callStrMethod`), generic over how argument values are represented
 *     (`StrArgOps`): CPython's argument counts, keyword rules, type checks and messages. The
 *     natives in STR_METHODS only convert heap values to JS and back.
 */
import type { Interpreter } from "../interpreter.js";
import { Kind, NULL, type Value } from "../../runtime/layout.js";
import { PyError } from "../../runtime/py_error.js";
import { newStr, strLen, strValue } from "../../runtime/str.js";
import { newList } from "../../runtime/list.js";
import { newTuple, tupleItems } from "../../runtime/tuple.js";
import { newIntFromNumber } from "../../runtime/int.js";
import * as A from "../abstract.js";
import { strFormatMethod } from "../format.js";
import type { NativeFn, NativeTable } from "../native.js";

// ==== 1. Unicode character database (pinned to Unicode 14.0.0, as CPython 3.11) ==============

/*
 * Range tables, generated from CPython 3.11's unicodedata: comma-separated ranges, each
 * `gap[.extra]` in base 36, where the range starts `gap` code points after the end of the
 * previous one (+1) and spans `extra` more code points.
 */
/** Code points assigned in Unicode 14 (category other than Cn). */
const ASSIGNED_14_DATA =
  "0.on,2.5,4.6,1,1.j,1.b0,1.11,2.1d,2.2,1.1i,8.q,4.5,b.7h,1.1n,2.2s,e.1m,2.1c,2.e,1.r,2,1.a,5.u,1.1," +
  "6.6j,1.7,2.1,2.l,1.6,1,3.3,2.8,2.1,2.3,8,4.1,1.4,2.o,2.2,1.5,4.1,2.l,1.6,1.1,1.1,1.1,2,1.4,4.1,2.2," +
  "3,7.3,1,7.g,a.2,1.8,1.2,1.l,1.6,1.1,1.4,2.9,1.2,1.2,2,f.3,2.b,7.6,1.2,1.7,2.1,2.l,1.6,1.1,1.4,2.8," +
  "2.1,2.2,7.2,4.1,1.4,2.h,a.1,1.5,3.2,1.3,3.1,1,1.1,3.1,3.2,3.b,4.4,3.2,1.3,2,6,e.k,5.c,1.2,1.m,1.f," +
  "2.8,1.2,1.3,7.1,1.2,2,2.3,2.9,7.l,1.2,1.m,1.9,1.4,2.8,1.2,1.3,7.1,6.1,1.3,2.9,1.1,d.c,1.2,1.1e,1.2," +
  "1.5,4.f,2.p,1.2,1.h,3.n,1.8,1,2.6,3,4.5,1,1.7,6.9,2.2,c.1l,4.s,11.1,1,1.4,1.n,1,1.m,2.4,1,1.5,2.9," +
  "2.3,w.1z,1.z,4.12,1.z,1.e,1.c,11.5h,1,5,2.ag,1.3,2.6,1,1.3,2.14,1.3,2.w,1.3,2.6,1,1.3,2.e,1.1k,1.3," +
  "2.1u,2.v,3.p,6.2d,2.5,2.ik,3.2g,7.l,9.n,9.j,c.c,1.2,1.1,c.2l,2.9,6.9,6.p,6.2g,7.16,5.1x,a.u,1.b,4.b," +
  "4,3.15,2.4,b.17,4.p,6.a,3.1p,2.1s,1.s,2.a,6.9,6.d,2.u,1d.24,3.1a,1.37,8.1n,3.e,3.1n,7.16,2.a,8.16," +
  "5.et,2.5,2.11,2.5,2.7,1,1,1,1.u,2.1g,1.e,1.d,2.5,1.i,2.2,1.8,1.2s,1.b,2.q,1.c,3.w,f.w,f.3v,4.ie,p.a," +
  "l.1eb,2.v,1.9o,5.18,1,5,2.1j,7.1,e.n,9.6,1.6,1.6,1.6,1.6,1.6,1.6,1.6,1.3h,y.p,1.2g,c.5x,q.b,4.1r," +
  "1.2d,2.2u,5.16,1.2l,1.2b,c.1a,1.mlo,3.1i,9.9n,k.53,8.5m,5.1,1,1.4,o.1m,3.9,6.1j,8.1x,8.b,6.37,b.t," +
  "3.25,1.a,4.w,1.1i,9.d,2.9,2.2u,o.r,a.5,2.5,2.5,9.6,1.6,1.1n,4.3h,2.9,6.8mb,c.m,4.1c,4.6st,2.2x,12.6," +
  "c.4,5.p,1.4,1,1.1,1.1,1.3g,g.cc,2.1h,7,w.15,6.1e,1.i,1.3,4.4,1.3q,2,1.59,3.5,2.5,2.5,2.2,3.6,1.6," +
  "a.4,2.b,1.p,1.i,1.1,1.e,2.d,y.3e,5.2,4.18,3.2f,1.c,3,1b.19,3m.s,3.1c,f.r,4.z,9.t,5.16,5.t,1.10,4.d," +
  "16.4d,2.9,6.z,4.z,4.13,8.1f,b.b,1.e,1.6,1.1,1.a,1.e,1.6,1.1,1v.8m,9.l,a.7,o.5,1.15,1.8,1x.5,2,1.17," +
  "1.1,3,2.m,1.1z,8.8,1c.i,1.1,5.w,3.q,5,1s.1j,4.j,2.1d,1.1,5.7,1.2,1.s,2.2,4.9,7.8,7.1r,w.12,4.b,9.1h," +
  "3.s,2.q,5.p,7.3,c.6,28.20,1j.1e,d.1e,7.19,8.9,86.u,1.15,1.2,2.1,26.13,8.15,m.p,12.r,k.m,9.25,4.z," +
  "9.1v,a,2.o,7.9,6.1g,1.h,8.12,9.2n,1.j,b.h,1.17,1t.6,1,1.3,1.e,1.a,6.1m,5.9,6.3,1.7,2.1,2.l,1.6,1.1," +
  "1.4,1.9,2.1,2.2,2,6,5.6,2.6,3.4,3v.2j,1.4,u.1z,8.9,4m.1h,2.11,y.1w,b.9,6.c,j.1l,6.9,1i.q,2.e,4.m," +
  "55.1n,2s.2a,c.7,2,2.7,1.1,1.t,1.1,2.b,9.9,1y.7,2.19,2.a,r.1z,8.2a,d.20,7b.8,1.18,1.d,a.s,3.v,2.l," +
  "1.d,21.6,1.1,1.17,3,1.1,1.8,8.9,6.5,1.1,1.10,1.1,1.5,7.9,8m.o,53,f.1d,d.pm,2u.32,1.4,b.5f,218.2q," +
  "d.tq,1.8,347.g6,6nt.fs,7.u,1.9,4.28,1.9,6.t,2.5,a.1x,a.9,1.6,1.k,5.i,j4.2i,2t.22,4.1k,7.g,1s.4,b.1," +
  "e.4qf,8.yd,16.8,6w7.3,1.6,1.1,1.82,19.2,h.3,8.az,1s4.2y,5.c,3.8,7.9,2.7,3mk.19,2.m,9.37,1o.6t,a.12," +
  "2.5d,l.1x,4a.j,c.2e,9.o,3r.2c,1.1y,1.1,2,2.1,2.3,1.b,1,1.6,1.1s,1.3,2.7,1.6,1.r,1.3,1.4,1,3.6,1.9f," +
  "2.83,2.jh,f.4,1.e,uo.u,69.6,1.g,2.6,1.1,1.4,5x.18,3.d,2.9,4.1,8w.u,h.1l,5,yo.6,1.3,1.1,1.e,1.5g,2.f," +
  "15.23,4.9,4.1,lt.1v,24.1o,5e.3,1.q,1.1,1,2,1.9,1.3,1,1,6,4,1,1,1.2,1.1,1,2,1,1,1,1,1.1,1,2.3,1.6," +
  "1.3,1.3,1,1.9,1.g,5.2,1.4,1.g,1g.1,7i.17,4.2r,c.e,2.e,1.e,1.10,a.4t,1k.s,d.17,4.8,7.1,e.5,4a.rb,5.f," +
  "3.c,3.37,c.2g,7.b,4,f.b,4.1j,8.9,6.13,8.t,2.1,26.9f,c.d,2.4,3.4,3.6,9.s,3.a,5.5,a.9,6.7,8.6,9.42," +
  "1.1i,11.9,sm.wyn,w.37c,7.65,2.4g1,e.5rk,2e7.f1,15u.3t6,fcfq,u.2n,3k.6n,1e6o.1ekd,2.1ekd";
/** Numeric_Type Digit or Decimal (str.isdigit). */
const DIGIT_DATA =
  "1c.9,3c.1,5,146.9,3q.9,5i.9,bg.9,3a.9,3a.9,3a.9,3a.9,3a.9,3a.9,3a.9,3a.9,3a.9,2o.9,3a.9,1y.9,7q.9," +
  "1y.9,jz.8,vi.9,12.9,8c.9,3k.a,4l.9,6.9,52.9,2e.9,3q.9,6.9,t2,3.5,6.9,ra.8,b.8,b.8,2h,a.8,1,hi.8,1.8," +
  "1.8,ozx.9,iu.9,12.9,5i.9,m.9,2e.9,ba.9,geu.9,13a.9,13q.3,ks.9,86.8,dl.8,b.9,3k.9,1o.9,40.9,7q.9," +
  "9i.9,3a.9,ae.9,2u.9,2u.9,bq.9,2u.9,l2.9,6u.9,1y.9,f5i.9,2e.9,3q.9,lf8.1d,1ts.9,bq.9,192.9,1ie.a," +
  "25h.9";
/** Numeric_Type Digit, Decimal or Numeric (str.isnumeric), Unihan numerals included. */
const NUMERIC_DATA =
  "1c.9,3c.1,5,2.2,141.9,3q.9,5i.9,bg.9,3a.9,4.5,30.9,3a.9,3a.9,2.5,32.c,37.9,8.6,2v.9,2w.6,7.i,31.9," +
  "2o.9,3a.9,1y.j,7g.9,1y.9,jz.j,oh.2,6n.9,6.9,m.9,8c.9,3k.a,4l.9,6.9,52.9,2e.9,3q.9,6.9,t2,3.5,6.9," +
  "5i.1e,2.4,k6.1n,26.l,hi.t,12h,ll,p.8,e.2,9j.3,3u.9,u.7,1.e,w.9,13.e,91,3h,py,ma,3oy,2,3,1,2b,1a,7,1," +
  "14.1,u,8,10,2q,b7,1t,y,1,1,cz,1.2,6,38.3,ly,et,7,134,3n.1,c.2,1,rx,25,w5,1f7,wf,kn,1zb,px,1oh,4,3g," +
  "1rk,10,5,17,3h,2zt.9,58.9,8w.5,4a.9,12.9,5i.9,m.9,2e.9,ba.9,fap,7,4,1l,u,1,15,102.9,dp.18,c.1k,h.1," +
  "9h.q,10.3,t,8,3q.4,5m.9,q6.7,p.6,13.8,23.4,m.5,4g.1,2.f,2.19,1s.8,1g.1,u.2,23.4,2w.7,o.7,15.6,96.5," +
  "1c.9,86.u,4e.9,16.3,34.6,3q.t,3k.9,1o.9,40.9,7.j,6z.9,9i.9,3a.9,ae.9,2u.9,2u.b,bo.i,2l.9,l2.s,6b.9," +
  "1y.9,eu.k,tn.32,dtd.9,2e.9,3q.9,1.6,m6.m,jt5.j,30.o,ut.1d,1ts.9,bq.9,159.8,3k.9,lz.1m,1.2,1.3,24.18," +
  "1.e,qq.c,25f.9,sn,2q,3h,1q,1l4,2g,8,f,99,i,r,4ty,16v,3gi,7rl,tnm";
/** Full title-case mappings where they differ from the upper-case ones: `cp=m1.m2…` in base 36. */
const TITLE_DATA =
  "67=2b.37,ck=cl,cl=cl,cm=cl,cn=co,co=co,cp=co,cq=cr,cr=cr,cs=cr,dt=du,du=du,dv=du,13b=111.136," +
  "3bk=3bk,3bl=3bl,3bm=3bm,3bn=3bn,3bo=3bo,3bp=3bp,3bq=3bq,3br=3br,3bs=3bs,3bt=3bt,3bu=3bu,3bv=3bv," +
  "3bw=3bw,3bx=3bx,3by=3by,3bz=3bz,3c0=3c0,3c1=3c1,3c2=3c2,3c3=3c3,3c4=3c4,3c5=3c5,3c6=3c6,3c7=3c7," +
  "3c8=3c8,3c9=3c9,3ca=3ca,3cb=3cb,3cc=3cc,3cd=3cd,3ce=3ce,3cf=3cf,3cg=3cg,3ch=3ch,3ci=3ci,3cj=3cj," +
  "3ck=3ck,3cl=3cl,3cm=3cm,3cn=3cn,3co=3co,3cp=3cp,3cq=3cq,3ct=3ct,3cu=3cu,3cv=3cv,680=688,681=689," +
  "682=68a,683=68b,684=68c,685=68d,686=68e,687=68f,688=688,689=689,68a=68a,68b=68b,68c=68c,68d=68d," +
  "68e=68e,68f=68f,68g=68o,68h=68p,68i=68q,68j=68r,68k=68s,68l=68t,68m=68u,68n=68v,68o=68o,68p=68p," +
  "68q=68q,68r=68r,68s=68s,68t=68t,68u=68u,68v=68v,68w=694,68x=695,68y=696,68z=697,690=698,691=699," +
  "692=69a,693=69b,694=694,695=695,696=696,697=697,698=698,699=699,69a=69a,69b=69b,69e=69m.n9,69f=69o," +
  "69g=p2.n9,69j=pd.n6.n9,69o=69o,69u=6a2.n9,69v=6a4,69w=p5.n9,69z=pj.n6.n9,6a4=6a4,6b6=6be.n9,6b7=6bg," +
  "6b8=pb.n9,6bb=q1.n6.n9,6bg=6bg,1dkw=1y.2u,1dkx=1y.2x,1dky=1y.30,1dkz=1y.2u.2x,1dl0=1y.2u.30," +
  "1dl1=2b.38,1dl2=2b.38,1dlf=11g.12u,1dlg=11g.12d,1dlh=11g.12j,1dli=11q.12u,1dlj=11g.12l";

/** Decodes a range table into [lo0, hi0, lo1, hi1, …]. */
function decodeRanges(data: string): Int32Array {
  const toks = data.split(",");
  const out = new Int32Array(toks.length * 2);
  let next = 0;
  for (let i = 0; i < toks.length; i++) {
    const [gap, extra] = toks[i].split(".");
    const lo = next + parseInt(gap, 36);
    const hi = lo + (extra === undefined ? 0 : parseInt(extra, 36));
    out[2 * i] = lo;
    out[2 * i + 1] = hi;
    next = hi + 1;
  }
  return out;
}

function inRanges(r: Int32Array, c: number): boolean {
  let lo = 0;
  let hi = (r.length >> 1) - 1;
  while (lo <= hi) {
    const m = (lo + hi) >> 1;
    if (c < r[2 * m]) hi = m - 1;
    else if (c > r[2 * m + 1]) lo = m + 1;
    else return true;
  }
  return false;
}

/** Decodes `cp=m1.m2,…` (base 36) into a map from code point to its mapping. */
function decodeMapping(data: string): Map<number, string> {
  const out = new Map<number, string>();
  if (data === "") return out;
  for (const tok of data.split(",")) {
    const [cp, mapped] = tok.split("=");
    out.set(parseInt(cp, 36), String.fromCodePoint(...mapped.split(".").map((x) => parseInt(x, 36))));
  }
  return out;
}

const ASSIGNED_14 = decodeRanges(ASSIGNED_14_DATA);
const DIGIT_RANGES = decodeRanges(DIGIT_DATA);
const NUMERIC_RANGES = decodeRanges(NUMERIC_DATA);
const TITLE_MAP = decodeMapping(TITLE_DATA);

/** Character class bits (CPython's unicodectype flags). */
export const CF = {
  ALPHA: 0x1,
  DECIMAL: 0x2,
  DIGIT: 0x4,
  NUMERIC: 0x8,
  LOWER: 0x10,
  UPPER: 0x20,
  TITLE: 0x40,
  CASE_IGNORABLE: 0x80,
  XID_START: 0x100,
  XID_CONTINUE: 0x200,
  SPACE: 0x400,
  LINEBREAK: 0x800,
  PRINTABLE: 0x1000,
} as const;
const CASED = CF.LOWER | CF.UPPER | CF.TITLE;
const ALNUM = CF.ALPHA | CF.DECIMAL | CF.DIGIT | CF.NUMERIC;
const KNOWN = 0x8000;

/*
 * Code points whose properties under the running JavaScript engine's Unicode differ from Unicode
 * 14.0.0 (found by the exhaustive comparison in the tests): code point → bits to flip.
 */
const FLAG_FIX = new Map<number, number>([
  [0x295, CF.LOWER], [0x10fc, CF.LOWER], [0xa7f2, CF.LOWER], [0xa7f3, CF.LOWER], [0xa7f4, CF.LOWER], [0xab69, CF.LOWER],
  [0x200c, CF.XID_CONTINUE], [0x200d, CF.XID_CONTINUE], [0x30fb, CF.XID_CONTINUE], [0xff65, CF.XID_CONTINUE],
  [0x1171e, CF.CASE_IGNORABLE],
]);
/** Upper-case mappings that differ likewise (they gained an upper case after Unicode 14). */
const UPPER_FIX = new Map<number, string>([
  [0x19b, "\u019b"], [0x264, "\u0264"], [0xa7d3, "\ua7d3"], [0xa7d5, "\ua7d5"],
]);
/** Lower-case mappings that differ likewise (none with Node 20's ICU). */
const LOWER_FIX = new Map<number, string>();
/** Case folding exceptions to the rule in foldOf. */
const FOLD_FIX = new Map<number, string>([
  [0x131, "\u0131"], // dotless i folds to itself, not to i
]);

const RE_ALPHA = /^\p{L}$/u;
const RE_DECIMAL = /^\p{Nd}$/u;
const RE_LOWER = /^\p{Lowercase}$/u;
const RE_UPPER = /^\p{Uppercase}$/u;
const RE_TITLE = /^\p{Lt}$/u;
const RE_CASE_IGNORABLE = /^\p{Case_Ignorable}$/u;
const RE_XID_START = /^\p{XID_Start}$/u;
const RE_XID_CONTINUE = /^\p{XID_Continue}$/u;
const RE_NOT_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Co}\p{Z}]$/u;

/** Python's whitespace (str.isspace, str.split()): bidi class WS, B or S, or category Zs. */
function isSpaceCp(c: number): boolean {
  if (c < 0x80) return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20);
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Python's line boundaries (str.splitlines). */
function isLinebreakCp(c: number): boolean {
  return (c >= 0x0a && c <= 0x0d) || (c >= 0x1c && c <= 0x1e) || c === 0x85 || c === 0x2028 || c === 0x2029;
}

function computeFlags(c: number): number {
  let f = 0;
  if (isSpaceCp(c)) f |= CF.SPACE;
  if (isLinebreakCp(c)) f |= CF.LINEBREAK;
  if (c >= 0xd800 && c <= 0xdfff) return f; // lone surrogates: Cs, nothing else
  if (!inRanges(ASSIGNED_14, c)) return f;
  const ch = String.fromCodePoint(c);
  if (RE_ALPHA.test(ch)) f |= CF.ALPHA;
  if (RE_DECIMAL.test(ch)) f |= CF.DECIMAL;
  if (inRanges(DIGIT_RANGES, c)) f |= CF.DIGIT;
  if (inRanges(NUMERIC_RANGES, c)) f |= CF.NUMERIC;
  if (RE_LOWER.test(ch)) f |= CF.LOWER;
  if (RE_UPPER.test(ch)) f |= CF.UPPER;
  if (RE_TITLE.test(ch)) f |= CF.TITLE;
  if (RE_CASE_IGNORABLE.test(ch)) f |= CF.CASE_IGNORABLE;
  if (RE_XID_START.test(ch)) f |= CF.XID_START;
  if (RE_XID_CONTINUE.test(ch)) f |= CF.XID_CONTINUE;
  if (c === 0x20 || !RE_NOT_PRINTABLE.test(ch)) f |= CF.PRINTABLE;
  return f ^ (FLAG_FIX.get(c) ?? 0);
}

const bmpFlags = new Uint16Array(0x10000);
const astralFlags = new Map<number, number>();

/** The CF bits of a code point. */
export function charFlags(c: number): number {
  if (c < 0x10000) {
    let f = bmpFlags[c];
    if (f === 0) bmpFlags[c] = f = computeFlags(c) | KNOWN;
    return f;
  }
  if (!inRanges(ASSIGNED_14, c)) return 0; // most of the astral planes
  let f = astralFlags.get(c);
  if (f === undefined) astralFlags.set(c, (f = computeFlags(c)));
  return f;
}

const upperCache = new Map<number, string>();
const lowerCache = new Map<number, string>();
const foldCache = new Map<number, string>();

function assignedChar(c: number): boolean {
  return (c < 0xd800 || c > 0xdfff) && inRanges(ASSIGNED_14, c);
}

/** Full upper-case mapping of one code point (SpecialCasing included). */
export function upperOf(c: number): string {
  if (c < 0x80) return String.fromCharCode(c >= 0x61 && c <= 0x7a ? c - 0x20 : c);
  if (!assignedChar(c)) return String.fromCodePoint(c);
  let m = upperCache.get(c);
  if (m === undefined) upperCache.set(c, (m = UPPER_FIX.get(c) ?? String.fromCodePoint(c).toUpperCase()));
  return m;
}

/** Full lower-case mapping of one code point, without context (Σ → σ). */
export function lowerOf(c: number): string {
  if (c < 0x80) return String.fromCharCode(c >= 0x41 && c <= 0x5a ? c + 0x20 : c);
  if (!assignedChar(c)) return String.fromCodePoint(c);
  let m = lowerCache.get(c);
  if (m === undefined) lowerCache.set(c, (m = LOWER_FIX.get(c) ?? String.fromCodePoint(c).toLowerCase()));
  return m;
}

/** Full title-case mapping of one code point. */
export function titleOf(c: number): string {
  return TITLE_MAP.get(c) ?? upperOf(c);
}

/** Full case folding of one code point (CaseFolding.txt, statuses C and F). */
export function foldOf(c: number): string {
  if (c < 0x80) return lowerOf(c);
  if (!assignedChar(c)) return String.fromCodePoint(c);
  let m = foldCache.get(c);
  if (m === undefined) {
    if (FOLD_FIX.has(c)) m = FOLD_FIX.get(c)!;
    // Cherokee folds to its upper case, which is the older block
    else if (c >= 0x13a0 && c <= 0x13f5) m = String.fromCodePoint(c);
    else if (c >= 0x13f8 && c <= 0x13fd) m = String.fromCodePoint(c - 8);
    else if (c >= 0xab70 && c <= 0xabbf) m = String.fromCodePoint(c - 0xab70 + 0x13a0);
    else {
      // Folding is lower(upper(c)) applied until stable (ß → SS → ss, ẞ → ß → ss, ς → σ)
      m = String.fromCodePoint(c);
      for (let k = 0; k < 2; k++) m = m.toUpperCase().toLowerCase();
    }
    foldCache.set(c, m);
  }
  return m;
}

// ==== 2. Pure string operations ==================================================================

const SURROGATE_RE = /[\uD800-\uDFFF]/;
const NON_ASCII_RE = /[^\x00-\x7f]/;
const PY_SSIZE_T_MAX = 2 ** 63 - 1;
/** Longest result built here; V8's strings stop a little below 2**29 code units. */
const MAX_RESULT = 2 ** 28;

function memoryError(): PyError {
  return new PyError("MemoryError", "");
}

/** Python len() of a JS string: its code points (a lone surrogate counts as one). */
export function cpLength(s: string): number {
  if (!SURROGATE_RE.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** The code points of a string. */
export function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}

/** Maps code point indices of a string to UTF-16 offsets and back. */
class CpIndex {
  readonly length: number;
  private readonly offs: Int32Array | null;

  constructor(s: string) {
    if (!SURROGATE_RE.test(s)) {
      this.length = s.length;
      this.offs = null;
      return;
    }
    const offs: number[] = [];
    let i = 0;
    while (i < s.length) {
      offs.push(i);
      const c = s.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    }
    offs.push(s.length);
    this.length = offs.length - 1;
    this.offs = Int32Array.from(offs);
  }

  /** UTF-16 offset of code point index i (0 <= i <= length). */
  off(i: number): number {
    return this.offs === null ? i : this.offs[i];
  }

  /** Code point index of a UTF-16 offset that starts a code point. */
  cp(off: number): number {
    const offs = this.offs;
    if (offs === null) return off;
    let lo = 0;
    let hi = offs.length - 1;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (offs[m] < off) lo = m + 1;
      else hi = m;
    }
    return lo;
  }
}

/*
 * Substring search on UTF-16 units finds what Python finds, except that a needle beginning with a
 * lone low surrogate or ending with a lone high one could match half of a surrogate pair; such
 * matches are skipped.
 */
function hasEdgeSurrogate(sub: string): boolean {
  if (sub === "") return false;
  const first = sub.charCodeAt(0);
  const last = sub.charCodeAt(sub.length - 1);
  return (first >= 0xdc00 && first <= 0xdfff) || (last >= 0xd800 && last <= 0xdbff);
}

/** Does a match of `len` units at `at` cut a surrogate pair of s in two? */
function splitsPair(s: string, at: number, len: number): boolean {
  const first = s.charCodeAt(at);
  if (first >= 0xdc00 && first <= 0xdfff && at > 0 && (s.charCodeAt(at - 1) & 0xfc00) === 0xd800) return true;
  const last = s.charCodeAt(at + len - 1);
  return last >= 0xd800 && last <= 0xdbff && (s.charCodeAt(at + len) & 0xfc00) === 0xdc00;
}

/** s.indexOf(sub, from), on code point boundaries. */
function indexOfCp(s: string, sub: string, from: number): number {
  let at = s.indexOf(sub, from);
  if (!hasEdgeSurrogate(sub)) return at;
  while (at >= 0 && splitsPair(s, at, sub.length)) at = s.indexOf(sub, at + 1);
  return at;
}

/** s.lastIndexOf(sub, from), on code point boundaries. */
function lastIndexOfCp(s: string, sub: string, from: number): number {
  if (from < 0) return -1;
  let at = s.lastIndexOf(sub, from);
  if (!hasEdgeSurrogate(sub)) return at;
  while (at > 0 && splitsPair(s, at, sub.length)) at = s.lastIndexOf(sub, at - 1);
  return at >= 0 && splitsPair(s, at, sub.length) ? -1 : at;
}

/** Does s hold sub at UTF-16 offset `at`, on code point boundaries? */
function matchesAt(s: string, sub: string, at: number): boolean {
  return s.startsWith(sub, at) && !(hasEdgeSurrogate(sub) && splitsPair(s, at, sub.length));
}

/** CPython's ADJUST_INDICES: start/end (null: omitted) against a length, as slices do. */
export function adjustIndices(start: number | null, end: number | null, len: number): [number, number] {
  let st = start ?? 0;
  let en = end ?? PY_SSIZE_T_MAX;
  if (en > len) en = len;
  else if (en < 0) {
    en += len;
    if (en < 0) en = 0;
  }
  if (st < 0) {
    st += len;
    if (st < 0) st = 0;
  }
  return [st, en];
}

/** str.find / str.rfind (direction 1 / -1): the code point index, or -1. */
export function pyFind(s: string, sub: string, start: number | null = null, end: number | null = null, direction = 1): number {
  const idx = new CpIndex(s);
  const [st, en] = adjustIndices(start, end, idx.length);
  const subLen = cpLength(sub);
  if (en - st < subLen) return -1;
  if (subLen === 0) return direction > 0 ? st : en;
  const lo = idx.off(st);
  const hi = idx.off(en);
  if (direction > 0) {
    const at = indexOfCp(s, sub, lo);
    return at < 0 || at + sub.length > hi ? -1 : idx.cp(at);
  }
  const at = lastIndexOfCp(s, sub, hi - sub.length);
  return at < lo ? -1 : idx.cp(at);
}

export function pyRFind(s: string, sub: string, start: number | null = null, end: number | null = null): number {
  return pyFind(s, sub, start, end, -1);
}

/** str.count: non-overlapping occurrences within the slice. */
export function pyCount(s: string, sub: string, start: number | null = null, end: number | null = null): number {
  const idx = new CpIndex(s);
  const [st, en] = adjustIndices(start, end, idx.length);
  const subLen = cpLength(sub);
  if (en - st < subLen) return 0;
  if (subLen === 0) return en - st + 1;
  const hi = idx.off(en);
  let n = 0;
  for (let at = indexOfCp(s, sub, idx.off(st)); at >= 0 && at + sub.length <= hi; at = indexOfCp(s, sub, at + sub.length)) n++;
  return n;
}

/** CPython's tailmatch: does the slice start (direction < 0) or end (> 0) with sub? */
function tailMatch(s: string, sub: string, start: number | null, end: number | null, direction: number): boolean {
  const idx = new CpIndex(s);
  let [st, en] = adjustIndices(start, end, idx.length);
  const subLen = cpLength(sub);
  en -= subLen;
  if (en < st) return false;
  if (subLen === 0) return true;
  return matchesAt(s, sub, idx.off(direction < 0 ? st : en));
}

export function pyStartsWith(s: string, prefix: string, start: number | null = null, end: number | null = null): boolean {
  return tailMatch(s, prefix, start, end, -1);
}

export function pyEndsWith(s: string, suffix: string, start: number | null = null, end: number | null = null): boolean {
  return tailMatch(s, suffix, start, end, 1);
}

function spaceAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i); // whitespace is all in the BMP, so code units will do
  return c < 0x80 ? (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) : isSpaceCp(c);
}

/** str.split(sep, maxsplit): sep null splits on runs of whitespace; maxsplit < 0: no limit. */
export function pySplit(s: string, sep: string | null = null, maxsplit = -1): string[] {
  let maxcount = maxsplit < 0 ? Infinity : maxsplit;
  const out: string[] = [];
  const n = s.length;
  if (sep === null) {
    let i = 0;
    while (maxcount-- > 0) {
      while (i < n && spaceAt(s, i)) i++;
      if (i === n) break;
      const j = i++;
      while (i < n && !spaceAt(s, i)) i++;
      out.push(s.slice(j, i));
    }
    if (i < n) {
      while (i < n && spaceAt(s, i)) i++;
      if (i !== n) out.push(s.slice(i));
    }
    return out;
  }
  if (sep === "") throw new PyError("ValueError", "empty separator");
  let i = 0;
  while (maxcount-- > 0) {
    const j = indexOfCp(s, sep, i);
    if (j < 0) break;
    out.push(s.slice(i, j));
    i = j + sep.length;
  }
  out.push(s.slice(i));
  return out;
}

/** str.rsplit(sep, maxsplit): like split, counting splits from the right. */
export function pyRSplit(s: string, sep: string | null = null, maxsplit = -1): string[] {
  let maxcount = maxsplit < 0 ? Infinity : maxsplit;
  const out: string[] = [];
  if (sep === null) {
    let i = s.length - 1;
    while (maxcount-- > 0) {
      while (i >= 0 && spaceAt(s, i)) i--;
      if (i < 0) break;
      const j = i--;
      while (i >= 0 && !spaceAt(s, i)) i--;
      out.push(s.slice(i + 1, j + 1));
    }
    if (i >= 0) {
      while (i >= 0 && spaceAt(s, i)) i--;
      if (i >= 0) out.push(s.slice(0, i + 1));
    }
    return out.reverse();
  }
  if (sep === "") throw new PyError("ValueError", "empty separator");
  let j = s.length;
  while (maxcount-- > 0) {
    const pos = lastIndexOfCp(s, sep, j - sep.length);
    if (pos < 0) break;
    out.push(s.slice(pos + sep.length, j));
    j = pos;
  }
  out.push(s.slice(0, j));
  return out.reverse();
}

/** str.strip / lstrip / rstrip: chars null strips whitespace, else any of the code points in chars. */
export function pyStrip(s: string, chars: string | null = null, left = true, right = true): string {
  let i = 0;
  let j = s.length;
  if (chars === null) {
    if (left) while (i < j && spaceAt(s, i)) i++;
    if (right) while (j > i && spaceAt(s, j - 1)) j--;
    return s.slice(i, j);
  }
  const set = new Set(codePoints(chars));
  if (left) {
    while (i < j) {
      const c = s.codePointAt(i)!;
      if (!set.has(c)) break;
      i += c > 0xffff ? 2 : 1;
    }
  }
  if (right) {
    while (j > i) {
      let c = s.charCodeAt(j - 1);
      let w = 1;
      if (c >= 0xdc00 && c <= 0xdfff && j - 2 >= i) {
        const h = s.charCodeAt(j - 2);
        if (h >= 0xd800 && h <= 0xdbff) {
          c = (h - 0xd800) * 0x400 + (c - 0xdc00) + 0x10000;
          w = 2;
        }
      }
      if (!set.has(c)) break;
      j -= w;
    }
  }
  return s.slice(i, j);
}

/** str.replace(old, new, count): count < 0 replaces all; an empty old inserts between code points. */
export function pyReplace(s: string, old: string, repl: string, count = -1): string {
  let max = count < 0 ? Infinity : count;
  if (max === 0) return s;
  if (old === "") {
    const parts: string[] = [];
    let n = 0;
    let i = 0;
    for (const ch of s) {
      if (n >= max) break;
      parts.push(repl, ch);
      i += ch.length;
      n++;
    }
    if (n < max) parts.push(repl);
    parts.push(s.slice(i));
    return parts.join("");
  }
  if (max === Infinity && !hasEdgeSurrogate(old)) return s.split(old).join(repl);
  const parts: string[] = [];
  let i = 0;
  while (max-- > 0) {
    const j = indexOfCp(s, old, i);
    if (j < 0) break;
    parts.push(s.slice(i, j), repl);
    i = j + old.length;
  }
  parts.push(s.slice(i));
  return parts.join("");
}

/** CPython's handle_capital_sigma: is the Σ at cps[i] final (ς) rather than σ? */
function finalSigma(cps: number[], i: number): boolean {
  let j = i - 1;
  while (j >= 0 && charFlags(cps[j]) & CF.CASE_IGNORABLE) j--;
  if (j < 0 || !(charFlags(cps[j]) & CASED)) return false;
  j = i + 1;
  while (j < cps.length && charFlags(cps[j]) & CF.CASE_IGNORABLE) j++;
  return j === cps.length || !(charFlags(cps[j]) & CASED);
}

/** CPython's lower_ucs4: the lower case of cps[i], in context. */
function lowerAt(cps: number[], i: number): string {
  const c = cps[i];
  if (c === 0x3a3) return finalSigma(cps, i) ? "\u03c2" : "\u03c3";
  return lowerOf(c);
}

export function pyUpper(s: string): string {
  if (!NON_ASCII_RE.test(s)) return s.toUpperCase();
  const parts: string[] = [];
  for (const ch of s) parts.push(upperOf(ch.codePointAt(0)!));
  return parts.join("");
}

export function pyLower(s: string): string {
  if (!NON_ASCII_RE.test(s)) return s.toLowerCase();
  const cps = codePoints(s);
  const parts: string[] = [];
  for (let i = 0; i < cps.length; i++) parts.push(lowerAt(cps, i));
  return parts.join("");
}

/** str.title: a cased character after an uncased one is title-cased, the others lower-cased. */
export function pyTitle(s: string): string {
  const cps = codePoints(s);
  const parts: string[] = [];
  let prevCased = false;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    parts.push(prevCased ? lowerAt(cps, i) : titleOf(c));
    prevCased = (charFlags(c) & CASED) !== 0;
  }
  return parts.join("");
}

/** str.capitalize: the first character title-cased (since 3.8), the rest lower-cased. */
export function pyCapitalize(s: string): string {
  if (s === "") return s;
  const cps = codePoints(s);
  const parts: string[] = [titleOf(cps[0])];
  for (let i = 1; i < cps.length; i++) parts.push(lowerAt(cps, i));
  return parts.join("");
}

export function pySwapcase(s: string): string {
  const cps = codePoints(s);
  const parts: string[] = [];
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    const f = charFlags(c);
    parts.push(f & CF.UPPER ? lowerAt(cps, i) : f & CF.LOWER ? upperOf(c) : String.fromCodePoint(c));
  }
  return parts.join("");
}

export function pyCasefold(s: string): string {
  if (!NON_ASCII_RE.test(s)) return s.toLowerCase();
  const parts: string[] = [];
  for (const ch of s) parts.push(foldOf(ch.codePointAt(0)!));
  return parts.join("");
}

/** True when s is non-empty and every code point has one of the bits in mask. */
function allHave(s: string, mask: number): boolean {
  if (s === "") return false;
  for (const ch of s) if ((charFlags(ch.codePointAt(0)!) & mask) === 0) return false;
  return true;
}

export function pyIsLower(s: string): boolean {
  let cased = false;
  for (const ch of s) {
    const f = charFlags(ch.codePointAt(0)!);
    if (f & (CF.UPPER | CF.TITLE)) return false;
    if (f & CF.LOWER) cased = true;
  }
  return cased;
}

export function pyIsUpper(s: string): boolean {
  let cased = false;
  for (const ch of s) {
    const f = charFlags(ch.codePointAt(0)!);
    if (f & (CF.LOWER | CF.TITLE)) return false;
    if (f & CF.UPPER) cased = true;
  }
  return cased;
}

export function pyIsTitle(s: string): boolean {
  let cased = false;
  let prevCased = false;
  for (const ch of s) {
    const f = charFlags(ch.codePointAt(0)!);
    if (f & (CF.UPPER | CF.TITLE)) {
      if (prevCased) return false;
      prevCased = cased = true;
    } else if (f & CF.LOWER) {
      if (!prevCased) return false;
      prevCased = cased = true;
    } else {
      prevCased = false;
    }
  }
  return cased;
}

export function pyIsIdentifier(s: string): boolean {
  let first = true;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (first) {
      if (c !== 0x5f && !(charFlags(c) & CF.XID_START)) return false;
      first = false;
    } else if (!(charFlags(c) & CF.XID_CONTINUE)) {
      return false;
    }
  }
  return !first;
}

/** The is*() predicates, by method name. */
export const STR_PREDICATES: Readonly<Record<string, (s: string) => boolean>> = {
  isdigit: (s) => allHave(s, CF.DIGIT),
  isalpha: (s) => allHave(s, CF.ALPHA),
  isalnum: (s) => allHave(s, ALNUM),
  isspace: (s) => allHave(s, CF.SPACE),
  isdecimal: (s) => allHave(s, CF.DECIMAL),
  isnumeric: (s) => allHave(s, CF.NUMERIC),
  isupper: pyIsUpper,
  islower: pyIsLower,
  istitle: pyIsTitle,
  isidentifier: pyIsIdentifier,
  isprintable: (s) => s === "" || allHave(s, CF.PRINTABLE),
  isascii: (s) => !NON_ASCII_RE.test(s),
};

function repeat(fill: string, n: number): string {
  if (n <= 0) return "";
  if (n * fill.length > MAX_RESULT) throw memoryError();
  return fill.repeat(n);
}

export function pyZfill(s: string, width: number): string {
  const n = cpLength(s);
  if (n >= width) return s;
  const zeros = repeat("0", width - n);
  const c = s.charCodeAt(0);
  if (c === 0x2b || c === 0x2d) return s[0] + zeros + s.slice(1);
  return zeros + s;
}

export function pyLjust(s: string, width: number, fill = " "): string {
  const n = cpLength(s);
  return n >= width ? s : s + repeat(fill, width - n);
}

export function pyRjust(s: string, width: number, fill = " "): string {
  const n = cpLength(s);
  return n >= width ? s : repeat(fill, width - n) + s;
}

/** str.center, with CPython's rounding: the odd space goes left when both margin and width are odd. */
export function pyCenter(s: string, width: number, fill = " "): string {
  const n = cpLength(s);
  if (n >= width) return s;
  const marg = width - n;
  const left = Math.floor(marg / 2) + (marg % 2 === 1 && width % 2 === 1 ? 1 : 0);
  return repeat(fill, left) + s + repeat(fill, marg - left);
}

export function pyPartition(s: string, sep: string): [string, string, string] {
  if (sep === "") throw new PyError("ValueError", "empty separator");
  const i = indexOfCp(s, sep, 0);
  return i < 0 ? [s, "", ""] : [s.slice(0, i), sep, s.slice(i + sep.length)];
}

export function pyRPartition(s: string, sep: string): [string, string, string] {
  if (sep === "") throw new PyError("ValueError", "empty separator");
  const i = lastIndexOfCp(s, sep, s.length - sep.length);
  return i < 0 ? ["", "", s] : [s.slice(0, i), sep, s.slice(i + sep.length)];
}

export function pySplitlines(s: string, keepends = false): string[] {
  const out: string[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    const j = i;
    while (i < n && !isLinebreakCp(s.charCodeAt(i))) i++;
    let eol = i;
    if (i < n) {
      i += s.charCodeAt(i) === 0x0d && i + 1 < n && s.charCodeAt(i + 1) === 0x0a ? 2 : 1;
      if (keepends) eol = i;
    }
    out.push(s.slice(j, eol));
  }
  return out;
}

export function pyExpandtabs(s: string, tabsize = 8): string {
  if (!s.includes("\t")) return s;
  const parts: string[] = [];
  let col = 0;
  let size = 0;
  for (const ch of s) {
    if (ch === "\t") {
      if (tabsize > 0) {
        const incr = tabsize - (col % tabsize);
        col += incr;
        size += incr;
        if (size > MAX_RESULT) throw memoryError();
        parts.push(" ".repeat(incr));
      }
    } else {
      col++;
      size++;
      parts.push(ch);
      if (ch === "\n" || ch === "\r") col = 0;
    }
  }
  return parts.join("");
}

export function pyRemoveprefix(s: string, prefix: string): string {
  return prefix !== "" && matchesAt(s, prefix, 0) ? s.slice(prefix.length) : s;
}

export function pyRemovesuffix(s: string, suffix: string): string {
  return suffix !== "" && s.length >= suffix.length && matchesAt(s, suffix, s.length - suffix.length) ? s.slice(0, s.length - suffix.length) : s;
}

// ==== 3. Argument handling ===================================================================

/** Returned by StrArgOps.withItems for a value that is not iterable. */
export const NOT_ITERABLE: unique symbol = Symbol("not iterable");

/**
 * What the argument handling needs to know about argument values of representation V (heap
 * Values in the VM; plain JSON-like values in the tests).
 */
export interface StrArgOps<V> {
  /** The text of a str, or null for anything else. */
  str(v: V): string | null;
  isNone(v: V): boolean;
  /** The value of an int or bool (or of an object with __index__), or null for anything else. */
  index(v: V): number | bigint | null;
  /** The items of a tuple (borrowed), or null for anything else. */
  tuple(v: V): readonly V[] | null;
  /** The name of the value's type, for messages. */
  typeName(v: V): string;
  /** Calls fn with all items of an iterable (valid during the call), or returns NOT_ITERABLE. */
  withItems<R>(v: V, fn: (items: readonly V[]) => R): R | typeof NOT_ITERABLE;
}

/** What a str method returns: str, int, bool, list of str or tuple of str. */
export type StrResult = string | number | boolean | string[] | StrTuple;
export interface StrTuple {
  readonly tuple: readonly string[];
}

type Impl = <V>(ops: StrArgOps<V>, self: string, args: readonly V[], kwnames: readonly string[] | null) => StrResult;

function typeError(msg: string): PyError {
  return new PyError("TypeError", msg);
}

function nkw(kwnames: readonly string[] | null): number {
  return kwnames === null ? 0 : kwnames.length;
}

/** A method that takes no keyword arguments (the check CPython's method descriptors make first). */
function noKw(name: string, kwnames: readonly string[] | null): void {
  if (nkw(kwnames) > 0) throw typeError(`str.${name}() takes no keyword arguments`);
}

/** METH_NOARGS. */
function noArgs<V>(name: string, args: readonly V[], kwnames: readonly string[] | null): void {
  noKw(name, kwnames);
  if (args.length !== 0) throw typeError(`str.${name}() takes no arguments (${args.length} given)`);
}

/** METH_O: the one argument. */
function oneArg<V>(name: string, args: readonly V[], kwnames: readonly string[] | null): V {
  noKw(name, kwnames);
  if (args.length !== 1) throw typeError(`str.${name}() takes exactly one argument (${args.length} given)`);
  return args[0];
}

/** Positional-only Argument Clinic functions (_PyArg_CheckPositional). */
function posArgs<V>(name: string, args: readonly V[], kwnames: readonly string[] | null, min: number, max: number): void {
  noKw(name, kwnames);
  const n = args.length;
  if (n < min) throw typeError(`${name} expected at least ${min} argument${min === 1 ? "" : "s"}, got ${n}`);
  if (n > max) throw typeError(`${name} expected at most ${max} argument${max === 1 ? "" : "s"}, got ${n}`);
}

/**
 * Positional-or-keyword parameters (CPython's _PyArg_UnpackKeywords, for functions without
 * positional-only or keyword-only parameters): one entry per name, undefined where not given.
 */
function kwArgs<V>(name: string, args: readonly V[], kwnames: readonly string[] | null, names: readonly string[], required: number): (V | undefined)[] {
  const nk = nkw(kwnames);
  const npos = args.length - nk;
  const max = names.length;
  if (npos + nk > max) {
    throw typeError(`${name}() takes at most ${max} ${npos === 0 ? "keyword " : ""}argument${max === 1 ? "" : "s"} (${npos + nk} given)`);
  }
  const out: (V | undefined)[] = new Array<V | undefined>(max).fill(undefined);
  for (let i = 0; i < npos; i++) out[i] = args[i];
  let remaining = nk;
  for (let i = npos; i < max; i++) {
    let cur: V | undefined;
    if (remaining > 0) {
      const k = kwnames!.indexOf(names[i]);
      cur = k < 0 ? undefined : args[npos + k];
    } else if (i >= required) {
      break;
    }
    out[i] = cur;
    if (cur !== undefined) remaining--;
    else if (i < required) throw typeError(`${name}() missing required argument '${names[i]}' (pos ${i + 1})`);
  }
  if (remaining > 0) {
    for (let i = 0; i < npos; i++) {
      if (kwnames!.includes(names[i])) throw typeError(`argument for ${name}() given by name ('${names[i]}') and position (${i + 1})`);
    }
    for (const k of kwnames!) if (!names.includes(k)) throw typeError(`'${k}' is an invalid keyword argument for ${name}()`);
  }
  return out;
}

/** A Py_ssize_t argument. */
function ssizeArg<V>(ops: StrArgOps<V>, v: V): number {
  const x = ops.index(v);
  if (x === null) throw typeError(`'${ops.typeName(v)}' object cannot be interpreted as an integer`);
  if (typeof x === "bigint") {
    if (x > 0x7fffffffffffffffn || x < -0x8000000000000000n) throw new PyError("OverflowError", "Python int too large to convert to C ssize_t");
    return Number(x);
  }
  return x;
}

/** A C int argument. */
function cIntArg<V>(ops: StrArgOps<V>, v: V): number {
  const x = ops.index(v);
  if (x === null) throw typeError(`'${ops.typeName(v)}' object cannot be interpreted as an integer`);
  const n = Number(x);
  if (n > 0x7fffffff || n < -0x80000000) throw new PyError("OverflowError", "Python int too large to convert to C int");
  return n;
}

/** A slice index (_PyEval_SliceIndex): None → null; huge ints are clamped. */
function sliceIndexArg<V>(ops: StrArgOps<V>, v: V | undefined): number | null {
  if (v === undefined || ops.isNone(v)) return null;
  const x = ops.index(v);
  if (x === null) throw typeError("slice indices must be integers or None or have an __index__ method");
  if (typeof x === "bigint") return x > 0n ? PY_SSIZE_T_MAX : -PY_SSIZE_T_MAX;
  return x;
}

/** The arguments of find, count, startswith, … (stringlib_parse_args_finds): (sub, start, end). */
function findArgs<V>(ops: StrArgOps<V>, name: string, args: readonly V[], kwnames: readonly string[] | null): [V, number | null, number | null] {
  noKw(name, kwnames);
  const n = args.length;
  if (n < 1) throw typeError(`${name}() takes at least 1 argument (${n} given)`);
  if (n > 3) throw typeError(`${name}() takes at most 3 arguments (${n} given)`);
  return [args[0], sliceIndexArg(ops, args[1]), sliceIndexArg(ops, args[2])];
}

/** A str argument, or TypeError `must be str, not X`. */
function strArg<V>(ops: StrArgOps<V>, v: V): string {
  const s = ops.str(v);
  if (s === null) throw typeError(`must be str, not ${ops.typeName(v)}`);
  return s;
}

/** The fill character of ljust/rjust/center. */
function fillArg<V>(ops: StrArgOps<V>, v: V | undefined): string {
  if (v === undefined) return " ";
  const s = ops.str(v);
  if (s === null) throw typeError(`The fill character must be a unicode character, not ${ops.typeName(v)}`);
  if (cpLength(s) !== 1) throw typeError("The fill character must be exactly one character long");
  return s;
}

/** sep of split/rsplit: null for None or not given. */
function sepArg<V>(ops: StrArgOps<V>, v: V | undefined): string | null {
  if (v === undefined || ops.isNone(v)) return null;
  const s = ops.str(v);
  if (s === null) throw typeError(`must be str or None, not ${ops.typeName(v)}`);
  return s;
}

function splitImpl(name: "split" | "rsplit"): Impl {
  return (ops, self, args, kwnames) => {
    const [sepV, maxV] = kwArgs(name, args, kwnames, ["sep", "maxsplit"], 0);
    const maxsplit = maxV === undefined ? -1 : ssizeArg(ops, maxV);
    const sep = sepArg(ops, sepV);
    return name === "split" ? pySplit(self, sep, maxsplit) : pyRSplit(self, sep, maxsplit);
  };
}

function stripImpl(name: "strip" | "lstrip" | "rstrip"): Impl {
  return (ops, self, args, kwnames) => {
    posArgs(name, args, kwnames, 0, 1);
    let chars: string | null = null;
    if (args.length > 0 && !ops.isNone(args[0])) {
      chars = ops.str(args[0]);
      if (chars === null) throw typeError(`${name} arg must be None or str`);
    }
    return pyStrip(self, chars, name !== "rstrip", name !== "lstrip");
  };
}

function tailMatchImpl(name: "startswith" | "endswith"): Impl {
  return (ops, self, args, kwnames) => {
    const [subV, start, end] = findArgs(ops, name, args, kwnames);
    const match = name === "startswith" ? pyStartsWith : pyEndsWith;
    const items = ops.tuple(subV);
    if (items !== null) {
      for (const item of items) {
        const s = ops.str(item);
        if (s === null) throw typeError(`tuple for ${name} must only contain str, not ${ops.typeName(item)}`);
        if (match(self, s, start, end)) return true;
      }
      return false;
    }
    const s = ops.str(subV);
    if (s === null) throw typeError(`${name} first arg must be str or a tuple of str, not ${ops.typeName(subV)}`);
    return match(self, s, start, end);
  };
}

function findImpl(name: "find" | "rfind" | "index" | "rindex"): Impl {
  const direction = name === "find" || name === "index" ? 1 : -1;
  const raises = name === "index" || name === "rindex";
  return (ops, self, args, kwnames) => {
    const [subV, start, end] = findArgs(ops, name, args, kwnames);
    const i = pyFind(self, strArg(ops, subV), start, end, direction);
    if (i < 0 && raises) throw new PyError("ValueError", "substring not found");
    return i;
  };
}

function caseImpl(name: string, fn: (s: string) => string): Impl {
  return (_ops, self, args, kwnames) => {
    noArgs(name, args, kwnames);
    return fn(self);
  };
}

function predicateImpl(name: string): Impl {
  const fn = STR_PREDICATES[name];
  return (_ops, self, args, kwnames) => {
    noArgs(name, args, kwnames);
    return fn(self);
  };
}

function padImpl(name: "ljust" | "rjust" | "center"): Impl {
  const fn = name === "ljust" ? pyLjust : name === "rjust" ? pyRjust : pyCenter;
  return (ops, self, args, kwnames) => {
    posArgs(name, args, kwnames, 1, 2);
    const width = ssizeArg(ops, args[0]);
    return fn(self, width, fillArg(ops, args[1]));
  };
}

function partitionImpl(name: "partition" | "rpartition"): Impl {
  return (ops, self, args, kwnames) => {
    const sep = strArg(ops, oneArg(name, args, kwnames));
    return { tuple: name === "partition" ? pyPartition(self, sep) : pyRPartition(self, sep) };
  };
}

function affixImpl(name: "removeprefix" | "removesuffix"): Impl {
  return (ops, self, args, kwnames) => {
    const v = oneArg(name, args, kwnames);
    const s = ops.str(v);
    if (s === null) throw typeError(`${name}() argument must be str, not ${ops.typeName(v)}`);
    return name === "removeprefix" ? pyRemoveprefix(self, s) : pyRemovesuffix(self, s);
  };
}

/** The str methods other than format, in the order they are registered. */
const IMPLS: Record<string, Impl> = {
  join: (ops, self, args, kwnames) => {
    const iterable = oneArg("join", args, kwnames);
    const r = ops.withItems(iterable, (items) => {
      const parts = new Array<string>(items.length);
      for (let i = 0; i < items.length; i++) {
        const s = ops.str(items[i]);
        if (s === null) throw typeError(`sequence item ${i}: expected str instance, ${ops.typeName(items[i])} found`);
        parts[i] = s;
      }
      if (parts.length > 1 && (parts.length - 1) * self.length > MAX_RESULT) throw memoryError();
      return parts.join(self);
    });
    if (r === NOT_ITERABLE) throw typeError("can only join an iterable");
    return r;
  },
  split: splitImpl("split"),
  rsplit: splitImpl("rsplit"),
  strip: stripImpl("strip"),
  lstrip: stripImpl("lstrip"),
  rstrip: stripImpl("rstrip"),
  startswith: tailMatchImpl("startswith"),
  endswith: tailMatchImpl("endswith"),
  replace: (ops, self, args, kwnames) => {
    posArgs("replace", args, kwnames, 2, 3);
    const old = ops.str(args[0]);
    if (old === null) throw typeError(`replace() argument 1 must be str, not ${ops.typeName(args[0])}`);
    const repl = ops.str(args[1]);
    if (repl === null) throw typeError(`replace() argument 2 must be str, not ${ops.typeName(args[1])}`);
    const count = args.length > 2 ? ssizeArg(ops, args[2]) : -1;
    return pyReplace(self, old, repl, count);
  },
  upper: caseImpl("upper", pyUpper),
  lower: caseImpl("lower", pyLower),
  title: caseImpl("title", pyTitle),
  capitalize: caseImpl("capitalize", pyCapitalize),
  swapcase: caseImpl("swapcase", pySwapcase),
  casefold: caseImpl("casefold", pyCasefold),
  find: findImpl("find"),
  rfind: findImpl("rfind"),
  index: findImpl("index"),
  rindex: findImpl("rindex"),
  count: (ops, self, args, kwnames) => {
    const [subV, start, end] = findArgs(ops, "count", args, kwnames);
    return pyCount(self, strArg(ops, subV), start, end);
  },
  isdigit: predicateImpl("isdigit"),
  isalpha: predicateImpl("isalpha"),
  isalnum: predicateImpl("isalnum"),
  isspace: predicateImpl("isspace"),
  isupper: predicateImpl("isupper"),
  islower: predicateImpl("islower"),
  isidentifier: predicateImpl("isidentifier"),
  isnumeric: predicateImpl("isnumeric"),
  isdecimal: predicateImpl("isdecimal"),
  istitle: predicateImpl("istitle"),
  isprintable: predicateImpl("isprintable"),
  isascii: predicateImpl("isascii"),
  zfill: (ops, self, args, kwnames) => pyZfill(self, ssizeArg(ops, oneArg("zfill", args, kwnames))),
  ljust: padImpl("ljust"),
  rjust: padImpl("rjust"),
  center: padImpl("center"),
  partition: partitionImpl("partition"),
  rpartition: partitionImpl("rpartition"),
  splitlines: (ops, self, args, kwnames) => {
    const [keepends] = kwArgs("splitlines", args, kwnames, ["keepends"], 0);
    return pySplitlines(self, keepends !== undefined && cIntArg(ops, keepends) !== 0);
  },
  expandtabs: (ops, self, args, kwnames) => {
    const [tabsize] = kwArgs("expandtabs", args, kwnames, ["tabsize"], 0);
    return pyExpandtabs(self, tabsize === undefined ? 8 : cIntArg(ops, tabsize));
  },
  removeprefix: affixImpl("removeprefix"),
  removesuffix: affixImpl("removesuffix"),
  __len__: (_ops, self, args, kwnames) => {
    if (nkw(kwnames) > 0) throw typeError("wrapper __len__() takes no keyword arguments");
    if (args.length !== 0) throw typeError(`expected 0 arguments, got ${args.length}`);
    return cpLength(self);
  },
  __contains__: (ops, self, args, kwnames) => {
    if (nkw(kwnames) > 0) throw typeError("wrapper __contains__() takes no keyword arguments");
    if (args.length !== 1) throw typeError(`expected 1 argument, got ${args.length}`);
    const s = ops.str(args[0]);
    if (s === null) throw typeError(`'in <string>' requires string as left operand, not ${ops.typeName(args[0])}`);
    return pyFind(self, s) >= 0;
  },
};

/** The names of the str methods callStrMethod implements. */
export const STR_METHOD_NAMES: readonly string[] = Object.keys(IMPLS);

/**
 * Calls str method `name` on `self` with CPython's argument handling: args are the positional
 * arguments followed by the keyword arguments named by kwnames. Raises PyError as CPython would.
 */
export function callStrMethod<V>(ops: StrArgOps<V>, name: string, self: string, args: readonly V[], kwnames: readonly string[] | null): StrResult {
  const impl = IMPLS[name];
  if (impl === undefined) throw new PyError("AttributeError", `'str' object has no attribute '${name}'`);
  try {
    return impl(ops, self, args, kwnames);
  } catch (e) {
    if (e instanceof RangeError) throw memoryError(); // a JS string past V8's limit
    throw e;
  }
}

// ==== The natives ============================================================================

function vmOps(vm: Interpreter): StrArgOps<Value> {
  const rt = vm.rt;
  return {
    str: (v) => (A.kindOf(vm, v) === Kind.STR ? strValue(rt, v) : null),
    isNone: (v) => v === rt.None,
    index: (v) => {
      if (A.numKind(vm, v) === 0) return A.intOf(vm, v);
      const r = A.callSpecial(vm, v, "__index__", []);
      if (r === NULL) return null;
      try {
        if (A.numKind(vm, r) !== 0) throw typeError(`__index__ returned non-int (type ${A.typeName(vm, r)})`);
        return A.intOf(vm, r);
      } finally {
        rt.decref(r);
      }
    },
    tuple: (v) => (A.kindOf(vm, v) === Kind.TUPLE ? tupleItems(rt, v) : null),
    typeName: (v) => A.typeName(vm, v),
    withItems: (v, fn) => {
      const kind = A.kindOf(vm, v);
      if (kind === Kind.LIST || kind === Kind.TUPLE) return A.withItems(vm, v, fn);
      const it = A.getIterOrNull(vm, v);
      if (it === NULL) return NOT_ITERABLE;
      const items: Value[] = [];
      try {
        for (let x = A.iterNext(vm, it); x !== NULL; x = A.iterNext(vm, it)) items.push(x);
        return fn(items);
      } finally {
        for (const x of items) rt.decref(x);
        rt.decref(it);
      }
    },
  };
}

const opsOf = new WeakMap<Interpreter, StrArgOps<Value>>();

/** Methods that give back the str itself when nothing changes, as CPython does. */
const MAY_RETURN_SELF = new Set([
  "strip", "lstrip", "rstrip", "replace", "ljust", "rjust", "center", "zfill", "expandtabs", "removeprefix", "removesuffix",
]);

function toValue(vm: Interpreter, self: Value, selfText: string, sameOk: boolean, r: StrResult): Value {
  const rt = vm.rt;
  switch (typeof r) {
    case "string":
      return sameOk && r === selfText ? rt.newRef(self) : newStr(rt, r);
    case "number":
      return newIntFromNumber(rt, r);
    case "boolean":
      return rt.newRef(rt.bool(r));
  }
  if (Array.isArray(r)) return newList(rt, r.map((s) => newStr(rt, s)));
  return newTuple(rt, (r as StrTuple).tuple.map((s) => newStr(rt, s)));
}

function native(name: string): NativeFn {
  const sameOk = MAY_RETURN_SELF.has(name);
  return (vm, self, args, kwnames) => {
    let ops = opsOf.get(vm);
    if (ops === undefined) opsOf.set(vm, (ops = vmOps(vm)));
    const text = strValue(vm.rt, self);
    return toValue(vm, self, text, sameOk, callStrMethod(ops, name, text, args, kwnames));
  };
}

export const STR_METHODS: NativeTable = {
  ...Object.fromEntries(STR_METHOD_NAMES.map((name) => [name, native(name)])),
  // len() of a str needs no JS string
  __len__: (vm, self, args, kwnames) => {
    if (kwnames !== null && kwnames.length > 0) throw typeError("wrapper __len__() takes no keyword arguments");
    if (args.length !== 0) throw typeError(`expected 0 arguments, got ${args.length}`);
    return newIntFromNumber(vm.rt, strLen(vm.rt, self));
  },
  format: (vm, self, args, kwnames) => strFormatMethod(vm, self, args, kwnames),
};
