/**
 * The user's trust settings in the database: trusted certificates (anchors for verification) and
 * time-stamping servers in the order they are tried. Migration 009 holds the tables and the
 * default (disabled) KIR and Certum TSAs.
 */
import { X509Certificate } from 'node:crypto';
import { AppError } from '../../common/errors';
import type { Db } from '../../../native/sqlite';
import type { TsaConfig } from '../signatures/api';

export interface TrustAnchorRow {
  fingerprint256: string;
  subject: string;
  validTo: string;
  addedAt: string;
}

export interface TsaServerRow {
  url: string;
  name: string;
  enabled: boolean;
  position: number;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

const fingerprintOf = (cert: X509Certificate) => cert.fingerprint256.replace(/:/g, '').toLowerCase();
const subjectOf = (cert: X509Certificate) => cert.subject.replace(/\n/g, ', ');
const tsaNotFound = (url: string) => new AppError('NOT_FOUND', `time-stamping server ${url}`, { what: url });

/** PEM text (one or more blocks) or a DER certificate. */
function parseCertificates(input: string | Buffer, source: string): X509Certificate[] {
  const text = typeof input === 'string' ? input : input.toString('latin1');
  const blocks: (string | Buffer)[] = text.match(PEM_BLOCK) ?? (typeof input === 'string' ? [] : [input]);
  try {
    if (blocks.length === 0) throw new Error('no certificate');
    return blocks.map((b) => new X509Certificate(b));
  } catch {
    throw new AppError('TRUST_ANCHOR_UNREADABLE', `no X.509 certificate in ${source}`, { file: source });
  }
}

/** A trust anchor ends a chain: a CA (basicConstraints cA) or a self-signed certificate, valid now. */
function checkAnchor(cert: X509Certificate, now: Date): void {
  const subject = subjectOf(cert);
  const selfSigned = cert.checkIssued(cert) && cert.verify(cert.publicKey);
  if (!cert.ca && !selfSigned) throw new AppError('TRUST_ANCHOR_NOT_CA', `not a CA: ${subject}`, { subject });
  const validTo = new Date(cert.validTo);
  if (validTo < now || new Date(cert.validFrom) > now) {
    throw new AppError('TRUST_ANCHOR_EXPIRED', `not valid now: ${subject}`, { subject, validTo: validTo.toISOString().slice(0, 10) });
  }
}

export function checkTsaUrl(url: string): void {
  let ok = false;
  try { ok = ['http:', 'https:'].includes(new URL(url).protocol); } catch { /* not a URL */ }
  if (!ok) throw new AppError('INVALID_INPUT', `TSA URL ${url}`, { fields: ['url: only http:// or https:// addresses'] });
}

export function createTrustStore(db: Db, clock: () => Date = () => new Date()) {
  return {
    /**
     * Adds every certificate of a PEM text or a DER file; returns what was added (already trusted
     * ones are skipped). Each must be a CA or self-signed and valid now; `source` names the input in errors.
     */
    addCertificates(input: string | Buffer, source = 'PEM'): TrustAnchorRow[] {
      const certs = parseCertificates(input, source);
      const now = clock();
      for (const cert of certs) checkAnchor(cert, now);
      const added: TrustAnchorRow[] = [];
      const insert = db.prepare('INSERT OR IGNORE INTO trust_anchors (fingerprint256, subject, der, added_at) VALUES (?, ?, ?, ?)');
      db.transaction(() => {
        for (const cert of certs) {
          const row = { fingerprint256: fingerprintOf(cert), subject: subjectOf(cert), validTo: new Date(cert.validTo).toISOString(), addedAt: now.toISOString() };
          if (insert.run(row.fingerprint256, row.subject, cert.raw, row.addedAt).changes > 0) added.push(row);
        }
      })();
      return added;
    },
    list(): TrustAnchorRow[] {
      return (db.prepare('SELECT fingerprint256, subject, der, added_at AS addedAt FROM trust_anchors ORDER BY subject').all() as (Omit<TrustAnchorRow, 'validTo'> & { der: Buffer })[])
        .map(({ der, ...r }) => ({ ...r, validTo: new Date(new X509Certificate(der).validTo).toISOString() }));
    },
    remove(fingerprint256: string): void {
      if (db.prepare('DELETE FROM trust_anchors WHERE fingerprint256 = ?').run(fingerprint256).changes === 0) {
        throw new AppError('NOT_FOUND', `trusted certificate ${fingerprint256}`, { what: fingerprint256 });
      }
    },
    /** The anchors as certificates, for verifyFile and the receipts check. */
    certificates(): X509Certificate[] {
      return (db.prepare('SELECT der FROM trust_anchors').all() as { der: Buffer }[]).map((r) => new X509Certificate(r.der));
    },
    tsaServers(): TsaServerRow[] {
      return (db.prepare('SELECT url, name, enabled, position FROM tsa_servers ORDER BY position').all() as (Omit<TsaServerRow, 'enabled'> & { enabled: number })[])
        .map((r) => ({ ...r, enabled: r.enabled === 1 }));
    },
    /** Adds (enabled, last in order) or updates a server by URL. */
    saveTsaServer(server: { url: string; name: string; enabled: boolean }): void {
      checkTsaUrl(server.url);
      const next = (db.prepare('SELECT COALESCE(MAX(position), 0) + 1 AS p FROM tsa_servers').get() as { p: number }).p;
      db.prepare(`INSERT INTO tsa_servers (url, name, enabled, position, added_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(url) DO UPDATE SET name = excluded.name, enabled = excluded.enabled`)
        .run(server.url, server.name, server.enabled ? 1 : 0, next, clock().toISOString());
    },
    setTsaEnabled(url: string, enabled: boolean): void {
      if (db.prepare('UPDATE tsa_servers SET enabled = ? WHERE url = ?').run(enabled ? 1 : 0, url).changes === 0) throw tsaNotFound(url);
    },
    removeTsaServer(url: string): void {
      if (db.prepare('DELETE FROM tsa_servers WHERE url = ?').run(url).changes === 0) throw tsaNotFound(url);
    },
    /** `urls` is the complete new order: every stored server exactly once. */
    reorderTsa(urls: string[]): void {
      const stored = this.tsaServers().map((s) => s.url);
      if (urls.length !== stored.length || new Set(urls).size !== urls.length || urls.some((u) => !stored.includes(u))) {
        throw new AppError('INVALID_INPUT', 'TSA order', { fields: ['urls: list every time-stamping server exactly once'] });
      }
      const update = db.prepare('UPDATE tsa_servers SET position = ? WHERE url = ?');
      db.transaction(() => urls.forEach((u, i) => update.run(i + 1, u)))();
    },
    /** Enabled servers in order: what signing at B-T / B-LT tries. */
    enabledTsa(): TsaConfig[] {
      return this.tsaServers().filter((s) => s.enabled).map((s) => ({ url: s.url, name: s.name }));
    },
  };
}

export type TrustStore = ReturnType<typeof createTrustStore>;
