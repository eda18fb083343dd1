import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { distributionConfig, REQUEST_CODE } from '../../helpers/cloudfront-fixtures.js'
import { startTestControlPlane, type TestControlPlane } from '../../helpers/control-plane.js'
import { clientEnv, runClient, scratch } from './outside-client.js'

/**
 * Python run by `python3 -` with the endpoint in VERGE_ENDPOINT and a JSON argument in
 * VERGE_INPUT: `client` is boto3's CloudFront client, and whatever `run(client, input)` returns
 * is printed as JSON. `error_code(fn)` is the `Error.Code` a call fails with.
 */
function script(body: string): string {
  return `
import json, os, sys
import boto3, botocore
from botocore.config import Config
from botocore.exceptions import ClientError

def error_code(fn):
    try:
        fn()
    except ClientError as e:
        return e.response['Error']['Code']
    return None

client = boto3.client(
    'cloudfront',
    endpoint_url=os.environ['VERGE_ENDPOINT'],
    region_name='us-east-1',
    config=Config(retries={'max_attempts': 1, 'mode': 'standard'}),
)
${body}
print(json.dumps(run(client, json.loads(os.environ['VERGE_INPUT'])), default=str))
`
}

const FUNCTIONS = script(`
def run(client, input):
    code = input['code'].encode()
    created = client.create_function(
        Name='boto-fn',
        FunctionConfig={'Comment': 'from boto3', 'Runtime': 'cloudfront-js-2.0'},
        FunctionCode=code,
    )
    etag = created['ETag']
    described = client.describe_function(Name='boto-fn')
    event = json.dumps({'version': '1.0', 'context': {'eventType': 'viewer-request'},
        'viewer': {'ip': '198.51.100.7'},
        'request': {'method': 'GET', 'uri': '/boto', 'querystring': {}, 'headers': {}, 'cookies': {}}})
    tested = client.test_function(Name='boto-fn', IfMatch=etag, EventObject=event.encode())
    published = client.publish_function(Name='boto-fn', IfMatch=etag)
    got = client.get_function(Name='boto-fn', Stage='LIVE')
    return {
        'createdStatus': created['FunctionSummary']['Status'],
        'etag': etag,
        'describedEtag': described['ETag'],
        'comment': described['FunctionSummary']['FunctionConfig']['Comment'],
        'testOutput': json.loads(tested['TestResult']['FunctionOutput']),
        'testError': tested['TestResult'].get('FunctionErrorMessage', ''),
        'publishedStage': published['FunctionSummary']['FunctionMetadata']['Stage'],
        'publishedStatus': published['FunctionSummary']['Status'],
        'liveCode': got['FunctionCode'].read().decode(),
    }
`)

const DISTRIBUTIONS = script(`
def run(client, input):
    code = input['code'].encode()
    fn = client.create_function(Name='boto-dist-fn', FunctionConfig={'Comment': '', 'Runtime': 'cloudfront-js-2.0'},
        FunctionCode=code)
    client.publish_function(Name='boto-dist-fn', IfMatch=fn['ETag'])
    config = input['config']
    config['DefaultCacheBehavior']['FunctionAssociations'] = {'Quantity': 1, 'Items': [
        {'FunctionARN': fn['FunctionSummary']['FunctionMetadata']['FunctionARN'], 'EventType': 'viewer-request'}]}
    created = client.create_distribution_with_tags(DistributionConfigWithTags={
        'DistributionConfig': config, 'Tags': {'Items': [{'Key': 'team', 'Value': 'edge'}]}})
    dist_id = created['Distribution']['Id']
    # The waiter polls GetDistribution until Status is Deployed: a short delay keeps it quick.
    client.get_waiter('distribution_deployed').wait(Id=dist_id, WaiterConfig={'Delay': 1, 'MaxAttempts': 10})
    current = client.get_distribution_config(Id=dist_id)
    config = current['DistributionConfig']
    config['Comment'] = 'updated by boto3'
    updated = client.update_distribution(Id=dist_id, IfMatch=current['ETag'], DistributionConfig=config)
    client.get_waiter('distribution_deployed').wait(Id=dist_id, WaiterConfig={'Delay': 1, 'MaxAttempts': 10})
    got = client.get_distribution(Id=dist_id)
    return {
        'id': dist_id,
        'createdReference': created['Distribution']['DistributionConfig']['CallerReference'],
        'updatedComment': updated['Distribution']['DistributionConfig']['Comment'],
        'etagChanged': updated['ETag'] != current['ETag'],
        'status': got['Distribution']['Status'],
        'functionStatus': client.describe_function(Name='boto-dist-fn', Stage='LIVE')['FunctionSummary']['Status'],
    }
`)

