"""The `sparse-events` command as a user runs it: exit codes, one-line errors, no tracebacks."""
import os, subprocess, sys
from pathlib import Path
import numpy as np
import pytest
from sparse_events.audio import save_audio

ROOT = Path(__file__).resolve().parent.parent

SPARSE_EVENTS = Path(sys.executable).parent/'sparse-events'   # this environment's, even if its bin/ is not on PATH

def cli(*args, env=None):
    return subprocess.run([str(SPARSE_EVENTS), *map(str, args)], capture_output=True, text=True, env={**os.environ, **(env or {})})

@pytest.mark.parametrize('cmd', [[], ['corpus'], ['speech'], ['data'], ['demo']])
def test_help(cmd):
    r = cli(*cmd, '--help')
    assert r.returncode == 0 and 'usage: sparse-events' in r.stdout

def test_no_command_is_a_usage_error():
    r = cli()
    assert r.returncode == 2 and 'required' in r.stderr

def test_missing_folder_is_one_line(tmp_path):
    r = cli('data', tmp_path/'nope')
    assert r.returncode == 1
    assert r.stderr == f'sparse-events: error: {tmp_path/"nope"}: no such file or folder\n'
    assert 'Traceback' not in r.stderr

def test_unrendered_corpus_is_one_line(tmp_path):
    r = cli('data', 'default', '--data-dir', tmp_path)
    assert r.returncode == 1 and r.stderr.count('\n') == 1 and 'sparse-events corpus --size default' in r.stderr

def test_bad_size_is_a_usage_error():
    r = cli('corpus', '--size', 'huge')
    assert r.returncode == 2 and "invalid choice: 'huge'" in r.stderr

def test_data_reports_broken_files(tmp_path):
    save_audio(tmp_path/'jazz'/'a.wav', np.zeros(22050, np.float32), 22050)
    (tmp_path/'jazz'/'b.wav').write_text('not audio')
    r = cli('data', tmp_path)
    assert r.returncode == 0
    assert '1 tracks' in r.stdout and '1 skipped' in r.stdout and 'b.wav: not a readable audio file' in r.stdout

def test_missing_soundfont_is_one_line(tmp_path):
    env = {'SPARSE_EVENTS_SOUNDFONT': str(tmp_path/'none.sf2')}
    if Path('/usr/share/sounds/sf2/FluidR3_GM.sf2').exists(): pytest.skip('a system soundfont is installed')
    r = cli('corpus', '--size', 'tiny', '--data-dir', tmp_path, env=env)
    assert r.returncode == 1 and 'soundfont not found' in r.stderr

def test_readme_is_generated_from_index():
    r = subprocess.run([sys.executable, 'tools/make_readme.py', '--check'], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout

def test_one_quarto_config():
    link = ROOT/'nbs'/'_quarto.yml'
    assert link.is_symlink() and link.resolve() == (ROOT/'_quarto.yml').resolve()
