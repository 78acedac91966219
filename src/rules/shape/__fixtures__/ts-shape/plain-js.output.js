module.exports = function thinking(thread_id, user) {
  return { event_type: 'agent_thinking', user_id: user, thread_id: thread_id, data: { thought: 'hm' } };
};
