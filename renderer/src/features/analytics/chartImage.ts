/**
 * A chart card as a PNG: its SVG drawn on a canvas at twice its size, under the card's title,
 * on the theme's background. The chart's colours come from CSS variables, which an SVG drawn
 * as an image cannot see, so each element's computed paint is written onto a copy first.
 */

const PAINT = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'fill-opacity', 'opacity', 'font-family', 'font-size', 'font-weight', 'text-anchor', 'dominant-baseline', 'visibility'] as const;
const SCALE = 2;
const PADDING = 24;
const TITLE_HEIGHT = 44;

function inlinePaint(original: SVGSVGElement): SVGSVGElement {
  const copy = original.cloneNode(true) as SVGSVGElement;
  const from = [original, ...Array.from(original.querySelectorAll('*'))];
  const to = [copy, ...Array.from(copy.querySelectorAll('*'))];
  from.forEach((element, index) => {
    const target = to[index];
    if (!(target instanceof SVGElement)) return;
    const style = getComputedStyle(element);
    const inline = PAINT.map((name) => `${name}:${style.getPropertyValue(name)}`).join(';');
    target.setAttribute('style', inline);
    // Focus rings and hover states are not part of the picture.
    target.removeAttribute('tabindex');
  });
  const box = original.getBoundingClientRect();
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(box.width));
  copy.setAttribute('height', String(box.height));
  return copy;
}

function loadImage(svg: SVGSVGElement): Promise<HTMLImageElement> {
  const text = new XMLSerializer().serializeToString(svg);
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('The chart could not be drawn as a picture'));
    image.src = url;
  });
}

/** The PNG of the chart SVGs inside `container` (side by side as on screen), base64 without the data: prefix. */
export async function chartPng(container: HTMLElement, title: string): Promise<string> {
  // Our own charts mark their SVG; a Mantine (recharts) chart's is its wrapper's surface.
  const svgs = Array.from(container.querySelectorAll<SVGSVGElement>('svg[data-chart], .recharts-wrapper > svg.recharts-surface'));
  if (svgs.length === 0) throw new Error('This chart has nothing to draw yet');
  const origin = container.getBoundingClientRect();
  const parts = await Promise.all(
    svgs.map(async (svg) => {
      const box = svg.getBoundingClientRect();
      return { image: await loadImage(inlinePaint(svg)), x: box.left - origin.left, y: box.top - origin.top, width: box.width, height: box.height };
    }),
  );
  const legends = Array.from(container.querySelectorAll('[class*="legendItem"]'), (item) => item.getBoundingClientRect());
  const width = Math.max(...parts.map((p) => p.x + p.width)) + PADDING * 2;
  const height = Math.max(...parts.map((p) => p.y + p.height), ...legends.map((r) => r.bottom - origin.top)) + PADDING * 2 + TITLE_HEIGHT;
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * SCALE);
  canvas.height = Math.ceil(height * SCALE);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw pictures');
  context.scale(SCALE, SCALE);
  const page = getComputedStyle(container);
  const card = container.closest('[data-chart-card]');
  context.fillStyle = (card && getComputedStyle(card).backgroundColor) || '#ffffff';
  context.fillRect(0, 0, width, height);
  context.fillStyle = page.color || '#111111';
  context.font = `600 17px ${page.fontFamily}`;
  context.textBaseline = 'top';
  context.fillText(title, PADDING, PADDING);
  for (const part of parts) context.drawImage(part.image, PADDING + part.x, PADDING + TITLE_HEIGHT + part.y, part.width, part.height);
  drawLegends(context, container, origin);
  return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}

/** Mantine's chart legends are HTML beside the SVG: each swatch and name drawn where it is on screen. */
function drawLegends(context: CanvasRenderingContext2D, container: HTMLElement, origin: DOMRect): void {
  const at = (rect: DOMRect) => ({ x: PADDING + rect.left - origin.left, y: PADDING + TITLE_HEIGHT + rect.top - origin.top });
  for (const swatch of Array.from(container.querySelectorAll<HTMLElement>('[class*="legendItemColor"]'))) {
    const fill = Array.from(swatch.querySelectorAll<HTMLElement>('*'))
      .map((el) => getComputedStyle(el).backgroundColor)
      .find((color) => color && color !== 'rgba(0, 0, 0, 0)' && color !== 'transparent');
    const rect = swatch.getBoundingClientRect();
    const { x, y } = at(rect);
    context.fillStyle = fill ?? getComputedStyle(swatch).backgroundColor;
    context.beginPath();
    context.arc(x + rect.width / 2, y + rect.height / 2, rect.width / 2, 0, Math.PI * 2);
    context.fill();
  }
  for (const name of Array.from(container.querySelectorAll<HTMLElement>('[class*="legendItemName"]'))) {
    const style = getComputedStyle(name);
    const rect = name.getBoundingClientRect();
    const { x, y } = at(rect);
    context.fillStyle = style.color;
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    context.textBaseline = 'middle';
    context.fillText(name.textContent ?? '', x, y + rect.height / 2);
  }
}
