// The "hand-written" baseline of bench/: the benchmark's two networks as one would write
// them in plain JavaScript, Float64Arrays and one sample at a time, no WebAssembly.
// Losses are computed from the logits (docs/ARCHITECTURE.md says why).

/** mulberry32: a small seeded generator of uniforms in [0, 1). */
function uniforms(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Box-Muller: one standard normal from two uniforms.
const normal = (uniform) => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
const sigmoid = (z) => 1 / (1 + Math.exp(-z));

/**
 * The seed: features-hidden-1 sigmoid network, full-batch gradient descent on binary
 * cross-entropy in bits, weights and biases from N(0, 0.1²).
 * W1 is [hidden][features]; returns the weights and the loss per epoch (bits).
 */
export function fitBinaryGD(X, y, { rows, features, hidden, learningRate, epochs, seed }) {
  const uniform = uniforms(seed);
  const draw = (n) => Float64Array.from({ length: n }, () => 0.1 * normal(uniform));
  const W1 = draw(hidden * features), b1 = draw(hidden), w2 = draw(hidden), b2 = draw(1);
  const gW1 = new Float64Array(W1.length), gb1 = new Float64Array(hidden), gw2 = new Float64Array(hidden);
  const h = new Float64Array(hidden);
  const loss = new Float64Array(epochs);
  for (let epoch = 0; epoch < epochs; epoch++) {
    gW1.fill(0); gb1.fill(0); gw2.fill(0);
    let gb2 = 0, total = 0;
    for (let r = 0; r < rows; r++) {
      const x = r * features;
      let z2 = b2[0];
      for (let j = 0; j < hidden; j++) {
        let z = b1[j];
        for (let k = 0; k < features; k++) z += W1[j * features + k] * X[x + k];
        h[j] = sigmoid(z);
        z2 += w2[j] * h[j];
      }
      const t = y[r];
      total += Math.max(z2, 0) - z2 * t + Math.log1p(Math.exp(-Math.abs(z2)));
      const d2 = (sigmoid(z2) - t) / Math.LN2;
      gb2 += d2;
      for (let j = 0; j < hidden; j++) {
        gw2[j] += d2 * h[j];
        const d1 = d2 * w2[j] * h[j] * (1 - h[j]);
        gb1[j] += d1;
        for (let k = 0; k < features; k++) gW1[j * features + k] += d1 * X[x + k];
      }
    }
    loss[epoch] = total / rows / Math.LN2;
    const step = learningRate / rows;
    for (let i = 0; i < W1.length; i++) W1[i] -= step * gW1[i];
    for (let j = 0; j < hidden; j++) { b1[j] -= step * gb1[j]; w2[j] -= step * gw2[j]; }
    b2[0] -= step * gb2;
  }
  return { W1, b1, w2, b2: b2[0], features, hidden, loss };
}

/** P(class 1) of each row of X under a {@link fitBinaryGD} network, into `out`. */
export function predictBinary({ W1, b1, w2, b2, features, hidden }, X, rows, out = new Float64Array(rows)) {
  for (let r = 0; r < rows; r++) {
    let z2 = b2;
    for (let j = 0; j < hidden; j++) {
      let z = b1[j];
      for (let k = 0; k < features; k++) z += W1[j * features + k] * X[r * features + k];
      z2 += w2[j] * sigmoid(z);
    }
    out[r] = sigmoid(z2);
  }
  return out;
}

// One sample forward through features-hidden-classes relu/softmax: fills h and p.
function forwardSoftmax(net, X, x, h, p) {
  const { W1, b1, W2, b2, features, hidden, classes } = net;
  h.set(b1);
  for (let k = 0; k < features; k++) {
    const xk = X[x + k];
    for (let j = 0; j < hidden; j++) h[j] += xk * W1[k * hidden + j];
  }
  for (let j = 0; j < hidden; j++) if (h[j] < 0) h[j] = 0;
  let max = -Infinity;
  for (let c = 0; c < classes; c++) {
    let z = b2[c];
    for (let j = 0; j < hidden; j++) z += h[j] * W2[j * classes + c];
    p[c] = z;
    if (z > max) max = z;
  }
  let sum = 0;
  for (let c = 0; c < classes; c++) sum += (p[c] = Math.exp(p[c] - max));
  for (let c = 0; c < classes; c++) p[c] /= sum;
}

/**
 * The wide task: features-hidden-classes, relu then softmax, Adam on mini-batches of the
 * rows reshuffled every epoch, categorical cross-entropy (nats, as scikit-learn), weights
 * and biases Glorot-uniform (scikit-learn's). W1 is [features][hidden], W2 [hidden][classes].
 */
export function fitSoftmaxAdam(X, y, { rows, features, hidden, classes, learningRate, batchSize, epochs, seed, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 }) {
  const uniform = uniforms(seed);
  const sizes = [features * hidden, hidden, hidden * classes, classes];
  const params = new Float64Array(sizes.reduce((a, b) => a + b));
  const grads = new Float64Array(params.length), m = new Float64Array(params.length), v = new Float64Array(params.length);
  const views = (array) => {
    let at = 0;
    return sizes.map((n) => array.subarray(at, (at += n)));
  };
  const [W1, b1, W2, b2] = views(params);
  const [gW1, gb1, gW2, gb2] = views(grads);
  for (const [fanIn, fanOut, list] of [[features, hidden, [W1, b1]], [hidden, classes, [W2, b2]]]) {
    const bound = Math.sqrt(6 / (fanIn + fanOut));
    for (const a of list) for (let i = 0; i < a.length; i++) a[i] = bound * (2 * uniform() - 1);
  }
  const net = { W1, b1, W2, b2, features, hidden, classes };
  const order = Uint32Array.from({ length: rows }, (_, i) => i);
  const h = new Float64Array(hidden), p = new Float64Array(classes), dh = new Float64Array(hidden);
  const loss = new Float64Array(epochs);
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = rows - 1; i > 0; i--) {
      const j = Math.floor(uniform() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    let total = 0;
    for (let start = 0; start < rows; start += batchSize) {
      const n = Math.min(batchSize, rows - start);
      grads.fill(0);
      for (let s = start; s < start + n; s++) {
        const r = order[s], x = r * features;
        forwardSoftmax(net, X, x, h, p);
        total -= Math.log(Math.max(p[y[r]], 1e-300));
        dh.fill(0);
        for (let c = 0; c < classes; c++) {
          const dz = (p[c] - (c === y[r] ? 1 : 0)) / n;
          gb2[c] += dz;
          for (let j = 0; j < hidden; j++) {
            gW2[j * classes + c] += h[j] * dz;
            dh[j] += W2[j * classes + c] * dz;
          }
        }
        for (let j = 0; j < hidden; j++) if (h[j] <= 0) dh[j] = 0;
        for (let j = 0; j < hidden; j++) gb1[j] += dh[j];
        for (let k = 0; k < features; k++) {
          const xk = X[x + k];
          for (let j = 0; j < hidden; j++) gW1[k * hidden + j] += xk * dh[j];
        }
      }
      // Adam with scikit-learn's bias correction folded into the step size.
      step++;
      const rate = (learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
      for (let i = 0; i < params.length; i++) {
        const g = grads[i];
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        params[i] -= (rate * m[i]) / (Math.sqrt(v[i]) + epsilon);
      }
    }
    loss[epoch] = total / rows;
  }
  return { ...net, loss };
}

/** The most probable class of each row of X under a {@link fitSoftmaxAdam} network. */
export function predictSoftmax(net, X, rows) {
  const h = new Float64Array(net.hidden), p = new Float64Array(net.classes);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    forwardSoftmax(net, X, r * net.features, h, p);
    let best = 0;
    for (let c = 1; c < net.classes; c++) if (p[c] > p[best]) best = c;
    labels[r] = best;
  }
  return labels;
}
