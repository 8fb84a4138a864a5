/**
 * A bucket: identity, versioning state, its object index and its configuration sub-resources.
 * Read-only here: every change goes through the MetadataStore (metadata-store.ts), so a persistent
 * store sees each one.
 */
import { ObjectIndex, type ReadonlyObjectIndex } from './object-index.ts';
import type {
  AccessControlPolicy,
  AnalyticsConfiguration,
  CORSConfiguration,
  IntelligentTieringConfiguration,
  LifecycleRule,
  InventoryConfiguration,
  LoggingEnabled,
  MetricsConfiguration,
  NotificationConfiguration,
  ObjectLockConfiguration,
  ReplicationConfiguration,
  WebsiteConfiguration,
} from '../protocol/generated/types.ts';
import type { MultipartUpload } from './multipart.ts';
import type { S3Object, Tag } from './object.ts';

/** The default encryption applied to new objects (PutBucketEncryption). */
export interface BucketEncryptionDefault {
  readonly algorithm: string;
  readonly kmsKeyId?: string;
  readonly bucketKeyEnabled?: boolean;
}

/** Configurations addressed by an Id within a bucket. */
export interface IdConfigs {
  readonly metrics: ReadonlyMap<string, MetricsConfiguration>;
  readonly analytics: ReadonlyMap<string, AnalyticsConfiguration>;
  readonly inventory: ReadonlyMap<string, InventoryConfiguration>;
  readonly intelligentTiering: ReadonlyMap<string, IntelligentTieringConfiguration>;
}

export type IdConfigKind = keyof IdConfigs;
/** The configuration type of one kind (MetricsConfiguration for 'metrics', ...). */
export type IdConfigOf<K extends IdConfigKind> = IdConfigs[K] extends ReadonlyMap<string, infer C> ? C : never;

/** Configuration sub-resources of a bucket; absent means "not configured". */
export interface BucketConfigs {
  ownership?: string;
  tagging?: Tag[];
  encryption?: BucketEncryptionDefault;
  /** The policy document as sent (S3 returns it verbatim). */
  policy?: string;
  publicAccessBlock?: {
    BlockPublicAcls: boolean;
    IgnorePublicAcls: boolean;
    BlockPublicPolicy: boolean;
    RestrictPublicBuckets: boolean;
  };
  accelerate?: 'Enabled' | 'Suspended';
  payer?: 'Requester' | 'BucketOwner';
  logging?: LoggingEnabled;
  notification?: NotificationConfiguration;
  replication?: ReplicationConfiguration;
  objectLock?: ObjectLockConfiguration;
  cors?: CORSConfiguration;
  website?: WebsiteConfiguration;
  lifecycle?: { rules: LifecycleRule[]; transitionDefaultMinimumObjectSize: string };
  /** Metrics, analytics, inventory and intelligent-tiering configurations by Id. */
  byId?: IdConfigs;
}

export type VersioningStatus = 'Enabled' | 'Suspended';

/** The bucket's own settings, changed with MetadataStore.updateBucket. */
export interface BucketSettings {
  /** undefined until versioning is first configured: never-versioned buckets answer an empty document. */
  readonly versioning: VersioningStatus | undefined;
  readonly mfaDelete: 'Enabled' | 'Disabled' | undefined;
  readonly objectLockEnabled: boolean;
  readonly acl?: AccessControlPolicy;
}

/** What a bucket is created with and what a persistent store keeps of it besides objects and uploads. */
export interface BucketRecord extends BucketSettings {
  readonly name: string;
  readonly ownerAccountId: string;
  readonly region: string;
  readonly creationDate: Date;
  /** The LocationConstraint as created ('EU' stays 'EU' in GetBucketLocation though the region is eu-west-1). */
  readonly locationConstraint?: string;
  readonly configs: Readonly<BucketConfigs>;
}

export interface Bucket extends BucketRecord {
  readonly objects: ReadonlyObjectIndex<S3Object>;
  /** In-progress multipart uploads by upload id. */
  readonly uploads: ReadonlyMap<string, MultipartUpload>;
}

/** A bucket from its record, with an empty object index and no uploads. */
export function newBucket(record: BucketRecord): Bucket {
  return {
    ...record,
    configs: { ...record.configs },
    objects: new ObjectIndex<S3Object>({
      isDeleteMarker: (o) => o.isDeleteMarker,
      versionId: (o) => o.versionId,
    }),
    uploads: new Map(),
  };
}

/** A bucket whose versioning was ever configured keeps real version ids only while Enabled. */
export function writesNullVersion(bucket: Bucket): boolean {
  return bucket.versioning !== 'Enabled';
}
