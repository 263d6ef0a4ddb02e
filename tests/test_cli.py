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

@pytest.mark.parametrize('cmd', [[], ['corpus'], ['speech'], ['data'], ['demo'], ['encode'], ['decode'], ['info'], ['train'], ['bench']])
def test_help(cmd):
    r = cli(*cmd, '--help')
    assert r.returncode == 0 and r.stdout.startswith(' '.join(['usage: sparse-events', *cmd])), r.stdout + r.stderr

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


@pytest.fixture(scope='module')
def tiny_weights(tmp_path_factory):
    "Untrained tiny-config weights (encoding needs weights, not a good model)."
    import torch
    from sparse_events.codec import Codec, save_codec
    torch.manual_seed(0)
    return save_codec(Codec('tiny'), tmp_path_factory.mktemp('w')/'tiny.safetensors')

def test_encode_decode_round_trip(tmp_path, tiny_weights):
    t = np.arange(22050 * 2) / 22050
    save_audio(tmp_path/'in.wav', (0.3 * np.sin(2 * np.pi * 440 * t) * np.exp(-(t % 0.5) * 5)).astype(np.float32), 22050)
    r = cli('encode', tmp_path/'in.wav', tmp_path/'in.sev', '--weights', tiny_weights)
    assert r.returncode == 0 and 'kbit/s' in r.stdout, r.stderr
    r = cli('decode', tmp_path/'in.sev', tmp_path/'out.flac', '--weights', tiny_weights)
    assert r.returncode == 0 and (tmp_path/'out.flac').stat().st_size > 0, r.stderr

def test_shipped_model_round_trip(tmp_path):
    "Without --weights, encode and decode use the model inside the package; --events caps the events per window."
    from sparse_events.bitstream import read_events
    t = np.arange(22050 * 3) / 22050
    save_audio(tmp_path/'in.wav', (0.3 * np.sin(2 * np.pi * 330 * t) * np.exp(-(t % 0.5) * 6)).astype(np.float32), 22050)
    assert cli('encode', tmp_path/'in.wav', tmp_path/'full.sev').returncode == 0
    r = cli('encode', tmp_path/'in.wav', tmp_path/'few.sev', '--events', '1')
    assert r.returncode == 0, r.stderr
    windows = -(-len(t) // 2**14)                       # the default config's windows start every 16384 samples
    assert 0 < len(read_events(tmp_path/'few.sev')) <= windows
    assert (tmp_path/'few.sev').stat().st_size <= (tmp_path/'full.sev').stat().st_size
    r = cli('decode', tmp_path/'full.sev', tmp_path/'out.wav')
    assert r.returncode == 0 and '3.00 s' in r.stdout, r.stderr

@pytest.mark.parametrize('which', [1, 2, 4])
def test_files_from_older_grids_still_decode(tmp_path, which):
    "A note file written with an older shipped grid (1: before code tables, format 4; 2: before patch signs, format 3; 4: before attacks, 16 envelopes) is read and decoded with that grid; `info` names it."
    import json
    from sparse_events.note_codec import shipped_grids, encode_notes, write_note_file, decode_notes
    from sparse_events.audio import load_audio
    old = shipped_grids()[which]
    t = np.arange(22050 * 2) / 22050
    notes = encode_notes((0.3 * np.sin(2 * np.pi * 330 * t) * np.exp(-(t % 0.5) * 6)).astype(np.float32), 1.0, old)
    write_note_file(notes, tmp_path/'old.sev')
    r = cli('info', tmp_path/'old.sev')
    assert r.returncode == 0 and json.loads(r.stdout)['grid_id'] == old.grid_id, r.stderr
    r = cli('decode', tmp_path/'old.sev', tmp_path/'out.wav')
    assert r.returncode == 0, r.stderr
    y = load_audio(tmp_path/'out.wav', 22050)
    assert np.abs(np.asarray(y).reshape(-1) - decode_notes(notes)).max() < 1e-3

def test_bench_bad_arguments_are_usage_errors(tmp_path):
    r = cli('bench', '--out', tmp_path, '--budgets', '0')
    assert r.returncode == 2 and 'must be at least 1' in r.stderr and not list(tmp_path.iterdir())

@pytest.mark.parametrize('make_input, expected', [
    (lambda p: p.write_bytes(b''), 'empty'),
    (lambda p: p.write_text('not audio at all'), 'in.wav'),
    (lambda p: None, 'in.wav: file not found'),
])
def test_encode_bad_audio_is_one_line_and_writes_nothing(tmp_path, tiny_weights, make_input, expected):
    make_input(tmp_path/'in.wav')
    r = cli('encode', tmp_path/'in.wav', tmp_path/'out.sev', '--weights', tiny_weights)
    assert r.returncode == 1 and r.stderr.count('\n') == 1 and expected in r.stderr and 'Traceback' not in r.stderr, r.stderr
    assert not (tmp_path/'out.sev').exists() and not list(tmp_path.glob('.*.tmp'))

def test_decode_with_other_weights_is_refused(tmp_path, tiny_weights):
    import torch
    from sparse_events.codec import Codec, save_codec
    save_audio(tmp_path/'in.wav', np.random.default_rng(0).normal(size=22050).astype(np.float32) * 0.1, 22050)
    assert cli('encode', tmp_path/'in.wav', tmp_path/'in.sev', '--weights', tiny_weights).returncode == 0
    torch.manual_seed(1)
    other = save_codec(Codec('tiny'), tmp_path/'other.safetensors')
    r = cli('decode', tmp_path/'in.sev', tmp_path/'out.wav', '--weights', other)
    assert r.returncode == 1 and 'made by model' in r.stderr and not (tmp_path/'out.wav').exists()

def test_info_of_a_corrupt_file(tmp_path, tiny_weights):
    save_audio(tmp_path/'in.wav', np.random.default_rng(0).normal(size=22050).astype(np.float32) * 0.1, 22050)
    assert cli('encode', tmp_path/'in.wav', tmp_path/'in.sev', '--weights', tiny_weights).returncode == 0
    data = bytearray((tmp_path/'in.sev').read_bytes()); data[40] ^= 1
    (tmp_path/'bad.sev').write_bytes(bytes(data))
    r = cli('info', tmp_path/'bad.sev')
    assert r.returncode == 1 and 'checksum mismatch' in r.stderr and r.stderr.count('\n') == 1
