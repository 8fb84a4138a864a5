/** The canonical owner AWS reports; the same fixed id LocalStack uses for every account. */
export const CANONICAL_OWNER_ID = '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a';

export function ownerOf(_accountId: string): { ID: string } {
  return { ID: CANONICAL_OWNER_ID };
}
