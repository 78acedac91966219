import type { LegacyAgentEvent } from './events';

export function handle(evt: LegacyAgentEvent): string {
  if (evt.type === 'agent_started' && 'agent_name' in evt) {
    return `${evt['user']} started ${evt.agent_name} in ${evt.thread_id} at ${evt.time}`;
  }
  const { type, tool = '?', user: who } = evt;
  return type + tool + who + evt?.result;
}

export function local(thread_id: string) {
  const evt = { type: 'agent_completed', thread_id, result: 3 };
  return [evt.result, evt.type];
}

export function unknown(msg: { type: string; user: string }, evt: LegacyAgentEvent) {
  const { type, ...rest } = evt;
  let again: LegacyAgentEvent = evt;
  again = msg as LegacyAgentEvent;
  return [msg.type, type, rest, again.user];
}

test('the event', () => {
  expect(local('t')).toEqual([3, 'agent_completed']);
  expect(JSON.parse('{}')).toEqual({ type: 'agent_completed', thread_id: 't', result: 3 });
});
