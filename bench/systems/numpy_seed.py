#!/usr/bin/env python3
"""The seed article's MLP351Classifier in numpy, as the article wrote it.

    /usr/bin/python3 bench/systems/numpy_seed.py [--seed N] [--float32] [--epochs N] [--json]
    /usr/bin/python3 bench/systems/numpy_seed.py --case seed|predict --data DIR [--seed N]

3-5-1 sigmoid network, full-batch gradient descent, binary cross-entropy in bits,
lr 1.0, 2000 epochs, weights and biases ~ N(0, 0.1^2) drawn with np.random.randn
after np.random.seed(N). Data: make_classification(n_samples=10000, n_features=3,
n_informative=2, n_redundant=1, random_state=42), train_test_split(test_size=0.2,
random_state=42). Only the fit call is timed (time.perf_counter).

With --data (bench/run.js): the same split as the float32 files bench/cases.js wrote
(widened to float64, the article's dtype), epochs and lr from its spec, and one JSON
line in the harness's format; --case predict times the article's forward pass and
predict on the harness's rows with the weights of wasmlp's model (weights.json).

--float32 casts X, y and the initial weights/biases to np.float32 (the arithmetic
then stays float32; checked after fit). Not part of the article: a probe of
whether float32 storage changes the result.

For benchmark numbers, a harness may unset OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE for
this one command (env -u ...); do not change them globally.
Needs numpy + scikit-learn (Debian: python3-sklearn; use /usr/bin/python3).
"""
import argparse
import json
import time
from typing import List, Tuple

import numpy as np
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split
from sklearn.metrics import accuracy_score, f1_score

from measure import load_set, read_json, reset_peak_rss, peak_rss, median_call_seconds, emit

SYSTEM = "numpy (seed article)"


class MLP351Classifier(object):
    """
    Class to encapsulate a Multilayer Perceptron / FeedForward Neural Network classifier
    (the seed article's code; only the optional dtype argument is added)
    """
    def __init__(self, lr: float = 1e-2, epoches: int = 100, dtype=np.float64) -> None:
        self.lr = lr
        self.epoches = epoches
        self.layers = [3, 5, 1]
        self.weights = []
        self.biases = []
        self.loss = []
        self.dtype = dtype

    def _loss(self, y_true: np.array, y_pred: np.array) -> np.array:
        return -y_true*np.log2(y_pred) - (1 - y_true)*np.log2(1 - y_pred)

    def _derivative_loss(self, y_true: np.array, y_pred: np.array) -> np.array:
        return -(1/np.log(2))*((y_true/y_pred) - ((1-y_true)/(1-y_pred)))

    def _sigmoid(self, z: np.array) -> np.array:
        return 1/(1+np.exp(-z))

    def _derivative_sigmoid(self, z: np.array) -> np.array:
        return self._sigmoid(z)*(1 - self._sigmoid(z))

    def _forward_pass(self, X: np.array) -> Tuple[List[np.array], List[np.array]]:
        # record from input layer
        input_to_layer = np.copy(X)
        activations = [input_to_layer]
        derivatives = [np.zeros(X.shape)]
        # hidden layer
        z_i = np.matmul(self.weights[0], input_to_layer) + self.biases[0]
        input_to_layer = self._sigmoid(z_i)
        activations.append(input_to_layer)
        derivatives.append(self._derivative_sigmoid(z_i))
        # output layer
        z_i = np.matmul(self.weights[1], input_to_layer) + self.biases[1]
        input_to_layer = self._sigmoid(z_i)
        activations.append(input_to_layer)
        derivatives.append(self._derivative_sigmoid(z_i))
        return (activations, derivatives)

    def _backward_pass(self, activations, derivatives, y):
        # record loss
        self.loss.append((1/y.shape[1])*np.sum(self._loss(y, activations[-1])))
        # output layer
        dl_dy2 = self._derivative_loss(y, activations[2])
        dl_dz2 = np.multiply(dl_dy2, derivatives[2])
        dl_dw2 = (1/y.shape[1])*np.matmul(dl_dz2, activations[1].T)
        dl_db2 = (1/y.shape[1])*np.sum(dl_dz2, axis=1)
        # hidden layer
        dl_dy1 = np.matmul(self.weights[1].T, dl_dz2)
        dl_dz1 = np.multiply(dl_dy1, derivatives[1])
        dl_dw1 = (1/y.shape[1])*np.matmul(dl_dz1, activations[0].T)
        dl_db1 = (1/y.shape[1])*np.sum(dl_dz1, axis=1)
        return ([dl_dw1, dl_dw2], [dl_db1, dl_db2])

    def _update_weights(self, dl_dw, dl_db) -> None:
        self.weights[0] -= self.lr*dl_dw[0]
        self.weights[1] -= self.lr*dl_dw[1]
        self.biases[0] -= self.lr*dl_db[0].reshape(-1, 1)
        self.biases[1] -= self.lr*dl_db[1].reshape(-1, 1)

    def fit(self, X: np.array, y: np.array) -> None:
        # initialise the model parameters
        self.weights.clear()
        self.biases.clear()
        self.loss.clear()
        for idx in range(len(self.layers)-1):
            self.weights.append((np.random.randn(self.layers[idx+1], self.layers[idx]) * 0.1).astype(self.dtype))
            self.biases.append((np.random.randn(self.layers[idx+1], 1) * 0.1).astype(self.dtype))
        # loop through each epoch
        for _ in range(self.epoches):
            activations, derivatives = self._forward_pass(X.T)
            dl_dw, dl_db = self._backward_pass(activations, derivatives, y.T)
            self._update_weights(dl_dw, dl_db)

    def predict(self, X: np.array) -> np.array:
        activations, _ = self._forward_pass(X.T)
        return np.rint(activations[2]).reshape(-1)


