// Where the in-page panel goes (a pure function, unit-tested in tests/extension/targets.test.mjs).

export const GAP = 8;

// Beside the element when there is room (right, then left), else below or above it; always inside the viewport.
// → {left, top, width, maxHeight} in viewport pixels.
export function placePanel(rect, viewport, width, height) {
  const w = Math.min(width, viewport.width - 2 * GAP);
  const h = Math.min(height, viewport.height - 2 * GAP);
  const clampX = (x) => Math.max(GAP, Math.min(x, viewport.width - w - GAP));
  const clampY = (y) => Math.max(GAP, Math.min(y, viewport.height - h - GAP));
  const toBottom = (top) => ({ top, maxHeight: viewport.height - top - GAP });
  if (!rect) return { left: viewport.width - w - GAP, width: w, ...toBottom(GAP) };
  if (rect.right + GAP + w <= viewport.width - GAP) return { left: rect.right + GAP, width: w, ...toBottom(clampY(rect.top)) };
  if (rect.left - GAP - w >= GAP) return { left: rect.left - GAP - w, width: w, ...toBottom(clampY(rect.top)) };
  const below = viewport.height - rect.bottom - 2 * GAP;
  const above = rect.top - 2 * GAP;
  if (below >= Math.min(h, 240) || below >= above) return { left: clampX(rect.left), width: w, ...toBottom(Math.min(rect.bottom + GAP, viewport.height - GAP - 120)) };
  const top = Math.max(GAP, rect.top - GAP - h);
  return { left: clampX(rect.left), top, width: w, maxHeight: rect.top - GAP - top };
}
