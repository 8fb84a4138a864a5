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
import type { Bucket, IdConfigKind, IdConfigOf } from '../state/bucket.ts';
import { requireBucket } from './_shared/bucket-rules.ts';
import type { OperationHandlers } from './operation-handler.ts';
import { decodeToken, encodeToken } from './_shared/tokens.ts';

type Empty = Record<string, never>;
const MAX_CONFIGURATIONS = 1000;
const PAGE_SIZE = 100;

const NONE: ReadonlyMap<string, never> = new Map<string, never>();

function configsOf<K extends IdConfigKind>(bucket: Bucket, kind: K): ReadonlyMap<string, IdConfigOf<K>> {
  return (bucket.configs.byId?.[kind] ?? NONE) as ReadonlyMap<string, IdConfigOf<K>>;
}

const noSuchConfiguration = (): S3Error => new S3Error('NoSuchConfiguration');

function getIn<C>(map: ReadonlyMap<string, C>, id: string): C {
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
  if (c.Id !== id) throw new S3Error('IdMismatch');
  const dest = c.Destination?.S3BucketDestination;
  if (!/^arn:[^:]+:s3:::./.test(dest?.Bucket ?? '')) throw new S3Error('InvalidS3DestinationBucket');
  if (!inEnum('InventoryFormat', dest?.Format)
    || !inEnum('InventoryFrequency', c.Schedule?.Frequency)
    || !inEnum('InventoryIncludedObjectVersions', c.IncludedObjectVersions)
    || (c.OptionalFields ?? []).some((f) => !inEnum('InventoryOptionalField', f))) {
    throw malformedXml();
  }
}

function putIn<K extends IdConfigKind>(ctx: RequestContext, bucketName: string, kind: K, id: string, config: IdConfigOf<K>): Empty {
  const bucket = requireBucket(ctx, bucketName);
  const map = configsOf(bucket, kind);
  if (map.size >= MAX_CONFIGURATIONS && !map.has(id)) throw new S3Error('TooManyConfigurations', { message: 'Too many metrics configurations' });
  ctx.state.setIdConfig(bucket, kind, id, config);
  return {};
}

function deleteIn(ctx: RequestContext, bucketName: string, kind: IdConfigKind, id: string): Empty {
  if (!ctx.state.setIdConfig(requireBucket(ctx, bucketName), kind, id, undefined)) throw noSuchConfiguration();
  return {};
}

