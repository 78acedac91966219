// JSDoc types of a JavaScript file name modules with import().
/** @type {import('@/services/webSocketService').WebSocketService | undefined} */
let current;
/** @typedef {import("@/services/events").EventName} Name */
/** @typedef {import('./legacy/wsClient').WsClient} Client kept: this name does not move */
/**
 * @param {typeof import('../lib/socket')} mod
 * @returns {import('@/services/webSocketService').ConnectionState}
 */
export function state(mod) {
  return mod && current ? 'open' : 'idle';
}
