/**
 * The app:// request handler without Electron: Request in, Response out, so it runs (and is
 * tested) in plain Node. protocol.ts hands it to protocol.handle.
 */
import { readFile, realpath } from 'node:fs/promises';
import { isInside, previewIdOf, previewResponseHeaders, resolveAppProtocolPath, responseHeadersFor } from './policy';

export type AppFileHandler = (request: Request) => Promise<Response>;
/** The official-stylesheet HTML of a filing (the services' filings.preview), or null. */
export type PreviewSource = (filingId: string) => Promise<string | null>;

export function createAppFileHandler(rootDir: string, preview?: PreviewSource): AppFileHandler {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
    if (new URL(request.url).pathname.startsWith('/preview/')) {
      const id = previewIdOf(request.url);
      const html = id !== null && preview ? await preview(id).catch(() => null) : null;
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
