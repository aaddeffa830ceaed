#!/usr/bin/env python3
"""PyTorch on bench/run.js's regression case, on one thread.

    /usr/bin/python3 bench/systems/torch_mlp.py --case regression --data DIR [--seed N] [--no-warmup]

The case's network as torch.nn.Sequential(Linear, ReLU, Linear), initialised as wasmlp and
scikit-learn do (Glorot: weights and biases uniform in +-sqrt(6 / (fan-in + fan-out))),
trained by torch.optim.Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8) on 1/2 the mean squared
error of the standardized targets (scikit-learn's loss), batches of 256 from a new
permutation of the rows each epoch, 20 epochs. Inputs and targets are standardized with
the training rows' mean and standard deviation inside the timed fit, as wasmlp does.
R² on the test rows in the targets' units. Only the fit is timed (time.perf_counter),
after a short untimed fit that takes PyTorch's one-time set-up (its allocator, oneDNN's
kernels) out of the timing. Needs Debian's python3-torch (use /usr/bin/python3).
"""
import argparse
import math
import time

import numpy as np
import torch

from measure import load_set, reset_peak_rss, peak_rss, emit

SYSTEM = "PyTorch (1 thread)"
WARMUP_ROWS, WARMUP_EPOCHS = 5120, 2


def network(spec, seed):
    torch.manual_seed(seed)
    sizes = [spec["features"], *spec["hidden"], 1]
    layers = []
    for inputs, units in zip(sizes, sizes[1:]):
        layer = torch.nn.Linear(inputs, units)
        bound = math.sqrt(6 / (inputs + units))
        with torch.no_grad():
            layer.weight.uniform_(-bound, bound)
            layer.bias.uniform_(-bound, bound)
        layers += [layer, torch.nn.ReLU()]
    return torch.nn.Sequential(*layers[:-1])


def fit(spec, X, y, epochs, seed):
    """Trains on float32 numpy rows; returns (predict, last epoch's mean loss)."""
    X, y = torch.from_numpy(X), torch.from_numpy(y)
    x_mean, x_std = X.mean(0), X.std(0, unbiased=False)
    x_std[x_std == 0] = 1
    y_mean, y_std = y.mean(), y.std(unbiased=False)
    Xs, ys = (X - x_mean) / x_std, ((y - y_mean) / y_std).unsqueeze(1)
    model = network(spec, seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=spec["learningRate"])
    generator = torch.Generator().manual_seed(seed)
    rows, batch = Xs.shape[0], spec["batchSize"]
    for _ in range(epochs):
        # One gather per epoch, then each batch is a view of consecutive rows.
        order = torch.randperm(rows, generator=generator)
        Xe, ye = Xs[order], ys[order]
        total = 0.0
        for start in range(0, rows, batch):
            xb, yb = Xe[start:start + batch], ye[start:start + batch]
            optimizer.zero_grad(set_to_none=True)
            loss = 0.5 * (model(xb) - yb).square().mean()
            loss.backward()
            optimizer.step()
            total += loss.item() * xb.shape[0]

    def predict(rows_in):
        with torch.no_grad():
            out = model((torch.from_numpy(rows_in) - x_mean) / x_std).squeeze(1)
            return (out * y_std + y_mean).numpy()

    return predict, total / rows


def r2(y_true, y_pred):
    y_true, y_pred = y_true.astype(np.float64), y_pred.astype(np.float64)
    return 1 - np.sum((y_true - y_pred) ** 2) / np.sum((y_true - y_true.mean()) ** 2)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data", required=True, help="bench/run.js's data directory")
    ap.add_argument("--case", choices=["regression"], required=True)
    ap.add_argument("--no-warmup", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    spec = load_set(args.data, args.case)
    X, y = spec["XTrain"], spec["yTrain"]
    if not args.no_warmup:
        fit(spec, X[:WARMUP_ROWS], y[:WARMUP_ROWS], WARMUP_EPOCHS, args.seed)
    rss_before = reset_peak_rss()
    t0 = time.perf_counter()
    predict, final_loss = fit(spec, X, y, spec["epochs"], args.seed)
    fit_seconds = time.perf_counter() - t0
    peak = peak_rss()
    emit({
        "case": args.case, "system": SYSTEM, "seconds": fit_seconds, "epochs": spec["epochs"],
        "rows": spec["trainRows"], "final_loss": final_loss, "r2": float(r2(spec["yTest"], predict(spec["XTest"]))),
        "peak_rss": peak, "rss_before": rss_before, "torch": torch.__version__,
    })


if __name__ == "__main__":
    main()
