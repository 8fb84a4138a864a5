/**
 * Id-keyed bucket configurations: metrics, analytics, inventory and intelligent tiering. Each kind
 * is a map from Id to the document; lists page 100 at a time in Id order with opaque tokens.
 */
import type { RequestContext } from '../core/context.ts';
import type {
  AnalyticsConfiguration,
  DeleteBucketAnalyticsConfigurationRequest,
  DeleteBucketIntelligentTieringConfigurationRequest,
  DeleteBucketInventoryConfigurationRequest,
  DeleteBucketMetricsConfigurationRequest,
  GetBucketAnalyticsConfigurationOutput,
  GetBucketAnalyticsConfigurationRequest,
  GetBucketIntelligentTieringConfigurationOutput,
  GetBucketIntelligentTieringConfigurationRequest,
  GetBucketInventoryConfigurationOutput,
  GetBucketInventoryConfigurationRequest,
  GetBucketMetricsConfigurationOutput,
  GetBucketMetricsConfigurationRequest,
  IntelligentTieringConfiguration,
  InventoryConfiguration,
  ListBucketAnalyticsConfigurationsOutput,
  ListBucketAnalyticsConfigurationsRequest,
  ListBucketIntelligentTieringConfigurationsOutput,
  ListBucketIntelligentTieringConfigurationsRequest,
  ListBucketInventoryConfigurationsOutput,
  ListBucketInventoryConfigurationsRequest,
  ListBucketMetricsConfigurationsOutput,
  ListBucketMetricsConfigurationsRequest,
  MetricsConfiguration,
  PutBucketAnalyticsConfigurationRequest,
  PutBucketIntelligentTieringConfigurationRequest,
  PutBucketInventoryConfigurationRequest,
  PutBucketMetricsConfigurationRequest,
} from '../protocol/generated/types.ts';
import { ENUMS } from '../protocol/generated/model.ts';
import { S3Error } from '../protocol/s3-error.ts';
import type { Bucket, IdConfigs } from '../state/bucket.ts';
import { requireBucket } from './bucket-rules.ts';
import type { OperationHandlers } from './registry.ts';
import { decodeToken, encodeToken } from './tokens.ts';

type Empty = Record<string, never>;
const MAX_CONFIGURATIONS = 1000;
const PAGE_SIZE = 100;

function configsOf(bucket: Bucket): IdConfigs {
  bucket.configs.byId ??= { metrics: new Map(), analytics: new Map(), inventory: new Map(), intelligentTiering: new Map() };
  return bucket.configs.byId;
}

const noSuchConfiguration = (): S3Error => new S3Error('NoSuchConfiguration', 'The specified configuration does not exist.', {}, 404);

function getIn<C>(map: Map<string, C>, id: string): C {
  const found = map.get(id);
  if (found === undefined) throw noSuchConfiguration();
  return found;
}

const malformedXml = (): S3Error => new S3Error('MalformedXML');

function inEnum(enumName: string, value: string | undefined): boolean {
  return value !== undefined && (ENUMS[enumName] ?? []).includes(value);
}

/** The configuration's own Id must be the one in the query (analytics and tiering answer MalformedXML). */
function assertSameId(id: string, config: { Id?: string }): void {
  if (config.Id !== id) throw malformedXml();
}

/** Inventory: matching Id, a destination bucket ARN, and known format, frequency, versions and fields. */
function assertValidInventory(id: string, c: InventoryConfiguration): void {
  if (c.Id !== id) throw new S3Error('IdMismatch', 'Document ID does not match the specified configuration ID.');
  const dest = c.Destination?.S3BucketDestination;
  if (!/^arn:[^:]+:s3:::./.test(dest?.Bucket ?? '')) throw new S3Error('InvalidS3DestinationBucket', 'Invalid bucket ARN.');
  if (!inEnum('InventoryFormat', dest?.Format)
    || !inEnum('InventoryFrequency', c.Schedule?.Frequency)
    || !inEnum('InventoryIncludedObjectVersions', c.IncludedObjectVersions)
    || (c.OptionalFields ?? []).some((f) => !inEnum('InventoryOptionalField', f))) {
    throw malformedXml();
  }
}

function putIn<C>(map: Map<string, C>, id: string, config: C): void {
  if (map.size >= MAX_CONFIGURATIONS && !map.has(id)) throw new S3Error('TooManyConfigurations', 'Too many metrics configurations');
  map.set(id, config);
}

function deleteIn<C>(map: Map<string, C>, id: string): Empty {
  if (!map.delete(id)) throw noSuchConfiguration();
  return {};
}

/** One page of a kind's configurations in Id order, resuming at the token's Id. */
function page<C>(map: Map<string, C>, token: string | undefined): { items: C[]; IsTruncated: boolean; ContinuationToken?: string; NextContinuationToken?: string } {
  const from = token !== undefined ? decodeToken(token, 'continuation-token') : undefined;
  const ids = [...map.keys()].sort().filter((id) => from === undefined || id >= from);
  const items = ids.slice(0, PAGE_SIZE).map((id) => map.get(id) as C);
  const next = ids[PAGE_SIZE];
  return {
    items,
    IsTruncated: next !== undefined,
    ...(token !== undefined ? { ContinuationToken: token } : {}),
    ...(next !== undefined ? { NextContinuationToken: encodeToken(next) } : {}),
  };
}

