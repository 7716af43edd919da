/**
 * Where PKCS#11 modules of the cards used in Poland usually live (DOMAIN-signatures §10).
 * Data only: the caller checks which candidates exist. Windows entries use %VAR% placeholders
 * because Program Files and System32 move with the installation.
 */
export type Platform = 'linux' | 'win32' | 'darwin';

export interface KnownModule {
  vendor: string;
  platform: Platform;
  /** Absolute path; Linux may use {multiarch} (x86_64-linux-gnu, aarch64-linux-gnu). */
  path: string;
}

export const KNOWN_MODULES: readonly KnownModule[] = [
  // Certum (cryptoCertum cards, proCertum SmartSign)
  { vendor: 'Certum', platform: 'win32', path: '%SystemRoot%\\System32\\cryptoCertum3PKCS.dll' },
  { vendor: 'Certum', platform: 'win32', path: '%ProgramFiles%\\Certum\\SimplySign Desktop\\proCertum SmartSign\\cryptoCertum3PKCS.dll' },
  { vendor: 'Certum', platform: 'linux', path: '/opt/proCertumSmartSign/libcryptoCertum3PKCS.so' },
  { vendor: 'Certum', platform: 'linux', path: '/opt/proCertumSmartSign/libcrypto3PKCS.so' },
  { vendor: 'Certum', platform: 'darwin', path: '/usr/local/lib/pkcs11/libcryptoCertum3PKCS.dylib' },
  { vendor: 'Certum', platform: 'darwin', path: '/Library/cryptoCertum/libcryptoCertum3PKCS.dylib' },
  { vendor: 'Certum SimplySign', platform: 'win32', path: '%SystemRoot%\\System32\\SimplySignPKCS.dll' },
  // KIR Szafir (CryptoTech Graphite)
  { vendor: 'KIR Szafir', platform: 'win32', path: '%ProgramFiles%\\Krajowa Izba Rozliczeniowa S.A\\Szafir 2.0\\bin\\CCGraphiteP11p.x64.dll' },
  { vendor: 'KIR Szafir', platform: 'win32', path: '%SystemRoot%\\System32\\CCGraphiteP1164p.dll' },
  { vendor: 'KIR Szafir', platform: 'win32', path: '%ProgramFiles%\\CCAktywator\\CCGraphiteP11.dll' },
  { vendor: 'KIR Szafir (Carbon)', platform: 'win32', path: '%SystemRoot%\\System32\\CCP1164p.dll' },
  { vendor: 'KIR Szafir', platform: 'linux', path: '/usr/lib/libccgraphitep11.so' },
  // PWPW Sigillum, EuroCert (Charismathics), CenCert (Enigma)
  { vendor: 'PWPW Sigillum', platform: 'win32', path: '%SystemRoot%\\System32\\asepkcs.dll' },
  { vendor: 'EuroCert', platform: 'win32', path: '%ProgramFiles%\\Charismathics\\PKCS11\\cmP1164.dll' },
  { vendor: 'CenCert', platform: 'win32', path: '%ProgramFiles%\\ENCARD\\enigmap11-x64.dll' },
  // Generic and widespread
  { vendor: 'OpenSC', platform: 'win32', path: '%ProgramFiles%\\OpenSC Project\\OpenSC\\pkcs11\\opensc-pkcs11.dll' },
  { vendor: 'OpenSC', platform: 'linux', path: '/usr/lib/{multiarch}/opensc-pkcs11.so' },
  { vendor: 'OpenSC', platform: 'linux', path: '/usr/lib64/opensc-pkcs11.so' },
  { vendor: 'OpenSC', platform: 'darwin', path: '/Library/OpenSC/lib/opensc-pkcs11.so' },
  { vendor: 'SafeNet eToken', platform: 'win32', path: '%SystemRoot%\\System32\\eTPKCS11.dll' },
  { vendor: 'SafeNet eToken', platform: 'linux', path: '/usr/lib/libeTPkcs11.so' },
  { vendor: 'SafeNet eToken', platform: 'darwin', path: '/Library/Frameworks/eToken.framework/Versions/Current/libeToken.dylib' },
  { vendor: 'Thales IDPrime', platform: 'win32', path: '%SystemRoot%\\System32\\IDPrimePKCS11.dll' },
  { vendor: 'Thales IDPrime', platform: 'linux', path: '/usr/lib/libIDPrimePKCS11.so' },
  // Seen in Polish tools (DOMAIN-signatures §10 "others")
  { vendor: 'SafeSign', platform: 'win32', path: '%SystemRoot%\\System32\\aetpkss1.dll' },
  { vendor: 'ePass2003', platform: 'win32', path: '%SystemRoot%\\System32\\eps2003csp11.dll' },
  { vendor: 'Thales IDPrime', platform: 'darwin', path: '/Library/Frameworks/eToken.framework/Versions/Current/libIDPrimePKCS11.dylib' },
  // Test token (Debian package softhsm2)
  { vendor: 'SoftHSM (test)', platform: 'linux', path: '/usr/lib/softhsm/libsofthsm2.so' },
];

const MULTIARCH: Record<string, string> = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu', ia32: 'i386-linux-gnu', arm: 'arm-linux-gnueabihf' };

/** Candidate paths for a platform, placeholders expanded; entries whose variables are unset are dropped. */
export function candidateModulePaths(
  platform: string = process.platform,
  env: Record<string, string | undefined> = process.env,
  arch: string = process.arch,
): { vendor: string; path: string }[] {
  const out: { vendor: string; path: string }[] = [];
  for (const m of KNOWN_MODULES) {
    if (m.platform !== platform) continue;
    let missing = false;
    const path = m.path
      .replace('{multiarch}', () => MULTIARCH[arch] ?? `${arch}-linux-gnu`)
      .replace(/%(\w+)%/g, (_, name: string) => {
        const v = env[name] ?? env[name.toUpperCase()];
        if (v === undefined) missing = true;
        return v ?? '';
      });
    if (!missing) out.push({ vendor: m.vendor, path });
  }
  return out;
}
