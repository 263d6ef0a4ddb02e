"""Whatever audio a user has, through the Python API and the command line: it works (and we say what "works" means),
or it fails with one line that names the file and the problem, a non-zero exit, and no output file left behind."""
import os, struct, wave
from pathlib import Path
import numpy as np
import pytest
import soundfile as sf
from test_cli import cli, tiny_weights     # noqa: F401 (fixture)

SR = 22050
RNG = np.random.default_rng(0)

def tone(seconds=1.0, sr=SR, channels=1):
    t = np.arange(int(seconds * sr)) / sr
    x = (0.3 * np.sin(2 * np.pi * 440 * t) * np.exp(-(t % 0.25) * 8)).astype(np.float32)
    return np.stack([x * (0.5 + 0.1 * c) for c in range(channels)], 1) if channels > 1 else x

def write(path, x, sr=SR, subtype='PCM_16', fmt=None):
    sf.write(str(path), x, sr, subtype=subtype, format=fmt)

def truncated_header(p):
    write(p, tone()); p.write_bytes(p.read_bytes()[:30])

def corrupt_header(p):
    write(p, tone()); b = bytearray(p.read_bytes()); b[8:12] = b'JUNK'; p.write_bytes(bytes(b))

def zero_length(p):
    with wave.open(str(p), 'wb') as w: w.setnchannels(1); w.setsampwidth(2); w.setframerate(SR)

def float_wav(values):
    def make(p):
        x = tone(); x[100:110] = values; write(p, x, subtype='FLOAT')
    return make

# (how to make in.wav, None if it must work, else text the one-line error must contain)
FAILING = {
    'empty file': (lambda p: p.write_bytes(b''), 'empty'),
    'zero-length audio': (zero_length, 'no audio samples'),
    'truncated header': (truncated_header, 'in.wav'),
    'corrupt header': (corrupt_header, 'in.wav'),
    'text file named .wav': (lambda p: p.write_text('this is not audio\n' * 20), 'in.wav'),
    'NaN samples': (float_wav(np.nan), 'NaN'),
    'infinite samples': (float_wav(np.inf), 'NaN or infinite'),
    'a directory': (lambda p: p.mkdir(), 'is a directory'),
    'missing file': (lambda p: None, 'file not found'),
}

def _codec_args(codec, weights):
    "Command-line arguments that pick `codec`: the neural one by its weights, note events by default."
    return ['--weights', weights] if codec == 'neural' else []

def _api_encode(codec, weights, path):
    if codec == 'neural':
        from sparse_events.codec import load_codec, encode_file
        return encode_file(load_codec(weights), path)
    from sparse_events.note_codec import encode_note_file
    return encode_note_file(path, 1.0)

@pytest.mark.parametrize('codec', ['notes', 'neural'])
@pytest.mark.parametrize('case', list(FAILING))
def test_bad_audio_fails_cleanly(tmp_path, tiny_weights, case, codec):
    make, message = FAILING[case]
    make(tmp_path/'in.wav')
    with pytest.raises(ValueError, match=None) as e:           # the API: a ValueError (AudioError) naming the file
        _api_encode(codec, tiny_weights, tmp_path/'in.wav')
    assert 'in.wav' in str(e.value) and message in str(e.value) and '\n' not in str(e.value), str(e.value)
    r = cli('encode', tmp_path/'in.wav', tmp_path/'out.sev', *_codec_args(codec, tiny_weights))
    assert r.returncode == 1 and r.stderr.count('\n') == 1 and 'Traceback' not in r.stderr, r.stderr
    assert r.stderr.startswith('sparse-events: error: ') and 'in.wav' in r.stderr and message in r.stderr, r.stderr
    assert not (tmp_path/'out.sev').exists() and not list(tmp_path.glob('.out.sev.*'))

# (how to make in.wav, samples the decoded audio must have at 22050 Hz)
WORKING = {
    'silence': (lambda p: write(p, np.zeros(SR, np.float32)), SR),
    'DC offset': (lambda p: write(p, tone() * 0.5 + 0.4), SR),
    'clipping': (lambda p: write(p, np.clip(tone() * 20, -1, 1)), SR),
    'one sample': (lambda p: write(p, np.array([0.5], np.float32)), 1),
    '8-bit PCM': (lambda p: write(p, tone(), subtype='PCM_U8'), SR),
    '32-bit float': (lambda p: write(p, tone(), subtype='FLOAT'), SR),
    '8 kHz': (lambda p: write(p, tone(sr=8000), sr=8000), SR),
    '96 kHz': (lambda p: write(p, tone(sr=96000), sr=96000), SR),
    '6 channels': (lambda p: write(p, tone(channels=6)), SR),
}

