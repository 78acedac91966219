it('loads the socket lazily', () => {
  jest.doMock('@/services/webSocketService', function () {
    const actual = jest.requireActual('@/services/webSocketService');
    const Socket = class {};
    return { ...actual, WebSocketService: Socket, getClient: jest.fn(() => actual.createWebSocketService({ url: '' })), async ['createWebSocketService']() {} };
  });
  const { getClient: getSocket, WebSocketService: S } = require('@/services/webSocketService');
  expect(getSocket).toBeDefined();
  expect(S).toBeDefined();
});
