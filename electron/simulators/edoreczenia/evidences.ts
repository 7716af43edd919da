/**
 * Evidence files the e-Doręczenia simulator issues, each sealed with the simulator's own (TEST)
 * certificate by an enveloped XAdES signature:
 * - BP.OX "Potwierdzenie otrzymania", wzór 10856 (DOMAIN-inboxes §4.7) — the structure the
 *   official stylesheet reads;
 * - BP.WX "Potwierdzenie wysłania" — its schema is not public (§9), so it reuses the 10856
 *   layout with the title "Potwierdzenie wysłania" and no DataOdbioru;
 * - ETSI EN 319 522 evidences (A.1, A.2, D.1, E.1): the real XML schema is not in the contract
 *   files, so these are a small stand-in carrying the fields the client reads (type, message id,
 *   event time, reason), clearly namespaced as the simulator's own.
 * BP.WP/BP.OP, the PDF forms of the two proofs, are made and PAdES-sealed in evidence-pdf.ts.
 */
import { parseXml, serializeXml } from '../../node/xml/dom';
import type { XmlSigner } from '../../node/xml/engine';
import { signEnveloped } from '../../node/xml/xades';

export const NS_10856 = 'http://crd.gov.pl/wzor/2021/09/01/10856/';
export const NS_OSOBA = 'http://crd.gov.pl/xml/schematy/osoba/2009/11/16/';
export const NS_SIM_ETSI = 'urn:nadawca:simulator:edoreczenia:etsi-evidence';

export interface Party { address: string; name: string; person?: { first: string; last: string } }
export interface EvidenceAttachment { id: string; name: string; size: number; body?: boolean }

