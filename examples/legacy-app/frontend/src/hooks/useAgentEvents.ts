import { useCallback, useEffect, useRef } from 'react';
import { WsClient, type LegacyAgentEvent } from '@/services/legacy/wsClient';

/** Replays a canned run in the demo mode of the agent panel, through the old client. */
export function useAgentEvents(url: string, userId: string, threadId: string): { replay(): void } {
  const client = useRef<WsClient | null>(null);

  useEffect(() => {
    const next = new WsClient(url);
    client.current = next;
    void next.connect();
    return () => next.disconnect();
  }, [url]);

  const replay = useCallback(() => {
    const events: LegacyAgentEvent[] = [
      { type: 'agent_started', time: '2023-10-01T10:00:00Z', user: userId, thread_id: threadId, agent_name: 'cost_optimizer' },
      {
        type: 'agent_thinking',
        time: '2023-10-01T10:00:01Z',
        user: userId,
        thread_id: threadId,
        agent_name: 'cost_optimizer',
        thought: 'Comparing reserved and on-demand pricing',
      },
      { type: 'tool_executing', time: '2023-10-01T10:00:02Z', user: userId, thread_id: threadId, tool_name: 'lookup_pricing', parameters: { model: 'gpt-4' } },
      { type: 'tool_completed', time: '2023-10-01T10:00:04Z', user: userId, thread_id: threadId, tool_name: 'lookup_pricing', result: { input: 0.5 } },
      { type: 'agent_completed', time: '2023-10-01T10:00:05Z', user: userId, thread_id: threadId, agent_name: 'cost_optimizer', result: { savings: 0.31 } },
    ];
    events.forEach((event) => client.current?.emit(event));
  }, [userId, threadId]);

  return { replay };
}

/** Loads the old client only when the legacy panel is opened. */
export async function loadLegacyClient(url: string): Promise<WsClient> {
  const { WsClient: Client } = await import('../services/legacy/wsClient');
  return new Client(url);
}
