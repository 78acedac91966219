declare const extra: Record<string, unknown>;
declare const key: string;
export function forms(thread_id: string, now: Date) {
  const spread = { type: 'tool_completed', ...extra, thread_id };
  const computed = { type: 'tool_completed', [key]: 1, thread_id };
  const method = { type: 'agent_thinking', thread_id, toString() { return 'x'; } };
  const naive = { type: 'agent_thinking', time: '2023-10-01 10:00', thread_id };
  const live = { type: 'agent_thinking', time: now.toISOString(), thread_id };
  const short = { type: 'agent_thinking', time, thread_id };
  const evt: Record<string, string> = {};
  evt.type = 'agent_started';
  evt['type'] = "agent_completed";
  const ignored = { type: 'agent_started', agent_name: 'x' }; // canonize: ignore
  const other = { type: 'message', text: 'hello' };
  return [spread, computed, method, naive, live, short, evt, ignored, other];
}
declare const time: string;
