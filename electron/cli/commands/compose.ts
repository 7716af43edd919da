/**
 * `nadawca compose SPEC.json --out FILE.xml [--template 1410|4566]`: an unsigned pismo from a JSON
 * description (docs/CLI.md). Pure composing: no database, no services, no writer lock. The file
 * appears whole or not at all; attachments are streamed from disk into it.
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { AppError, isAppError } from '../../common/errors';
import { sanitizeFileNames } from '../../common/file-names';
import { fileSource } from '../../node/attachments/byte-source';
import { FORMATS } from '../../node/attachments/formats';
import { detectFormat } from '../../node/attachments/sniff';
import { reasonOf, unreadable } from '../../node/filings/base64-stream';
import { writePismo, type PismoAttachment } from '../../node/filings/pismo';
import { openAtomicWriter } from '../../node/storage/atomic-write';
import { digestingSink } from '../../node/storage/blob-store';
import { parseDescription, type DescribedFile } from '../compose-description';
import type { CliContext } from '../context';
import { label, t } from '../texts';

function readDescription(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('NOT_FOUND', `description ${path}`, { what: path });
    throw new AppError('INVALID_INPUT', `description ${path}: ${code}`, { fields: [`${path}: ${code}`] });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError('INVALID_INPUT', `description ${path}: ${(e as Error).message}`, { fields: [`${path}: ${(e as Error).message}`] });
  }
}

/** Each file checked (a readable, non-empty regular file) and sniffed before anything is written. */
function attachmentsOf(files: DescribedFile[], baseDir: string): PismoAttachment[] {
  const names = sanitizeFileNames(files.map((f) => basename(f.path)));
  return files.map((f, n) => {
    const path = resolve(baseDir, f.path);
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      throw unreadable(f.path, reasonOf(e));
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) throw unreadable(f.path, 'notAFile');
      const size = stat.size;
      if (size === 0) throw unreadable(f.path, 'empty');
      const fileName = names[n]!.safeName;
      return { fileName, description: f.description, mediaType: FORMATS[detectFormat(fileSource(fd, size), fileName)].mediaType, source: { path, size } };
    } finally {
      closeSync(fd);
    }
  });
}

export async function compose(ctx: CliContext): Promise<number> {
  const specArg = ctx.positionals[1];
  const outArg = ctx.options.out;
  if (!specArg || !outArg) throw new AppError('INVALID_INPUT', 'usage: compose SPEC.json --out FILE.xml', { fields: [specArg ? '--out' : 'SPEC.json'] });
  const specPath = resolve(specArg);
  const out = resolve(outArg);
  try {
    const { spec, files } = parseDescription(readDescription(specPath), ctx.options.template);
    const attachments = attachmentsOf(files, dirname(specPath));
    const writer = await openAtomicWriter(dirname(out));
    const sink = digestingSink(writer);
    try {
      await writePismo({ ...spec, attachments }, new Date(), sink);
      await writer.commit(out);
    } catch (e) {
      await writer.discard();
      throw e;
    }
    const { sha256, size } = sink.digest();
    const result = { out, template: spec.template, size, sha256, attachments: attachments.map((a) => ({ fileName: a.fileName, mediaType: a.mediaType })) };
    if (ctx.json) ctx.printJson(result);
    else ctx.print(t(ctx.lang, 'composed', { out, size: String(size), sha256 }));
    return 0;
  } catch (e) {
    // The reason travels as a key; the user reads it in their language.
    if (isAppError(e) && e.code === 'ATTACHMENT_UNREADABLE') throw new AppError(e.code, e.message, { ...e.details, reason: label(ctx.lang, `reason.${e.details.reason}`) });
    throw e;
  }
}
