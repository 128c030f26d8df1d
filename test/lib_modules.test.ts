/**
 * lib/'s Python modules — threading, queue, concurrent.futures — against CPython's own.
 *
 * Every program below runs twice under python3: once with CPython's standard library, once with
 * PYTHONPATH pointing at a temporary directory that holds copies of lib/threading.py,
 * lib/queue.py and lib/concurrent/ (over CPython's real _thread), and the two stdouts must be
 * equal. The programs print nothing that depends on thread scheduling (they join before
 * printing, sort what threads collected, and wait on events rather than on time).
 *
 * python3 runs with -S: site's .pth files may import the standard threading before PYTHONPATH is
 * looked at (certifi → zipfile → threading, say), and then our copy would never be loaded; the
 * `_gilvm` marker our modules define shows that they are the ones loaded.
 *
 * A third run of each program goes through gilvm itself (lib/ compiled by gilvm over its native
 * _thread).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { REPO_ROOT, runGilvm, runPython, type RunResult } from "./helpers/run_gilvm.js";

const HAVE_PYTHON = runPython(["-c", "import sys; assert sys.version_info[:2] == (3, 11)"]).status === 0;

/** Each program must finish within this under python3 (they take 0.1–0.4 s). */
const PYTHON_LIMIT_MS = 2_000;
/** A run killed past this has hung (a deadlock in the modules, say). */
const KILL_MS = 10_000;
const GILVM_TEST_TIMEOUT_MS = 60_000;

/** What a program's stderr must be: empty, "Exception in thread ..." first, or anything
 * (CPython's DeprecationWarnings for isDaemon()/getName()/setName()). */
type StderrRule = "empty" | "exception" | "any";

interface Program {
  name: string;
  stderr: StderrRule;
  source: string;
}

