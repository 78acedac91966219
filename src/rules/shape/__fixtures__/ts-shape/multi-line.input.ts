export function started(user: string, thread_id: string) {
  return {
    type: 'agent_started' as const, // the discriminator
    time: '2023-10-01T10:00:00.500Z',
    user,
    /* which agent */
    agent_name: 'cost_optimizer',
    thread_id,
    run: { step: 1 },
  };
}
