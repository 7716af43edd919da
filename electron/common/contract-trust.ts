/**
 * Channels of the "Trust and time-stamps" settings: certificates the user trusts when verifying
 * signatures (added as PEM text or a PEM/DER file) and the time-stamping servers that signing at
 * B-T / B-LT tries in order. Every change returns the new list, so the screen shows what is stored.
 */
import { z } from 'zod';

const fingerprint = z.string().regex(/^[0-9a-f]{64}$/);
/** http/https only: RFC 3161 over HTTP (the public Polish TSAs are plain http). */
const tsaUrl = z.url({ protocol: /^https?$/ }).max(2048);

export const trustAnchorSchema = z.object({
  fingerprint256: fingerprint,
  subject: z.string(),
  /** ISO time the certificate stops being valid. */
  validTo: z.string(),
  addedAt: z.string(),
});
export type TrustAnchor = z.infer<typeof trustAnchorSchema>;

export const tsaServerSchema = z.object({
  url: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  position: z.number().int(),
});
export type TsaServer = z.infer<typeof tsaServerSchema>;

const anchorList = z.array(trustAnchorSchema);
const tsaList = z.array(tsaServerSchema);

export const trustChannels = {
  'trust.anchors.list': { input: z.strictObject({}), output: anchorList },
  'trust.anchors.add': {
    /** Exactly one: pasted PEM text, or an absolute path to a PEM or DER file. */
    input: z.union([
      z.strictObject({ pem: z.string().min(1).max(1_000_000) }),
      z.strictObject({ path: z.string().min(1).max(4096).refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'absolutePath') }),
    ]),
    output: anchorList,
  },
  'trust.anchors.remove': { input: z.strictObject({ fingerprint256: fingerprint }), output: anchorList },
  'trust.tsa.list': { input: z.strictObject({}), output: tsaList },
  'trust.tsa.add': { input: z.strictObject({ url: tsaUrl, name: z.string().trim().min(1).max(200) }), output: tsaList },
  'trust.tsa.setEnabled': { input: z.strictObject({ url: z.string().max(2048), enabled: z.boolean() }), output: tsaList },
  'trust.tsa.remove': { input: z.strictObject({ url: z.string().max(2048) }), output: tsaList },
  /** The complete new order (every stored URL once). */
  'trust.tsa.reorder': { input: z.strictObject({ urls: z.array(z.string().max(2048)).min(1).max(100) }), output: tsaList },
} as const;