const PROGRAMS: Program[] = [
  {
    name: "producer_consumer",
    stderr: "empty",
    source: String.raw`# Producers and consumers around a bounded Queue; task_done/join; Empty/Full.
import threading
import queue

q = queue.Queue(maxsize=3)
results = []
results_lock = threading.Lock()

def producer(base):
    for i in range(10):
        q.put(base + i)

def consumer():
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            return
        with results_lock:
            results.append(item * 2)
        q.task_done()

producers = [threading.Thread(target=producer, args=(b,)) for b in (0, 100)]
consumers = [threading.Thread(target=consumer) for _ in range(2)]
for t in producers + consumers:
    t.start()
for t in producers:
    t.join()
q.join()
print("all tasks done, unfinished =", q.unfinished_tasks)
for _ in consumers:
    q.put(None)
for t in consumers:
    t.join()
print(len(results), sum(results), sorted(results)[:5], sorted(results)[-3:])
print(q.qsize(), q.empty(), q.full(), q.maxsize)

try:
    q.get_nowait()
except queue.Empty as e:
    print("Empty", type(e).__name__, repr(e))
try:
    q.get(timeout=0.01)
except queue.Empty:
    print("Empty after timeout")
small = queue.Queue(1)
small.put_nowait("a")
print(small.full())
try:
    small.put_nowait("b")
except queue.Full:
    print("Full")
try:
    small.put("c", timeout=0.01)
except queue.Full:
    print("Full after timeout")
print(small.get(), small.empty())
small.task_done()
try:
    small.task_done()
except ValueError as e:
    print("ValueError:", e)
try:
    small.get(timeout=-1)
except ValueError as e:
    print("ValueError:", e)
print(issubclass(queue.Empty, Exception), issubclass(queue.Full, Exception))
`,
  },
  {
    name: "condition_pingpong",
    stderr: "empty",
    source: String.raw`# Two threads take turns through a Condition; the log is in a strict order.
import threading

cond = threading.Condition()
turn = ["ping"]
log = []

def player(me, other, rounds):
    for i in range(rounds):
        with cond:
            while turn[0] != me:
                cond.wait()
            log.append("%s %d" % (me, i))
            turn[0] = other
            cond.notify_all()

a = threading.Thread(target=player, args=("ping", "pong", 5))
b = threading.Thread(target=player, args=("pong", "ping", 5))
b.start()
a.start()
a.join()
b.join()
print("\n".join(log))

# wait_for with a predicate, notify(n), timeouts, and the errors of an un-acquired condition.
cv = threading.Condition(threading.Lock())
items = []
got = []
def taker():
    with cv:
        cv.wait_for(lambda: len(items) > 0)
        got.append(items.pop())
takers = [threading.Thread(target=taker) for _ in range(3)]
for t in takers:
    t.start()
for i in range(3):
    with cv:
        items.append(i)
        cv.notify(1)
for t in takers:
    t.join()
print(sorted(got))
with cv:
    print("wait timeout ->", cv.wait(0.01))
    print("wait_for timeout ->", cv.wait_for(lambda: False, timeout=0.01))
    print("wait_for true ->", cv.wait_for(lambda: 42))
    cv.notify_all()
try:
    cv.wait()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    cv.notify()
except RuntimeError as e:
    print("RuntimeError:", e)
print(repr(threading.Condition()).startswith("<Condition(<unlocked _thread.RLock object owner=0 count=0 at "))
`,
  },
  {
    name: "event",
    stderr: "empty",
    source: String.raw`# Event: threads wait until it is set; wait(timeout) reports the flag.
import threading

ev = threading.Event()
print(ev.is_set(), ev.wait(0.01))
arrived = []
lock = threading.Lock()
def waiter(i):
    r = ev.wait()
    with lock:
        arrived.append((i, r))
ts = [threading.Thread(target=waiter, args=(i,)) for i in range(4)]
for t in ts:
    t.start()
print("before set:", arrived)
ev.set()
for t in ts:
    t.join()
print("after set:", sorted(arrived))
print(ev.is_set(), ev.wait(), ev.wait(0))
ev.clear()
print(ev.is_set(), ev.wait(0.01))

# A handshake with two events.
ready = threading.Event()
go = threading.Event()
out = []
def worker():
    ready.set()
    go.wait()
    out.append("worker ran")
t = threading.Thread(target=worker)
t.start()
ready.wait()
out.append("main saw ready")
go.set()
t.join()
print(out)
`,
  },
  {
    name: "semaphore",
    stderr: "empty",
    source: String.raw`# A Semaphore keeps at most 2 workers in the critical section.
import threading
import time

sem = threading.Semaphore(2)
lock = threading.Lock()
inside = [0]
max_inside = [0]
done = []
def worker(i):
    with sem:
        with lock:
            inside[0] += 1
            max_inside[0] = max(max_inside[0], inside[0])
        time.sleep(0.005)
        with lock:
            inside[0] -= 1
            done.append(i)
ts = [threading.Thread(target=worker, args=(i,)) for i in range(6)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(done), max_inside[0] <= 2, inside[0])

s = threading.Semaphore(0)
print(s.acquire(blocking=False), s.acquire(timeout=0.01))
s.release(2)
print(s.acquire(), s.acquire(False), s.acquire(False))
try:
    s.acquire(False, 1)
except ValueError as e:
    print("ValueError:", e)
try:
    threading.Semaphore(-1)
except ValueError as e:
    print("ValueError:", e)
try:
    s.release(0)
except ValueError as e:
    print("ValueError:", e)
b = threading.BoundedSemaphore(1)
print(b.acquire())
b.release()
try:
    b.release()
except ValueError as e:
    print("ValueError:", e)

# release() from another thread wakes a blocked acquire().
gate = threading.Semaphore(0)
order = []
def opener():
    order.append("open")
    gate.release()
t = threading.Thread(target=opener)
t.start()
gate.acquire()
order.append("passed")
t.join()
print(order)
`,
  },
  {
    name: "barrier",
    stderr: "empty",
    source: String.raw`# Barrier: the action runs once per cycle; wait() gives each party a distinct index.
import threading

actions = []
b = threading.Barrier(3, action=lambda: actions.append("tripped"))
print(b.parties, b.n_waiting, b.broken)
indices = []
lock = threading.Lock()
def party():
    for cycle in range(2):
        i = b.wait()
        with lock:
            indices.append((cycle, i))
ts = [threading.Thread(target=party) for _ in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(actions, sorted(indices))
print(b.n_waiting, b.broken)

# A timeout breaks the barrier; later waits raise at once; reset() repairs it.
b2 = threading.Barrier(2, timeout=0.02)
try:
    b2.wait()
except threading.BrokenBarrierError as e:
    print("broken after timeout:", type(e).__name__, b2.broken)
try:
    b2.wait()
except threading.BrokenBarrierError:
    print("still broken")
b2.reset()
print("after reset:", b2.broken)

# abort() wakes a waiting party with BrokenBarrierError.
b3 = threading.Barrier(2)
res = []
def waiter():
    try:
        b3.wait()
        res.append("passed")
    except threading.BrokenBarrierError:
        res.append("BrokenBarrierError")
t = threading.Thread(target=waiter)
t.start()
while b3.n_waiting == 0:
    pass
b3.abort()
t.join()
print(res, b3.broken, issubclass(threading.BrokenBarrierError, RuntimeError))

# An action that raises breaks the barrier for everybody.
def bad_action():
    raise ValueError("action failed")
b4 = threading.Barrier(2, action=bad_action)
out = []
def p():
    try:
        b4.wait()
    except threading.BrokenBarrierError:
        out.append("broken")
    except ValueError as e:
        out.append("ValueError " + str(e))
ts = [threading.Thread(target=p) for _ in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(out), b4.broken)
`,
  },
  {
    name: "locks",
    stderr: "empty",
    source: String.raw`# Lock basics and a counter kept consistent by a lock.
import threading

lock = threading.Lock()
print(lock.acquire(), lock.locked(), lock.acquire(False), lock.acquire(timeout=0.01))
lock.release()
print(lock.locked())
try:
    lock.release()
except RuntimeError as e:
    print("RuntimeError:", e)
with lock:
    print("in with:", lock.locked())
print(type(lock) is type(threading.Lock()))

counter = [0]
def add():
    for _ in range(2000):
        with lock:
            counter[0] += 1
ts = [threading.Thread(target=add) for _ in range(4)]
for t in ts: t.start()
for t in ts: t.join()
print(counter[0])

# A lock released by another thread (allowed for plain locks).
l2 = threading.Lock()
l2.acquire()
t = threading.Thread(target=l2.release)
t.start(); t.join()
print(l2.locked())
`,
  },
  {
    name: "rlock",
    stderr: "empty",
    source: String.raw`# RLock: the owner re-enters; another thread cannot release it; Condition over an RLock.
import threading

r = threading.RLock()
print(r.acquire(), r.acquire(), r.acquire(blocking=False))
r.release(); r.release()
with r:
    with r:
        print("nested with ok")
r.release()
try:
    r.release()
except RuntimeError as e:
    print("RuntimeError:", e)

def other_thread_release():
    try:
        r.release()
    except RuntimeError as e:
        return "RuntimeError: " + str(e)
res = []
r.acquire()
t = threading.Thread(target=lambda: res.append(other_thread_release()))
t.start(); t.join()
t2 = threading.Thread(target=lambda: res.append(r.acquire(timeout=0.01)))
t2.start(); t2.join()
r.release()
t3 = threading.Thread(target=lambda: res.append(r.acquire(blocking=False) and (r.release() or "got it")))
t3.start(); t3.join()
print(res)

# A recursive function that takes the lock at every level.
counter = [0]
def rec(n):
    with r:
        counter[0] += 1
        if n:
            rec(n - 1)
def worker():
    for _ in range(20):
        rec(5)
ts = [threading.Thread(target=worker) for _ in range(4)]
for t in ts: t.start()
for t in ts: t.join()
print(counter[0])

# Condition.wait releases an RLock held twice, and restores it.
cond = threading.Condition(r)
flag = []
def setter():
    with cond:
        flag.append(1)
        cond.notify()
with r:
    with cond:
        t = threading.Thread(target=setter)
        t.start()
        cond.wait_for(lambda: flag)
        print("woken with flag", flag)
t.join()
print(r.acquire(blocking=False))
r.release()
print(repr(threading.RLock()).startswith("<unlocked _thread.RLock object owner=0 count=0"))
`,
  },
  {
    name: "thread_local",
    stderr: "empty",
    source: String.raw`# threading.local: each thread sees its own attributes.
import threading

data = threading.local()
data.x = "main"
seen = {}
lock = threading.Lock()
def worker(i):
    had = hasattr(data, "x")
    data.x = i
    data.y = i * 10
    barrier.wait()          # every thread has set its values before any reads them back
    with lock:
        seen[i] = (had, data.x, data.y)
barrier = threading.Barrier(4)
ts = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
for t in ts: t.start()
for t in ts: t.join()
print(sorted(seen.items()))
print(data.x, hasattr(data, "y"))
try:
    data.y
except AttributeError:
    print("AttributeError for y in main")
print(getattr(data, "nope", "default"))

# A subclass: __init__ runs again in each thread that uses the object.
class Counter(threading.local):
    def __init__(self):
        self.count = 0
    def bump(self):
        self.count += 1
        return self.count
c = Counter()
c.bump(); c.bump()
res = []
def use():
    for _ in range(3):
        v = c.bump()
    with lock:
        res.append(v)
ts = [threading.Thread(target=use) for _ in range(3)]
for t in ts: t.start()
for t in ts: t.join()
print(res, c.count)

# Two locals are independent.
l1 = threading.local(); l2 = threading.local()
l1.v = 1; l2.v = 2
print(l1.v, l2.v)
try:
    threading.local(1)
except TypeError as e:
    print("TypeError:", e)
`,
  },
  {
    name: "thread_local_del",
    stderr: "empty",
    source: String.raw`# del on a threading.local attribute removes this thread's value only.
import threading

data = threading.local()
data.z = "main"
out = []
def worker():
    data.z = "worker"
    del data.z
    out.append(hasattr(data, "z"))
    try:
        del data.z
    except AttributeError:
        out.append("AttributeError")
t = threading.Thread(target=worker)
t.start(); t.join()
print(out, data.z)
del data.z
print(hasattr(data, "z"))
`,
  },
  {
    name: "join_timeout",
    stderr: "empty",
    source: String.raw`# join(timeout) returns with the thread still alive; the errors of start() and join().
import threading

ev = threading.Event()
t = threading.Thread(target=ev.wait, name="sleeper")
try:
    t.join()
except RuntimeError as e:
    print("RuntimeError:", e)
print(t.is_alive(), t.ident)
t.start()
t.join(0.02)
print("after join(0.02):", t.is_alive())
t.join(-1)
print("after join(-1):", t.is_alive())
try:
    t.start()
except RuntimeError as e:
    print("RuntimeError:", e)
ev.set()
t.join()
print("after set and join:", t.is_alive(), t.ident is not None)
t.join()
t.join(0)
try:
    threading.current_thread().join()
except RuntimeError as e:
    print("RuntimeError:", e)
out = []
def join_self():
    try:
        threading.current_thread().join()
    except RuntimeError as e:
        out.append(str(e))
t2 = threading.Thread(target=join_self)
t2.start(); t2.join()
print(out)
class NoInit(threading.Thread):
    def __init__(self):
        pass
try:
    NoInit().start()
except RuntimeError as e:
    print("RuntimeError:", e)
`,
  },
  {
    name: "daemon",
    stderr: "any",
    source: String.raw`# Daemon threads are left behind at exit; non-daemon threads are waited for.
import threading

forever = threading.Event()
d = threading.Thread(target=forever.wait, daemon=True)
print(d.daemon, threading.current_thread().daemon, threading.main_thread().daemon)
d.start()
inherit = []
def make_child():
    inherit.append(threading.Thread(target=lambda: None).daemon)
t = threading.Thread(target=make_child, daemon=True)
t.start(); t.join()
t = threading.Thread(target=make_child)
t.start(); t.join()
print("children inherit:", inherit)
t = threading.Thread(target=lambda: None)
t.daemon = True
print(t.daemon, t.isDaemon())
print("daemon alive:", d.is_alive())

# This one outlives the main module: the program waits for it (threading._shutdown).
last = threading.Event()
def late():
    last.wait()
    print("late thread finished after main")
threading.Thread(target=late).start()
print("main module done")
last.set()
`,
  },
  {
    name: "exception_in_thread",
    stderr: "exception",
    source: String.raw`# An exception that escapes a thread is printed on stderr; the program goes on.
import threading

def bad():
    raise ValueError("boom")
t = threading.Thread(target=bad)
t.start()
t.join()
print("main goes on", t.is_alive())

# SystemExit in a thread is silent.
t = threading.Thread(target=lambda: exit_thread())
def exit_thread():
    raise SystemExit(3)
t.start(); t.join()
print("after SystemExit in a thread")

# A replaced threading.excepthook receives the details.
caught = []
old = threading.excepthook
def hook(args):
    caught.append((args.exc_type.__name__, str(args.exc_value), args.thread.name,
                   args.exc_traceback is not None))
threading.excepthook = hook
t = threading.Thread(target=lambda: 1 / 0, name="divider")
t.start(); t.join()
threading.excepthook = old
print(caught)
print(threading.excepthook is threading.__excepthook__)
`,
  },
  {
    name: "pool_basic",
    stderr: "empty",
    source: String.raw`# ThreadPoolExecutor: submit, map, as_completed, wait, shutdown.
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed, wait, ALL_COMPLETED, FIRST_COMPLETED
import concurrent.futures as cf

def square(x):
    return x * x

with ThreadPoolExecutor(max_workers=4) as ex:
    print(list(ex.map(square, range(10))))
    print(list(ex.map(pow, [2, 3, 4], [5, 2, 1])))
    futs = [ex.submit(square, i) for i in range(8)]
    print(sorted(f.result() for f in as_completed(futs)))
    done, not_done = wait(futs)
    print(len(done), len(not_done))
    r = wait(futs, return_when=ALL_COMPLETED)
    print(len(r.done), len(r.not_done), r[0] is r.done)
    f = ex.submit(lambda a, b=0, *, c=0: a + b + c, 1, b=2, c=3)
    print(f.result(), f.done(), f.running(), f.cancelled())

# Worker names, and exactly as many workers as tasks held at once (up to max_workers).
gate = threading.Event()
names = set()
lock = threading.Lock()
def held(i):
    with lock:
        names.add(threading.current_thread().name)
    gate.wait()
    return i
ex = ThreadPoolExecutor(max_workers=3, thread_name_prefix="pool")
futs = [ex.submit(held, i) for i in range(3)]
gate.set()
print(sorted(f.result() for f in futs))
print(sorted(names))
ex.shutdown()
try:
    ex.submit(square, 2)
except RuntimeError as e:
    print("RuntimeError:", e)
ex.shutdown()  # twice is fine

ex = ThreadPoolExecutor(2)
gate2 = threading.Event()
fs = [ex.submit(gate2.wait) for _ in range(2)]
done, not_done = wait(fs, timeout=0.02)
print("before release:", len(done), len(not_done))
first = ex.submit(square, 7)
gate2.set()
done, not_done = wait(fs + [first], return_when=FIRST_COMPLETED)
print("first completed:", len(done) >= 1)
ex.shutdown(wait=True)
print(all(f.done() for f in fs), first.result())

# shutdown(cancel_futures=True) cancels what has not started.
ex = ThreadPoolExecutor(max_workers=1)
block = threading.Event()
started = threading.Event()
def blocker():
    started.set()
    block.wait()
    return "ran"
f1 = ex.submit(blocker)
started.wait()
pending = [ex.submit(square, i) for i in range(3)]
ex.shutdown(wait=False, cancel_futures=True)
print([p.cancelled() for p in pending], f1.running())
block.set()
ex.shutdown(wait=True)
print(f1.result(), f1.done())

try:
    ThreadPoolExecutor(0)
except ValueError as e:
    print("ValueError:", e)
# The default pool is named ThreadPoolExecutor-N_M.
with ThreadPoolExecutor(max_workers=1) as ex:
    print(ex.submit(lambda: threading.current_thread().name).result().startswith("ThreadPoolExecutor-"))
print(cf.FIRST_EXCEPTION, cf.ALL_COMPLETED, cf.FIRST_COMPLETED)
`,
  },
  {
    name: "pool_no_shutdown",
    stderr: "empty",
    source: String.raw`# An executor never shut down: the interpreter's exit (threading._shutdown) lets its workers go,
# after the work already queued has run.
import threading
from concurrent.futures import ThreadPoolExecutor

results = []
lock = threading.Lock()
gate = threading.Event()
def task(i):
    gate.wait()
    with lock:
        results.append(i)

ex = ThreadPoolExecutor(max_workers=2)
futs = [ex.submit(task, i) for i in range(6)]
gate.set()
print([f.result() for f in futs], sorted(results))

late_gate = threading.Event()
late = []
def late_task(i):
    late_gate.wait()
    with lock:
        late.append(i)
        if len(late) == 4:
            print("late tasks done:", sorted(late))
for i in range(4):
    ex.submit(late_task, i)
print("main module done")
late_gate.set()
`,
  },
  {
    name: "futures_exceptions",
    stderr: "empty",
    source: String.raw`# Futures that raise, time out, are cancelled; Future used by hand.
from concurrent.futures import (ThreadPoolExecutor, Future, CancelledError, TimeoutError,
                                wait, as_completed, FIRST_EXCEPTION, InvalidStateError)
import concurrent.futures
import threading

def fail(x):
    if x == 3:
        raise ValueError("bad %d" % x)
    return x

with ThreadPoolExecutor(max_workers=2) as ex:
    f = ex.submit(fail, 3)
    try:
        f.result()
    except ValueError as e:
        print("result raised:", e)
    print(type(f.exception()).__name__, f.done())
    it = ex.map(fail, [1, 2, 3, 4])
    got = []
    try:
        for v in it:
            got.append(v)
    except ValueError as e:
        print("map raised after", got, ":", e)
    futs = [ex.submit(fail, i) for i in range(6)]
    done, not_done = wait(futs, return_when=FIRST_EXCEPTION)
    print("FIRST_EXCEPTION saw an exception:", any(f.exception() is not None for f in done))
    errors = sorted(str(f.exception()) for f in as_completed(futs) if f.exception())
    print(errors)

f = Future()
print(f.done(), f.running(), f.cancelled())
try:
    f.result(timeout=0.01)
except TimeoutError:
    print("TimeoutError", TimeoutError is concurrent.futures.TimeoutError)
try:
    f.exception(timeout=0)
except TimeoutError:
    print("TimeoutError from exception()")
calls = []
f.add_done_callback(lambda fut: calls.append(("cb1", fut.result())))
print(f.set_running_or_notify_cancel(), f.running(), f.cancel())
f.set_result(5)
f.add_done_callback(lambda fut: calls.append(("cb2", fut.result())))
print(calls, f.result(), f.exception())
try:
    f.set_result(6)
except InvalidStateError as e:
    print("InvalidStateError", str(e).split(":")[0])
print(repr(f).split(" state=")[1])

g = Future()
print(g.cancel(), g.cancelled(), g.done(), g.cancel())
try:
    g.result()
except CancelledError as e:
    print("CancelledError", type(e).__name__)
try:
    g.exception()
except CancelledError:
    print("CancelledError from exception()")
print(g.set_running_or_notify_cancel())
print(repr(g).split(" state=")[1])

h = Future()
h.set_exception(KeyError("k"))
print(repr(h).split(" state=")[1], repr(h.exception()))
try:
    h.result()
except KeyError as e:
    print("KeyError", e)
print(repr(Future()).split(" state=")[1])

# as_completed with a timeout on a future that never finishes.
never = Future()
try:
    for x in as_completed([never], timeout=0.01):
        pass
except TimeoutError as e:
    print("as_completed:", e)
done, not_done = wait([never, h], timeout=0.01)
print(len(done), len(not_done), h in done, never in not_done)
print(issubclass(CancelledError, concurrent.futures._base.Error), issubclass(TimeoutError, OSError))
`,
  },
  {
    name: "thread_subclass",
    stderr: "any",
    source: String.raw`# Subclassing Thread and overriding run().
import threading

class Worker(threading.Thread):
    def __init__(self, n, name=None):
        super().__init__(name=name)
        self.n = n
        self.result = None
    def run(self):
        self.result = sum(range(self.n))
        self.ran_in = threading.current_thread() is self

ws = [Worker(10), Worker(100, name="hundred"), Worker(5)]
for w in ws:
    print(repr(w))
for w in ws:
    w.start()
for w in ws:
    w.join()
for w in ws:
    print(w.name, w.result, w.ran_in, repr(w).split(",")[1].split()[0])
w = ws[0]
w.setName("renamed")
print(w.getName(), w.name)
w.name = "again"
print(w.name)

class Quiet(threading.Thread):
    def run(self):
        self.value = self._target(*self._args) if self._target else None
q = Quiet(target=max, args=(3, 9, 4))
q.start(); q.join()
print(q.value, q.name)
`,
  },
  {
    name: "thread_names",
    stderr: "empty",
    source: String.raw`# Thread names, identifiers, current_thread(), main_thread().
import threading

print(threading.current_thread().name, threading.main_thread() is threading.current_thread())
print(repr(threading.main_thread()).startswith("<_MainThread(MainThread, started "))
def work():
    pass
class Callable:
    def __call__(self):
        pass
ts = [threading.Thread(), threading.Thread(target=work), threading.Thread(target=lambda: None),
      threading.Thread(name="custom"), threading.Thread(target=Callable()),
      threading.Thread(name=17), threading.Thread(target=work, name="")]
print([t.name for t in ts])
print(repr(ts[0]))
names = []
idents = []
lock = threading.Lock()
def report():
    me = threading.current_thread()
    with lock:
        names.append(me.name)
        idents.append(me.ident == threading.get_ident())
ts = [threading.Thread(target=report, name="w%d" % i) for i in range(3)]
for t in ts: t.start()
for t in ts: t.join()
print(sorted(names), idents)
print(all(t.native_id is not None for t in ts), threading.get_ident() == threading.main_thread().ident)
print(len(set(t.ident for t in ts)) >= 1, isinstance(threading.get_ident(), int))
print(repr(ts[0]).startswith("<Thread(w0, stopped "))
print(threading.TIMEOUT_MAX > 1000, threading.ThreadError is RuntimeError)
`,
  },
  {
    name: "active_count",
    stderr: "empty",
    source: String.raw`# active_count() and enumerate() follow threads as they start and end.
import threading

print(threading.active_count(), [t.name for t in threading.enumerate()])
stop = threading.Event()
ts = [threading.Thread(target=stop.wait, name="waiter-%d" % i) for i in range(4)]
for t in ts:
    t.start()
print(threading.active_count(), sorted(t.name for t in threading.enumerate()))
print(all(t.is_alive() for t in ts))
stop.set()
for t in ts:
    t.join()
print(threading.active_count(), [t.name for t in threading.enumerate()])
print(any(t.is_alive() for t in ts))
`,
  },
  {
    name: "timer",
    stderr: "empty",
    source: String.raw`# Timer runs its function after the interval, unless cancelled.
import threading

out = []
t = threading.Timer(0.01, out.append, args=["fired"])
t.start()
t.join()
c = threading.Timer(10, out.append, args=["never"])
c.start()
c.cancel()
c.join()
k = threading.Timer(0.0, lambda **kw: out.append(sorted(kw.items())), kwargs={"a": 1})
k.start(); k.join()
print(out, t.is_alive(), c.is_alive())
`,
  },
  {
    name: "queues_ordered",
    stderr: "empty",
    source: String.raw`# LifoQueue and PriorityQueue orders; SimpleQueue.
import queue
import threading
import random

lq = queue.LifoQueue()
for i in range(5):
    lq.put(i)
print([lq.get() for _ in range(5)])

pq = queue.PriorityQueue()
random.seed(7)
items = [(random.randint(0, 5), "item%d" % i) for i in range(30)]
for it in items:
    pq.put(it)
out = []
while not pq.empty():
    out.append(pq.get_nowait())
print(out == sorted(items), out[:4])

class Task:
    def __init__(self, prio, name):
        self.prio = prio
        self.name = name
    def __lt__(self, other):
        return self.prio < other.prio
pq = queue.PriorityQueue()
for p, n in [(3, "c"), (1, "a"), (2, "b"), (1, "a2"), (3, "c2"), (0, "z"), (2, "b2")]:
    pq.put(Task(p, n))
print([pq.get().name for _ in range(7)])

sq = queue.SimpleQueue()
def feed():
    for i in range(5):
        sq.put(i)
t = threading.Thread(target=feed)
t.start()
print([sq.get() for _ in range(5)])
t.join()
print(sq.empty(), sq.qsize())
try:
    sq.get(timeout=0.01)
except queue.Empty:
    print("Empty")
try:
    sq.get_nowait()
except queue.Empty:
    print("Empty nowait")

# Queue.join() waits for every task_done() from a worker.
q = queue.Queue()
processed = []
def worker():
    while True:
        item = q.get()
        processed.append(item)
        q.task_done()
threading.Thread(target=worker, daemon=True).start()
for i in range(20):
    q.put(i)
q.join()
print(processed == list(range(20)))
`,
  },
  {
    name: "reprs",
    stderr: "empty",
    source: String.raw`# The printed forms of the modules' objects and classes (addresses masked).
import threading
import queue
import concurrent.futures
from concurrent.futures import Future, CancelledError, TimeoutError, InvalidStateError

def strip(r):
    i = r.find(" at 0x")
    if i < 0:
        return r
    j = i + 6
    while j < len(r) and r[j] in "0123456789abcdef":
        j += 1
    return r[:i] + " at ADDR" + r[j:]

print(strip(repr(threading.Semaphore(2))))
print(strip(repr(threading.BoundedSemaphore(3))))
e = threading.Event()
print(strip(repr(e)))
e.set()
print(strip(repr(e)))
b = threading.Barrier(2)
print(strip(repr(b)))
b.abort()
print(strip(repr(b)))
print(strip(repr(threading.RLock())))
r = threading.RLock()
r.acquire()
r.acquire()
print(strip(repr(r)).replace(str(threading.get_ident()), "ME"))
print(strip(repr(threading.Condition(threading.Lock()))))
print(queue.Empty, queue.Full, threading.BrokenBarrierError, threading.Thread, threading.Timer)
print(CancelledError, TimeoutError, InvalidStateError)
print(concurrent.futures.ThreadPoolExecutor, concurrent.futures.Future)
f = Future()
print(strip(repr(f)))
f.set_result([1])
print(strip(repr(f)))
print(repr(threading.Thread(target=print, daemon=True)))
print(repr(threading.Timer(1, print)))
print(repr(queue.Empty()), repr(queue.Full()), repr(threading.BrokenBarrierError()))
try:
    queue.Queue().get_nowait()
except Exception as ex:
    print(type(ex), type(ex).__name__)
`,
  },
];

