// The registry dashboard: lists every live instance by service and keeps the list current without reloads.
// It long-polls the registry's own blocking query (GET /api/v1/instances?index=K&wait=2s), so a change shows
// within moments, and ticks the heartbeat ages locally between answers. Data is written with textContent
// only: metadata comes from providers and must never be read as HTML.
(function () {
  'use strict';

  var WAIT = '2s';
  var RETRY_MS = 2000;
  var TOKEN_KEY = 'seedrpc-registry-token';

  var statusEl = document.getElementById('status');
  var servicesEl = document.getElementById('services');
  var emptyEl = document.getElementById('empty');
  var tokenForm = document.getElementById('token-form');
  var tokenInput = document.getElementById('token');

  var index = null;
  // The registry's clock minus the browser's, from the Date header, so ages do not depend on clock skew.
  var clockOffsetMs = 0;

  function headers() {
    var token = sessionStorage.getItem(TOKEN_KEY);
    return token ? { 'Authorization': 'Bearer ' + token } : {};
  }

  function setStatus(text, isError) {
    statusEl.textContent = text;
    statusEl.className = isError ? 'status error' : 'status';
  }

  function poll() {
    var url = '/api/v1/instances' + (index === null ? '' : '?index=' + index + '&wait=' + WAIT);
    fetch(url, { headers: headers(), cache: 'no-store' })
      .then(function (response) {
        if (response.status === 401) {
          tokenForm.hidden = false;
          setStatus('This registry needs a token to read.', true);
          return null;
        }
        if (!response.ok) {
          throw new Error('the registry answered ' + response.status);
        }
        // The Date header has whole seconds only: trust it only for skews it can actually show.
        var offset = Date.parse(response.headers.get('Date')) - Date.now();
        clockOffsetMs = Math.abs(offset) > 2000 ? offset : 0;
        return response.json();
      })
      .then(function (snapshot) {
        if (snapshot === null) {
          return;
        }
        tokenForm.hidden = true;
        index = snapshot.index;
        render(snapshot.instances);
        setStatus(summary(snapshot.instances) + ' · updated ' + new Date().toLocaleTimeString(), false);
        poll();
      })
      .catch(function (error) {
        index = null;
        setStatus('Registry unreachable (' + error.message + '); retrying…', true);
        setTimeout(poll, RETRY_MS);
      });
  }

  function summary(instances) {
    var services = byService(instances);
    var count = Object.keys(services).length;
    return count + (count === 1 ? ' service, ' : ' services, ') + instances.length
      + (instances.length === 1 ? ' instance' : ' instances');
  }

  function byService(instances) {
    var services = {};
    instances.forEach(function (instance) {
      instance.services.forEach(function (service) {
        (services[service] = services[service] || []).push(instance);
      });
    });
    return services;
  }

  function render(instances) {
    var services = byService(instances);
    var names = Object.keys(services).sort();
    servicesEl.replaceChildren();
    emptyEl.hidden = names.length > 0;
    names.forEach(function (name) {
      var section = el('section');
      section.dataset.service = name;
      var heading = el('h2', name);
      heading.appendChild(el('span', services[name].length + (services[name].length === 1 ? ' instance' : ' instances'), 'count'));
      section.appendChild(heading);
      var table = el('table');
      var head = el('tr');
      ['id', 'address', 'weight', 'metadata', 'last heartbeat'].forEach(function (title) {
        head.appendChild(el('th', title));
      });
      table.appendChild(head);
      services[name].forEach(function (instance) {
        table.appendChild(row(instance));
      });
      section.appendChild(table);
      servicesEl.appendChild(section);
    });
    tickAges();
  }

  function row(instance) {
    var tr = el('tr');
    tr.dataset.instanceId = instance.id;
    tr.appendChild(el('td', instance.id, 'mono'));
    tr.appendChild(el('td', instance.host + ':' + instance.port, 'mono address'));
    tr.appendChild(el('td', String(instance.weight), 'weight'));
    var metadata = el('td', null, 'metadata');
    Object.keys(instance.metadata).sort().forEach(function (key) {
      metadata.appendChild(el('span', key + '=' + instance.metadata[key], 'tag'));
    });
    tr.appendChild(metadata);
    var age = el('td', null, 'age');
    age.dataset.lastHeartbeatMs = instance.lastHeartbeatMs;
    tr.appendChild(age);
    return tr;
  }

  function tickAges() {
    var now = Date.now() + clockOffsetMs;
    document.querySelectorAll('td.age').forEach(function (cell) {
      var seconds = Math.max(0, (now - Number(cell.dataset.lastHeartbeatMs)) / 1000);
      cell.textContent = seconds.toFixed(1) + ' s ago';
      // Heartbeats come every 5 s by default: one missed is worth a glance.
      cell.className = seconds > 10 ? 'age late' : 'age';
    });
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== null && text !== undefined) {
      node.textContent = text;
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  tokenForm.addEventListener('submit', function (event) {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, tokenInput.value);
    tokenInput.value = '';
    index = null;
    poll();
  });

  setInterval(tickAges, 500);
  poll();
})();
