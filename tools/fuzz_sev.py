"""Property tests and a fuzz run of the `.sev` readers (format 1: neural-codec events, formats 2 to 5: note events without patches, with patches, with signed patches, entropy-coded), with hypothesis.

The bitstream notebook runs each property with a few hundred examples in `make test`; `make fuzz` (this file as a script)
runs them at scale and prints how many inputs each one tried. Hostile inputs are mostly *resealed*: their CRC is recomputed
after the damage, so they get past the checksum and exercise every check behind it.

    python tools/fuzz_sev.py --examples 100000 [--only notes]
"""
import argparse, resource, struct, sys, time, zlib
import numpy as np
from hypothesis import given, settings, strategies as st, HealthCheck, Phase
import hypothesis.extra.numpy as hnp
from sparse_events.events import Events, vectors_from_codes, amplitudes_from_codes
from sparse_events.bitstream import events_to_bytes, events_from_bytes, SevError, HEADER, VERSION, MAX_SAMPLE_RATE

@st.composite
def event_sets(draw, max_events=40):
    "Events on the format's quantisation grid: any count, dimension, bits, positions, amplitudes, length, rate, model."
    dim, bits = draw(st.integers(1, 40)), draw(st.integers(1, 8))
    length = draw(st.one_of(st.integers(1, 10**6), st.integers(1, 2**40)))
    n = draw(st.integers(0, max_events))
    positions = np.sort(draw(hnp.arrays(np.int64, n, elements=st.integers(0, length - 1))))
    codes = draw(hnp.arrays(np.int64, (n, dim), elements=st.integers(0, 2**bits - 1)))
    amps = draw(hnp.arrays(np.int64, n, elements=st.integers(0, 255)))
    sr = draw(st.integers(1000, 192000))
    model = draw(st.binary(min_size=8, max_size=8)).hex()
    return Events(vectors_from_codes(codes, bits), positions, amplitudes_from_codes(amps), sr, length, model, bits)

def reseal(data: bytes) -> bytes:
    "`data` with its trailing CRC-32 recomputed, so that the parser's other checks are what stands in the way."
    body = bytes(data[:-4]) if len(data) >= 4 else bytes(data)
    return body + struct.pack('<I', zlib.crc32(body))

def only_sev_errors(data: bytes):
    "Parse `data`: a valid file gives `Events`, anything else must raise `SevError` (any other exception is a bug)."
    try: return events_from_bytes(data, 'fuzz.sev')
    except SevError: return None

# the properties, each a plain function of drawn values, so the notebook and the fuzz run share them
def round_trip(ev):
    back = events_from_bytes(events_to_bytes(ev))
    assert back == ev, (ev, back)

def truncation_is_detected(ev, cut):
    data = events_to_bytes(ev)
    cut = cut % len(data)
    try: events_from_bytes(data[:cut], 'cut.sev'); raise AssertionError(f'a file cut to {cut} of {len(data)} bytes was accepted')
    except SevError as e: assert str(e).startswith('cut.sev: ')

