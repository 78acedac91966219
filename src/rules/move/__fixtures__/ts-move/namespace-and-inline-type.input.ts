// `legacy.WebSocketOptions` becomes the name the first import already binds: no second import of it.
import { WsClient, type WebSocketOptions } from '@/services/legacy/wsClient';
import * as legacy from '@/services/legacy/wsClient';

export const options: WebSocketOptions = { url: '/ws' };
export const other: legacy.WebSocketOptions = options;
export const client = new legacy.WsClient('/ws');
void WsClient;
