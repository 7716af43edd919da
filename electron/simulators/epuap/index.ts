/** The built-in ePUAP simulator (DOMAIN-inboxes §8.1). */
export { startEpuapSimulator } from './simulator';
export type { CapturedRequest, EpuapSimulator, EpuapSimulatorOptions, FaultInjection, FaultKind } from './simulator';
export type { DeliveredDocument, RegisteredSystem } from './skrytka';
export { DEFAULT_BOXES, MB, type BoxConfig } from './boxes';
export { STATUS, WYJATEK } from './codes';
export { warsawLocalTime, UPP_FILE_NAME } from './upp';
export { DEFAULT_ADDRESSEES, deemedInstant, UPD_FILE_NAME, type DoreczOrder } from './dorecz';
