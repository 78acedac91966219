// Plain JavaScript (CommonJS) in an allowJs project: require() and jest.mock() follow the moves too.
const { getClient: getSocket } = require('@/services/webSocketService');
const { WebSocketService } = require('@/services/webSocketService');

jest.mock('@/services/webSocketService');

module.exports = async function connect() {
  const client = await getSocket();
  return client instanceof WebSocketService;
};
