import { bytesSource } from '../attachments/byte-source';
import { FORMATS } from '../attachments/formats';
import { detectFormat } from '../attachments/sniff';

/** The contentType of what the bytes really are (the name can lie), per the KRI list (DOMAIN-inboxes §7.1). */
export function detectMediaType(data: Uint8Array): string {
  return FORMATS[detectFormat(bytesSource(data))].mediaType;
}
