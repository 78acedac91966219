// import('…').Name in type positions: respelled, and the name renamed, when that name moves.
type K = typeof import('@/services/webSocketService').getClient;
function f(x: import('@/services/events').EventName): import("@/services/webSocketService").WebSocketOptions | null { return null; }
type Z = Parameters<typeof import('@/services/webSocketService').createWebSocketService>;
type W = import('./legacy/wsClient').WsClient;
let m: Array<import('@/services/webSocketService').WebSocketService> = [];
