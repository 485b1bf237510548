// parkos back office: the rich-text editor (Quill 2, vendored in vendor/quill) for every <textarea class="rich">.
//
// The script is loaded on every back-office page but fetches Quill only where a textarea.rich exists; the
// addresses of Quill and its styles come from this script tag's data-quill and data-css attributes (content-
// hashed asset URLs). No inline script or style is used: Quill formats with classes and the DOM, which the
// site's CSP (script-src 'self'; style-src 'self') allows.
//
// What it does for a textarea:
//   - shows the editor in its place and writes the editor's HTML back into it when the form is submitted, so
//     the form still posts the field as HTML (the server sanitizes it with an allowlist before storing it);
//   - takes paste from Word and web pages (headings, lists, tables, links, images) through Quill's clipboard,
//     which keeps only the formats registered below;
//   - uploads images (toolbar button, pasted or dropped files, and images pasted as data: URLs) to the URL in
//     the textarea's data-upload attribute: POST multipart field "file" with the X-CSRF-Token header from
//     <body data-csrf>; the server answers JSON {"location": URL};
//   - asks for alternative text whenever an image is inserted, and before submitting for any image still
//     without it (the server refuses such a body); a double click on an image edits its text;
//   - drops images it cannot keep (Word's local file:// pictures, other sites' images, which the CSP would not
//     show anyway) and says so.
(function () {
  'use strict';
  var areas = document.querySelectorAll('textarea.rich');
  var me = document.currentScript;
  if (!areas.length || !me) { return; }
  var csrf = (document.body && document.body.getAttribute('data-csrf')) || '';
  var seq = 0;

  function loadCSS(href) {
    if (document.querySelector('link[href="' + href + '"]')) { return; }
    var l = document.createElement('link');
    l.rel = 'stylesheet';
    l.href = href;
    document.head.appendChild(l);
  }

  function loadQuill() {
    (me.getAttribute('data-css') || '').split(/\s+/).forEach(function (h) { if (h) { loadCSS(h); } });
    if (window.Quill) { return Promise.resolve(window.Quill); }
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = me.getAttribute('data-quill');
      s.onload = function () { resolve(window.Quill); };
      s.onerror = function () { reject(new Error('quill')); };
      document.head.appendChild(s);
    });
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) { e.textContent = text; }
    return e;
  }

  // ask shows a modal dialog with one text field and resolves to the text, or null when cancelled.
  var dialog;
  function ask(opts) {
    if (!dialog) {
      dialog = el('dialog', { 'class': 'rte-dialog', 'aria-labelledby': 'rte-dlg-h' });
      var f = el('form', { method: 'dialog' });
      f.appendChild(el('h2', { id: 'rte-dlg-h' }));
      var field = el('div', { 'class': 'field' });
      field.appendChild(el('label', { 'for': 'rte-dlg-in', id: 'rte-dlg-label' }));
      field.appendChild(el('input', { id: 'rte-dlg-in', type: 'text', autocomplete: 'off', 'aria-describedby': 'rte-dlg-hint' }));
      field.appendChild(el('p', { 'class': 'hint', id: 'rte-dlg-hint' }));
      f.appendChild(field);
      var img = el('img', { 'class': 'rte-dialog-img', alt: '' });
      f.appendChild(img);
      var acts = el('div', { 'class': 'actions' });
      acts.appendChild(el('button', { 'class': 'btn', type: 'submit', value: 'ok' }, '确定'));
      acts.appendChild(el('button', { 'class': 'btn btn-secondary', type: 'submit', value: 'cancel', formnovalidate: '' }, '取消'));
      f.appendChild(acts);
      dialog.appendChild(f);
      document.body.appendChild(dialog);
    }
    var chain = ask.chain || Promise.resolve();
    var p = chain.then(function () {
      return new Promise(function (resolve) {
        var input = dialog.querySelector('input');
        dialog.querySelector('h2').textContent = opts.title;
        dialog.querySelector('label').textContent = opts.label;
        dialog.querySelector('.hint').textContent = opts.hint || '';
        var img = dialog.querySelector('img');
        img.hidden = !opts.image;
        if (opts.image) { img.src = opts.image; }
        input.value = opts.value || '';
        input.required = !!opts.required;
        dialog.returnValue = '';
        dialog.addEventListener('close', function done() {
          dialog.removeEventListener('close', done);
          var v = input.value.trim();
          resolve(dialog.returnValue === 'ok' && v ? v : null);
        });
        dialog.showModal();
        input.focus();
      });
    });
    ask.chain = p.catch(function () {});
    return p;
  }

  // Pasted HTML is cleaned in an inert document before Quill sees it. Quill 2.0.3 turns Word's list
  // paragraphs into lists by setting innerHTML on elements of the live page (its msWord normalizer), where an
  // <img onerror> inside a list paragraph would run; here Word lists are rebuilt inside the inert document
  // instead, by moving nodes, and Quill's normalizer is switched off by dropping Word's namespace mark.
  var WORD_NS = 'urn:schemas-microsoft-com:office:word';
  var DROP = 'script,style,template,noscript,iframe,frame,frameset,object,embed,applet,svg,math,form,input,button,select,textarea,' +
    'link,meta,base,audio,video,source,track,canvas,dialog,portal';

  function wordLists(doc) {
    var html = doc.documentElement.innerHTML;
    var items = [];
    Array.from(doc.querySelectorAll('[style*=mso-list]')).forEach(function (n) {
      var st = n.getAttribute('style') || '';
      if (/\bmso-list:[^;]*ignore/i.test(st)) { n.remove(); return; }
      var id = /\bmso-list:[^;]*\bl(\d+)/i.exec(st);
      if (!id) { return; }
      var lv = /\bmso-list:[^;]*\blevel(\d+)/i.exec(st);
      var level = lv ? Number(lv[1]) : 1;
      var fmt = new RegExp('@list l' + id[1] + ':level' + level + '\\s*\\{[^\\}]*mso-level-number-format:\\s*([\\w-]+)', 'i').exec(html);
      items.push({ id: id[1], level: level, type: fmt && fmt[1] === 'bullet' ? 'bullet' : 'ordered', el: n });
    });
    while (items.length) {
      var group = [items.shift()];
      while (items.length && items[0].el === group[group.length - 1].el.nextElementSibling && items[0].id === group[0].id) {
        group.push(items.shift());
      }
      var list = doc.createElement(group[0].type === 'bullet' ? 'ul' : 'ol');
      group.forEach(function (it) {
        var li = doc.createElement('li');
        li.setAttribute('data-list', it.type);
        if (it.level > 1) { li.className = 'ql-indent-' + Math.min(it.level - 1, 8); }
        while (it.el.firstChild) { li.appendChild(it.el.firstChild); }
        list.appendChild(li);
      });
      group[0].el.parentNode.replaceChild(list, group[0].el);
      group.slice(1).forEach(function (it) { it.el.remove(); });
    }
  }

  // cleanPaste returns pasted HTML without anything that runs or embeds, with Word lists as lists. Inline
  // styles stay: Quill reads bold and italic from them (Google Docs) and keeps no style of its own.
  function cleanPaste(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    if (doc.documentElement.getAttribute('xmlns:w') === WORD_NS) { wordLists(doc); }
    doc.documentElement.removeAttribute('xmlns:w');
    Array.from(doc.querySelectorAll(DROP)).forEach(function (n) { n.remove(); });
    Array.from(doc.querySelectorAll('*')).forEach(function (n) {
      Array.from(n.attributes).forEach(function (a) {
        var name = a.name.toLowerCase();
        if (name.indexOf('on') === 0 || name === 'srcdoc' || name === 'formaction') {
          n.removeAttribute(a.name);
        }
      });
    });
    return '<body>' + doc.body.innerHTML + '</body>';
  }

  // Quill's tables know no header cells. A header row comes back to it as bold data cells, and a first row
  // of bold cells (as Word tables have) leaves it as header cells, so that screen readers can announce the
  // column of every cell (WCAG 1.3.1).
  function headerCellsBold(html) {
    if (!/<th[\s>]/i.test(html)) { return html; }
    var doc = new DOMParser().parseFromString(html, 'text/html');
    Array.from(doc.querySelectorAll('th')).forEach(function (th) {
      var td = doc.createElement('td'), b = doc.createElement('strong');
      while (th.firstChild) { b.appendChild(th.firstChild); }
      td.appendChild(b);
      th.parentNode.replaceChild(td, th);
    });
    return doc.body.innerHTML;
  }

  function headerRows(html) {
    if (!/<table[\s>]/i.test(html)) { return html; }
    var doc = new DOMParser().parseFromString(html, 'text/html');
    Array.from(doc.querySelectorAll('table')).forEach(function (t) {
      var rows = t.querySelectorAll('tr');
      if (rows.length < 2) { return; }
      var cells = Array.from(rows[0].children);
      var bold = cells.length > 0 && cells.every(function (c) {
        var kids = Array.from(c.childNodes).filter(function (k) { return k.nodeType !== 3 || k.textContent.trim(); });
        return kids.length === 1 && /^(STRONG|B)$/.test(kids[0].nodeName) && kids[0].textContent.trim();
      });
      if (!bold) { return; }
      cells.forEach(function (c) {
        var th = doc.createElement('th'), b = c.querySelector('strong, b');
        th.setAttribute('scope', 'col');
        while (b.firstChild) { th.appendChild(b.firstChild); }
        c.parentNode.replaceChild(th, c);
      });
    });
    return doc.body.innerHTML;
  }

  // loneImage reports whether pasted HTML is just one picture (what browsers put beside a copied image file).
  function loneImage(html) {
    var body = new DOMParser().parseFromString(html, 'text/html').body;
    return body.childElementCount === 1 && body.firstElementChild.tagName === 'IMG';
  }

  function notice(box, text) {
    box.textContent = text;
    box.hidden = !text;
  }

  var ALT = {
    title: '图片替代文字', label: '替代文字（必填）', required: true,
    hint: '用一句话说明图片的内容，如“园区孵化器大楼外景”。读屏软件会读出这段文字，图片无法显示时也会显示它。'
  };

  function upload(url, file) {
    var fd = new FormData();
    fd.append('file', file, file.name || 'image.png');
    return fetch(url, { method: 'POST', body: fd, credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf, 'Accept': 'application/json' } })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (j) {
          if (!r.ok || !j.location) {
            var m = j.error && (j.error.fields && j.error.fields.file || j.error.message);
            throw new Error(m || '上传失败（' + r.status + '）');
          }
          return j.location;
        });
      });
  }

  // dataURLBlob turns a data: URL into a Blob without fetch (the CSP's connect-src does not list data:).
  function dataURLBlob(src) {
    var m = /^data:(image\/(?:png|jpeg|gif|webp));base64,([A-Za-z0-9+/=\s]+)$/i.exec(src);
    if (!m) { return null; }
    var bin = atob(m[2].replace(/\s+/g, ''));
    var buf = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { buf[i] = bin.charCodeAt(i); }
    return new Blob([buf], { type: m[1].toLowerCase() });
  }

  // ours reports whether an image address is one of this site's uploads.
  function ours(src) {
    try {
      var u = new URL(src, location.href);
      return u.origin === location.origin && u.pathname.indexOf('/media/') === 0;
    } catch (e) { return false; }
  }

  function toolbar(id) {
    var bar = el('div', { id: id, role: 'toolbar', 'aria-label': '正文格式', 'class': 'rte-toolbar' });
    var groups = [
      [['header', '2', '二级标题'], ['header', '3', '三级标题']],
      [['bold', null, '加粗'], ['italic', null, '倾斜'], ['underline', null, '下划线']],
      [['list', 'ordered', '编号列表'], ['list', 'bullet', '项目符号列表'], ['blockquote', null, '引用']],
      [['link', null, '链接'], ['image', null, '插入图片'], ['alt', null, '填写光标前图片的替代文字', '替代文字']],
      [['table', null, '插入表格'], ['row', null, '在下方插入一行', '加行'], ['col', null, '在右侧插入一列', '加列'],
        ['delrow', null, '删除所在行', '删行'], ['delcol', null, '删除所在列', '删列'], ['deltable', null, '删除所在表格', '删表']],
      [['clean', null, '清除格式']]
    ];
    groups.forEach(function (g) {
      var span = el('span', { 'class': 'ql-formats' });
      g.forEach(function (b) {
        // Icon buttons are named by aria-label; text buttons by their text (WCAG 2.5.3), with the title as a hint.
        var btn = el('button', b[3] ? { type: 'button', 'class': 'ql-' + b[0] + ' rte-text', title: b[2] } :
          { type: 'button', 'class': 'ql-' + b[0], 'aria-label': b[2], title: b[2] }, b[3] || '');
        if (b[1]) { btn.value = b[1]; }
        span.appendChild(btn);
      });
      bar.appendChild(span);
    });
    return bar;
  }

  function setup(Quill, ta) {
    var n = ++seq;
    var form = ta.form;
    var label = ta.id && document.querySelector('label[for="' + ta.id + '"]');
    var uploadURL = ta.getAttribute('data-upload');
    var busy = 0;

    var wrap = el('div', { 'class': 'rte' });
    var barID = 'rte-toolbar-' + n;
    var bar = toolbar(barID);
    var box = el('div', { 'class': 'rte-box' });
    var msg = el('p', { 'class': 'rte-notice', role: 'status', 'aria-live': 'polite' });
    msg.hidden = true;
    wrap.appendChild(bar);
    wrap.appendChild(box);
    ta.parentNode.insertBefore(wrap, ta);
    ta.parentNode.insertBefore(msg, wrap.nextSibling);
    ta.hidden = true;
    ta.tabIndex = -1;

    var q = new Quill(box, {
      theme: 'snow',
      formats: ['header', 'bold', 'italic', 'underline', 'strike', 'script', 'list', 'indent', 'blockquote', 'link', 'image', 'table'],
      modules: {
        table: true,
        toolbar: {
          container: '#' + barID,
          handlers: {
            link: function (value) {
              if (!value) { q.format('link', false, 'user'); return; }
              var range = q.getSelection(true);
              ask({ title: '插入链接', label: '链接地址', required: true, value: 'https://',
                hint: '以 https:// 开头的网址，或本站地址如 /policies' }).then(function (href) {
                q.setSelection(range, 'silent');
                if (!href || href === 'https://') { return; }
                if (range.length) { q.formatText(range.index, range.length, 'link', href, 'user'); }
                else { q.insertText(range.index, href, 'link', href, 'user'); }
              });
            },
            image: function () { pickImage(); },
            alt: function () { editAlt(imageAtCursor()); },
            table: function () { q.getModule('table').insertTable(3, 3); },
            row: function () { q.getModule('table').insertRowBelow(); },
            col: function () { q.getModule('table').insertColumnRight(); },
            delrow: function () { q.getModule('table').deleteRow(); },
            delcol: function () { q.getModule('table').deleteColumn(); },
            deltable: function () { q.getModule('table').deleteTable(); }
          }
        },
        uploader: {
          mimetypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'],
          handler: function (range, files) { insertFiles(range.index, files); }
        },
        keyboard: {
          // Tab leaves the editor (WCAG 2.1.2 no keyboard trap); in lists and tables it still indents or moves.
          bindings: { tab: null }
        }
      }
    });

    // Paste: pictures (a screenshot, or a lone image copied from a page) are uploaded; HTML is cleaned first
    // (see cleanPaste) and then converted by Quill as it would have; plain text is left to Quill.
    box.addEventListener('paste', function (e) {
      var cd = e.clipboardData;
      if (!cd || !q.isEnabled()) { return; }
      var html = cd.getData('text/html');
      var files = Array.from(cd.files || []).filter(function (f) { return /^image\/(png|jpeg|gif|webp)$/.test(f.type); });
      if (!html && !files.length) { return; }
      e.preventDefault();
      e.stopPropagation();
      var range = q.getSelection(true) || { index: Math.max(q.getLength() - 1, 0), length: 0 };
      if (files.length && (!html || loneImage(html))) {
        if (range.length) { q.deleteText(range.index, range.length, 'user'); }
        insertFiles(range.index, files);
        return;
      }
      q.clipboard.onPaste(range, { html: cleanPaste(html), text: cd.getData('text/plain') });
    }, true);

    // The editable area: a labelled, multi-line text box described by the field's hint or error.
    var root = q.root;
    root.setAttribute('role', 'textbox');
    root.setAttribute('aria-multiline', 'true');
    if (label) {
      if (!label.id) { label.id = ta.id + '-label'; }
      root.setAttribute('aria-labelledby', label.id);
      label.addEventListener('click', function (e) { e.preventDefault(); q.focus(); });
    }
    var described = ta.getAttribute('aria-describedby');
    if (described) { root.setAttribute('aria-describedby', described); }
    if (ta.getAttribute('aria-invalid') === 'true') { root.setAttribute('aria-invalid', 'true'); }

    // Initial content: converted through the clipboard (an inert DOMParser document), never set as innerHTML.
    if (ta.value.trim()) {
      q.setContents(q.clipboard.convert({ html: headerCellsBold(ta.value) }), 'silent');
      q.history.clear();
    }
    if (form && !form.querySelector('[type=submit]')) { q.enable(false); } // read-only for reviewers

    function setBusy(d) {
      busy += d;
      wrap.setAttribute('aria-busy', busy > 0 ? 'true' : 'false');
      if (busy > 0) { wrap.setAttribute('data-busy', '1'); } else { wrap.removeAttribute('data-busy'); }
    }

    function indexOf(img) {
      var blot = Quill.find(img);
      return blot ? q.getIndex(blot) : -1;
    }

    function imageAtCursor() {
      var r = q.getSelection(true);
      if (!r) { return null; }
      var found = null;
      [r.index, r.index - 1].some(function (i) {
        if (i < 0) { return false; }
        var op = q.getContents(i, 1).ops[0];
        if (op && op.insert && op.insert.image) {
          var leaf = q.getLeaf(i + 1)[0];
          if (leaf && leaf.domNode && leaf.domNode.tagName === 'IMG') { found = leaf.domNode; return true; }
        }
        return false;
      });
      if (!found) { notice(msg, '请先把光标放在图片后面，或双击图片，再填写替代文字。'); }
      return found;
    }

    // current returns the image's node as the editor now has it: Quill may have rendered the line anew while
    // the dialog was open, leaving img detached; then the image at the same place with the same source is it.
    function current(img, index, src) {
      if (img.isConnected) { return img; }
      var leaf = index >= 0 ? q.getLeaf(index + 1)[0] : null;
      var n = leaf && leaf.domNode;
      if (n && n.tagName === 'IMG' && n.getAttribute('src') === src) { return n; }
      return Array.from(root.querySelectorAll('img')).filter(function (i) { return i.getAttribute('src') === src; })[0] || null;
    }

    function editAlt(img) {
      if (!img) { return Promise.resolve(false); }
      var index = indexOf(img), src = img.getAttribute('src');
      return ask({ title: ALT.title, label: ALT.label, hint: ALT.hint, required: true, value: img.getAttribute('alt') || '', image: img.src })
        .then(function (alt) {
          var node = alt && current(img, index, src);
          if (node) { node.setAttribute('alt', alt); q.update('user'); }
          return !!node;
        });
    }

    // insertImage uploads file, asks for its alternative text and inserts it at index; nothing is inserted
    // without the text.
    function insertImage(index, file) {
      setBusy(1);
      return upload(uploadURL, file).then(function (url) {
        return ask({ title: ALT.title, label: ALT.label, hint: ALT.hint, required: true, image: url }).then(function (alt) {
          if (!alt) { notice(msg, '图片没有插入：插入图片须填写替代文字。'); return 0; }
          q.insertEmbed(index, 'image', url, 'user');
          var img = q.getLeaf(index + 1)[0];
          if (img && img.domNode && img.domNode.tagName === 'IMG') { img.domNode.setAttribute('alt', alt); q.update('user'); }
          q.setSelection(index + 1, 'silent');
          return 1;
        });
      }).catch(function (err) {
        notice(msg, '图片上传失败：' + err.message);
        return 0;
      }).finally(function () { setBusy(-1); });
    }

    function insertFiles(index, files) {
      var at = index;
      return Array.from(files).reduce(function (p, f) {
        return p.then(function () { return insertImage(at, f).then(function (k) { at += k; }); });
      }, Promise.resolve());
    }

    function pickImage() {
      var input = el('input', { type: 'file', accept: 'image/png,image/jpeg,image/gif,image/webp' });
      input.addEventListener('change', function () {
        var r = q.getSelection(true) || { index: q.getLength() - 1 };
        if (input.files && input.files.length) { insertFiles(r.index, input.files); }
      });
      input.click();
    }

    // After a paste or a drop: upload images that came as data: URLs, drop the ones the site cannot show,
    // then ask for the missing alternative texts.
    function tidyImages() {
      var dropped = 0, pending = [];
      Array.from(root.querySelectorAll('img')).forEach(function (img) {
        if (img.getAttribute('data-rte-seen')) { return; }
        var src = img.getAttribute('src') || '';
        if (ours(src)) { img.setAttribute('data-rte-seen', '1'); return; }
        var blob = uploadURL && dataURLBlob(src);
        if (blob) {
          img.setAttribute('data-rte-seen', '1');
          setBusy(1);
          var at = indexOf(img);
          pending.push(upload(uploadURL, blob).then(function (url) {
            var node = current(img, at, src);
            if (node) { node.setAttribute('data-rte-seen', '1'); node.setAttribute('src', url); }
          })
            .catch(function (err) {
              var node = current(img, at, src);
              var i = node ? indexOf(node) : -1;
              if (i >= 0) { q.deleteText(i, 1, 'user'); }
              notice(msg, '有图片上传失败，已移除：' + err.message);
            }).finally(function () { setBusy(-1); }));
          return;
        }
        var i = indexOf(img);
        if (i >= 0) { q.deleteText(i, 1, 'user'); dropped++; }
      });
      if (dropped) {
        notice(msg, '有 ' + dropped + ' 张图片无法直接粘贴（Word 中的本地图片或其他网站的图片），已移除；请用工具栏的“插入图片”按钮上传。');
      }
      return Promise.all(pending).then(function () { q.update('user'); return askMissingAlt(); });
    }
    var tidying = Promise.resolve();
    function tidy() { tidying = tidying.then(tidyImages).catch(function () {}); }

    function missingAlt() {
      return Array.from(root.querySelectorAll('img')).filter(function (img) { return !(img.getAttribute('alt') || '').trim(); });
    }

    function askMissingAlt() {
      return missingAlt().reduce(function (p, img) {
        return p.then(function (ok) {
          if (!ok) { return false; }
          var node = current(img, -1, img.getAttribute('src'));
          if (!node || (node.getAttribute('alt') || '').trim()) { return true; } // removed or answered meanwhile
          node.scrollIntoView({ block: 'center' });
          return editAlt(node);
        });
      }, Promise.resolve(true));
    }

    var tidyTimer = 0;
    q.on('text-change', function (delta, old, source) {
      if (source !== 'user') { return; }
      var hasImage = delta.ops.some(function (op) { return op.insert && op.insert.image; });
      if (!hasImage) { return; }
      clearTimeout(tidyTimer);
      tidyTimer = setTimeout(tidy, 0);
    });

    root.addEventListener('dblclick', function (e) {
      if (e.target && e.target.tagName === 'IMG' && q.isEnabled()) { editAlt(e.target); }
    });

    function html() {
      if (q.getLength() <= 1 && !root.querySelector('img')) { return ''; }
      // Quill writes every space as &nbsp; (plain spaces let lines wrap) and styles its tables inline.
      var out = q.getSemanticHTML().replace(/&nbsp;/g, ' ').replace(/<table style="[^"]*">/g, '<table>');
      return headerRows(out).replace(/<p>(?:\s|<br>)*<\/p>/g, ''); // empty paragraphs are pasting debris
    }

    if (form) {
      form.addEventListener('submit', function (e) {
        if (busy > 0) {
          e.preventDefault();
          notice(msg, '图片还在上传，请稍候再保存。');
          return;
        }
        var missing = missingAlt();
        if (missing.length) {
          e.preventDefault();
          var submitter = e.submitter;
          notice(msg, '正文中有 ' + missing.length + ' 张图片缺少替代文字，请填写后再保存。');
          askMissingAlt().then(function (ok) {
            if (ok && !missingAlt().length) { notice(msg, ''); form.requestSubmit(submitter || undefined); }
          });
          return;
        }
        ta.value = html();
      });
    }

    ta.rte = q; // for tests and other scripts: the Quill instance of this textarea
    wrap.setAttribute('data-ready', '1');
  }

  loadQuill().then(function (Quill) {
    areas.forEach(function (ta) { setup(Quill, ta); });
  }).catch(function () {
    // Without the editor the textarea stays as it is: plain HTML can still be typed and saved.
  });
})();
