/**
 * The boxes the simulator knows, with the per-box rules an authority publishes (DOMAIN-inboxes
 * §2.3, §7.3; names and limits from the authorities' pages in shared/seeds).
 */
export const MB = 1024 * 1024;

export interface BoxConfig {
  /** /subject/box, compared case-sensitively (§2.2). */
  address: string;
  /** The authority's name as ePUAP shows it (UPP Adresat/Nazwa). */
  name: string;
  /**
   * Largest accepted document in bytes. Authorities state the limit for "all attachments of one
   * form"; the simulator applies it to the whole filed document, which includes them.
   */
  sizeLimit?: number;
  /** Refuse documents without a ds:Signature child of the root. */
  requireSignature?: boolean;
  /** Issue the UPP in the `nadaj` answer (default true); otherwise it goes to the sender's AdresOdpowiedzi box. */
  upp?: boolean;
}

export const DEFAULT_BOXES: readonly BoxConfig[] = [
  // KRUS: "opatrzonych bezpiecznym podpisem…", "nie może przekroczyć 3 MB".
  { address: '/KRUS/SkrytkaESP', name: 'Kasa Rolniczego Ubezpieczenia Społecznego', sizeLimit: 3 * MB, requireSignature: true },
  // ZUS publishes no ePUAP limit of its own.
  { address: '/ZUS/SkrytkaESP', name: 'Zakład Ubezpieczeń Społecznych', requireSignature: true },
  // CUW Cieszyn: SkrytkaESP takes signed or unsigned letters, "skrytka" signed ones only; 150 MB both.
  { address: '/ZOJO_Cieszyn/SkrytkaESP', name: 'Centrum Usług Wspólnych w Cieszynie', sizeLimit: 150 * MB },
  { address: '/ZOJO_Cieszyn/skrytka', name: 'Centrum Usług Wspólnych w Cieszynie', sizeLimit: 150 * MB, requireSignature: true },
];