/** Prints which modules were loaded: our copies define `_gilvm = True`. */
const MARKER_PROGRAM = String.raw`import threading, queue, concurrent.futures, concurrent.futures.thread
print(getattr(threading, "_gilvm", False), getattr(queue, "_gilvm", False),
      getattr(concurrent.futures, "_gilvm", False))
print(concurrent.futures.ThreadPoolExecutor.__module__)
`;

let tmp = "";
let libCopy = "";

function programPath(name: string): string {
  // A prefix keeps the names clear of any module a program (or CPython) imports.
  return path.join(tmp, "programs", `prog_${name}.py`);
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "gilvm-lib-modules-"));
  libCopy = path.join(tmp, "lib");
  mkdirSync(libCopy);
  const lib = path.join(REPO_ROOT, "lib");
  const noCache = (src: string) => !src.includes("__pycache__");
  cpSync(path.join(lib, "threading.py"), path.join(libCopy, "threading.py"));
  cpSync(path.join(lib, "queue.py"), path.join(libCopy, "queue.py"));
  cpSync(path.join(lib, "concurrent"), path.join(libCopy, "concurrent"), { recursive: true, filter: noCache });
  mkdirSync(path.join(tmp, "programs"));
  for (const p of PROGRAMS) writeFileSync(programPath(p.name), p.source);
  writeFileSync(programPath("_marker"), MARKER_PROGRAM);
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface Timed extends RunResult {
  ms: number;
}

