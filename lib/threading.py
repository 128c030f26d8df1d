"""Thread module emulating a subset of Java's threading model (gilvm's version).

Written in the gilvm subset of Python 3, on top of the native `_thread` module, following the
structure of CPython 3.11's Lib/threading.py: the same classes, the same algorithms (the
waiter-lock Condition, the Condition-based Semaphore/Event/Barrier, thread shutdown through the
`_set_sentinel()` lock), so that programs behave as they do under CPython.

The subset has no property setters, so `Thread.name` and `Thread.daemon` are plain attributes
(as they were in older CPythons); `ident` and `native_id` are read-only properties.
"""

import sys as _sys
import _thread

_gilvm_set_name = getattr(_thread, "_gilvm_set_name", None)

from time import monotonic as _time

# Lets a test (or a curious user) tell this module from CPython's own threading.py.
_gilvm = True

__all__ = ['get_ident', 'active_count', 'Condition', 'current_thread',
           'enumerate', 'main_thread', 'TIMEOUT_MAX',
           'Event', 'Lock', 'RLock', 'Semaphore', 'BoundedSemaphore', 'Thread',
           'Barrier', 'BrokenBarrierError', 'Timer', 'ThreadError',
           'local', 'excepthook', 'ExceptHookArgs', 'get_native_id']

# Rename some stuff so "from threading import *" is safe
_start_new_thread = _thread.start_new_thread
_allocate_lock = _thread.allocate_lock
_set_sentinel = _thread._set_sentinel
get_ident = _thread.get_ident
ThreadError = _thread.error
TIMEOUT_MAX = _thread.TIMEOUT_MAX

# _thread.get_native_id is not part of the _thread gilvm promises; use it where it exists (it
# does under CPython), and fall back on the thread identifier otherwise.
try:
    get_native_id = _thread.get_native_id
except AttributeError:
    get_native_id = _thread.get_ident
del _thread


# Synchronization classes

# As in CPython 3.11, Lock is the factory of the native lock type.
Lock = _allocate_lock


class _RLock:
    """A reentrant lock: the thread that holds it may acquire it again; it is released when
    release() has been called as many times as acquire()."""

    def __init__(self):
        self._block = _allocate_lock()
        self._owner = None
        self._count = 0

    def __repr__(self):
        # The form of CPython's C RLock (the one CPython's threading.RLock() returns).
        owner = self._owner
        return "<%s _thread.RLock object owner=%d count=%d at %s>" % (
            "locked" if self._block.locked() else "unlocked",
            owner if owner is not None else 0,
            self._count,
            hex(id(self)))

    def acquire(self, blocking=True, timeout=-1):
        me = get_ident()
        if self._owner == me:
            # Only the owner ever gets here, so the count needs no lock of its own.
            self._count += 1
            return True
        rc = self._block.acquire(blocking, timeout)
        if rc:
            self._owner = me
            self._count = 1
        return rc

    __enter__ = acquire

    def release(self):
        if self._owner != get_ident():
            raise RuntimeError("cannot release un-acquired lock")
        count = self._count - 1
        self._count = count
        if not count:
            self._owner = None
            self._block.release()

    def __exit__(self, t, v, tb):
        self.release()

    # Internal methods used by Condition: wait() must release the lock completely, however
    # many times the thread acquired it, and restore the count when it wakes up.

    def _acquire_restore(self, state):
        self._block.acquire()
        self._count, self._owner = state

    def _release_save(self):
        if self._count == 0:
            raise RuntimeError("cannot release un-acquired lock")
        count = self._count
        self._count = 0
        owner = self._owner
        self._owner = None
        self._block.release()
        return (count, owner)

    def _is_owned(self):
        return self._owner == get_ident()


def RLock(*args, **kwargs):
    """Factory function that returns a new reentrant lock (as CPython's threading.RLock)."""
    return _RLock(*args, **kwargs)


