import { DescribeFunctionCommand, DescribeKeyValueStoreCommand } from '@aws-sdk/client-cloudfront'
import type { Clients } from './clients.js'

const STORE_ARN = /^arn:aws:cloudfront::\d{12}:key-value-store\/[0-9a-fA-F-]{36}$/
const FUNCTION_ARN = /^arn:aws:cloudfront::\d{12}:function\/[a-zA-Z0-9_-]{1,64}$/

/** A store's ARN from its name (DescribeKeyValueStore), or the ARN itself. */
export async function storeArn(clients: Clients, nameOrArn: string): Promise<string> {
  if (STORE_ARN.test(nameOrArn)) return nameOrArn
  const output = await clients.cloudFront.send(new DescribeKeyValueStoreCommand({ Name: nameOrArn }))
  return output.KeyValueStore?.ARN ?? ''
}

/** A function's ARN from its name (DescribeFunction), or the ARN itself. */
export async function functionArn(clients: Clients, nameOrArn: string): Promise<string> {
  if (FUNCTION_ARN.test(nameOrArn)) return nameOrArn
  const output = await clients.cloudFront.send(
    new DescribeFunctionCommand({ Name: nameOrArn, Stage: 'LIVE' }),
  )
  return output.FunctionSummary?.FunctionMetadata?.FunctionARN ?? ''
}

/** `name` from `arn:...:function/name`, or the input unchanged. */
export function functionName(nameOrArn: string): string {
  return FUNCTION_ARN.test(nameOrArn) ? nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1) : nameOrArn
}
