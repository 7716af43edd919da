/** The built-in e-Doręczenia simulator (DOMAIN-inboxes §8.2). */
export { startEdoreczeniaSimulator, API_BASE, TOKEN_PATH } from './simulator';
export type { DeliverOn, EdoreczeniaSimulator, FaultInjection, FaultKind, SimBox, SimClient, SimulatorOptions } from './simulator';
export { deemedDelivery, daysToReceive, isClosed } from './rules';
export { startBuiltinEdoreczenia, BUILTIN_BOXES } from './builtin';
