/**
 * Two configurations that share an event type must have filters that cannot both match a key
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html).
 */
import { S3Error } from '../protocol/s3-error.ts';
import { keyFilterOf } from './event-match.ts';
import type { TargetEntry } from './targets.ts';

/** `s3:ObjectCreated:*` shares a type with every `s3:ObjectCreated:...`. */
function sharedEvent(a: readonly string[], b: readonly string[]): [string, string] | undefined {
  for (const x of a) {
    for (const y of b) {
      const category = (e: string): string => e.slice(0, e.lastIndexOf(':'));
      if (x === y || ((x.endsWith(':*') || y.endsWith(':*')) && category(x) === category(y))) return [x, y];
    }
  }
  return undefined;
}

function overlapping(a: string, b: string, at: 'start' | 'end'): boolean {
  return at === 'start' ? a.startsWith(b) || b.startsWith(a) : a.endsWith(b) || b.endsWith(a);
}

export function findOverlap(entries: readonly TargetEntry[]): S3Error | undefined {
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const a = entries[i];
      const b = entries[j];
      if (a === undefined || b === undefined) continue;
      const shared = sharedEvent(a.Events, b.Events);
      if (shared === undefined) continue;
      const fa = keyFilterOf(a.Filter);
      const fb = keyFilterOf(b.Filter);
      if (!overlapping(fa.prefix, fb.prefix, 'start') || !overlapping(fa.suffix, fb.suffix, 'end')) continue;
      if (fa.prefix === '' && fa.suffix === '' && fb.prefix === '' && fb.suffix === '') {
        return new S3Error('InvalidArgument', {
          message: 'Configurations overlap. Configurations on the same bucket cannot share a common event type.',
          fields: {
            ArgumentName: 'Event', ArgumentValue: `${shared[0]}, ${shared[1]}`,
          },
        });
      }
      return new S3Error('InvalidArgument', {
        message: 'Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are overlapping for the same event type.',
        fields: {
          ArgumentName: 'Event', ArgumentValue: `${shared[0]}, ${shared[1]}`,
        },
      });
    }
  }
  return undefined;
}
