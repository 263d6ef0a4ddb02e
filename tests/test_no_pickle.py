"""Untrusted files never execute code: nothing in the package unpickles. Weights are safetensors; the one torch.load left
(optimiser and RNG state in training checkpoints) runs with weights_only=True; numpy files load with allow_pickle=False."""
import ast
from pathlib import Path
import pytest

PACKAGE = Path(__file__).resolve().parent.parent/'sparse_events'
SOURCES = sorted(p for p in PACKAGE.glob('*.py') if p.name != '_modidx.py')

def calls(tree, name):
    "Calls whose function is written `name` (e.g. 'torch.load') in `tree`."
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == name: yield node

def keyword(call, name):
    return next((ast.unparse(k.value) for k in call.keywords if k.arg == name), None)

@pytest.mark.parametrize('path', SOURCES, ids=lambda p: p.name)
def test_nothing_unpickles(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + [getattr(node, 'module', None) or '']
            assert not any(n.split('.')[0] in ('pickle', 'cPickle', 'dill', 'joblib', 'shelve', 'marshal') for n in names), ast.unparse(node)
    for call in calls(tree, 'torch.load'):
        assert keyword(call, 'weights_only') == 'True', f'{path.name}:{call.lineno}: torch.load without weights_only=True'
    for call in list(calls(tree, 'np.load')) + list(calls(tree, 'numpy.load')):
        assert keyword(call, 'allow_pickle') == 'False', f'{path.name}:{call.lineno}: np.load without allow_pickle=False'
    for bad in ('pickle.load', 'pickle.loads', 'torch.jit.load', 'eval', 'exec'):
        assert not list(calls(tree, bad)), f'{path.name}: calls {bad}'

def test_the_scan_would_catch_it(tmp_path):
    "The checks above fail on the patterns they look for."
    tree = ast.parse('import torch, numpy as np\nx = torch.load("a.pt")\ny = np.load("b.npy")\n')
    assert keyword(next(calls(tree, 'torch.load')), 'weights_only') is None
    assert keyword(next(calls(tree, 'np.load')), 'allow_pickle') is None
