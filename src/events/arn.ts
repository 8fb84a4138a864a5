/** ARNs of notification destinations: arn:<partition>:<service>:<region>:<account>:<resource>. */

export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

const ARN_RE = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/;

export function parseArn(value: string): Arn | undefined {
  const m = ARN_RE.exec(value);
  if (m === null) return undefined;
  return { partition: m[1] ?? '', service: m[2] ?? '', region: m[3] ?? '', account: m[4] ?? '', resource: m[5] ?? '' };
}
