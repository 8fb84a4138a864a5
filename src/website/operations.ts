/** Bucket website configuration (PutBucketWebsite/GetBucketWebsite/DeleteBucketWebsite), validated as AWS does. */
import type { RequestContext } from '../core/context.ts';
import type {
  DeleteBucketWebsiteRequest,
  GetBucketWebsiteOutput,
  GetBucketWebsiteRequest,
  PutBucketWebsiteRequest,
  WebsiteConfiguration,
} from '../protocol/generated/types.ts';
import { S3Error } from '../protocol/s3-error.ts';
import { requireBucket } from '../ops/_shared/bucket-rules.ts';
import type { OperationHandlers } from '../ops/operation-handler.ts';

const MAX_ROUTING_RULES = 50;

function validateWebsite(config: WebsiteConfiguration): void {
  const redirectAll = config.RedirectAllRequestsTo;
  if (redirectAll !== undefined) {
    if (config.IndexDocument !== undefined || config.ErrorDocument !== undefined || config.RoutingRules !== undefined) {
      throw new S3Error('InvalidArgument', {
        message: 'RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.',
        fields: {
          ArgumentName: 'RedirectAllRequestsTo', ArgumentValue: 'not null',
        },
      });
    }
    if (!redirectAll.HostName) throw new S3Error('MalformedXML');
    if (redirectAll.Protocol !== undefined && redirectAll.Protocol !== 'http' && redirectAll.Protocol !== 'https') {
      throw new S3Error('InvalidRequest', { message: 'Invalid protocol, protocol can be http or https. If not defined the protocol will be selected automatically.' });
    }
    return;
  }
  if (config.IndexDocument === undefined) {
    throw new S3Error('InvalidArgument', {
      message: 'A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty',
      fields: {
        ArgumentName: 'IndexDocument', ArgumentValue: 'null',
      },
    });
  }
  const suffix = config.IndexDocument.Suffix;
  if (!suffix || suffix.includes('/')) {
    throw new S3Error('InvalidArgument', { message: 'The IndexDocument Suffix is not well formed', fields: { ArgumentName: 'IndexDocument', ...(suffix ? { ArgumentValue: suffix } : {}) } });
  }
  if (config.ErrorDocument !== undefined && !config.ErrorDocument.Key) throw new S3Error('MalformedXML');
  const rules = config.RoutingRules;
  if (rules !== undefined) {
    if (rules.length === 0 || rules.length > MAX_ROUTING_RULES) throw new S3Error('MalformedXML');
    for (const rule of rules) {
      const protocol = rule.Redirect.Protocol;
      if (protocol !== undefined && protocol !== 'http' && protocol !== 'https') {
        throw new S3Error('InvalidRequest', { message: 'Invalid protocol, protocol can be http or https. If not defined the protocol will be selected automatically.' });
      }
      if (rule.Condition !== undefined && rule.Condition.KeyPrefixEquals === undefined && rule.Condition.HttpErrorCodeReturnedEquals === undefined) {
        throw new S3Error('InvalidRequest', { message: "Condition cannot be empty. To redirect all requests without a condition, the condition element shouldn't be present." });
      }
      if (rule.Redirect.ReplaceKeyPrefixWith !== undefined && rule.Redirect.ReplaceKeyWith !== undefined) {
        throw new S3Error('InvalidRequest', { message: 'You can only define ReplaceKeyPrefix or ReplaceKey but not both.' });
      }
    }
  }
}

async function putBucketWebsite(ctx: RequestContext, input: PutBucketWebsiteRequest): Promise<Record<string, never>> {
  const bucket = requireBucket(ctx, input.Bucket);
  validateWebsite(input.WebsiteConfiguration);
  ctx.state.setConfig(bucket, 'website', input.WebsiteConfiguration);
  return {};
}

async function getBucketWebsite(ctx: RequestContext, input: GetBucketWebsiteRequest): Promise<GetBucketWebsiteOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  if (bucket.configs.website === undefined) {
    throw new S3Error('NoSuchWebsiteConfiguration', { fields: { BucketName: bucket.name } });
  }
  return { ...bucket.configs.website };
}

async function deleteBucketWebsite(ctx: RequestContext, input: DeleteBucketWebsiteRequest): Promise<Record<string, never>> {
  ctx.state.setConfig(requireBucket(ctx, input.Bucket), 'website', undefined);
  return {};
}

export const WEBSITE_OPERATIONS: OperationHandlers = {
  PutBucketWebsite: putBucketWebsite,
  GetBucketWebsite: getBucketWebsite,
  DeleteBucketWebsite: deleteBucketWebsite,
};
