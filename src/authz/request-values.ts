/**
 * The condition keys a request offers its bucket policy
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-policy-keys,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 */
import type { Tag } from '../state/object.ts';
import type { Caller } from './caller.ts';
import type { ConditionValues } from './policy-conditions.ts';

export interface RequestFacts {
  readonly caller: Caller;
  readonly headers: Headers;
  readonly query: URLSearchParams;
  readonly now: Date;
  readonly bucketOwner: string;
  /** Tags of the object the request acts on (s3:ExistingObjectTag/<key>). */
  readonly existingTags?: readonly Tag[] | undefined;
  /** Tags the request sets (s3:RequestObjectTag/<key>, s3:RequestObjectTagKeys). */
  readonly requestTags?: readonly Tag[] | undefined;
}

const one = (v: string | null | undefined): string[] | undefined => (v === null || v === undefined ? undefined : [v]);

function tagValue(tags: readonly Tag[] | undefined, key: string): string[] | undefined {
  const tag = tags?.find((t) => t.Key === key);
  return tag === undefined ? undefined : [tag.Value];
}

/** The client's address as a proxy reports it: the app is not handed the peer address. */
function sourceIp(headers: Headers): string | undefined {
  return headers.get('x-forwarded-for')?.split(',')[0]?.trim() || undefined;
}

export function conditionValuesOf(facts: RequestFacts): ConditionValues {
  const { caller, headers, query } = facts;
  return (rawKey) => {
    const key = rawKey.toLowerCase();
    // Tag keys keep their case: only the prefix is case-insensitive.
    if (key.startsWith('s3:existingobjecttag/')) return tagValue(facts.existingTags, rawKey.slice(21));
    if (key.startsWith('s3:requestobjecttag/')) return tagValue(facts.requestTags, rawKey.slice(20));
    if (key.startsWith('s3:x-amz-')) return one(headers.get(key.slice(3)));
    switch (key) {
      case 'aws:securetransport': return [String(headers.get('x-forwarded-proto')?.toLowerCase() === 'https')];
      case 'aws:sourceip': return one(sourceIp(headers));
      case 'aws:principalaccount': return one(caller.accountId);
      case 'aws:principalarn': return caller.accountId === undefined ? undefined : [caller.arn];
      case 'aws:username': return one(caller.userName);
      case 'aws:principaltype': return [caller.accountId === undefined ? 'Anonymous' : caller.userName !== undefined ? 'User' : 'Account'];
      case 'aws:referer': return one(headers.get('referer'));
      case 'aws:useragent': return one(headers.get('user-agent'));
      case 'aws:currenttime': return [facts.now.toISOString()];
      case 'aws:epochtime': return [String(Math.floor(facts.now.getTime() / 1000))];
      case 's3:prefix': return one(query.get('prefix'));
      case 's3:delimiter': return one(query.get('delimiter'));
      case 's3:max-keys': return one(query.get('max-keys'));
      case 's3:versionid': return one(query.get('versionId'));
      case 's3:authtype': return one(caller.authType);
      case 's3:signatureversion': return one(caller.signatureVersion);
      case 's3:resourceaccount': return [facts.bucketOwner];
      case 's3:requestobjecttagkeys': return facts.requestTags?.map((t) => t.Key);
      default: return undefined;
    }
  };
}

/** Tags from an x-amz-tagging header (URL query syntax). */
export function tagsFromHeader(value: string | null): Tag[] | undefined {
  if (value === null) return undefined;
  return [...new URLSearchParams(value)].map(([Key, Value]) => ({ Key, Value }));
}
