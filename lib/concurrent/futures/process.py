"""Implements ProcessPoolExecutor (gilvm's version of CPython 3.11's
Lib/concurrent/futures/process.py).

Each worker is a child process: its own gilvm, with its own heap, running the same program. The
child imports the program's main file as module __mp_main__ (as CPython's "spawn" start method
does, so the `if __name__ == "__main__":` block does not run there) and then serves calls: the
function goes by its module-level name, as pickle sends it, and the arguments and the result are
copied across in gilvm's own format (None, bool, int, float, str, tuple, list, dict, set,
frozenset, and module-level functions and classes by name; see vm/process_codec.ts).

Where CPython has one manager thread and queues over pipes, gilvm has one thread per child
process, which sends it a call and waits (with the GIL released) for the answer. The native
layer is _gilvm_process (vm/modules/process.ts).
"""

import os
import queue
import threading

import _gilvm_process
from concurrent.futures import _base


class PicklingError(Exception):
    """A function or class cannot be sent by name: the child process would not find it
    (CPython raises pickle.PicklingError)."""
    # named as CPython's, in tracebacks too (it is sent back by name: see _send_error)
    __module__ = "_pickle"


class _RemoteTraceback(Exception):
    """The traceback of an exception raised in a child process: the __cause__ of the exception
    re-raised in the parent."""

    def __init__(self, tb):
        self.tb = tb

    def __str__(self):
        return self.tb


class BrokenProcessPool(_base.BrokenExecutor):
    """
    Raised when a process in a ProcessPoolExecutor terminated abruptly
    while a future was in the running state.
    """


_BROKEN_POOL = 'A child process terminated abruptly, the process pool is not usable anymore'
_BROKEN_FUTURE = ('A process in the process pool was terminated abruptly '
                  'while the future was running or pending.')
_BOOTSTRAP_ERROR = '''
        A new process was asked for while this process was still starting up:
        a pool process imports the program's main file again, so the code
        that submits work to a ProcessPoolExecutor must sit under

            if __name__ == '__main__':

        (see "Safe importing of main module" in the multiprocessing docs).'''

# The work queue of every live feeder thread (a feeder takes itself out when it exits).
_threads_queues = {}
_global_shutdown = False
# Held while mutating _threads_queues and _global_shutdown.
_global_shutdown_lock = threading.Lock()

# Set in a pool's child process: while its copy of the main module is being imported, no pool
# may start processes (it would start them again in every child, without end).
_bootstrapping = False


def _python_exit():
    global _global_shutdown
    with _global_shutdown_lock:
        _global_shutdown = True
        items = list(_threads_queues.items())
    for t, q in items:
        q.put(None)
    for t, q in items:
        t.join()

# Called by threading._shutdown() before it joins the non-daemon threads (the feeders are such
# threads): every feeder finishes the queued work, says goodbye to its child, and exits.
threading._register_atexit(_python_exit)


class _WorkItem(object):
    def __init__(self, future, fn, args, kwargs):
        self.future = future
        self.fn = fn
        self.args = args
        self.kwargs = kwargs


def _rebuild_exception(exc_type, exc_args, text):
    """The exception a call raised in a child: of the same class when it can be made again here,
    else a RuntimeError with the child's traceback; its __cause__ shows that traceback."""
    exc = None
    if exc_type == "PicklingError":
        exc_type = PicklingError
    if isinstance(exc_type, type) and issubclass(exc_type, BaseException):
        try:
            exc = exc_type(*exc_args)
        except BaseException:
            exc = None
    if exc is None:
        exc = RuntimeError('exception in a pool process:\n' + text)
    _gilvm_process.set_cause(exc, _RemoteTraceback('\n"""\n%s"""' % text))
    return exc


# ---- the parent's side: one feeder thread per child process ----------------------------------

def _start_child(executor):
    """Starts a child process and waits until it is ready (its copy of the main module has
    been imported). Returns its pid; EOFError if it died meanwhile."""
    pid = _gilvm_process.spawn()
    try:
        reply = _gilvm_process.recv(pid)
        if reply != ("ready",):
            raise EOFError("unexpected first message from a pool process: %r" % (reply,))
        if executor._initializer is not None:
            _gilvm_process.send(pid, ("init", executor._initializer, executor._initargs),
                                PicklingError)
    except BaseException:
        _gilvm_process.kill(pid)
        _gilvm_process.close(pid, None)
        raise
    executor._add_child(pid)
    return pid