def flipped_bit_is_detected(ev, position):
    data = bytearray(events_to_bytes(ev))
    i = position % (8 * len(data)); data[i // 8] ^= 1 << (i % 8)
    try: events_from_bytes(bytes(data), 'flip.sev'); raise AssertionError(f'bit {i} flipped was accepted')
    except SevError: pass

def wrong_version_is_detected(ev, version):
    data = bytearray(events_to_bytes(ev)); struct.pack_into('<H', data, 4, version)
    try: events_from_bytes(reseal(data), 'v.sev'); raise AssertionError(f'version {version} was accepted')
    except SevError as e: assert f'format version {version} is not supported' in str(e)

def wrong_model_is_detected(ev, model):
    "A file read for another model's weights is refused, naming both models."
    import tempfile, types
    from pathlib import Path
    from sparse_events.bitstream import write_events, read_events
    other = model.hex() if model.hex() != ev.model_id else ('0' * 16 if ev.model_id != '0' * 16 else '1' * 16)
    codec = types.SimpleNamespace(model_id=other, config=types.SimpleNamespace(dim=ev.vectors.shape[1], sr=ev.sr))
    with tempfile.TemporaryDirectory() as d:
        path = write_events(ev, Path(d)/'m.sev')
        try: read_events(path, codec); raise AssertionError('a file of another model was accepted')
        except SevError as e: assert f'made by model {ev.model_id}' in str(e) and other in str(e)

def hostile_input_is_refused_cleanly(data):
    ev = only_sev_errors(data)
    if ev is not None: assert events_from_bytes(events_to_bytes(ev)) == ev   # whatever is accepted is a consistent set of events

@st.composite
def mutated_files(draw):
    "A valid file, then damage: overwritten header fields, random byte edits, cuts or insertions; usually resealed."
    return _damaged(draw, events_to_bytes(draw(event_sets(max_events=12))), HEADER.size, [(4, '<H'), (6, '<I'), (10, '<Q'), (18, '<I'), (22, '<H'), (24, '<B')])

def _damaged(draw, data:bytes, header_size:int, fields:list):
    "`data` after 1-4 damages (a header field among `fields` (offset, struct format) overwritten, a byte edited, a cut or an insertion), usually resealed."
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(['field', 'byte', 'cut', 'insert']))
        if kind == 'field' and len(data) >= header_size:
            off, fmt = draw(st.sampled_from(fields))
            if off + struct.calcsize(fmt) <= len(data): struct.pack_into(fmt, data, off, draw(st.integers(0, 2 ** (8 * struct.calcsize(fmt)) - 1)))
        elif kind == 'byte' and data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        elif kind == 'cut':
            data = data[:draw(st.integers(0, len(data)))]
        else:
            i = draw(st.integers(0, len(data))); data[i:i] = draw(st.binary(min_size=1, max_size=16))
    return reseal(data) if draw(st.booleans()) or len(data) < 4 else bytes(data)

PROPERTIES = {
    'round trip': (round_trip, (event_sets(),)),
    'any truncation': (truncation_is_detected, (event_sets(), st.integers(0, 2**31))),
    'any flipped bit': (flipped_bit_is_detected, (event_sets(), st.integers(0, 2**31))),
    'wrong version': (wrong_version_is_detected, (event_sets(), st.integers(0, 2**16 - 1).filter(lambda v: v != VERSION))),
    'wrong model id': (wrong_model_is_detected, (event_sets(), st.binary(min_size=8, max_size=8))),
    'random bytes': (hostile_input_is_refused_cleanly, (st.binary(max_size=256),)),
    'random bytes after a valid header': (hostile_input_is_refused_cleanly,
        (st.builds(lambda h, b, seal: reseal(h + b) if seal else h + b, st.just(HEADER.pack(b'SEV\x1a', VERSION, 22050, 10**5, 3, 4, 4, bytes(8))),
                   st.binary(max_size=64), st.booleans()),)),
    'mutated valid files': (hostile_input_is_refused_cleanly, (mutated_files(),)),
}

# formats 2 to 5: note events without patches, with patches, with signed patches, entropy-coded (`sparse_events.note_codec`), on a grid with short notes so that small files span several chunks
def _note_grid(patches=0):
    "A small grid (notes of at most 0.5 s) for the note-file properties; `patches`: 0 none (format 2), 1 patches (format 3), 2 patches of either sign (format 4), 3 the same with the shipped code tables (format 5)."
    import json
    from sparse_events.notes import NoteGrid, note_code_tables_path
    tables = json.loads(note_code_tables_path().read_text())['code_tables'] if patches == 3 else ()
    return NoteGrid(max_seconds=0.5, patch_frames=(4, 8, 16, 32) if patches else (), patch_signs=patches >= 2, code_tables=tables)

def _grid_named_in(data):
    "The fuzz grid whose id the header of `data` carries (the patch-less one if none does)."
    return next((g for g in map(_note_grid, (3, 2, 1)) if bytes(data[18:26]).hex() == g.grid_id), _note_grid(0))

