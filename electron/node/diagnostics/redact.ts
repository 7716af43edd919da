/**
 * Redaction of a diagnostics report before anyone sees, saves or copies it (DOMAIN-signatures §14.8):
 * serial numbers keep their last 4 characters, PESEL/NIP (and similar national identifiers) in
 * certificate subjects keep their last 3 digits, the home folder becomes `~`. A PIN never enters a
 * report in the first place.
 */
import type { InventoryModule } from '../../common/contract-cards';
import type { CertificateEntry, DiagnosticsReport } from '../../common/contract-diagnostics';

const MASK = '*';

/** "0A1B2C3D4E" → "******3D4E"; separators (':' ' ') are dropped first. Short values are masked whole. */
export function maskSerial(serial: string): string {
  const clean = serial.replace(/[\s:]/g, '');
  if (clean.length === 0) return clean;
  if (clean.length <= 4) return MASK.repeat(clean.length);
  return MASK.repeat(clean.length - 4) + clean.slice(-4);
}

function maskDigits(digits: string): string {
  return MASK.repeat(Math.max(digits.length - 3, 0)) + digits.slice(-3);
}

/**
 * PNOPL-85022512342 → PNOPL-********342; the same for TINPL/VATPL/IDCPL/PASPL/NTRPL, legacy
 * "PESEL:…"/"NIP:…" forms, and any other run of 10–11 digits (a PESEL or NIP written bare).
 */
export function maskIdentifiers(text: string): string {
  return text
    .replace(/\b(PNOPL|TINPL|VATPL|IDCPL|PASPL|NTRPL|PESEL|NIP)([-:]\s*)([0-9A-Z]{4,})/gi, (_, scheme: string, sep: string, value: string) => scheme + sep + maskDigits(value))
    .replace(/(?<![0-9*])\d{3}-?\d{3}-?\d{2}-?\d{2}(?!\d)|(?<![0-9*])\d{10,11}(?!\d)/g, (m) => maskDigits(m.replace(/-/g, '')));
}

export function shortenHome(path: string, home: string | undefined): string {
  if (!home || home === '/') return path;
  return path === home || path.startsWith(home + '/') || path.startsWith(home + '\\') ? '~' + path.slice(home.length) : path;
}

function redactModule(m: InventoryModule, home: string | undefined): InventoryModule {
  return {
    ...m,
    path: shortenHome(m.path, home),
    failure: m.failure && { ...m.failure, message: maskHome(m.failure.message, home) },
    slots: m.slots.map((s) => ({
      ...s,
      token: s.token && {
        ...s.token,
        serial: maskSerial(s.token.serial),
        certificates: s.token.certificates.map((c) => ({
          ...c,
          subject: maskIdentifiers(c.subject),
          serialNumber: maskSerial(c.serialNumber),
          classification: {
            ...c.classification,
            person: c.classification.person && { ...c.classification.person, value: maskDigits(c.classification.person.value) },
          },
        })),
      },
    })),
  };
}

function maskHome(text: string, home: string | undefined): string {
  return home && home !== '/' ? text.split(home).join('~') : text;
}

export function redactCertificate(c: CertificateEntry, home: string | undefined): CertificateEntry {
  return { ...c, subject: maskIdentifiers(c.subject), serialNumber: maskSerial(c.serialNumber), token: { ...c.token, module: shortenHome(c.token.module, home) } };
}

export function redactReport(report: DiagnosticsReport, home: string | undefined): DiagnosticsReport {
  return {
    ...report,
    modules: report.modules.map((m) => redactModule(m, home)),
    certificates: report.certificates.map((c) => redactCertificate(c, home)),
    pcsc: { ...report.pcsc, detail: report.pcsc.detail && maskHome(report.pcsc.detail, home) },
    inventoryError: report.inventoryError && { ...report.inventoryError, message: maskHome(report.inventoryError.message, home) },
    advice: report.advice.map((a) => ({
      ...a,
      message: maskHome(maskIdentifiers(a.message), home),
      params: Object.fromEntries(Object.entries(a.params).map(([k, v]) => [k, typeof v === 'string' ? maskHome(maskIdentifiers(v), home) : v])),
    })),
  };
}
