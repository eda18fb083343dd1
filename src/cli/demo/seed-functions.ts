/**
 * The two functions of the seed walkthrough, exactly as a user writes them for CloudFront.
 * The demo installs them; tests prove they run unchanged.
 */

/** Story 1: echo the value of the first path segment's key (`/hello/world` → `Key: hello Value: Hello World`). */
export const KEY_ECHO_FUNCTION = `import cf from 'cloudfront';

// This fails if the key value store is not associated with the function
const kvsHandle = cf.kvs();

async function handler(event) {
    const request = event.request;
    // Use the first segment of the pathname as key
    // For example http(s)://domain/<key>/something/else
    const pathSegments = request.uri.split('/');
    const key = pathSegments[1];
    let value = "Not found";
    try {
        // Get the value for the key from the key value store
        value = await kvsHandle.get(key);
    } catch (err) {
        console.log(\`Kvs key lookup failed for \${key}: \${err}\`);
    }
    const response = {
        statusCode: 200,
        statusDescription: 'OK',
        body: {
            encoding: 'text',
            data: \`Key: \${key} Value: \${value}\`
        }
    };
    return response;
}
`

/** Story 2: replace the first path segment by the key's value (`/blog/index.html` → `/blog-v1/index.html`). */
export const BLOG_ROUTER_FUNCTION = `import cf from 'cloudfront';

const kvsHandle = cf.kvs();

async function handler(event) {
    const request = event.request;
    const pathSegments = request.uri.split('/');
    const key = pathSegments[1];
    try {
        // Replace the first path segment with the value of its key, e.g. blog -> blog-v1
        const value = await kvsHandle.get(key);
        pathSegments[1] = value;
        request.uri = pathSegments.join('/');
    } catch (err) {
        // No key for this segment: leave the URI as it is
    }
    return request;
}
`