/** python3 -S FILE, with CPython's standard library (ours = false) or with our copies first. */
function python(name: string, ours: boolean): Timed {
  const start = performance.now();
  const r = runPython(["-S", programPath(name)], {
    cwd: tmp,
    timeoutMs: KILL_MS,
    env: ours ? { PYTHONPATH: libCopy } : { PYTHONPATH: "" },
  });
  return { ...r, ms: performance.now() - start };
}

const stdlibCache = new Map<string, Timed>();

/** CPython with its own modules: the expected output, computed once per program. */
function expected(name: string): Timed {
  let r = stdlibCache.get(name);
  if (!r) {
    r = python(name, false);
    stdlibCache.set(name, r);
  }
  return r;
}

function context(label: string, r: RunResult): string {
  const parts = [`${label}: status ${r.status}${r.signal ? `, signal ${r.signal}` : ""}`];
  if (r.error) parts.push(`error: ${r.error}`);
  if (r.stderr) parts.push(`stderr:\n${r.stderr.length > 3000 ? "..." + r.stderr.slice(-3000) : r.stderr}`);
  return parts.join("\n");
}

function checkStderr(rule: StderrRule, label: string, r: RunResult): void {
  if (rule === "empty") expect(r.stderr, context(label, r)).toBe("");
  if (rule === "exception") expect(r.stderr.startsWith("Exception in thread "), context(label, r)).toBe(true);
}

