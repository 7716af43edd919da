/**
 * Safe XML parsing and serialisation for everything the app reads or writes. DOCTYPEs are refused
 * outright (no DTDs, no entity expansion, no external entities — ARCHITECTURE §6).
 */
import { DOMImplementation, DOMParser, XMLSerializer } from '@xmldom/xmldom';
import * as xpath from 'xpath';
import { setNodeDependencies } from 'xml-core';
import { AppError } from '../../common/errors';

// xml-core (under xmldsigjs/xadesjs) looks these up globally; register the same implementation we parse with.
setNodeDependencies({ DOMParser, XMLSerializer, DOMImplementation, xpath });

export function parseXml(text: string, what = 'XML'): Document {
  if (/<!DOCTYPE/i.test(text)) {
    throw new AppError('INVALID_INPUT', `${what}: DOCTYPE is not allowed`, { fields: [what] });
  }
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, msg) => {
      if (level !== 'warning') errors.push(msg);
    },
  }).parseFromString(text, 'application/xml');
  if (errors.length > 0 || !doc.documentElement) {
    throw new AppError('INVALID_INPUT', `${what} is not well-formed: ${errors[0] ?? 'empty'}`, { fields: [what] });
  }
  return doc as unknown as Document;
}

export function serializeXml(node: Node): string {
  return new XMLSerializer().serializeToString(node as never);
}

/** Elements by namespace and local name anywhere below (and including) a node. */
export function elementsNS(node: Document | Element, ns: string, local: string): Element[] {
  return Array.from(node.getElementsByTagNameNS(ns, local));
}

export function firstElementNS(node: Document | Element, ns: string, local: string): Element | null {
  return elementsNS(node, ns, local)[0] ?? null;
}

export function textOf(node: Document | Element, ns: string, local: string): string | null {
  return firstElementNS(node, ns, local)?.textContent?.trim() ?? null;
}