@pytest.mark.parametrize('codec', ['notes', 'neural'])
@pytest.mark.parametrize('case', list(WORKING))
def test_unusual_audio_works(tmp_path, tiny_weights, case, codec):
    "Works: exit 0, a .sev whose length is the input's duration at 22050 Hz, and decoded audio of that length with finite samples; silence gets no events."
    make, samples = WORKING[case]
    make(tmp_path/'in.wav')
    r = cli('encode', tmp_path/'in.wav', tmp_path/'in.sev', *_codec_args(codec, tiny_weights))
    assert r.returncode == 0, r.stderr
    r = cli('decode', tmp_path/'in.sev', tmp_path/'out.wav', *_codec_args(codec, tiny_weights))
    assert r.returncode == 0, r.stderr
    y, sr = sf.read(str(tmp_path/'out.wav'), dtype='float32')
    assert sr == SR and abs(len(y) - samples) <= 1 and np.isfinite(y).all(), (sr, len(y))
    if case == 'silence':
        from sparse_events.bitstream import read_events
        from sparse_events.note_codec import read_note_file
        assert len((read_events if codec == 'neural' else read_note_file)(tmp_path/'in.sev')) == 0 and not y.any()

@pytest.mark.parametrize('codec', ['notes', 'neural'])
@pytest.mark.parametrize('where', ['read-only folder', 'inside /proc', 'under a file'])
@pytest.mark.parametrize('command', ['encode', 'decode'])
def test_unwritable_output_fails_cleanly(tmp_path, tiny_weights, where, command, codec):
    if where == 'read-only folder' and os.geteuid() == 0: pytest.skip('root writes into read-only folders')
    write(tmp_path/'in.wav', tone())
    assert cli('encode', tmp_path/'in.wav', tmp_path/'in.sev', *_codec_args(codec, tiny_weights)).returncode == 0
    ro = tmp_path/'ro'; ro.mkdir(); (tmp_path/'file').write_text('x')
    out = {'read-only folder': ro/'out', 'inside /proc': Path('/proc/sparse_events_test_out'), 'under a file': tmp_path/'file'/'out'}[where]
    src, out = (tmp_path/'in.wav', Path(f'{out}.sev')) if command == 'encode' else (tmp_path/'in.sev', Path(f'{out}.wav'))
    os.chmod(ro, 0o555)
    try: r = cli(command, src, out, *_codec_args(codec, tiny_weights))
    finally: os.chmod(ro, 0o755)
    assert r.returncode == 1 and r.stderr.count('\n') == 1 and 'Traceback' not in r.stderr, r.stderr
    assert str(out.parent) in r.stderr or str(out) in r.stderr, r.stderr
    assert not out.exists() and not list(ro.iterdir())

def _peak_run(*argv):
    "Run the command line in a fresh interpreter; (exit status, peak resident memory in MiB, stderr)."
    import subprocess, sys
    code = ('import resource, sys; from sparse_events.cli import main; rc = main(sys.argv[1:]); '
            'print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024); sys.exit(rc)')
    r = subprocess.run([sys.executable, '-c', code, *map(str, argv)], capture_output=True, text=True)
    return r.returncode, float(r.stdout.strip().splitlines()[-1]) if r.returncode == 0 else None, r.stderr

def _sparse_piece(minutes):
    "Blocks of `minutes` minutes at 22050 Hz: each minute is 4 s of plucked tones and 56 s of silence (silent windows cost no encoder time)."
    from sparse_events.testing import synthetic_piece
    for m in range(minutes):
        yield from synthetic_piece(4, SR, seed=m)
        for _ in range(56): yield np.zeros(SR, np.float32)

@pytest.mark.parametrize('codec', ['notes', 'neural'])
def test_hour_long_file_streams_in_bounded_memory(tmp_path, tiny_weights, codec):
    "61 minutes encode and decode with about the same peak memory as 5 minutes: nothing grows with the length but the event list."
    from sparse_events.audio import write_blocks
    peaks = {}
    for minutes in (5, 61):
        src = write_blocks(tmp_path/f'{minutes}.flac', _sparse_piece(minutes), SR)
        rc, enc, err = _peak_run('encode', src, tmp_path/f'{minutes}.sev', *_codec_args(codec, tiny_weights))
        assert rc == 0, err
        rc, dec, err = _peak_run('decode', tmp_path/f'{minutes}.sev', tmp_path/f'{minutes}.wav', *_codec_args(codec, tiny_weights))
        assert rc == 0, err
        assert sf.info(str(tmp_path/f"{minutes}.wav")).frames == minutes * (16 * (SR // 4) + 56 * SR)   # the blocks written
        peaks[minutes] = enc, dec
        (tmp_path/f'{minutes}.wav').unlink()
    print(peaks)
    assert peaks[61][0] < peaks[5][0] + 40 and peaks[61][1] < peaks[5][1] + 40, peaks
