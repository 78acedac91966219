import { useEffect } from 'react';
import { WebSocketService, createWebSocketService } from '@/services/webSocketService';
import type { ConnectionState } from '@/services/webSocketService';
import { getSocket } from '../lib/socket';

export function ChatWindow({ dedicated }: { dedicated: boolean }): ConnectionState {
  useEffect(() => {
    const open = dedicated ? Promise.resolve(createWebSocketService({ url: '/ws' })) : getSocket();
    void open.then((next: WebSocketService) => next);
  }, [dedicated]);
  return 'idle';
}
