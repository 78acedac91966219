module.exports = function thinking(thread_id, user) {
  return { type: 'agent_thinking', user: user, thread_id: thread_id, thought: 'hm' };
};
