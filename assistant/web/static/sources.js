// The sources panel: a checkbox chooses a source for this conversation's answers, "View
// text" opens the file in the viewer as indexed, "All"/"None" choose every source or none,
// and "Remove" (asked twice: the first click only arms it) moves the file to the trash.
// Each becomes one click event of the panel carrying (action, source). Runs as the panel's
// js_on_load.
const act = (action, source) => trigger('click', {action, source: source || ''});
element.addEventListener('change', (e) => {
  const box = e.target.closest('input.sp-choose');
  if (box) act(box.checked ? 'choose' : 'unchoose', box.closest('.sp-item').dataset.source);
});
element.addEventListener('click', (e) => {
  const button = e.target.closest('button[data-action]');
  if (!button) return;
  const item = button.closest('.sp-item');
  if (button.dataset.action === 'remove' && !button.classList.contains('armed')) {
    button.classList.add('armed');
    button.textContent = 'Move to trash?';
    return;
  }
  if (button.dataset.action === 'remove') button.disabled = true;
  act(button.dataset.action, item ? item.dataset.source : '');
});
