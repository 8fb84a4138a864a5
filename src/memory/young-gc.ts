/**
 * A young-generation collection now. A lifecycle pass that writes a million delete markers fills
 * the young generation faster than JSC collects it, and each collection it then triggers marks
 * tens of thousands of fresh survivors in one 15-20 ms hold; collected after every slice, each
 * marks one slice's worth (~0.5 ms).
 */
import { edenGC } from 'bun:jsc';

export function collectYoung(): void {
  edenGC();
}
