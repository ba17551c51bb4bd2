// The GB 45438 carrier matrix: every carrier of ../shared/REFERENCE.md §2 × {Label 1, 2, 3, wrapped form, broken
// JSON, two disagreeing copies, none}, written with real third-party writers (ExifTool with the TC260 config,
// ffmpeg with -movflags use_metadata_tags, opusenc --comment, webpmux, zip) and, where no tool writes a carrier
// (AVI/WAV chunks, ID3v2.2 and compressed/unsynchronised ID3 frames, OOXML custom properties, Markdown front
// matter, the PDF base), by the small writers below.
//
// ensureLabelMatrix() writes it once under build/test-matrix/<key> (key: this file, the ExifTool config and the
// tool versions) and returns {dir, cases}; the parity test and the benchmark share it.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
export const TC260_CONFIG = path.join(here, 'tc260.exiftool.config');

const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });

const PRODUCER = '001191110102MACQD9K64010000';
const label = (l) =>
  JSON.stringify({
    Label: l, ContentProducer: PRODUCER, ProduceID: 'dsmark-matrix-0001', ReservedCode1: '',
    ContentPropagator: '', PropagateID: '', ReservedCode2: '',
  });
export const LABEL_1 = label('1');
const LABEL_2 = label('2');
const wrap = (json) => `{"AIGC":${json}}`;

// Cases: the label text for a carrier whose key names AIGC ("key") and for one found by content ("content":
// EXIF UserComment/ImageDescription, comments), and what the report must say.
export const CASES = {
  label1: { key: LABEL_1, content: wrap(LABEL_1), verdict: 'ai' },
  label2: { key: LABEL_2, content: wrap(LABEL_2), verdict: 'possibly-ai' },
  label3: { key: label('3'), content: wrap(label('3')), verdict: 'suspected-ai' },
  wrapped: { key: wrap(LABEL_1), content: wrap(LABEL_1), verdict: 'ai' },
  broken: { key: '{Label:1, ContentProducer:x', content: '{"AIGC":{Label:1, ContentProducer:x', verdict: 'none', problem: /not valid JSON/ },
  disagree: { key: LABEL_1, content: wrap(LABEL_1), second: LABEL_2, verdict: 'ai', problem: /disagrees with the one in/ },
  none: { key: null, content: null, verdict: 'none' },
};

// ---------------------------------------------------------------------------------------------------------------
// Small writers for carriers no installed tool writes.