class Condition:
    """Class that implements a condition variable.

    Each waiter blocks on a lock of its own (its "waiter lock"), acquired twice: notify()
    releases it. That needs nothing from the platform beyond plain locks.
    """

    def __init__(self, lock=None):
        if lock is None:
            lock = RLock()
        self._lock = lock
        # Export the lock's acquire() and release() methods
        self.acquire = lock.acquire
        self.release = lock.release
        # If the lock defines _release_save() and/or _acquire_restore(), these override the
        # default implementations (which just call release() and acquire() on the lock).
        # Ditto for _is_owned().
        try:
            self._release_save = lock._release_save
        except AttributeError:
            pass
        try:
            self._acquire_restore = lock._acquire_restore
        except AttributeError:
            pass
        try:
            self._is_owned = lock._is_owned
        except AttributeError:
            pass
        # A list is our deque: it is only touched with the lock held.
        self._waiters = []

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def __repr__(self):
        return "<Condition(%s, %d)>" % (self._lock, len(self._waiters))

    def _release_save(self):
        self._lock.release()           # No state to save

    def _acquire_restore(self, x):
        self._lock.acquire()           # Ignore saved state

    def _is_owned(self):
        # Return True if lock is owned by current_thread.
        # This method is called only if _lock doesn't have _is_owned().
        if self._lock.acquire(False):
            self._lock.release()
            return False
        else:
            return True

    def wait(self, timeout=None):
        """Release the lock, block until notified or until the timeout, re-acquire the lock.
        Returns False on a timeout, True otherwise."""
        if not self._is_owned():
            raise RuntimeError("cannot wait on un-acquired lock")
        waiter = _allocate_lock()
        waiter.acquire()
        self._waiters.append(waiter)
        saved_state = self._release_save()
        gotit = False
        try:    # restore state no matter what (e.g., KeyboardInterrupt)
            if timeout is None:
                waiter.acquire()
                gotit = True
            else:
                if timeout > 0:
                    gotit = waiter.acquire(True, timeout)
                else:
                    gotit = waiter.acquire(False)
            return gotit
        finally:
            self._acquire_restore(saved_state)
            if not gotit:
                # Timed out: nobody released our waiter lock, so take it off the list.
                try:
                    self._waiters.remove(waiter)
                except ValueError:
                    pass

    def wait_for(self, predicate, timeout=None):
        """Wait until a condition evaluates to True; returns the predicate's last value."""
        endtime = None
        waittime = timeout
        result = predicate()
        while not result:
            if waittime is not None:
                if endtime is None:
                    endtime = _time() + waittime
                else:
                    waittime = endtime - _time()
                    if waittime <= 0:
                        break
            self.wait(waittime)
            result = predicate()
        return result

    def notify(self, n=1):
        """Wake up at most n of the threads waiting on this condition."""
        if not self._is_owned():
            raise RuntimeError("cannot notify on un-acquired lock")
        waiters = self._waiters
        while waiters and n > 0:
            waiter = waiters[0]
            try:
                waiter.release()
            except RuntimeError:
                # A previous notify() released this waiter but was interrupted before it
                # removed it from the list.
                pass
            else:
                n -= 1
            try:
                waiters.remove(waiter)
            except ValueError:
                pass

    def notify_all(self):
        """Wake up all threads waiting on this condition."""
        self.notify(len(self._waiters))

    def notifyAll(self):
        """Deprecated alias of notify_all()."""
        self.notify_all()


class Semaphore:
    """A counter of release() calls minus acquire() calls plus an initial value; acquire()
    blocks while the counter is zero."""

    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        self._cond = Condition(Lock())
        self._value = value

    def __repr__(self):
        cls = self.__class__
        return "<%s.%s at %s: value=%s>" % (cls.__module__, cls.__name__, hex(id(self)),
                                            self._value)

    def acquire(self, blocking=True, timeout=None):
        if not blocking and timeout is not None:
            raise ValueError("can't specify timeout for non-blocking acquire")
        rc = False
        endtime = None
        with self._cond:
            while self._value == 0:
                if not blocking:
                    break
                if timeout is not None:
                    if endtime is None:
                        endtime = _time() + timeout
                    else:
                        timeout = endtime - _time()
                        if timeout <= 0:
                            break
                self._cond.wait(timeout)
            else:
                self._value -= 1
                rc = True
        return rc

    __enter__ = acquire

    def release(self, n=1):
        if n < 1:
            raise ValueError('n must be one or more')
        with self._cond:
            self._value += n
            for i in range(n):
                self._cond.notify()

    def __exit__(self, t, v, tb):
        self.release()