const ERRORS = script(`
def run(client, input):
    code = input['code'].encode()
    config = {'Comment': '', 'Runtime': 'cloudfront-js-2.0'}
    created = client.create_function(Name='boto-stale', FunctionConfig=config, FunctionCode=code)
    client.update_function(Name='boto-stale', IfMatch=created['ETag'], FunctionConfig=config, FunctionCode=code)
    return {
        'missing': error_code(lambda: client.describe_function(Name='boto-missing')),
        'stale': error_code(lambda: client.update_function(
            Name='boto-stale', IfMatch=created['ETag'], FunctionConfig=config, FunctionCode=code)),
        'invalid': error_code(lambda: client.create_function(
            Name='boto-bad-runtime', FunctionConfig={'Comment': '', 'Runtime': 'cloudfront-js-9.9'},
            FunctionCode=code)),
        'originWithPort': error_code(lambda: client.create_distribution(DistributionConfig=input['badOrigin'])),
    }
`)

/**
 * The KVS data plane signs with SigV4A, which botocore does only with awscrt; botocore before
 * 1.32 has no cloudfront-keyvaluestore client at all. Prints what is missing, or runs.
 */
const KVS = `
import json, os
import boto3, botocore.session
if 'cloudfront-keyvaluestore' not in botocore.session.get_session().get_available_services():
    print(json.dumps({'missing': 'botocore %s has no cloudfront-keyvaluestore client' % botocore.__version__}))
    raise SystemExit(0)
try:
    import awscrt
except ImportError:
    print(json.dumps({'missing': 'awscrt not installed: botocore cannot sign SigV4A for cloudfront-keyvaluestore'}))
    raise SystemExit(0)
from botocore.config import Config
client = boto3.client('cloudfront-keyvaluestore', endpoint_url=os.environ['VERGE_ENDPOINT'],
    region_name='us-east-1', config=Config(retries={'max_attempts': 1, 'mode': 'standard'}))
arn = os.environ['VERGE_INPUT']
described = client.describe_key_value_store(KvsARN=arn)
put = client.put_key(KvsARN=arn, Key='greeting', Value='hello', IfMatch=described['ETag'])
got = client.get_key(KvsARN=arn, Key='greeting')
listed = client.list_keys(KvsARN=arn)
print(json.dumps({'itemCount': put['ItemCount'], 'value': got['Value'],
    'keys': [i['Key'] for i in listed['Items']],
    'requestId': got['ResponseMetadata'].get('RequestId', '')}))
`

// biome-ignore lint/suspicious/noExplicitAny: the script's JSON output, read member by member by the assertions
type PythonOutput = Record<string, any>