const metrics = (ctx: RequestContext, bucket: string): Map<string, MetricsConfiguration> => configsOf(requireBucket(ctx, bucket)).metrics;
const analytics = (ctx: RequestContext, bucket: string): Map<string, AnalyticsConfiguration> => configsOf(requireBucket(ctx, bucket)).analytics;
const inventory = (ctx: RequestContext, bucket: string): Map<string, InventoryConfiguration> => configsOf(requireBucket(ctx, bucket)).inventory;
const tiering = (ctx: RequestContext, bucket: string): Map<string, IntelligentTieringConfiguration> => configsOf(requireBucket(ctx, bucket)).intelligentTiering;

export const BUCKET_ID_CONFIG_OPERATIONS: OperationHandlers = {
  PutBucketMetricsConfiguration: async (ctx, i: PutBucketMetricsConfigurationRequest): Promise<Empty> => {
    putIn(metrics(ctx, i.Bucket), i.Id, i.MetricsConfiguration);
    return {};
  },
  GetBucketMetricsConfiguration: async (ctx, i: GetBucketMetricsConfigurationRequest): Promise<GetBucketMetricsConfigurationOutput> =>
    ({ MetricsConfiguration: getIn(metrics(ctx, i.Bucket), i.Id) }),
  DeleteBucketMetricsConfiguration: async (ctx, i: DeleteBucketMetricsConfigurationRequest) => deleteIn(metrics(ctx, i.Bucket), i.Id),
  ListBucketMetricsConfigurations: async (ctx, i: ListBucketMetricsConfigurationsRequest): Promise<ListBucketMetricsConfigurationsOutput> => {
    const { items, ...rest } = page(metrics(ctx, i.Bucket), i.ContinuationToken);
    return { ...rest, ...(items.length > 0 ? { MetricsConfigurationList: items } : {}) };
  },
  PutBucketAnalyticsConfiguration: async (ctx, i: PutBucketAnalyticsConfigurationRequest): Promise<Empty> => {
    assertSameId(i.Id, i.AnalyticsConfiguration);
    putIn(analytics(ctx, i.Bucket), i.Id, i.AnalyticsConfiguration);
    return {};
  },
  GetBucketAnalyticsConfiguration: async (ctx, i: GetBucketAnalyticsConfigurationRequest): Promise<GetBucketAnalyticsConfigurationOutput> =>
    ({ AnalyticsConfiguration: getIn(analytics(ctx, i.Bucket), i.Id) }),
  DeleteBucketAnalyticsConfiguration: async (ctx, i: DeleteBucketAnalyticsConfigurationRequest) => deleteIn(analytics(ctx, i.Bucket), i.Id),
  ListBucketAnalyticsConfigurations: async (ctx, i: ListBucketAnalyticsConfigurationsRequest): Promise<ListBucketAnalyticsConfigurationsOutput> => {
    const { items, ...rest } = page(analytics(ctx, i.Bucket), i.ContinuationToken);
    return { ...rest, ...(items.length > 0 ? { AnalyticsConfigurationList: items } : {}) };
  },
  PutBucketInventoryConfiguration: async (ctx, i: PutBucketInventoryConfigurationRequest): Promise<Empty> => {
    assertValidInventory(i.Id, i.InventoryConfiguration);
    putIn(inventory(ctx, i.Bucket), i.Id, i.InventoryConfiguration);
    return {};
  },
  GetBucketInventoryConfiguration: async (ctx, i: GetBucketInventoryConfigurationRequest): Promise<GetBucketInventoryConfigurationOutput> =>
    ({ InventoryConfiguration: getIn(inventory(ctx, i.Bucket), i.Id) }),
  DeleteBucketInventoryConfiguration: async (ctx, i: DeleteBucketInventoryConfigurationRequest) => deleteIn(inventory(ctx, i.Bucket), i.Id),
  ListBucketInventoryConfigurations: async (ctx, i: ListBucketInventoryConfigurationsRequest): Promise<ListBucketInventoryConfigurationsOutput> => {
    const { items, ...rest } = page(inventory(ctx, i.Bucket), i.ContinuationToken);
    return { ...rest, ...(items.length > 0 ? { InventoryConfigurationList: items } : {}) };
  },
  PutBucketIntelligentTieringConfiguration: async (ctx, i: PutBucketIntelligentTieringConfigurationRequest): Promise<Empty> => {
    assertSameId(i.Id, i.IntelligentTieringConfiguration);
    putIn(tiering(ctx, i.Bucket), i.Id, i.IntelligentTieringConfiguration);
    return {};
  },
  GetBucketIntelligentTieringConfiguration: async (ctx, i: GetBucketIntelligentTieringConfigurationRequest): Promise<GetBucketIntelligentTieringConfigurationOutput> =>
    ({ IntelligentTieringConfiguration: getIn(tiering(ctx, i.Bucket), i.Id) }),
  DeleteBucketIntelligentTieringConfiguration: async (ctx, i: DeleteBucketIntelligentTieringConfigurationRequest) => deleteIn(tiering(ctx, i.Bucket), i.Id),
  ListBucketIntelligentTieringConfigurations: async (ctx, i: ListBucketIntelligentTieringConfigurationsRequest): Promise<ListBucketIntelligentTieringConfigurationsOutput> => {
    const { items, ...rest } = page(tiering(ctx, i.Bucket), i.ContinuationToken);
    return { ...rest, ...(items.length > 0 ? { IntelligentTieringConfigurationList: items } : {}) };
  },
};
