import { createBuffer } from '../guest/buffer.js'
import { installByteStrings } from '../guest/byte-strings.js'
import { createCrypto } from '../guest/crypto.js'
import { createEncoding } from '../guest/encoding.js'
import { createQuerystring } from '../guest/querystring.js'
import { createTextCodecs } from '../guest/text.js'
import { boundBuiltins } from './bounds.js'
import { createCloudfrontModule } from './cloudfront-module.js'
import { createConsole } from './console.js'
import { harden, hiddenIntrinsics } from './harden.js'
import { createInvoker } from './invoker.js'
import { legacyCrypto } from './legacy-crypto.js'
import { lockdown } from './lockdown.js'

/** What the host passes to the bootstrap, as JSON. */
export interface BootstrapConfig {
  runtime: 'cloudfront-js-1.0' | 'cloudfront-js-2.0'
  maxLogBytes: number
  edgeLocation: { name: string; serverIp: string; region: string }
  filename: string
  maxStringLength: number
  maxArrayLength: number
  maxCollectionSize: number
}

let cached: string | undefined

/**
 * The source of the guest's bootstrap: an expression evaluating to
 * `bootstrap(factory, kvsGet, kvsMeta, done, configJson) → invoke`. It installs the globals and
 * modules of the runtime version, locks the realm down, freezes it, and returns the invoker.
 * Built once per process from the guest factories' own source text.
 */
export function bootstrapSource(): string {
  cached ??= `(function bootstrap(factory, kvsGet, kvsMeta, done, configJson) {
"use strict";
const config = JSON.parse(configJson);
const g = globalThis;
const v2 = config.runtime === "cloudfront-js-2.0";
const setNow = (${lockdown})(g, config.runtime);
(${boundBuiltins})(config.maxStringLength, config.maxArrayLength, config.maxCollectionSize);
const enc = (${createEncoding})();
const Buffer = (${createBuffer})(enc);
const crypto = (${createCrypto})(Buffer, enc);
const querystring = (${createQuerystring})(enc);
const state = { eventType: "", logs: [], logBytes: 0, logsTruncated: false, maxLogBytes: config.maxLogBytes, originChange: undefined };
const define = (name, value) => Object.defineProperty(g, name, { value, writable: true, configurable: true });
if (v2) {
  const text = (${createTextCodecs})(enc);
  define("Buffer", Buffer);
  define("TextEncoder", text.TextEncoder);
  define("TextDecoder", text.TextDecoder);
  define("atob", text.atob);
  define("btoa", text.btoa);
} else {
  // 1.0's byte-string methods (String.bytesFrom, toUTF8, toString('base64'), ...); not in 2.0.
  (${installByteStrings})(String, enc);
}
define("console", (${createConsole})(state));
const modules = { crypto: v2 ? crypto : (${legacyCrypto})(crypto), querystring };
if (v2) {
  const kvs = kvsGet === undefined ? undefined : { get: kvsGet, meta: kvsMeta };
  modules.cloudfront = (${createCloudfrontModule})(kvs, state, (value) => Buffer.from(value, "utf8"), config.edgeLocation);
}
const load = (name) => {
  if (Object.prototype.hasOwnProperty.call(modules, name)) return modules[name];
  throw new Error("Cannot find module '" + name + "'");
};
// Shared objects that only a call leads to: the classes of Hash and Hmac objects, Buffer's species.
const handedOut = [crypto.createHash("md5"), crypto.createHmac("md5", "k")].map(Object.getPrototypeOf);
handedOut.push(Buffer[Symbol.species]);
(${harden})(g, (${hiddenIntrinsics})().concat([modules, load], handedOut));
// Compile the library's hot paths now, not in the first request's budget.
for (const algorithm of ["md5", "sha1", "sha256"]) {
  crypto.createHash(algorithm).update("warm").digest("hex");
  crypto.createHmac(algorithm, "key").update("warm").digest("base64");
}
querystring.stringify(querystring.parse("a=1&b=2&b=3"));
Buffer.from(Buffer.from("warm").toString("base64"), "base64").toString("hex");
return (${createInvoker})(factory, load, load, state, setNow, done, v2, config.filename);
})`
  return cached
}
