/** The destination configurations of a NotificationConfiguration, one list over the three kinds. */
import type {
  LambdaFunctionConfiguration, NotificationConfiguration, QueueConfiguration, TopicConfiguration,
} from '../protocol/generated/types.ts';

export type TargetKind = 'sqs' | 'sns' | 'lambda';

export type TargetEntry = QueueConfiguration | TopicConfiguration | LambdaFunctionConfiguration;

export interface Destination {
  readonly kind: TargetKind;
  readonly arn: string;
  /** The stored configuration itself (validation fills in its Id and rule names). */
  readonly entry: TargetEntry;
}

export function configurationsOf(config: NotificationConfiguration): Destination[] {
  return [
    ...(config.QueueConfigurations ?? []).map((entry): Destination => ({ kind: 'sqs', arn: entry.QueueArn, entry })),
    ...(config.TopicConfigurations ?? []).map((entry): Destination => ({ kind: 'sns', arn: entry.TopicArn, entry })),
    ...(config.LambdaFunctionConfigurations ?? []).map((entry): Destination => ({ kind: 'lambda', arn: entry.LambdaFunctionArn, entry })),
  ];
}