def load_split():
    X, y = make_classification(n_samples=10000, n_features=3, n_informative=2,
                               n_redundant=1, random_state=42)
    return train_test_split(X, y, test_size=0.2, random_state=42)


def fit_case(args):
    spec = load_set(args.data, "seed")
    X_train = spec["XTrain"].astype(np.float64)
    y_fit = spec["yTrain"].reshape(-1, 1).astype(np.float64)
    np.random.seed(args.seed)
    model = MLP351Classifier(lr=spec["learningRate"], epoches=spec["epochs"])
    rss_before = reset_peak_rss()
    t0 = time.perf_counter()
    model.fit(X_train, y_fit)
    fit_seconds = time.perf_counter() - t0
    emit({
        "case": "seed", "system": SYSTEM, "seconds": fit_seconds, "epochs": spec["epochs"],
        "rows": spec["trainRows"], "final_loss_bits": float(model.loss[-1]),
        "accuracy": float(accuracy_score(spec["yTest"], model.predict(spec["XTest"].astype(np.float64)))),
        "peak_rss": peak_rss(), "rss_before": rss_before,
    })


def predict_case(args):
    spec = read_json(args.data, "predict.json")
    seed = load_set(args.data, "seed")
    weights = read_json(args.data, "weights.json")
    model = MLP351Classifier()
    # wasmlp's coefs are [inputs][units]; the article's weights are [units][inputs].
    model.weights = [np.array(c, dtype=np.float64).T.copy() for c in weights["coefs"]]
    model.biases = [np.array(b, dtype=np.float64).reshape(-1, 1) for b in weights["intercepts"]]
    X = np.fromfile(f"{args.data}/predict-X.bin", dtype="<f4").reshape(-1, spec["features"])
    proba = lambda rows: model._forward_pass(rows.T)[0][-1]
    proba(X)
    t0 = time.perf_counter()
    proba(X)
    proba_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    model.predict(X)
    labels_seconds = time.perf_counter() - t0
    n = X.shape[0]
    call_seconds = median_call_seconds(lambda i: proba(X[i % n:i % n + 1]), spec["calls"])
    emit({
        "case": "predict", "system": SYSTEM, "rows": n, "calls": spec["calls"],
        "proba_seconds": proba_seconds, "labels_seconds": labels_seconds, "call_seconds": call_seconds,
        "accuracy": float(accuracy_score(seed["yTest"], model.predict(seed["XTest"]))),
    })


def standalone(args):
    dtype = np.float32 if args.float32 else np.float64
    X_train, X_test, y_train, y_test = load_split()
    X_train = X_train.astype(dtype)
    X_test = X_test.astype(dtype)
    y_fit = y_train.reshape(-1, 1).astype(dtype)

    if args.seed is not None:
        np.random.seed(args.seed)
    model = MLP351Classifier(lr=args.lr, epoches=args.epochs, dtype=dtype)
    t0 = time.perf_counter()
    model.fit(X_train, y_fit)
    fit_seconds = time.perf_counter() - t0
    for a in model.weights + model.biases:
        assert a.dtype == dtype, a.dtype

    y_pred = model.predict(X_test)
    acc = float(accuracy_score(y_test, y_pred))
    f1 = float(f1_score(y_test, y_pred))
    n = X_train.shape[0]
    result = {
        "system": SYSTEM + (" float32" if args.float32 else ""),
        "fit_seconds": round(fit_seconds, 4),
        "ns_per_sample_epoch": round(fit_seconds / (n * args.epochs) * 1e9, 2),
        "accuracy": acc,
        "f1": f1,
        "final_loss": float(model.loss[-1]),
    }
    if args.seed is not None:
        result["seed"] = args.seed
    if args.json:
        print(json.dumps(result))
    else:
        print(f"accuracy: {acc:.2f} and F1 score: {f1:.2f}  "
              f"(exact {acc:.4f} / {f1:.4f}, final loss {result['final_loss']:.4f} bits, "
              f"fit {fit_seconds:.2f} s, {result['ns_per_sample_epoch']} ns/sample-epoch)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=None,
                    help="np.random.seed before fit (default: unseeded, as in the article)")
    ap.add_argument("--epochs", type=int, default=2000)
    ap.add_argument("--lr", type=float, default=1.0)
    ap.add_argument("--float32", action="store_true",
                    help="cast X, y, weights and biases to float32")
    ap.add_argument("--json", action="store_true", help="print one JSON line")
    ap.add_argument("--data", help="bench/run.js's data directory")
    ap.add_argument("--case", choices=["seed", "predict"], default="seed")
    # bench/run.js --no-warmup passes it to every child; this one never warms up (no JIT).
    ap.add_argument("--no-warmup", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.data is None:
        standalone(args)
    elif args.case == "seed":
        fit_case(args)
    else:
        predict_case(args)


if __name__ == "__main__":
    main()
