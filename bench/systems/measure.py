"""What the Python children of bench/run.js share (the twin of measure.js): reading the
data files bench/cases.js wrote, peak-RSS bookkeeping, per-call timing, the JSON line out."""
import json
import os
import time

import numpy as np


def load_set(data_dir, name):
    """A data set written by bench/cases.js: the spec plus XTrain/XTest (float32) and
    yTrain/yTest (int32 labels, or float32 targets for a regression case)."""
    with open(os.path.join(data_dir, name + ".json")) as f:
        spec = json.load(f)
    for part in ("XTrain", "yTrain", "XTest", "yTest"):
        dtype = "<f4" if part.startswith("X") or spec.get("task") == "regression" else "<i4"
        values = np.fromfile(os.path.join(data_dir, f"{name}-{part}.bin"), dtype=dtype)
        spec[part] = values.reshape(-1, spec["features"]) if part.startswith("X") else values
    return spec


def read_json(data_dir, name):
    with open(os.path.join(data_dir, name)) as f:
        return json.load(f)


def _status(field):
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def reset_peak_rss():
    """Resets the kernel's peak-RSS mark (Linux: "5" to /proc/self/clear_refs) so that the
    peak read after a fit is the fit's own; returns the RSS now, in bytes."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass
    return _status("VmRSS")


def peak_rss():
    """Peak RSS in bytes since the last reset (VmHWM), or the process's max RSS."""
    peak = _status("VmHWM")
    if peak is None:
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return peak


def median_call_seconds(fn, calls, warmup=1000):
    for i in range(min(warmup, calls)):
        fn(i)
    times = []
    for i in range(calls):
        start = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - start)
    return sorted(times)[calls // 2]


def emit(result):
    """The child's answer: one JSON line, last on stdout."""
    print()
    print(json.dumps(result), flush=True)
