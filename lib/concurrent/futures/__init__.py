"""Execute computations asynchronously using threads or processes (gilvm's version of CPython
3.11's concurrent.futures package)."""

from concurrent.futures._base import (FIRST_COMPLETED,
                                      FIRST_EXCEPTION,
                                      ALL_COMPLETED,
                                      CancelledError,
                                      TimeoutError,
                                      InvalidStateError,
                                      BrokenExecutor,
                                      Future,
                                      Executor,
                                      wait,
                                      as_completed)
# CPython imports the executors lazily through a module __getattr__; the subset imports both
# at once.
from concurrent.futures.thread import ThreadPoolExecutor
# The process pool stands on gilvm's native _gilvm_process: CPython running this package from
# lib/ (test/lib_modules.test.ts) has none, and gets the thread pool alone.
try:
    import _gilvm_process
except ImportError:
    _gilvm_process = None
if _gilvm_process is not None:
    from concurrent.futures.process import ProcessPoolExecutor

# Lets a test tell this package from CPython's own.
_gilvm = True

__all__ = (
    'FIRST_COMPLETED',
    'FIRST_EXCEPTION',
    'ALL_COMPLETED',
    'CancelledError',
    'TimeoutError',
    'BrokenExecutor',
    'Future',
    'Executor',
    'wait',
    'as_completed',
    'ThreadPoolExecutor',
)
if _gilvm_process is not None:
    __all__ += ('ProcessPoolExecutor',)
del _gilvm_process
