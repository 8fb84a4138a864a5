/** An in-progress multipart upload and its parts. Nothing here is visible as an object until Complete. */
import type { ChecksumAlgorithm } from '../checksum/types.ts';
import type { BlobRef } from '../storage/types.ts';
import type { ChecksumType, S3Object, SystemMetadata, Tag } from './object.ts';

export interface UploadedPart {
  readonly partNumber: number;
  readonly blob: BlobRef;
  readonly size: number;
  /** Hex MD5 of the part, unquoted. */
  readonly md5Hex: string;
  readonly lastModified: Date;
  /** The checksum the client asked for (the upload's algorithm, or one sent with the part). */
  readonly checksumAlgorithm?: ChecksumAlgorithm;
  readonly checksumValue?: string;
  /** Always kept, so an upload without an algorithm still gets a FULL_OBJECT CRC64NVME by combination. */
  readonly crc64nvme: string;
}

export interface MultipartUpload {
  readonly uploadId: string;
  readonly key: string;
  readonly initiated: Date;
  readonly ownerAccountId: string;
  readonly storageClass: string;
  readonly system: SystemMetadata;
  readonly metadata: Readonly<Record<string, string>>;
  readonly tags: readonly Tag[];
  readonly sse: S3Object['sse'];
  readonly sseCustomer: S3Object['sseCustomer'];
  readonly lock: S3Object['lock'];
  readonly acl: S3Object['acl'];
  readonly checksumAlgorithm: ChecksumAlgorithm | undefined;
  readonly checksumType: ChecksumType | undefined;
  readonly parts: ReadonlyMap<number, UploadedPart>;
  /** Set when the key is written or deleted after initiation: a conditional Complete then conflicts. */
  readonly keyChangedSinceInitiation: boolean;
}