class BoundedSemaphore(Semaphore):
    """A semaphore whose release() raises ValueError if the counter would go above its
    initial value."""

    def __init__(self, value=1):
        Semaphore.__init__(self, value)
        self._initial_value = value

    def __repr__(self):
        cls = self.__class__
        return "<%s.%s at %s: value=%s/%s>" % (cls.__module__, cls.__name__, hex(id(self)),
                                               self._value, self._initial_value)

    def release(self, n=1):
        if n < 1:
            raise ValueError('n must be one or more')
        with self._cond:
            if self._value + n > self._initial_value:
                raise ValueError("Semaphore released too many times")
            self._value += n
            for i in range(n):
                self._cond.notify()


class Event:
    """A flag that threads can wait on until another thread sets it."""

    def __init__(self):
        self._cond = Condition(Lock())
        self._flag = False

    def __repr__(self):
        cls = self.__class__
        status = 'set' if self._flag else 'unset'
        return "<%s.%s at %s: %s>" % (cls.__module__, cls.__name__, hex(id(self)), status)

    def is_set(self):
        return self._flag

    def isSet(self):
        """Deprecated alias of is_set()."""
        return self.is_set()

    def set(self):
        with self._cond:
            self._flag = True
            self._cond.notify_all()

    def clear(self):
        with self._cond:
            self._flag = False

    def wait(self, timeout=None):
        """Block until the flag is true or the timeout passes; returns the flag."""
        with self._cond:
            signaled = self._flag
            if not signaled:
                signaled = self._cond.wait(timeout)
            return signaled


# A cyclic barrier. As CPython's, it has two main states, 'filling' (0) and 'draining' (1), so
# that no thread enters the next cycle before every thread has left the previous one; a
# 'resetting' state (-1), like draining except that the threads leave with BrokenBarrierError;
# and a 'broken' state (-2) in which every wait() raises it.
class Barrier:
    """Makes `parties` threads wait for each other: wait() returns once all have called it."""

    def __init__(self, parties, action=None, timeout=None):
        self._cond = Condition(Lock())
        self._action = action
        self._timeout = timeout
        self._parties = parties
        self._state = 0  # 0 filling, 1 draining, -1 resetting, -2 broken
        self._count = 0

    def __repr__(self):
        cls = self.__class__
        if self.broken:
            return "<%s.%s at %s: broken>" % (cls.__module__, cls.__name__, hex(id(self)))
        return "<%s.%s at %s: waiters=%s/%s>" % (cls.__module__, cls.__name__, hex(id(self)),
                                                 self.n_waiting, self.parties)

    def wait(self, timeout=None):
        """Wait for the barrier; returns an index from 0 to parties-1, different for every
        thread of a cycle (the last to arrive gets parties-1 and runs the action)."""
        if timeout is None:
            timeout = self._timeout
        with self._cond:
            self._enter() # Block while the barrier drains.
            index = self._count
            self._count += 1
            try:
                if index + 1 == self._parties:
                    # We release the barrier
                    self._release()
                else:
                    # We wait until someone releases us
                    self._wait(timeout)
                return index
            finally:
                self._count -= 1
                # Wake up any threads waiting for barrier to drain.
                self._exit()

    def _enter(self):
        # Block until the barrier is ready for us, or raise if it is broken.
        while self._state in (-1, 1):
            # It is draining or resetting, wait until done
            self._cond.wait()
        if self._state < 0:
            raise BrokenBarrierError
        assert self._state == 0

    def _release(self):
        # Optionally run the action, then release the waiting threads.
        try:
            if self._action:
                self._action()
            # enter draining state
            self._state = 1
            self._cond.notify_all()
        except BaseException:
            # An exception in the action breaks the barrier, and goes on up.
            self._break()
            raise

    def _wait(self, timeout):
        # Wait in the barrier until released; raise if it is reset or broken meanwhile.
        if not self._cond.wait_for(lambda: self._state != 0, timeout):
            # timed out.  Break the barrier
            self._break()
            raise BrokenBarrierError
        if self._state < 0:
            raise BrokenBarrierError
        assert self._state == 1

    def _exit(self):
        # The last thread out of a draining/resetting barrier lets the next cycle in.
        if self._count == 0:
            if self._state in (-1, 1):
                self._state = 0
                self._cond.notify_all()

    def reset(self):
        """Reset the barrier; threads waiting in it get BrokenBarrierError."""
        with self._cond:
            if self._count > 0:
                if self._state == 0:
                    # reset the barrier, waking up threads
                    self._state = -1
                elif self._state == -2:
                    # was broken, set it to reset state which clears when the last thread exits
                    self._state = -1
            else:
                self._state = 0
            self._cond.notify_all()

    def abort(self):
        """Put the barrier in the broken state."""
        with self._cond:
            self._break()

    def _break(self):
        self._state = -2
        self._cond.notify_all()

    @property
    def parties(self):
        return self._parties

    @property
    def n_waiting(self):
        # No lock: the value is ephemeral anyway.
        if self._state == 0:
            return self._count
        return 0

    @property
    def broken(self):
        return self._state == -2


