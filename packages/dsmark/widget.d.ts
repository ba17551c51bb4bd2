// Types of the <dsmark-check> custom element (dsmark/widget).
import type { Report, Verdict } from './index.js';

/**
 * `<dsmark-check src="photo.jpg">` or `<dsmark-check text="…">`: checks the file or the text when it comes into
 * view (or at once with `loading="eager"`) and shows a badge that opens a details card. Attributes are its API:
 * `src`, `text`, `name`, `lang` (`zh-CN` or `en`), `loading` (`lazy` | `eager`), `detectors` (`false`: metadata
 * only), `quiet` (no badge when no mark is found). It sets `data-verdict` and `data-state` on itself, and fires
 * `dsmark-result` (detail: {report}) and `dsmark-error` (detail: {error}).
 */
export class DsmarkCheckElement extends HTMLElement {
  src: string | null;
  text: string | null;
  /** The last finished check's report, or null. */
  readonly report: Report | null;
  /** The last finished check's verdict, or null while checking. */
  readonly verdict: Verdict | null;
  /** Checks now (again); resolves with the report. */
  check(): Promise<Report | null>;
  /** Opens or closes the details card. */
  toggleDetails(open?: boolean): void;
}

export interface DsmarkResultEventDetail { report: Report }
export interface DsmarkErrorEventDetail { error: Error }

declare global {
  interface HTMLElementTagNameMap {
    'dsmark-check': DsmarkCheckElement;
  }
  interface HTMLElementEventMap {
    'dsmark-result': CustomEvent<DsmarkResultEventDetail>;
    'dsmark-error': CustomEvent<DsmarkErrorEventDetail>;
  }
}
