import { Money } from '../legacy/Money';

export function Row({ value }: { value: number }) {
  return (
    <tr>
      {/* Profit & loss: a comment with a bare `&` is code, not text, and parses */}
      <td>P & L</td>
      {/* Money moved: */}
      <td>
        <Money value={value} />
      </td>
    </tr>
  );
}
