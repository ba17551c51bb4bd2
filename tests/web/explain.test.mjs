// Unit tests of the page's strings and of the plain-language layer (web/i18n.js, web/explain.js), under Node.
// Reports for schemes this branch's core cannot produce yet come from tests/web/data/sample-reports.mjs, which is
// labelled TEST DATA (hand-written, not dsmark output).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { repoRoot } from '../../scripts/lib/wasm-node.mjs';
import { describeReport, field, formatBytes, formatProbability, formatTime, valueTree } from '../../web/explain.js';
import { LANGUAGES, STRINGS, pickLanguage, translator } from '../../web/i18n.js';
import { SAMPLE_REPORTS } from './data/sample-reports.mjs';

const CJK = /[\u4e00-\u9fff]/;
const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('both languages have the same keys, no empty string, the same {placeholders}', () => {
  const zh = STRINGS['zh-CN'];
  const en = STRINGS.en;
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  for (const key of Object.keys(zh)) {
    assert.ok(zh[key].trim(), `zh-CN ${key} is empty`);
    assert.ok(en[key].trim(), `en ${key} is empty`);
    assert.deepEqual(placeholders(zh[key]), placeholders(en[key]), `placeholders differ for ${key}`);
  }
  // Chinese strings are Chinese (apart from proper names and the language switch, which names English).
  const latinOnly = Object.entries(zh).filter(([k, v]) => !CJK.test(v) && !/^(lang\.switch|url\.placeholder|meta\.|who\.withCode|announce\.done)/.test(k));
  assert.deepEqual(latinOnly, []);
});

