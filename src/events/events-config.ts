/**
 * Where event notifications go: the other AWS services' endpoints and the credentials that sign
 * requests to them. This server hosts no SQS, SNS, Lambda or EventBridge: it calls theirs.
 */

/** The services a bucket notification can reach (EventBridge's signing name is `events`). */
export type EventService = 'sqs' | 'sns' | 'lambda' | 'events';

export const EVENT_SERVICES: readonly EventService[] = ['sqs', 'sns', 'lambda', 'events'];

export interface EventCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface EventsConfig {
  /** Per service: its own variable, else the shared S3_EVENTS_ENDPOINT; absent: AWS's endpoint or none. */
  readonly endpoints: Readonly<Partial<Record<EventService, string>>>;
  /** S3_EVENTS_ACCESS_KEY_ID / _SECRET_ACCESS_KEY; `test`/`test` when only endpoints are set. */
  readonly credentials: EventCredentials;
  /** True when credentials were given: services without an endpoint use AWS's public one. */
  readonly useAwsEndpoints: boolean;
  /** Deliveries waiting at most (S3_EVENTS_QUEUE_SIZE); past it new ones are dropped with a warning. */
  readonly queueSize: number;
  /** Attempts per delivery, the first included (S3_EVENTS_MAX_ATTEMPTS). */
  readonly maxAttempts: number;
}

/** The endpoint a service is reached at in a region, or undefined when events to it are not delivered. */
export function serviceEndpoint(config: EventsConfig, service: EventService, region: string): string | undefined {
  const configured = config.endpoints[service];
  if (configured !== undefined) return configured;
  if (!config.useAwsEndpoints) return undefined;
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://${service}.${region}.${suffix}`;
}
