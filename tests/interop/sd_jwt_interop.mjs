// Interop with an independent SD-JWT implementation (@sd-jwt/* from the npm registry, versions
// pinned in package-lock.json). Driven by run_interop.sh; data files come from/for the C++
// side (interop_sd_jwt).
//   node sd_jwt_interop.mjs verify-ours  DIR   verify the presentation credchain issued
//   node sd_jwt_interop.mjs issue-theirs DIR   issue and present a credential for credchain
// Exits non-zero with a message on the first failed expectation.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { Jwt } from '@sd-jwt/core';
import { digest, generateSalt } from '@sd-jwt/crypto-nodejs';
import { StatusList, createHeaderAndPayload } from '@sd-jwt/jwt-status-list';

const [, , command, dir] = process.argv;
const read = (name) => fs.readFileSync(path.join(dir, name), 'utf8');
const write = (name, text) => fs.writeFileSync(path.join(dir, name), text);
const fail = (message) => { console.error(`interop FAIL: ${message}`); process.exit(1); };
const check = (cond, message) => { if (!cond) fail(message); console.log(`interop ok: ${message}`); };

// EdDSA (Ed25519) JWS signer/verifier over node:crypto, in the shapes @sd-jwt expects.
const signerFor = (privateKey) => async (data) =>
  crypto.sign(null, Buffer.from(data), privateKey).toString('base64url');
const verifierFor = (publicKey) => async (data, signature) =>
  crypto.verify(null, Buffer.from(data), publicKey, Buffer.from(signature, 'base64url'));
const publicFromJwk = (jwk) => crypto.createPublicKey({ key: jwk, format: 'jwk' });
// KB-JWTs verify against the holder key the issuer put in cnf.jwk.
const kbVerifier = async (data, signature, payload) =>
  verifierFor(publicFromJwk(payload.cnf.jwk))(data, signature);

// The status list is on chain in credchain; here a stand-in status provider serves it as an
// IETF Token Status List JWT so the library's status check runs end to end.
const statusProvider = crypto.generateKeyPairSync('ed25519');
// Its iat is a minute before the verification time the caller passes (machine clocks and the
// C++ side's "now" may differ by seconds).
async function statusListJwt(uri, revokedIndex, iat) {
  const bits = new Array(16).fill(0);
  if (revokedIndex !== undefined) bits[revokedIndex] = 1;
  const { header, payload } = createHeaderAndPayload(
    new StatusList(bits, 1), { sub: uri, iat }, { alg: 'EdDSA' });
  const jwt = new Jwt({ header, payload });
  return jwt.sign(signerFor(statusProvider.privateKey));
}

function instance(issuerPublicKey, now, extra = {}) {
  return new SDJwtVcInstance({
    hasher: digest,
    hashAlg: 'sha-256',
    saltGenerator: generateSalt,
    signAlg: 'EdDSA',
    verifier: verifierFor(issuerPublicKey),
    kbVerifier,
    statusVerifier: verifierFor(statusProvider.publicKey),
    statusListFetcher: (uri) => statusListJwt(uri, extra.revokedIndex, now - 60),
    ...extra,
  });
}