class BrokenBarrierError(RuntimeError):
    pass


# Helper to generate new thread names: "Thread-1", "Thread-2", ... one counter for all threads
# (CPython's itertools.count; a lock makes our counter as atomic).
_counter_lock = _allocate_lock()
_counter_value = 0

def _newname(name_template):
    global _counter_value
    with _counter_lock:
        _counter_value += 1
        n = _counter_value
    return name_template % n


# Active thread administration. Nothing called with this lock held takes it again, so a plain
# lock does (CPython's is an RLock).
_active_limbo_lock = _allocate_lock()
_active = {}    # maps thread id to Thread object
_limbo = {}     # threads started whose bootstrap has not registered them yet

# The _set_sentinel() locks of the non-daemon threads, which _shutdown() waits on. A list, not
# a set: we need no hashing of native locks.
_shutdown_locks_lock = _allocate_lock()
_shutdown_locks = []

def _maintain_shutdown_locks():
    # Drop the locks of threads that have exited (their lock was released), so that the list
    # does not grow when threads are never joined. Called with _shutdown_locks_lock held.
    global _shutdown_locks
    _shutdown_locks = [lock for lock in _shutdown_locks if lock.locked()]


class ExceptHookArgs:
    """The argument of threading.excepthook: exc_type, exc_value, exc_traceback, thread."""

    def __init__(self, args):
        self.exc_type, self.exc_value, self.exc_traceback, self.thread = args

    def __iter__(self):
        return iter((self.exc_type, self.exc_value, self.exc_traceback, self.thread))

    def __len__(self):
        return 4

    def __getitem__(self, i):
        return (self.exc_type, self.exc_value, self.exc_traceback, self.thread)[i]


def excepthook(args, /):
    """Handle an exception that escaped Thread.run(): print it on stderr, as CPython's default
    (SystemExit is silently ignored)."""
    if args.exc_type is SystemExit:
        return
    if args.thread is not None:
        name = args.thread.name
    else:
        name = get_ident()
    stderr = _sys.stderr
    print("Exception in thread %s:" % name, file=stderr, flush=True)
    _sys.excepthook(args.exc_type, args.exc_value, args.exc_traceback)
    stderr.flush()

# Original value of threading.excepthook
__excepthook__ = excepthook


def _invoke_excepthook(thread, exc):
    # Looked up at each call: a program may have replaced threading.excepthook.
    hook = excepthook
    if hook is None:
        hook = __excepthook__
    try:
        hook(ExceptHookArgs([type(exc), exc, exc.__traceback__, thread]))
    except Exception as hook_exc:
        print("Exception in threading.excepthook:", file=_sys.stderr, flush=True)
        _sys.excepthook(type(hook_exc), hook_exc, hook_exc.__traceback__)


# Main class for threads

