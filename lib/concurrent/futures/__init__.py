"""Execute computations asynchronously using threads (gilvm's version of CPython 3.11's
concurrent.futures package; ProcessPoolExecutor is not here)."""

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
# CPython imports the executors lazily through a module __getattr__; the subset imports the
# thread one at once.
from concurrent.futures.thread import ThreadPoolExecutor

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
