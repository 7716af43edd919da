/**
 * A streaming multipart/form-data reader for the simulator's large-file upload: text fields are
 * collected, the one file part is piped to a sink chunk by chunk, so a 200 MB upload never sits in
 * memory. Written here because the project has no multipart library and the format needed is
 * small (RFC 7578: boundary lines, part headers, no nested parts).
 */
import type { Readable } from 'node:stream';

export interface FilePart { field: string; filename: string | null; contentType: string | null }
export interface MultipartResult { fields: Record<string, string>; file: (FilePart & { size: number }) | null }

/** `onFile` returns a sink for the file part's bytes; `write` may return a promise (back-pressure). */
export async function readMultipart(
  stream: Readable,
  contentType: string,
  onFile: (part: FilePart) => { write(chunk: Buffer): void | Promise<void>; end(): Promise<void> },
): Promise<MultipartResult> {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!m) throw new Error('multipart boundary missing');
  const delimiter = Buffer.from(`\r\n--${m[1] ?? m[2]!.trim()}`);
  const fields: Record<string, string> = {};
  let file: MultipartResult['file'] = null;
  // Start as if a CRLF preceded the body so the first boundary matches the same delimiter.
  let buf: Buffer = Buffer.from('\r\n');
  let state: 'preamble' | 'headers' | 'body' | 'done' = 'preamble';
  let part: { field: string; filename: string | null; contentType: string | null; text: Buffer[]; sink: ReturnType<typeof onFile> | null } | null = null;

  const emit = async (bytes: Buffer) => {
    if (!part || bytes.length === 0) return;
    if (part.sink) {
      await part.sink.write(bytes);
      file!.size += bytes.length;
    } else part.text.push(bytes);
  };
  const finishPart = async () => {
    if (!part) return;
    if (part.sink) await part.sink.end();
    else fields[part.field] = Buffer.concat(part.text).toString('utf8');
    part = null;
  };

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    for (;;) {
      if (state === 'done') break;
      if (state === 'preamble' || state === 'body') {
        const at = buf.indexOf(delimiter);
        if (at < 0) {
          // Keep a tail that could be the start of a delimiter.
          const keep = Math.min(buf.length, delimiter.length - 1);
          if (state === 'body') await emit(buf.subarray(0, buf.length - keep));
          buf = buf.subarray(buf.length - keep);
          break;
        }
        if (state === 'body') await emit(buf.subarray(0, at));
        await finishPart();
        const after = buf.subarray(at + delimiter.length);
        if (after.length < 2) { buf = buf.subarray(at); break; }
        if (after[0] === 0x2d && after[1] === 0x2d) { state = 'done'; break; }
        buf = after.subarray(2); // CRLF after the boundary
        state = 'headers';
      }
      if (state === 'headers') {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) break;
        const headers = buf.subarray(0, end).toString('utf8').split('\r\n');
        buf = buf.subarray(end + 4);
        const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? '';
        const field = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '';
        const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? null;
        const type = headers.find((h) => /^content-type:/i.test(h))?.split(':')[1]?.trim() ?? null;
        part = { field, filename, contentType: type, text: [], sink: null };
        if (filename !== null) {
          if (file) throw new Error('only one file part is accepted');
          file = { field, filename, contentType: type, size: 0 };
          part.sink = onFile({ field, filename, contentType: type });
        }
        state = 'body';
      }
    }
  }
  if (state !== 'done') throw new Error('multipart body ended before its closing boundary');
  return { fields, file };
}
