import { useEffect, useState } from 'react';
import { WebSocketService, type AgentEvent } from '../../services/webSocketService';

export interface MessageListProps {
  service: WebSocketService;
  threadId: string;
}

function describeEvent(event: AgentEvent): string {
  switch (event.event_type) {
    case 'agent_started':
      return `${String(event.data.agent_name)} started`;
    case 'tool_executing':
      return `Running ${String(event.data.tool_name)}…`;
    default:
      return event.event_type.replace('_', ' ');
  }
}

export function MessageList({ service, threadId }: MessageListProps): JSX.Element {
  const [events, setEvents] = useState<AgentEvent[]>([]);

  useEffect(
    () => service.subscribe((event) => {
      if (event.thread_id === threadId) {
        setEvents((previous) => [...previous, event]);
      }
    }),
    [service, threadId],
  );

  return (
    <ul className="message-list">
      {events.map((event) => (
        <li key={`${event.event_type}-${event.timestamp}`}>{describeEvent(event)}</li>
      ))}
    </ul>
  );
}