def _retire_child(executor, pid):
    """Says goodbye to a child: it answers with its peak memory and exits."""
    peak_rss = None
    try:
        _gilvm_process.send(pid, ("exit",), PicklingError)
        reply = _gilvm_process.recv(pid)
        if reply[0] == "bye":
            peak_rss = reply[1]
    except EOFError:
        pass
    executor._remove_child(pid)
    _gilvm_process.close(pid, peak_rss)


def _lose_child(executor, pid):
    """A child that died: its channel is closed and the pool is broken."""
    executor._remove_child(pid)
    _gilvm_process.close(pid, None)
    executor._mark_broken()


def _call_in_child(executor, pid, work_item):
    """Runs one call in the child; sets its future. False if the child has died: then the pool
    is marked broken before the future fails, as CPython's terminate_broken does, so a caller
    woken by that failure finds the pool broken."""
    future = work_item.future
    try:
        _gilvm_process.send(pid, ("call", work_item.fn, work_item.args, work_item.kwargs),
                            PicklingError)
    except EOFError:
        _lose_child(executor, pid)
        future.set_exception(BrokenProcessPool(_BROKEN_FUTURE))
        return False
    except BaseException as exc:
        # the call could not be sent (a pickling error): it fails alone, with this thread's
        # traceback as its cause, as in CPython
        _gilvm_process.set_cause(exc, _RemoteTraceback(
            '\n"""\n%s"""' % _gilvm_process.format_exception(exc)))
        future.set_exception(exc)
        return True
    try:
        reply = _gilvm_process.recv(pid)
    except EOFError:
        _lose_child(executor, pid)
        future.set_exception(BrokenProcessPool(_BROKEN_FUTURE))
        return False
    except BaseException as exc:
        # the result came, but cannot be made here (a class this process does not have)
        future.set_exception(exc)
        return True
    if reply[0] == "ok":
        future.set_result(reply[1])
    else:
        future.set_exception(_rebuild_exception(reply[1], reply[2], reply[3]))
    return True


def _feed_child(executor, work_queue):
    pid = None
    calls = 0
    try:
        while True:
            work_item = work_queue.get(block=True)
            if work_item is None:
                # Exit if the interpreter is shutting down or the executor has been shut down
                # (or broken); pass the wake-up on to the other feeders.
                if _global_shutdown or executor._shutdown_thread or executor._broken:
                    work_queue.put(None)
                    return
                continue
            if not work_item.future.set_running_or_notify_cancel():
                executor._idle_semaphore.release()
                continue
            if pid is None:
                try:
                    pid = _start_child(executor)
                except BaseException as exc:
                    # the child died while starting (or could not be started, or its
                    # initializer could not be sent): the pool is broken
                    if isinstance(exc, EOFError):
                        exc = BrokenProcessPool(_BROKEN_FUTURE)
                    work_item.future.set_exception(exc)
                    executor._mark_broken()
                    return
                calls = 0
            alive = _call_in_child(executor, pid, work_item)
            del work_item
            if not alive:
                pid = None
                return
            calls += 1
            if executor._max_tasks_per_child is not None and calls >= executor._max_tasks_per_child:
                _retire_child(executor, pid)
                pid = None
            # one more idle feeder: the next submit() need not start a process
            executor._idle_semaphore.release()
    except BaseException as exc:
        _base._log_exception('Exception in a ProcessPoolExecutor feeder thread', exc)
    finally:
        if pid is not None:
            _retire_child(executor, pid)
        with _global_shutdown_lock:
            _threads_queues.pop(threading.current_thread(), None)


# Used to give each pool's threads their own names (itertools.count, made atomic with a lock).
_counter_lock = threading.Lock()
_counter_value = -1

def _next_executor_number():
    global _counter_value
    with _counter_lock:
        _counter_value += 1
        return _counter_value


