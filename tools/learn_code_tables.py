"""Learn the note events' code tables (how often each value of each field occurs) and write them into the package.

    python tools/learn_code_tables.py [--out sparse_events/assets/note_code_tables.json] [--excerpts 16] [--sentences 8]

Sixteen 10-second excerpts from the middle of train pieces of the `default` corpus spread over the split (by id), and the
first eight train sentences of the speech corpus, each encoded with the shipped timbres at 0.25, 0.5, 1 and 2 kbit/s.
"""
import argparse, json, time
from pathlib import Path
import torch
from sparse_events.audio import atomic_write
from sparse_events.corpus import render_corpus, read_manifest
from sparse_events.datasets import ljspeech_tracks
from sparse_events.metrics import excerpt_of
from sparse_events.notes import learned_note_grid
from sparse_events.note_codec import learn_code_tables
from sparse_events.speech import render_speech_corpus

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument('--out', default='sparse_events/assets/note_code_tables.json')
p.add_argument('--excerpts', type=int, default=16)
p.add_argument('--sentences', type=int, default=8)
p.add_argument('--rates', default='0.25,0.5,1,2', help='kbit/s, comma-separated')
args = p.parse_args()
t0, rates = time.time(), tuple(float(r) for r in args.rates.split(','))
folder = render_corpus('default', progress=False).parent
rows = sorted((r for r in read_manifest(folder/'manifest.csv') if r['split'] == 'train'), key=lambda r: r['id'])
picked = [rows[int((i + 0.5) * len(rows) / args.excerpts)] for i in range(min(args.excerpts, len(rows)))]
sentences = sorted(ljspeech_tracks(render_speech_corpus(progress=False)).split('train').tracks, key=lambda t: t.path.name)[:args.sentences]
signals = [excerpt_of(folder/r['path'], None, r['id'], 10.0).audio for r in picked] + [excerpt_of(t.path, None, t.path.stem, None).audio for t in sentences]
grid = learn_code_tables(signals, learned_note_grid(code_tables=False), rates)
record = dict(code_tables=[list(t) for t in grid.code_tables], fields=['note pitch', 'timbre', 'envelope', 'loudness', 'patch pitch', 'patch kind', 'patch loudness'],
              corpus='default', split='train', pieces=[r['id'] for r in picked], seconds_each=10.0, speech_sentences=[t.path.stem for t in sentences],
              kbps=list(rates), prior=0.5, torch=torch.__version__.split('+')[0], wall_seconds=round(time.time() - t0, 1))
with atomic_write(Path(args.out)) as tmp: tmp.write_text(json.dumps(record) + '\n')
print(f'wrote {args.out} ({record["wall_seconds"]:.0f} s)')
