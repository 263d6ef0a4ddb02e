"""The package's modules import one way: no cycles (counting imports inside functions), and the light modules stay light."""
import ast, subprocess, sys
from pathlib import Path
import pytest

PKG = Path(__file__).resolve().parent.parent/'sparse_events'

def imports_of(path: Path) -> set[str]:
    "The sparse_events modules that `path` imports anywhere (module level or inside functions)."
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            mod = node.module or ''
            if node.level == 1: mod = f'sparse_events.{mod}' if mod else 'sparse_events'
            if mod == 'sparse_events': found |= {f'sparse_events.{a.name}' for a in node.names if (PKG/f'{a.name}.py').exists()}
            elif mod.startswith('sparse_events.'): found.add(mod)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith('sparse_events.')}
    return found

def graph() -> dict[str, set[str]]:
    return {f'sparse_events.{p.stem}': imports_of(p) - {f'sparse_events.{p.stem}'}
            for p in PKG.glob('*.py') if p.stem not in ('__init__', '_modidx')}

def find_cycle(g):
    "A list of modules forming a cycle, or None."
    state, stack = {}, []
    def visit(m):
        state[m] = 'open'; stack.append(m)
        for n in sorted(g.get(m, ())):
            if state.get(n) == 'open': return stack[stack.index(n):] + [n]
            if n not in state and (c := visit(n)): return c
        state[m] = 'done'; stack.pop()
    for m in sorted(g):
        if m not in state and (c := visit(m)): return c

def test_the_checker_finds_cycles():
    assert find_cycle({'a': {'b'}, 'b': {'c'}, 'c': {'a'}}) == ['a', 'b', 'c', 'a']
    assert find_cycle({'a': {'b'}, 'b': set()}) is None

def test_no_import_cycle():
    g = graph()
    assert 'sparse_events.events' in g['sparse_events.bitstream'] and 'sparse_events.events' in g['sparse_events.codec']
    assert find_cycle(g) is None, ' -> '.join(find_cycle(g))

def test_layers_run_one_way():
    "EnCodec's rule: the file format knows nothing of the model. The bitstream never imports the codec; events import neither."
    g = graph()
    assert not g['sparse_events.bitstream'] & {'sparse_events.codec', 'sparse_events.encoder', 'sparse_events.decoder'}
    assert not g['sparse_events.events'] & {'sparse_events.codec', 'sparse_events.bitstream'}

@pytest.mark.parametrize('module', ['sparse_events.errors', 'sparse_events.config', 'sparse_events.events', 'sparse_events.cli'])
def test_light_modules_do_not_load_torch(module):
    r = subprocess.run([sys.executable, '-c', f'import sys, {module}; print("torch" in sys.modules)'], capture_output=True, text=True)
    assert r.stdout.strip() == 'False', r.stdout + r.stderr
