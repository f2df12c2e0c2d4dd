// Your own data in the share link. A small CSV file travels in the URL's fragment as
// `#data=` + base64url (RFC 4648 §5, no padding) of the file's bytes compressed with raw
// DEFLATE (RFC 1951, the browser's CompressionStream 'deflate-raw'). The fragment never
// reaches a server, and the file's own bytes round-trip exactly, so the reader trains on the
// same numbers. A file that compresses to more than LINK_LIMIT bytes stays on the machine
// that loaded it.

/** The most compressed bytes a link carries (about 2.7 KB of base64url). */
export const LINK_LIMIT = 2048;

/** The fragment key that holds the data. */
const KEY = 'data';

/** `bytes` compressed and base64url-encoded, and the compressed size. */
export async function encodeData(bytes) {
  const compressed = await transform(bytes, new CompressionStream('deflate-raw'));
  return { text: toBase64Url(compressed), compressedBytes: compressed.length };
}

/** The bytes of an `encodeData` text; throws when the text is not one. */
export async function decodeData(text) {
  return transform(fromBase64Url(text), new DecompressionStream('deflate-raw'));
}

/** The encoded data of a location hash (`#data=…`), or null. */
export function hashData(hash) {
  return new URLSearchParams(hash.replace(/^#/, '')).get(KEY);
}

/** `hash` with its data set to `text` (null: removed); other fragment keys are kept. */
export function withHashData(hash, text) {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  if (text === null) params.delete(KEY);
  else params.set(KEY, text);
  const out = params.toString();
  return out ? `#${out}` : '';
}

async function transform(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

function toBase64Url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("the link's data is not base64url");
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
