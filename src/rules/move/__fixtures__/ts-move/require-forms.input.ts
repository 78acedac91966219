// require(), requireActual and import() as the module's value, in every way the names read can be told.
require('../lib/socket');
require('./legacy/wsClient');
import('../lib/socket');
const unused = require('../lib/socket');
const mod = require('../lib/socket');
const getClientNow = require('../lib/socket').getSocket;
const other = require('./legacy/wsClient').WsClient;
const Service = require('./legacy/wsClient').WebSocketService;
const actual = jest.requireActual('../lib/socket').createSocket;
const pending = import('../old/events');

export async function load(): Promise<unknown> {
  await import('./legacy/wsClient');
  const S = (await import('../lib/socket')).Socket;
  const viaThen = await import('../lib/socket').then((m) => m.getSocket());
  const destructuredThen = await import('../lib/socket').then(({ getSocket }) => getSocket);
  const promised = import('../lib/socket');
  return [S, viaThen, destructuredThen, promised, getClientNow, other, Service, actual, mod, pending];
}
