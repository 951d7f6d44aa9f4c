"""Goldens for @kindling/data: sampler orders, random_split and DataLoader shuffling (PyTorch 1.13).

Run: /usr/bin/python3 tools/oracle/data.py  -> packages/data/test/fixtures/data.json
"""
import json
import os

import torch
from torch.utils.data import (BatchSampler, DataLoader, RandomSampler, SequentialSampler,
                              SubsetRandomSampler, WeightedRandomSampler, random_split)

out = {}


def gen(seed):
    return torch.Generator().manual_seed(seed)


def after():
    """Where the default generator stands: the next three randint draws."""
    return torch.randint(1000, (3,)).tolist()


torch.manual_seed(0)
out['draw_seed'] = [str(torch.empty((), dtype=torch.int64).random_().item()) for _ in range(3)]

torch.manual_seed(0)
s = RandomSampler(range(10))
out['random_default'] = {'passes': [list(s), list(s)], 'after': after()}

g = gen(42)
s = RandomSampler(range(10), generator=g)
out['random_gen42'] = [list(s), list(s)]

out['random_replacement'] = list(RandomSampler(range(7), replacement=True, num_samples=70, generator=gen(1)))
out['random_num_samples'] = list(RandomSampler(range(10), num_samples=25, generator=gen(3)))
out['subset_random'] = list(SubsetRandomSampler([10, 20, 30, 40, 50], generator=gen(5)))

w = [0.1, 0.9, 0.4, 0.7, 3.0, 0.6]
out['weighted'] = {
    'weights': w,
    'replacement': list(WeightedRandomSampler(w, 20, replacement=True, generator=gen(7))),
    'no_replacement': list(WeightedRandomSampler(w, 5, replacement=False, generator=gen(7))),
    'one': list(WeightedRandomSampler(w, 1, generator=gen(9))),
}

out['batch_sampler'] = {
    'keep': list(BatchSampler(SequentialSampler(range(10)), 3, False)),
    'drop': list(BatchSampler(SequentialSampler(range(10)), 3, True)),
}

out['random_split'] = {
    'ints': [list(x.indices) for x in random_split(range(10), [3, 7], generator=gen(42))],
    'fractions': [list(x.indices) for x in random_split(range(30), [0.3, 0.3, 0.4], generator=gen(42))],
    'remainder': [list(x.indices) for x in random_split(range(11), [0.5, 0.25, 0.25], generator=gen(1))],
}


def epochs(loader, n=2):
    return [[b.tolist() for b in loader] for _ in range(n)]


torch.manual_seed(0)
out['loader_shuffle_default'] = {
    'epochs': epochs(DataLoader(range(10), batch_size=3, shuffle=True)),
    'after': after(),
}
torch.manual_seed(0)
g = gen(7)
out['loader_shuffle_gen'] = {
    'epochs': epochs(DataLoader(range(10), batch_size=4, shuffle=True, drop_last=True, generator=g)),
    'after_gen': torch.randint(1000, (3,), generator=g).tolist(),
    'after': after(),
}

if __name__ == '__main__':
    # Worker processes: persistent workers keep one iterator, so only the first epoch draws a base seed.
    torch.manual_seed(1)
    out['loader_workers'] = {
        'persistent': epochs(DataLoader(range(23), batch_size=4, shuffle=True, num_workers=2,
                                        persistent_workers=True)),
    }
    class Sharded(torch.utils.data.IterableDataset):
        def __iter__(self):
            info = torch.utils.data.get_worker_info()
            return iter(range(info.id, 11, info.num_workers))

    out['loader_workers']['iterable'] = {
        'keep': [b.tolist() for b in DataLoader(Sharded(), batch_size=2, num_workers=2)],
        'drop': [b.tolist() for b in DataLoader(Sharded(), batch_size=2, num_workers=2, drop_last=True)],
    }
    torch.manual_seed(1)
    out['loader_workers']['fresh'] = epochs(DataLoader(range(23), batch_size=4, shuffle=True, num_workers=2))

path = os.path.join(os.path.dirname(__file__), '..', '..', 'packages', 'data', 'test', 'fixtures', 'data.json')
with open(path, 'w') as f:
    json.dump(out, f)
    f.write('\n')
print('wrote', os.path.normpath(path))