class Thread:
    """A thread of control: pass a callable as target, or subclass and override run()."""

    _initialized = False

    def __init__(self, group=None, target=None, name=None,
                 args=(), kwargs=None, *, daemon=None):
        assert group is None, "group argument must be None for now"
        if kwargs is None:
            kwargs = {}
        if name:
            name = str(name)
        else:
            # "Thread-N", and since 3.10 "Thread-N (target_name)".
            name = _newname("Thread-%d")
            if target is not None:
                try:
                    target_name = target.__name__
                    name += " (%s)" % target_name
                except AttributeError:
                    pass

        self._target = target
        self.name = name
        self._args = args
        self._kwargs = kwargs
        if daemon is not None:
            self.daemon = daemon
        else:
            # Inherited from the creating thread.
            self.daemon = current_thread().daemon
        self._ident = None
        self._native_id = None
        self._tstate_lock = None
        self._started = Event()
        self._is_stopped = False
        # This thread's threading.local dicts (see local below), keyed by local instance.
        self._locals = {}
        self._initialized = True

    def __repr__(self):
        assert self._initialized, "Thread.__init__() was not called"
        status = "initial"
        if self._started.is_set():
            status = "started"
        self.is_alive() # easy way to get ._is_stopped set when appropriate
        if self._is_stopped:
            status = "stopped"
        if self.daemon:
            status += " daemon"
        if self._ident is not None:
            status += " %s" % self._ident
        return "<%s(%s, %s)>" % (self.__class__.__name__, self.name, status)

    def start(self):
        """Start the thread's activity: run() in a new thread. At most once per object."""
        if not self._initialized:
            raise RuntimeError("thread.__init__() not called")

        if self._started.is_set():
            raise RuntimeError("threads can only be started once")

        with _active_limbo_lock:
            _limbo[self] = self
        try:
            _start_new_thread(self._bootstrap, ())
        except Exception:
            with _active_limbo_lock:
                del _limbo[self]
            raise
        # Return only once the thread runs: is_alive() is true from here on.
        self._started.wait()

    def run(self):
        """The thread's activity; the default calls target(*args, **kwargs)."""
        try:
            if self._target is not None:
                self._target(*self._args, **self._kwargs)
        finally:
            # Avoid a refcycle if the thread is running a function with an argument that has
            # a member that points to the thread.
            del self._target, self._args, self._kwargs

    def _bootstrap(self):
        self._bootstrap_inner()

    def _set_ident(self):
        self._ident = get_ident()

    def _set_native_id(self):
        self._native_id = get_native_id()

    def _set_tstate_lock(self):
        # A lock the runtime releases when this thread has exited: join() waits on it.
        # CPython's _set_sentinel() hands it over unlocked and the thread acquires it; a
        # runtime that hands it over already held by the caller is fine too, hence the
        # non-blocking acquire.
        self._tstate_lock = _set_sentinel()
        self._tstate_lock.acquire(False)

        if not self.daemon:
            with _shutdown_locks_lock:
                _maintain_shutdown_locks()
                _shutdown_locks.append(self._tstate_lock)

    def _bootstrap_inner(self):
        try:
            self._set_ident()
            # gilvm: name the thread in the shared heap, for deadlock reports and --trace lanes
            if _gilvm_set_name is not None:
                _gilvm_set_name(self.name)
            self._set_tstate_lock()
            self._set_native_id()
            self._started.set()
            with _active_limbo_lock:
                _active[self._ident] = self
                del _limbo[self]

            try:
                self.run()
            except BaseException as e:
                _invoke_excepthook(self, e)
        finally:
            # The thread is over: its thread-local values go (CPython drops them too).
            self._locals = {}
            self._delete()

    def _stop(self):
        # After _stop(), is_alive() is False and join() returns at once. The tstate lock must
        # have been released (by the runtime at the thread's end) before.
        self._is_stopped = True
        self._tstate_lock = None
        if not self.daemon:
            with _shutdown_locks_lock:
                _maintain_shutdown_locks()

    def _delete(self):
        # Remove the current thread from the dict of running threads.
        with _active_limbo_lock:
            del _active[get_ident()]

    def join(self, timeout=None):
        """Wait until the thread terminates, or the timeout (seconds) passes; returns None
        either way (is_alive() tells which)."""
        if not self._initialized:
            raise RuntimeError("Thread.__init__() not called")
        if not self._started.is_set():
            raise RuntimeError("cannot join thread before it is started")
        if self is current_thread():
            raise RuntimeError("cannot join current thread")

        if timeout is None:
            self._wait_for_tstate_lock()
        else:
            # a negative timeout acts as 0, as CPython
            self._wait_for_tstate_lock(timeout=max(timeout, 0))

    def _wait_for_tstate_lock(self, block=True, timeout=-1):
        # Getting the tstate lock means the thread has exited; then mark it stopped.
        lock = self._tstate_lock
        if lock is None:
            # already determined that the thread is done
            assert self._is_stopped
            return

        try:
            if lock.acquire(block, timeout):
                lock.release()
                self._stop()
        except BaseException:
            if lock.locked():
                # acquired, but interrupted before the release()
                lock.release()
                self._stop()
            raise

    @property
    def ident(self):
        """Thread identifier of this thread, or None if it has not been started."""
        return self._ident

    @property
    def native_id(self):
        """Native thread id of this thread, or None if it has not been started."""
        return self._native_id

    def is_alive(self):
        """True from just before run() starts until just after it ends."""
        assert self._initialized, "Thread.__init__() not called"
        if self._is_stopped or not self._started.is_set():
            return False
        self._wait_for_tstate_lock(False)
        return not self._is_stopped

    def isDaemon(self):
        return self.daemon

    def setDaemon(self, daemonic):
        if self._started.is_set():
            raise RuntimeError("cannot set daemon status of active thread")
        self.daemon = daemonic

    def getName(self):
        return self.name

    def setName(self, name):
        self.name = str(name)


