import { PNG } from 'pngjs';
import { encode as encodeJpeg } from 'jpeg-js';
import { upscaleForOcr, UPSCALE_MAX_PIXELS } from '../../src/ocr/upscale-image';
import { readImageHeader } from '../../src/ocr/image-format';

function png(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const img = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) img.data.set(pixel(x, y), (y * width + x) * 4);
  }
  return PNG.sync.write(img);
}

function ppm(out: Uint8Array): { header: string; pixels: Uint8Array } {
  const text = Buffer.from(out).toString('latin1');
  const header = /^P6\n\d+ \d+\n255\n/.exec(text)?.[0] ?? '';
  return { header, pixels: out.subarray(header.length) };
}

describe('upscaleForOcr', () => {
  it('doubles a PNG into a PPM, keeping colours at the corners', () => {
    const bytes = png(2, 1, (x) => (x === 0 ? [255, 0, 0, 255] : [255, 255, 255, 255]));
    const header = readImageHeader(bytes);
    if (!header) throw new Error('test PNG unreadable');
    const { header: head, pixels } = ppm(upscaleForOcr(bytes, header) ?? new Uint8Array());
    expect(head).toBe('P6\n4 2\n255\n');
    expect(pixels).toHaveLength(4 * 2 * 3);
    expect([...pixels.subarray(0, 3)]).toEqual([255, 0, 0]); // left edge: red
    expect([...pixels.subarray(9, 12)]).toEqual([255, 255, 255]); // right edge: white
    expect(pixels[3 + 1]).toBeGreaterThan(0); // between them: blended
    expect(pixels[3 + 1]).toBeLessThan(255);
  });

  it('shows transparent pixels as white', () => {
    const bytes = png(1, 1, () => [0, 0, 0, 0]);
    const header = readImageHeader(bytes);
    if (!header) throw new Error('test PNG unreadable');
    expect([...ppm(upscaleForOcr(bytes, header) ?? new Uint8Array()).pixels]).toEqual(new Array(12).fill(255));
  });

  it('decodes JPEG', () => {
    const data = Buffer.alloc(16 * 8 * 4, 255);
    const bytes = encodeJpeg({ width: 16, height: 8, data }, 90).data;
    const header = readImageHeader(bytes);
    expect(header).toEqual({ format: 'jpeg', width: 16, height: 8 });
    if (!header) return;
    expect(ppm(upscaleForOcr(bytes, header) ?? new Uint8Array()).header).toBe('P6\n32 16\n255\n');
  });

  it('leaves large images alone without decoding them', () => {
    const garbage = new Uint8Array(10);
    expect(upscaleForOcr(garbage, { format: 'png', width: 1001, height: 1000 })).toBeUndefined();
    expect(UPSCALE_MAX_PIXELS).toBeLessThan(1001 * 1000);
  });

  it('throws on a corrupt image that passed the header check (the caller logs and skips it)', () => {
    const bytes = png(4, 4, () => [0, 0, 0, 255]);
    const header = readImageHeader(bytes);
    if (!header) throw new Error('test PNG unreadable');
    expect(() => upscaleForOcr(bytes.subarray(0, 40), header)).toThrow();
  });
});
