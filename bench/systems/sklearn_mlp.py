#!/usr/bin/env python3
"""scikit-learn's MLPClassifier (and MLPRegressor) on bench/run.js's cases.

    /usr/bin/python3 bench/systems/sklearn_mlp.py [--seed N] [--lr X] [--json]
    /usr/bin/python3 bench/systems/sklearn_mlp.py --case seed|wide|regression|predict --data DIR [--seed N]

seed: set up as close to the seed article as sklearn allows: hidden_layer_sizes=(5,),
logistic activation, plain full-batch gradient descent (solver='sgd', momentum=0,
batch_size = the whole training set, shuffle=False), 2000 epochs, no L2 (alpha=0),
early stopping disabled (tol=0, n_iter_no_change=epochs). Differences from the article
that sklearn does not let us remove:
  * initialisation is Glorot-uniform (random_state=seed), not N(0, 0.1^2);
  * its loss is cross-entropy in nats, so with the same lr its steps are ln 2 ~ 0.69
    times the article's (pass --lr 1.4427 to match the article's step size).
wide: hidden (64,), relu, adam, batch_size 256, lr 1e-3, alpha 0, shuffle=True, every
epoch run (tol=0, n_iter_no_change past max_iter).
regression: MLPRegressor with the wide settings (alpha 0 as wasmlp's l2, early_stopping
off), its inputs and targets standardized by StandardScaler as wasmlp does inside its
model: a Pipeline for X inside a TransformedTargetRegressor for y, so the scaling is part
of the timed fit as it is of wasmlp's. R² on the test rows in the targets' units.
predict: the seed network with the weights of wasmlp's model (weights.json), float32.
final_loss_bits is sklearn's loss_ / ln 2 (regression: final_loss, its loss_, ½ the mean
squared error of the standardized targets). Only the fit call is timed (time.perf_counter).
Without --data: the standalone seed run on make_classification's split, as before.
"""
import argparse
import json
import math
import time
import warnings

import numpy as np
from sklearn.compose import TransformedTargetRegressor
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from measure import load_set, read_json, reset_peak_rss, peak_rss, median_call_seconds, emit

SYSTEM = "scikit-learn MLPClassifier"


def load_split():
    X, y = make_classification(n_samples=10000, n_features=3, n_informative=2,
                               n_redundant=1, random_state=42)
    return train_test_split(X, y, test_size=0.2, random_state=42)


def seed_model(lr, epochs, rows, seed):
    return MLPClassifier(hidden_layer_sizes=(5,), activation="logistic", solver="sgd",
                         learning_rate_init=lr, momentum=0, batch_size=rows, max_iter=epochs,
                         alpha=0, tol=0, n_iter_no_change=epochs, shuffle=False, random_state=seed)


def wide_model(spec, seed):
    return MLPClassifier(hidden_layer_sizes=tuple(spec["hidden"]), activation=spec["activation"],
                         solver=spec["optimizer"], learning_rate_init=spec["learningRate"],
                         batch_size=spec["batchSize"], max_iter=spec["epochs"], alpha=0, tol=0,
                         n_iter_no_change=spec["epochs"] + 1, shuffle=spec["shuffle"], random_state=seed)


def regression_model(spec, seed):
    mlp = MLPRegressor(hidden_layer_sizes=tuple(spec["hidden"]), activation=spec["activation"],
                       solver=spec["optimizer"], learning_rate_init=spec["learningRate"],
                       batch_size=spec["batchSize"], max_iter=spec["epochs"], alpha=spec["l2"], tol=0,
                       n_iter_no_change=spec["epochs"] + 1, early_stopping=False, shuffle=spec["shuffle"],
                       random_state=seed)
    return TransformedTargetRegressor(regressor=make_pipeline(StandardScaler(), mlp), transformer=StandardScaler())


def regression_case(args):
    spec = load_set(args.data, args.case)
    model = regression_model(spec, args.seed)
    fit_seconds, peak, rss_before = timed_fit(model, spec["XTrain"], spec["yTrain"])
    mlp = model.regressor_[-1]
    assert mlp.n_iter_ == spec["epochs"], mlp.n_iter_
    emit({
        "case": args.case, "system": "scikit-learn MLPRegressor", "seconds": fit_seconds, "epochs": spec["epochs"],
        "rows": spec["trainRows"], "final_loss": float(mlp.loss_),
        "r2": float(model.score(spec["XTest"], spec["yTest"])),
        "peak_rss": peak, "rss_before": rss_before, "dtype": str(mlp.coefs_[0].dtype),
    })