/** One page of a kind's configurations in Id order, resuming at the token's Id. */
function page<C>(map: ReadonlyMap<string, C>, token: string | undefined): { items: C[]; IsTruncated: boolean; ContinuationToken?: string; NextContinuationToken?: string } {
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

const metrics = (ctx: RequestContext, bucket: string): ReadonlyMap<string, MetricsConfiguration> => configsOf(requireBucket(ctx, bucket), 'metrics');
const analytics = (ctx: RequestContext, bucket: string): ReadonlyMap<string, AnalyticsConfiguration> => configsOf(requireBucket(ctx, bucket), 'analytics');
const inventory = (ctx: RequestContext, bucket: string): ReadonlyMap<string, InventoryConfiguration> => configsOf(requireBucket(ctx, bucket), 'inventory');
const tiering = (ctx: RequestContext, bucket: string): ReadonlyMap<string, IntelligentTieringConfiguration> => configsOf(requireBucket(ctx, bucket), 'intelligentTiering');

export const BUCKET_ID_CONFIG_OPERATIONS: OperationHandlers = {
  PutBucketMetricsConfiguration: async (ctx, i: PutBucketMetricsConfigurationRequest): Promise<Empty> => {
    return putIn(ctx, i.Bucket, 'metrics', i.Id, i.MetricsConfiguration);
  },
  GetBucketMetricsConfiguration: async (ctx, i: GetBucketMetricsConfigurationRequest): Promise<GetBucketMetricsConfigurationOutput> =>
    ({ MetricsConfiguration: getIn(metrics(ctx, i.Bucket), i.Id) }),
  DeleteBucketMetricsConfiguration: async (ctx, i: DeleteBucketMetricsConfigurationRequest) => deleteIn(ctx, i.Bucket, 'metrics', i.Id),
  ListBucketMetricsConfigurations: async (ctx, i: ListBucketMetricsConfigurationsRequest): Promise<ListBucketMetricsConfigurationsOutput> => {
    const { items, ...rest } = page(metrics(ctx, i.Bucket), i.ContinuationToken);
    return { ...rest, ...(items.length > 0 ? { MetricsConfigurationList: items } : {}) };
  },
  PutBucketAnalyticsConfiguration: async (ctx, i: PutBucketAnalyticsConfigurationRequest): Promise<Empty> => {
    assertSameId(i.Id, i.AnalyticsConfiguration);
    return putIn(ctx, i.Bucket, 'analytics', i.Id, i.AnalyticsConfiguration);
  },
  GetBucketAnalyticsConfiguration: async (ctx, i: GetBucketAnalyticsConfigurationRequest): Promise<GetBucketAnalyticsConfigurationOutput> =>
    ({ AnalyticsConfiguration: getIn(analytics(ctx, i.Bucket), i.Id) }),
  DeleteBucketAnalyticsConfiguration: async (ctx, i: DeleteBucketAnalyticsConfigurationRequest) => deleteIn(ctx, i.Bucket, 'analytics', i.Id),
  ListBucketAnalyticsConfigurations: async (ctx, i: ListBucketAnalyticsConfigurationsRequest): Promise<ListBucketAnalyticsConfigurationsOutput> => {
    const { items, ...rest } = page(analytics(ctx, i.Bucket), i.ContinuationToken);
    return { ...rest, ...(items.length > 0 ? { AnalyticsConfigurationList: items } : {}) };
  },
  PutBucketInventoryConfiguration: async (ctx, i: PutBucketInventoryConfigurationRequest): Promise<Empty> => {
    assertValidInventory(i.Id, i.InventoryConfiguration);
    return putIn(ctx, i.Bucket, 'inventory', i.Id, i.InventoryConfiguration);
  },
  GetBucketInventoryConfiguration: async (ctx, i: GetBucketInventoryConfigurationRequest): Promise<GetBucketInventoryConfigurationOutput> =>
    ({ InventoryConfiguration: getIn(inventory(ctx, i.Bucket), i.Id) }),
  DeleteBucketInventoryConfiguration: async (ctx, i: DeleteBucketInventoryConfigurationRequest) => deleteIn(ctx, i.Bucket, 'inventory', i.Id),
  ListBucketInventoryConfigurations: async (ctx, i: ListBucketInventoryConfigurationsRequest): Promise<ListBucketInventoryConfigurationsOutput> => {
    const { items, ...rest } = page(inventory(ctx, i.Bucket), i.ContinuationToken);
    return { ...rest, ...(items.length > 0 ? { InventoryConfigurationList: items } : {}) };
  },
  PutBucketIntelligentTieringConfiguration: async (ctx, i: PutBucketIntelligentTieringConfigurationRequest): Promise<Empty> => {
    assertSameId(i.Id, i.IntelligentTieringConfiguration);
    return putIn(ctx, i.Bucket, 'intelligentTiering', i.Id, i.IntelligentTieringConfiguration);
  },
  GetBucketIntelligentTieringConfiguration: async (ctx, i: GetBucketIntelligentTieringConfigurationRequest): Promise<GetBucketIntelligentTieringConfigurationOutput> =>
    ({ IntelligentTieringConfiguration: getIn(tiering(ctx, i.Bucket), i.Id) }),
  DeleteBucketIntelligentTieringConfiguration: async (ctx, i: DeleteBucketIntelligentTieringConfigurationRequest) => deleteIn(ctx, i.Bucket, 'intelligentTiering', i.Id),
  ListBucketIntelligentTieringConfigurations: async (ctx, i: ListBucketIntelligentTieringConfigurationsRequest): Promise<ListBucketIntelligentTieringConfigurationsOutput> => {
    const { items, ...rest } = page(tiering(ctx, i.Bucket), i.ContinuationToken);
    return { ...rest, ...(items.length > 0 ? { IntelligentTieringConfigurationList: items } : {}) };
  },
};
