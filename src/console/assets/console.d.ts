/** The file as text: imported `with { type: 'text' }` (src/console/assets.ts). */
declare const text: string;
export default text;
