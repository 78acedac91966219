import { OldBadge } from './OldBadge';

export function Panel({ state }: { state: string }): unknown {
  return (
    <section>
      <OldBadge state={state}>
        <span>{state}</span>
      </OldBadge>
      <OldBadge state="idle" />
    </section>
  );
}
