"""Implements ThreadPoolExecutor (gilvm's version, after CPython 3.11's
Lib/concurrent/futures/thread.py)."""

import queue
import threading

from concurrent.futures._base import (Future, Executor, BrokenExecutor, _log_exception)

# gilvm has no weakref: CPython's workers hold a weak reference to their executor, so that an
# executor dropped without shutdown() lets its workers go. Here they hold it strongly: such an
# executor and its idle workers live until the interpreter's shutdown wakes them (below).

# The work queue of every live worker thread (a dict where CPython has a WeakKeyDictionary;
# a worker takes itself out when it exits).
_threads_queues = {}
_shutdown = False
# Lock that ensures that new workers are not created while the interpreter is shutting down.
# Must be held while mutating _threads_queues and _shutdown.
_global_shutdown_lock = threading.Lock()

def _python_exit():
    global _shutdown
    with _global_shutdown_lock:
        _shutdown = True
        items = list(_threads_queues.items())
    for t, q in items:
        q.put(None)
    for t, q in items:
        t.join()

# Called by threading._shutdown() just before it joins the non-daemon threads (the workers are
# such threads): wake every idle worker so that it exits once the queued work is done.
threading._register_atexit(_python_exit)


class _WorkItem(object):
    def __init__(self, future, fn, args, kwargs):
        self.future = future
        self.fn = fn
        self.args = args
        self.kwargs = kwargs

    def run(self):
        if not self.future.set_running_or_notify_cancel():
            return

        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:
            self.future.set_exception(exc)
        else:
            self.future.set_result(result)


def _worker(executor, work_queue, initializer, initargs):
    try:
        if initializer is not None:
            try:
                initializer(*initargs)
            except BaseException as exc:
                _log_exception('Exception in initializer:', exc)
                executor._initializer_failed()
                return
        try:
            while True:
                work_item = work_queue.get(block=True)
                if work_item is not None:
                    work_item.run()
                    # Delete references to object. See issue16284
                    del work_item

                    # one more idle worker: the next submit() need not start a thread
                    executor._idle_semaphore.release()
                    continue

                # Exit if the interpreter is shutting down or the executor has been shut down.
                if _shutdown or executor._shutdown:
                    # Flag the executor as shutting down as early as possible.
                    executor._shutdown = True
                    # Notice other workers
                    work_queue.put(None)
                    return
        except BaseException as exc:
            _log_exception('Exception in worker', exc)
    finally:
        with _global_shutdown_lock:
            _threads_queues.pop(threading.current_thread(), None)


class BrokenThreadPool(BrokenExecutor):
    """
    Raised when a worker thread in a ThreadPoolExecutor failed initializing.
    """


# Used to assign unique thread names when thread_name_prefix is not supplied (CPython's
# itertools.count, made atomic with a lock).
_counter_lock = threading.Lock()
_counter_value = -1

def _next_executor_number():
    global _counter_value
    with _counter_lock:
        _counter_value += 1
        return _counter_value


class ThreadPoolExecutor(Executor):

    def __init__(self, max_workers=None, thread_name_prefix='',
                 initializer=None, initargs=()):
        """Initializes a new ThreadPoolExecutor instance.

        Args:
            max_workers: The maximum number of threads that can be used to
                execute the given calls.
            thread_name_prefix: An optional name prefix to give our threads.
            initializer: A callable used to initialize worker threads.
            initargs: A tuple of arguments to pass to the initializer.
        """
        if max_workers is None:
            # CPython: min(32, (os.cpu_count() or 1) + 4). gilvm has no os module to ask the
            # number of CPUs, so we take that formula for 2 CPUs: 6.
            max_workers = 6
        if max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")

        if initializer is not None and not callable(initializer):
            raise TypeError("initializer must be a callable")

        self._max_workers = max_workers
        self._work_queue = queue.SimpleQueue()
        self._idle_semaphore = threading.Semaphore(0)
        self._threads = set()
        self._broken = False
        self._shutdown = False
        self._shutdown_lock = threading.Lock()
        self._thread_name_prefix = (thread_name_prefix or
                                    ("ThreadPoolExecutor-%d" % _next_executor_number()))
        self._initializer = initializer
        self._initargs = initargs

    def submit(self, fn, /, *args, **kwargs):
        """Schedules fn(*args, **kwargs); returns a Future for it."""
        with self._shutdown_lock, _global_shutdown_lock:
            if self._broken:
                raise BrokenThreadPool(self._broken)

            if self._shutdown:
                raise RuntimeError('cannot schedule new futures after shutdown')
            if _shutdown:
                raise RuntimeError('cannot schedule new futures after '
                                   'interpreter shutdown')

            f = Future()
            w = _WorkItem(f, fn, args, kwargs)

            self._work_queue.put(w)
            self._adjust_thread_count()
            return f

    def _adjust_thread_count(self):
        # if idle threads are available, don't spin new threads
        if self._idle_semaphore.acquire(timeout=0):
            return

        num_threads = len(self._threads)
        if num_threads < self._max_workers:
            thread_name = '%s_%d' % (self._thread_name_prefix or self,
                                     num_threads)
            t = threading.Thread(name=thread_name, target=_worker,
                                 args=(self,
                                       self._work_queue,
                                       self._initializer,
                                       self._initargs))
            t.start()
            self._threads.add(t)
            _threads_queues[t] = self._work_queue

    def _initializer_failed(self):
        with self._shutdown_lock:
            self._broken = ('A thread initializer failed, the thread pool '
                            'is not usable anymore')
            # Drain work queue and mark pending futures failed
            while True:
                try:
                    work_item = self._work_queue.get_nowait()
                except queue.Empty:
                    break
                if work_item is not None:
                    work_item.future.set_exception(BrokenThreadPool(self._broken))

    def shutdown(self, wait=True, *, cancel_futures=False):
        """No more submit(); with cancel_futures, cancel the work not yet started; with wait,
        return once every worker has exited (all the work started is done)."""
        with self._shutdown_lock:
            self._shutdown = True
            if cancel_futures:
                # Drain all work items from the queue, and then cancel their
                # associated futures.
                while True:
                    try:
                        work_item = self._work_queue.get_nowait()
                    except queue.Empty:
                        break
                    if work_item is not None:
                        work_item.future.cancel()

            # Send a wake-up to prevent threads calling
            # _work_queue.get(block=True) from permanently blocking.
            self._work_queue.put(None)
        if wait:
            for t in self._threads:
                t.join()
