/**
 * PutBucketNotificationConfiguration's checks, in AWS's order: every destination ARN parses, filter
 * rules are prefix/suffix once each, no two configurations overlap; then (unless
 * SkipDestinationValidation) every destination exists, and SQS and SNS accept a s3:TestEvent.
 * Fills in the Ids AWS generates and capitalises rule names as AWS returns them.
 */
import type { FilterRule, NotificationConfiguration, PutBucketNotificationConfigurationRequest } from '../protocol/generated/types.ts';
import { S3Error } from '../protocol/s3-error.ts';
import { parseArn, type Arn } from './arn.ts';
import { DeliveryError } from './delivery-error.ts';
import { getFunction, getQueueUrl, getTopicAttributes, publishToTopic, sendToQueue } from './destinations.ts';
import type { EventsConfig } from './events-config.ts';
import { configurationsOf, type Destination, type TargetKind } from './targets.ts';
import { findOverlap } from './overlap.ts';
import { testEventMessage } from './s3-record.ts';

/** The ArgumentName AWS gives an unparsable ARN, per configuration kind. */
const ARGUMENT_NAMES: Record<TargetKind, string> = { sqs: 'Queue', sns: 'TopicArn', lambda: 'LambdaFunctionArn' };
const MISSING: Record<TargetKind, string> = {
  sqs: 'The destination queue does not exist',
  sns: 'The destination topic does not exist',
  lambda: 'The destination Lambda does not exist',
};

function invalidArgument(message: string, name: string, value: string): S3Error {
  return new S3Error('InvalidArgument', { message, fields: { ArgumentName: name, ArgumentValue: value } });
}

function normalizedRules(rules: readonly FilterRule[]): FilterRule[] {
  const seen = new Set<string>();
  return rules.map((rule) => {
    if (rule.Name === undefined || rule.Value === undefined) throw new S3Error('MalformedXML');
    const name = rule.Name.toLowerCase();
    if (name !== 'prefix' && name !== 'suffix') {
      throw invalidArgument('filter rule name must be either prefix or suffix', 'FilterRule.Name', rule.Name);
    }
    if (seen.has(name)) throw invalidArgument(`Cannot specify more than one ${name} rule in a filter.`, 'FilterRule.Name', rule.Name);
    seen.add(name);
    return { Name: (name === 'prefix' ? 'Prefix' : 'Suffix') as FilterRule['Name'], Value: rule.Value };
  });
}

/** Syntax first, over every configuration, so an unparsable ARN wins over a missing queue. */
function checkSyntax(config: NotificationConfiguration): Array<{ target: Destination; arn: Arn }> {
  const checked: Array<{ target: Destination; arn: Arn }> = [];
  for (const target of configurationsOf(config)) {
    if (target.entry.Id === undefined || target.entry.Id === '') target.entry.Id = crypto.randomUUID().replace(/-/g, '').slice(0, 16);
    const arn = parseArn(target.arn);
    if (arn === undefined || arn.service !== target.kind) throw invalidArgument('The ARN could not be parsed', ARGUMENT_NAMES[target.kind], target.arn);
    const rules = target.entry.Filter?.Key?.FilterRules;
    if (rules !== undefined) target.entry.Filter = { Key: { FilterRules: normalizedRules(rules) } };
    checked.push({ target, arn });
  }
  const overlap = findOverlap(checked.map((c) => c.target.entry));
  if (overlap !== undefined) throw overlap;
  return checked;
}

async function exists(events: EventsConfig, target: Destination, arn: Arn): Promise<boolean> {
  try {
    if (target.kind === 'sqs') await getQueueUrl(events, arn);
    else if (target.kind === 'sns') await getTopicAttributes(events, arn, target.arn);
    else await getFunction(events, arn, target.arn);
    return true;
  } catch (e) {
    if (e instanceof DeliveryError) return false;
    throw e;
  }
}

/** S3 proves it may publish by sending a test event (Lambda has none: it checks the function only). */
async function sendTestEvent(events: EventsConfig, target: Destination, arn: Arn, message: string): Promise<void> {
  const noun = target.kind === 'sqs' ? 'queue' : 'topic';
  try {
    if (target.kind === 'sqs') await sendToQueue(events, arn, message);
    else if (target.kind === 'sns') await publishToTopic(events, arn, target.arn, message);
  } catch (e) {
    if (!(e instanceof DeliveryError)) throw e;
    throw new S3Error('InvalidArgument', {
      message: 'Unable to validate the following destination configurations',
      fields: {
        ArgumentName1: target.arn,
        ArgumentValue1: `Permissions on the destination ${noun} do not allow S3 to publish notifications from this bucket`,
      },
    });
  }
}

export async function validateNotificationConfiguration(
  input: PutBucketNotificationConfigurationRequest,
  events: EventsConfig | undefined,
  requestId: string,
  now: Date,
): Promise<void> {
  const checked = checkSyntax(input.NotificationConfiguration);
  if (input.SkipDestinationValidation === true || events === undefined || checked.length === 0) return;
  const found = await Promise.all(checked.map(({ target, arn }) => exists(events, target, arn)));
  const fields: Record<string, string> = {};
  let n = 0;
  checked.forEach(({ target }, i) => {
    if (found[i] === true) return;
    n++;
    fields[`ArgumentName${n}`] = target.arn;
    fields[`ArgumentValue${n}`] = MISSING[target.kind];
  });
  if (n > 0) throw new S3Error('InvalidArgument', { message: 'Unable to validate the following destination configurations', fields });
  const message = testEventMessage(input.Bucket, requestId, now);
  for (const { target, arn } of checked) await sendTestEvent(events, target, arn, message);
}