test("the test programs are at least 15, with distinct names", () => {
  expect(PROGRAMS.length).toBeGreaterThanOrEqual(15);
  expect(new Set(PROGRAMS.map((p) => p.name)).size).toBe(PROGRAMS.length);
});

describe.skipIf(!HAVE_PYTHON)("lib/ modules under CPython, against CPython's own", () => {
  test("PYTHONPATH loads our threading, queue and concurrent.futures; without it CPython's", () => {
    const ours = python("_marker", true);
    expect(ours.status, context("ours", ours)).toBe(0);
    expect(ours.stdout).toBe("True True True\nconcurrent.futures.thread\n");
    const std = python("_marker", false);
    expect(std.status, context("stdlib", std)).toBe(0);
    expect(std.stdout).toBe("False False False\nconcurrent.futures.thread\n");
  });

  for (const p of PROGRAMS) {
    test(p.name, () => {
      const std = expected(p.name);
      expect(std.status, context("python3 (stdlib)", std)).toBe(0);
      expect(std.stdout.length).toBeGreaterThan(0);
      checkStderr(p.stderr, "python3 (stdlib)", std);
      expect(std.ms, "the program is too slow under python3").toBeLessThan(PYTHON_LIMIT_MS);

      const ours = python(p.name, true);
      expect(ours.status, context("python3 (lib/)", ours)).toBe(0);
      expect(ours.stdout, context("python3 (lib/)", ours)).toBe(std.stdout);
      checkStderr(p.stderr, "python3 (lib/)", ours);
      expect(ours.ms, "the program is too slow under python3 with lib/").toBeLessThan(PYTHON_LIMIT_MS);
    });
  }
});

// The JS side (_thread, imports of lib/, threading._shutdown at exit) is enabled by its author.
describe.skipIf(!HAVE_PYTHON)("lib/ modules under gilvm, against CPython", () => {
  for (const p of PROGRAMS) {
    test(
      p.name,
      () => {
        const std = expected(p.name);
        expect(std.status, context("python3 (stdlib)", std)).toBe(0);
        const vm = runGilvm(["run", programPath(p.name)]);
        expect(vm.status, context("gilvm run", vm)).toBe(0);
        expect(vm.stdout, context("gilvm run", vm)).toBe(std.stdout);
        checkStderr(p.stderr, "gilvm run", vm);
      },
      GILVM_TEST_TIMEOUT_MS,
    );
  }
});