def _get_chunks(*iterables, chunksize):
    """Iterates over zip()ed iterables in tuples of at most chunksize argument tuples."""
    chunk = []
    for args in zip(*iterables):
        chunk.append(args)
        if len(chunk) == chunksize:
            yield tuple(chunk)
            chunk = []
    if chunk:
        yield tuple(chunk)


def _process_chunk(fn, chunk):
    """Runs in a child: the results of fn over one chunk of argument tuples."""
    return [fn(*args) for args in chunk]


def _chain_from_iterable_of_lists(iterable):
    """The items of each list in turn (the lists are emptied: nothing is held longer than
    needed)."""
    for element in iterable:
        element.reverse()
        while element:
            yield element.pop()


class ProcessPoolExecutor(_base.Executor):
    def __init__(self, max_workers=None, mp_context=None,
                 initializer=None, initargs=(), *, max_tasks_per_child=None):
        """Initializes a new ProcessPoolExecutor instance.

        Args:
            max_workers: The maximum number of processes that can be used to
                execute the given calls. If None or not given then as many
                worker processes will be created as the machine has processors.
            mp_context: gilvm has no multiprocessing contexts: children always start as
                CPython's "spawn" method starts them. Must be None.
            initializer: A callable used to initialize worker processes.
            initargs: A tuple of arguments to pass to the initializer.
            max_tasks_per_child: The maximum number of tasks a worker process
                can complete before it will exit and be replaced with a fresh
                worker process.
        """
        if max_workers is None:
            self._max_workers = os.cpu_count() or 1
        else:
            if max_workers <= 0:
                raise ValueError("max_workers must be greater than 0")
            self._max_workers = max_workers

        if mp_context is not None:
            raise ValueError("gilvm has no multiprocessing contexts: mp_context must be None "
                             "(children always start as with the 'spawn' method)")

        if initializer is not None and not callable(initializer):
            raise TypeError("initializer must be a callable")

        if max_tasks_per_child is not None:
            if not isinstance(max_tasks_per_child, int):
                raise TypeError("max_tasks_per_child must be an integer")
            elif max_tasks_per_child <= 0:
                raise ValueError("max_tasks_per_child must be >= 1")

        self._initializer = initializer
        self._initargs = initargs
        self._max_tasks_per_child = max_tasks_per_child
        self._work_queue = queue.SimpleQueue()
        self._idle_semaphore = threading.Semaphore(0)
        self._feeders = set()
        self._children = set()
        self._broken = False
        self._shutdown_thread = False
        self._shutdown_lock = threading.Lock()
        self._thread_name_prefix = "ProcessPoolExecutor-%d" % _next_executor_number()

    def submit(self, fn, /, *args, **kwargs):
        """Schedules fn(*args, **kwargs) in a child process; returns a Future for it."""
        with self._shutdown_lock, _global_shutdown_lock:
            if self._broken:
                raise BrokenProcessPool(self._broken)
            if self._shutdown_thread:
                raise RuntimeError('cannot schedule new futures after shutdown')
            if _global_shutdown:
                raise RuntimeError('cannot schedule new futures after '
                                   'interpreter shutdown')
            if _bootstrapping:
                raise RuntimeError(_BOOTSTRAP_ERROR)

            f = _base.Future()
            w = _WorkItem(f, fn, args, kwargs)

            self._work_queue.put(w)
            self._adjust_process_count()
            return f

    def _adjust_process_count(self):
        # an idle feeder (with its process) takes the work: start no other
        if self._idle_semaphore.acquire(timeout=0):
            return

        num_feeders = len(self._feeders)
        if num_feeders < self._max_workers:
            thread_name = '%s_%d' % (self._thread_name_prefix, num_feeders)
            t = threading.Thread(name=thread_name, target=_feed_child,
                                 args=(self, self._work_queue))
            t.start()
            self._feeders.add(t)
            _threads_queues[t] = self._work_queue

    def _add_child(self, pid):
        with self._shutdown_lock:
            self._children.add(pid)
            broken = self._broken
        if broken:
            _gilvm_process.kill(pid)

    def _remove_child(self, pid):
        with self._shutdown_lock:
            self._children.discard(pid)

    def _mark_broken(self):
        """A child died: the pool is not usable any more. The work not started fails, and the
        other children are stopped (their calls fail too), as CPython does."""
        with self._shutdown_lock:
            if self._broken:
                return
            self._broken = _BROKEN_POOL
            children = list(self._children)
            for work_item in self._take_waiting_work():
                work_item.future.set_exception(BrokenProcessPool(_BROKEN_FUTURE))
            self._work_queue.put(None)
        for pid in children:
            _gilvm_process.kill(pid)

    def _take_waiting_work(self):
        """Empties the work queue (_shutdown_lock held): the work items no feeder has taken."""
        items = []
        while True:
            try:
                work_item = self._work_queue.get_nowait()
            except queue.Empty:
                return items
            if work_item is not None:
                items.append(work_item)

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        """Returns an iterator equivalent to map(fn, iter), the calls made in the pool's
        processes chunksize at a time. TimeoutError if the results are not all there within
        timeout seconds of the call; a call's exception is raised when its result is reached."""
        if chunksize < 1:
            raise ValueError("chunksize must be >= 1.")

        chunks = list(_get_chunks(*iterables, chunksize=chunksize))
        results = _base.Executor.map(self, _process_chunk, [fn] * len(chunks), chunks,
                                     timeout=timeout)
        return _chain_from_iterable_of_lists(results)

    def shutdown(self, wait=True, *, cancel_futures=False):
        """No more submit(); with cancel_futures, cancel the work not yet started; with wait,
        return once every process has finished its work and exited."""
        with self._shutdown_lock:
            self._shutdown_thread = True
            if cancel_futures:
                for work_item in self._take_waiting_work():
                    work_item.future.cancel()

            # Wake the feeders blocked in get(): each passes the wake-up on and exits.
            self._work_queue.put(None)
        if wait:
            for t in list(self._feeders):
                t.join()


