/** A bucket: identity, versioning state, its object index and its configuration sub-resources. */
import { ObjectIndex } from './object-index.ts';
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
  metrics: Map<string, MetricsConfiguration>;
  analytics: Map<string, AnalyticsConfiguration>;
  inventory: Map<string, InventoryConfiguration>;
  intelligentTiering: Map<string, IntelligentTieringConfiguration>;
}

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

export interface Bucket {
  readonly name: string;
  readonly ownerAccountId: string;
  readonly region: string;
  readonly creationDate: Date;
  /** The LocationConstraint as created ('EU' stays 'EU' in GetBucketLocation though the region is eu-west-1). */
  locationConstraint?: string;
  /** undefined until versioning is first configured: never-versioned buckets answer an empty document. */
  versioning: VersioningStatus | undefined;
  mfaDelete: 'Enabled' | 'Disabled' | undefined;
  objectLockEnabled: boolean;
  acl?: AccessControlPolicy;
  readonly objects: ObjectIndex<S3Object>;
  readonly configs: BucketConfigs;
  /** In-progress multipart uploads by upload id. */
  readonly uploads: Map<string, MultipartUpload>;
}

export function newBucket(name: string, ownerAccountId: string, region: string, now: Date): Bucket {
  return {
    name,
    ownerAccountId,
    region,
    creationDate: now,
    versioning: undefined,
    mfaDelete: undefined,
    objectLockEnabled: false,
    objects: new ObjectIndex<S3Object>({
      isDeleteMarker: (o) => o.isDeleteMarker,
      versionId: (o) => o.versionId,
    }),
    configs: {},
    uploads: new Map(),
  };
}

/** Marks the in-progress uploads of `key` as overtaken by a write or delete of that key. */
export function noteKeyChanged(bucket: Bucket, key: string): void {
  if (bucket.uploads.size === 0) return;
  for (const upload of bucket.uploads.values()) if (upload.key === key) upload.keyChangedSinceInitiation = true;
}

/** A bucket whose versioning was ever configured keeps real version ids only while Enabled. */
export function writesNullVersion(bucket: Bucket): boolean {
  return bucket.versioning !== 'Enabled';
}