test('every string key the page code uses exists', () => {
  const used = new Set();
  for (const file of ['app.js', 'result-view.js', 'explain.js', 'checker.js', 'index.html']) {
    const src = fs.readFileSync(path.join(repoRoot, 'web', file), 'utf8');
    for (const m of src.matchAll(/(?:\bt\(|key: |data-i18n(?:-[a-z-]+)?=)['"`]([a-zA-Z][\w.-]*[\w])['"`]/g)) used.add(m[1]);
  }
  assert.ok(used.size > 40, `found only ${used.size} keys: the scan is broken`);
  for (const k of used) assert.ok(k in STRINGS.en, `missing string ${k}`);
});

test('the language comes from the saved choice, then the browser, and defaults to 简体中文', () => {
  assert.equal(pickLanguage(null, ['zh-CN', 'en']), 'zh-CN');
  assert.equal(pickLanguage(null, ['zh-TW']), 'zh-CN');
  assert.equal(pickLanguage(null, ['en-GB', 'zh-CN']), 'en');
  assert.equal(pickLanguage(null, ['fr-FR']), 'zh-CN');
  assert.equal(pickLanguage(null, undefined), 'zh-CN');
  assert.equal(pickLanguage('en', ['zh-CN']), 'en');
  assert.equal(pickLanguage('xx', ['en-US']), 'en');
  assert.deepEqual(LANGUAGES, ['zh-CN', 'en']);
  const t = translator('en');
  assert.equal(t('url.http', { status: 404 }), STRINGS.en['url.http'].replace('{status}', '404'));
  assert.equal(t('no.such.key'), 'no.such.key');
});

test('numbers in plain form: sizes, probabilities, times', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1536), '1.5 KB');
  assert.equal(formatBytes(1415793), '1.35 MB');
  assert.equal(formatBytes(20 * 1024 * 1024), '20 MB');
  assert.equal(formatBytes(3 * 1024 ** 3), '3 GB');
  assert.equal(formatProbability(0.0123), '0.012');
  assert.equal(formatProbability(3.1e-12), '3.1×10⁻¹²');
  assert.equal(formatProbability(1e-9), '10⁻⁹');
  assert.equal(formatProbability(0), '< 10⁻³⁰⁰');
  assert.equal(formatTime(1.25), '0:01.3');
  assert.equal(formatTime(62.5), '1:02.5');
  assert.equal(formatTime(3725), '1:02:05.0');
});

test('fields are found under any common spelling and by dotted path', () => {
  const f = { claimGenerator: 'X', signer: { CN: 'Y' }, Empty: '' };
  assert.equal(field(f, 'claim_generator'), 'X');
  assert.equal(field(f, 'signer.cn'), 'Y');
  assert.equal(field(f, 'empty', 'missing'), undefined);
  assert.equal(field(null, 'a'), undefined);
});

test('every sample report is described in both languages without raw keys', () => {
  const keys = Object.keys(STRINGS.en).filter((k) => k.includes('.'));
  for (const [name, report] of Object.entries(SAMPLE_REPORTS)) {
    for (const lang of LANGUAGES) {
      const d = describeReport(report, lang, { size: 12345 });
      const text = JSON.stringify(d);
      for (const k of keys) assert.ok(!text.includes(`"${k}"`) && !text.includes(` ${k} `), `${name}/${lang}: raw key ${k}`);
      assert.equal(d.verdict, report.verdict);
      assert.equal(d.marks.length, report.marks.length);
      if (lang === 'zh-CN') assert.match(d.title + d.marks.map((m) => m.says).join(''), CJK, `${name}: not Chinese`);
    }
  }
});

test('scheme-specific wording: who, what, intact and signed', () => {
  const en = (r) => describeReport(r, 'en');
  const zh = (r) => describeReport(r, 'zh-CN');

  const jimeng = en(SAMPLE_REPORTS.gb45438Decoded).marks[0];
  assert.match(jimeng.who[0], /Jimeng.*code 00119144030008867405X210001/);
  assert.match(jimeng.who[1], /Platform that distributed/);
  assert.ok(jimeng.facts.some((f) => /SM3withSM2/.test(f)));
  assert.match(jimeng.integrity.text, /could not be checked/);
  assert.equal(en(SAMPLE_REPORTS.gb45438Decoded).by, 'Label from: Jimeng.');
  assert.equal(zh(SAMPLE_REPORTS.gb45438Decoded).by, '标识来自：即梦。');
  const signed = en(SAMPLE_REPORTS.gb45438Signed).marks[0];
  assert.equal(signed.integrity.level, 'good');
  assert.match(signed.integrity.text, /not changed after signing.*does not prove who signed/);
  const tampered = zh(SAMPLE_REPORTS.gb45438Tampered).marks[0];
  assert.equal(tampered.integrity.level, 'bad');
  assert.ok(tampered.facts.includes(STRINGS['zh-CN']['fact.providerUnknown']), 'a well-formed code with no known name says so');

  const problems = en(SAMPLE_REPORTS.gb45438Problems);
  assert.equal(problems.marks[0].claim, 'ai', 'the strongest claim is shown first');
  assert.equal(problems.marks[1].problems.length, 2);
  assert.equal(problems.by, undefined, 'a mark claiming a weaker verdict does not name the labeller');

  const chatgpt = en(SAMPLE_REPORTS.c2paUntrusted).marks[0];
  assert.match(chatgpt.who.join(' '), /ChatGPT.*OpenAI Media Service.*Truepic/);
  assert.ok(chatgpt.facts.includes('Source type: generated by an AI model'));
  assert.equal(chatgpt.integrity.level, 'info');
  assert.match(chatgpt.integrity.text, /valid, but the signer is not on the C2PA trust list/);
  assert.match(zh(SAMPLE_REPORTS.c2paUntrusted).marks[0].integrity.text, /不在 C2PA 信任列表中/);

  const leica = en(SAMPLE_REPORTS.c2paTrustedCapture);
  assert.equal(leica.summary, STRINGS.en['summary.noneWithMarks']);
  assert.equal(leica.marks[0].integrity.level, 'good');
  assert.match(leica.marks[0].who.join(), /Leica Camera AG/);
  assert.match(leica.marks[0].says, /not generated by AI/);

  const xca = en(SAMPLE_REPORTS.c2paInvalid).marks[0];
  assert.equal(xca.integrity.level, 'bad');
  assert.ok(xca.facts.some((f) => /2 ingredient\(s\): A\.jpg、sunset\.jpg/.test(f)));
  assert.ok(xca.facts.includes('Source type: partly generated or edited by AI'));

  assert.match(en(SAMPLE_REPORTS.c2paRemote).marks[0].integrity.text, /online; dsmark does not fetch it/);
  assert.match(en(SAMPLE_REPORTS.iptc).marks[0].who[0], /Midjourney 6\.1/);
  assert.match(en(SAMPLE_REPORTS.generator).marks[0].who[0], /ComfyUI/);
  assert.match(zh(SAMPLE_REPORTS.generator).marks[0].integrity.text, /没有数字签名/);

  const sd = en(SAMPLE_REPORTS.sdWatermark).marks[0];
  assert.ok(sd.facts.includes('Model family of the watermark: SDXL'));
  assert.ok(sd.facts.some((f) => f.includes('3.1×10⁻¹²') && f.includes('practically impossible by chance')));
  assert.ok(sd.facts.includes('Detector confidence: > 99.9%.'), 'a confidence of 0.999999 is not shown as 100%');

  // The summary names what the verdict rests on: the first mark making the verdict's claim.
  assert.equal(zh(SAMPLE_REPORTS.audio).summary, '声音里的“AI”提示音（短长短短）表明：这是人工智能生成或合成的内容。');
  assert.match(en(SAMPLE_REPORTS.audio).summary, /^An audible "AI" signal in the sound .* says the content was generated/);
  assert.match(en(SAMPLE_REPORTS.sdWatermark).summary, /^A watermark hidden in the content says/);
  assert.match(zh(SAMPLE_REPORTS.text).summary, /^文字里写明：/);
  assert.match(en(SAMPLE_REPORTS.imageText).summary, /^Words shown in the image say/);
  assert.equal(zh(SAMPLE_REPORTS.gb45438Decoded).summary, '文件中的标识声明：这是人工智能生成或合成的内容。');
  const audio = en(SAMPLE_REPORTS.audio);
  assert.ok(audio.marks[0].facts.includes('Heard from 0:01.3 to 0:02.9.'));
  assert.equal(audio.marks[0].seek, 1.25);
  assert.ok(audio.marks[0].facts.includes('Pitch of the tone: 1000 Hz.'));
  assert.equal(audio.warnings.length, 1);
  assert.equal(audio.soundNote, undefined, 'no sound object: nothing said about it');
  const notHeard = zh(SAMPLE_REPORTS.audioNotDecoded);
  assert.equal(notHeard.soundNote, '这段声音（AAC）无法在这里解码，其中的声音标识和水印没有检查。');
  assert.equal(notHeard.caveat, undefined, 'the sound note says what was not checked; no second, general caveat');
  const notHeardAndMore = zh({ ...SAMPLE_REPORTS.audioNotDecoded, warnings: [...SAMPLE_REPORTS.audioNotDecoded.warnings, 'x'] });
  assert.equal(notHeardAndMore.caveat, STRINGS['zh-CN']['summary.partial'], 'another warning still gets the general caveat');
  assert.match(en(SAMPLE_REPORTS.audioNotDecoded).soundNote, /^The sound \(AAC\) could not be decoded here/);
  const heard = { ...SAMPLE_REPORTS.audioNotDecoded, sound: { decoded: true, codec: 'aac', decoder: 'caller', seconds: 3 } };
  assert.equal(en(heard).soundNote, undefined);

  const text = zh(SAMPLE_REPORTS.text);
  assert.ok(text.marks[0].facts.includes('找到的文字：“本文由AI生成”'));
  assert.ok(text.marks[0].facts.includes('位置：开头'));
  assert.equal(text.marks[2].claim, 'unknown', 'text:invisible with no claim sorts last');
  assert.ok(text.marks[2].facts.includes('解出的隐藏内容：gen=qwen;id=42'));

  const imageText = en(SAMPLE_REPORTS.imageText).marks[0];
  assert.ok(imageText.facts.some((f) => f.includes('3.1%')));
  assert.ok(imageText.facts.includes('Where: bottom right corner'));
});

test('any scheme, kind, claim and field renders generically and within bounds', () => {
  const d = describeReport(SAMPLE_REPORTS.futureScheme, 'en');
  assert.equal(d.marks[0].title, 'Other label (watermark:trustmark)');
  assert.equal(d.marks[0].integrity.level, 'info', 'an unknown watermark is still described as a watermark');
  assert.equal(d.marks[1].kind, 'other');
  assert.equal(d.marks[1].claim, 'unknown', 'an unknown claim value is shown as unknown');
  const fields = d.marks[1].evidence.fields;
  const note = fields.entries.find((e) => e.key === 'note').value;
  assert.ok(note.text.length < 700 && /900 characters in all/.test(note.text));
  const list = fields.entries.find((e) => e.key === 'list').value;
  assert.equal(list.items.length, 50);
  assert.equal(list.more, 10);
  const t = translator('en');
  let deep = { x: 1 };
  for (let i = 0; i < 20; i++) deep = { deep };
  assert.ok(JSON.stringify(valueTree(deep, t)).length < 2000);
});

test('errors, odd and broken reports never throw', () => {
  const e = describeReport(SAMPLE_REPORTS.error, 'zh-CN');
  assert.equal(e.error.text, STRINGS['zh-CN']['error.truncated']);
  assert.equal(e.error.detail, 'The file ends inside a PNG chunk.');
  assert.equal(describeReport(SAMPLE_REPORTS.errorUnknownCode, 'en').error.text, STRINGS.en['error.other']);
  for (const r of [null, undefined, 42, {}, { verdict: 'ai', marks: 'x' }, { verdict: 'none', marks: [null, 7, { fields: [1] }] }]) {
    const d = describeReport(r, 'en');
    assert.ok(d.title);
  }
  const none = describeReport(SAMPLE_REPORTS.noneWithWarning, 'en');
  assert.equal(none.explainNone, true);
  assert.equal(none.metaLine, 'PDF document');
});

// The wording above is checked on hand-written reports; this checks it on what the core really writes.
test('real core reports are described with their decoded fields', async (t) => {
  const { execFileSync } = await import('node:child_process');
  const os = await import('node:os');
  const cli = path.join(repoRoot, 'build/native/bin/dsmark');
  if (!fs.existsSync(cli)) return t.skip('build/native/bin/dsmark is not built');
  const run = (file) => JSON.parse(execFileSync(cli, ['verify', '--json', file], { encoding: 'utf8' }));

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsmark-explain-'));
  const textFile = path.join(dir, 'labelled.txt');
  // A label on its own line, then "Hi" spelled in Unicode tag characters.
  fs.writeFileSync(textFile, '本文由AI生成\n\n今天天气很好。\u{E0048}\u{E0069}\n');
  const text = describeReport(run(textFile), 'zh-CN');
  fs.rmSync(dir, { recursive: true });
  assert.equal(text.verdict, 'ai');
  const label = text.marks.find((m) => m.scheme === 'explicit:text');
  assert.deepEqual(label.facts.slice(0, 4), ['找到的文字：“本文由AI生成”', '位置：开头', '形式：单独一行', '语言：简体中文']);
  const hidden = text.marks.find((m) => m.scheme === 'text:invisible');
  assert.ok(hidden.facts.includes('隐藏字符的种类：Unicode 标签字符（可拼出隐藏的英文字母）'), hidden.facts.join('|'));
  assert.ok(hidden.facts.includes('解出的隐藏内容：Hi'));

  const doubao = path.join(repoRoot, '../shared/fixtures/vendors/doubao_black.png');
  if (!fs.existsSync(doubao)) return t.skip('../shared/fixtures is absent: the Doubao part is skipped');
  const d = describeReport(run(doubao), 'zh-CN');
  assert.equal(d.by, '标识来自：豆包。');
  assert.match(d.marks[0].who[0], /^生成内容的服务：豆包（代码 001191110102MACQD9K64010000）$/);
  assert.equal(d.marks[0].integrity.level, 'warn');
});
