// Types of dsmark's JavaScript API (the same in Node and in browsers). The report is SPEC.md's, schema
// dsmark.report.v1: documented field by field in docs/report.md. New fields may be added; none is ever removed.

/** What the strongest mark says: `ai` > `possibly-ai` > `suspected-ai`; `none` when no mark claims AI; `error`
 * when the input could not be read at all. */
export type Verdict = 'ai' | 'possibly-ai' | 'suspected-ai' | 'none' | 'error';

/** What one mark says about the content. */
export type Claim = 'ai' | 'possibly-ai' | 'suspected-ai' | 'not-ai' | 'unknown';

export type MarkKind = 'implicit-metadata' | 'watermark' | 'explicit';

/** Formats sniffed from the bytes (never from the name). Newer cores may report more. */
export type Format =
  | 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'heif' | 'avif' | 'mp4' | 'mov' | 'm4a' | 'webm' | 'mkv' | 'avi' | 'flv'
  | 'wav' | 'mp3' | 'flac' | 'ogg' | 'opus' | 'pdf' | 'docx' | 'xlsx' | 'pptx' | 'markdown' | 'text' | 'unknown'
  | (string & {});

export type Media = 'image' | 'audio' | 'video' | 'text' | 'document' | 'unknown';

/** Scheme names (SPEC.md): `gb45438`, `c2pa`, `iptc`, `generator`, `watermark:*`, `explicit:*`, `text:invisible`, and
 * whatever later cores add. */
export type Scheme = 'gb45438' | 'c2pa' | 'iptc' | 'generator' | `watermark:${string}` | `explicit:${string}` | 'text:invisible' | (string & {});

export type FieldValue = string | number | boolean | null | FieldValue[] | { [key: string]: FieldValue };

export interface Mark {
  scheme: Scheme;
  kind: MarkKind | (string & {});
  /** Where the mark sits, e.g. `png:iTXt:XML:com.adobe.xmp/TC260:AIGC`. */
  carrier: string;
  claim: Claim;
  /** 1.0 for parsed metadata; a detector's certainty otherwise (its false-positive probability in `fields.p_value`). */
  confidence: number;
  fields: { [key: string]: FieldValue };
  /** Compliance or integrity findings about this mark, in English. */
  problems: string[];
  [extra: string]: unknown;
}

export type ErrorCode = 'empty' | 'truncated' | 'malformed' | 'unsupported' | 'limit' | 'io' | (string & {});

export interface Report {
  schema: 'dsmark.report.v1';
  file: string;
  format: Format;
  media: Media;
  verdict: Verdict;
  marks: Mark[];
  warnings: string[];
  error: { code: ErrorCode; message: string } | null;
  /** Audio and video with sound, when the detectors ran: whether the sound was decoded and checked. */
  sound?: Sound;
  [extra: string]: unknown;
}

/** `report.sound` (docs/report.md). */
export interface Sound {
  decoded: boolean;
  /** `aac`, `opus`, `mp3`, `flac`, `pcm_s16le`, `alac`, `ac-3`, …; null when not known. */
  codec: string | null;
  /** Decoded: `dsmark` (the core's own decoders) or `caller` (samples given to verifyPcm, e.g. from Web Audio). */
  decoder: 'dsmark' | 'caller' | null;
  /** Decoded: the seconds of sound checked. */
  seconds: number | null;
  /** Not decoded: `unsupported` (no decoder for this codec in this build), `malformed`, `truncated`, `limit`. */
  code: 'unsupported' | 'malformed' | 'truncated' | 'limit' | null;
  /** Not decoded: why, in plain English. */
  reason: string | null;
}

/** Text (a string), bytes, a Blob or File, or a URL to fetch (`file:` URLs are read from disk under Node). */
export type VerifyInput = string | Uint8Array | ArrayBuffer | ArrayBufferView | Blob | URL;

/** A running check's progress, in browsers (web/checker.js). */
export type CheckEvent =
  | { type: 'phase'; phase: 'queued' | 'downloading' | 'reading' | 'metadata' | 'detectors' | 'checking' }
  | { type: 'progress'; loaded: number; total?: number }
  | { type: 'notice'; key: string; vars?: Record<string, string | number> }
  | { type: 'partial'; report: Report }
  | { type: 'final'; report: Report }
  | { type: 'failed'; key: string; vars?: Record<string, string | number> }
  | { type: 'cancelled' };

export interface VerifyOptions {
  /** The name the report carries in `file` (default: the File's name, the URL's last path segment, or `text.txt`). */
  name?: string;
  /** `false` runs the metadata readers only (fast); the default runs every detector too. */
  detectors?: boolean;
  /** Aborts the check: the promise rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** Browsers only: the check's progress as it happens. */
  onEvent?: (event: CheckEvent) => void;
}

/**
 * Verifies a file or a text. Resolves with the report for anything about the input itself (a file that cannot be
 * fetched or read gets `verdict: "error"` and `error.code`); rejects only when the engine cannot run, when the
 * input is of an unsupported type (`TypeError`) or when aborted.
 * A string is always text, read by the core's text entry point (`verifyText`): visible labels (`explicit:text`),
 * invisible characters (`text:invisible`), dsmark's text watermark (`watermark:dsmark-text`), embedded metadata.
 */
export function verify(input: VerifyInput, options?: VerifyOptions): Promise<Report>;

export interface Features {
  /** The core's version, e.g. "0.1.0". */
  version: string;
  /** Whether the core reads text directly (explicit labels, invisible characters), not only as a file. */
  verifyText: boolean;
  /** Whether the core takes decoded PCM for audio the wasm build cannot decode (browsers decode it with Web Audio). */
  verifyPcm: boolean;
  pcmSampleRate: number;
}

/** What the loaded core can do. */
export function features(): Promise<Features>;

/** The package's version. */
export const VERSION: string;
/** The Subresource Integrity hash (SHA-384) of `dsmark_core.wasm`, checked before the core runs. */
export const WASM_INTEGRITY: string;
/** Where `dsmark_core.wasm` is (a file of this package). */
export const wasmUrl: URL;
