// The source viewer scrolls its highlighted passage into view whenever it changes.
// Runs as the viewer's js_on_load.
watch('value', () => {
  const mark = element.querySelector('mark.active');
  const body = element.querySelector('.src-body');
  if (!mark || !body) return;
  body.scrollTop = Math.max(0, mark.offsetTop - body.clientHeight / 3);
  element.scrollIntoView({block: 'nearest', behavior: 'smooth'});
});
