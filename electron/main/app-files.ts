/**
 * The app:// request handler without Electron: Request in, Response out, so it runs (and is
 * tested) in plain Node. protocol.ts hands it to protocol.handle.
 */
import { readFile, realpath } from 'node:fs/promises';
import { isInside, previewIdOf, previewResponseHeaders, receiptPreviewIdOf, resolveAppProtocolPath, responseHeadersFor } from './policy';

export type AppFileHandler = (request: Request) => Promise<Response>;
/**
 * The official-stylesheet HTML of a filing (the services' filings.preview) or, for kind 'receipt',
 * of a receipt (receipts.preview), or null.
 */
export type PreviewSource = (id: string, kind?: 'filing' | 'receipt') => Promise<string | null>;

export function createAppFileHandler(rootDir: string, preview?: PreviewSource): AppFileHandler {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
    const pathname = new URL(request.url).pathname;
    const kind = pathname.startsWith('/preview/') ? 'filing' : pathname.startsWith('/receipt-preview/') ? 'receipt' : null;
    if (kind !== null) {
      const id = kind === 'filing' ? previewIdOf(request.url) : receiptPreviewIdOf(request.url);
      const html = id !== null && preview ? await preview(id, kind).catch(() => null) : null;
      if (html === null) return plain(404, 'not found');
      return new Response(request.method === 'HEAD' ? null : html, { status: 200, headers: previewResponseHeaders() });
    }
    const file = resolveAppProtocolPath(request.url, rootDir);
    if (file === null) return plain(404, 'not found');
    try {
      // A symlink inside out/renderer must not lead outside it.
      const [root, real] = await Promise.all([realpath(rootDir), realpath(file)]);
      if (!isInside(root, real)) return plain(404, 'not found');
      const body = await readFile(real);
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: responseHeadersFor(file) });
    } catch {
      return plain(404, 'not found');
    }
  };
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: responseHeadersFor('error.txt') });
}