# ---- the child's side ------------------------------------------------------------------------

def _send_error(conn, exc):
    """Sends a call's exception back: its class, its arguments and its traceback text — or
    less, when those cannot be sent."""
    text = _gilvm_process.format_exception(exc)
    # PicklingError says it is _pickle's, where no child could look it up: it goes as a name
    exc_type = "PicklingError" if type(exc) is PicklingError else type(exc)
    for message in (("err", exc_type, exc.args, text),
                    ("err", exc_type, (), text),
                    ("err", None, (), text)):
        try:
            _gilvm_process.send(conn, message, PicklingError)
            return
        except EOFError:
            raise
        except BaseException:
            pass


def _serve_call(conn, fn, args, kwargs):
    try:
        result = fn(*args, **kwargs)
    except BaseException as exc:
        _send_error(conn, exc)
        return
    try:
        _gilvm_process.send(conn, ("ok", result), PicklingError)
    except EOFError:
        raise
    except BaseException as exc:
        # the result cannot be sent: the caller learns why
        _send_error(conn, exc)


def _child_main(fifo_dir, main_file):
    """A pool process's program (started by vm/pool_child.ts): import the parent's main file as
    __mp_main__, then serve calls until the parent says goodbye or goes away."""
    global _bootstrapping
    conn = _gilvm_process.connect(fifo_dir)
    if main_file is not None:
        _bootstrapping = True
        try:
            _gilvm_process.run_main(main_file)
        finally:
            _bootstrapping = False
    try:
        _gilvm_process.send(conn, ("ready",), PicklingError)
        while True:
            try:
                message = _gilvm_process.recv(conn)
            except EOFError:
                return
            except BaseException as exc:
                # a call that cannot be made here (its function is not found): its caller
                # gets the error
                _send_error(conn, exc)
                continue
            kind = message[0]
            if kind == "call":
                _serve_call(conn, message[1], message[2], message[3])
            elif kind == "init":
                try:
                    message[1](*message[2])
                except BaseException as exc:
                    _base._log_exception('Exception in initializer:', exc)
                    # the parent sees this process end, and the pool is broken, as in CPython
                    return
            elif kind == "exit":
                _gilvm_process.send(conn, ("bye", _gilvm_process.max_rss()), PicklingError)
                return
            del message
    except EOFError:
        # the parent went away while we answered
        return
    finally:
        _gilvm_process.close(conn, None)
