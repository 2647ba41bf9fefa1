import { readImageHeader } from '../../src/ocr/image-format';
import { checkImage } from '../../src/ocr/read-image-text';
import { ImageRejectedError } from '../../src/support/errors';

function png(width: number, height: number): Buffer {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}

/** SOI, an APP0 (JFIF) segment, then a baseline SOF0 frame header. */
function jpeg(width: number, height: number, sof = 0xc0): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const frame = Buffer.from([0xff, sof, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 3]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, frame, Buffer.alloc(16)]);
}

describe('readImageHeader', () => {
  test.each([
    ['a PNG', png(480, 229), { format: 'png', width: 480, height: 229 }],
    ['a baseline JPEG after APP0', jpeg(1280, 720), { format: 'jpeg', width: 1280, height: 720 }],
    ['a progressive JPEG (SOF2)', jpeg(640, 480, 0xc2), { format: 'jpeg', width: 640, height: 480 }],
  ])('reads %s', (_name, bytes, header) => {
    expect(readImageHeader(bytes)).toEqual(header);
  });

  test.each([
    ['text', Buffer.from('Move-VM : Virtual machine migration operation failed')],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')],
    ['a PNG signature alone', png(1, 1).subarray(0, 8)],
    ['a PNG whose first chunk is not IHDR', Buffer.concat([png(10, 10).subarray(0, 12), Buffer.from('IDAT'), Buffer.alloc(17)])],
    ['a PNG of zero width', png(0, 10)],
    ['a JPEG cut before its frame header', jpeg(10, 10).subarray(0, 22)],
    ['a JPEG whose scan starts before any frame', Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x04, 0, 0])],
    ['an empty buffer', Buffer.alloc(0)],
  ])('refuses %s', (_name, bytes) => {
    expect(readImageHeader(bytes)).toBeUndefined();
  });
});

describe('checkImage limits', () => {
  const limits = { maxBytes: 1000, maxPixels: 4096 * 4096 };

  test.each([
    ['too_many_bytes', Buffer.concat([png(10, 10), Buffer.alloc(1000)])],
    ['not_png_or_jpeg', Buffer.from('%PDF-1.7')],
    ['too_many_pixels', png(20000, 20000)],
    ['too_many_pixels', jpeg(4097, 4096)],
  ])('refuses with %s', (reason, bytes) => {
    expect(() => checkImage(bytes, limits)).toThrow(ImageRejectedError);
    expect(() => checkImage(bytes, limits)).toThrow(expect.objectContaining({ reason }));
  });

  it('accepts an image exactly at the pixel limit', () => {
    expect(checkImage(png(4096, 4096), limits)).toEqual({ format: 'png', width: 4096, height: 4096 });
  });
});
