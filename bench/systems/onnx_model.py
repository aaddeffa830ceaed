#!/usr/bin/env python3
"""A wasmlp model file (toJSON's form) as an ONNX graph, for bench/run.js's
onnxruntime-node peer:

    /usr/bin/python3 bench/systems/onnx_model.py MODEL.json OUT.onnx

The graph computes what wasmlp's predictProba does, on float32: (x - mean) / scale when
the model has a scaler, then per layer MatMul by the transposed weights and Add of the
biases, the hidden activation, and at the end a Sigmoid (one output) or a Softmax over
the classes. Input "X" [N, features], output "P" [N, outputs]. Needs python3-onnx.
"""
import json
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ACTIVATIONS = {"sigmoid": "Sigmoid", "tanh": "Tanh", "relu": "Relu"}


def layers(model):
    """(weights [out x in], biases [out]) per layer, from the flat params."""
    params = np.asarray(model["params"], dtype=np.float32)
    sizes, at, out = model["sizes"], 0, []
    for inputs, units in zip(sizes, sizes[1:]):
        weights = params[at:at + units * inputs].reshape(units, inputs)
        at += units * inputs
        out.append((weights, params[at:at + units]))
        at += units
    return out


def graph(model):
    nodes, inits, current = [], [], "X"

    def constant(name, value):
        inits.append(numpy_helper.from_array(np.asarray(value, dtype=np.float32), name))
        return name

    def node(op, inputs, name, **attrs):
        nodes.append(helper.make_node(op, inputs, [name], **attrs))
        return name

    if model.get("scaler"):
        current = node("Sub", [current, constant("mean", model["scaler"]["mean"])], "centred")
        current = node("Div", [current, constant("scale", model["scaler"]["scale"])], "scaled")
    stack = layers(model)
    for i, (weights, biases) in enumerate(stack):
        current = node("MatMul", [current, constant(f"W{i}", weights.T.copy())], f"product{i}")
        current = node("Add", [current, constant(f"b{i}", biases)], f"logits{i}")
        if i < len(stack) - 1:
            current = node(ACTIVATIONS[model["activation"]], [current], f"hidden{i}")
    outputs = model["sizes"][-1]
    if outputs == 1:
        node("Sigmoid", [current], "P")
    else:
        node("Softmax", [current], "P", axis=1)
    features = model["sizes"][0]
    return helper.make_graph(
        nodes, "wasmlp_mlp",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [None, features])],
        [helper.make_tensor_value_info("P", TensorProto.FLOAT, [None, outputs])],
        inits,
    )


def main():
    source, target = sys.argv[1:3]
    with open(source) as f:
        model = json.load(f)
    onnx_model = helper.make_model(graph(model), opset_imports=[helper.make_opsetid("", 13)])
    onnx_model.ir_version = 8
    onnx.checker.check_model(onnx_model)
    onnx.save(onnx_model, target)


if __name__ == "__main__":
    main()
