// The network as TensorFlow Playground draws it: a column of units per layer, a line for
// each weight, blue for positive and orange for negative, thicker the larger it is (against
// the largest weight of its layer), and each unit tinted by its bias the same way. Drawn
// as SVG from a model file's bytes or JSON (bindings/io/model-file.ts reads the sizes and
// the parameters), redrawn from every snapshot the worker sends.
import { readModel } from "../bindings/io/model-file.js";

/** The most units a layer shows; past it, the first ones and "+N more". */
export const MAX_UNITS = 12;
const WIDTH = 640;
const HEIGHT = 300;
const POSITIVE = [37, 99, 235];
const NEGATIVE = [234, 88, 12];
const SVG = "http://www.w3.org/2000/svg";

/** One layer's weights [unit][input] and biases [unit], from the parameter vector laid
 *  out per layer as weights (units x inputs, row-major), then biases. */
export function layersOf(sizes: number[], params: ArrayLike<number>): { weights: number[][]; biases: number[] }[] {
  const layers = [];
  let at = 0;
  for (let l = 1; l < sizes.length; l++) {
    const [inputs, units] = [sizes[l - 1], sizes[l]];
    const weights = Array.from({ length: units }, (_, u) => Array.from({ length: inputs }, (_, i) => params[at + u * inputs + i]));
    at += units * inputs;
    const biases = Array.from({ length: units }, (_, u) => params[at + u]);
    at += units;
    layers.push({ weights, biases });
  }
  return layers;
}

/** A weight's colour: blue for positive, orange for negative. */
export const weightColor = (w: number): string => `rgb(${(w >= 0 ? POSITIVE : NEGATIVE).join(",")})`;
/** A weight's line width against the largest |weight| of its layer. */
export const weightWidth = (w: number, largest: number): number => 0.4 + 3.6 * (largest > 0 ? Math.abs(w) / largest : 0);

function element(name: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Where each shown unit of each layer sits, and how many a layer leaves out. */
function placeUnits(sizes: number[]): { x: number; ys: number[]; hidden: number }[] {
  const left = 90;
  const right = WIDTH - 90;
  return sizes.map((size, l) => {
    const shown = Math.min(size, MAX_UNITS);
    const gap = Math.min(24, (HEIGHT - 40) / Math.max(1, shown));
    const top = HEIGHT / 2 - (gap * (shown - 1)) / 2;
    return { x: left + (l * (right - left)) / (sizes.length - 1), ys: Array.from({ length: shown }, (_, k) => top + k * gap), hidden: size - shown };
  });
}

/**
 * Draws the model `source` (bytes or JSON) into the <svg> `svg`.
 * @param inputs the input units' names; `outputs`, the output units'
 */
export function drawNetwork(svg: SVGSVGElement, source: Uint8Array | object, inputs: string[], outputs: string[]): void {
  const model = readModel(source);
  const layers = layersOf(model.sizes, model.params);
  const places = placeUnits(model.sizes);
  svg.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
  const parts: SVGElement[] = [];
  layers.forEach(({ weights }, k) => {
    const largest = Math.max(...weights.flat().map(Math.abs));
    const [from, to] = [places[k], places[k + 1]];
    to.ys.forEach((y2, u) => from.ys.forEach((y1, i) => {
      const w = weights[u][i];
      parts.push(element("line", {
        class: "weight", "data-layer": k, "data-from": i, "data-to": u,
        x1: from.x, y1, x2: to.x, y2, stroke: weightColor(w), "stroke-width": weightWidth(w, largest).toFixed(3), "stroke-opacity": 0.8,
      }));
    }));
  });
  places.forEach(({ x, ys, hidden }, l) => {
    const biases = l > 0 ? layers[l - 1].biases : undefined;
    const largest = biases ? Math.max(...biases.map(Math.abs)) : 0;
    ys.forEach((y, u) => {
      const b = biases?.[u] ?? 0;
      const tint = largest > 0 ? Math.abs(b) / largest : 0;
      const [r, g, bl] = (b >= 0 ? POSITIVE : NEGATIVE).map((c) => Math.round(255 + tint * 0.6 * (c - 255)));
      parts.push(element("circle", { class: "unit", "data-layer": l, "data-unit": u, cx: x, cy: y, r: 8, fill: `rgb(${r},${g},${bl})`, stroke: "#1c2030", "stroke-width": 1 }));
      const name = l === 0 ? inputs[u] : l === places.length - 1 ? outputs[u] : undefined;
      if (name !== undefined) {
        parts.push(element("text", { x: l === 0 ? x - 14 : x + 14, y, "text-anchor": l === 0 ? "end" : "start", "dominant-baseline": "middle", "font-size": 12, fill: "#646b7d" }, name.length > 12 ? `${name.slice(0, 11)}…` : name));
      }
    });
    if (hidden > 0) parts.push(element("text", { x, y: (ys.at(-1) as number) + 22, "text-anchor": "middle", "font-size": 11, fill: "#646b7d" }, `+${hidden} more`));
    const caption = l === 0 ? "input" : l === places.length - 1 ? "output" : `hidden ${l}`;
    parts.push(element("text", { x, y: 14, "text-anchor": "middle", "font-size": 12, "font-weight": 600, fill: "#1c2030" }, `${caption} (${model.sizes[l]})`));
  });
  svg.replaceChildren(...parts);
}
