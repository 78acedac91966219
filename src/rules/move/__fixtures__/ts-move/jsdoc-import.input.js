// JSDoc types of a JavaScript file name modules with import().
/** @type {import('../lib/socket').Socket | undefined} */
let current;
/** @typedef {import("../old/events").EventName} Name */
/** @typedef {import('./legacy/wsClient').WsClient} Client kept: this name does not move */
/**
 * @param {typeof import('../lib/socket')} mod
 * @returns {import('../lib/socket').SocketState}
 */
export function state(mod) {
  return mod && current ? 'open' : 'idle';
}
