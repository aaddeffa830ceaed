// An independent float64 model of the seed network, written the plain way: rows one at a
// time, every product spelled out. Tests compare the WebAssembly core against it.

const sigmoid = (z) => 1 / (1 + Math.exp(-z));

/** Forward pass of one row; returns every layer's activations and the output logit. */
export function forward(weights, row) {
  const { coefs, intercepts } = weights;
  let a = row.slice();
  const activations = [a];
  let z = 0;
  for (let l = 0; l < coefs.length; l++) {
    const units = intercepts[l].length;
    const next = [];
    for (let j = 0; j < units; j++) {
      let sum = intercepts[l][j];
      for (let k = 0; k < a.length; k++) sum += coefs[l][k][j] * a[k];
      next.push(sum);
    }
    if (l === coefs.length - 1) z = next[0];
    a = next.map(sigmoid);
    activations.push(a);
  }
  return { activations, logit: z, p: a[0] };
}

/** Mean binary cross-entropy in bits, the seed's formula (1). */
export function meanLossBits(weights, X, y) {
  let sum = 0;
  for (let i = 0; i < X.length; i++) {
    const { p } = forward(weights, X[i]);
    sum += -y[i] * Math.log2(p) - (1 - y[i]) * Math.log2(1 - p);
  }
  return sum / X.length;
}

/** Mean gradient by backpropagation with the seed's (2)·(3) chain, unsimplified. */
export function meanGradient(weights, X, y) {
  const { coefs, intercepts } = weights;
  const gCoefs = coefs.map((layer) => layer.map((row) => row.map(() => 0)));
  const gIntercepts = intercepts.map((b) => b.map(() => 0));
  for (let i = 0; i < X.length; i++) {
    const { activations, p } = forward(weights, X[i]);
    const dLossDp = -(1 / Math.LN2) * (y[i] / p - (1 - y[i]) / (1 - p));
    let delta = [dLossDp * p * (1 - p)];
    for (let l = coefs.length - 1; l >= 0; l--) {
      const below = activations[l];
      for (let j = 0; j < delta.length; j++) {
        gIntercepts[l][j] += delta[j] / X.length;
        for (let k = 0; k < below.length; k++) gCoefs[l][k][j] += (delta[j] * below[k]) / X.length;
      }
      if (l === 0) break;
      delta = below.map((a, k) => {
        let sum = 0;
        for (let j = 0; j < delta.length; j++) sum += coefs[l][k][j] * delta[j];
        return sum * a * (1 - a);
      });
    }
  }
  return { coefs: gCoefs, intercepts: gIntercepts };
}

/** One gradient-descent step: w - lr * g, entry by entry. */
export function step(weights, gradient, learningRate) {
  return {
    coefs: weights.coefs.map((layer, l) => layer.map((row, k) => row.map((w, j) => w - learningRate * gradient.coefs[l][k][j]))),
    intercepts: weights.intercepts.map((b, l) => b.map((w, j) => w - learningRate * gradient.intercepts[l][j])),
  };
}

/** Targets as columns: one column for number[], one per target for number[][]. */
const targetColumns = (y) => (Array.isArray(y[0]) ? y[0].map((_, j) => y.map((row) => row[j])) : [y]);

/** R² as scikit-learn's r2_score computes it, averaged uniformly over the targets, in
 *  float64: the reference every regression test compares the library's scores with. */
export function r2(yTrue, yPred) {
  const truth = targetColumns(yTrue);
  const predicted = targetColumns(yPred);
  let sum = 0;
  truth.forEach((t, j) => {
    const mean = t.reduce((s, v) => s + v, 0) / t.length;
    let residual = 0;
    let total = 0;
    t.forEach((v, i) => {
      residual += (v - predicted[j][i]) ** 2;
      total += (v - mean) ** 2;
    });
    sum += 1 - residual / total;
  });
  return sum / truth.length;
}
