#!/usr/bin/env python3
"""PyTorch on bench/run.js's seed, wide and regression cases, on one thread.

    /usr/bin/python3 bench/systems/torch_mlp.py --case seed|wide|regression --data DIR [--seed N] [--no-warmup]

Each case's network as torch.nn.Sequential of Linear layers and the case's activation,
initialised as wasmlp and scikit-learn do (Glorot: weights and biases uniform in
+-sqrt(6 / (fan-in + fan-out))), on float32 tensors.
seed: 3-5-1 sigmoid, binary cross-entropy from the logit in bits
(BCEWithLogitsLoss / ln 2, as wasmlp's loss), full-batch torch.optim.SGD (lr 1.0, no
momentum), 2000 epochs; the inputs standardized inside the timed fit, as wasmlp does.
wide: 20-64-4 relu, softmax cross-entropy (CrossEntropyLoss on the logits), Adam.
wide and regression: torch.optim.Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8), batches of
256 from a new permutation of the rows each epoch, 20 epochs; inputs standardized by the
training rows' mean and standard deviation inside the timed fit. regression: 1/2 the mean
squared error of the standardized targets (scikit-learn's loss), R² on the test rows in
the targets' units. Only the fit is timed (time.perf_counter). Unless --no-warmup, a short
untimed fit first takes PyTorch's one-time set-up (its allocator, oneDNN's kernels) out of
the timing. Needs Debian's python3-torch (use /usr/bin/python3).
"""
import argparse
import math
import time

import numpy as np
import torch

from measure import load_set, reset_peak_rss, peak_rss, emit

SYSTEM = "PyTorch (1 thread)"
WARMUP_ROWS, WARMUP_EPOCHS = 5120, 2


ACTIVATIONS = {"relu": torch.nn.ReLU, "sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh}
LN2 = math.log(2)


def outputs(spec):
    """Output units: one for regression and for two classes, else one per class."""
    classes = spec.get("classes", 2)
    return 1 if spec.get("task") == "regression" or classes == 2 else classes


def network(spec, seed):
    torch.manual_seed(seed)
    sizes = [spec["features"], *spec["hidden"], outputs(spec)]
    layers = []
    for inputs, units in zip(sizes, sizes[1:]):
        layer = torch.nn.Linear(inputs, units)
        bound = math.sqrt(6 / (inputs + units))
        with torch.no_grad():
            layer.weight.uniform_(-bound, bound)
            layer.bias.uniform_(-bound, bound)
        layers += [layer, ACTIVATIONS[spec["activation"]]()]
    return torch.nn.Sequential(*layers[:-1])


def standardizer(X):
    mean, std = X.mean(0), X.std(0, unbiased=False)
    std[std == 0] = 1
    return lambda rows: (rows - mean) / std


def fit_classifier(spec, X, y, epochs, seed):
    """seed and wide: returns (predicted labels of float32 numpy rows, last epoch's mean
    loss in bits)."""
    X, y = torch.from_numpy(X), torch.from_numpy(y)
    scale = standardizer(X)
    Xs = scale(X)
    model = network(spec, seed)
    binary = outputs(spec) == 1
    if binary:
        # In bits, as wasmlp's loss, so lr 1 takes the steps wasmlp and the article take.
        bce = torch.nn.BCEWithLogitsLoss()
        yt = y.to(torch.float32).unsqueeze(1)
        loss_of = lambda logits, target: bce(logits, target) / LN2
    else:
        ce = torch.nn.CrossEntropyLoss()
        yt = y.to(torch.int64)
        loss_of = lambda logits, target: ce(logits, target) / LN2
    if spec["optimizer"] == "gd":
        optimizer = torch.optim.SGD(model.parameters(), lr=spec["learningRate"])
        batch, shuffle = Xs.shape[0], False
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=spec["learningRate"])
        batch, shuffle = spec["batchSize"], spec["shuffle"]
    generator = torch.Generator().manual_seed(seed)
    rows = Xs.shape[0]
    total = 0.0
    for _ in range(epochs):
        order = torch.randperm(rows, generator=generator) if shuffle else None
        Xe, ye = (Xs[order], yt[order]) if shuffle else (Xs, yt)
        total = 0.0
        for start in range(0, rows, batch):
            xb, yb = Xe[start:start + batch], ye[start:start + batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_of(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * xb.shape[0]

    def predict(rows_in):
        with torch.no_grad():
            logits = model(scale(torch.from_numpy(rows_in)))
            return (logits[:, 0] > 0).numpy().astype(np.int32) if binary else logits.argmax(1).numpy().astype(np.int32)

    return predict, total / rows


def fit(spec, X, y, epochs, seed):
    """regression: trains on float32 numpy rows; returns (predict, last epoch's mean loss)."""
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
    ap.add_argument("--case", choices=["seed", "wide", "regression"], required=True)
    ap.add_argument("--no-warmup", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    spec = load_set(args.data, args.case)
    X, y = spec["XTrain"], spec["yTrain"]
    regression = spec.get("task") == "regression"
    train = fit if regression else fit_classifier
    if not args.no_warmup:
        train(spec, X[:WARMUP_ROWS], y[:WARMUP_ROWS], WARMUP_EPOCHS, args.seed)
    rss_before = reset_peak_rss()
    t0 = time.perf_counter()
    predict, final_loss = train(spec, X, y, spec["epochs"], args.seed)
    fit_seconds = time.perf_counter() - t0
    peak = peak_rss()
    if regression:
        quality = {"final_loss": final_loss, "r2": float(r2(spec["yTest"], predict(spec["XTest"])))}
    else:
        quality = {"final_loss_bits": final_loss, "accuracy": float(np.mean(predict(spec["XTest"]) == spec["yTest"]))}
    emit({
        "case": args.case, "system": SYSTEM, "seconds": fit_seconds, "epochs": spec["epochs"],
        "rows": spec["trainRows"], **quality, "peak_rss": peak, "rss_before": rss_before, "torch": torch.__version__,
    })


if __name__ == "__main__":
    main()