class Timer(Thread):
    """Call a function after a number of seconds, unless cancel() was called first."""

    def __init__(self, interval, function, args=None, kwargs=None):
        Thread.__init__(self)
        self.interval = interval
        self.function = function
        self.args = args if args is not None else []
        self.kwargs = kwargs if kwargs is not None else {}
        self.finished = Event()

    def cancel(self):
        """Stop the timer if it hasn't finished yet."""
        self.finished.set()

    def run(self):
        self.finished.wait(self.interval)
        if not self.finished.is_set():
            self.function(*self.args, **self.kwargs)
        self.finished.set()


class _MainThread(Thread):
    # The thread that imported threading (the program's main thread).

    def __init__(self):
        Thread.__init__(self, name="MainThread", daemon=False)
        self._set_tstate_lock()
        self._started.set()
        self._set_ident()
        self._set_native_id()
        with _active_limbo_lock:
            _active[self._ident] = self


class _DummyThread(Thread):
    # Stands for a thread not started by this module (_thread.start_new_thread): it is a
    # daemon, never seen to die, and cannot be joined.

    def __init__(self):
        Thread.__init__(self, name=_newname("Dummy-%d"), daemon=True)
        self._started.set()
        self._set_ident()
        self._set_native_id()
        with _active_limbo_lock:
            _active[self._ident] = self

    def _stop(self):
        pass

    def is_alive(self):
        assert not self._is_stopped and self._started.is_set()
        return True

    def join(self, timeout=None):
        assert False, "cannot join a dummy thread"


# Global API functions

def current_thread():
    """The Thread object of the calling thread (a dummy one for threads not started here)."""
    try:
        return _active[get_ident()]
    except KeyError:
        return _DummyThread()

def currentThread():
    """Deprecated alias of current_thread()."""
    return current_thread()

def active_count():
    """The number of Thread objects currently alive (len(enumerate()))."""
    with _active_limbo_lock:
        return len(_active) + len(_limbo)

def activeCount():
    """Deprecated alias of active_count()."""
    return active_count()

def _enumerate():
    # Same as enumerate(), but without the lock. Internal use only.
    return list(_active.values()) + list(_limbo.values())

def enumerate():
    """The list of all Thread objects currently alive."""
    with _active_limbo_lock:
        return list(_active.values()) + list(_limbo.values())


_threading_atexits = []
_SHUTTING_DOWN = False

def _register_atexit(func, *arg, **kwargs):
    """Register func(*arg, **kwargs) to be called by _shutdown() before it joins the threads
    (in reverse order of registration, as atexit). concurrent.futures uses it."""
    if _SHUTTING_DOWN:
        raise RuntimeError("can't register atexit after shutdown")

    def call():
        func(*arg, **kwargs)
    _threading_atexits.append(call)


# Create the main thread object
_main_thread = _MainThread()

