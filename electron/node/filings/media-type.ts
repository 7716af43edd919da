/** Media type from the first bytes of a file (the name can lie). The full KRI list comes with attachments work. */
const SIGNATURES: ReadonlyArray<[string, number[]]> = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/tiff', [0x49, 0x49, 0x2a, 0x00]],
  ['image/tiff', [0x4d, 0x4d, 0x00, 0x2a]],
  ['application/zip', [0x50, 0x4b, 0x03, 0x04]],
];

export function detectMediaType(data: Uint8Array): string {
  for (const [type, magic] of SIGNATURES) {
    if (magic.every((b, i) => data[i] === b)) return type;
  }
  const head = new TextDecoder('utf-8', { fatal: false }).decode(data.subarray(0, 256)).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<?xml') || /^<[A-Za-z_][\w.:-]*[\s>]/.test(head)) return 'text/xml';
  if (isPlainText(data)) return 'text/plain';
  return 'application/octet-stream';
}

function isPlainText(data: Uint8Array): boolean {
  const sample = data.subarray(0, 4096);
  if (sample.some((b) => b === 0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample);
    return true;
  } catch {
    return false;
  }
}
