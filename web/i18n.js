// Every string of the page in 简体中文 and English. Keys are stable; the page never shows a raw key.
export const STRINGS = {
  'zh-CN': {
    title: 'AI 生成标识检测',
    tagline: '检查图片、音频、视频或文本是否带有人工智能生成合成标识。文件只在您的浏览器中检查，不会上传。',
    drop: '把文件拖到这里，或点击选择文件',
    dropHint: '支持 JPEG、PNG、WebP 等格式',
    checking: '正在检查…',
    lang: 'English',
    'verdict.ai': '标识显示：AI 生成',
    'verdict.possibly-ai': '标识显示：可能为 AI 生成',
    'verdict.suspected-ai': '标识显示：疑似 AI 生成',
    'verdict.none': '未发现 AI 标识',
    'verdict.error': '无法读取此文件',
    noneExplain: '未发现标识并不证明内容是真实的：标识可能已被删除，或内容来自不加标识的工具。',
    'scheme.gb45438': '国家标准 GB 45438 隐式标识（文件元数据）',
    'scheme.c2pa': 'C2PA 内容凭证（Content Credentials）',
    'c2pa.trusted': '签名有效，签名者在 C2PA 信任列表中。',
    'c2pa.valid-untrusted': '签名有效、内容未被改动，但签名者不在 C2PA 信任列表中：内容凭证所说的仍然成立，只是无法确认签名者身份。',
    'c2pa.invalid': '内容凭证已失效：签名或哈希不匹配，文件或凭证在签名后被改动过。',
    'claim.ai': 'AI 生成',
    'claim.possibly-ai': '可能为 AI 生成',
    'claim.suspected-ai': '疑似 AI 生成',
    'claim.not-ai': '非 AI 生成',
    'claim.unknown': '未说明',
    details: '证据详情（位置与字段）',
    problems: '发现的问题',
    says: '内容',
    workerError: '检查时出错：',
  },
  en: {
    title: 'AI-generation label check',
    tagline:
      'Check whether an image, audio, video or text carries an AI-generation label. Files are checked in your browser and never uploaded.',
    drop: 'Drop files here, or click to choose',
    dropHint: 'JPEG, PNG, WebP and more',
    checking: 'Checking…',
    lang: '简体中文',
    'verdict.ai': 'Labelled as AI-generated',
    'verdict.possibly-ai': 'Labelled as possibly AI-generated',
    'verdict.suspected-ai': 'Labelled as suspected AI-generated',
    'verdict.none': 'No AI label found',
    'verdict.error': 'This file could not be read',
    noneExplain:
      'Finding no label does not prove the content is authentic: labels can be removed, and some tools add none.',
    'scheme.gb45438': 'GB 45438 implicit label (file metadata)',
    'scheme.c2pa': 'C2PA Content Credentials',
    'c2pa.trusted': 'The signature is valid and the signer is on the C2PA Trust List.',
    'c2pa.valid-untrusted':
      'The signature is valid and the content is unchanged, but the signer is not on the C2PA Trust List: what the credentials say still holds; who signed them cannot be confirmed.',
    'c2pa.invalid': 'The credentials are broken: a signature or hash does not match, so the file or its credentials changed after signing.',
    'claim.ai': 'AI-generated',
    'claim.possibly-ai': 'possibly AI-generated',
    'claim.suspected-ai': 'suspected AI-generated',
    'claim.not-ai': 'not AI-generated',
    'claim.unknown': 'not stated',
    details: 'Evidence (where and what)',
    problems: 'Problems found',
    says: 'Says',
    workerError: 'The check failed: ',
  },
};

export function pickLanguage(saved, navigatorLanguages) {
  if (saved === 'en' || saved === 'zh-CN') return saved;
  for (const l of navigatorLanguages || []) {
    if (/^zh/i.test(l)) return 'zh-CN';
    if (/^en/i.test(l)) return 'en';
  }
  return 'zh-CN';
}
