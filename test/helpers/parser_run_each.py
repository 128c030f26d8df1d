"""Run each source in a JSON list (stdin) as `python3 x.py`, the way a user would.

Each source goes to x.py in a fresh temporary directory and runs with that directory
as the working directory (with -I -S, which only skip start-up work that does not
change how errors print). Prints a JSON list of {"path": the absolute path CPython
names in its messages, "stderr": what it printed}. Sources must fail to compile:
this helper runs programs, it does not sandbox them.
"""
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor


def run(src):
    folder = tempfile.mkdtemp(prefix="gilvm_syntax_")
    path = os.path.join(folder, "x.py")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(src)
    done = subprocess.run([sys.executable, "-I", "-S", "x.py"], cwd=folder, capture_output=True, text=True, timeout=30)
    os.remove(path)
    os.rmdir(folder)
    return {"path": path, "stderr": done.stderr}


with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
    print(json.dumps(list(pool.map(run, json.load(sys.stdin)))))
