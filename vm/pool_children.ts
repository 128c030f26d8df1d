/**
 * The process pools' children of this gilvm process, known across its threads: a worker that
 * starts or reaps a child says so on a BroadcastChannel, and the CLI's main thread keeps the
 * list. When a run ends with children still running (a second Ctrl-C, --timeout, an internal
 * error: no pool shutdown ran), the CLI kills them — their parent's reads would otherwise keep a
 * worker blocked in a system call, and node cannot exit while a worker is.
 */
import { BroadcastChannel } from "node:worker_threads";
import fs from "node:fs";

const CHANNEL_NAME = "gilvm-process-pool-children";
/** The option that marks a pool child's command line (vm/cli.ts). */
export const POOL_CHILD_OPTION = "--pool-child";

interface ChildNotice {
  pid: number;
  alive: boolean;
}

let announcer: BroadcastChannel | null = null;

/** Tells the main thread that child `pid` started (alive) or ended. */
export function announceChild(pid: number, alive: boolean): void {
  if (announcer === null) {
    announcer = new BroadcastChannel(CHANNEL_NAME);
    announcer.unref();
  }
  announcer.postMessage({ pid, alive } satisfies ChildNotice);
}

/** Whether `pid` is still a pool child of this process (not a reused pid): its command line says so. */
function isOurPoolChild(pid: number): boolean {
  if (!fs.existsSync("/proc/self/cmdline")) return true; // no procfs to ask: trust the notices
  const mark = `${POOL_CHILD_OPTION}=${process.pid}:`;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "latin1").split("\0").some((arg) => arg.startsWith(mark));
  } catch {
    return false;
  }
}

/** Starts listening (on the main thread); `killRemaining()` ends the children still alive. */
export function trackPoolChildren(): { killRemaining: () => void } {
  const alive = new Set<number>();
  const channel = new BroadcastChannel(CHANNEL_NAME);
  channel.unref();
  channel.onmessage = (event) => {
    const notice = (event as { data: ChildNotice }).data;
    if (notice.alive) alive.add(notice.pid);
    else alive.delete(notice.pid);
  };
  return {
    killRemaining: () => {
      channel.close();
      for (const pid of alive) {
        if (!isOurPoolChild(pid)) continue;
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // it ended meanwhile
        }
      }
      alive.clear();
    },
  };
}
