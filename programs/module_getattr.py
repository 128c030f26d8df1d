# PEP 562: a module's own __getattr__ and __dir__. concurrent.futures imports its executors on
# first use through them, as CPython's does, so a program that only uses threads never loads the
# process pool.
import concurrent.futures as cf

# the module's globals hold an executor only once __getattr__ has imported it
print("ThreadPoolExecutor" in cf.__dict__, "ProcessPoolExecutor" in cf.__dict__)
print(cf.ThreadPoolExecutor.__name__, cf.ThreadPoolExecutor.__module__)
print("ThreadPoolExecutor" in cf.__dict__, "ProcessPoolExecutor" in cf.__dict__)
from concurrent.futures import ProcessPoolExecutor
print(ProcessPoolExecutor.__name__, "ProcessPoolExecutor" in cf.__dict__)

# dir() asks the module's __dir__
print(sorted(dir(cf)) == sorted(cf.__all__ + ("__author__", "__doc__")))
print(len(dir(cf)), dir(cf)[:3])

# a name __getattr__ does not know: AttributeError, ImportError for from-import, default for getattr
print(getattr(cf, "missing", "default"))
print(hasattr(cf, "missing"), hasattr(cf, "ThreadPoolExecutor"))
try:
    cf.missing
except AttributeError as e:
    print("AttributeError:", e)
try:
    from concurrent.futures import missing
except ImportError:
    print("ImportError")
