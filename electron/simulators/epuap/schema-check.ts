/**
 * Validation of request parts against obiektypk.xsd with libxml2 (xmllint-wasm). Each global
 * element (ob:Dokument, the ob:* headers) is checked as a document of its own, so the XSD's rule
 * of unqualified local children is enforced exactly as a schema-validating server would.
 */
import { memoryPages, validateXML } from 'xmllint-wasm';

export interface XmlPart {
  /** Shown in messages, e.g. "ob:Dokument". */
  name: string;
  xml: string;
}

/** Error messages, empty when every part is valid. */
export async function schemaErrors(xsd: string, parts: XmlPart[]): Promise<string[]> {
  const size = parts.reduce((n, p) => n + p.xml.length, 0);
  const pages = Math.min(memoryPages.max, Math.max(memoryPages.defaultMaxMemoryPages, Math.ceil((size * 8) / (64 * 1024))));
  const result = await validateXML({
    xml: parts.map((p, i) => ({ fileName: `part${i}.xml`, contents: p.xml })),
    schema: [{ fileName: 'obiektypk.xsd', contents: xsd }],
    maxMemoryPages: pages,
  });
  if (result.valid) return [];
  return result.errors.map((e) => {
    const index = Number(/^part(\d+)\.xml$/.exec(e.loc?.fileName ?? '')?.[1]);
    const part = Number.isInteger(index) ? parts[index]?.name : undefined;
    return part ? `${part}: ${e.message}` : e.message;
  });
}
