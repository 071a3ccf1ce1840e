// Keyboard shortcuts for the review screen. Everything also works without this file.
// Queue: j/k move, Enter opens, b opens the draft at its confirm button, / searches.
// Draft: j/k next/previous draft, b moves focus to "Bevestigen", Escape back to the queue.
;(function () {
  function typing(el) {
    if (!el) return false
    var tag = el.tagName
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable
  }
  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll('#queue-table tbody tr[data-id]'))
  }
  function current() {
    var list = rows()
    for (var i = 0; i < list.length; i++) if (list[i].classList.contains('selected')) return i
    return -1
  }
  function select(i) {
    var list = rows()
    if (list.length === 0) return
    i = Math.max(0, Math.min(list.length - 1, i))
    list.forEach(function (r) {
      r.classList.remove('selected')
    })
    var row = list[i]
    row.classList.add('selected')
    var link = row.querySelector('a.open')
    if (link) link.focus()
  }
  document.addEventListener('keydown', function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return
    if (typing(ev.target)) {
      if (ev.key === 'Escape' && ev.target.blur) ev.target.blur()
      return
    }
    var onQueue = !!document.getElementById('queue-table')
    var onDraft = !!document.getElementById('draft-form')
    if (ev.key === '/') {
      var q = document.getElementById('q')
      if (q) {
        ev.preventDefault()
        q.focus()
      }
      return
    }
    if (onQueue) {
      if (ev.key === 'j') {
        ev.preventDefault()
        select(current() + 1)
      } else if (ev.key === 'k') {
        ev.preventDefault()
        select(current() - 1)
      } else if (ev.key === 'b') {
        var i = current()
        var row = i >= 0 ? rows()[i] : null
        if (row) {
          ev.preventDefault()
          window.location.href = '/items/' + row.getAttribute('data-id') + '#bevestigen'
        }
      }
      return
    }
    if (onDraft) {
      var target = null
      if (ev.key === 'j') target = document.getElementById('volgende')
      else if (ev.key === 'k') target = document.getElementById('vorige')
      else if (ev.key === 'Escape') target = document.getElementById('terug')
      if (target && target.href) {
        ev.preventDefault()
        window.location.href = target.href
        return
      }
      if (ev.key === 'b') {
        var button = document.getElementById('bevestigen')
        if (button) {
          ev.preventDefault()
          button.focus()
        }
      }
    }
  })
  // Focus within the queue table follows the mouse/keyboard focus of row links.
  document.addEventListener('focusin', function (ev) {
    var row = ev.target && ev.target.closest ? ev.target.closest('#queue-table tbody tr[data-id]') : null
    if (!row) return
    rows().forEach(function (r) {
      r.classList.toggle('selected', r === row)
    })
  })
  function focusConfirmFromHash() {
    if (window.location.hash === '#bevestigen') {
      var button = document.getElementById('bevestigen')
      if (button) button.focus()
    }
  }
  document.addEventListener('DOMContentLoaded', focusConfirmFromHash)
  // The print button exists only with JS (without it, the browser's own print works the same).
  document.addEventListener('DOMContentLoaded', function () {
    var print = document.getElementById('afdrukken')
    if (print) {
      print.hidden = false
      print.addEventListener('click', function () {
        window.print()
      })
    }
  })
  // After a boosted form post swaps the page, put keyboard focus where the result is: the first
  // invalid field, else the main content (its status message is announced by the live region).
  document.addEventListener('htmx:afterSettle', function (ev) {
    if (!ev.detail || ev.detail.target !== document.body) return
    var invalid = document.querySelector('[aria-invalid="true"]')
    var main = document.getElementById('inhoud')
    var target = invalid || main
    if (target) target.focus()
    focusConfirmFromHash()
  })
  // Drag and drop + per-file progress on the upload page.
  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('upload-form')
    if (!form || !window.FormData || !window.XMLHttpRequest) return
    var input = document.getElementById('files')
    var zone = document.getElementById('dropzone')
    var list = document.getElementById('upload-progress')
    var csrf = form.querySelector('input[name="_csrf"]').value
    var pending = []
    function addFiles(files) {
      for (var i = 0; i < files.length; i++) pending.push(files[i])
      render()
    }
    function render() {
      var names = pending
        .map(function (f) {
          return f.name
        })
        .join(', ')
      var sel = document.getElementById('selected-files')
      if (sel) sel.textContent = pending.length ? pending.length + ' bestand(en) gekozen: ' + names : ''
    }
    if (zone) {
      zone.hidden = false
      ;['dragenter', 'dragover'].forEach(function (n) {
        zone.addEventListener(n, function (e) {
          e.preventDefault()
          zone.classList.add('over')
        })
      })
      ;['dragleave', 'drop'].forEach(function (n) {
        zone.addEventListener(n, function (e) {
          e.preventDefault()
          zone.classList.remove('over')
        })
      })
      zone.addEventListener('drop', function (e) {
        if (e.dataTransfer && e.dataTransfer.files) addFiles(e.dataTransfer.files)
      })
    }
    input.addEventListener('change', function () {
      pending = []
      addFiles(input.files)
    })
    form.addEventListener('submit', function (ev) {
      if (pending.length === 0) return // let the browser post the plain form (shows the server's message)
      ev.preventDefault()
      var received = form.querySelector('[name="receivedOn"]').value
      list.innerHTML = ''
      var files = pending.slice()
      pending = []
      render()
      files.forEach(function (file) {
        var li = document.createElement('li')
        var label = document.createElement('span')
        label.textContent = file.name + ': '
        var bar = document.createElement('progress')
        bar.max = 100
        bar.value = 0
        bar.setAttribute('aria-label', 'Voortgang ' + file.name)
        var text = document.createElement('span')
        text.textContent = ' wordt verstuurd'
        li.appendChild(label)
        li.appendChild(bar)
        li.appendChild(text)
        list.appendChild(li)
        var data = new FormData()
        data.append('_csrf', csrf)
        data.append('receivedOn', received)
        data.append('files', file, file.name)
        var xhr = new XMLHttpRequest()
        xhr.open('POST', form.action)
        xhr.setRequestHeader('Accept', 'application/json')
        xhr.setRequestHeader('X-CSRF-Token', csrf)
        xhr.upload.addEventListener('progress', function (e) {
          if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100)
        })
        xhr.addEventListener('load', function () {
          var result = null
          try {
            result = JSON.parse(xhr.responseText).results[0]
          } catch (_e) {
            /* not JSON */
          }
          bar.value = 100
          if (xhr.status < 300 && result && result.ok) {
            text.textContent = result.created
              ? ' ontvangen (nummer ' + result.id + ')'
              : ' was al eerder ontvangen (nummer ' + result.id + ')'
            // From here the server's line takes over: read → OCR → draft, with the link to the draft.
            if (result.statusUrl && window.htmx) {
              li.setAttribute('hx-get', result.statusUrl)
              li.setAttribute('hx-trigger', 'load')
              li.setAttribute('hx-swap', 'outerHTML')
              window.htmx.process(li)
            }
          } else {
            text.textContent = ' mislukt: ' + (result && result.error ? result.error : 'fout ' + xhr.status)
          }
        })
        xhr.addEventListener('error', function () {
          text.textContent = ' mislukt: geen verbinding'
        })
        xhr.send(data)
      })
    })
  })
})()
