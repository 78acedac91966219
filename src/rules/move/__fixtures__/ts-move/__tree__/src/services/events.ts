export type EventName = 'agent_started' | 'agent_completed';
export function emit(name: EventName): void {
  void name;
}
export default emit;