def _shutdown():
    """Called by the runtime when the main module is done: wait until every non-daemon thread
    has exited (daemon threads are left to be stopped by the runtime)."""
    if _main_thread._is_stopped:
        # _shutdown() was already called
        return

    global _SHUTTING_DOWN
    _SHUTTING_DOWN = True

    # Call registered threading atexit functions before threads are joined.
    for atexit_call in reversed(_threading_atexits):
        atexit_call()

    # Mark the main thread stopped (other threads may be waiting to join it): release its
    # sentinel lock ourselves, the runtime will not do it before the very end.
    if _main_thread.ident == get_ident():
        tlock = _main_thread._tstate_lock
        assert tlock is not None
        assert tlock.locked()
        tlock.release()
        _main_thread._stop()

    # Join all non-daemon threads
    global _shutdown_locks
    while True:
        with _shutdown_locks_lock:
            locks = _shutdown_locks
            _shutdown_locks = []

        if not locks:
            break

        for lock in locks:
            # mimic Thread.join()
            lock.acquire()
            lock.release()

        # new threads can be spawned while we were waiting for the other threads to complete


def main_thread():
    """The main Thread object."""
    return _main_thread


# Thread-local data.
#
# gilvm has no __getattribute__ and no __new__, so a local keeps nothing but its bookkeeping in
# its own __dict__, and __getattr__/__setattr__ (consulted only when an ordinary lookup fails,
# and for every assignment) redirect to a dict of the current thread, kept on its Thread object
# (so that it goes with the thread). Consequences:
#   - attributes of the class (methods, class attributes of a subclass) are found before the
#     per-thread values, so assigning to such a name raises AttributeError instead of
#     shadowing it silently;
#   - self.__dict__ is not per-thread;
#   - `del obj.attr` needs a runtime that calls __delattr__ (CPython does);
#   - a subclass's __init__ runs again in each new thread that touches the object (as
#     CPython's), with the arguments local.__init__ received: those of the construction when
#     the subclass passes them to super().__init__(), none otherwise.

_local_lock = _allocate_lock()


class _localimpl:
    # The bookkeeping of one local object; also the key of its dict in each thread's _locals
    # (hashed by identity, whatever the subclass of local defines).
    def __init__(self, args, kw):
        self.localargs = (args, kw)


class local:
    """Per-thread attributes: each thread sees the values it set itself."""

    def __init__(self, *args, **kw):
        if (args or kw) and type(self).__init__ is local.__init__:
            raise TypeError("Initialization arguments are not supported")
        impl = local._local__get_impl(self)
        impl.localargs = (args, kw)
        # The constructing thread has its dict from the start.
        mine = current_thread()._locals
        if impl not in mine:
            mine[impl] = {}

    def _local__get_impl(self):
        # The object's _localimpl, made by the first thread that needs it.
        d = self.__dict__
        with _local_lock:
            impl = d.get("_local__impl")
            if impl is None:
                impl = _localimpl((), {})
                d["_local__impl"] = impl
        return impl

    def _local__dict(self):
        # This thread's dict, created (and a subclass __init__ replayed) on first use.
        mine = current_thread()._locals
        impl = self.__dict__.get("_local__impl")
        if impl is not None:
            dct = mine.get(impl)
            if dct is not None:
                return dct
            replay = True
        else:
            # Nothing touched the object before: we are in its constructor (a subclass
            # __init__ that did not call local.__init__), which need not run again.
            impl = local._local__get_impl(self)
            replay = False
        dct = {}
        mine[impl] = dct
        if replay and type(self).__init__ is not local.__init__:
            args, kw = impl.localargs
            self.__init__(*args, **kw)
        return dct

    def __getattr__(self, name):
        if name.startswith("_local__"):
            raise AttributeError(name)
        dct = local._local__dict(self)
        if name in dct:
            return dct[name]
        raise AttributeError("'%s' object has no attribute '%s'" % (type(self).__name__, name))

    def __setattr__(self, name, value):
        if name == '__dict__' or name.startswith("_local__"):
            raise AttributeError(
                "%r object attribute '%s' is read-only" % (self.__class__.__name__, name))
        if hasattr(type(self), name):
            raise AttributeError(
                "gilvm's threading.local cannot give '%s' a per-thread value: the class has an "
                "attribute of that name" % name)
        local._local__dict(self)[name] = value

    def __delattr__(self, name):
        if name == '__dict__' or name.startswith("_local__"):
            raise AttributeError(
                "%r object attribute '%s' is read-only" % (self.__class__.__name__, name))
        dct = local._local__dict(self)
        if name not in dct:
            raise AttributeError(name)
        del dct[name]
