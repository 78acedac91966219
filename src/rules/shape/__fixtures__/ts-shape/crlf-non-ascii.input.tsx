import { emit } from './bus';

export function Terminé({ threadId }: { threadId: string }) {
  emit({
    'type': 'agent_completed', // fin
    'thread_id': threadId,
    'time': '2023-10-01T10:00:00+00:00',
    'résumé': 'coût réduit de 12 €',
    'note': `ligne un
ligne deux`
  });
  return <p>Terminé ✓</p>;
}