@st.composite
def note_sets(draw, max_events=30):
    "Note events on one loudness scale: any count, onsets, fields, loudness within a chunk's 72 dB, length; a quarter of the sets with patches, a quarter with patches of either sign (any count, onsets, pitches, lengths, loudness, signs), a quarter of those entropy-coded, half of them with each field's values among its 12 likeliest (so that sections are coded, not stored at their widths)."
    from sparse_events.notes import Notes, Patches
    from sparse_events.note_codec import LOUDEST, MAX_LEVEL
    g = _note_grid(draw(st.integers(0, 3)))
    typical = bool(g.code_tables) and draw(st.booleans())
    length = draw(st.one_of(st.integers(1, 200 * g.hop), st.integers(1, 5000 * g.hop)))
    def ints(n, hi, field=None):
        if not typical or field is None: return draw(hnp.arrays(np.int64, n, elements=st.integers(0, hi - 1)))
        return draw(hnp.arrays(np.int64, n, elements=st.sampled_from(np.argsort(g.code_tables[field])[::-1][:12].tolist())))
    n, frames = draw(st.integers(0, max_events)), (length - 1) // g.hop + 1
    notes = Notes(np.sort(ints(n, frames)), ints(n, len(g.pitches), 0), ints(n, g.n_timbres, 1), ints(n, g.n_envelopes, 2),
                  draw(st.integers(0, MAX_LEVEL)) + ints(n, 2 ** g.amp_bits, 3), LOUDEST, length, g)
    if not g.patch_frames: return notes
    m = draw(st.integers(0, max_events))
    kinds = ints(m, g.patch_kinds, 5)
    notes.patches = Patches(np.sort(ints(m, frames)), ints(m, len(g.pitches), 4), kinds % len(g.patch_frames), draw(st.integers(0, MAX_LEVEL)) + ints(m, 2 ** g.amp_bits, 6),
                            kinds >= len(g.patch_frames))
    return notes

def _same_notes(a, b):
    for k in ('frames', 'pitch', 'timbre', 'envelope', 'amp', 'length'):
        assert np.array_equal(getattr(a, k), getattr(b, k)), (k, a, b)
    for k in ('frames', 'pitch', 'width', 'amp', 'negative'):
        assert np.array_equal(getattr(a.patches, k), getattr(b.patches, k)), ('patch ' + k, a, b)

def notes_round_trip(notes, chunk_frames):
    from sparse_events.note_codec import notes_to_bytes, notes_from_bytes
    data = notes_to_bytes(notes, chunk_frames)
    back = notes_from_bytes(data, notes.grid)
    _same_notes(back, notes)
    assert notes_to_bytes(back, chunk_frames) == data

def notes_truncation_is_detected(notes, cut):
    from sparse_events.note_codec import notes_to_bytes, notes_from_bytes
    data = notes_to_bytes(notes, 64)
    cut = cut % len(data)
    try: notes_from_bytes(data[:cut], notes.grid, 'cut.sev'); raise AssertionError(f'a file cut to {cut} of {len(data)} bytes was accepted')
    except SevError as e: assert str(e).startswith('cut.sev: ')

