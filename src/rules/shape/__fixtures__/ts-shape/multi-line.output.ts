export function started(user: string, thread_id: string) {
  return {
    event_type: 'agent_started' as const, // the discriminator
    timestamp: 1696154400.5,
    user_id: user,
    thread_id,
    data: {
      /* which agent */
      agent_name: 'cost_optimizer',
      run: { step: 1 },
    },
  };
}
