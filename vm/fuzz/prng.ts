/**
 * The fuzzer's random numbers: a small seeded generator (SplitMix32-style mixing of a Weyl
 * sequence), so that a seed names one program forever, on any machine and Node version —
 * Math.random could not be replayed. Not for anything but test generation.
 */

const GOLDEN_GAMMA = 0x9e3779b9;

/** Mixes 32 bits so that neighbouring inputs give unrelated outputs. */
function mix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = mix32(seed ^ 0x5bd1e995);
  }

  /** A generator for item `index` of a run seeded `seed`: each case replays on its own. */
  static forCase(seed: number, index: number): Prng {
    return new Prng(mix32(mix32(seed) + Math.imul(index + 1, GOLDEN_GAMMA)));
  }

  /** Uniform in [0, 2^32). */
  next(): number {
    this.state = (this.state + GOLDEN_GAMMA) >>> 0;
    return mix32(this.state);
  }

  /** Uniform integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    const span = hi - lo + 1;
    if (span <= 0) throw new Error(`Prng.int: empty range [${lo}, ${hi}]`);
    // two draws give 53 bits, plenty for any span used here without visible bias
    const r = (this.next() * 0x200000 + (this.next() >>> 11)) / 2 ** 53;
    return lo + Math.floor(r * span);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() / 2 ** 32 < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Prng.pick: no items");
    return items[this.int(0, items.length - 1)];
  }

  /** Picks by weight: `[[3, "a"], [1, "b"]]` gives "a" three times as often. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    let total = 0;
    for (const [w] of choices) total += w;
    let r = (this.next() / 2 ** 32) * total;
    for (const [w, item] of choices) {
      if (r < w) return item;
      r -= w;
    }
    return choices[choices.length - 1][1];
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffled<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}
