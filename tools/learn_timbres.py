"""Learn the note events' timbres on the `default` corpus's train split and write them into the package.

    python tools/learn_timbres.py [--out sparse_events/assets/note_timbres.json] [--excerpts 12] [--rounds 3]

Twelve 10-second excerpts from the middle of train pieces spread over the split (by id), `learn_timbres` at 1 kbit/s.
"""
import argparse, json, time
from pathlib import Path
import numpy as np, torch
from sparse_events.audio import atomic_write
from sparse_events.corpus import render_corpus, read_manifest
from sparse_events.metrics import excerpt_of
from sparse_events.notes import NoteGrid
from sparse_events.note_codec import learn_timbres

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument('--out', default='sparse_events/assets/note_timbres.json')
p.add_argument('--excerpts', type=int, default=12)
p.add_argument('--rounds', type=int, default=3)
args = p.parse_args()
t0 = time.time()
folder = render_corpus('default', progress=False).parent
rows = sorted((r for r in read_manifest(folder/'manifest.csv') if r['split'] == 'train'), key=lambda r: r['id'])
picked = [rows[int(i * len(rows) / args.excerpts)] for i in range(min(args.excerpts, len(rows)))]
signals = [excerpt_of(folder/r['path'], None, r['id'], 10.0).audio for r in picked]
grid = learn_timbres(signals, NoteGrid(), kbps=1.0, rounds=args.rounds)
record = dict(timbres=[list(map(float, np.round(row, 6))) for row in grid.timbres], corpus='default', split='train',
              pieces=[r['id'] for r in picked], seconds_each=10.0, kbps=1.0, rounds=args.rounds,
              torch=torch.__version__.split('+')[0], wall_seconds=round(time.time() - t0, 1))
with atomic_write(Path(args.out)) as tmp: tmp.write_text(json.dumps(record, indent=1) + '\n')
print(f'wrote {args.out} ({record["wall_seconds"]:.0f} s)')
