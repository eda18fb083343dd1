/** `arn:aws:cloudfront::<account>:key-value-store/<Id>`. */
export function keyValueStoreArn(accountId: string, id: string): string {
  return `arn:aws:cloudfront::${accountId}:key-value-store/${id}`
}

const KVS_ARN = /^arn:aws:cloudfront::(\d{12}):key-value-store\/([0-9a-fA-F-]{36})$/

/** Splits a key value store ARN; `undefined` when it is not one. */
export function parseKeyValueStoreArn(arn: string): { accountId: string; id: string } | undefined {
  const match = KVS_ARN.exec(arn)
  if (match === null) return undefined
  return { accountId: match[1]!, id: match[2]!.toLowerCase() }
}