def notes_flipped_bit_is_detected(notes, position):
    from sparse_events.note_codec import notes_to_bytes, notes_from_bytes
    data = bytearray(notes_to_bytes(notes, 64))
    i = position % (8 * len(data)); data[i // 8] ^= 1 << (i % 8)
    try: notes_from_bytes(bytes(data), notes.grid, 'flip.sev'); raise AssertionError(f'bit {i} flipped was accepted')
    except SevError: pass

def notes_survive_hostile_bytes(data, grid=None):
    "Parse `data`: a consistent set of notes (it writes back to the same bytes' notes) or a `SevError` naming the file, nothing else."
    from sparse_events.note_codec import notes_to_bytes, notes_from_bytes
    grid = grid or _grid_named_in(data)
    try: notes = notes_from_bytes(data, grid, 'fuzz.sev')
    except SevError as e: assert str(e).startswith('fuzz.sev: '); return
    chunk_frames = struct.unpack_from('<H', data, 26)[0]
    _same_notes(notes_from_bytes(notes_to_bytes(notes, chunk_frames), grid), notes)

@st.composite
def damaged_note_files(draw, grid=None):
    "A valid note-event file, then damage: overwritten header fields, byte edits, cuts or insertions; usually resealed."
    from sparse_events.note_codec import notes_to_bytes, NOTES_HEADER
    from sparse_events.notes import Patches
    notes = draw(note_sets(max_events=12))
    if grid is not None:
        p = notes.patches
        patches = Patches(p.frames, p.pitch % len(grid.pitches), p.width % len(grid.patch_frames), p.amp, p.negative & grid.patch_signs) if grid.patch_frames else Patches()
        notes = type(notes)(notes.frames, notes.pitch % len(grid.pitches), notes.timbre % grid.n_timbres, notes.envelope % grid.n_envelopes,
                            notes.amp, notes.top, notes.length, grid, patches)
    return _damaged(draw, notes_to_bytes(notes, draw(st.sampled_from([1, 7, 64, 1024]))), NOTES_HEADER.size,
                    [(4, '<H'), (6, '<I'), (10, '<Q'), (26, '<H'), (28, '<I'), (32, '<B'), (33, '<B'), (34, '<B')])

def _note_header(chunk_frames, n_chunks, length, patches=0):
    from sparse_events.note_codec import NOTES_HEADER, format_version
    g = _note_grid(patches)
    return NOTES_HEADER.pack(b'SEV\x1a', format_version(g), g.sr, length, bytes.fromhex(g.grid_id), chunk_frames, n_chunks)

NOTE_PROPERTIES = {
    'notes: round trip': (notes_round_trip, (note_sets(), st.sampled_from([1, 3, 64, 1024, 65535]))),
    'notes: any truncation': (notes_truncation_is_detected, (note_sets(), st.integers(0, 2**31))),
    'notes: any flipped bit': (notes_flipped_bit_is_detected, (note_sets(), st.integers(0, 2**31))),
    'notes: random bytes after a valid header': (notes_survive_hostile_bytes,
        (st.builds(lambda h, b, seal: reseal(h + b) if seal else h + b, st.builds(_note_header, st.sampled_from([1, 8, 64]), st.integers(0, 8), st.integers(1, 2000), st.integers(0, 3)),
                   st.binary(max_size=96), st.booleans()),)),
    'notes: mutated valid files': (notes_survive_hostile_bytes, (damaged_note_files(),)),
}
ALL_PROPERTIES = {**PROPERTIES, **NOTE_PROPERTIES}

def run_property(name, examples, seed=0):
    "Run one property with `examples` inputs; returns how many it tried and the slowest one's seconds (a hang would show here)."
    fn, strategies = ALL_PROPERTIES[name]
    tried, slowest = [0], [0.0]
    def counted(args):
        t = time.perf_counter(); fn(*args)
        tried[0] += 1; slowest[0] = max(slowest[0], time.perf_counter() - t)
    test = settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate, Phase.shrink],
                    suppress_health_check=list(HealthCheck))(given(st.tuples(*strategies))(counted))
    from hypothesis import seed as hseed
    hseed(seed)(test)()
    return tried[0], slowest[0]

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--examples', type=int, default=100_000, help='inputs per property (default: %(default)s)')
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--only', choices=['sev1', 'notes'], default=None, help="only format 1 (the neural codec's events) or formats 2 to 5 (note events)")
    p.add_argument('--skip', nargs='*', default=[], help='properties to leave out, by name')
    p.add_argument('--memory-limit-mib', type=int, default=2048, help='address-space limit: an allocation sized by an unchecked field fails loudly')
    a = p.parse_args(argv)
    resource.setrlimit(resource.RLIMIT_AS, (a.memory_limit_mib * 2**20, a.memory_limit_mib * 2**20))
    total, t0 = 0, time.time()
    for name in {'sev1': PROPERTIES, 'notes': NOTE_PROPERTIES}.get(a.only, ALL_PROPERTIES):
        if name in a.skip: continue
        t = time.time(); n, slowest = run_property(name, a.examples, a.seed)
        total += n
        print(f'{name:36s} {n:9,d} inputs, no failure, slowest {1000 * slowest:.1f} ms ({time.time() - t:.0f} s)', flush=True)
    print(f'{total:,d} inputs in {time.time() - t0:.0f} s; every one parsed or refused with SevError, under a {a.memory_limit_mib} MiB address-space limit')

if __name__ == '__main__': sys.exit(main())
