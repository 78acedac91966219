/**
 * ISO-8601 date-times to epoch seconds, exactly: decimal text computed with integers (never through a float), so
 * `2023-10-01T10:00:00.123Z` becomes `1696154400.123` and nothing else. A time without a timezone is not guessed.
 */

/** The epoch seconds of an ISO time as decimal text (`1696154400`, `1696154400.123`), or why it is not converted. */
export type IsoResult = { ok: true; seconds: string } | { ok: false; why: string };

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,12}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Convert an ISO-8601 date-time (extended format, with `Z` or an offset) to epoch seconds. */
export function isoToEpochSeconds(text: string): IsoResult {
  const m = ISO.exec(text);
  if (!m) return { ok: false, why: 'is not an ISO-8601 date-time (YYYY-MM-DDTHH:MM[:SS[.fff]] with Z or an offset)' };
  const [, ys, mos, ds, hs, mis, ss, frac, zone] = m;
  if (hs === undefined) return { ok: false, why: 'is a date without a time' };
  if (zone === undefined) return { ok: false, why: 'has no timezone (naive): its epoch seconds depend on a zone canonize will not guess' };
  const [y, mo, d, h, mi, s] = [ys, mos, ds, hs, mis, ss ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) {
    return { ok: false, why: 'is not a valid date-time (a field is out of range)' };
  }
  let offset = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (oh > 23 || om > 59) return { ok: false, why: 'has an invalid timezone offset' };
    offset = (zone[0] === '-' ? -1 : 1) * (oh * 3600 + om * 60);
  }
  const whole = BigInt(daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset);
  const fraction = (frac ?? '').replace(/0+$/, '');
  if (fraction === '') return { ok: true, seconds: whole.toString() };
  // whole + 0.fraction, exactly, also before 1970 (-10 + 0.5 is -9.5).
  const scale = 10n ** BigInt(fraction.length);
  const scaled = whole * scale + BigInt(fraction);
  const abs = scaled < 0n ? -scaled : scaled;
  const intPart = (abs / scale).toString();
  const fracPart = (abs % scale).toString().padStart(fraction.length, '0').replace(/0+$/, '');
  return { ok: true, seconds: `${scaled < 0n ? '-' : ''}${intPart}${fracPart ? `.${fracPart}` : ''}` };
}
