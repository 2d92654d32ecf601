# PyTorch's time for the benchmark's two jobs, for comparison with `npm run bench` (not part of it:
# the project does not depend on PyTorch). PyTorch eager mode, float64, batched tensors, forward and
# backward, hinge loss + 1e-4 * L2:
#   demo  micrograd's demo MLP 2-16-16-1 with the fixture's initial parameters on its 100 points
#         (the same numbers as bench/mlp-job.ts: the step-0 loss is checked against micrograd's);
#   w2    MLP 2-64-64-1 on 1,000 moons points (scikit-learn's make_moons recipe with noise 0.1 from
#         NumPy's seed 1337, weights uniform in [-1, 1]): the same shapes and work as the bench's
#         larger workload, not the same numbers.
# Run it right after `npm run bench` on the same machine; only figures measured side by side compare.
#
#   /usr/bin/python3 bench/pytorch-reference.py [threads]     (Debian: apt-get install python3-torch)

import json
import math
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 1)

demo = json.loads((Path(__file__).parent.parent / 'fixtures' / 'micrograd-demo.json').read_text())


def mlp(sizes, flat):
    """Layers (W, b) from micrograd's parameter order: neuron by neuron, its weights then its bias."""
    k, layers = 0, []
    for nin, nout in zip(sizes[:-1], sizes[1:]):
        W = torch.zeros(nout, nin, dtype=torch.float64)
        b = torch.zeros(nout, dtype=torch.float64)
        for j in range(nout):
            W[j] = torch.tensor(flat[k : k + nin], dtype=torch.float64)
            b[j] = flat[k + nin]
            k += nin + 1
        layers.append((W.requires_grad_(), b.requires_grad_()))
    return layers


def job(X, y, layers):
    params = [t for layer in layers for t in layer]

    def step():
        for t in params:
            t.grad = None
        h = X
        for i, (W, b) in enumerate(layers):
            h = h @ W.T + b
            if i < len(layers) - 1:
                h = h.relu()
        loss = (1 - y * h[:, 0]).relu().mean() + 1e-4 * sum((t * t).sum() for t in params)
        loss.backward()
        return loss.item()

    return step


def moons(n, noise, seed):
    """scikit-learn's make_moons(n, noise=noise) after np.random.seed(seed), labels as ±1."""
    rng = np.random.RandomState(seed)
    n_out = n // 2
    t_out, t_in = np.linspace(0, math.pi, n_out), np.linspace(0, math.pi, n - n_out)
    X = np.vstack([
        np.append(np.cos(t_out), 1 - np.cos(t_in)),
        np.append(np.sin(t_out), 1 - np.sin(t_in) - 0.5),
    ]).T
    y = np.hstack([np.zeros(n_out), np.ones(n - n_out)])
    order = rng.permutation(n)
    X, y = X[order], y[order]
    X = X + rng.normal(scale=noise, size=X.shape)
    return torch.tensor(X, dtype=torch.float64), torch.tensor(2 * y - 1, dtype=torch.float64)


def timed(step, warmup, runs, steps):
    for _ in range(warmup):
        step()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        times.append((time.perf_counter() - t0) / steps * 1e3)
    return statistics.median(times)


demo_step = job(
    torch.tensor(demo['X'], dtype=torch.float64),
    torch.tensor(demo['y'], dtype=torch.float64),
    mlp([2, 16, 16, 1], demo['initial_parameters']),
)
print(f'demo step-0 loss {demo_step()} (micrograd: {demo["trajectory"][0]["loss"]})')
demo_ms = timed(demo_step, 200, 15, 100)

w2_sizes = [2, 64, 64, 1]
count = sum(o * (i + 1) for i, o in zip(w2_sizes[:-1], w2_sizes[1:]))
weights = np.random.RandomState(1337).uniform(-1, 1, count).tolist()
w2_step = job(*moons(1000, 0.1, 1337), mlp(w2_sizes, weights))
w2_ms = timed(w2_step, 20, 15, 10)

print(
    f'PyTorch {torch.__version__}, {torch.get_num_threads()} thread(s), float64 eager, medians of 15 runs:\n'
    f'  demo (MLP 2-16-16-1, 100 points):   {demo_ms:.3f} ms/step\n'
    f'  w2   (MLP 2-64-64-1, 1,000 points): {w2_ms:.3f} ms/step'
)
print(json.dumps({'pytorch': {'demo': demo_ms, 'w2': w2_ms}}))