export interface ProofInput {
  kind: 'BP.OX' | 'BP.WX';
  evidenceId: string;
  messageId: string;
  sender: Party;
  addressee: Party;
  submittedAt: Date;
  acceptedAt: Date;
  /** BP.OX only: D.1 and E.1 (or deemed delivery) instants. */
  madeAvailableAt?: Date;
  handedOverAt?: Date;
  deemed?: boolean;
  attachments: EvidenceAttachment[];
  sealCertificate: { issuer: string; validFrom: string; validTo: string; serial: string };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Warsaw wall-clock time with its offset, "2026-11-23T10:12:29+01:00": the stylesheet splits on 'T'. */
export function warsawIso(d: Date): string {
  const fmt = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const local = fmt.format(d).replace(' ', 'T');
  const offsetMin = Math.round((Date.parse(`${local}Z`) - Math.floor(d.getTime() / 1000) * 1000) / 60000);
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function party(tag: string, p: Party): string {
  const who = p.person
    ? `<Rodzaj>osoba fizyczna</Rodzaj><OsobaFizyczna><ns8:Imie>${esc(p.person.first)}</ns8:Imie><ns8:Nazwisko>${esc(p.person.last)}</ns8:Nazwisko></OsobaFizyczna>`
    : `<Rodzaj>osoba prawna</Rodzaj><OsobaPrawna><NazwaPodmiotu>${esc(p.name)}</NazwaPodmiotu></OsobaPrawna>`;
  return `<${tag}><StronaKorespondencji>${who}</StronaKorespondencji><AdresEDoreczen>${esc(p.address)}</AdresEDoreczen></${tag}>`;
}

function attr(name: string, value: string): string {
  return `<AtrybutZalacznika nazwaAtrybutu="${name}"><WartoscAtrybutu>${esc(value)}</WartoscAtrybutu></AtrybutZalacznika>`;
}

function service(tag: string, cert: ProofInput['sealCertificate'], signedAt: Date): string {
  const a = (n: string, v: string) => `<AtrybutPodpisu nazwaAtrybutu="${n}"><WartoscAtrybutu>${esc(v)}</WartoscAtrybutu></AtrybutPodpisu>`;
  return `<${tag}><IdentyfikatorUslugi>SIMULATOR-PURDE (TEST)</IdentyfikatorUslugi><IdentyfikatorPolityki>urn:nadawca:simulator:policy:1</IdentyfikatorPolityki>`
    + `<DanePodpisuWystawcy>${a('Wystawca', cert.issuer)}${a('WazneOd', cert.validFrom)}${a('WazneDo', cert.validTo)}${a('DataPodpisania', warsawIso(signedAt))}${a('NrSeryjny', cert.serial)}</DanePodpisuWystawcy></${tag}>`;
}

/** The unsigned wzór 10856 document (BP.OX) or its sending twin (BP.WX). */
export function proofXml(p: ProofInput): string {
  const receipt = p.kind === 'BP.OX';
  const title = receipt ? 'Potwierdzenie otrzymania' : 'Potwierdzenie wysłania';
  const desc = receipt
    ? 'Niniejszy dokument stanowi dowód otrzymania w rozumieniu art. 40 ustawy z dnia 18 listopada 2020 r. o doręczeniach elektronicznych'
    : 'Niniejszy dokument stanowi dowód wysłania w rozumieniu art. 40 ustawy z dnia 18 listopada 2020 r. o doręczeniach elektronicznych';
  const signedAt = (receipt ? p.handedOverAt : p.acceptedAt) ?? p.acceptedAt;
  const odbior = receipt
    ? `<DataOdbioru><DataUdostepnieniaDoOdbioru>${warsawIso(p.madeAvailableAt ?? signedAt)}</DataUdostepnieniaDoOdbioru><DataPrzekazaniaAdresatowi>${warsawIso(signedAt)}</DataPrzekazaniaAdresatowi></DataOdbioru>`
    : '';
  const files = p.attachments.map((f) => `<DaneZalacznika>${attr('IdZalacznika', f.id)}${attr('TrescWiadomosci', f.body ? 'Tak' : 'Nie')}${attr('NazwaZalacznika', f.name)}${attr('RozmiarZalacznika', String(f.size))}</DaneZalacznika>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>`
    + `<Dokument xmlns="${NS_10856}" xmlns:ns8="${NS_OSOBA}"><OpisDokumentu/><DaneDokumentu/>`
    + `<TrescDokumentu format="text/xml" kodowanie="XML" rodzaj="inny">`
    + `<DaneDokumentu><TytulDokumentu>${title}</TytulDokumentu><OpisDokumentu>${desc}</OpisDokumentu></DaneDokumentu>`
    + party('DaneNadawcy', p.sender) + party('DaneAdresata', p.addressee)
    + `<DataWyslania><DataNadaniaPrzesylki>${warsawIso(p.submittedAt)}</DataNadaniaPrzesylki><DataAkceptacjiNadaniaPrzesylki>${warsawIso(p.acceptedAt)}</DataAkceptacjiNadaniaPrzesylki></DataWyslania>`
    + odbior
    + `<DaneWiadomosci><IdentyfikatorDowoduPotwierdzenia>${esc(p.evidenceId)}</IdentyfikatorDowoduPotwierdzenia><IdentyfikatorWiadomosci>${esc(p.messageId)}</IdentyfikatorWiadomosci>`
    + (p.deemed ? '<InformacjeDodatkowe>Uznana za doręczoną (art. 42 ust. 2)</InformacjeDodatkowe>' : '')
    + `<TrybDoreczenia>podstawowy</TrybDoreczenia></DaneWiadomosci>`
    + `<DaneZalaczniki>${files}</DaneZalaczniki>`
    + service('DaneUslugiEDoreczenNadawcy', p.sealCertificate, signedAt) + service('DaneUslugiEDoreczenAdresata', p.sealCertificate, signedAt)
    + `<Stopka>Niniejszy dowód jest zabezpieczony pieczęcią elektroniczną dostawcy usługi zaufania (SYMULATOR — TEST, NIE KWALIFIKOWANA).</Stopka>`
    + `</TrescDokumentu></Dokument>`;
}

export interface EtsiInput { type: 'A.1' | 'A.2' | 'D.1' | 'E.1'; evidenceId: string; messageId: string; eventTime: Date; sender: string; recipient: string; reason?: string }

export function etsiXml(e: EtsiInput): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Evidence xmlns="${NS_SIM_ETSI}" type="${e.type}">`
    + `<EvidenceIdentifier>${esc(e.evidenceId)}</EvidenceIdentifier><EventTime>${e.eventTime.toISOString()}</EventTime>`
    + `<SenderDetails>${esc(e.sender)}</SenderDetails><RecipientDetails>${esc(e.recipient)}</RecipientDetails>`
    + `<MessageIdentifier>${esc(e.messageId)}</MessageIdentifier>${e.reason ? `<ReasonDetails>${esc(e.reason)}</ReasonDetails>` : ''}</Evidence>`;
}

/** Seals an evidence document; `tamper` alters it after sealing (fault injection: bad seal). */
export async function sealEvidence(xml: string, seal: XmlSigner, at: Date, id: string, tamper = false): Promise<Uint8Array> {
  const doc = parseXml(xml, 'evidence');
  await signEnveloped(doc, seal, { signingTime: at, id: `seal-${id.replace(/[^A-Za-z0-9_-]/g, '')}` });
  let text = `<?xml version="1.0" encoding="UTF-8"?>${serializeXml(doc).replace(/^<\?xml[^>]*\?>/, '')}`;
  if (tamper) text = text.replace(/(<(?:\w+:)?IdentyfikatorWiadomosci>|<MessageIdentifier>)/, '$1X');
  return new Uint8Array(Buffer.from(text, 'utf8'));
}
