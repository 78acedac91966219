import { Badge } from '@/components/Badge';

export function Panel({ state }: { state: string }): unknown {
  return (
    <section>
      <Badge state={state}>
        <span>{state}</span>
      </Badge>
      <Badge state="idle" />
    </section>
  );
}
