// Überblick: Größe & Preis 😀 (text outside ASCII and the BMP before every edit)
import { Money } from '../legacy/Money';

export const Price = ({ n }: { n: number }) => <p>Größe & Preis 😀 <Money value={n} /> — «Spar & Gewinn»</p>;

export const Label = () => <Money value={0} />;
