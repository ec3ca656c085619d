/**
 * Pan and zoom of a chart inside its viewport, for the statechart view and the teaching view's
 * chart: drag to pan, wheel to zoom about the pointer. The caller keeps the view (`{ x, y, k,
 * userMoved }`), draws it (`apply`), says when there is something to move (`active`) and bounds
 * the zoom (`minK`, `maxK`, read at each gesture: the teaching view never goes below readable).
 */
export function attachPanZoom(viewport, { view, apply, active, minK = () => 0.05, maxK = () => 6 }) {
  const zoomAt = (px, py, factor) => {
    const k = Math.min(maxK(), Math.max(minK(), view.k * factor));
    const ratio = k / view.k;
    Object.assign(view, { x: px - (px - view.x) * ratio, y: py - (py - view.y) * ratio, k, userMoved: true });
    apply();
  };
  viewport.addEventListener('wheel', (event) => {
    if (!active()) return;
    event.preventDefault();
    const rect = viewport.getBoundingClientRect();
    const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
    zoomAt(event.clientX - rect.left, event.clientY - rect.top, Math.exp(-delta * 0.0015));
  }, { passive: false });
  let drag = null;
  viewport.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || !active()) return;
    drag = { id: event.pointerId, sx: event.clientX, sy: event.clientY, x: view.x, y: view.y };
    viewport.setPointerCapture(event.pointerId);
    viewport.classList.add('dragging');
  });
  viewport.addEventListener('pointermove', (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    Object.assign(view, { x: drag.x + event.clientX - drag.sx, y: drag.y + event.clientY - drag.sy, userMoved: true });
    apply();
  });
  const end = (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    drag = null;
    viewport.classList.remove('dragging');
  };
  viewport.addEventListener('pointerup', end);
  viewport.addEventListener('pointercancel', end);
  /** Zooms about the viewport's centre (the + and − buttons). */
  return { zoomAtCentre: (factor) => zoomAt(viewport.clientWidth / 2, viewport.clientHeight / 2, factor) };
}
