/**
 * The byte channel between a process pool's parent and one child process: two FIFOs in a
 * private temporary folder ("in": parent → child, "out": child → parent) carrying messages
 * framed by a 4-byte little-endian length.
 *
 * Everything here is synchronous I/O on file descriptors, because the caller is a Python thread
 * on a worker that waits with Atomics (it runs no Node event loop while Python runs). What makes
 * it safe:
 *   - the parent never blocks where a dead child could leave it waiting: it opens "in" without
 *     blocking (retrying while the child starts), writes without blocking (EAGAIN: wait a moment
 *     and retry; EPIPE: the child is gone), and reads the child's first message by polling,
 *     checking that the child lives; after that its reads block, and a dead child reads as EOF,
 *     since the child then holds the only write end of "out";
 *   - the child's reads of "in" block, and end with EOF when the parent exits or dies (the
 *     parent holds the only write end), so a child never outlives its parent.
 * The descriptors are close-on-exec (libuv opens them so): no child inherits another's ends.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const { O_RDONLY, O_WRONLY, O_RDWR, O_NONBLOCK } = fs.constants;
const FRAME_HEADER_BYTES = 4;
/** How long the parent waits between looks while a child starts or drains a full pipe. */
const POLL_MS = 2;
/** A child that has not connected within this long is taken for dead. */
const CONNECT_TIMEOUT_MS = 120_000;

/** The other side went away (EOF, or a write to a pipe nobody reads). */
export class PeerGone extends Error {}

/** One end of the channel, as the parent or the child holds it. */
export interface Channel {
  readonly side: "parent" | "child";
  /** The child's process id (on the child's side: its own). */
  readonly pid: number;
  readonly child: ChildProcess | null;
  /** The FIFOs' folder, until both ends are connected and the FIFOs can be removed. */
  dir: string | null;
  readFd: number;
  writeFd: number;
  /** Parent, until the child's first message: a reader that polls, and a write end of "out" held so
   * that the blocking reader does not see EOF before the child opens it. */
  probeFd: number;
  holdFd: number;
  /** The child's reported peak RSS (bytes), once it said goodbye. */
  reportedPeakRss: number | null;
}

/** Waits `ms` milliseconds on the calling thread (Atomics.wait: no CPU spent). */
export type Pause = (ms: number) => void;

const pauseCell = new Int32Array(new SharedArrayBuffer(4));
export const sleepMs: Pause = (ms) => {
  Atomics.wait(pauseCell, 0, 0, ms);
};

function errnoCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

