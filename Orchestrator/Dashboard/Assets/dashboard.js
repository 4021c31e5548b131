// Live updates without a framework: a page whose <main> carries data-refresh polls its own URL
// with the fragment header and swaps in the new content, keeping open <details> open and a
// console scrolled to the bottom when the reader was already at the bottom.
(() => {
  const main = document.getElementById("main");
  if (!main || !main.dataset.refresh) return;
  const interval = Number(main.dataset.refresh);

  const openKeys = () => new Set([...main.querySelectorAll("details[open][data-key]")].map(d => d.dataset.key));
  const followingConsole = () => {
    const c = main.querySelector(".console");
    return !c || c.scrollHeight - c.scrollTop - c.clientHeight < 24;
  };

  const scrollConsoleToEnd = () => {
    const c = main.querySelector(".console");
    if (c) c.scrollTop = c.scrollHeight;
  };

  async function refresh() {
    if (document.hidden || main.contains(document.activeElement) && document.activeElement.tagName === "INPUT") return;
    const keep = openKeys();
    const follow = followingConsole();
    const response = await fetch(location.href, { headers: { "X-Dashboard-Fragment": "1" }, credentials: "same-origin" });
    if (response.status === 401) { location.reload(); return; }
    if (!response.ok) return;
    main.innerHTML = await response.text();
    main.querySelectorAll("details[data-key]").forEach(d => { if (keep.has(d.dataset.key)) d.open = true; });
    if (follow) scrollConsoleToEnd();
  }

  scrollConsoleToEnd();
  setInterval(() => refresh().catch(() => {}), interval);
})();
