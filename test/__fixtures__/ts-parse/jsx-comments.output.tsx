import { Amount } from '@/components/Amount';

export function Row({ value }: { value: number }) {
  return (
    <tr>
      {/* Profit & loss: a comment with a bare `&` is code, not text, and parses */}
      <td>P & L</td>
      {/* Money moved: */}
      <td>
        <Amount value={value} />
      </td>
    </tr>
  );
}
