import type { LegacyAgentEvent } from './events';

export function handle(evt: LegacyAgentEvent): string {
  if (evt.event_type === 'agent_started' && 'agent_name' in evt.data) {
    return `${evt['user_id']} started ${evt.data.agent_name} in ${evt.thread_id} at ${evt.timestamp}`;
  }
  const { event_type: type, data: { tool = '?' }, user_id: who } = evt;
  return type + tool + who + evt?.data?.result;
}

export function local(thread_id: string) {
  const evt = { event_type: 'agent_completed', thread_id, data: { result: 3 } };
  return [evt.data.result, evt.event_type];
}

export function unknown(msg: { type: string; user: string }, evt: LegacyAgentEvent) {
  const { type, ...rest } = evt;
  let again: LegacyAgentEvent = evt;
  again = msg as LegacyAgentEvent;
  return [msg.type, type, rest, again.user];
}

test('the event', () => {
  expect(local('t')).toEqual([3, 'agent_completed']);
  expect(JSON.parse('{}')).toEqual({ event_type: 'agent_completed', thread_id: 't', data: { result: 3 } });
});
