// Selecting a citation: a card in the evidence panel, or an [n] link in the chat. Both
// become one event of the evidence panel carrying (turn, n). Runs as the panel's js_on_load.
const pick = (turn, n) => trigger('click', {turn: Number(turn), n: Number(n)});
element.addEventListener('click', (e) => {
  const card = e.target.closest('.ev-card');
  if (card) pick(card.dataset.turn, card.dataset.n);
});
element.addEventListener('keydown', (e) => {
  const card = e.target.closest('.ev-card');
  if (card && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); pick(card.dataset.turn, card.dataset.n); }
});
watch('value', () => {
  const card = element.querySelector('.ev-card.active'), list = element.querySelector('.ev');
  if (card && list) list.scrollTop = Math.max(0, card.offsetTop - list.clientHeight / 4);
});
if (!window.__treatyCiteLinks) {
  window.__treatyCiteLinks = true;
  document.addEventListener('click', (e) => {
    const link = e.target.closest && e.target.closest('a[href^="#cite-"]');
    if (!link) return;
    e.preventDefault(); e.stopPropagation();
    const [, turn, n] = link.getAttribute('href').split('-');
    pick(turn, n);
  }, true);
}
