import { useEffect, useState } from 'react';
import { WebSocketService, createWebSocketService } from '@/services/webSocketService';
import type { ConnectionState } from '@/services/webSocketService';
import { getSocket } from '../lib/socket';
import { ConnectionBadge } from './ConnectionBadge';
import { MessageList } from './chat/MessageList';

export interface ChatWindowProps {
  userId: string;
  threadId: string;
  /** A dedicated socket for this window instead of the page-wide one (used by the split view). */
  dedicated?: boolean;
}

export function ChatWindow({ userId, threadId, dedicated = false }: ChatWindowProps): JSX.Element {
  const [service, setService] = useState<WebSocketService | null>(null);
  const [state, setState] = useState<ConnectionState>('idle');

  useEffect(() => {
    let cancelled = false;
    const open = dedicated
      ? Promise.resolve(createWebSocketService({ url: `/ws/${threadId}`, reconnect: true }))
      : getSocket();
    void open.then((next) => {
      if (!cancelled) {
        setService(next);
        setState(next.state);
      }
    });
    return () => {
      cancelled = true;
    };
  }, [dedicated, threadId]);

  const send = (text: string): void => {
    // Optimistic event so the spinner shows before the backend answers.
    const optimistic = { type: 'agent_started', time: '2023-10-01T10:00:00Z', user: userId, thread_id: threadId, agent_name: 'supervisor' };
    service?.send({ kind: 'user_message', text, threadId, optimistic });
  };

  return (
    <section className="chat-window">
      <ConnectionBadge state={state} />
      {service ? <MessageList service={service} threadId={threadId} /> : null}
      <button onClick={() => send('Hello')}>Send</button>
    </section>
  );
}
