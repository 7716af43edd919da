/**
 * The formats Nadawca recognises by content, with the contentType each is sent as and whether the
 * KRI list accepts it (DOMAIN-inboxes §7.1). The sniffer (sniff.ts) decides which one a file is.
 */

export interface Format {
  /** What the file really is, in words that need no translation. */
  label: string;
  /** The contentType sent with the file (the KRI table's value where it has one). */
  mediaType: string;
  /** Extensions a name of this format may carry; the first is the one a rename suggests. */
  extensions: readonly string[];
  /** On the KRI list of formats public bodies must accept. */
  kri: boolean;
  /** Programs and scripts: refused whatever an inbox's own list says. */
  runnable?: 'program' | 'script';
}

const office = 'application/vnd.openxmlformats-officedocument';
const odf = 'application/vnd.oasis.opendocument';

export const FORMATS = {
  pdf: { label: 'PDF', mediaType: 'application/pdf', extensions: ['pdf'], kri: true },
  txt: { label: 'TXT', mediaType: 'text/plain', extensions: ['txt', 'text', 'log'], kri: true },
  csv: { label: 'CSV', mediaType: 'text/csv', extensions: ['csv'], kri: true },
  css: { label: 'CSS', mediaType: 'text/css', extensions: ['css'], kri: true },
  rtf: { label: 'RTF', mediaType: 'application/rtf', extensions: ['rtf'], kri: true },
  xps: { label: 'XPS', mediaType: 'application/vnd.ms-xpsdocument', extensions: ['xps', 'oxps'], kri: true },
  // The KRI cell reads "application/msword;application/vnd.ms-word"; the first is the registered one.
  doc: { label: 'DOC (Word 97–2003)', mediaType: 'application/msword', extensions: ['doc'], kri: true },
  xls: { label: 'XLS (Excel 97–2003)', mediaType: 'application/vnd.ms-excel', extensions: ['xls'], kri: true },
  ppt: { label: 'PPT (PowerPoint 97–2003)', mediaType: 'application/vnd.ms-powerpoint', extensions: ['ppt'], kri: true },
  docx: { label: 'DOCX (Word)', mediaType: `${office}.wordprocessingml.document`, extensions: ['docx'], kri: true },
  xlsx: { label: 'XLSX (Excel)', mediaType: `${office}.spreadsheetml.sheet`, extensions: ['xlsx'], kri: true },
  pptx: { label: 'PPTX (PowerPoint)', mediaType: `${office}.presentationml.presentation`, extensions: ['pptx'], kri: true },
  odt: { label: 'ODT (OpenDocument)', mediaType: `${odf}.text`, extensions: ['odt'], kri: true },
  ods: { label: 'ODS (OpenDocument)', mediaType: `${odf}.spreadsheet`, extensions: ['ods'], kri: true },
  odp: { label: 'ODP (OpenDocument)', mediaType: `${odf}.presentation`, extensions: ['odp'], kri: true },
  jpeg: { label: 'JPEG', mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg', 'jpe'], kri: true },
  tiff: { label: 'TIFF', mediaType: 'image/tiff', extensions: ['tif', 'tiff', 'geotiff'], kri: true },
  png: { label: 'PNG', mediaType: 'image/png', extensions: ['png'], kri: true },
  svg: { label: 'SVG', mediaType: 'image/svg+xml', extensions: ['svg'], kri: true },
  jp2: { label: 'JPEG 2000', mediaType: 'image/jp2', extensions: ['jp2', 'j2k'], kri: true },
  // Not on the KRI list, but some inboxes name them (Cieszyn CUW: GIF, BMP).
  gif: { label: 'GIF', mediaType: 'image/gif', extensions: ['gif'], kri: false },
  bmp: { label: 'BMP', mediaType: 'image/bmp', extensions: ['bmp'], kri: false },
  webp: { label: 'WebP', mediaType: 'image/webp', extensions: ['webp'], kri: false },
  heic: { label: 'HEIC/AVIF', mediaType: 'image/heic', extensions: ['heic', 'heif', 'avif'], kri: false },
  wav: { label: 'WAV', mediaType: 'audio/x-wav', extensions: ['wav'], kri: true },
  mp3: { label: 'MP3', mediaType: 'audio/mpeg', extensions: ['mp3'], kri: true },
  avi: { label: 'AVI', mediaType: 'video/x-msvideo', extensions: ['avi'], kri: true },
  mpeg: { label: 'MPEG', mediaType: 'video/mpeg', extensions: ['mpg', 'mpeg'], kri: true },
  mp4: { label: 'MP4', mediaType: 'video/mp4', extensions: ['mp4', 'mpeg4'], kri: true },
  m4a: { label: 'M4A', mediaType: 'audio/mp4', extensions: ['m4a'], kri: true },
  ogg: { label: 'Ogg (audio)', mediaType: 'audio/ogg', extensions: ['ogg', 'oga', 'opus'], kri: true },
  ogv: { label: 'Ogg (video)', mediaType: 'video/ogg', extensions: ['ogv'], kri: true },
  mov: { label: 'QuickTime', mediaType: 'video/quicktime', extensions: ['mov'], kri: false },
  zip: { label: 'ZIP', mediaType: 'application/zip', extensions: ['zip'], kri: true },
  tar: { label: 'TAR', mediaType: 'application/x-tar', extensions: ['tar'], kri: true },
  gzip: { label: 'GZIP', mediaType: 'application/gzip', extensions: ['gz', 'gzip', 'tgz'], kri: true },
  sevenZip: { label: '7z', mediaType: 'application/x-7z-compressed', extensions: ['7z'], kri: true },
  xml: { label: 'XML', mediaType: 'application/xml', extensions: ['xml', 'xsd', 'rng', 'xsl', 'tsl'], kri: true },
  pismo: { label: 'XML (pismo CRD)', mediaType: 'application/xml', extensions: ['xml'], kri: true },
  xades: { label: 'XAdES (XML)', mediaType: 'application/xml', extensions: ['xml', 'xades'], kri: true },
  xslt: { label: 'XSLT', mediaType: 'application/xslt+xml', extensions: ['xslt', 'xsl'], kri: true },
  gml: { label: 'GML', mediaType: 'application/gml+xml', extensions: ['gml'], kri: true },
  html: { label: 'HTML', mediaType: 'text/html', extensions: ['html', 'htm', 'xhtml'], kri: true },
  // CAdES: the KRI list names the format; the Annex E value (text/x-ttcn-asn) is a fallback (§7.1).
  cadesAttached: { label: 'CAdES (P7M)', mediaType: 'application/pkcs7-mime', extensions: ['p7m'], kri: true },
  cadesDetached: { label: 'CAdES (P7S)', mediaType: 'application/pkcs7-signature', extensions: ['p7s', 'sig'], kri: true },
  asice: { label: 'ASiC-E', mediaType: 'application/vnd.etsi.asic-e+zip', extensions: ['asice', 'sce'], kri: true },
  asics: { label: 'ASiC-S', mediaType: 'application/vnd.etsi.asic-s+zip', extensions: ['asics', 'scs'], kri: true },
  dwg: { label: 'DWG', mediaType: 'image/vnd.dwg', extensions: ['dwg'], kri: true },
  dwf: { label: 'DWF', mediaType: 'model/vnd.dwf', extensions: ['dwf'], kri: true },
  dxf: { label: 'DXF', mediaType: 'image/vnd.dxf', extensions: ['dxf'], kri: true },
  exe: { label: 'EXE (Windows)', mediaType: 'application/x-msdownload', extensions: ['exe', 'dll'], kri: false, runnable: 'program' },
  msi: { label: 'MSI (Windows Installer)', mediaType: 'application/x-msi', extensions: ['msi'], kri: false, runnable: 'program' },
  elf: { label: 'ELF (Linux/Unix)', mediaType: 'application/x-executable', extensions: [], kri: false, runnable: 'program' },
  macho: { label: 'Mach-O (macOS)', mediaType: 'application/x-mach-binary', extensions: [], kri: false, runnable: 'program' },
  jar: { label: 'JAR/APK', mediaType: 'application/java-archive', extensions: ['jar', 'apk'], kri: false, runnable: 'program' },
  script: { label: 'script', mediaType: 'text/plain', extensions: [], kri: false, runnable: 'script' },
  // Authorities cannot open what they have no password for (§7.1).
  encryptedOffice: { label: 'Office (password-protected)', mediaType: 'application/x-ole-storage', extensions: [], kri: false },
  ole: { label: 'OLE2 (MSG, …)', mediaType: 'application/x-ole-storage', extensions: [], kri: false },
  unknown: { label: '?', mediaType: 'application/octet-stream', extensions: [], kri: false },
} as const satisfies Record<string, Format>;

export type FormatId = keyof typeof FORMATS;

export function isFormatId(id: string): id is FormatId {
  return Object.hasOwn(FORMATS, id);
}

/**
 * Accepted by the addressee: on the inbox's own list (extensions, as authorities publish them)
 * when the directory has one, otherwise on the KRI list. Programs never are.
 */
export function isAccepted(id: FormatId, allowList?: readonly string[]): boolean {
  const format: Format = FORMATS[id];
  if (format.runnable) return false;
  if (!allowList) return format.kri;
  const allowed = new Set(allowList.map((e) => e.toLowerCase().replace(/^\./, '')));
  return format.extensions.some((e) => allowed.has(e));
}
