// Small PNG pictures for the widget's example page, written here without outside tools: a drawn landscape, with or
// without a GB 45438 implicit label (an XMP packet with TC260:AIGC in an iTXt chunk, as Doubao writes it).
import zlib from 'node:zlib';

import { crc32 } from './zip.mjs';

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function labelXmp(json) {
  const attr = json.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:TC260="http://www.tc260.org.cn/ns/AIGC/1.0/" TC260:AIGC="${attr}"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
}

/** A width×height RGB picture (hue shifts the palette); `label` (GB 45438 JSON text) adds the implicit label. */
export function samplePng(width, height, { hue = 0, label = null } = {}) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  const sun = { x: width * 0.68, y: height * 0.38, r: Math.min(width, height) * 0.16 };
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x++) {
      const t = y / height;
      let rgb = [40 + 120 * t, 90 + 90 * t, 200 - 60 * t]; // sky
      const ridge = height * (0.62 + 0.08 * Math.sin(x / width * 7 + hue));
      if (y > ridge) rgb = [30 + 40 * t, 110 + 40 * Math.sin(x / 23), 60]; // hills
      if (Math.hypot(x - sun.x, y - sun.y) < sun.r && y <= ridge) rgb = [255, 190, 70];
      const shift = (c, i) => Math.max(0, Math.min(255, Math.round(c + 40 * Math.sin(hue + i * 2.1))));
      for (let i = 0; i < 3; i++) raw[row + 1 + x * 3 + i] = shift(rgb[i], i);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  if (label) {
    const itxt = Buffer.concat([Buffer.from('XML:com.adobe.xmp\0\0\0\0\0', 'latin1'), Buffer.from(labelXmp(label), 'utf8')]);
    parts.push(chunk('iTXt', itxt));
  }
  parts.push(chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}