/** Whether the child process still runs (not exited, not a zombie waiting to be reaped). */
export function childAlive(ch: Channel): boolean {
  const c = ch.child;
  if (c !== null && (c.exitCode !== null || c.signalCode !== null)) return false;
  try {
    const stat = fs.readFileSync(`/proc/${ch.pid}/stat`, "latin1");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch (e) {
    if (errnoCode(e) === "ENOENT" || errnoCode(e) === "ESRCH") return false;
    // no /proc (not Linux): signal 0 tells whether the process exists
    try {
      process.kill(ch.pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

/** The peak resident set size of a live process in bytes (Linux VmHWM), or null. */
export function peakRssOf(pid: number): number | null {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "latin1"));
    return m === null ? null : Number(m[1]) * 1024;
  } catch {
    return null;
  }
}

/** Removes a channel's folder: its two FIFOs and then the folder, and nothing else. */
export function removeFifoDir(dir: string): void {
  for (const name of ["in", "out"]) {
    const file = path.join(dir, name);
    try {
      if (fs.lstatSync(file).isFIFO()) fs.unlinkSync(file);
    } catch {
      // already gone
    }
  }
  try {
    fs.rmdirSync(dir);
  } catch {
    // gone, or not ours to empty
  }
}

function removeFifos(ch: Channel): void {
  if (ch.dir === null) return;
  removeFifoDir(ch.dir);
  ch.dir = null;
}

function closeQuietly(fd: number): void {
  if (fd < 0) return;
  try {
    fs.closeSync(fd);
  } catch {
    // already closed: nothing to release
  }
}

/**
 * Starts `command argsFor(FIFO_DIR)…` as a child process in its own session (a Ctrl-C at the
 * terminal reaches the parent alone, which then ends its children) and connects to it. `pause`
 * waits (with the GIL released) while the child starts; it may throw (KeyboardInterrupt).
 */
export function spawnChild(command: string, argsFor: (fifoDir: string) => string[], pause: Pause): Channel {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gilvm-pool-"));
  const inPath = path.join(dir, "in");
  const outPath = path.join(dir, "out");
  const made = spawnSync("mkfifo", ["-m", "600", inPath, outPath], { encoding: "utf8" });
  if (made.status !== 0) {
    removeFifoDir(dir);
    throw new Error(`mkfifo failed: ${(made.stderr || made.error?.message || "").trim()}`);
  }
  // the hold end (a writer) lets the blocking reader open at once, before the child exists
  const holdFd = fs.openSync(outPath, O_RDWR);
  const readFd = fs.openSync(outPath, O_RDONLY);
  const probeFd = fs.openSync(outPath, O_RDONLY | O_NONBLOCK);
  let child: ChildProcess;
  try {
    child = spawn(command, argsFor(dir), { stdio: ["ignore", "inherit", "inherit"], detached: true });
  } catch (e) {
    for (const fd of [holdFd, readFd, probeFd]) closeQuietly(fd);
    removeFifoDir(dir);
    throw e;
  }
  child.on("error", () => {}); // a failed start shows as a dead child below
  const ch: Channel = {
    side: "parent", pid: child.pid ?? -1, child, dir, readFd, writeFd: -1, probeFd, holdFd, reportedPeakRss: null,
  };
  try {
    if (child.pid === undefined) throw new PeerGone("the child process could not be started");
    // a non-blocking open for writing fails (ENXIO) until the child has opened "in" for reading
    const deadline = performance.now() + CONNECT_TIMEOUT_MS;
    for (;;) {
      try {
        ch.writeFd = fs.openSync(inPath, O_WRONLY | O_NONBLOCK);
        break;
      } catch (e) {
        if (errnoCode(e) !== "ENXIO") throw e;
      }
      if (!childAlive(ch) || performance.now() > deadline) throw new PeerGone("the child process ended during start-up");
      pause(POLL_MS);
    }
  } catch (e) {
    closeChannel(ch);
    throw e;
  }
  return ch;
}

/** The child's side: opens the FIFOs the parent made (blocking until the parent is there). */
export function connectToParent(dir: string): Channel {
  const readFd = fs.openSync(path.join(dir, "in"), O_RDONLY);
  const writeFd = fs.openSync(path.join(dir, "out"), O_WRONLY);
  // both sides hold their ends now (the parent opened its own first): the names can go
  removeFifoDir(dir);
  return { side: "child", pid: process.pid, child: null, dir: null, readFd, writeFd, probeFd: -1, holdFd: -1, reportedPeakRss: null };
}

/** Writes one framed message; PeerGone when the other side has gone. */
export function writeFrame(ch: Channel, payload: Buffer, pause: Pause): void {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  payload.copy(frame, FRAME_HEADER_BYTES);
  let off = 0;
  while (off < frame.length) {
    try {
      off += fs.writeSync(ch.writeFd, frame, off, frame.length - off);
    } catch (e) {
      const code = errnoCode(e);
      if (code === "EPIPE" || code === "EBADF") throw new PeerGone("the other process has gone");
      if (code !== "EAGAIN") throw e;
      // the parent's write end does not block: the pipe is full, the child is reading
      if (ch.side === "parent" && !childAlive(ch)) throw new PeerGone("the child process has gone");
      pause(POLL_MS);
    }
  }
}

/** Reads exactly buf.length bytes, blocking; false on EOF before the first byte, PeerGone after. */
function readFully(fd: number, buf: Buffer): boolean {
  let off = 0;
  while (off < buf.length) {
    let n: number;
    try {
      n = fs.readSync(fd, buf, off, buf.length - off, null);
    } catch (e) {
      if (errnoCode(e) === "EBADF") throw new PeerGone("the channel is closed");
      throw e;
    }
    if (n === 0) {
      if (off === 0) return false;
      throw new PeerGone("the other process ended in the middle of a message");
    }
    off += n;
  }
  return true;
}

/** Reads exactly buf.length bytes from the parent's polling reader, checking that the child lives. */
function pollFully(ch: Channel, buf: Buffer, pause: Pause): void {
  let off = 0;
  while (off < buf.length) {
    let n = 0;
    try {
      n = fs.readSync(ch.probeFd, buf, off, buf.length - off, null);
    } catch (e) {
      if (errnoCode(e) !== "EAGAIN") throw e;
    }
    if (n > 0) {
      off += n;
      continue;
    }
    if (!childAlive(ch)) throw new PeerGone("the child process ended during start-up");
    pause(POLL_MS);
  }
}

/**
 * Reads one framed message, blocking until it is there; null when the other side has ended.
 * The parent's first read polls (the child may die before it opens its end): after it, the
 * FIFOs are removed and the parent's reads block.
 */
export function readFrame(ch: Channel, pause: Pause): Buffer | null {
  const header = Buffer.alloc(FRAME_HEADER_BYTES);
  if (ch.probeFd >= 0) {
    try {
      pollFully(ch, header, pause);
      const body = Buffer.alloc(header.readUInt32LE(0));
      pollFully(ch, body, pause);
      return body;
    } catch (e) {
      if (e instanceof PeerGone) return null;
      throw e;
    } finally {
      // the child holds its end now (or is dead): a blocking read sees its data or its EOF
      closeQuietly(ch.probeFd);
      closeQuietly(ch.holdFd);
      ch.probeFd = ch.holdFd = -1;
      removeFifos(ch);
    }
  }
  if (!readFully(ch.readFd, header)) return null;
  const body = Buffer.alloc(header.readUInt32LE(0));
  if (!readFully(ch.readFd, body)) throw new PeerGone("the other process ended in the middle of a message");
  return body;
}

/** Ends the child at once (SIGKILL), if it still runs. */
export function killChild(ch: Channel): void {
  if (ch.side !== "parent" || !childAlive(ch)) return;
  try {
    process.kill(ch.pid, "SIGKILL");
  } catch {
    // it ended meanwhile
  }
}

/** Closes this side's descriptors (the child then reads EOF) and removes the FIFOs if still there. */
export function closeChannel(ch: Channel): void {
  for (const fd of [ch.readFd, ch.writeFd, ch.probeFd, ch.holdFd]) closeQuietly(fd);
  ch.readFd = ch.writeFd = ch.probeFd = ch.holdFd = -1;
  removeFifos(ch);
}