// boto3 against the CloudFront API of a real control plane: botocore's own serializers,
// signer, waiters and error parsing.
describe('boto3 against the CloudFront API', () => {
  let t: TestControlPlane
  let files: ReturnType<typeof scratch>
  let env: NodeJS.ProcessEnv
  /** The first Python that has boto3: the one on PATH, else Debian's (`python3-boto3`). */
  let pythonCommand: string | undefined

  before(async () => {
    t = await startTestControlPlane()
    files = scratch()
    env = clientEnv(t.controlPlane.credentials, files.dir)
    for (const candidate of ['python3', '/usr/bin/python3']) {
      if ((await runClient(candidate, ['-c', 'import boto3'], env)).code === 0) {
        pythonCommand = candidate
        break
      }
    }
  })
  after(async () => {
    files.remove()
    await t.stop()
  })

  async function python<T>(source: string, input: unknown, endpoint = t.controlPlane.url): Promise<T> {
    assert.ok(pythonCommand !== undefined)
    const run = await runClient(
      pythonCommand,
      ['-'],
      {
        ...env,
        VERGE_ENDPOINT: endpoint,
        VERGE_INPUT: typeof input === 'string' ? input : JSON.stringify(input),
      },
      source,
    )
    assert.equal(run.code, 0, `python3 failed:\n${run.stderr}`)
    return JSON.parse(run.stdout) as T
  }

  test('boto3: create_function, describe_function, test_function, publish_function', async (c) => {
    if (pythonCommand === undefined) return c.skip('boto3 not installed')
    const out = await python<PythonOutput>(FUNCTIONS, { code: REQUEST_CODE })
    assert.equal(out.createdStatus, 'UNPUBLISHED')
    assert.match(out.etag, /^E[0-9A-Z]{12}$/)
    assert.equal(out.describedEtag, out.etag)
    assert.equal(out.comment, 'from boto3')
    assert.equal(out.testError, '')
    assert.equal(out.testOutput.request.uri, '/boto')
    assert.equal(out.publishedStage, 'LIVE')
    assert.equal(out.publishedStatus, 'UNASSOCIATED')
    assert.equal(out.liveCode, REQUEST_CODE)
  })

  test('boto3: create_distribution_with_tags, update_distribution, the distribution_deployed waiter', async (c) => {
    if (pythonCommand === undefined) return c.skip('boto3 not installed')
    const out = await python<PythonOutput>(DISTRIBUTIONS, {
      code: REQUEST_CODE,
      config: distributionConfig('boto-ref'),
    })
    assert.match(out.id, /^E[0-9A-Z]{13}$/)
    assert.equal(out.createdReference, 'boto-ref')
    assert.equal(out.updatedComment, 'updated by boto3')
    assert.equal(out.etagChanged, true)
    assert.equal(out.status, 'Deployed')
    assert.equal(out.functionStatus, 'DEPLOYED')
  })

  test('boto3: NoSuchFunctionExists, PreconditionFailed and InvalidArgument error codes', async (c) => {
    if (pythonCommand === undefined) return c.skip('boto3 not installed')
    const badOrigin = distributionConfig('boto-bad-origin')
    const origin = badOrigin.Origins?.Items?.[0]
    assert.ok(origin !== undefined)
    origin.DomainName = '127.0.0.1:8000'
    const out = await python<Record<string, string | null>>(ERRORS, { code: REQUEST_CODE, badOrigin })
    assert.deepEqual(out, {
      missing: 'NoSuchFunctionExists',
      stale: 'PreconditionFailed',
      invalid: 'InvalidArgument',
      originWithPort: 'InvalidArgument',
    })
  })

  test('boto3: the KVS data plane (describe, put_key, get_key, list_keys)', async (c) => {
    if (pythonCommand === undefined) return c.skip('boto3 not installed')
    const store = await t.controlPlane.keyValueStores.createKeyValueStore({ name: 'boto-store' })
    // The client puts the account before the endpoint's host; localhost names resolve to loopback.
    const endpoint = t.controlPlane.url.replace('127.0.0.1', 'localhost')
    const out = await python<PythonOutput>(KVS, store.arn, endpoint)
    if (typeof out.missing === 'string') return c.skip(out.missing)
    assert.equal(out.itemCount, 1)
    assert.equal(out.value, 'hello')
    assert.deepEqual(out.keys, ['greeting'])
    assert.match(out.requestId, /^[0-9a-f-]{36}$/)
  })
})
