/**
 * L2-regularised logistic regression on sparse rows, fitted by L-BFGS.
 *
 * Written here rather than taken from npm: the JavaScript libraries that fit a logistic regression
 * (ml-logistic-regression and its kin) take a dense matrix, which for ~1,500 items × ~40,000 features is
 * 60 M numbers and minutes per fit, where the sparse fit below takes about a second. The objective is
 * convex and the start is zero, so the same data give the same weights on every machine: training is
 * reproducible without a random seed.
 */

/** One example: the indices of its non-zero features, their values, its label. */
export interface SparseRow {
  index: Int32Array;
  value: Float64Array;
  label: 0 | 1;
  /** How much the example counts in the loss; 1 when absent. */
  weight?: number;
}

export interface FitOptions {
  /** L2 strength on the weights (not the bias). */
  l2: number;
  maxIterations?: number;
  /** Stop when the gradient's largest component falls below this. */
  tolerance?: number;
  /** L-BFGS memory. */
  history?: number;
}

export interface FittedModel {
  weights: Float64Array;
  bias: number;
  iterations: number;
  loss: number;
}

function logistic(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

// log(1 + e^z), without overflow for large |z|.
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

export function margin(row: SparseRow, weights: Float64Array, bias: number): number {
  let z = bias;
  for (let k = 0; k < row.index.length; k++) z += weights[row.index[k]!]! * row.value[k]!;
  return z;
}

/** Mean log-loss plus the L2 term, and its gradient (the bias is the last component). */
function lossAndGradient(rows: SparseRow[], dims: number, l2: number, theta: Float64Array, grad: Float64Array): number {
  grad.fill(0);
  const bias = theta[dims]!;
  let n = 0;
  let loss = 0;
  for (const row of rows) {
    const c = row.weight ?? 1;
    n += c;
    const z = margin(row, theta, bias);
    // -log p(y|z) = softplus(z) - y z
    loss += c * (softplus(z) - row.label * z);
    const g = c * (logistic(z) - row.label);
    for (let k = 0; k < row.index.length; k++) grad[row.index[k]!]! += g * row.value[k]!;
    grad[dims]! += g;
  }
  loss /= n;
  for (let j = 0; j <= dims; j++) grad[j]! /= n;
  let reg = 0;
  for (let j = 0; j < dims; j++) {
    reg += theta[j]! * theta[j]!;
    grad[j]! += l2 * theta[j]!;
  }
  return loss + 0.5 * l2 * reg;
}

function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

/** Fits weights for `dims` features. Rows must index features below `dims`. */
export function fitLogistic(rows: SparseRow[], dims: number, options: FitOptions): FittedModel {
  if (rows.length === 0) throw new Error('cannot fit a model on no examples');
  const maxIterations = options.maxIterations ?? 400;
  const tolerance = options.tolerance ?? 1e-6;
  const m = options.history ?? 10;
  const size = dims + 1;
  let theta = new Float64Array(size);
  let grad = new Float64Array(size);
  let loss = lossAndGradient(rows, dims, options.l2, theta, grad);
  const sHist: Float64Array[] = [];
  const yHist: Float64Array[] = [];
  const rhoHist: number[] = [];
  const direction = new Float64Array(size);
  const alpha = new Array<number>(m);
  let iterations = 0;

  for (; iterations < maxIterations; iterations++) {
    let gmax = 0;
    for (let j = 0; j < size; j++) gmax = Math.max(gmax, Math.abs(grad[j]!));
    if (gmax < tolerance) break;

    // Two-loop recursion: direction = -H·grad.
    direction.set(grad);
    for (let i = sHist.length - 1; i >= 0; i--) {
      alpha[i] = rhoHist[i]! * dot(sHist[i]!, direction);
      const y = yHist[i]!;
      for (let j = 0; j < size; j++) direction[j]! -= alpha[i]! * y[j]!;
    }
    if (sHist.length > 0) {
      const last = sHist.length - 1;
      const gamma = dot(sHist[last]!, yHist[last]!) / dot(yHist[last]!, yHist[last]!);
      for (let j = 0; j < size; j++) direction[j]! *= gamma;
    }
    for (let i = 0; i < sHist.length; i++) {
      const beta = rhoHist[i]! * dot(yHist[i]!, direction);
      const s = sHist[i]!;
      for (let j = 0; j < size; j++) direction[j]! += s[j]! * (alpha[i]! - beta);
    }
    for (let j = 0; j < size; j++) direction[j] = -direction[j]!;
    let slope = dot(grad, direction);
    if (slope >= 0) {
      // Not a descent direction (curvature went bad): restart from steepest descent.
      sHist.length = yHist.length = rhoHist.length = 0;
      for (let j = 0; j < size; j++) direction[j] = -grad[j]!;
      slope = dot(grad, direction);
    }

    // Backtracking line search (Armijo).
    let step = iterations === 0 && sHist.length === 0 ? 1 / Math.max(1, Math.sqrt(-slope)) : 1;
    const next = new Float64Array(size);
    const nextGrad = new Float64Array(size);
    let nextLoss = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let j = 0; j < size; j++) next[j] = theta[j]! + step * direction[j]!;
      nextLoss = lossAndGradient(rows, dims, options.l2, next, nextGrad);
      if (nextLoss <= loss + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(nextLoss < loss)) break; // no progress possible at this precision

    const s = new Float64Array(size);
    const y = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      s[j] = next[j]! - theta[j]!;
      y[j] = nextGrad[j]! - grad[j]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      sHist.push(s);
      yHist.push(y);
      rhoHist.push(1 / sy);
      if (sHist.length > m) {
        sHist.shift();
        yHist.shift();
        rhoHist.shift();
      }
    }
    const converged = loss - nextLoss < 1e-10 * Math.max(1, Math.abs(loss));
    theta = next;
    grad = nextGrad;
    loss = nextLoss;
    if (converged) {
      iterations++;
      break;
    }
  }
  return { weights: theta.subarray(0, dims), bias: theta[dims]!, iterations, loss };
}

export function predictProbability(row: SparseRow, model: FittedModel): number {
  return logistic(margin(row, model.weights, model.bias));
}