async function verifyOurs() {
  const expect = JSON.parse(read('ours_expect.json'));
  const issuerKey = publicFromJwk(JSON.parse(read('ours_issuer_jwk.json')));
  const presentation = read('ours_presentation.txt').trim();
  const sdjwt = instance(issuerKey, expect.now);
  const result = await sdjwt.verify(presentation, {
    keyBindingNonce: expect.nonce,
    requiredClaimKeys: expect.required_claims,
    currentDate: expect.now,
  });
  check(result.header.typ === 'dc+sd-jwt' && result.header.alg === 'EdDSA',
        'credchain header is an EdDSA dc+sd-jwt');
  check(result.kb?.payload?.aud === expect.aud && result.kb.payload.nonce === expect.nonce,
        'credchain KB-JWT verified (signature, nonce, sd_hash) with the expected audience');
  const claims = await sdjwt.getClaims(presentation);
  for (const [name, value] of Object.entries(expect.disclosed)) {
    check(JSON.stringify(claims[name]) === JSON.stringify(value), `disclosed claim ${name}`);
  }
  for (const name of expect.hidden) check(!(name in claims), `undisclosed claim ${name} hidden`);
  check(claims.iss === expect.iss && claims.vct === expect.vct, 'iss and vct in clear');
  // Negative: a tampered disclosure and a wrong nonce must be refused by the library too.
  const parts = presentation.split('~');
  const forged = Buffer.from(JSON.stringify(['c2FsdHNhbHRzYWx0c2FsdA', 'grade', 'D'])).toString('base64url');
  const tampered = [parts[0], forged, ...parts.slice(2)].join('~');
  await sdjwt.verify(tampered, { keyBindingNonce: expect.nonce, currentDate: expect.now })
    .then(() => fail('tampered disclosure accepted'), () => check(true, 'tampered disclosure refused'));
  await sdjwt.verify(presentation, { keyBindingNonce: 'other-nonce', currentDate: expect.now })
    .then(() => fail('wrong nonce accepted'), () => check(true, 'wrong nonce refused'));
  await instance(issuerKey, expect.now, { revokedIndex: expect.status_idx })
    .verify(presentation, { keyBindingNonce: expect.nonce, currentDate: expect.now })
    .then(() => fail('revoked credential accepted'), () => check(true, 'revoked status refused'));
}

async function issueTheirs() {
  const issuer = crypto.generateKeyPairSync('ed25519');
  const holder = crypto.generateKeyPairSync('ed25519');
  const holderJwk = holder.publicKey.export({ format: 'jwk' });
  const now = Math.floor(Date.now() / 1000);
  const did = 'did:credchain:interop:node-issuer';
  const sdjwt = instance(issuer.publicKey, now, {
    signer: signerFor(issuer.privateKey),
    kbSigner: signerFor(holder.privateKey),
    kbSignAlg: 'EdDSA',
  });
  const claims = {
    iss: did, iat: now - 60, exp: now + 86400, vct: 'urn:credchain:credit-grade:1',
    cnf: { jwk: holderJwk },
    status: { status_list: { idx: 3, uri: 'credchain://interop/status-lists/node-issuer/1' } },
    uscc: '91512081MA62K0260E', name: 'Acme Trading', grade: 'B', region: 'NJ',
  };
  const issued = await sdjwt.issue(claims, { _sd: ['uscc', 'name', 'grade'] },
                                   { header: { kid: `${did}#k1` } });
  const nonce = crypto.randomBytes(12).toString('base64url');
  const aud = 'did:credchain:interop:bank';
  const presentation = await sdjwt.present(issued, { grade: true, uscc: true },
                                           { kb: { payload: { iat: now, aud, nonce } } });
  write('theirs_issued.txt', issued);
  write('theirs_presentation.txt', presentation);
  write('theirs_issuer_jwk.json', JSON.stringify(issuer.publicKey.export({ format: 'jwk' })));
  write('theirs_expect.json', JSON.stringify({
    nonce, aud, now, did, key_id: 'k1', status_uri: claims.status.status_list.uri,
    status_idx: 3, disclosed: { grade: 'B', uscc: '91512081MA62K0260E', region: 'NJ' },
    hidden: ['name'] }));
  // Sanity: the library accepts its own presentation.
  await sdjwt.verify(presentation, { keyBindingNonce: nonce, currentDate: now });
  check(true, 'library issued and presented an EdDSA SD-JWT VC for credchain');
}

const commands = { 'verify-ours': verifyOurs, 'issue-theirs': issueTheirs };
if (!commands[command] || !dir) fail(`usage: ${Object.keys(commands).join('|')} DIR`);
commands[command]().catch((e) => fail(e?.stack ?? String(e)));
