# PyTorch's time for the benchmark's demo job, for comparison with `npm run bench` (not part of it:
# the project does not depend on PyTorch). Same job as bench/mlp-job.ts: micrograd's demo MLP
# 2-16-16-1 with the fixture's initial parameters, hinge loss + 1e-4 * L2 over 100 points, forward
# and backward, in float64 eager mode with batched tensors.
#
#   python3 bench/pytorch-reference.py [threads]

import json
import statistics
import sys
import time
from pathlib import Path

import torch

if len(sys.argv) > 1:
    torch.set_num_threads(int(sys.argv[1]))

demo = json.loads(
    (Path(__file__).parent.parent / 'test' / 'fixtures' / 'micrograd-demo.json').read_text()
)
X = torch.tensor(demo['X'], dtype=torch.float64)
y = torch.tensor(demo['y'], dtype=torch.float64)

# micrograd's parameter order: layer by layer, neuron by neuron, its weights then its bias
flat, k, layers = demo['initial_parameters'], 0, []
sizes = [2, 16, 16, 1]
for nin, nout in zip(sizes[:-1], sizes[1:]):
    W = torch.zeros(nout, nin, dtype=torch.float64)
    b = torch.zeros(nout, dtype=torch.float64)
    for j in range(nout):
        W[j] = torch.tensor(flat[k : k + nin], dtype=torch.float64)
        b[j] = flat[k + nin]
        k += nin + 1
    layers.append((W.requires_grad_(), b.requires_grad_()))
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


print(f'step-0 loss {step()} (micrograd: {demo["trajectory"][0]["loss"]})')
for _ in range(200):
    step()
runs = []
for _ in range(15):
    t0 = time.perf_counter()
    for _ in range(100):
        step()
    runs.append((time.perf_counter() - t0) / 100 * 1e3)
print(
    f'PyTorch {torch.__version__}, {torch.get_num_threads()} threads: '
    f'{statistics.median(runs):.3f} ms/step (median of 15 runs of 100 steps)'
)
