// A renamed-key factory mock moves with every read of its module in the file: require(…).Name, import().then, bare require.
import { getClient } from '@/services/webSocketService';
jest.mock('@/services/webSocketService', () => ({ getClient: jest.fn(), createWebSocketService: jest.fn() }));
const create = require('@/services/webSocketService').createWebSocketService;
const later = import('@/services/webSocketService').then(({ getClient: g }) => g);
const viaNs = import('@/services/webSocketService').then((m) => m.createWebSocketService);
require('@/services/webSocketService');
test('x', () => { void [getClient, create, later, viaNs]; });
