// require(), requireActual and import() as the module's value, in every way the names read can be told.
require('@/services/webSocketService');
require('./legacy/wsClient');
import('@/services/webSocketService');
const unused = require('@/services/webSocketService');
const mod = require('../lib/socket');
const getClientNow = require('@/services/webSocketService').getClient;
const other = require('./legacy/wsClient').WsClient;
const Service = require('@/services/webSocketService').WebSocketService;
const actual = jest.requireActual('@/services/webSocketService').createWebSocketService;
const pending = import('@/services/events');

export async function load(): Promise<unknown> {
  await import('./legacy/wsClient');
  const S = (await import('@/services/webSocketService')).WebSocketService;
  const viaThen = await import('@/services/webSocketService').then((m) => m.getClient());
  const destructuredThen = await import('@/services/webSocketService').then(({ getClient: getSocket }) => getSocket);
  const promised = import('../lib/socket');
  return [S, viaThen, destructuredThen, promised, getClientNow, other, Service, actual, mod, pending];
}
