/**
 * The pismo as the office sees it: rendered by the official CRD stylesheet (a copy ships in
 * resources/runtime/crd) with an XSLT 1.0 engine in Node (xslt-processor). Where that engine
 * differs from libxslt — xsltproc is the independent oracle in the tests — this module makes up
 * the difference:
 * - whitespace-only text from `xsl:value-of` is dropped by the engine, so such value-ofs of
 *   string literals become the equivalent `xsl:text` (the space between first and last name);
 * - the engine writes no DOCTYPE, so the one xsl:output asks for is added (it decides the
 *   browser's rendering mode);
 * - its serialisation is re-done by the XML library, which writes XHTML the way HTML parsers read
 *   it (`<div></div>`, not `<div/>`), and scripts and event attributes are removed on the way.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Xslt, domDocumentToXDocument } from 'xslt-processor';
import { AppError } from '../../common/errors';
import { runtimeDir } from '../runtime-resources';
import { elementsNS, firstElementNS, parseXml, serializeXml } from '../xml/dom';
import { readWithoutAttachmentData } from './elide-attachments';
import { TEMPLATE_NS } from './pismo';

type Template = keyof typeof TEMPLATE_NS;

const XSL_NS = 'http://www.w3.org/1999/XSL/Transform';
const STYLESHEETS: Record<Template, string> = {
  '1410': 'wzor-2013-12-12-1410/styl.xsl',
  '4566': 'wzor-2017-10-24-4566/styl.xsl',
};
/** Larger documents are read without their attachments' base64, so they are never whole in memory. */
const WHOLE_DOCUMENT_LIMIT = 4 * 1024 * 1024;

/** HTML of the stored document at `path` (for a sandboxed iframe). */
export async function renderPreview(path: string, wholeLimit = WHOLE_DOCUMENT_LIMIT): Promise<string> {
  const { size } = await stat(path);
  return renderPismoHtml(size <= wholeLimit ? await readFile(path, 'utf8') : await readWithoutAttachmentData(path));
}

export async function renderPismoHtml(xml: string): Promise<string> {
  const doc = parseXml(xml, 'pismo');
  return renderWithStylesheet(doc, STYLESHEETS[templateOf(doc)]);
}

/** `doc` rendered by an official stylesheet under resources/runtime/crd (also the UPO one, receipts/). */
export async function renderWithStylesheet(doc: Document, stylesheetPath: string): Promise<string> {
  const xsl = await stylesheet(stylesheetPath);
  // Every option is given: the constructor turns the ones left out off (escaping among them).
  const engine = new Xslt({
    cData: true,
    escape: true,
    selfClosingTags: true,
    fetchFunction: async (uri) => { throw new Error(`stylesheet import refused: ${uri}`); },
  });
  const html = parseXml(await engine.xsltProcess(domDocumentToXDocument(doc), domDocumentToXDocument(xsl)), 'preview');
  removeActiveContent(html);
  return doctypeOf(xsl, html) + serializeXml(html);
}

function templateOf(doc: Document): Template {
  const ns = doc.documentElement?.namespaceURI;
  const hit = (Object.keys(TEMPLATE_NS) as Template[]).find((t) => TEMPLATE_NS[t] === ns);
  if (!hit) throw new AppError('INVALID_INPUT', `not a pismo ogólne: ${ns}`, { fields: ['pismo'] });
  return hit;
}

const loaded = new Map<string, Document>();

async function stylesheet(path: string): Promise<Document> {
  let xsl = loaded.get(path);
  if (!xsl) {
    xsl = parseXml(await readFile(join(runtimeDir(), 'crd', path), 'utf8'), path);
    keepLiteralSpaces(xsl);
    // method="html" (the UPO stylesheet) makes the engine write unclosed <br>, which the XML
    // re-parse below cannot read; XML output is the same tree, serialised the way we need.
    for (const o of elementsNS(xsl, XSL_NS, 'output')) if (o.getAttribute('method') === 'html') o.setAttribute('method', 'xml');
    loaded.set(path, xsl);
  }
  return xsl;
}

/** `<xsl:value-of select="' '"/>` → `<xsl:text> </xsl:text>`: the same output, which the engine keeps. */
function keepLiteralSpaces(xsl: Document): void {
  for (const v of elementsNS(xsl, XSL_NS, 'value-of')) {
    const space = /^\s*(['"])(\s+)\1\s*$/.exec(v.getAttribute('select') ?? '')?.[2];
    if (!space) continue;
    const text = xsl.createElementNS(XSL_NS, 'xsl:text');
    text.appendChild(xsl.createTextNode(space));
    v.parentNode!.replaceChild(text, v);
  }
}

function doctypeOf(xsl: Document, html: Document): string {
  const output = firstElementNS(xsl, XSL_NS, 'output');
  const system = output?.getAttribute('doctype-system');
  if (!system) return '';
  const pub = output!.getAttribute('doctype-public');
  return `<!DOCTYPE ${html.documentElement!.nodeName}${pub ? ` PUBLIC "${pub}"` : ' SYSTEM'} "${system}">\n`;
}

/** The iframe is sandboxed already; nothing in the document may run even so. */
function removeActiveContent(html: Document): void {
  for (const e of Array.from(html.getElementsByTagName('*'))) {
    if (e.localName.toLowerCase() === 'script') {
      e.parentNode?.removeChild(e);
      continue;
    }
    for (const attr of Array.from(e.attributes)) {
      if (/^on/i.test(attr.name) || (/^(href|src)$/i.test(attr.name) && /^\s*javascript:/i.test(attr.value))) e.removeAttribute(attr.name);
    }
  }
}
