/**
 * Function code in the shapes CloudFront users write (AWS samples and common patterns), for
 * tests of validation and of the runtime. The seed walkthrough's own functions are in
 * `src/cli/demo/seed-functions.ts`.
 */

/** The key-echo function of the seed walkthrough, exactly as in the brief. */
export const KEY_ECHO_BRIEF = `import cf from 'cloudfront';
const kvsHandle = cf.kvs();
async function handler(event) {
    const request = event.request;
    const key = request.uri.split('/')[1];
    let value = "Not found";
    try {
        value = await kvsHandle.get(key);
    } catch (err) {
        console.log(\`Kvs key lookup failed for \${key}: \${err}\`);
    }
    return { statusCode: 200, statusDescription: 'OK', body: { encoding: 'text', data: \`Key: \${key} Value: \${value}\` } };
}
`

/** AWS's launch-blog form: `cf.kvs(kvsId)` and `format: 'json'`. */
export const KVS_WITH_ID = `import cf from 'cloudfront';

const kvsId = '4ef4ce2d-1f3d-4f73-9b2a-0123456789ab';

// This fails if the key value store is not associated with the function
const kvsHandle = cf.kvs(kvsId);

async function handler(event) {
    const request = event.request;
    const config = await kvsHandle.get('config', { format: 'json' });
    if (await kvsHandle.exists(request.uri)) {
        request.uri = await kvsHandle.get(request.uri);
    }
    request.headers['x-config-version'] = { value: String(config.version) };
    return request;
}
`

/** A 1.0 viewer-request redirect in the style of AWS's samples: `var` only. */
export const REDIRECT_V1 = `function handler(event) {
    var request = event.request;
    var headers = request.headers;
    var host = headers.host && headers.host.value;
    if (host === 'example.com') {
        var newurl = 'https://www.example.com' + request.uri;
        var response = {
            statusCode: 301,
            statusDescription: 'Moved Permanently',
            headers: { 'location': { 'value': newurl } }
        };
        return response;
    }
    return request;
}
`

/** AWS's "add index.html to request URLs that don't include a file name". */
export const URL_REWRITE_V1 = `function handler(event) {
    var request = event.request;
    var uri = request.uri;

    // Check whether the URI is missing a file name.
    if (uri.endsWith('/')) {
        request.uri += 'index.html';
    }
    // Check whether the URI is missing a file extension.
    else if (!uri.includes('.')) {
        request.uri += '/index.html';
    }

    return request;
}
`

/** An HMAC-signed token check with `require('crypto')` and `querystring`. */
export const CRYPTO_HMAC = `var crypto = require('crypto');
var querystring = require('querystring');

var secretKey = 'LIGHT-SECRET';

function handler(event) {
    var request = event.request;
    var qs = request.querystring;
    if (!qs.token || !qs.exp) {
        return { statusCode: 403, statusDescription: 'Forbidden' };
    }
    var payload = request.uri + ':' + qs.exp.value;
    var expected = crypto.createHmac('sha256', secretKey).update(payload).digest('hex');
    if (expected !== qs.token.value || Number(qs.exp.value) * 1000 < Date.now()) {
        return { statusCode: 403, statusDescription: 'Forbidden' };
    }
    console.log('token ok for ' + querystring.escape(request.uri));
    return request;
}
`

/** 2.0 code in the import style seen in the wild: `import crypto from 'crypto'`. */
export const CRYPTO_IMPORT_V2 = `import crypto from 'crypto';

const handler = async (event) => {
    const hash = crypto.createHash('sha256').update(event.request.uri).digest('base64url');
    event.request.headers['x-uri-hash'] = { value: hash };
    return event.request;
};
`
