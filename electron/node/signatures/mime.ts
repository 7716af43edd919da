/** MIME type of a file by its extension, for DataObjectFormat (a receiver shows the data by it). */
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.pdf': 'application/pdf', '.xml': 'text/xml', '.txt': 'text/plain', '.html': 'text/html', '.htm': 'text/html',
  '.doc': 'application/msword', '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.odt': 'application/vnd.oasis.opendocument.text', '.rtf': 'application/rtf', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.png': 'image/png', '.tif': 'image/tiff', '.tiff': 'image/tiff', '.zip': 'application/zip', '.csv': 'text/csv',
  '.xls': 'application/vnd.ms-excel', '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ods': 'application/vnd.oasis.opendocument.spreadsheet', '.gml': 'application/gml+xml',
};

export function mimeTypeOf(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
