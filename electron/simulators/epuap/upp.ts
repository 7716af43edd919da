/**
 * The UPP (Urzędowe Poświadczenie Przedłożenia) the simulator issues, shaped like the one ePUAP's
 * integration environment issued (shared/samples/upp-epuap-integration-environment.xml):
 * stylesheet PI, pos:OpisDokumentu/str:CID, pos:UPP with the four InformacjaUzupelniajaca
 * entries, and an enveloped XAdES seal whose second reference binds the filed document by the
 * URL-encoded file name it was sent under (DOMAIN-inboxes §6.2).
 */
import { parseXml, serializeXml } from '../../node/xml/dom';
import type { XmlSigner } from '../../node/xml/engine';
import { signEnveloped } from '../../node/xml/xades';

export const NS_UPO = 'http://crd.gov.pl/xml/schematy/UPO/2008/05/09/';
const NS_STR = 'http://crd.gov.pl/xml/schematy/struktura/2008/05/09/';
const NS_XSI = 'http://www.w3.org/2001/XMLSchema-instance';
export const UPP_FILE_NAME = 'UPP.xml';

export interface UppInput {
  /** Numeric part of pos:IdentyfikatorPoswiadczenia ("ePUAP-UPP<n>"). */
  uppId: string;
  /** identyfikatorDokumentu of the `nadaj` answer. */
  documentId: string;
  recipient: { name: string; subject: string };
  sender: { name: string; subject: string };
  /** When the document entered the platform. */
  deliveredAt: Date;
  /** The filed document and the file name it was sent under. */
  filed: { fileName: string; document: Document };
}

/** Europe/Warsaw wall-clock time without a zone, with milliseconds — how real UPPs write dates. */
export function warsawLocalTime(d: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? '00';
  const ms = String(d.getUTCMilliseconds()).padStart(3, '0');
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}.${ms}`;
}

/** Builds and seals the UPP; returns its bytes as they go into `zalacznik/zawartosc`. */
export async function issueUpp(input: UppInput, seal: XmlSigner, opts: { tamper?: boolean } = {}): Promise<Uint8Array> {
  const doc = parseXml(
    '<?xml version="1.0" encoding="UTF-8"?>\n'
      + '<?xml-stylesheet type="text/xsl" href="http://crd.gov.pl/xml/schematy/UPO/2008/05/09/UPO.xsl"?>'
      + `<pos:Dokument xmlns:pos="${NS_UPO}" xmlns:str="${NS_STR}" xmlns:xsi="${NS_XSI}"`
      + ` xsi:schemaLocation="${NS_UPO} ${NS_UPO}schemat.xsd"/>`,
    'UPP',
  );
  const root = doc.documentElement!;
  const when = warsawLocalTime(input.deliveredAt);

  const add = (parent: Element, depth: number, ns: string, qname: string, text?: string, attrs: Record<string, string> = {}): Element => {
    parent.appendChild(doc.createTextNode('\n' + '    '.repeat(depth)));
    const el = doc.createElementNS(ns, qname);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    if (text !== undefined) el.appendChild(doc.createTextNode(text));
    parent.appendChild(el);
    return el;
  };
  const close = (el: Element, depth: number) => el.appendChild(doc.createTextNode('\n' + '    '.repeat(depth)));
  const party = (parent: Element, qname: string, p: { name: string; subject: string }) => {
    const el = add(parent, 2, NS_UPO, qname);
    add(el, 3, NS_UPO, 'pos:Nazwa', p.name);
    add(el, 3, NS_UPO, 'pos:IdentyfikatorPodmiotu', p.subject, { TypIdentyfikatora: 'ePUAP-ID' });
    close(el, 2);
  };

  const opis = add(root, 1, NS_UPO, 'pos:OpisDokumentu');
  add(opis, 2, NS_STR, 'str:CID', `${input.documentId}.0.0@ePUAP-symulator`);
  close(opis, 1);
  const upp = add(root, 1, NS_UPO, 'pos:UPP');
  add(upp, 2, NS_UPO, 'pos:IdentyfikatorPoswiadczenia', `ePUAP-UPP${input.uppId}`);
  party(upp, 'pos:Adresat', input.recipient);
  party(upp, 'pos:Nadawca', input.sender);
  add(upp, 2, NS_UPO, 'pos:DataDoreczenia', when);
  add(upp, 2, NS_UPO, 'pos:DataWytworzeniaPoswiadczenia', when);
  // As in the real sample: "DOK" + the id in IdentyfikatorDokumentu, the bare id in the note below.
  add(upp, 2, NS_UPO, 'pos:IdentyfikatorDokumentu', `DOK${input.documentId}`);
  const info = (type: string, text: string) => add(upp, 2, NS_UPO, 'pos:InformacjaUzupelniajaca', text, { TypInformacjiUzupelniajacej: type });
  info('Źródło', 'Poświadczenie wystawione przez platformę ePUAP (SYMULATOR TESTOWY — bez mocy prawnej)');
  info('Identyfikator ePUAP dokumentu', input.documentId);
  info('Informacja', 'Zgodnie z art 39¹ par. 1 k.p.a. pisma powiązane z przedłożonym dokumentem będą przesyłane za pomocą środków komunikacji elektronicznej.');
  info('Pouczenie', 'Zgodnie z art 39¹ par. 1d k.p.a. istnieje możliwość rezygnacji z doręczania pism za pomocą środków komunikacji elektronicznej.');
  close(upp, 1);
  root.appendChild(doc.createTextNode('\n'));

  await signEnveloped(doc, seal, {
    signingTime: input.deliveredAt,
    id: `id-upp-${input.uppId}`,
    documentTransform: 'xpath-not-signature',
    externalReferences: [{ uri: encodeURIComponent(input.filed.fileName), document: input.filed.document }],
  });
  if (opts.tamper) {
    // Fault injection: the seal no longer matches what the UPP says.
    const nazwa = upp.getElementsByTagNameNS(NS_UPO, 'Nazwa')[0];
    nazwa?.appendChild(doc.createTextNode(' (zmieniono)'));
  }
  return new Uint8Array(Buffer.from(serializeXml(doc), 'utf8'));
}
