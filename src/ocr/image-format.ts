/**
 * Recognises PNG and JPEG by their magic bytes and reads the pixel size from the header (PNG IHDR, JPEG SOFn),
 * so oversized images are refused before anything decodes them. Pure; reads at most the header bytes.
 * Formats: PNG (ISO/IEC 15948 §5.2–5.3, https://www.w3.org/TR/png/#5PNG-file-signature) and JPEG markers
 * (ITU T.81 Annex B, https://www.w3.org/Graphics/JPEG/itu-t81.pdf).
 */

export type ImageFormat = 'png' | 'jpeg';

export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The image's format and size, or undefined when the bytes are neither a PNG nor a JPEG with a readable header. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
  if (startsWith(bytes, PNG_SIGNATURE)) return readPng(bytes);
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return readJpeg(bytes);
  return undefined;
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** The first chunk after the signature must be IHDR: length 13, then width and height as big-endian u32. */
function readPng(bytes: Uint8Array): ImageHeader | undefined {
  if (bytes.length < 24) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15]);
  if (type !== 'IHDR' || view.getUint32(8) !== 13) return undefined;
  return sized('png', view.getUint32(16), view.getUint32(20));
}

/** Walks the marker segments up to the first start-of-frame (SOF0–SOF15 except DHT, JPG and DAC). */
function readJpeg(bytes: Uint8Array): ImageHeader | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return undefined;
    const marker = bytes[i + 1];
    if (marker === 0xff) { i += 1; continue; } // fill byte
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { i += 2; continue; }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image or scan data before any frame header
    const length = view.getUint16(i + 2);
    if (length < 2) return undefined;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (i + 9 > bytes.length) return undefined;
      return sized('jpeg', view.getUint16(i + 7), view.getUint16(i + 5));
    }
    i += 2 + length;
  }
  return undefined;
}

function sized(format: ImageFormat, width: number, height: number): ImageHeader | undefined {
  return width > 0 && height > 0 ? { format, width, height } : undefined;
}
