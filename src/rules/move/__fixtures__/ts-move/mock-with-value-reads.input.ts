// A renamed-key factory mock moves with every read of its module in the file: require(…).Name, import().then, bare require.
import { getSocket } from '../lib/socket';
jest.mock('../lib/socket', () => ({ getSocket: jest.fn(), createSocket: jest.fn() }));
const create = require('../lib/socket').createSocket;
const later = import('../lib/socket').then(({ getSocket: g }) => g);
const viaNs = import('../lib/socket').then((m) => m.createSocket);
require('../lib/socket');
test('x', () => { void [getSocket, create, later, viaNs]; });
