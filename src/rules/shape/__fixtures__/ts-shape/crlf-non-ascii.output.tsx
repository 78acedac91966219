import { emit } from './bus';

export function Terminé({ threadId }: { threadId: string }) {
  emit({
    'event_type': 'agent_completed', // fin
    'thread_id': threadId,
    'timestamp': 1696154400,
    'data': {
      'résumé': 'coût réduit de 12 €',
      'note': `ligne un
ligne deux`
    }
  });
  return <p>Terminé ✓</p>;
}
