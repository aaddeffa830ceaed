#!/usr/bin/env python3
"""scikit-learn's MLPClassifier set up as close to the seed article as it allows.

    /usr/bin/python3 bench/sklearn_seed.py [--seed N] [--lr X] [--json]

hidden_layer_sizes=(5,), logistic activation, plain full-batch gradient descent
(solver='sgd', momentum=0, batch_size=8000 = whole training set, shuffle=False),
2000 epochs, no L2 (alpha=0), early stopping disabled (tol=0, n_iter_no_change=2000).
Differences from the article that sklearn does not let us remove:
  * initialisation is Glorot-uniform (random_state=seed), not N(0, 0.1^2);
  * its loss is cross-entropy in nats, so with the same lr its steps are ln 2 ~ 0.69
    times the article's (pass --lr 1.4427 to match the article's step size).
final_loss is reported in bits (sklearn's loss_ / ln 2) to compare with the article.
Only the fit call is timed (time.perf_counter).
"""
import argparse
import json
import math
import time
import warnings

import numpy as np
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier


def load_split():
    X, y = make_classification(n_samples=10000, n_features=3, n_informative=2,
                               n_redundant=1, random_state=42)
    return train_test_split(X, y, test_size=0.2, random_state=42)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=0, help="MLPClassifier random_state")
    ap.add_argument("--lr", type=float, default=1.0, help="learning_rate_init")
    ap.add_argument("--epochs", type=int, default=2000)
    ap.add_argument("--json", action="store_true", help="print one JSON line")
    args = ap.parse_args()

    X_train, X_test, y_train, y_test = load_split()
    model = MLPClassifier(hidden_layer_sizes=(5,), activation="logistic", solver="sgd",
                          learning_rate_init=args.lr, momentum=0,
                          batch_size=X_train.shape[0], max_iter=args.epochs, alpha=0,
                          tol=0, n_iter_no_change=args.epochs, shuffle=False,
                          random_state=args.seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        t0 = time.perf_counter()
        model.fit(X_train, y_train)
        fit_seconds = time.perf_counter() - t0
    assert model.n_iter_ == args.epochs, model.n_iter_

    y_pred = model.predict(X_test)
    acc = float(accuracy_score(y_test, y_pred))
    f1 = float(f1_score(y_test, y_pred))
    n = X_train.shape[0]
    result = {
        "system": "scikit-learn MLPClassifier",
        "fit_seconds": round(fit_seconds, 4),
        "ns_per_sample_epoch": round(fit_seconds / (n * args.epochs) * 1e9, 2),
        "accuracy": acc,
        "f1": f1,
        "final_loss": float(model.loss_) / math.log(2),
        "seed": args.seed,
        "lr": args.lr,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"accuracy: {acc:.4f}  F1: {f1:.4f}  final loss {result['final_loss']:.4f} bits  "
              f"fit {fit_seconds:.2f} s ({result['ns_per_sample_epoch']} ns/sample-epoch)")


if __name__ == "__main__":
    main()
