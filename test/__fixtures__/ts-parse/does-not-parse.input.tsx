import { Money } from '../legacy/Money';

// Neither parser reads this: it stays skipped as parse-error.
export const Broken = () => <p>Savings & ROI</p;

export const Label = () => <Money value={0} />;
