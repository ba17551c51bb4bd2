// A check's events (checker.js) applied to its ResultView: the page, the extension's panels and the widget all show
// a running check the same way.
import { formatBytes } from './explain.js';

// Byte counts in a notice's values, in words.
export function formatVars(vars) {
  if (!vars) return vars;
  const out = { ...vars };
  for (const k of ['size', 'max']) if (typeof out[k] === 'number') out[k] = formatBytes(out[k]);
  return out;
}

/** Whether a Checker event ends its job: after it, no more events come for that job. */
export function isFinalEvent(event) {
  return event.type === 'final' || event.type === 'failed' || event.type === 'cancelled';
}

/** Applies one Checker event ({type: phase | progress | notice | partial | final | failed | cancelled}) to `view`. */
export function applyJobEvent(view, event) {
  switch (event.type) {
    case 'phase':
      view.update({ phase: event.phase });
      break;
    case 'progress':
      view.setProgress(event.loaded, event.total);
      break;
    case 'notice':
      view.update({ notices: [...(view.state.notices || []), { key: event.key, vars: formatVars(event.vars) }] });
      break;
    case 'partial':
      view.update({ partialReport: event.report });
      break;
    case 'final':
      view.update({ report: event.report, phase: 'done' });
      break;
    case 'failed':
      view.update({ failure: { key: event.key, vars: event.vars }, phase: 'done' });
      break;
    case 'cancelled':
      view.update({ phase: 'cancelled', report: view.state.partialReport || undefined });
      break;
    default:
  }
}
