import { writeColor } from './colors.ts';

/**
 * A small heatmap per neuron: its output over the same plane as the decision boundary, scaled by
 * its largest magnitude (red positive, blue negative, white 0). The first layer can only draw
 * straight edges; later layers combine them into curves.
 */
export class NeuronView {
  private shape = '';

  constructor(private readonly element: HTMLElement) {}

  /** `maps[l][k]` is neuron k of layer l on a resolution × resolution grid; `names[l]` names layer l. */
  show(
    maps: readonly (readonly Float32Array[])[],
    resolution: number,
    names: readonly string[],
  ): void {
    const shape = `${resolution}:${maps.map((layer) => layer.length).join(',')}`;
    if (shape !== this.shape) this.build(maps, resolution, names);
    this.shape = shape;
    const canvases = this.element.querySelectorAll('canvas');
    let c = 0;
    for (const layer of maps) {
      for (const map of layer) {
        const canvas = canvases[c++] as HTMLCanvasElement;
        const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
        const image = ctx.createImageData(resolution, resolution);
        let largest = 1e-12;
        for (const v of map) largest = Math.max(largest, Math.abs(v));
        for (let i = 0; i < map.length; i++) {
          writeColor(image.data, 4 * i, (map[i] as number) / largest, 0.9);
        }
        ctx.putImageData(image, 0, 0);
      }
    }
  }

  clear(): void {
    this.shape = '';
    this.element.replaceChildren();
  }

  private build(
    maps: readonly (readonly Float32Array[])[],
    resolution: number,
    names: readonly string[],
  ): void {
    this.element.replaceChildren(
      ...maps.map((layer, l) => {
        const row = document.createElement('div');
        row.className = 'layer';
        const name = document.createElement('div');
        name.className = 'layer-name';
        name.textContent = names[l] ?? `layer ${l + 1}`;
        row.append(name);
        layer.forEach((_, k) => {
          const canvas = document.createElement('canvas');
          canvas.width = resolution;
          canvas.height = resolution;
          canvas.title = `${names[l] ?? `layer ${l + 1}`}, neuron ${k + 1}`;
          canvas.setAttribute('role', 'img');
          canvas.setAttribute('aria-label', canvas.title);
          row.append(canvas);
        });
        return row;
      }),
    );
  }
}
