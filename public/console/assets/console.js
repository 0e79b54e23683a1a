// Switchboard console: the only script. Pages read fine without it; it keeps the Calls list live.
;(() => {
  const rows = document.getElementById('call-rows')
  if (!rows?.dataset.poll) return
  const live = document.getElementById('live')
  const EVERY_MS = 2000
  let last = rows.innerHTML
  let timer
  const tick = async () => {
    if (document.hidden) return
    try {
      const res = await fetch(rows.dataset.poll, { credentials: 'same-origin', redirect: 'manual' })
      if (res.type === 'opaqueredirect' || res.status === 401 || res.status === 403) {
        clearInterval(timer)
        if (live) live.textContent = 'Live updates stopped: sign in again.'
        return
      }
      if (!res.ok) return
      const html = await res.text()
      if (html !== last) {
        last = html
        rows.innerHTML = html
      }
      if (live) live.textContent = `Live: updated ${new Date().toLocaleTimeString()}.`
    } catch {
      if (live) live.textContent = 'Live updates paused: the gateway did not answer.'
    }
  }
  timer = setInterval(tick, EVERY_MS)
})()
