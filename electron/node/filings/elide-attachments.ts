/**
 * A pismo too large to hold, read as a stream with the base64 contents of its attachments left
 * out. The official stylesheets show only an attachment's name and description (they read
 * str:DaneZalacznika only for `kodowanie="URI"` attachments, whose short URL is kept), so the
 * preview of what remains is the preview of the whole.
 *
 * sax only finds where those contents start and end; everything else is copied character for
 * character, and the result still goes through the safe parser.
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import sax from 'sax';
import { AppError } from '../../common/errors';
import { NS } from './pismo';

export async function readWithoutAttachmentData(path: string): Promise<string> {
  const parser = sax.parser(true, { xmlns: true, position: true });
  const kept: string[] = [];
  let chunk = '';
  let chunkStart = 0; // position of chunk[0] in the whole text
  let copyFrom = 0; // position up to which the text is already kept
  let skipping: string | null = null; // the element whose content is being left out
  let base64 = false; // kodowanie of the str:Zalacznik being read

  const keepUpTo = (end: number) => {
    kept.push(chunk.slice(copyFrom - chunkStart, end - chunkStart));
    copyFrom = end;
  };
  parser.ondoctype = () => {
    throw new AppError('INVALID_INPUT', 'pismo: DOCTYPE is not allowed', { fields: ['pismo'] });
  };
  parser.onopentag = (node) => {
    const tag = node as sax.QualifiedTag; // xmlns mode
    if (tag.uri !== NS.str) return;
    if (tag.local === 'Zalacznik') base64 = tag.attributes.kodowanie?.value === 'base64';
    if (tag.local === 'DaneZalacznika' && base64 && !tag.isSelfClosing) {
      keepUpTo(parser.position);
      skipping = tag.name;
    }
  };
  parser.onclosetag = (name) => {
    if (name !== skipping) return;
    // The end tag itself may have begun in an earlier chunk; it is written anew.
    kept.push(`</${name}>`);
    copyFrom = parser.position;
    skipping = null;
  };

  const decoder = new StringDecoder('utf8');
  const feed = (text: string) => {
    chunk = text;
    parser.write(text);
    if (!skipping) keepUpTo(chunkStart + text.length);
    chunkStart += text.length;
  };
  for await (const bytes of createReadStream(path)) feed(decoder.write(bytes as Buffer));
  feed(decoder.end());
  parser.close();
  return kept.join('');
}
