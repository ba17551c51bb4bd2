#include "text/label_grammar.h"

#include <algorithm>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "text/text_fold.h"

namespace dsmark {
namespace {

// ---------------------------------------------------------------------------------------------------------
// Lexicons. Entries are written as people type them; they are folded once at start-up with the same folding
// as the text, so "généré par l’IA" and "GENERE PAR L'IA" are one entry. A space in an entry matches one or
// more spaces or hyphens; spaces in the text between two non-alphabetic characters (CJK) are ignored.
// ---------------------------------------------------------------------------------------------------------

using Words = std::initializer_list<const char*>;

// Chinese (Simplified and Traditional).
const Words kZhSubject = {
    "本文", "本内容", "本內容", "此内容", "此內容", "该内容", "該內容", "以上内容", "以上內容", "以下内容",
    "以下內容", "上述内容", "上述內容", "本回答", "此回答", "该回答", "該回答", "本回复", "本回覆", "本图",
    "本圖", "本图片", "本圖片", "此图", "此圖", "此图片", "此圖片", "该图片", "該圖片", "图片", "圖片",
    "本视频", "本影片", "此视频", "此影片", "该视频", "該影片", "视频", "影片", "本段", "本段文字", "本段内容",
    "本段內容", "此段", "此段文字", "这段文字", "這段文字", "这段内容", "這段內容", "本文章", "本篇", "本篇文章",
    "此文", "该文", "該文", "本帖", "本稿", "全文", "正文", "内容", "內容", "文本", "文字", "回答", "答案",
    "摘要", "本摘要", "以上", "以下", "本作品", "该作品", "該作品", "作品", "本条内容", "本條內容", "这篇文章",
    "這篇文章", "此文章", "该文章", "該文章", "部分内容", "部分內容", "文章", "图像", "圖像", "本图像",
    "本圖像", "此图像", "此圖像", "配图", "配圖", "插图", "插圖", "封面图", "封面圖", "这张图片", "這張圖片",
    "这张图", "這張圖", "音频", "本音频", "声音", "聲音", "语音", "語音", "本音頻", "此音频", "本页内容",
    "本頁內容", "本文中", "文中", "本文的", "本报告", "本報告", "本译文", "本譯文", "译文", "譯文", "本文案",
    "文案", "本页面", "本頁面", "图文", "圖文", "本图文", "本圖文", "以上图文", "以上圖文", "此段落", "本段落", "该段落", "這段", "这段", "此篇", "本则", "本則"};
const Words kZhDemonstrative = {"本", "此", "该", "該", "这", "這", "以上", "以下", "上述", "下列", "全", "该项", "这些", "這些"};
const Words kZhClassifier = {"篇", "段", "则", "則", "条", "條", "张", "張", "份", "首", "部", "组", "組", "幅", "个", "個", "项", "項", "期", "次"};
const Words kZhPossibly = {"可能", "或许", "或許", "也许", "也許", "可能会", "可能會"};
const Words kZhSuspected = {"疑似", "疑为", "疑為", "涉嫌", "疑似为", "疑似為"};
const Words kZhAdverb = {"部分", "全部", "均", "皆", "全", "完全", "主要", "已", "大部分", "全文", "部分地"};
const Words kZhBe = {"为", "為", "是", "系", "係", "属于", "屬於"};
const Words kZhAgent = {
    "由", "经", "經", "经由", "經由", "通过", "通過", "透过", "透過", "使用", "使用了", "借助", "借助了",
    "藉助", "藉由", "利用", "利用了", "采用", "采用了", "採用", "採用了", "基于", "基於", "运用", "運用",
    "依靠", "用", "靠", "由本站", "由本平台"};
const Words kZhProvider = {
    "豆包", "即梦", "即夢", "千问", "千問", "通义", "通義", "通义千问", "通義千問", "文心", "文心一言",
    "元宝", "元寶", "腾讯元宝", "騰訊元寶", "混元", "腾讯混元", "騰訊混元", "讯飞", "訊飛", "讯飞星火",
    "訊飛星火", "星火", "智谱", "智譜", "智谱清言", "智譜清言", "清言", "可灵", "可靈", "海螺", "天工", "秘塔",
    "百度", "阿里", "阿里巴巴", "腾讯", "騰訊", "字节", "字節", "字节跳动", "字節跳動", "抖音", "快手",
    "小红书", "小紅書", "美图", "美圖", "夸克", "商汤", "商湯", "日日新", "百川", "月之暗面", "零一万物",
    "零一萬物", "阶跃", "階躍", "华为", "華為", "盘古", "盤古", "小度", "小艺", "小藝", "网易", "網易", "有道",
    "搜狗", "微软", "微軟", "谷歌", "必应", "必應", "本站", "本平台", "平台", "本网站", "本網站", "本公司"};
const Words kZhAi = {"AI", "A.I.", "人工智能", "人工智慧"};
const Words kZhAux = {
    "辅助", "輔助", "自动", "自動", "技术", "技術", "模型", "大模型", "工具", "助手", "算法", "演算法", "系统",
    "系統", "平台", "协助", "協助", "参与", "參與", "智能", "程序", "程式", "软件", "軟體", "软体", "应用",
    "應用", "写作", "寫作", "写作助手", "寫作助手", "大语言模型", "大語言模型", "语言模型", "語言模型", "智能体",
    "智能體"};
const Words kZhGeneration = {
    "生成", "合成", "生成合成", "生成/合成", "生成或合成", "生成和合成", "生成与合成", "生成與合成", "深度合成",
    "生成并合成", "生成並合成", "生成及合成"};
const Words kZhObject = {
    "的", "的内容", "的內容", "内容", "內容", "的文本", "文本", "的文字", "文字", "的文章", "文章", "的图片",
    "图片", "的圖片", "圖片", "的图像", "图像", "的圖像", "圖像", "的视频", "视频", "的影片", "影片", "的回答",
    "回答", "的答案", "答案", "作品", "的作品", "信息", "的信息", "資訊", "的資訊", "素材", "插图", "插圖",
    "配图", "配圖", "摘要", "稿件", "结果", "結果", "的结果", "声音", "聲音", "语音", "語音", "的语音", "音频",
    "音頻", "画面", "畫面", "图", "圖", "的图", "的圖", "合成内容", "内容标识"};
const Words kZhTail = {
    "并经人工审核", "並經人工審核", "经人工审核", "經人工審核", "并经人工编辑", "並經人工編輯", "经人工编辑",
    "經人工編輯", "并经人工校对", "並經人工校對", "经人工校对", "經人工校對", "后经人工编辑", "後經人工編輯",
    "并经人工修改", "經人工修改", "经人工修改"};
const Words kZhCompanion = {
    "仅供参考", "僅供參考", "内容仅供参考", "內容僅供參考", "仅供参考使用", "请注意甄别", "請注意甄別",
    "请仔细甄别", "請仔細甄別", "请谨慎甄别", "請謹慎甄別", "请注意辨别", "請注意辨別", "请谨慎参考",
    "請謹慎參考", "请谨慎判断", "請謹慎判斷", "注意甄别", "注意甄別", "请自行甄别", "請自行甄別", "请自行核实",
    "請自行核實", "请核实", "請核實", "不代表平台观点", "不代表本平台观点", "不代表本平台觀點", "不代表本站观点",
    "不代表本站觀點", "请勿轻信", "請勿輕信", "内容可能不准确", "內容可能不準確", "可能存在错误", "可能存在錯誤",
    "请以官方信息为准", "請以官方資訊為準", "仅供娱乐", "僅供娛樂", "已经人工审核", "已經人工審核", "人工审核",
    "人工審核", "请谨慎使用", "請謹慎使用", "请理性看待", "請理性看待", "注意核实", "注意核實"};
const Words kZhKey = {
    "提示", "标识", "標識", "标示", "標示", "声明", "聲明", "说明", "說明", "注", "註", "备注", "備註",
    "免责声明", "免責聲明", "温馨提示", "溫馨提示", "特别提示", "特別提示", "友情提示", "提醒", "标注", "標註",
    "风险提示", "風險提示", "AI标识", "AI標識", "AI提示", "AI声明", "AI聲明", "内容声明", "內容聲明", "内容说明",
    "內容說明", "内容标识", "內容標識", "来源", "來源", "内容来源", "內容來源", "生成说明", "生成說明", "AI说明"};
const Words kZhBadge = {
    "AI", "AI创作", "AI創作", "AI辅助", "AI輔助", "AI辅助创作", "AI輔助創作", "AI写作", "AI寫作", "AI作品",
    "AI制作", "AI製作", "AI绘画", "AI繪畫", "AI绘图", "AI繪圖", "人工智能", "人工智慧", "AI参与", "AI參與",
    "AI内容", "AI內容"};

// Japanese.
const Words kJaDemonstrative = {"この", "本", "当", "以下の", "上記の", "次の", "こちらの", "本記事の", "この記事の"};
const Words kJaSubject = {
    "記事", "文章", "本文", "稿", "画像", "イラスト", "回答", "コンテンツ", "内容", "テキスト", "動画", "投稿",
    "音声", "ページ", "要約", "翻訳", "写真", "資料", "レポート", "説明", "解説", "文書", "一部", "一部の内容",
    "作品", "記事の一部", "原稿", "ニュース", "まとめ"};
const Words kJaTopic = {"は", "も", "が", "の一部は", "の一部が", "は一部", "の内容は", "の画像は"};
const Words kJaAdverb = {"一部", "全て", "すべて", "全部", "主に", "部分的に", "完全に", "一部を"};
const Words kJaAi = {"AI", "人工知能", "生成AI", "生成系AI", "生成型AI", "画像生成AI", "対話型AI", "文章生成AI"};
const Words kJaAux = {"ツール", "モデル", "システム", "アシスタント", "技術", "サービス"};
const Words kJaAgent = {
    "によって", "により", "による", "で", "が", "を使用して", "を使って", "を用いて", "を活用して", "を利用して",
    "を使い", "を用い", "の支援により", "の支援を受けて", "を活用し", "を利用し", "を使用し", "の力を借りて"};
const Words kJaGeneration = {
    "生成", "作成", "合成", "制作", "執筆", "作った", "作られた", "作られました", "作られています", "書いた",
    "書かれた", "書かれました", "書かれています", "作られたもの", "書かれたもの"};
const Words kJaGenerationEnd = {
    "されました", "された", "されています", "されている", "されております", "されたもの", "したもの", "しました",
    "した", "しています", "している", "しております", "します", "されます", "され", "し", "済み"};
const Words kJaObject = {
    "画像", "文章", "記事", "コンテンツ", "内容", "テキスト", "イラスト", "動画", "音声", "回答", "もの", "作品",
    "のもの", "の画像", "の文章", "の記事", "のコンテンツ", "の内容", "のテキスト", "のイラスト", "の動画", "の音声",
    "の回答", "の作品", "写真", "の写真", "要約", "の要約"};
const Words kJaCopula = {"です", "である", "だ", "となります", "となっています", "でした"};
const Words kJaCompanion = {
    "内容の正確性は保証されません", "参考情報です", "ご注意ください", "内容をご確認ください",
    "事実と異なる場合があります", "誤りを含む可能性があります", "参考としてご利用ください", "人による確認済み",
    "編集部が確認しています", "編集部が確認しました"};
const Words kJaKey = {"注", "注意", "お知らせ", "免責事項", "表示", "注記", "AI表示", "出典", "備考", "ご注意"};

// Korean.
const Words kKoDemonstrative = {"이", "본", "위", "아래", "해당", "다음", "위의", "아래의"};
const Words kKoSubject = {
    "글", "기사", "콘텐츠", "이미지", "답변", "내용", "본문", "문서", "게시물", "영상", "텍스트", "사진", "그림",
    "요약", "음성", "번역", "자료", "보고서", "설명", "작품", "포스트", "뉴스"};
const Words kKoTopic = {"은", "는", "이", "가", "도", "의 일부는", "일부는", "의 일부가"};
const Words kKoAdverb = {"일부", "전부", "전체", "부분적으로", "모두", "완전히", "전적으로"};
const Words kKoAi = {"AI", "인공지능", "인공 지능", "생성형 AI", "생성형 인공지능", "생성 AI"};
const Words kKoAux = {"도구", "모델", "시스템", "기술", "어시스턴트", "툴", "서비스"};
const Words kKoAgent = {
    "가", "이", "로", "으로", "를 사용하여", "를 사용해", "을 사용하여", "을 사용해", "를 활용하여", "를 활용해",
    "을 활용하여", "을 활용해", "를 이용하여", "를 이용해", "을 이용하여", "을 이용해", "에 의해", "에 의해서",
    "의 도움으로", "의 도움을 받아", "를 통해", "을 통해", "기반으로", "에서", "를 활용한", "을 활용한"};
const Words kKoGeneration = {
    "생성", "제작", "작성", "합성", "만든", "만들어진", "만들었습니다", "만들어졌습니다", "만들었음", "만들어짐"};
const Words kKoGenerationEnd = {
    "했습니다", "하였습니다", "되었습니다", "됐습니다", "된", "한", "됨", "되었음", "하였음", "함", "됩니다", "되어",
    "했음", "되었어요", "했어요", "되어 있습니다", "하고 있습니다", "되고 있습니다", "된 것입니다", "한 것입니다",
    "되었음을 알려드립니다", "하였음을 알려드립니다", "되었음을 알립니다", "했음을 알립니다"};
const Words kKoObject = {
    "콘텐츠", "이미지", "글", "텍스트", "기사", "영상", "동영상", "음성", "답변", "내용", "그림", "사진", "결과물",
    "것", "자료", "요약", "번역"};
const Words kKoCopula = {"입니다", "이다", "임", "예요", "이에요", "이며", "였습니다", "이었습니다"};
const Words kKoCompanion = {
    "참고용입니다", "참고용으로만 사용하세요", "사실 확인이 필요합니다", "오류가 있을 수 있습니다",
    "정확하지 않을 수 있습니다", "참고하시기 바랍니다", "참고 바랍니다", "편집자가 검토했습니다"};
const Words kKoKey = {"알림", "안내", "참고", "고지", "면책 조항", "주의", "표시", "AI 표시", "출처", "공지"};

// English.
const Words kEnSubject = {
    "this", "this text", "this article", "this content", "this post", "this story", "this response",
    "this answer", "this summary", "this image", "this picture", "this photo", "this illustration", "this video",
    "this translation", "this page", "this section", "this paragraph", "this document", "this description",
    "this message", "this reply", "this essay", "this report", "this transcript", "this caption", "this email",
    "this piece", "this review", "this newsletter", "this blog post", "this audio", "this voice", "this music",
    "this song", "this artwork", "this graphic", "this chapter", "this episode", "this recipe", "this poem",
    "the following text", "the following content", "the following answer", "the following response",
    "the following summary", "the following article", "the following image", "the following post",
    "the following translation", "the following description", "the following", "the above text", "the above content",
    "the above", "the text below", "the content below", "the text above", "the content above",
    "portions of this text", "portions of this article", "portions of this content", "parts of this text",
    "parts of this article", "parts of this content", "some of this content", "some of this text",
    "all of this content", "the text", "the content", "the image", "the article", "the response",
    "the summary", "the answer", "the illustration", "the video", "the translation", "the description",
    "the audio", "the voice", "the post", "the story", "the essay", "the report", "the picture", "the photo",
    "this entire article", "this entire text"};
const Words kEnDemonstrative = {"this", "the", "the following", "the above", "this entire"};
const Words kEnPossibly = {"possibly", "may be", "might be", "may contain", "might contain", "potentially"};
const Words kEnSuspected = {"suspected", "suspected to be", "likely"};
const Words kEnBe = {"is", "was", "has been", "have been", "were", "are", "is being", "had been"};
const Words kEnAdverb = {
    "fully", "partially", "partly", "entirely", "wholly", "mostly", "largely", "automatically", "primarily",
    "completely", "in part", "substantially", "originally", "initially"};
const Words kEnObject = {
    "content", "text", "image", "images", "picture", "pictures", "photo", "photos", "video", "videos", "audio",
    "article", "story", "response", "answer", "summary", "translation", "illustration", "illustrations",
    "artwork", "art", "post", "caption", "copy", "voice", "music", "song", "description", "transcript", "essay",
    "report", "material", "imagery", "visual", "visuals", "graphic", "graphics", "media", "output", "news",
    "narration", "voiceover", "answers", "responses", "texts", "contents"};
const Words kEnGeneration = {
    "generated", "created", "synthesized", "synthesised", "produced", "made", "written", "composed", "drafted",
    "authored", "rendered", "designed"};
const Words kEnAgent = {
    "by", "with", "using", "via", "through", "with the help of", "with help from", "with the assistance of",
    "with assistance from", "by means of", "with the use of", "utilizing", "utilising", "with support from",
    "with the support of", "assisted by", "from"};
const Words kEnDeterminer = {"an", "a", "the", "our", "an in house", "a custom"};
const Words kEnAdjective = {"generative", "conversational"};
const Words kEnAi = {"AI", "A.I.", "artificial intelligence"};
const Words kEnAux = {
    "model", "models", "tool", "tools", "system", "systems", "assistant", "assistants", "technology",
    "technologies", "software", "chatbot", "program", "engine", "language model", "large language model",
    "writing assistant", "writing tool", "writing tools", "image generator", "generator", "service", "platform",
    "agent", "and machine learning"};
const Words kEnTail = {
    "and reviewed by a human", "and reviewed by humans", "and edited by a human", "and edited by humans",
    "and reviewed by our editors", "and edited by our editors", "and fact checked", "with human review",
    "and human edited", "and human reviewed", "and checked by a human", "and checked by our editors",
    "and reviewed by the author", "and edited by the author"};
const Words kEnCompanion = {
    "for reference only", "please verify", "please verify important information", "verify important information",
    "please double check", "may contain errors", "may contain mistakes", "may contain inaccuracies",
    "check important info", "check important information", "reviewed by a human", "reviewed by humans",
    "edited by a human", "human reviewed", "reviewed by our editors", "edited for accuracy", "please check facts",
    "use with caution", "it may contain errors", "it may contain mistakes", "results may vary",
    "please review carefully", "edited by our staff", "reviewed by our staff", "verify before use"};
const Words kEnKey = {
    "note", "disclaimer", "disclosure", "ai disclosure", "notice", "label", "ai label", "transparency note",
    "transparency notice", "content notice", "content label", "editor's note", "editors note", "editor note",
    "ai notice", "ai note", "source", "credit", "credits", "tag", "content credentials", "edit", "update", "p.s.",
    "ps", "fyi"};
const Words kEnBadge = {"AI", "AI content", "AI assisted", "AI-assisted", "AI art", "AI powered", "powered by AI"};

// German.
const Words kDeSubject = {
    "dieser text", "dieser artikel", "dieser beitrag", "dieser inhalt", "diese antwort", "diese zusammenfassung",
    "dieses bild", "dieses foto", "dieses video", "diese übersetzung", "diese grafik", "diese illustration",
    "der folgende text", "der text", "das bild", "der beitrag", "der artikel", "der inhalt",
    "teile dieses textes", "teile dieses artikels", "teile dieses beitrags", "dieser abschnitt",
    "diese nachricht", "diese meldung", "diese seite", "dieser bericht", "die antwort", "die zusammenfassung",
    "die übersetzung", "das foto", "das video", "die grafik", "die illustration", "dieses gedicht",
    "diese audiodatei", "diese stimme", "dieser podcast", "der folgende inhalt", "der obige text"};
const Words kDeDemonstrative = {"dieser", "diese", "dieses", "der", "die", "das", "der folgende", "die folgende",
                                 "das folgende", "der obige", "die obige", "das obige"};
const Words kDePossibly = {"möglicherweise", "eventuell", "vielleicht"};
const Words kDeSuspected = {"mutmaßlich", "vermutlich", "wahrscheinlich"};
const Words kDeBe = {"wurde", "ist", "wurden", "sind", "wird", "war", "waren"};
const Words kDeAdverb = {
    "teilweise", "vollständig", "ganz", "komplett", "automatisch", "weitgehend", "zum teil", "größtenteils",
    "überwiegend", "hauptsächlich", "vollständig oder teilweise"};
const Words kDeAgent = {
    "von", "mit", "durch", "mithilfe von", "mithilfe", "mit hilfe von", "mit hilfe", "unter verwendung von",
    "unter einsatz von", "mittels", "mit unterstützung von", "mit unterstützung", "unter zuhilfenahme von",
    "unterstützt durch", "unterstützt von"};
const Words kDeDeterminer = {"einer", "einem", "der", "eine", "ein", "dem", "den", "des"};
const Words kDeAdjective = {"generativer", "generativen", "generative", "generativ"};
const Words kDeAi = {"KI", "K.I.", "AI", "künstliche intelligenz", "künstlicher intelligenz", "künstlichen intelligenz"};
const Words kDeAux = {
    "tools", "tool", "modell", "modells", "modelle", "modellen", "systems", "system", "systemen", "software",
    "assistent", "assistenten", "sprachmodell", "sprachmodells", "sprachmodellen", "werkzeug", "werkzeugen",
    "technologie", "anwendung", "programm", "programms", "chatbot", "chatbots", "dienst", "dienstes"};
const Words kDeGeneration = {
    "generiert", "generierte", "generierter", "generiertes", "generierten", "erzeugt", "erzeugte", "erzeugter",
    "erzeugtes", "erzeugten", "erstellt", "erstellte", "erstellter", "erstelltes", "erstellten", "geschrieben",
    "geschriebener", "geschriebenes", "geschriebene", "verfasst", "verfasster", "verfasstes", "verfasste",
    "synthetisiert", "synthetisierte", "synthetisierter", "synthetisiertes", "produziert", "produzierte",
    "produzierter", "produziertes", "gemacht", "kreiert", "gestaltet", "gestaltete", "gestalteter"};
const Words kDeGenerationEnd = {"worden", "wurde", "ist"};
const Words kDeObject = {
    "inhalt", "inhalte", "text", "texte", "bild", "bilder", "foto", "fotos", "video", "videos", "artikel",
    "beitrag", "antwort", "zusammenfassung", "übersetzung", "illustration", "grafik", "audio", "stimme",
    "content", "bildmaterial", "material"};
const Words kDeTail = {"und redaktionell geprüft", "und von der redaktion geprüft", "und redaktionell bearbeitet",
                       "und von menschen geprüft", "und redaktionell überarbeitet"};
const Words kDeCompanion = {
    "bitte prüfen", "ohne gewähr", "kann fehler enthalten", "redaktionell geprüft", "von der redaktion geprüft",
    "von der redaktion überprüft", "angaben ohne gewähr", "bitte wichtige informationen prüfen",
    "redaktionell bearbeitet", "alle angaben ohne gewähr", "bitte überprüfen sie wichtige informationen"};
const Words kDeKey = {"hinweis", "transparenzhinweis", "anmerkung", "kennzeichnung", "offenlegung", "ki hinweis",
                      "quelle", "bildquelle", "bildnachweis", "disclaimer", "vermerk"};

// French.
const Words kFrSubject = {
    "ce texte", "cet article", "ce contenu", "cette image", "cette réponse", "ce résumé", "cette illustration",
    "cette vidéo", "cette traduction", "le texte suivant", "le contenu suivant", "ce document", "ce message",
    "ce billet", "cette publication", "cette photo", "ce visuel", "cette page", "cette section", "ce paragraphe",
    "ce podcast", "cet audio", "le texte", "le contenu", "l'image", "l'article", "une partie de ce texte",
    "une partie de cet article", "une partie de ce contenu", "ce poème", "cette voix", "la photo", "la vidéo",
    "l'illustration", "le visuel", "ce récit"};
const Words kFrDemonstrative = {"ce", "cet", "cette", "ces", "le", "la", "l'", "les"};
const Words kFrPossibly = {"possiblement", "peut être", "potentiellement"};
const Words kFrSuspected = {"probablement", "vraisemblablement", "soupçonné d'être"};
const Words kFrBe = {"a été", "est", "ont été", "sont", "avait été", "fut", "a ete"};
const Words kFrAdverb = {"entièrement", "partiellement", "en partie", "intégralement", "totalement",
                         "automatiquement", "principalement", "en grande partie", "majoritairement"};
const Words kFrGeneration = {
    "généré", "générée", "générés", "générées", "créé", "créée", "créés", "créées", "produit", "produite",
    "produits", "produites", "synthétisé", "synthétisée", "synthétisés", "synthétisées", "rédigé", "rédigée",
    "rédigés", "rédigées", "écrit", "écrite", "écrits", "écrites", "conçu", "conçue", "conçus", "conçues",
    "réalisé", "réalisée", "réalisés", "réalisées", "fabriqué", "fabriquée", "composé", "composée"};
const Words kFrAgent = {
    "par", "avec", "à l'aide de", "à l'aide d'", "à l'aide", "grâce à", "grâce à l'", "au moyen de",
    "au moyen d'", "via", "en utilisant", "en ayant recours à", "par le biais de", "par le biais d'",
    "avec l'aide de", "avec l'aide d'", "assisté par", "assistée par", "avec le concours de", "avec le concours d'"};
const Words kFrDeterminer = {"l'", "la", "le", "une", "un", "d'une", "d'un", "de l'", "de la", "des", "les", "d'", "de"};
const Words kFrAi = {"IA", "I.A.", "intelligence artificielle", "AI"};
const Words kFrAiPost = {"générative", "génératives", "génératif"};
const Words kFrAux = {"outil", "outils", "modèle", "modèles", "système", "systèmes", "logiciel", "assistant",
                      "technologie", "technologies", "programme", "service"};
const Words kFrObject = {"contenu", "texte", "image", "photo", "vidéo", "article", "réponse", "résumé",
                         "illustration", "visuel", "traduction", "voix", "audio", "contenus", "images", "textes",
                         "visuels", "illustrations"};
const Words kFrTail = {"et relu par la rédaction", "et vérifié par la rédaction", "et relu par un humain",
                       "et vérifié par un humain", "et révisé par la rédaction"};
const Words kFrCompanion = {
    "à titre indicatif", "peut contenir des erreurs", "vérifié par la rédaction", "relu par un humain",
    "relu par la rédaction", "merci de vérifier", "à vérifier", "il peut contenir des erreurs",
    "vérifiez les informations importantes"};
const Words kFrKey = {"avertissement", "mention", "note", "remarque", "transparence", "information", "avis",
                      "source", "crédit", "crédits", "note de transparence", "mention ia"};

// Spanish.
const Words kEsSubject = {
    "este texto", "este artículo", "este contenido", "esta imagen", "esta respuesta", "este resumen",
    "esta ilustración", "este vídeo", "este video", "esta traducción", "el siguiente texto",
    "el siguiente contenido", "este documento", "este mensaje", "esta publicación", "esta foto", "esta página",
    "esta sección", "este párrafo", "el texto", "el contenido", "la imagen", "el artículo", "parte de este texto",
    "parte de este contenido", "parte de este artículo", "este audio", "este poema", "esta voz", "la foto",
    "el vídeo", "el video", "la ilustración"};
const Words kEsDemonstrative = {"este", "esta", "estos", "estas", "el", "la", "los", "las", "esto"};
const Words kEsPossibly = {"posiblemente", "quizás", "tal vez", "potencialmente"};
const Words kEsSuspected = {"presuntamente", "probablemente", "supuestamente"};
const Words kEsBe = {"fue", "ha sido", "es", "han sido", "son", "fueron", "está", "están", "ha sido creado"};
const Words kEsAdverb = {"parcialmente", "totalmente", "íntegramente", "en parte", "completamente",
                         "automáticamente", "principalmente", "enteramente", "en su mayoría", "en gran parte"};
const Words kEsGeneration = {
    "generado", "generada", "generados", "generadas", "creado", "creada", "creados", "creadas", "producido",
    "producida", "producidos", "producidas", "sintetizado", "sintetizada", "sintetizados", "sintetizadas",
    "escrito", "escrita", "escritos", "escritas", "elaborado", "elaborada", "elaborados", "elaboradas",
    "redactado", "redactada", "redactados", "redactadas", "hecho", "hecha", "hechos", "hechas", "diseñado",
    "diseñada"};
const Words kEsAgent = {
    "por", "con", "mediante", "usando", "utilizando", "a través de", "con ayuda de", "con la ayuda de",
    "con el apoyo de", "por medio de", "gracias a", "con asistencia de", "con la asistencia de", "asistido por",
    "asistida por", "empleando"};
const Words kEsDeterminer = {"la", "una", "un", "el", "los", "las", "de", "de la", "del"};
const Words kEsAi = {"IA", "I.A.", "inteligencia artificial", "AI"};
const Words kEsAiPost = {"generativa", "generativo", "generativas"};
const Words kEsAux = {"herramienta", "herramientas", "modelo", "modelos", "sistema", "sistemas", "asistente",
                      "tecnología", "software", "programa", "servicio"};
const Words kEsObject = {"contenido", "texto", "imagen", "foto", "vídeo", "video", "artículo", "respuesta",
                         "resumen", "ilustración", "traducción", "audio", "voz", "contenidos", "imágenes",
                         "textos"};
const Words kEsTail = {"y revisado por humanos", "y revisado por la redacción", "y revisado por un humano",
                       "y verificado por la redacción", "y editado por la redacción"};
const Words kEsCompanion = {
    "puede contener errores", "revisado por humanos", "revisado por la redacción", "solo como referencia",
    "verifique la información", "verifica la información", "revisado por un humano", "sólo como referencia",
    "verifique la información importante"};
const Words kEsKey = {"aviso", "nota", "advertencia", "descargo de responsabilidad", "transparencia", "fuente",
                      "crédito", "créditos", "nota de transparencia", "aviso de ia"};

// Requests that open a disclaimer clause ("Please check the figures against the official report", "请以官方
//信息为准") and closings that end one ("内容をご確認ください", "확인하시기 바랍니다").
const Words kCompanionStart = {
    "please check", "please verify", "please double check", "please review", "please confirm", "please fact check",
    "verify", "double check", "fact check", "请核实", "请仔细核对", "请核对", "请以", "请注意", "请谨慎", "请自行",
    "请仔细", "请勿", "請核實", "請以", "請注意", "請謹慎", "請自行", "請仔細", "請勿", "bitte prüfen",
    "bitte überprüfen", "bitte beachten", "merci de vérifier", "veuillez vérifier", "vérifiez", "verifique",
    "por favor verifique", "compruebe", "revise", "verifica"};
const Words kCompanionEnd = {"ご確認ください", "ご注意ください", "ご了承ください", "確認してください",
                             "확인하시기 바랍니다", "확인하세요", "유의하시기 바랍니다", "유의하세요"};

// Words a free @WORD slot never takes: negations, hedges, question words, verbs and conjunctions. They would turn
// "not generated by AI" or "how generated by AI" into a label.
const Words kNotAWord = {
    "not", "no", "never", "none", "nothing", "non", "without", "hardly", "barely", "allegedly", "supposedly",
    "reportedly", "possibly", "probably", "maybe", "perhaps", "likely", "unlikely", "falsely", "wrongly", "if",
    "whether", "how", "why", "what", "who", "when", "where", "which", "that", "it", "its", "is", "was", "are",
    "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "can", "could", "would", "should",
    "will", "may", "might", "must", "also", "too", "and", "or", "but", "nor", "any", "every", "fake", "fully",
    "nicht", "kein", "keine", "keiner", "keinen", "keines", "nie", "niemals", "ohne", "angeblich", "vielleicht",
    "wohl", "ob", "wie", "warum", "was", "wer", "wann", "ist", "war", "sind", "und", "oder", "aber", "auch",
    "pas", "jamais", "sans", "peut", "est", "etait", "si", "comment", "pourquoi", "quand", "et", "ou", "mais",
    "nunca", "sin", "quizas", "tal", "como", "que", "es", "fue", "era", "y", "o", "pero", "ni", "tampoco"};

// Words that start the description after a label in a caption.
const Words kDescriptionStart = {
    "of", "showing", "depicting", "featuring", "for", "from", "about", "at", "in", "on", "zeigt", "von", "vom",
    "des", "der", "mit", "de", "du", "d'", "montrant", "représentant", "del", "que", "mostrando", "sobre", "en",
    "的", "の", "의"};

// Caption markers of every language, before a colon: "图片来源：AI生成", "Image: AI-generated".
const Words kCaption = {
    "图", "圖", "图片", "圖片", "配图", "配圖", "插图", "插圖", "题图", "題圖", "封面", "封面图", "封面圖",
    "图注", "圖註", "图说", "圖說", "图源", "圖源", "图片来源", "圖片來源", "图片说明", "圖片說明", "图片提供",
    "圖片提供", "视频来源", "影片來源", "image", "photo", "picture", "illustration", "figure", "fig.", "fig",
    "caption", "cover image", "header image", "artwork", "image credit", "photo credit", "image source",
    "illustration credit", "visual", "bild", "foto", "abbildung", "abb.", "grafik", "symbolbild", "titelbild",
    "bildunterschrift", "visuel", "légende", "illustration", "imagen", "ilustración", "pie de foto", "gráfico",
    "画像", "写真", "図", "イラスト", "画像出典", "キャプション", "이미지", "사진", "그림", "이미지 출처",
    "사진 출처", "그래픽"};

// ---------------------------------------------------------------------------------------------------------
// Patterns. A pattern is a sequence of slots: NAME (once), NAME? (optional), NAME{a,b} (a to b times).
// @NAME is a provider's name in Latin letters (one to three words, "DeepSeek", "Meta", "GPT-4o").
// SUBJ marks a subject, BY an agent (see ClauseMatch).
// ---------------------------------------------------------------------------------------------------------

struct LanguageSpec {
  LabelLanguage id;
  std::vector<std::pair<const char*, const Words*>> lexicons;
  std::vector<const char*> patterns;
};

const std::vector<LanguageSpec>& specs() {
  static const std::vector<LanguageSpec> s = {
      {LabelLanguage::kZh,
       {{"SUBJ", &kZhSubject}, {"ADV", &kZhAdverb}, {"BE", &kZhBe}, {"BY", &kZhAgent}, {"PROV", &kZhProvider},
        {"AI", &kZhAi}, {"AUX", &kZhAux}, {"GEN", &kZhGeneration}, {"OBJ", &kZhObject}, {"TAIL", &kZhTail},
        {"POSS", &kZhPossibly}, {"SUSP", &kZhSuspected}, {"ZDEM", &kZhDemonstrative}, {"ZCL", &kZhClassifier}},
       {"SUBJ{0,2} POSS? SUSP? ADV{0,2} BE? ADV? BY? PROV? @NAME? AI AUX{0,2} GEN TAIL? OBJ? TAIL?",
        "ZDEM ZCL? @HAN POSS? SUSP? ADV{0,2} BE ADV? BY? PROV? @NAME? AI AUX{0,2} GEN TAIL? OBJ? TAIL?",
        "ZDEM ZCL? @HAN POSS? SUSP? ADV{0,2} BY PROV? @NAME? AI AUX{0,2} GEN TAIL? OBJ? TAIL?"}},
      {LabelLanguage::kJa,
       {{"DEM", &kJaDemonstrative}, {"SUBJ", &kJaSubject}, {"TOP", &kJaTopic}, {"ADV", &kJaAdverb}, {"AI", &kJaAi}, {"AUX", &kJaAux},
        {"BY", &kJaAgent}, {"GEN", &kJaGeneration}, {"END", &kJaGenerationEnd}, {"OBJ", &kJaObject},
        {"COP", &kJaCopula}},
       {"DEM? SUBJ? TOP? ADV? AI AUX? BY? ADV? GEN END? OBJ? COP?", "DEM @JA TOP ADV? AI AUX? BY? ADV? GEN END? OBJ? COP?"}},
      {LabelLanguage::kKo,
       {{"DEM", &kKoDemonstrative}, {"SUBJ", &kKoSubject}, {"TOP", &kKoTopic}, {"ADV", &kKoAdverb}, {"AI", &kKoAi}, {"AUX", &kKoAux},
        {"BY", &kKoAgent}, {"GEN", &kKoGeneration}, {"END", &kKoGenerationEnd}, {"OBJ", &kKoObject},
        {"COP", &kKoCopula}},
       {"DEM? SUBJ? TOP? ADV? AI AUX? BY? ADV? GEN END? OBJ? COP?", "DEM @KO TOP ADV? AI AUX? BY? ADV? GEN END? OBJ? COP?"}},
      {LabelLanguage::kEn,
       {{"SUBJ", &kEnSubject}, {"BE", &kEnBe}, {"ADV", &kEnAdverb}, {"OBJ", &kEnObject}, {"GEN", &kEnGeneration},
        {"BY", &kEnAgent}, {"DET", &kEnDeterminer}, {"ADJ", &kEnAdjective}, {"AI", &kEnAi}, {"AUX", &kEnAux},
        {"TAIL", &kEnTail}, {"DEM", &kEnDemonstrative}, {"POSS", &kEnPossibly}, {"SUSP", &kEnSuspected}},
       {"SUBJ? BE? POSS? SUSP? ADV? @WORD? AI GEN @WORD? TAIL?", "SUBJ? BE? POSS? SUSP? ADV? AI GEN @WORD? BY @NAME",
        "DEM @WORD BE POSS? SUSP? ADV? AI GEN @WORD? TAIL?",
        "SUBJ? BE? POSS? SUSP? ADV? @WORD? GEN ADV? BY DET? ADJ? @NAME? AI AUX? TAIL?",
        "DEM @WORD BE POSS? SUSP? ADV? GEN ADV? BY DET? ADJ? @NAME? AI AUX? TAIL?"}},
      {LabelLanguage::kDe,
       {{"SUBJ", &kDeSubject}, {"BE", &kDeBe}, {"ADV", &kDeAdverb}, {"BY", &kDeAgent}, {"DET", &kDeDeterminer},
        {"ADJ", &kDeAdjective}, {"AI", &kDeAi}, {"AUX", &kDeAux}, {"GEN", &kDeGeneration},
        {"END", &kDeGenerationEnd}, {"OBJ", &kDeObject}, {"TAIL", &kDeTail}, {"DEM", &kDeDemonstrative},
        {"POSS", &kDePossibly}, {"SUSP", &kDeSuspected}},
       {"SUBJ? BE? POSS? SUSP? ADV? @WORD? AI GEN @WORD? TAIL?", "DEM @WORD BE POSS? SUSP? ADV? AI GEN @WORD? TAIL?",
        "SUBJ? BE? POSS? SUSP? ADV? BY DET? ADJ? @NAME? AI AUX? GEN END? TAIL?",
        "DEM @WORD BE POSS? SUSP? ADV? BY DET? ADJ? @NAME? AI AUX? GEN END? TAIL?",
        "@WORD? GEN ADV? BY DET? ADJ? @NAME? AI AUX? TAIL?"}},
      {LabelLanguage::kFr,
       {{"SUBJ", &kFrSubject}, {"BE", &kFrBe}, {"ADV", &kFrAdverb}, {"GEN", &kFrGeneration}, {"BY", &kFrAgent},
        {"DET", &kFrDeterminer}, {"AI", &kFrAi}, {"POST", &kFrAiPost}, {"AUX", &kFrAux}, {"OBJ", &kFrObject},
        {"TAIL", &kFrTail}, {"DEM", &kFrDemonstrative}, {"POSS", &kFrPossibly}, {"SUSP", &kFrSuspected}},
       {"SUBJ? BE? POSS? SUSP? ADV? @WORD? GEN ADV? BY DET? @NAME? AUX? DET? AI POST? AUX? TAIL?",
        "DEM @WORD BE POSS? SUSP? ADV? GEN ADV? BY DET? @NAME? AUX? DET? AI POST? AUX? TAIL?"}},
      {LabelLanguage::kEs,
       {{"SUBJ", &kEsSubject}, {"BE", &kEsBe}, {"ADV", &kEsAdverb}, {"GEN", &kEsGeneration}, {"BY", &kEsAgent},
        {"DET", &kEsDeterminer}, {"AI", &kEsAi}, {"POST", &kEsAiPost}, {"AUX", &kEsAux}, {"OBJ", &kEsObject},
        {"TAIL", &kEsTail}, {"DEM", &kEsDemonstrative}, {"POSS", &kEsPossibly}, {"SUSP", &kEsSuspected}},
       {"SUBJ? BE? POSS? SUSP? ADV? @WORD? GEN ADV? BY DET? @NAME? AUX? DET? AI POST? AUX? TAIL?",
        "DEM @WORD BE POSS? SUSP? ADV? GEN ADV? BY DET? @NAME? AUX? DET? AI POST? AUX? TAIL?"}},
  };
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// Matching.
// ---------------------------------------------------------------------------------------------------------

bool is_space32(char32_t c) { return c == ' '; }

class Lexicon {
 public:
  Lexicon() = default;
  explicit Lexicon(std::initializer_list<const Words*> parts) {
    for (const Words* words : parts) {
      for (const char* w : *words) add(w);
    }
    // By first character, longest first within each: entries() of one first character is a contiguous range.
    std::sort(entries_.begin(), entries_.end(), [](const std::u32string& a, const std::u32string& b) {
      if (a.front() != b.front()) return a.front() < b.front();
      return a.size() != b.size() ? a.size() > b.size() : a < b;
    });
    entries_.erase(std::unique(entries_.begin(), entries_.end()), entries_.end());
  }
  const std::vector<std::u32string>& entries() const { return entries_; }
  // The entries that start with `c`.
  std::pair<const std::u32string*, const std::u32string*> starting_with(char32_t c) const {
    auto lo = std::lower_bound(entries_.begin(), entries_.end(), c,
                               [](const std::u32string& e, char32_t v) { return e.front() < v; });
    auto hi = lo;
    while (hi != entries_.end() && hi->front() == c) ++hi;
    return {entries_.data() + (lo - entries_.begin()), entries_.data() + (hi - entries_.begin())};
  }

 private:
  void add(const char* w) {
    // Folded, with spaces trimmed and collapsed so entries compare like folded text.
    std::u32string clean;
    for (char32_t c : fold_string(w)) {
      if (c == ' ' && (clean.empty() || clean.back() == ' ')) continue;
      clean += c;
    }
    while (!clean.empty() && clean.back() == ' ') clean.pop_back();
    if (!clean.empty()) entries_.push_back(std::move(clean));
  }
  std::vector<std::u32string> entries_;
};

// Matches `entry` at s[p]; returns the end, or npos. Word boundaries are required where an alphabetic entry
// meets alphabetic text; spaces in the text between two non-alphabetic characters (CJK) are skipped.
size_t match_entry(std::u32string_view s, size_t p, const std::u32string& entry) {
  constexpr size_t npos = std::u32string_view::npos;
  if (entry.empty()) return npos;
  if (folded_word_char(entry.front()) && p > 0 && folded_word_char(s[p - 1])) return npos;
  size_t i = p;
  char32_t prev = 0;
  for (size_t k = 0; k < entry.size(); ++k) {
    const char32_t e = entry[k];
    if (e == ' ') {
      if (i >= s.size() || !is_space32(s[i])) return npos;
      while (i < s.size() && is_space32(s[i])) ++i;
      prev = ' ';
      continue;
    }
    if (k > 0 && prev != ' ' && !folded_word_char(prev) && !folded_word_char(e)) {
      while (i < s.size() && is_space32(s[i])) ++i;
    }
    if (i >= s.size() || s[i] != e) return npos;
    prev = e;
    ++i;
  }
  if (folded_word_char(entry.back()) && i < s.size() && folded_word_char(s[i])) return npos;
  return i;
}

size_t skip_spaces(std::u32string_view s, size_t p) {
  while (p < s.size() && is_space32(s[p])) ++p;
  return p;
}

bool name_word_char(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '+' || c == '_';
}

// Ends of one, two or three Latin words at p, longest first (at most `max_words` entries).
size_t name_ends(std::u32string_view s, size_t p, size_t ends[3], int max_words = 3) {
  if (p > 0 && folded_word_char(s[p - 1])) return 0;
  size_t n = 0, i = p;
  for (int w = 0; w < max_words; ++w) {
    if (i >= s.size() || !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'))) break;
    while (i < s.size() && name_word_char(s[i])) ++i;
    if (i < s.size() && folded_word_char(s[i])) break;
    ends[n++] = i;
    const size_t next = skip_spaces(s, i);
    if (next == i) break;
    i = next;
  }
  std::reverse(ends, ends + n);
  return n;
}

enum Role : uint8_t { kNoRole = 0, kSubjectRole = 1, kAgentRole = 2, kPossiblyRole = 4, kSuspectedRole = 8 };

// Free slots, for the open class of nouns a label may name: @NAME (one to three Latin words), @WORD (one Latin
// word, not a stop word), @HAN (one to four Han characters), @JA (one to six Han or kana characters), @KO (one
// to four Hangul syllables). The CJK ones never take the function characters listed in kCjkStop.
enum class Free : uint8_t { kNone, kName, kWord, kHan, kJa, kKo };

struct Slot {
  const Lexicon* lexicon = nullptr;  // nullptr: a free slot
  Free free = Free::kNone;
  uint8_t min = 1, max = 1;
  uint8_t role = kNoRole;
};

// Function characters, negations ("非", "不", "未"), question words and hedges ("可能", "疑似"): a free noun
// never swallows them, so "本文并非由AI生成" and "本文可能由AI生成" keep their meaning.
constexpr std::u32string_view kCjkStop =
    U"由经經为為是系的用被靠透通借利采採基使在和与與或及而了吗嗎呢非不未没沒无無否别別勿何谁誰怎哪如若假倘可疑许許也"
    U"はがをにでのともへやか";

bool free_char(Free f, char32_t c) {
  if (kCjkStop.find(c) != std::u32string_view::npos) return false;
  const bool han = (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF);
  switch (f) {
    case Free::kHan: return han;
    case Free::kJa: return han || (c >= 0x3041 && c <= 0x30FF);
    case Free::kKo: return c >= 0xAC00 && c <= 0xD7A3;
    default: return false;
  }
}

// Ends of a run of 1..max characters of a free CJK slot at p, longest first.
size_t cjk_ends(std::u32string_view s, size_t p, Free f, size_t ends[6]) {
  const size_t max = f == Free::kJa ? 6 : 4;
  size_t n = 0;
  while (n < max && p + n < s.size() && free_char(f, s[p + n])) ++n;
  for (size_t k = 0; k < n; ++k) ends[k] = p + n - k;
  return n;
}

const Lexicon& stop_words();

struct Pattern {
  std::vector<Slot> slots;
};

struct Language {
  LabelLanguage id;
  std::vector<std::pair<std::string, std::unique_ptr<Lexicon>>> lexicons;
  std::vector<Pattern> patterns;
};

// `budget` bounds the backtracking (clauses are short, but a hostile clause must not take long).
bool match_slots(const Pattern& pat, size_t si, uint8_t count, std::u32string_view s, size_t p, uint8_t& roles,
                 int& budget) {
  if (--budget < 0) return false;
  p = skip_spaces(s, p);
  if (si == pat.slots.size()) return p == s.size();
  const Slot& slot = pat.slots[si];
  if (count < slot.max) {
    if (slot.lexicon && p < s.size()) {
      const auto [first, last] = slot.lexicon->starting_with(s[p]);
      for (const std::u32string* it = first; it != last; ++it) {
        const std::u32string& e = *it;
        const size_t end = match_entry(s, p, e);
        if (end == std::u32string_view::npos) continue;
        if (match_slots(pat, si, static_cast<uint8_t>(count + 1), s, end, roles, budget)) {
          roles |= slot.role;
          return true;
        }
      }
    } else if (slot.free == Free::kHan || slot.free == Free::kJa || slot.free == Free::kKo) {
      size_t ends[6];
      const size_t n = cjk_ends(s, p, slot.free, ends);
      for (size_t k = 0; k < n; ++k) {
        if (match_slots(pat, si, static_cast<uint8_t>(count + 1), s, ends[k], roles, budget)) {
          roles |= slot.role;
          return true;
        }
      }
    } else {
      size_t ends[3];
      const bool one_word = slot.free == Free::kWord;
      const size_t n = name_ends(s, p, ends, one_word ? 1 : 3);
      if (one_word && n == 1) {
        const auto [first, last] = stop_words().starting_with(s[p]);
        for (const std::u32string* it = first; it != last; ++it) {
          if (match_entry(s, p, *it) == ends[0]) return count >= slot.min && match_slots(pat, si + 1, 0, s, p, roles, budget);
        }
      }
      for (size_t k = 0; k < n; ++k) {
        if (match_slots(pat, si, static_cast<uint8_t>(count + 1), s, ends[k], roles, budget)) return true;
      }
    }
  }
  if (count >= slot.min) return match_slots(pat, si + 1, 0, s, p, roles, budget);
  return false;
}

std::u32string_view trim(std::u32string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool match_whole(const Lexicon& lex, std::u32string_view s) {
  s = trim(s);
  if (s.empty()) return false;
  const auto [first, last] = lex.starting_with(s[0]);
  for (const std::u32string* it = first; it != last; ++it) {
    if (match_entry(s, 0, *it) == s.size()) return true;
  }
  return false;
}

struct GrammarData {
  std::vector<Language> languages;
  Lexicon companion{&kZhCompanion, &kZhTail, &kJaCompanion, &kKoCompanion, &kEnCompanion, &kDeCompanion,
                    &kFrCompanion, &kEsCompanion};
  Lexicon key{&kZhKey, &kJaKey, &kKoKey, &kEnKey, &kDeKey, &kFrKey, &kEsKey};
  Lexicon caption{&kCaption};
  Lexicon description{&kDescriptionStart};
  Lexicon stop{&kNotAWord};
  Lexicon companion_start{&kCompanionStart};
  std::vector<std::u32string> companion_end = [] {
    std::vector<std::u32string> v;
    for (const char* w : kCompanionEnd) v.push_back(fold_string(w));
    return v;
  }();
  Lexicon badge{&kZhBadge, &kEnBadge};
  Lexicon generation{&kZhGeneration, &kJaGeneration, &kKoGeneration, &kEnGeneration, &kDeGeneration,
                     &kFrGeneration, &kEsGeneration};
  bool ok = true;

  GrammarData() {
    for (const LanguageSpec& spec : specs()) {
      Language lang;
      lang.id = spec.id;
      for (const auto& [name, words] : spec.lexicons) {
        lang.lexicons.emplace_back(name, std::make_unique<Lexicon>(std::initializer_list<const Words*>{words}));
      }
      for (const char* text : spec.patterns) {
        Pattern pat;
        std::string_view rest = text;
        while (!rest.empty()) {
          const size_t sp = rest.find(' ');
          std::string_view tok = rest.substr(0, sp);
          rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
          Slot slot;
          if (tok.size() > 1 && tok.back() == '?') {
            slot.min = 0;
            tok.remove_suffix(1);
          } else if (tok.size() > 5 && tok.back() == '}') {
            const size_t brace = tok.find('{');
            if (brace == std::string_view::npos || tok.size() - brace != 5) {
              ok = false;
              continue;
            }
            slot.min = static_cast<uint8_t>(tok[brace + 1] - '0');
            slot.max = static_cast<uint8_t>(tok[brace + 3] - '0');
            tok = tok.substr(0, brace);
          }
          if (tok == "SUBJ" || tok == "DEM") slot.role = kSubjectRole;
          if (tok == "BY") slot.role = kAgentRole;
          if (tok == "POSS") slot.role = kPossiblyRole;
          if (tok == "SUSP") slot.role = kSuspectedRole;
          if (tok == "@NAME") slot.free = Free::kName;
          if (tok == "@WORD") slot.free = Free::kWord;
          if (tok == "@HAN") slot.free = Free::kHan;
          if (tok == "@JA") slot.free = Free::kJa;
          if (tok == "@KO") slot.free = Free::kKo;
          if (slot.free == Free::kHan || slot.free == Free::kJa || slot.free == Free::kKo) slot.role = kSubjectRole;
          if (slot.free == Free::kNone) {
            slot.lexicon = nullptr;
            for (const auto& [name, lex] : lang.lexicons) {
              if (name == tok) slot.lexicon = lex.get();
            }
            if (!slot.lexicon) {
              ok = false;
              continue;
            }
          }
          pat.slots.push_back(slot);
        }
        lang.patterns.push_back(std::move(pat));
      }
      languages.push_back(std::move(lang));
    }
  }
};

const GrammarData& data() {
  static const GrammarData d;
  return d;
}

const Lexicon& stop_words() { return data().stop; }

enum class Script { kLatin, kHan, kKana, kHangul };

Script script_of(std::u32string_view s) {
  bool han = false;
  for (char32_t c : s) {
    if ((c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x11FF)) return Script::kHangul;
    if (c >= 0x3041 && c <= 0x30FF) return Script::kKana;
    if (c >= 0x3400 && c <= 0x9FFF) han = true;
  }
  return han ? Script::kHan : Script::kLatin;
}

}  // namespace

std::string_view label_language_name(LabelLanguage l) {
  switch (l) {
    case LabelLanguage::kZh: return "zh";
    case LabelLanguage::kJa: return "ja";
    case LabelLanguage::kKo: return "ko";
    case LabelLanguage::kEn: return "en";
    case LabelLanguage::kDe: return "de";
    case LabelLanguage::kFr: return "fr";
    case LabelLanguage::kEs: return "es";
  }
  return "en";
}

LabelGrammar::LabelGrammar() { ok_ = data().ok; }

const LabelGrammar& LabelGrammar::get() {
  static const LabelGrammar g;
  return g;
}

ClauseMatch LabelGrammar::match_label(std::u32string_view clause) const {
  ClauseMatch out;
  clause = trim(clause);
  if (clause.empty() || clause.size() > 160) return out;
  // Languages in the order the clause's script suggests; Latin clauses try every Latin-script language.
  static constexpr LabelLanguage kLatin[] = {LabelLanguage::kEn, LabelLanguage::kDe, LabelLanguage::kFr,
                                             LabelLanguage::kEs, LabelLanguage::kZh};
  static constexpr LabelLanguage kHan[] = {LabelLanguage::kZh, LabelLanguage::kJa};
  static constexpr LabelLanguage kKana[] = {LabelLanguage::kJa};
  static constexpr LabelLanguage kHangul[] = {LabelLanguage::kKo};
  const LabelLanguage* order = kLatin;
  size_t n = std::size(kLatin);
  switch (script_of(clause)) {
    case Script::kHan: order = kHan; n = std::size(kHan); break;
    case Script::kKana: order = kKana; n = std::size(kKana); break;
    case Script::kHangul: order = kHangul; n = std::size(kHangul); break;
    case Script::kLatin: break;
  }
  for (size_t k = 0; k < n; ++k) {
    for (const Language& lang : data().languages) {
      if (lang.id != order[k]) continue;
      for (const Pattern& pat : lang.patterns) {
        uint8_t roles = 0;
        int budget = 20000;
        if (match_slots(pat, 0, 0, clause, 0, roles, budget)) {
          out.matched = true;
          out.language = lang.id;
          out.subject = roles & kSubjectRole;
          out.agent = roles & kAgentRole;
          out.possibly = roles & kPossiblyRole;
          out.suspected = roles & kSuspectedRole;
          return out;
        }
      }
    }
  }
  return out;
}

ClauseMatch LabelGrammar::match_label_with_description(std::u32string_view clause) const {
  clause = trim(clause);
  if (clause.size() > 160) return {};
  // Try the longest label prefix first; a prefix ends before a space, or after an adnominal ending.
  for (size_t k = clause.size(); k-- > 1;) {
    const char32_t before = clause[k - 1];
    const bool space_cut = clause[k] == ' ';
    const bool adnominal = before == U'的' || before == U'の' || before == U'된' || before == U'한' || before == U'た';
    if (!space_cut && !adnominal) continue;
    const std::u32string_view rest = trim(clause.substr(k));
    bool described = adnominal;
    if (!described && !rest.empty()) {
      const auto [first, last] = data().description.starting_with(rest[0]);
      for (const std::u32string* it = first; it != last && !described; ++it) {
        described = match_entry(rest, 0, *it) != std::u32string_view::npos;
      }
    }
    if (!described) continue;
    const ClauseMatch m = match_label(clause.substr(0, k));
    if (m.matched) return m;
  }
  return {};
}

bool LabelGrammar::match_companion(std::u32string_view clause) const {
  if (match_whole(data().companion, clause)) return true;
  clause = trim(clause);
  if (clause.empty() || clause.size() > 160) return false;
  const auto [first, last] = data().companion_start.starting_with(clause[0]);
  for (const std::u32string* it = first; it != last; ++it) {
    if (match_entry(clause, 0, *it) != std::u32string_view::npos) return true;
  }
  for (const std::u32string& e : data().companion_end) {
    if (clause.size() >= e.size() && clause.substr(clause.size() - e.size()) == e) return true;
  }
  return false;
}
bool LabelGrammar::match_key(std::u32string_view clause) const { return match_whole(data().key, clause); }
bool LabelGrammar::match_badge(std::u32string_view clause) const { return match_whole(data().badge, clause); }

size_t LabelGrammar::match_caption_prefix(std::u32string_view line) const {
  const size_t start = skip_spaces(line, 0);
  if (start >= line.size()) return 0;
  const auto [first, last] = data().caption.starting_with(line[start]);
  for (const std::u32string* it = first; it != last; ++it) {
    size_t p = match_entry(line, start, *it);
    if (p == std::u32string_view::npos) continue;
    p = skip_spaces(line, p);
    // An optional figure number: "图1", "Figure 2.3", "Abb. 4".
    while (p < line.size() && ((line[p] >= '0' && line[p] <= '9') || line[p] == '.')) ++p;
    p = skip_spaces(line, p);
    if (p < line.size() && (line[p] == ':' || line[p] == '|')) return p + 1;
  }
  return 0;
}

bool LabelGrammar::contains_generation_word(std::u32string_view clause) const {
  for (size_t p = 0; p < clause.size(); ++p) {
    const auto [first, last] = data().generation.starting_with(clause[p]);
    for (const std::u32string* it = first; it != last; ++it) {
      if (match_entry(clause, p, *it) != std::u32string_view::npos) return true;
    }
  }
  return false;
}

}  // namespace dsmark
