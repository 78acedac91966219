// Überblick: Größe & Preis 😀 (text outside ASCII and the BMP before every edit)
import { Amount } from '@/components/Amount';

export const Price = ({ n }: { n: number }) => <p>Größe & Preis 😀 <Amount value={n} /> — «Spar & Gewinn»</p>;

export const Label = () => <Amount value={0} />;
