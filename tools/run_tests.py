#!/usr/bin/env python3
"""The whole test suite, as `make test` runs it.

1. `nbdev_export` must not change `sparse_events/` (the exported modules are up to date with the notebooks).
2. Every notebook in nbs/ is at most 500 KB (saved outputs included), so the repository and the docs stay light.
3. Every notebook in nbs/ runs under nbdev's test runner, `#| slow` cells included unless --no-slow.
4. pytest runs tests/.
It prints one line per notebook with its time, then `N passed, N failed` (notebooks and pytest tests together).
"""
import argparse, hashlib, os, re, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def tool(name: str) -> str:
    "The console script `name` of this interpreter's environment (a venv's bin/ need not be on PATH)."
    p = Path(sys.executable).parent/name
    return str(p) if p.exists() else name

def package_digest() -> dict:
    return {p.relative_to(ROOT).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((ROOT/'sparse_events').rglob('*.py'))}

def check_export() -> tuple[bool, str]:
    before = package_digest()
    r = subprocess.run([tool('nbdev_export')], cwd=ROOT, capture_output=True, text=True)
    after = package_digest()
    if r.returncode != 0: return False, r.stdout + r.stderr
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    if changed: return False, 'stale exported modules (run nbdev_export and commit): ' + ', '.join(changed)
    return True, ''

MAX_NOTEBOOK_BYTES = 500_000

def check_notebook_sizes() -> tuple[bool, str]:
    big = [f'{p.name} ({p.stat().st_size // 1000} KB)' for p in sorted((ROOT/'nbs').rglob('*.ipynb')) if '.ipynb_checkpoints' not in p.parts and p.stat().st_size > MAX_NOTEBOOK_BYTES]   # articles too
    return not big, 'notebooks over 500 KB (make figures compact, audio compressed): ' + ', '.join(big)

def thread_env(workers: int) -> dict:
    "Share the cores between notebooks run at once: torch/OpenMP threads that outnumber the cores spin and slow everything down many times over."
    n = str(max(1, (os.cpu_count() or 1) // workers))
    return {**os.environ, 'OMP_NUM_THREADS': n, 'MKL_NUM_THREADS': n}

def test_notebook(nb: Path, slow: bool, env: dict | None = None):
    cmd = [tool('nbdev_test'), '--path', str(nb), '--n_workers', '0'] + (['--flags', 'slow'] if slow else [])
    t0 = time.time()
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    ok = r.returncode == 0 and 'Success.' in r.stdout
    return nb.name, ok, time.time() - t0, r.stdout + r.stderr

def run_pytest() -> tuple[int, int, str]:
    if not any((ROOT/'tests').glob('test_*.py')): return 0, 0, ''
    r = subprocess.run([sys.executable, '-m', 'pytest', '-q', 'tests'], cwd=ROOT, capture_output=True, text=True)
    tail = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ''
    count = lambda word: sum(int(n) for n in re.findall(rf'(\d+) {word}', tail))
    passed, failed = count('passed'), count('failed') + count('error')
    if r.returncode not in (0, 5) and failed == 0: failed = 1   # pytest broke before counting
    return passed, failed, r.stdout + r.stderr

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--no-slow', action='store_true', help='skip cells flagged #| slow')
    ap.add_argument('--workers', type=int, default=2, help='notebooks run at once')
    args = ap.parse_args()
    t0, passed, failed = time.time(), 0, 0

    ok, msg = check_export()
    print(f"{'PASS' if ok else 'FAIL'} nbdev_export leaves sparse_events/ unchanged", flush=True)
    if not ok: print(msg)
    passed, failed = passed + ok, failed + (not ok)

    ok, msg = check_notebook_sizes()
    print(f"{'PASS' if ok else 'FAIL'} every notebook is at most {MAX_NOTEBOOK_BYTES // 1000} KB", flush=True)
    if not ok: print(msg)
    passed, failed = passed + ok, failed + (not ok)

    notebooks = sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))
    with ThreadPoolExecutor(args.workers) as pool:
        for name, ok, secs, out in pool.map(lambda nb: test_notebook(nb, not args.no_slow, thread_env(args.workers)), notebooks):
            print(f"{'PASS' if ok else 'FAIL'} {name} ({secs:.0f} s)", flush=True)
            if not ok: print(out)
            passed, failed = passed + ok, failed + (not ok)

    p, f, out = run_pytest()
    print(f"pytest: {p} passed, {f} failed", flush=True)
    if f: print(out)
    passed, failed = passed + p, failed + f
    print(f'test suite wall time: {time.time() - t0:.0f} s')
    print(f'{passed} passed, {failed} failed')
    sys.exit(1 if failed else 0)

if __name__ == '__main__': main()
