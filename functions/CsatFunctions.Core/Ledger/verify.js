/* CsatFunctions transparency-log verifier, for the verify page published beside the score (verify.html).
 * Reads log.json (origin, the log's and the witnesses' keys, where receipts are answered) and the signed
 * checkpoint from the folder the page is in and checks: the checkpoint's Ed25519 signature and every
 * witness cosignature (C2SP signed-note, tlog-cosignature); that the log never rewrote the history this
 * browser saw before (an RFC 9162 consistency proof computed from the tiles, C2SP tlog-tiles); a receipt
 * (?receipt={id}) by the inclusion proofs its answer carries (C2SP tlog-proof, RFC 9162 2.1.3.2), which
 * fetches no tile when the proof is for the checkpoint loaded here; and, without a receipt or with
 * ?audit=1, every entry: their tree's root against the checkpoint, and every window of the published
 * score counted again (the latest answer of each id wins; the latest counted entry names its day).
 * Plain JavaScript, no dependencies, nothing sent anywhere but the receipt's id. tools/CsatFunctions.Verify
 * does the same on the command line. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var base = new URL(".", location.href);
  var params = new URLSearchParams(location.search);
  var windows = [["last7Days", "last 7 days", 7], ["last30Days", "last 30 days", 30], ["last90Days", "last 90 days", 90], ["last365Days", "last 12 months", 365], ["allTime", "all time", 0]];
  var utf8 = new TextEncoder(), text8 = new TextDecoder();
  var problems = [], tilesRead = 0, bytesRead = 0, tileCache = new Map();

  // SHA-256 in plain JavaScript: the tree hashes hundreds of thousands of small inputs, one promise each
  // through WebCrypto would cost more than the hashing. Constants from the primes, as FIPS 180-4 defines them.
  var K = new Int32Array(64), W = new Int32Array(64);
  for (var p = 2, n = 0; n < 64; p++) {
    var prime = true;
    for (var q = 2; q * q <= p; q++) if (p % q === 0) prime = false;
    if (prime) K[n++] = (Math.cbrt(p) % 1) * 4294967296 | 0;
  }
  var H0 = new Int32Array([0x6a09e667, 0xbb67ae85 | 0, 0x3c6ef372, 0xa54ff53a | 0, 0x510e527f, 0x9b05688c | 0, 0x1f83d9ab, 0x5be0cd19]);
  var H = new Int32Array(8), pad = new Uint8Array(1024);
  function sha256(data) {
    var length = ((data.length + 72) >> 6) * 64;
    if (pad.length < length) pad = new Uint8Array(length * 2);
    pad.fill(0, 0, length); pad.set(data); pad[data.length] = 0x80;
    var bits = data.length * 8, hi = Math.floor(data.length / 536870912);
    pad[length - 8] = hi >>> 24; pad[length - 7] = hi >>> 16; pad[length - 6] = hi >>> 8; pad[length - 5] = hi;
    pad[length - 4] = bits >>> 24; pad[length - 3] = bits >>> 16; pad[length - 2] = bits >>> 8; pad[length - 1] = bits;
    H.set(H0);
    for (var off = 0; off < length; off += 64) {
      for (var i = 0; i < 16; i++) { var o = off + 4 * i; W[i] = pad[o] << 24 | pad[o + 1] << 16 | pad[o + 2] << 8 | pad[o + 3]; }
      for (i = 16; i < 64; i++) {
        var x = W[i - 15], y = W[i - 2];
        W[i] = (W[i - 16] + ((x >>> 7 | x << 25) ^ (x >>> 18 | x << 14) ^ (x >>> 3)) + W[i - 7] + ((y >>> 17 | y << 15) ^ (y >>> 19 | y << 13) ^ (y >>> 10))) | 0;
      }
      var a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
      for (i = 0; i < 64; i++) {
        var t1 = (h + ((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
        var t2 = (((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      H[0] += a; H[1] += b; H[2] += c; H[3] += d; H[4] += e; H[5] += f; H[6] += g; H[7] += h;
    }
    var out = new Uint8Array(32);
    for (i = 0; i < 8; i++) { out[4 * i] = H[i] >>> 24; out[4 * i + 1] = H[i] >>> 16; out[4 * i + 2] = H[i] >>> 8; out[4 * i + 3] = H[i]; }
    return out;
  }

  // RFC 9162 2.1.1: leaves and nodes are hashed with different prefixes, so neither passes for the other.
  function leafHash(leaf) { var b = new Uint8Array(leaf.length + 1); b.set(leaf, 1); return sha256(b); }
  function nodeHash(l, r) { var b = new Uint8Array(65); b[0] = 1; b.set(l, 1); b.set(r, 33); return sha256(b); }
  function equal(a, b) { if (a.length !== b.length) return false; for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false; return true; }
  function fromBase64(s) { try { return Uint8Array.from(atob(s), function (ch) { return ch.charCodeAt(0); }); } catch (e) { return null; } }
  function toBase64(bytes) { return btoa(String.fromCharCode.apply(null, bytes)); }
  function hex(bytes) { return Array.prototype.map.call(bytes, function (x) { return ("0" + x.toString(16)).slice(-2); }).join(""); }
  function half(n) { return Math.floor(n / 2); }
  function split(n) { var k = 1; while (k * 2 < n) k *= 2; return k; } // the largest power of two below n

  // RFC 9162 2.1.3.2.
  function verifyInclusion(index, size, hash, proof, root) {
    if (index >= size) return false;
    var fn = index, sn = size - 1, r = hash;
    for (var i = 0; i < proof.length; i++) {
      if (sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        r = nodeHash(proof[i], r);
        while (fn % 2 === 0 && fn !== 0) { fn = half(fn); sn = half(sn); }
      } else r = nodeHash(r, proof[i]);
      fn = half(fn); sn = half(sn);
    }
    return sn === 0 && equal(r, root);
  }

  // RFC 9162 2.1.4.2.
  function verifyConsistency(first, second, firstHash, secondHash, proof) {
    if (first === second) return proof.length === 0 && equal(firstHash, secondHash);
    if (first === 0 || first > second) return first === 0 && proof.length === 0;
    var path = (first & (first - 1)) === 0 ? [firstHash].concat(proof) : proof.slice();
    if (path.length === 0) return false;
    var fn = first - 1, sn = second - 1;
    while (fn % 2 === 1) { fn = half(fn); sn = half(sn); }
    var fr = path[0], sr = path[0];
    for (var i = 1; i < path.length; i++) {
      if (sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        fr = nodeHash(path[i], fr); sr = nodeHash(path[i], sr);
        while (fn % 2 === 0 && fn !== 0) { fn = half(fn); sn = half(sn); }
      } else sr = nodeHash(sr, path[i]);
      fn = half(fn); sn = half(sn);
    }
    return sn === 0 && equal(fr, firstHash) && equal(sr, secondHash);
  }

  // RFC 9162 2.1.4.1 SUBPROOF, as the [start, end) leaf ranges whose tree hashes make the proof.
  function consistencyRanges(m, start, end, whole, out) {
    var n = end - start;
    if (m === n) { if (!whole) out.push([start, end]); return out; }
    var k = split(n);
    if (m <= k) { consistencyRanges(m, start, start + k, whole, out); out.push([start + k, end]); }
    else { consistencyRanges(m - k, start + k, end, false, out); out.push([start, start + k]); }
    return out;
  }

  // C2SP tlog-tiles: index 1234067 is x001/x234/067; a partial tile or bundle ends in .p/{width}.
  function tileIndex(n) { var parts = []; do { parts.unshift(("00" + (n % 1000)).slice(-3)); n = Math.floor(n / 1000); } while (n > 0); return parts.map(function (s, i) { return i < parts.length - 1 ? "x" + s : s; }).join("/"); }
  function tilePath(level, n, width) { return "tile/" + level + "/" + tileIndex(n) + (width < 256 ? ".p/" + width : ""); }
  function hashesAt(level, size) { return Math.floor(size / Math.pow(256, level)); }

  async function bytes(path) {
    var r = await fetch(new URL(path, base));
    if (!r.ok) throw new Error(path + " answered " + r.status);
    var b = new Uint8Array(await r.arrayBuffer());
    // Only entry bundles are stored gzip; a copy of the folder served without Content-Encoding hands over the
    // gzip itself. A hash tile is never unzipped: one in 65,536 starts with 1f 8b by chance.
    var decoded = /gzip/i.test(r.headers.get("Content-Encoding") || "");
    if (path.indexOf("tile/entries/") === 0 && !decoded && b[0] === 0x1f && b[1] === 0x8b) b = new Uint8Array(await new Response(new Blob([b]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
    bytesRead += b.length;
    return b;
  }

  function text(path) {
    return fetch(new URL(path, base), { cache: "no-store" }).then(function (r) {
      if (!r.ok) throw new Error(path + " answered " + r.status);
      return r.text();
    });
  }

  // The tree of `size` leaves read from its tiles: each tile fetched once, at the width that size gives it.
  function tiledTree(size) {
    function tile(level, n) {
      var width = Math.min(256, hashesAt(level, size) - n * 256), path = tilePath(level, n, width);
      if (!tileCache.has(path)) { tilesRead++; tileCache.set(path, bytes(path)); }
      return tileCache.get(path);
    }
    async function stored(height, n) { // the complete subtree of 2^height leaves at n
      var level = Math.floor(height / 8), span = Math.pow(2, height - 8 * level), first = n * span, hashes = [];
      for (var i = first; i < first + span; i++) hashes.push((await tile(level, Math.floor(i / 256))).subarray((i % 256) * 32, (i % 256) * 32 + 32));
      while (hashes.length > 1) { var up = []; for (var j = 0; j < hashes.length; j += 2) up.push(nodeHash(hashes[j], hashes[j + 1])); hashes = up; }
      return hashes[0];
    }
    async function rangeHash(start, end) {
      var w = end - start;
      if ((w & (w - 1)) === 0 && start % w === 0) return stored(Math.round(Math.log2(w)), start / w);
      var k = split(w);
      return nodeHash(await rangeHash(start, start + k), await rangeHash(start + k, end));
    }
    return { consistencyProof: function (m) { return Promise.all(consistencyRanges(m, 0, size, true, []).map(function (r) { return rangeHash(r[0], r[1]); })); } };
  }

  // C2SP signed-note: the text, a blank line, then "— name base64(key ID || signature)" lines.
  function parseNote(note) {
    var at = note.lastIndexOf("\n\n");
    if (at < 0 || !note.endsWith("\n")) return null;
    var signatures = note.slice(at + 2).split("\n").filter(Boolean).map(function (line) {
      var parts = line.slice(2).split(" "), raw = parts.length === 2 && line.indexOf("\u2014 ") === 0 ? fromBase64(parts[1]) : null;
      return raw && raw.length > 4 ? { name: parts[0], id: new DataView(raw.buffer).getUint32(0), signature: raw.subarray(4) } : null;
    });
    return signatures.length && signatures.every(Boolean) ? { text: note.slice(0, at + 1), signatures: signatures } : null;
  }

  function parseCheckpoint(t) {
    var lines = t.split("\n"), root = lines.length >= 4 ? fromBase64(lines[2]) : null;
    return root && root.length === 32 && /^(0|[1-9][0-9]*)$/.test(lines[1]) ? { origin: lines[0], size: Number(lines[1]), root: root } : null;
  }

  // A vkey, name+keyID+base64(type || Ed25519 public key), with its key ID checked: SHA-256(name || \n || type || key)[:4].
  async function verifierKey(vkey) {
    // The base64 may hold "+" itself: the name and the ID end at the first two.
    var m = /^([^+]+)\+([0-9a-fA-F]{8})\+(.+)$/.exec(vkey.trim()), parts = m ? m.slice(1) : [], raw = m ? fromBase64(parts[2]) : null;
    if (!raw || raw.length !== 33) throw new Error("the key " + vkey + " is not a note verifier key");
    var name = utf8.encode(parts[0]), input = new Uint8Array(name.length + 1 + 33);
    input.set(name); input[name.length] = 10; input.set(raw, name.length + 1);
    var id = new DataView(sha256(input).buffer).getUint32(0);
    if (id !== parseInt(parts[1], 16)) throw new Error("the key " + vkey + " does not match its key ID");
    return { name: parts[0], id: id, type: raw[0], key: await crypto.subtle.importKey("raw", raw.subarray(1), { name: "Ed25519" }, false, ["verify"]) };
  }

  function verifies(key, signature, message) {
    return crypto.subtle.verify({ name: "Ed25519" }, key, signature, utf8.encode(message)).catch(function () { return false; });
  }

  // A checkpoint as signed note: signed by the log's key, each known witness's cosignature verified (tlog-cosignature v1).
  async function checkNote(note, what, log) {
    var parsed = parseNote(note), cp = parsed && parseCheckpoint(parsed.text), found = [];
    if (!cp) return { problems: [what + ": it is not a signed checkpoint."], cosigners: [] };
    if (cp.origin !== log.origin) found.push(what + ": it names the log " + cp.origin + ", not " + log.origin + ".");
    var verified = 0, failed = 0, cosigners = [];
    for (var i = 0; i < parsed.signatures.length; i++) {
      var s = parsed.signatures[i];
      if (s.name === log.key.name && s.id === log.key.id) {
        if (s.signature.length === 64 && await verifies(log.key.key, s.signature, parsed.text)) verified++; else failed++;
      }
      var witness = log.witnesses.filter(function (w) { return w.name === s.name && w.id === s.id && w.type === 4; })[0];
      if (!witness) continue; // a signature by a key this page does not know is ignored, as the spec says
      var time = s.signature.length === 72 ? new DataView(s.signature.buffer, s.signature.byteOffset).getBigUint64(0) : null;
      if (time !== null && await verifies(witness.key, s.signature.subarray(8), "cosignature/v1\ntime " + time + "\n" + parsed.text)) cosigners.push(witness.name);
      else found.push(what + ": the cosignature of witness " + witness.name + " is forged (it does not verify with the witness's key).");
    }
    // signed-note: a line under a known key that does not verify rejects the note, whatever other lines verify.
    var signed = verified > 0 && failed === 0;
    if (!verified) found.push(what + ": its signature does not verify with the log's key (" + log.key.name + ").");
    else if (failed) found.push(what + ": " + failed + " of its signature lines under the log's name and key ID (" + log.key.name + ") do" + (failed === 1 ? "es" : "") + " not verify, so the note is rejected (another line that verifies does not outweigh it).");
    return { cp: cp, note: note, signed: signed, cosigners: cosigners, problems: found };
  }

  function describe(checked) {
    return "signed by the log, cosigned by " + checked.cosigners.length + " witness(es)" + (checked.cosigners.length ? ": " + checked.cosigners.join(", ") : "");
  }

  // Whether the smaller of two checkpoints is a prefix of the larger, by a consistency proof read from the
  // larger's tiles (the partial tiles of every published size stay). Throws when a tile cannot be fetched:
  // that proves nothing either way, and is never taken for a rewritten history.
  async function consistent(a, b) {
    if (a.size > b.size) return consistent(b, a);
    if (a.size === b.size) return equal(a.root, b.root);
    if (a.size === 0) return true; // the empty tree is a prefix of every tree
    var proof = await tiledTree(b.size).consistencyProof(a.size);
    return verifyConsistency(a.size, b.size, a.root, b.root, proof);
  }

  // The last checkpoint this browser saw of the log in this folder; a new one must extend it.
  async function checkHistory(log, checked) {
    // Kept per folder, with the log's name and key: a log whose name or key changed is named, not met anew.
    var key = "csat-log-checkpoint:" + base.href, seen = null, out = $("history"), keep = true;
    try { seen = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { seen = null; }
    function say(state, message, problem) {
      out.textContent = message; out.dataset.history = state;
      if (problem) { problems.push(message); out.className = "bad"; }
    }
    if (!seen || !seen.root) {
      say("first", "First visit from this browser: the checkpoint is kept here, and the next visit checks that the log only grew from it.");
    } else if (seen.origin !== log.origin || seen.vkey !== log.vkey) {
      var changes = [];
      if (seen.origin !== log.origin) changes.push("its name was " + seen.origin + ", it is now " + log.origin);
      if (seen.vkey !== log.vkey) changes.push("its key was " + seen.vkey + ", it is now " + log.vkey);
      say("changed", "the log's name/key changed since your last visit: " + changes.join("; ") + " (the checkpoint you saw on " + seen.seenOn + ", size " + seen.size + ", cannot be checked against it).", true);
    } else {
      var before = { size: seen.size, root: fromBase64(seen.root) }, together = null, failure = null, when = " (size " + seen.size + ", on " + seen.seenOn + ")";
      try { together = await consistent(before, checked.cp); } catch (e) { failure = e; }
      keep = together === true && checked.cp.size >= seen.size; // the larger one seen stays
      if (failure) say("unchecked", "could not check consistency with the checkpoint you saw" + when + ": " + failure.message + ". It is kept for the next visit.");
      else if (!together) say("rewritten", "history was rewritten: the checkpoint you saw on " + seen.seenOn + " (size " + seen.size + ") is not part of today's log.", true);
      else if (!keep) say("older", "an older checkpoint than the one you saw (served stale or rolled back): size " + checked.cp.size + ", where you saw size " + seen.size + " on " + seen.seenOn + "; it is part of the same history, and the larger one is kept.", true);
      else say("consistent", "Consistent with the checkpoint you saw last" + when + ".");
    }
    if (keep) try { localStorage.setItem(key, JSON.stringify({ origin: log.origin, vkey: log.vkey, size: checked.cp.size, root: toBase64(checked.cp.root), seenOn: new Date().toISOString().slice(0, 10), note: checked.note })); } catch (e) { /* private mode: nothing to keep */ }
  }

  function day(s) { return Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)); }
  function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }

  // The windows of the published document that count a ticket counted on `d`, each with its days.
  function windowsOf(d, generatedAt) {
    var today = day(generatedAt.slice(0, 10));
    return windows.filter(function (w) { return day(d) <= today && (!w[2] || day(d) >= today - (w[2] - 1) * 86400000); }).map(function (w) {
      return { name: w[0], text: w[1] + (w[2] ? " (" + isoDay(today - (w[2] - 1) * 86400000) + " to " + isoDay(today) + ")" : "") };
    });
  }

  function parseProof(proof) {
    var at = proof.indexOf("\n\n"), lines = at < 0 ? [] : proof.slice(0, at).split("\n");
    if (lines[0] !== "c2sp.org/tlog-proof@v1" || !/^extra /.test(lines[1] || "") || !/^index (0|[1-9][0-9]*)$/.test(lines[2] || "")) return null;
    var hashes = lines.slice(3).map(fromBase64);
    return hashes.every(function (h) { return h && h.length === 32; }) ? { extra: fromBase64(lines[1].slice(6)), index: Number(lines[2].slice(6)), hashes: hashes, checkpoint: proof.slice(at + 2) } : null;
  }

  async function checkReceipt(id, log, checked, score) {
    var started = performance.now(), out = $("receipt");
    // Checked before anything is asked: a link cut short or mistyped is named as such, and never sent.
    if (!/^[0-9a-f]{32}$/.test(id)) { out.textContent = "Receipt " + id + ": not a receipt id (a receipt id is 32 lowercase hexadecimal characters, as the thank-you page shows it); nothing was asked."; out.dataset.receipt = "invalid"; return "invalid"; }
    var r = await fetch(new URL(encodeURIComponent(id), log.receiptsUrl), { cache: "no-store" });
    if (r.status === 404) { out.textContent = "Receipt " + id + ": not in the log yet: answers are appended at the next refresh."; out.dataset.receipt = "pending"; return "pending"; }
    if (!r.ok) throw new Error("the receipt answered " + r.status);
    var answer = await r.json(), arrived = performance.now(), notes = new Map(), found = problems.length, counted = null, answered = null, proven = [], unchecked = [];
    var entries = Array.isArray(answer.entries) ? answer.entries : [];
    if (!entries.length) problems.push("receipt: the answer for " + id + " carries no entry, so nothing proves it.");
    for (var i = 0; i < entries.length; i++) {
      var p = parseProof(entries[i].proof), leaf = null;
      try { leaf = p && p.extra && JSON.parse(text8.decode(p.extra)); } catch (e) { leaf = null; }
      if (!leaf || leaf.id !== id) { problems.push("receipt: entry " + entries[i].index + " carries no proof of an entry of this receipt."); continue; }
      if (!notes.has(p.checkpoint)) notes.set(p.checkpoint, await checkNote(p.checkpoint, "the receipt's checkpoint", log));
      var note = notes.get(p.checkpoint);
      if (!note.cp) continue;
      if (!verifyInclusion(p.index, note.cp.size, leafHash(p.extra), p.hashes, note.cp.root)) { problems.push("receipt: entry " + p.index + " (" + leaf.kind + ") is not in the checkpoint of size " + note.cp.size + ": its inclusion proof does not lead to the signed root."); continue; }
      proven.push(p.index);
      if (leaf.kind === "counted") counted = leaf;
      if (leaf.kind === "answered") answered = leaf;
    }
    notes.forEach(function (note) { note.problems.forEach(function (m) { problems.push(m); }); });
    for (var entry of notes) {
      var cp = entry[1].cp, together;
      if (!cp) continue;
      try { together = await consistent(cp, checked.cp); } catch (e) { unchecked.push("Could not check that its checkpoint (size " + cp.size + ") and the log's (size " + checked.cp.size + ") are one history: " + e.message + "."); continue; }
      if (!together) problems.push("receipt: its checkpoint (size " + cp.size + ") and the log's (size " + checked.cp.size + ") are not one history.");
    }
    if (unchecked.length) out.dataset.consistency = "unchecked";
    var last = Array.from(notes.values()).map(function (n) { return n.cp; }).filter(Boolean).pop();
    // From the request to the verdict, and the verifying alone (the answer's hashes, signatures and any consistency proof).
    document.body.dataset.receiptMs = (performance.now() - started).toFixed(1);
    document.body.dataset.receiptVerifyMs = (performance.now() - arrived).toFixed(1);
    if (problems.length > found || !last) { out.textContent = "Receipt " + id + ": its proofs do not hold (see the problems below)." + (unchecked.length ? " " + unchecked.join(" ") : ""); out.dataset.receipt = "fails"; return "fails"; }
    var counts = counted ? windowsOf(counted.day, score.generatedAt) : [];
    out.dataset.receipt = "proven";
    out.dataset.day = counted ? counted.day : "";
    out.dataset.bucket = answered ? answered.bucket : "";
    out.dataset.windows = counts.map(function (w) { return w.name; }).join(",");
    out.dataset.checkpointSize = String(last.size);
    out.textContent = "Receipt " + id + ": " + (counted ? "counted on " + counted.day : "not counted yet") + (answered ? ", answered " + answered.bucket : ", not answered") +
      ". " + (counts.length ? "It counts in the published " + counts.map(function (w) { return w.text; }).join("; ") + "." : "It counts in no published window.") +
      " Proven by the checkpoint of size " + last.size + ", root " + hex(last.root).slice(0, 16) + "\u2026 (entries " + proven.join(", ") + ")." + (unchecked.length ? " " + unchecked.join(" ") : "");
    return "holds";
  }

  // Every entry bundle, in parallel batches: leaf hashes, the root, the leaves themselves.
  async function audit(log, checked, score) {
    var started = performance.now(), size = checked.cp.size, bundles = Math.ceil(size / 256), leaves = [], stack = [], count = 0, perBundle = [];
    function batch(first) {
      var fetches = [];
      for (var n = first; n < Math.min(bundles, first + 16); n++) fetches.push(bytes("tile/entries/" + tileIndex(n) + (n * 256 + 256 > size ? ".p/" + (size - n * 256) : "")).catch(function () { return null; }));
      return Promise.all(fetches);
    }
    // The next batch downloads while this one is hashed.
    for (var first = 0, next = batch(0); first < bundles; first += 16) {
      var got = await next;
      next = first + 16 < bundles ? batch(first + 16) : null;
      for (var b = 0; b < got.length; b++) {
        var bundle = got[b], at = 0, mine = [];
        if (!bundle) problems.push("entries: bundle " + (first + b) + " is missing.");
        while (bundle && at < bundle.length) {
          var length = at + 2 <= bundle.length ? bundle[at] << 8 | bundle[at + 1] : Infinity;
          if (at + 2 + length > bundle.length) { problems.push("entries: bundle " + (first + b) + " is cut short."); break; }
          var leaf = bundle.subarray(at + 2, at + 2 + length), h = leafHash(leaf), parsed = null;
          at += 2 + length;
          try { parsed = JSON.parse(text8.decode(leaf)); } catch (e) { parsed = null; }
          if (!parsed || !parsed.id || !parsed.kind) problems.push("entry " + count + " is not a log entry.");
          else leaves.push(parsed);
          mine.push(h); stack.push(h); count++;
          for (var c2 = count; c2 % 2 === 0; c2 /= 2) { var right = stack.pop(); stack.push(nodeHash(stack.pop(), right)); }
        }
        perBundle.push(mine);
      }
    }
    var root = stack.length ? stack[stack.length - 1] : sha256(new Uint8Array(0));
    for (var i = stack.length - 2; i >= 0; i--) root = nodeHash(stack[i], root);
    if (!equal(root, checked.cp.root)) problems.push(await whatChanged(perBundle, size) || "entries: the " + count + " entries do not give the signed root of size " + size + ".");
    document.body.dataset.auditMs = (performance.now() - started).toFixed(1);
    document.body.dataset.auditBytes = String(transferred("tile/entries/"));
    document.body.dataset.auditDecodedBytes = String(bytesRead);
    return { count: count, leaves: leaves };
  }

  // Where the entries part from the log's level-0 tiles (the leaf hashes the tree was built from): the first entry changed, dropped or moved.
  async function whatChanged(perBundle, size) {
    for (var n = 0; n < perBundle.length; n++) {
      var width = Math.min(256, size - n * 256), tile;
      try { tile = await bytes(tilePath(0, n, width)); } catch (e) { return null; }
      var mine = perBundle[n], at = function (j) { return tile.subarray(j * 32, j * 32 + 32); };
      for (var j = 0; j < Math.max(width, mine.length); j++) {
        if (j < mine.length && j < width && equal(mine[j], at(j))) continue;
        // Entries past the bundle's width are in no tree the checkpoint signs: counted, not compared.
        if (j >= width) return "entries: bundle " + n + " holds " + (mine.length - width) + " entries too many (" + mine.length + " where the checkpoint counts " + width + ").";
        var i = n * 256 + j;
        if (j + 1 < mine.length && j + 1 < width && equal(mine[j], at(j + 1)) && equal(mine[j + 1], at(j))) return "entry " + i + " and entry " + (i + 1) + " were swapped (each stands where the other should).";
        if (j < mine.length && j + 1 < width && equal(mine[j], at(j + 1)) || j >= mine.length) return "entry " + i + " was dropped (the entry after it stands in its place).";
        return "entry " + i + " was changed (its hash is not the one the log's tree holds).";
      }
    }
    return null;
  }

  function transferred(prefix) {
    return performance.getEntriesByType("resource").filter(function (e) { return e.name.indexOf(prefix) >= 0; }).reduce(function (sum, e) { return sum + (e.encodedBodySize || 0); }, 0);
  }

  // One decimal, half away from zero, in whole numbers so no float rounding creeps in: as the score rounds.
  function percent(part, whole) { return whole === 0 ? null : Math.floor((2000 * part + whole) / (2 * whole)) / 10; }
  function show(value) { return value === null || value === undefined ? "\u2013" : typeof value === "number" && value % 1 !== 0 ? value.toFixed(1) : String(value); }

  function recompute(leaves, generatedAt) {
    var counted = {}, latest = {};
    leaves.forEach(function (e) {
      if (e.kind === "counted") counted[e.id] = e.day; // a later one moves the ticket to its final resolution's day
      if (e.kind === "answered") latest[e.id] = e;
    });
    var today = day(generatedAt.slice(0, 10)), result = {};
    windows.forEach(function (w) {
      var first = w[2] ? today - (w[2] - 1) * 86400000 : -Infinity;
      var c = { surveyed: 0, excellent: 0, satisfactory: 0, unsatisfactory: 0 };
      var five = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 }, nps = { promoters: 0, passives: 0, detractors: 0 };
      Object.keys(counted).forEach(function (id) {
        if (day(counted[id]) < first) return;
        c.surveyed++;
        var a = latest[id];
        if (!a) return;
        c[a.bucket]++;
        if (a.scale === "five-point") five[a.value]++;
        if (a.scale === "nps") nps[a.value >= 9 ? "promoters" : a.value >= 7 ? "passives" : "detractors"]++;
      });
      c.rated = c.excellent + c.satisfactory + c.unsatisfactory;
      c.satisfactionPercent = percent(c.excellent + c.satisfactory, c.rated);
      c.responseRatePercent = percent(c.rated, c.surveyed);
      var fives = five["1"] + five["2"] + five["3"] + five["4"] + five["5"];
      c.fivePoint = fives ? [five["1"], five["2"], five["3"], five["4"], five["5"]].join(",") : null;
      var answered = nps.promoters + nps.passives + nps.detractors;
      var npsScore = answered ? Math.sign(nps.promoters - nps.detractors) * percent(Math.abs(nps.promoters - nps.detractors), answered) : null;
      c.nps = answered ? [answered, nps.promoters, nps.passives, nps.detractors, npsScore.toFixed(1)].join(",") : null;
      result[w[0]] = c;
    });
    return result;
  }

  function renderWindows(leaves, score) {
    var recomputed = recompute(leaves, score.generatedAt), differ = 0, body = $("figures");
    var fields = ["surveyed", "rated", "excellent", "satisfactory", "unsatisfactory", "satisfactionPercent", "responseRatePercent", "fivePoint", "nps"];
    windows.forEach(function (w) {
      var published = score.windows[w[0]], r = recomputed[w[0]];
      var p = Object.assign({}, published, {
        fivePoint: published.fivePoint ? ["1", "2", "3", "4", "5"].map(function (n) { return published.fivePoint[n]; }).join(",") : null,
        nps: published.nps ? [published.nps.answered, published.nps.promoters, published.nps.passives, published.nps.detractors, Number(published.nps.score).toFixed(1)].join(",") : null
      });
      var same = fields.every(function (f) { return show(p[f]) === show(r[f]); });
      differ += same ? 0 : 1;
      var row = document.createElement("tr");
      row.dataset.window = w[0];
      [[w[1], "th"], [show(p.rated) + " / " + show(p.satisfactionPercent) + "%"], [show(r.rated) + " / " + show(r.satisfactionPercent) + "%"], [same ? "match" : "differ", "td", same ? "ok" : "bad"]].forEach(function (cell) {
        var el = document.createElement(cell[1] || "td");
        el.textContent = cell[0];
        if (cell[1] === "th") el.scope = "row";
        if (cell[2]) el.className = cell[2];
        row.appendChild(el);
      });
      body.appendChild(row);
    });
    $("audit").hidden = false;
    return differ;
  }

  async function check() {
    performance.setResourceTimingBufferSize(1000000);
    var receipt = params.get("receipt"), full = !receipt || params.get("audit") === "1";
    var published = JSON.parse(await text("log.json"));
    var log = { origin: published.origin, vkey: String(published.key).trim(), receiptsUrl: new URL(published.receipts, base), key: await verifierKey(published.key), witnesses: await Promise.all((published.witnesses || []).map(verifierKey)) };
    if (log.key.type !== 1) throw new Error("the log's key " + log.vkey + " is not an Ed25519 log key (type 0x01, signed-note)");
    var checked = await checkNote(await text("checkpoint"), "checkpoint", log);
    var score = JSON.parse(await text("score.json"));
    checked.problems.forEach(function (m) { problems.push(m); });
    if (!checked.cp) return { verdict: "fails" };
    $("checkpoint").textContent = "Checkpoint: " + checked.cp.size + " entries, root " + hex(checked.cp.root).slice(0, 16) + "\u2026, " + (checked.signed ? describe(checked) : "NOT signed by the log") + ".";
    $("checkpoint").dataset.cosigners = checked.cosigners.join(",");
    if (checked.signed) await checkHistory(log, checked);
    var verdict = receipt ? await checkReceipt(receipt, log, checked, score) : "holds";
    var audited = null, differ = 0;
    if (full) { audited = await audit(log, checked, score); differ = renderWindows(audited.leaves, score); }
    else $("audit-link").href = "?receipt=" + encodeURIComponent(receipt) + "&audit=1";
    return { verdict: problems.length || differ ? "fails" : verdict, checked: checked, audited: audited, differ: differ };
  }

  function render(result) {
    var list = $("problems"), summary = $("summary");
    problems.forEach(function (m) { var li = document.createElement("li"); li.textContent = m; list.appendChild(li); });
    if (result.verdict === "holds") {
      summary.textContent = "The log holds: " + (result.audited ? result.audited.count + " entries give the signed root, " : "") + "the checkpoint of size " + result.checked.cp.size + " is " + describe(result.checked) +
        (result.audited ? ", and every window matches the published score." : ", and the receipt's proofs lead to it.") +
        ($("history").dataset.history === "unchecked" ? " Whether it extends the checkpoint you saw last could not be checked (see below)." : "");
    } else if (result.verdict === "invalid") {
      summary.textContent = "The log's checkpoint is " + describe(result.checked) + "; the receipt in this link is not a receipt id.";
    } else if (result.verdict === "pending") {
      summary.textContent = "The log's checkpoint is " + describe(result.checked) + "; this receipt is not in it yet.";
    } else {
      summary.textContent = problems.length + " problem(s) in the log" + (result.audited ? ", " + result.differ + " window(s) that differ from the published score." : ".");
    }
    summary.className = result.verdict === "fails" || result.verdict === "invalid" ? "bad" : "ok";
    document.body.dataset.tiles = String(tilesRead);
    document.body.dataset.checkMs = performance.now().toFixed(1);
    document.body.dataset.done = result.verdict;
  }

  check().then(render).catch(function (e) {
    $("summary").textContent = "The log could not be read: " + e.message;
    $("summary").className = "bad";
    document.body.dataset.done = "error";
  });
})();
