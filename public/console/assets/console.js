// Switchboard console: the only script. Pages read fine without it; it keeps the live parts of a
// page current (the Calls list, a campaign's progress) and asks before a campaign is canceled.
;(() => {
  const EVERY_MS = 2000
  const live = document.getElementById('live')
  const say = (text) => {
    if (live) live.textContent = text
  }

  // Delegated: the live region redraws its forms.
  document.addEventListener('submit', (event) => {
    const form = event.target
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault()
    }
  })

  for (const region of document.querySelectorAll('[data-poll]')) {
    let last = region.innerHTML
    let timer
    const stop = (text) => {
      clearInterval(timer)
      say(text)
    }
    const tick = async () => {
      if (document.hidden) return
      try {
        const res = await fetch(region.dataset.poll, { credentials: 'same-origin', redirect: 'manual' })
        if (res.type === 'opaqueredirect' || res.status === 401 || res.status === 403) {
          stop('Live updates stopped: sign in again.')
          return
        }
        if (!res.ok) return
        const html = await res.text()
        // A filter being chosen inside the region waits: a redraw would reset it.
        const active = document.activeElement
        if (region.contains(active) && active.matches('input, select, textarea')) return
        if (html !== last) {
          last = html
          // Keep keyboard focus where it was when the region is redrawn.
          const focused = region.contains(document.activeElement) ? document.activeElement.id : ''
          region.innerHTML = html
          if (focused) document.getElementById(focused)?.focus()
        }
        if (region.querySelector('[data-final]')) {
          stop(`Final: updated ${new Date().toLocaleTimeString()}.`)
          return
        }
        say(`Live: updated ${new Date().toLocaleTimeString()}.`)
      } catch {
        say('Live updates paused: the gateway did not answer.')
      }
    }
    timer = setInterval(tick, EVERY_MS)
  }
})()