function u32le(n) { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; }
function u32be(n) { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; }
function syncsafe(n) { return Buffer.from([(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f]); }

function riffChunk(id, data) {
  const body = Buffer.from(data);
  return Buffer.concat([Buffer.from(id, 'latin1'), u32le(body.length), body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}
// Appends top-level chunks to a RIFF file and fixes its size.
function riffAppend(file, chunks) {
  const buf = fs.readFileSync(file);
  const out = Buffer.concat([buf, ...chunks]);
  out.writeUInt32LE(out.length - 8, 4);
  fs.writeFileSync(file, out);
}
const infoList = (entries) => riffChunk('LIST', Buffer.concat([Buffer.from('INFO'), ...entries.map(([id, text]) => riffChunk(id, Buffer.from(`${text}\0`)))]));

// ID3v2: unsynchronisation inserts 00 after every FF followed by a byte >= E0 or by 00 (or at the end).
function unsync(buf) {
  const out = [];
  for (let i = 0; i < buf.length; i++) {
    out.push(buf[i]);
    if (buf[i] === 0xff && (i + 1 === buf.length || buf[i + 1] >= 0xe0 || buf[i + 1] === 0)) out.push(0);
  }
  return Buffer.from(out);
}
const utf16bom = (s) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
// TXXX/TXX body in UTF-16 with BOM (its FF FE bytes make unsynchronisation do something).
const txxxBody = (desc, value) => Buffer.concat([Buffer.from([1]), utf16bom(desc), Buffer.alloc(2), utf16bom(value)]);
const commBody = (text) => Buffer.concat([Buffer.from([3]), Buffer.from('eng'), Buffer.alloc(1), Buffer.from(text, 'utf8')]);

// version 2: TXX/COM frames. version 3: TXXX zlib-compressed, whole tag unsynchronised. version 4: extended
// header, TXXX compressed + unsynchronised + data length indicator.
function id3Tag(version, value, second) {
  const frames = [];
  if (version === 2) {
    const f22 = (id, body) => Buffer.concat([Buffer.from(id), Buffer.from([body.length >> 16, (body.length >> 8) & 255, body.length & 255]), body]);
    if (value !== null) frames.push(f22('TXX', txxxBody('AIGC', value)));
    if (second !== null) frames.push(f22('COM', commBody(wrap(second))));
    frames.push(f22('TT2', Buffer.from([0, ...Buffer.from('dsmark matrix')])));
    const body = Buffer.concat(frames);
    return Buffer.concat([Buffer.from('ID3'), Buffer.from([2, 0, 0]), syncsafe(body.length), body]);
  }
  if (version === 3) {
    const f23 = (id, body, compress) => {
      const data = compress ? Buffer.concat([u32be(body.length), zlib.deflateSync(body)]) : body;
      return Buffer.concat([Buffer.from(id), u32be(data.length), Buffer.from([0, compress ? 0x80 : 0]), data]);
    };
    if (value !== null) frames.push(f23('TXXX', txxxBody('AIGC', value), true));
    if (second !== null) frames.push(f23('COMM', commBody(wrap(second)), false));
    frames.push(f23('TIT2', Buffer.from([1, ...utf16bom('dsmark matrix')]), false));
    const ext = Buffer.concat([u32be(6), Buffer.alloc(2), u32be(0)]);  // extended header, no CRC, no padding
    const body = unsync(Buffer.concat([ext, ...frames]));
    return Buffer.concat([Buffer.from('ID3'), Buffer.from([3, 0, 0x80 | 0x40]), syncsafe(body.length), body]);
  }
  const f24 = (id, body, fancy) => {
    const data = fancy ? Buffer.concat([syncsafe(body.length), unsync(zlib.deflateSync(body))]) : body;
    return Buffer.concat([Buffer.from(id), syncsafe(data.length), Buffer.from([0, fancy ? 0x08 | 0x02 | 0x01 : 0]), data]);
  };
  if (value !== null) frames.push(f24('TXXX', txxxBody('AIGC', value), true));
  if (second !== null) frames.push(f24('COMM', commBody(wrap(second)), false));
  frames.push(f24('TIT2', Buffer.from([3, ...Buffer.from('dsmark matrix')]), false));
  const ext = Buffer.concat([syncsafe(6), Buffer.from([1, 0])]);
  const body = Buffer.concat([ext, ...frames, Buffer.alloc(32)]);  // with padding
  return Buffer.concat([Buffer.from('ID3'), Buffer.from([4, 0, 0x40]), syncsafe(body.length), body]);
}

// A one-page PDF with a document information dictionary (ExifTool then adds labels as incremental updates).
function writePdf(file) {
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>', '<< /Producer (dsmark test writer) >>'];
  let out = '%PDF-1.4\n';
  const offs = [];
  objs.forEach((o, i) => { offs.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offs.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  fs.writeFileSync(file, out, 'latin1');
}

const xmlEscape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// A minimal Office Open XML document (docx, xlsx or pptx) with docProps/custom.xml, packed by Info-ZIP.
function writeOoxml(file, kind, props) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsmark-ooxml-'));
  const put = (name, text) => { fs.mkdirSync(path.dirname(path.join(tmp, name)), { recursive: true }); fs.writeFileSync(path.join(tmp, name), text); };
  const main = { docx: ['word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>dsmark</w:t></w:r></w:p></w:body></w:document>'],
  xlsx: ['xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>'],
  pptx: ['ppt/presentation.xml', 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
    '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>'] }[kind];
  put('[Content_Types].xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/${main[0]}" ContentType="${main[1]}"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`);
  put('_rels/.rels', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${main[0]}"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`);
  put(main[0], `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${main[2]}`);
  put('docProps/app.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>dsmark test writer</Application></Properties>');
  const entries = props.map(([name, value], i) => `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="${i + 2}" name="${xmlEscape(name)}"><vt:lpwstr>${xmlEscape(value)}</vt:lpwstr></property>`).join('');
  put('docProps/custom.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">${entries}</Properties>`);
  const abs = path.resolve(file);
  run('zip', ['-q', '-X', '-r', abs, '[Content_Types].xml', '_rels', 'docProps', main[0].split('/')[0]], { cwd: tmp });
  fs.rmSync(tmp, { recursive: true, force: true });
}

// Markdown with YAML front matter: a block mapping (the form seen in real files) or an inline value.
function writeMarkdown(file, value, second, inline) {
  const block = (key, json) => `${key}:\n${Object.entries(JSON.parse(json)).map(([k, v]) => `    ${k}: "${v}"`).join('\n')}\n`;
  let fm = 'title: dsmark matrix\n';
  if (value !== null) fm += inline ? `AIGC: ${value}\n` : block('AIGC', value);
  if (second !== null) fm += block('AIGC_copy', second);
  fs.writeFileSync(file, `---\n${fm}---\n\n# A note\n\nPlain text written for the dsmark test matrix.\n`);
}

// ---------------------------------------------------------------------------------------------------------------
// Carriers: expected carrier name, file extension, format, and how to write a value (null: none) and a second
// label (null: none) into it.

function carriers(base, work) {
  const exif = (dst, src, args) => {
    if (args.length === 0) return fs.copyFileSync(src, dst);
    run('exiftool', ['-config', TC260_CONFIG, '-q', '-q', ...args, '-o', dst, src]);
  };
  const tmpName = (() => { let n = 0; return (ext) => path.join(work, `tmp-${n++}.${ext}`); })();
  const xmpArg = (v) => `-XMP-TC260:AIGC=${v}`;
  const ff = (dst, src, args) => run('ffmpeg', ['-loglevel', 'error', '-y', '-i', src, '-map_metadata', '-1', ...args, dst]);
  const meta = (pairs) => pairs.filter(([, v]) => v !== null).flatMap(([k, v]) => ['-metadata', `${k}=${v}`]);
  // WebP: ExifTool cannot write RIFF files, so its XMP/EXIF go in with webpmux.
  const webp = (dst, xmp, userComment) => {
    let cur = base.webp;
    if (xmp !== null) {
      const png = tmpName('png'); const x = tmpName('xmp'); const out = tmpName('webp');
      exif(png, base.png, [xmpArg(xmp)]);
      fs.writeFileSync(x, run('exiftool', ['-b', '-XMP', png]));
      run('webpmux', ['-set', 'xmp', x, cur, '-o', out]);
      cur = out;
    }
    if (userComment !== null) {
      const jpg = tmpName('jpg'); const e = tmpName('exif'); const out = tmpName('webp');
      exif(jpg, base.jpg, [`-UserComment=${userComment}`]);
      fs.writeFileSync(e, run('exiftool', ['-b', '-EXIF', jpg]));
      run('webpmux', ['-set', 'exif', e, cur, '-o', out]);
      cur = out;
    }
    fs.copyFileSync(cur, dst);
  };
  return [
    { id: 'jpeg-xmp', ext: 'jpg', format: 'jpeg', carrier: 'jpeg:APP1:xmp/TC260:AIGC',
      write: (dst, v, s) => exif(dst, base.jpg, [...(v !== null ? [xmpArg(v)] : []), ...(s !== null ? [`-UserComment=${wrap(s)}`] : [])]) },
    { id: 'jpeg-usercomment', ext: 'jpg', format: 'jpeg', content: true, carrier: 'jpeg:APP1:exif/ExifIFD:UserComment',
      write: (dst, v, s) => exif(dst, base.jpg, [...(v !== null ? [`-UserComment=${v}`] : []), ...(s !== null ? [xmpArg(s)] : [])]) },
    { id: 'png-xmp', ext: 'png', format: 'png', carrier: 'png:iTXt:XML:com.adobe.xmp/TC260:AIGC',
      write: (dst, v, s) => exif(dst, base.png, [...(v !== null ? [xmpArg(v)] : []), ...(s !== null ? [`-PNG:AIGC=${s}`] : [])]) },
    { id: 'png-text', ext: 'png', format: 'png', carrier: 'png:tEXt:AIGC',
      write: (dst, v, s) => exif(dst, base.png, [...(v !== null ? [`-PNG:AIGC=${v}`] : []), ...(s !== null ? [xmpArg(s)] : [])]) },
    { id: 'png-exif', ext: 'png', format: 'png', content: true, carrier: 'png:eXIf/ExifIFD:UserComment',
      write: (dst, v, s) => exif(dst, base.png, [...(v !== null ? [`-UserComment=${v}`] : []), ...(s !== null ? [xmpArg(s)] : [])]) },
    { id: 'webp-xmp', ext: 'webp', format: 'webp', carrier: 'webp:XMP/TC260:AIGC',
      write: (dst, v, s) => webp(dst, v, s !== null ? wrap(s) : null) },
    { id: 'webp-exif', ext: 'webp', format: 'webp', content: true, carrier: 'webp:EXIF/ExifIFD:UserComment',
      write: (dst, v, s) => webp(dst, s, v) },
    { id: 'gif-xmp', ext: 'gif', format: 'gif', carrier: 'gif:XMP DataXMP/TC260:AIGC',
      write: (dst, v, s) => exif(dst, base.gif, [...(v !== null ? [xmpArg(v)] : []), ...(s !== null ? [`-Comment=${wrap(s)}`] : [])]) },
    { id: 'tiff-xmp', ext: 'tif', format: 'tiff', carrier: 'tiff:IFD0:XMP/TC260:AIGC',
      write: (dst, v, s) => exif(dst, base.tif, [...(v !== null ? [xmpArg(v)] : []), ...(s !== null ? [`-ImageDescription=${wrap(s)}`] : [])]) },
    { id: 'tiff-description', ext: 'tif', format: 'tiff', content: true, carrier: 'tiff:IFD0:ImageDescription',
      write: (dst, v, s) => exif(dst, base.tif, [...(v !== null ? [`-ImageDescription=${v}`] : []), ...(s !== null ? [xmpArg(s)] : [])]) },
    { id: 'avif-xmp', ext: 'avif', format: 'avif', carrier: 'avif:meta/item:xmp/TC260:AIGC',
      write: (dst, v, s) => exif(dst, base.avif, [...(v !== null ? [xmpArg(v)] : []), ...(s !== null ? [`-ImageDescription=${wrap(s)}`] : [])]) },
    // ffmpeg without +faststart writes moov after mdat.
    { id: 'mp4-keys', ext: 'mp4', format: 'mp4', carrier: 'mp4:moov/udta/meta/keys:AIGC',
      write: (dst, v, s) => {
        const out = s !== null ? tmpName('mp4') : dst;
        ff(out, base.mp4, ['-c', 'copy', ...meta([['AIGC', v]]), '-movflags', 'use_metadata_tags']);
        if (s !== null) exif(dst, out, [xmpArg(s)]);
      } },
    { id: 'mp4-keys-faststart', ext: 'mp4', format: 'mp4', carrier: 'mp4:moov/udta/meta/keys:AIGC',
      write: (dst, v, s) => ff(dst, base.mp4, ['-c', 'copy', ...meta([['AIGC', v], ['comment', s !== null ? wrap(s) : null]]), '-movflags', 'use_metadata_tags+faststart']) },
    { id: 'mp4-xmp', ext: 'mp4', format: 'mp4', carrier: 'mp4:uuid:xmp/TC260:AIGC',
      write: (dst, v, s) => {
        const src = s !== null ? tmpName('mp4') : base.mp4;
        if (s !== null) ff(src, base.mp4, ['-c', 'copy', ...meta([['AIGC', s]]), '-movflags', 'use_metadata_tags']);
        exif(dst, src, v !== null ? [xmpArg(v)] : []);
      } },
    { id: 'mov-keys', ext: 'mov', format: 'mov', carrier: 'mov:moov/udta/meta/keys:AIGC',
      write: (dst, v, s) => ff(dst, base.mov, ['-c', 'copy', '-f', 'mov', ...meta([['AIGC', v], ['comment', s !== null ? wrap(s) : null]]), '-movflags', 'use_metadata_tags']) },
    { id: 'mov-quicktime-keys', ext: 'mov', format: 'mov', carrier: 'mov:moov/meta/keys:com.apple.quicktime.AIGC',
      write: (dst, v, s) => exif(dst, base.mov, [...(v !== null ? [`-Keys:AIGC=${v}`] : []), ...(s !== null ? [xmpArg(s)] : [])]) },
    { id: 'mov-xmp', ext: 'mov', format: 'mov', carrier: 'mov:moov/udta/XMP_/TC260:AIGC',
      write: (dst, v, s) => exif(dst, base.mov, [...(v !== null ? [xmpArg(v)] : []), ...(s !== null ? [`-Keys:AIGC=${s}`] : [])]) },
    { id: 'm4a-keys', ext: 'm4a', format: 'm4a', carrier: 'm4a:moov/udta/meta/keys:AIGC',
      write: (dst, v, s) => ff(dst, base.m4a, ['-c', 'copy', ...meta([['AIGC', v], ['comment', s !== null ? wrap(s) : null]]), '-movflags', 'use_metadata_tags']) },
    { id: 'webm-simpletag', ext: 'webm', format: 'webm', carrier: 'webm:Segment/Tags/Tag/SimpleTag:AIGC',
      write: (dst, v, s) => ff(dst, base.webm, ['-c', 'copy', ...meta([['AIGC', v]]), ...(s !== null ? ['-metadata:s:v:0', `AIGC=${s}`] : [])]) },
    { id: 'mkv-simpletag', ext: 'mkv', format: 'mkv', carrier: 'mkv:Segment/Tags/Tag/SimpleTag:AIGC',
      write: (dst, v, s) => ff(dst, base.mkv, ['-c', 'copy', ...meta([['AIGC', v]]), ...(s !== null ? ['-metadata:s:v:0', `AIGC=${s}`] : [])]) },
    { id: 'avi-info', ext: 'avi', format: 'avi', carrier: 'avi:LIST-INFO:AIGC',
      write: (dst, v, s) => {
        fs.copyFileSync(base.avi, dst);
        const entries = [...(v !== null ? [['AIGC', v]] : []), ...(s !== null ? [['ICMT', wrap(s)]] : [])];
        if (entries.length) riffAppend(dst, [infoList(entries)]);
      } },
    { id: 'flv-onmetadata', ext: 'flv', format: 'flv', carrier: 'flv:onMetaData:AIGC',
      write: (dst, v, s) => ff(dst, base.flv, ['-c', 'copy', ...meta([['AIGC', v], ['AIGC_copy', s]])]) },
    { id: 'wav-chunk', ext: 'wav', format: 'wav', carrier: 'wav:AIGC',
      write: (dst, v, s) => {
        fs.copyFileSync(base.wav, dst);
        riffAppend(dst, [...(v !== null ? [riffChunk('AIGC', Buffer.from(v))] : []), ...(s !== null ? [infoList([['ICMT', wrap(s)]])] : [])]);
      } },
    { id: 'mp3-id3v24', ext: 'mp3', format: 'mp3', carrier: 'mp3:ID3v2.4:TXXX:AIGC',
      write: (dst, v, s) => ff(dst, base.mp3, ['-c', 'copy', '-id3v2_version', '4', ...meta([['AIGC', v], ['comment', s !== null ? wrap(s) : null]])]) },
    { id: 'mp3-id3v23', ext: 'mp3', format: 'mp3', carrier: 'mp3:ID3v2.3:TXXX:AIGC',
      write: (dst, v, s) => ff(dst, base.mp3, ['-c', 'copy', '-id3v2_version', '3', ...meta([['AIGC', v], ['comment', s !== null ? wrap(s) : null]])]) },
    { id: 'mp3-id3v22', ext: 'mp3', format: 'mp3', carrier: 'mp3:ID3v2.2:TXX:AIGC',
      write: (dst, v, s) => fs.writeFileSync(dst, Buffer.concat([id3Tag(2, v, s), fs.readFileSync(base.mp3)])) },
    { id: 'mp3-id3v23-zlib-unsync', ext: 'mp3', format: 'mp3', carrier: 'mp3:ID3v2.3:TXXX:AIGC',
      write: (dst, v, s) => fs.writeFileSync(dst, Buffer.concat([id3Tag(3, v, s), fs.readFileSync(base.mp3)])) },
    { id: 'mp3-id3v24-ext-zlib-unsync', ext: 'mp3', format: 'mp3', carrier: 'mp3:ID3v2.4:TXXX:AIGC',
      write: (dst, v, s) => fs.writeFileSync(dst, Buffer.concat([id3Tag(4, v, s), fs.readFileSync(base.mp3)])) },
    { id: 'flac-vorbiscomment', ext: 'flac', format: 'flac', carrier: 'flac:VORBIS_COMMENT:AIGC',
      write: (dst, v, s) => ff(dst, base.wav, ['-c:a', 'flac', ...meta([['AIGC', v], ['comment', s !== null ? wrap(s) : null]])]) },
    { id: 'ogg-vorbiscomment', ext: 'ogg', format: 'ogg', carrier: 'ogg:VorbisComment:AIGC',
      write: (dst, v, s) => ff(dst, base.wav, ['-c:a', 'libvorbis', ...meta([['AIGC', v], ['comment', s !== null ? wrap(s) : null]])]) },
    { id: 'opus-opustags', ext: 'opus', format: 'opus', carrier: 'opus:OpusTags:AIGC',
      write: (dst, v, s) => run('opusenc', ['--quiet', ...(v !== null ? ['--comment', `AIGC=${v}`] : []), ...(s !== null ? ['--comment', `AIGC=${s}`] : []), base.wav, dst]) },
    { id: 'pdf-info', ext: 'pdf', format: 'pdf', carrier: 'pdf:Info:AIGC',
      write: (dst, v, s) => exif(dst, base.pdf, [...(v !== null ? [`-PDF:AIGC=${v}`] : []), ...(s !== null ? [xmpArg(s)] : [])]) },
    { id: 'pdf-xmp', ext: 'pdf', format: 'pdf', carrier: 'pdf:Metadata/TC260:AIGC',
      write: (dst, v, s) => exif(dst, base.pdf, [...(v !== null ? [xmpArg(v)] : []), ...(s !== null ? [`-PDF:AIGC=${s}`] : [])]) },
    ...['docx', 'xlsx', 'pptx'].map((kind) => ({
      id: `${kind}-custom`, ext: kind, format: kind, carrier: `${kind}:docProps/custom.xml:AIGC`,
      write: (dst, v, s) => writeOoxml(dst, kind, [...(v !== null ? [['AIGC', v]] : []), ...(s !== null ? [['AIGC-copy', s]] : [])]),
    })),
    { id: 'markdown-frontmatter', ext: 'md', format: 'markdown', carrier: 'markdown:front-matter:AIGC',
      write: (dst, v, s, name) => writeMarkdown(dst, v, s, name === 'wrapped' || name === 'broken') },
  ];
}

function writeBases(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const b = (name) => path.join(dir, name);
  const ffq = (args) => run('ffmpeg', ['-loglevel', 'error', '-y', ...args]);
  const video = ['-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=5:duration=0.4'];
  const audio = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=16000:duration=0.3'];
  const bare = ['-map_metadata', '-1', '-fflags', '+bitexact'];
  ffq(['-f', 'lavfi', '-i', 'testsrc=size=96x64', '-frames:v', '1', b('base.png')]);
  ffq(['-i', b('base.png'), b('base.jpg')]);
  run('cwebp', ['-quiet', b('base.png'), '-o', b('base.webp')]);
  ffq(['-i', b('base.png'), b('base.gif')]);
  ffq(['-i', b('base.png'), b('base.tif')]);
  ffq(['-i', b('base.png'), '-c:v', 'libaom-av1', '-still-picture', '1', '-cpu-used', '8', b('base.avif')]);
  ffq([...video, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', ...bare, b('base.mp4')]);
  ffq(['-i', b('base.mp4'), '-c', 'copy', '-f', 'mov', ...bare, b('base.mov')]);
  ffq([...video, '-c:v', 'libvpx', '-deadline', 'realtime', ...bare, b('base.webm')]);
  ffq(['-i', b('base.mp4'), '-c', 'copy', ...bare, b('base.mkv')]);
  ffq([...video, '-c:v', 'mpeg4', ...bare, b('base.avi')]);
  ffq([...video, '-c:v', 'flv', ...bare, b('base.flv')]);
  ffq([...audio, ...bare, b('base.wav')]);
  ffq([...audio, '-c:a', 'aac', ...bare, b('base.m4a')]);
  ffq([...audio, '-c:a', 'libmp3lame', '-id3v2_version', '0', '-write_xing', '0', ...bare, b('base.mp3')]);
  writePdf(b('base.pdf'));
  return { png: b('base.png'), jpg: b('base.jpg'), webp: b('base.webp'), gif: b('base.gif'), tif: b('base.tif'),
    avif: b('base.avif'), mp4: b('base.mp4'), mov: b('base.mov'), webm: b('base.webm'), mkv: b('base.mkv'),
    avi: b('base.avi'), flv: b('base.flv'), wav: b('base.wav'), m4a: b('base.m4a'), mp3: b('base.mp3'), pdf: b('base.pdf') };
}

// Writes the whole matrix into `dir`/files; returns [{file, carrier, format, case, verdict, problem, carrierId}].
export function writeCarrierMatrix(dir) {
  const work = path.join(dir, 'work');
  const files = path.join(dir, 'files');
  fs.mkdirSync(files, { recursive: true });
  fs.mkdirSync(work, { recursive: true });
  const base = writeBases(path.join(dir, 'base'));
  const out = [];
  for (const c of carriers(base, work)) {
    for (const [name, k] of Object.entries(CASES)) {
      const file = path.join(files, `${c.id}.${name}.${c.ext}`);
      const value = c.content ? k.content : k.key;
      c.write(file, value, k.second ?? null, name);
      out.push({ file, carrierId: c.id, carrier: c.carrier, format: c.format, case: name, verdict: k.verdict,
        problem: k.problem ? k.problem.source : null });
    }
  }
  fs.rmSync(work, { recursive: true, force: true });
  return out;
}

function toolVersions() {
  const first = (cmd, args) => { try { return run(cmd, args).toString().split('\n')[0]; } catch { return `${cmd}: missing`; } };
  return [first('ffmpeg', ['-version']), first('exiftool', ['-ver']), first('opusenc', ['--version']),
    first('cwebp', ['-version']), first('webpmux', ['-version']), first('zip', ['-v'])].join('\n');
}

// The matrix under build/test-matrix/<key>, written when missing. `cases[].file` are absolute paths.
export function ensureLabelMatrix() {
  const hash = crypto.createHash('sha256');
  hash.update(fs.readFileSync(fileURLToPath(import.meta.url)));
  hash.update(fs.readFileSync(TC260_CONFIG));
  hash.update(toolVersions());
  const key = hash.digest('hex').slice(0, 16);
  const dir = path.join(repoRoot, 'build', 'test-matrix', key);
  const stamp = path.join(dir, 'cases.json');
  if (fs.existsSync(stamp)) return { dir: path.join(dir, 'files'), cases: JSON.parse(fs.readFileSync(stamp, 'utf8')) };
  fs.rmSync(dir, { recursive: true, force: true });
  const cases = writeCarrierMatrix(dir);
  fs.writeFileSync(stamp, JSON.stringify(cases));
  return { dir: path.join(dir, 'files'), cases };
}