def timed_fit(model, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        rss_before = reset_peak_rss()
        t0 = time.perf_counter()
        model.fit(X, y)
        return time.perf_counter() - t0, peak_rss(), rss_before


def fit_case(args):
    spec = load_set(args.data, args.case)
    X, y = spec["XTrain"], spec["yTrain"]
    if args.case == "seed":
        # The article's data and math are float64; sklearn would keep the file's float32.
        X = X.astype(np.float64)
        model = seed_model(spec["learningRate"], spec["epochs"], X.shape[0], args.seed)
    else:
        model = wide_model(spec, args.seed)
    fit_seconds, peak, rss_before = timed_fit(model, X, y)
    assert model.n_iter_ == spec["epochs"], model.n_iter_
    emit({
        "case": args.case, "system": SYSTEM, "seconds": fit_seconds, "epochs": spec["epochs"],
        "rows": spec["trainRows"], "final_loss_bits": float(model.loss_) / math.log(2),
        "accuracy": float(accuracy_score(spec["yTest"], model.predict(spec["XTest"].astype(X.dtype)))),
        "peak_rss": peak, "rss_before": rss_before, "dtype": str(model.coefs_[0].dtype),
    })


def predict_case(args):
    spec = read_json(args.data, "predict.json")
    seed = load_set(args.data, "seed")
    weights = read_json(args.data, "weights.json")
    # A one-iteration fit on float32 rows sets up a float32 model; then wasmlp's weights go in.
    model = seed_model(1.0, 1, 100, 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(seed["XTrain"][:100], seed["yTrain"][:100])
    model.coefs_ = [np.array(c, dtype=np.float32) for c in weights["coefs"]]
    model.intercepts_ = [np.array(b, dtype=np.float32) for b in weights["intercepts"]]
    X = np.fromfile(f"{args.data}/predict-X.bin", dtype="<f4").reshape(-1, spec["features"])
    model.predict_proba(X)
    t0 = time.perf_counter()
    model.predict_proba(X)
    proba_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    model.predict(X)
    labels_seconds = time.perf_counter() - t0
    n = X.shape[0]
    call_seconds = median_call_seconds(lambda i: model.predict_proba(X[i % n:i % n + 1]), spec["calls"])
    emit({
        "case": "predict", "system": SYSTEM, "rows": n, "calls": spec["calls"],
        "proba_seconds": proba_seconds, "labels_seconds": labels_seconds, "call_seconds": call_seconds,
        "accuracy": float(accuracy_score(seed["yTest"], model.predict(seed["XTest"]))),
    })


def standalone(args):
    X_train, X_test, y_train, y_test = load_split()
    model = seed_model(args.lr, args.epochs, X_train.shape[0], args.seed)
    fit_seconds, _, _ = timed_fit(model, X_train, y_train)
    assert model.n_iter_ == args.epochs, model.n_iter_
    y_pred = model.predict(X_test)
    acc = float(accuracy_score(y_test, y_pred))
    f1 = float(f1_score(y_test, y_pred))
    n = X_train.shape[0]
    result = {
        "system": SYSTEM,
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=0, help="MLPClassifier random_state")
    ap.add_argument("--lr", type=float, default=1.0, help="learning_rate_init")
    ap.add_argument("--epochs", type=int, default=2000)
    ap.add_argument("--json", action="store_true", help="print one JSON line")
    ap.add_argument("--data", help="bench/run.js's data directory")
    ap.add_argument("--case", choices=["seed", "wide", "regression", "predict"], default="seed")
    # bench/run.js --no-warmup passes it to every child; this one never warms up (no JIT).
    ap.add_argument("--no-warmup", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.data is None:
        standalone(args)
    elif args.case == "predict":
        predict_case(args)
    elif args.case == "regression":
        regression_case(args)
    else:
        fit_case(args)


if __name__ == "__main__":
    main()
