// The console's page logic: plain DOM, no framework, nothing fetched but this server's console API.
// Every S3 call goes to api/s3/<bucket>/<key>?<query>, which the server signs as the console's
// identity; DOM text is set with textContent only, so keys and metadata never become markup.
// biome-ignore lint/suspicious/noRedundantUseStrict: a classic <script>, not a module: strict mode needs the directive
'use strict';
(() => {
  const PART_SIZE = 8 * 1024 * 1024;
  const PART_CONCURRENCY = 3;
  const POLL_MS = 1000;
  const MAX_REQUEST_ROWS = 500;
  const MAX_UPLOAD_ROWS = 20;
  const PAGE_KEYS = '200';

  const state = {
    info: null, buckets: [], bucket: null, prefix: '', versions: false,
    next: null, object: null, lastSeq: 0, requests: [], paused: false, polling: false,
  };

  const $ = (id) => document.getElementById(id);

  /** Builds an element: attrs (class, data-*, on* handlers, properties) and text or element children. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null) continue;
      if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else if (name === 'class') node.className = value;
      else if (name.startsWith('data-') || name === 'href' || name === 'download' || name === 'title') node.setAttribute(name, value);
      else node[name] = value;
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // ---- S3 over the console API -------------------------------------------------------------

  /** The whole key as one segment (`/` as %2F), so the browser never resolves `.`/`..` in keys. */
  function s3Url(bucket, key, query) {
    let url = 'api/s3/';
    if (bucket) url += encodeURIComponent(bucket);
    if (key !== undefined) url += '/' + encodeURIComponent(key);
    const pairs = Object.entries(query || {}).filter(([, v]) => v !== undefined && v !== null);
    if (pairs.length > 0) {
      url += '?' + pairs.map(([k, v]) => (v === '' ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)).join('&');
    }
    return url;
  }

  function regionOf(bucket) {
    const b = state.buckets.find((x) => x.name === bucket);
    return (b && b.region) || (state.info && state.info.defaultRegion) || 'us-east-1';
  }

  function parseXml(text) {
    return new DOMParser().parseFromString(text, 'application/xml');
  }

  function childText(node, name) {
    for (const c of node.children) if (c.localName === name) return c.textContent;
    return undefined;
  }

  function childrenNamed(node, name) {
    return [...node.children].filter((c) => c.localName === name);
  }

  async function errorOf(res, method) {
    const text = method === 'HEAD' ? '' : await res.text();
    let code; let message;
    if (text.startsWith('{')) {
      try { message = JSON.parse(text).message; } catch { /* not JSON after all */ }
    } else if (text !== '') {
      const root = parseXml(text).documentElement;
      code = childText(root, 'Code');
      message = childText(root, 'Message');
    }
    const err = new Error(code ? `${code}: ${message || ''}` : message || `HTTP ${res.status}`);
    err.code = code;
    err.status = res.status;
    return err;
  }

  async function s3(method, bucket, key, opts) {
    const o = opts || {};
    const headers = new Headers(o.headers || {});
    headers.set('x-ruststack-region', o.region || regionOf(bucket));
    const res = await fetch(s3Url(bucket, key, o.query), { method, headers, body: o.body, credentials: 'same-origin' });
    if (!res.ok) throw await errorOf(res, method);
    return res;
  }

  async function s3Xml(method, bucket, key, opts) {
    const res = await s3(method, bucket, key, opts);
    const root = parseXml(await res.text()).documentElement;
    // CompleteMultipartUpload may answer 200 with an <Error> body.
    if (root && root.localName === 'Error') throw new Error(`${childText(root, 'Code')}: ${childText(root, 'Message') || ''}`);
    return root;
  }

  /** A PUT through XMLHttpRequest, whose upload events give progress (fetch has none). */
  function xhrPut(url, body, headers, onProgress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', url);
      for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
      xhr.upload.onprogress = (e) => onProgress(e.loaded);
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.getResponseHeader('ETag'));
        else errorOf(new Response(xhr.responseText, { status: xhr.status }), 'PUT').then(reject, reject);
      };
      xhr.onerror = () => reject(new Error('network error'));
      xhr.send(body);
    });
  }

  // ---- messages ------------------------------------------------------------------------------

  let bannerTimer;
  function notify(message, kind) {
    const banner = $('banner');
    banner.textContent = message;
    banner.className = kind === 'info' ? 'info' : '';
    banner.hidden = false;
    clearTimeout(bannerTimer);
    bannerTimer = setTimeout(() => { banner.hidden = true; }, kind === 'info' ? 3000 : 10000);
  }
  const fail = (e) => notify(e && e.message ? e.message : String(e), 'error');

  function formatSize(n) {
    if (n === undefined || n === null || n === '') return '';
    const bytes = Number(n);
    if (bytes < 1024) return `${bytes} B`;
    const units = ['KiB', 'MiB', 'GiB', 'TiB'];
    let v = bytes / 1024; let i = 0;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
  }
  const formatDate = (s) => (s ? new Date(s).toLocaleString() : '');

  // ---- buckets -------------------------------------------------------------------------------

  async function loadInfo() {
    const res = await fetch('api/info', { credentials: 'same-origin' });
    if (!res.ok) throw await errorOf(res, 'GET');
    state.info = await res.json();
    const i = state.info;
    $('identity').textContent = `as ${i.accessKeyId} (account ${i.accountId}) · signatures ${i.signatureValidation ? 'validated' : 'not validated'} · v${i.version}`;
  }

  async function loadBuckets() {
    const root = await s3Xml('GET', null, undefined, { query: { 'max-buckets': '1000' } });
    const list = root.getElementsByTagName('Bucket');
    state.buckets = [...list].map((b) => ({ name: childText(b, 'Name'), created: childText(b, 'CreationDate'), region: childText(b, 'BucketRegion') }));
    renderBuckets();
  }

  function renderBuckets() {
    const items = state.buckets.map((b) => el('li', {
      class: b.name === state.bucket ? 'active' : '', 'data-bucket': b.name, onclick: () => selectBucket(b.name),
    }, b.name, el('span', { class: 'muted' }, `${b.region || 'us-east-1'} · ${formatDate(b.created)}`)));
    $('bucket-list').replaceChildren(...(items.length ? items : [el('li', { class: 'muted' }, 'No buckets yet.')]));
  }

  async function createBucket(form) {
    const name = form.elements.name.value.trim();
    const region = form.elements.region.value.trim() || state.info.defaultRegion;
    const headers = {};
    if (form.elements.lock.checked) headers['x-amz-bucket-object-lock-enabled'] = 'true';
    const body = region === 'us-east-1' ? undefined
      : `<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>${region}</LocationConstraint></CreateBucketConfiguration>`;
    // Signed for us-east-1, which takes any LocationConstraint, as the SDKs' global endpoint does.
    await s3('PUT', name, undefined, { headers, body, region: 'us-east-1' });
    if (form.elements.versioning.checked && !form.elements.lock.checked) await putVersioning(name, 'Enabled', region);
    form.reset();
    await loadBuckets();
    await selectBucket(name);
    notify(`Bucket ${name} created`, 'info');
  }

  function putVersioning(bucket, status, region) {
    const body = `<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>${status}</Status></VersioningConfiguration>`;
    return s3('PUT', bucket, undefined, { query: { versioning: '' }, body, region });
  }

  async function deleteBucket() {
    const bucket = state.bucket;
    if (!confirm(`Delete bucket ${bucket}? It must be empty.`)) return;
    await s3('DELETE', bucket);
    state.bucket = null;
    $('bucket-view').hidden = true;
    closeObject();
    await loadBuckets();
    notify(`Bucket ${bucket} deleted`, 'info');
  }

  async function selectBucket(name) {
    state.bucket = name;
    state.prefix = '';
    closeObject();
    renderBuckets();
    $('bucket-view').hidden = false;
    $('bucket-name').textContent = name;
    $('bucket-region').textContent = regionOf(name);
    showView('objects');
    await loadObjects(false);
  }

  // ---- objects -------------------------------------------------------------------------------

  function listQuery() {
    const q = { prefix: state.prefix || undefined, delimiter: '/', 'max-keys': PAGE_KEYS };
    if (state.versions) {
      q.versions = '';
      if (state.next) { q['key-marker'] = state.next.key; q['version-id-marker'] = state.next.versionId; }
    } else {
      q['list-type'] = '2';
      if (state.next) q['continuation-token'] = state.next.token;
    }
    return q;
  }

  /** Folders, objects (or versions and delete markers, in the listing's order) and what comes next. */
  function readListing(root) {
    const folders = childrenNamed(root, 'CommonPrefixes').map((p) => childText(p, 'Prefix'));
    const entries = [];
    for (const c of root.children) {
      if (c.localName !== 'Contents' && c.localName !== 'Version' && c.localName !== 'DeleteMarker') continue;
      entries.push({
        key: childText(c, 'Key'), size: childText(c, 'Size'), modified: childText(c, 'LastModified'),
        storageClass: childText(c, 'StorageClass'), versionId: childText(c, 'VersionId'),
        latest: childText(c, 'IsLatest') === 'true', marker: c.localName === 'DeleteMarker',
      });
    }
    let next = null;
    if (childText(root, 'IsTruncated') === 'true') {
      next = state.versions
        ? { key: childText(root, 'NextKeyMarker'), versionId: childText(root, 'NextVersionIdMarker') }
        : { token: childText(root, 'NextContinuationToken') };
    }
    return { folders, entries, next };
  }

  async function loadObjects(append) {
    if (!append) state.next = null;
    const bucket = state.bucket;
    const root = await s3Xml('GET', bucket, undefined, { query: listQuery() });
    if (bucket !== state.bucket) return;
    const listing = readListing(root);
    state.next = listing.next;
    renderBreadcrumbs();
    const rows = [...listing.folders.map(folderRow), ...listing.entries.map(objectRow)];
    const body = $('objects').tBodies[0];
    if (append) body.append(...rows); else body.replaceChildren(...rows);
    $('empty').hidden = body.children.length > 0;
    $('more').hidden = listing.next === null;
  }

  function relativeName(key) {
    return key.startsWith(state.prefix) ? key.slice(state.prefix.length) : key;
  }

  function folderRow(prefix) {
    return el('tr', { class: 'folder', 'data-prefix': prefix },
      el('td', { class: 'name', colSpan: 6 }, el('button', { type: 'button', class: 'link', onclick: () => openPrefix(prefix) }, relativeName(prefix))));
  }

  function downloadHref(key, versionId) {
    const name = key.split('/').pop() || 'download';
    return s3Url(state.bucket, key, {
      versionId, 'response-content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
  }

  function objectRow(o) {
    const version = state.versions ? [
      el('span', { class: 'mono' }, o.versionId || ''),
      o.latest ? el('span', { class: 'badge latest' }, 'latest') : null,
      o.marker ? el('span', { class: 'badge marker' }, 'delete marker') : null,
    ] : [];
    const actions = o.marker ? [] : [
      el('button', { type: 'button', class: 'link info', onclick: () => openObject(o.key, state.versions ? o.versionId : undefined).catch(fail) }, 'Info'),
      el('a', { class: 'link download', href: downloadHref(o.key, state.versions ? o.versionId : undefined), download: o.key.split('/').pop() }, 'Download'),
    ];
    actions.push(el('button', { type: 'button', class: 'link delete', onclick: () => deleteObject(o.key, state.versions ? o.versionId : undefined).catch(fail) }, 'Delete'));
    return el('tr', { class: o.marker ? 'delete-marker' : '', 'data-key': o.key, 'data-version': o.versionId || '' },
      el('td', { class: 'name' }, relativeName(o.key)),
      el('td', { class: 'num' }, o.marker ? '' : formatSize(o.size)),
      el('td', {}, formatDate(o.modified)),
      el('td', {}, o.storageClass || ''),
      el('td', {}, version),
      el('td', { class: 'actions' }, actions));
  }

  function renderBreadcrumbs() {
    const parts = state.prefix.split('/').filter((_part, i, all) => i < all.length - 1);
    const crumbs = [el('button', { type: 'button', onclick: () => openPrefix('') }, state.bucket)];
    let acc = '';
    for (const part of parts) {
      acc += `${part}/`;
      const target = acc;
      crumbs.push(' / ', el('button', { type: 'button', onclick: () => openPrefix(target) }, part));
    }
    $('breadcrumbs').replaceChildren(...crumbs);
    $('drop-prefix').textContent = `${state.bucket}/${state.prefix}`;
  }

  function openPrefix(prefix) {
    state.prefix = prefix;
    loadObjects(false).catch(fail);
  }

  async function deleteObject(key, versionId) {
    const what = versionId ? `${key} (version ${versionId}, permanently)` : key;
    if (!confirm(`Delete ${what}?`)) return;
    await s3('DELETE', state.bucket, key, { query: { versionId } });
    if (state.object && state.object.key === key) closeObject();
    await loadObjects(false);
    notify(`Deleted ${what}`, 'info');
  }

  // ---- object details ------------------------------------------------------------------------

  const META_HEADERS = [
    'content-type', 'content-length', 'etag', 'last-modified', 'x-amz-version-id', 'x-amz-storage-class', 'cache-control',
    'content-encoding', 'content-disposition', 'content-language', 'expires', 'x-amz-server-side-encryption',
    'x-amz-server-side-encryption-aws-kms-key-id', 'x-amz-website-redirect-location', 'x-amz-object-lock-mode',
    'x-amz-object-lock-retain-until-date', 'x-amz-object-lock-legal-hold', 'x-amz-tagging-count', 'x-amz-mp-parts-count',
  ];

  function fillList(dl, pairs) {
    const items = pairs.flatMap(([k, v]) => [el('dt', {}, k), el('dd', { class: 'mono' }, v)]);
    dl.replaceChildren(...(items.length ? items : [el('dd', { class: 'muted' }, 'none')]));
  }

  async function openObject(key, versionId) {
    const res = await s3('HEAD', state.bucket, key, { query: { versionId }, headers: { 'x-amz-checksum-mode': 'ENABLED' } });
    state.object = { key, versionId };
    $('object-pane').hidden = false;
    $('object-key').textContent = key;
    $('object-download').href = downloadHref(key, versionId);
    $('object-download').setAttribute('download', key.split('/').pop());
    const meta = [];
    const checksums = [];
    for (const name of META_HEADERS) if (res.headers.has(name)) meta.push([name, res.headers.get(name)]);
    res.headers.forEach((value, name) => {
      if (name.startsWith('x-amz-meta-')) meta.push([name, value]);
      if (name.startsWith('x-amz-checksum-')) checksums.push([name.slice('x-amz-checksum-'.length), value]);
    });
    fillList($('object-meta'), meta);
    fillList($('object-checksums'), checksums);
    const tags = await s3Xml('GET', state.bucket, key, { query: { tagging: '', versionId } });
    fillList($('object-tags'), [...tags.getElementsByTagName('Tag')].map((t) => [childText(t, 'Key'), childText(t, 'Value')]));
  }

  function closeObject() {
    state.object = null;
    $('object-pane').hidden = true;
  }

  // ---- uploads -------------------------------------------------------------------------------

  function uploadRow(key, size) {
    const bar = el('progress', { max: size || 1, value: 0 });
    const status = el('span', { class: 'muted' }, 'waiting');
    const row = el('li', { 'data-upload': key }, el('span', { class: 'mono' }, key), bar, status);
    $('uploads').prepend(row);
    // The list is a recent history, not a log: the oldest rows go.
    while ($('uploads').children.length > MAX_UPLOAD_ROWS) $('uploads').lastElementChild.remove();
    return { bar, status, row };
  }

  async function uploadFiles(files) {
    const bucket = state.bucket;
    if (!bucket) { notify('Choose a bucket first'); return; }
    for (const file of files) {
      const key = state.prefix + file.name;
      const ui = uploadRow(key, file.size);
      try {
        ui.status.textContent = 'uploading';
        if (file.size > PART_SIZE) await uploadMultipart(bucket, key, file, ui);
        else await xhrPut(s3Url(bucket, key), file, uploadHeaders(bucket, file), (n) => { ui.bar.value = n; });
        ui.bar.value = file.size;
        ui.status.textContent = 'done';
        ui.row.dataset.done = 'true';
      } catch (e) {
        ui.status.textContent = 'failed';
        fail(e);
      }
    }
    if (bucket === state.bucket) await loadObjects(false);
  }

  function uploadHeaders(bucket, file) {
    return { 'x-ruststack-region': regionOf(bucket), 'Content-Type': file.type || 'application/octet-stream' };
  }

  /** Parts of PART_SIZE, PART_CONCURRENCY at a time; any failure aborts the upload. */
  async function uploadMultipart(bucket, key, file, ui) {
    const created = await s3Xml('POST', bucket, key, { query: { uploads: '' }, headers: { 'Content-Type': file.type || 'application/octet-stream' } });
    const uploadId = childText(created, 'UploadId');
    const count = Math.ceil(file.size / PART_SIZE);
    const sent = new Array(count).fill(0);
    const etags = new Array(count);
    let nextPart = 0;
    const progress = () => { ui.bar.value = sent.reduce((a, b) => a + b, 0); ui.status.textContent = `part ${etags.filter(Boolean).length}/${count}`; };
    async function worker() {
      while (nextPart < count) {
        const i = nextPart++;
        const blob = file.slice(i * PART_SIZE, Math.min(file.size, (i + 1) * PART_SIZE));
        const url = s3Url(bucket, key, { partNumber: String(i + 1), uploadId });
        etags[i] = await xhrPut(url, blob, { 'x-ruststack-region': regionOf(bucket) }, (n) => { sent[i] = n; progress(); });
        sent[i] = blob.size;
        progress();
      }
    }
    try {
      await Promise.all(Array.from({ length: Math.min(PART_CONCURRENCY, count) }, worker));
      const parts = etags.map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${etag}</ETag></Part>`).join('');
      await s3Xml('POST', bucket, key, {
        query: { uploadId }, headers: { 'Content-Type': 'application/xml' },
        body: `<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${parts}</CompleteMultipartUpload>`,
      });
    } catch (e) {
      await s3('DELETE', bucket, key, { query: { uploadId } }).catch(() => undefined);
      throw e;
    }
  }

  function setUpDropZone() {
    const zone = $('drop-zone');
    const stop = (e) => { e.preventDefault(); e.stopPropagation(); };
    for (const type of ['dragenter', 'dragover']) zone.addEventListener(type, (e) => { stop(e); zone.classList.add('over'); });
    zone.addEventListener('dragleave', (e) => { stop(e); zone.classList.remove('over'); });
    zone.addEventListener('drop', (e) => {
      stop(e);
      zone.classList.remove('over');
      const files = [...(e.dataTransfer ? e.dataTransfer.files : [])];
      if (files.length > 0) uploadFiles(files).catch(fail);
    });
    // A file dropped elsewhere on the page must not replace the console with the file.
    window.addEventListener('dragover', (e) => e.preventDefault());
    window.addEventListener('drop', (e) => e.preventDefault());
  }

  // ---- bucket settings -----------------------------------------------------------------------

  const SETTINGS = [
    ['Location', 'location'], ['Versioning', 'versioning'], ['Object lock', 'object-lock'], ['Tags', 'tagging'],
    ['Encryption', 'encryption'], ['Ownership', 'ownershipControls'], ['Public access block', 'publicAccessBlock'],
    ['Policy', 'policy'], ['ACL', 'acl'], ['CORS', 'cors'], ['Lifecycle', 'lifecycle'], ['Website', 'website'],
    ['Notifications', 'notification'], ['Logging', 'logging'], ['Request payment', 'requestPayment'], ['Accelerate', 'accelerate'],
  ];

  /** XML as indented text without the namespace noise; JSON (a policy) pretty-printed. */
  function pretty(text) {
    const t = text.trim();
    if (t.startsWith('{')) {
      try { return JSON.stringify(JSON.parse(t), null, 2); } catch { return t; }
    }
    const root = parseXml(t).documentElement;
    const lines = [];
    const walk = (node, depth) => {
      const pad = '  '.repeat(depth);
      const kids = [...node.children];
      if (kids.length === 0) lines.push(`${pad}${node.localName}: ${node.textContent}`);
      else { lines.push(`${pad}${node.localName}`); for (const k of kids) walk(k, depth + 1); }
    };
    for (const k of root.children) walk(k, 0);
    return lines.length ? lines.join('\n') : '(empty)';
  }

  async function loadSettings() {
    const bucket = state.bucket;
    const region = regionOf(bucket);
    const results = await Promise.all(SETTINGS.map(async ([label, sub]) => {
      try {
        const res = await s3('GET', bucket, undefined, { query: { [sub]: '' }, region });
        return [label, sub, await res.text(), null];
      } catch (e) {
        return [label, sub, null, e];
      }
    }));
    if (bucket !== state.bucket) return;
    const items = results.flatMap(([label, sub, text, err]) => {
      const value = err
        ? el('span', { class: err.status === 404 ? 'muted' : 's4' }, err.status === 404 ? `none (${err.code || 404})` : err.message)
        : el('pre', {}, sub === 'location' && parseXml(text).documentElement.textContent === '' ? 'us-east-1 (no LocationConstraint)' : pretty(text));
      if (sub === 'versioning' && text !== null) {
        const status = childText(parseXml(text).documentElement, 'Status');
        $('toggle-versioning').textContent = status === 'Enabled' ? 'Suspend versioning' : 'Enable versioning';
        $('toggle-versioning').dataset.status = status || '';
      }
      return [el('dt', {}, label), el('dd', { 'data-setting': sub }, value)];
    });
    $('settings').replaceChildren(...items);
  }

  async function toggleVersioning() {
    const enabled = $('toggle-versioning').dataset.status === 'Enabled';
    await putVersioning(state.bucket, enabled ? 'Suspended' : 'Enabled', regionOf(state.bucket));
    await loadSettings();
  }

  function showView(view) {
    for (const b of document.querySelectorAll('.subtab')) b.classList.toggle('active', b.dataset.view === view);
    $('objects-view').hidden = view !== 'objects';
    $('settings-view').hidden = view !== 'settings';
    if (view === 'settings') loadSettings().catch(fail);
  }

  // ---- live requests -------------------------------------------------------------------------

  function requestRow(r) {
    const statusClass = `s${String(r.status)[0]}`;
    const time = new Date(r.time);
    const clock = `${time.toLocaleTimeString([], { hour12: false })}.${String(time.getMilliseconds()).padStart(3, '0')}`;
    return el('tr', { class: r.console ? 'from-console' : '', 'data-seq': String(r.seq) },
      el('td', { class: 'mono' }, clock),
      el('td', {}, r.method),
      el('td', { class: 'client', title: r.userAgent || '' }, (r.userAgent || '').split(' ')[0]),
      el('td', {}, r.operation || r.path || ''),
      el('td', { class: statusClass }, String(r.status)),
      el('td', { class: statusClass }, r.errorCode || ''),
      el('td', {}, r.bucket || ''),
      el('td', { class: 'name' }, r.key || ''),
      el('td', { class: 'num' }, r.durationMs === undefined ? '' : r.durationMs.toFixed(1)),
      el('td', { class: 'mono' }, r.requestId || ''));
  }

  function renderRequests() {
    const showConsole = $('show-console').checked;
    const shown = state.requests.filter((r) => showConsole || !r.console);
    $('requests').tBodies[0].replaceChildren(...shown.slice().reverse().map(requestRow));
    $('request-count').textContent = `${shown.length} shown${state.paused ? ' · paused' : ''}`;
  }

  async function pollRequests() {
    if (state.polling) return;
    state.polling = true;
    try {
      const res = await fetch(`api/requests?after=${state.lastSeq}`, { credentials: 'same-origin' });
      if (!res.ok) throw await errorOf(res, 'GET');
      const { last, requests } = await res.json();
      state.lastSeq = last;
      if (requests.length > 0) {
        state.requests = state.requests.concat(requests).slice(-MAX_REQUEST_ROWS);
        renderRequests();
      }
    } finally {
      state.polling = false;
    }
  }

  function requestsVisible() {
    return !$('tab-requests').hidden && !state.paused && document.visibilityState === 'visible';
  }

  // ---- wiring --------------------------------------------------------------------------------

  function showTab(tab) {
    for (const b of document.querySelectorAll('.tab')) b.classList.toggle('active', b.dataset.tab === tab);
    $('tab-buckets').hidden = tab !== 'buckets';
    $('tab-requests').hidden = tab !== 'requests';
    if (tab === 'requests') pollRequests().catch(fail);
  }

  function wire() {
    for (const b of document.querySelectorAll('.tab')) b.addEventListener('click', () => showTab(b.dataset.tab));
    for (const b of document.querySelectorAll('.subtab')) b.addEventListener('click', () => showView(b.dataset.view));
    $('banner').addEventListener('click', () => { $('banner').hidden = true; });
    $('create-bucket').addEventListener('submit', (e) => { e.preventDefault(); createBucket(e.target).catch(fail); });
    $('refresh').addEventListener('click', () => { loadBuckets().then(() => loadObjects(false)).catch(fail); });
    $('delete-bucket').addEventListener('click', () => deleteBucket().catch(fail));
    $('more').addEventListener('click', () => loadObjects(true).catch(fail));
    $('show-versions').addEventListener('change', (e) => { state.versions = e.target.checked; loadObjects(false).catch(fail); });
    $('file-input').addEventListener('change', (e) => { uploadFiles([...e.target.files]).catch(fail).finally(() => { e.target.value = ''; }); });
    $('close-object').addEventListener('click', closeObject);
    $('object-delete').addEventListener('click', () => { if (state.object) deleteObject(state.object.key, state.object.versionId).catch(fail); });
    $('toggle-versioning').addEventListener('click', () => toggleVersioning().catch(fail));
    $('show-console').addEventListener('change', renderRequests);
    $('pause').addEventListener('click', () => {
      state.paused = !state.paused;
      $('pause').textContent = state.paused ? 'Resume' : 'Pause';
      renderRequests();
    });
    $('clear').addEventListener('click', () => { state.requests = []; renderRequests(); });
    setUpDropZone();
    setInterval(() => { if (requestsVisible()) pollRequests().catch(fail); }, POLL_MS);
  }

  wire();
  loadInfo().then(loadBuckets).catch(fail);
})();
