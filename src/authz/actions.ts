/**
 * The IAM action each S3 operation is authorised as, from AWS's "Actions, resources, and condition
 * keys for Amazon S3" (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html)
 * and each operation's API page ("You must have the s3:... permission").
 */
import type { OperationName } from '../protocol/generated/types.ts';

/** What the action applies to: the bucket ARN, the object ARN (bucket/key) or no resource (ListBuckets). */
export type ResourceKind = 'bucket' | 'object' | 'service';

export interface ActionSpec {
  readonly action: string;
  readonly resource: ResourceKind;
  /** The action when the request names a versionId (s3:GetObjectVersion for GetObject?versionId=). */
  readonly versioned?: string;
}

const bucket = (action: string): ActionSpec => ({ action: `s3:${action}`, resource: 'bucket' });
const object = (action: string, versioned?: string): ActionSpec => ({
  action: `s3:${action}`, resource: 'object', ...(versioned !== undefined ? { versioned: `s3:${versioned}` } : {}),
});

/** Every operation of the model: the type makes a new operation without an action a compile error. */
export const OPERATION_ACTIONS: Readonly<Record<OperationName, ActionSpec>> = {
  AbortMultipartUpload: object('AbortMultipartUpload'),
  CompleteMultipartUpload: object('PutObject'),
  CopyObject: object('PutObject'),
  CreateBucket: bucket('CreateBucket'),
  CreateBucketMetadataConfiguration: bucket('CreateBucketMetadataTableConfiguration'),
  CreateBucketMetadataTableConfiguration: bucket('CreateBucketMetadataTableConfiguration'),
  CreateMultipartUpload: object('PutObject'),
  CreateSession: { action: 's3express:CreateSession', resource: 'bucket' },
  DeleteBucket: bucket('DeleteBucket'),
  DeleteBucketAnalyticsConfiguration: bucket('PutAnalyticsConfiguration'),
  DeleteBucketCors: bucket('PutBucketCORS'),
  DeleteBucketEncryption: bucket('PutEncryptionConfiguration'),
  DeleteBucketIntelligentTieringConfiguration: bucket('PutIntelligentTieringConfiguration'),
  DeleteBucketInventoryConfiguration: bucket('PutInventoryConfiguration'),
  DeleteBucketLifecycle: bucket('PutLifecycleConfiguration'),
  DeleteBucketMetadataConfiguration: bucket('DeleteBucketMetadataTableConfiguration'),
  DeleteBucketMetadataTableConfiguration: bucket('DeleteBucketMetadataTableConfiguration'),
  DeleteBucketMetricsConfiguration: bucket('PutMetricsConfiguration'),
  DeleteBucketOwnershipControls: bucket('PutBucketOwnershipControls'),
  DeleteBucketPolicy: bucket('DeleteBucketPolicy'),
  DeleteBucketReplication: bucket('PutReplicationConfiguration'),
  DeleteBucketTagging: bucket('PutBucketTagging'),
  DeleteBucketWebsite: bucket('DeleteBucketWebsite'),
  DeleteObject: object('DeleteObject', 'DeleteObjectVersion'),
  DeleteObjectAnnotation: object('DeleteObjectAnnotation'),
  DeleteObjectTagging: object('DeleteObjectTagging', 'DeleteObjectVersionTagging'),
  // Checked key by key (authorize-delete.ts); the bucket-level entry names the action.
  DeleteObjects: object('DeleteObject', 'DeleteObjectVersion'),
  DeletePublicAccessBlock: bucket('PutBucketPublicAccessBlock'),
  GetBucketAbac: bucket('GetBucketAbac'),
  GetBucketAccelerateConfiguration: bucket('GetAccelerateConfiguration'),
  GetBucketAcl: bucket('GetBucketAcl'),
  GetBucketAnalyticsConfiguration: bucket('GetAnalyticsConfiguration'),
  GetBucketCors: bucket('GetBucketCORS'),
  GetBucketEncryption: bucket('GetEncryptionConfiguration'),
  GetBucketIntelligentTieringConfiguration: bucket('GetIntelligentTieringConfiguration'),
  GetBucketInventoryConfiguration: bucket('GetInventoryConfiguration'),
  GetBucketLifecycle: bucket('GetLifecycleConfiguration'),
  GetBucketLifecycleConfiguration: bucket('GetLifecycleConfiguration'),
  GetBucketLocation: bucket('GetBucketLocation'),
  GetBucketLogging: bucket('GetBucketLogging'),
  GetBucketMetadataConfiguration: bucket('GetBucketMetadataTableConfiguration'),
  GetBucketMetadataTableConfiguration: bucket('GetBucketMetadataTableConfiguration'),
  GetBucketMetricsConfiguration: bucket('GetMetricsConfiguration'),
  GetBucketNotification: bucket('GetBucketNotification'),
  GetBucketNotificationConfiguration: bucket('GetBucketNotification'),
  GetBucketOwnershipControls: bucket('GetBucketOwnershipControls'),
  GetBucketPolicy: bucket('GetBucketPolicy'),
  GetBucketPolicyStatus: bucket('GetBucketPolicyStatus'),
  GetBucketReplication: bucket('GetReplicationConfiguration'),
  GetBucketRequestPayment: bucket('GetBucketRequestPayment'),
  GetBucketTagging: bucket('GetBucketTagging'),
  GetBucketVersioning: bucket('GetBucketVersioning'),
  GetBucketWebsite: bucket('GetBucketWebsite'),
  GetObject: object('GetObject', 'GetObjectVersion'),
  GetObjectAcl: object('GetObjectAcl', 'GetObjectVersionAcl'),
  GetObjectAnnotation: object('GetObjectAnnotation'),
  GetObjectAttributes: object('GetObjectAttributes', 'GetObjectVersionAttributes'),
  GetObjectLegalHold: object('GetObjectLegalHold'),
  GetObjectLockConfiguration: bucket('GetBucketObjectLockConfiguration'),
  GetObjectRetention: object('GetObjectRetention'),
  GetObjectTagging: object('GetObjectTagging', 'GetObjectVersionTagging'),
  GetObjectTorrent: object('GetObjectTorrent', 'GetObjectVersionTorrent'),
  GetPublicAccessBlock: bucket('GetBucketPublicAccessBlock'),
  HeadBucket: bucket('ListBucket'),
  HeadObject: object('GetObject', 'GetObjectVersion'),
  ListBucketAnalyticsConfigurations: bucket('GetAnalyticsConfiguration'),
  ListBucketIntelligentTieringConfigurations: bucket('GetIntelligentTieringConfiguration'),
  ListBucketInventoryConfigurations: bucket('GetInventoryConfiguration'),
  ListBucketMetricsConfigurations: bucket('GetMetricsConfiguration'),
  ListBuckets: { action: 's3:ListAllMyBuckets', resource: 'service' },
  ListDirectoryBuckets: { action: 's3express:ListAllMyDirectoryBuckets', resource: 'service' },
  ListMultipartUploads: bucket('ListBucketMultipartUploads'),
  ListObjectAnnotations: object('ListObjectAnnotations'),
  ListObjectVersions: bucket('ListBucketVersions'),
  ListObjects: bucket('ListBucket'),
  ListObjectsV2: bucket('ListBucket'),
  ListParts: object('ListMultipartUploadParts'),
  PostObject: object('PutObject'),
  PutBucketAbac: bucket('PutBucketAbac'),
  PutBucketAccelerateConfiguration: bucket('PutAccelerateConfiguration'),
  PutBucketAcl: bucket('PutBucketAcl'),
  PutBucketAnalyticsConfiguration: bucket('PutAnalyticsConfiguration'),
  PutBucketCors: bucket('PutBucketCORS'),
  PutBucketEncryption: bucket('PutEncryptionConfiguration'),
  PutBucketIntelligentTieringConfiguration: bucket('PutIntelligentTieringConfiguration'),
  PutBucketInventoryConfiguration: bucket('PutInventoryConfiguration'),
  PutBucketLifecycle: bucket('PutLifecycleConfiguration'),
  PutBucketLifecycleConfiguration: bucket('PutLifecycleConfiguration'),
  PutBucketLogging: bucket('PutBucketLogging'),
  PutBucketMetricsConfiguration: bucket('PutMetricsConfiguration'),
  PutBucketNotification: bucket('PutBucketNotification'),
  PutBucketNotificationConfiguration: bucket('PutBucketNotification'),
  PutBucketOwnershipControls: bucket('PutBucketOwnershipControls'),
  PutBucketPolicy: bucket('PutBucketPolicy'),
  PutBucketReplication: bucket('PutReplicationConfiguration'),
  PutBucketRequestPayment: bucket('PutBucketRequestPayment'),
  PutBucketTagging: bucket('PutBucketTagging'),
  PutBucketVersioning: bucket('PutBucketVersioning'),
  PutBucketWebsite: bucket('PutBucketWebsite'),
  PutObject: object('PutObject'),
  PutObjectAcl: object('PutObjectAcl', 'PutObjectVersionAcl'),
  PutObjectAnnotation: object('PutObjectAnnotation'),
  PutObjectLegalHold: object('PutObjectLegalHold'),
  PutObjectLockConfiguration: bucket('PutBucketObjectLockConfiguration'),
  PutObjectRetention: object('PutObjectRetention'),
  PutObjectTagging: object('PutObjectTagging', 'PutObjectVersionTagging'),
  PutPublicAccessBlock: bucket('PutBucketPublicAccessBlock'),
  RenameObject: object('RenameObject'),
  RestoreObject: object('RestoreObject'),
  SelectObjectContent: object('GetObject'),
  UpdateBucketMetadataAnnotationTableConfiguration: bucket('UpdateBucketMetadataAnnotationTableConfiguration'),
  UpdateBucketMetadataInventoryTableConfiguration: bucket('UpdateBucketMetadataInventoryTableConfiguration'),
  UpdateBucketMetadataJournalTableConfiguration: bucket('UpdateBucketMetadataJournalTableConfiguration'),
  UpdateObjectEncryption: object('UpdateObjectEncryption'),
  UploadPart: object('PutObject'),
  UploadPartCopy: object('PutObject'),
  WriteGetObjectResponse: { action: 's3-object-lambda:WriteGetObjectResponse', resource: 'service' },
};

/** The action a request is checked against: the versioned variant when it names a version. */
export function actionOf(spec: ActionSpec, versionId: string | undefined): string {
  return versionId !== undefined && spec.versioned !== undefined ? spec.versioned : spec.action;
}
