/**
 * The ePUAP contract files the simulator publishes and validates against, read from
 * resources/runtime/contracts/epuap (byte-for-byte copies of the shared contracts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runtimeDir } from '../../node/runtime-resources';
import { elementsNS, parseXml, serializeXml } from '../../node/xml/dom';

export const CONTRACT_FILES = ['obiektypk.xsd', 'obiektyExt.xsd', 'skrytka.wsdl', 'pull.wsdl', 'doreczyciel.wsdl'] as const;
export type ContractFile = (typeof CONTRACT_FILES)[number];

const NS_WSDL = 'http://schemas.xmlsoap.org/wsdl/';
const NS_WSDL_SOAP = 'http://schemas.xmlsoap.org/wsdl/soap/';
const NS_WSP = 'http://schemas.xmlsoap.org/ws/2004/09/policy';
const SIGN_POLICY_NS = 'http://www.sejm.gov.pl/epuap/sign-policy/';

/** Where the shipped copies live: resources/runtime in the sources, the bundle or the packaged app. */
export function defaultContractsDir(): string {
  return join(runtimeDir(), 'contracts', 'epuap');
}

export function readContract(dir: string, name: ContractFile): Buffer {
  return readFileSync(join(dir, name));
}

/**
 * A WSDL as the simulator serves it: without EpuapBrokerLib's `sign-policy.wsdl` import and the
 * `PolicyReference URI="#Sign"` pointing into it (not ePUAP's, not shipped — contracts README),
 * and with soap:address set to where the simulator actually listens. doreczyciel.wsdl's own
 * policy (#x509Token) stays.
 */
export function servedWsdl(dir: string, name: ContractFile, endpoint: string): string {
  const doc = parseXml(readContract(dir, name).toString('utf8'), name);
  for (const imp of elementsNS(doc, NS_WSDL, 'import')) {
    if (imp.getAttribute('namespace') === SIGN_POLICY_NS) imp.parentNode?.removeChild(imp);
  }
  for (const ref of elementsNS(doc, NS_WSP, 'PolicyReference')) {
    if (ref.getAttribute('URI') === '#Sign') ref.parentNode?.removeChild(ref);
  }
  for (const address of elementsNS(doc, NS_WSDL_SOAP, 'address')) address.setAttribute('location', endpoint);
  return serializeXml(doc);
}
