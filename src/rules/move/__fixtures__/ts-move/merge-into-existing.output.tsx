import { useEffect } from 'react';
import { WebSocketService, createWebSocketService, getClient } from '@/services/webSocketService';
import type { ConnectionState } from '@/services/webSocketService';

export function ChatWindow({ dedicated }: { dedicated: boolean }): ConnectionState {
  useEffect(() => {
    const open = dedicated ? Promise.resolve(createWebSocketService({ url: '/ws' })) : getClient();
    void open.then((next: WebSocketService) => next);
  }, [dedicated]);
  return 'idle';
}
