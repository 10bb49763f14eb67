/*
 * claimgraph web page: map + as-of slider + timeline + propositions + claim cards + sources.
 *
 * Plain browser JavaScript, no build step. Needs the vendored globals L (Leaflet),
 * vis (vis-timeline standalone) and topojson (topojson-client), loaded before this file.
 *
 * Two data sources, one interface (see ApiDataSource / BundleDataSource below):
 *   - server mode: fetches the JSON API relative to the page (index.html is served at the
 *     app root, the static dir at "static/"): api/meta, api/propositions?as_of=,
 *     api/claims?ids=, api/sources, api/timeline/{geonames_id}?as_of=, and the basemap
 *     static/vendor/world-atlas/countries-50m.json.
 *   - report mode: when the page holds a JSON data block, a script element with
 *     id="claimgraph-data" and type="application/json" (the self-contained report written by
 *     claimgraph.serve.report), everything is read from that bundle, and the basemap from the
 *     data block with id="claimgraph-basemap".
 *     Nothing is fetched; the page works from a file:// URL under a hash-only CSP.
 *
 * Safety: article text is untrusted. The DOM is built with createElement + textContent only
 * (never an HTML-string sink), Leaflet popups/tooltips and vis-timeline items and groups get
 * DOM nodes (and vis-timeline's xss filter stays on, stripping every tag), links are made only
 * from http(s) URLs (rel="noopener noreferrer"), no inline handlers, no string evaluation.
 *
 * URL state lives in the hash (query string also read on load), e.g.
 *   #as_of=2025-03-11T12:20:00+00:00&place=364103&status=contested&type=CONTROL
 *    &source=Global%20Wire%20Service&proposition=<id>&claim=<id>
 * (as_of absent = latest report).
 *
 * Test hooks (stable ids / classes / data-testid):
 *   #map [data-testid=map]                 Leaflet map; basemap paths in .leaflet-basemap-pane
 *   path.place-marker[data-place][data-status]  one circle marker per place (data-status =
 *                                          status of its leading CONTROL proposition, or "other")
 *   .map-legend                            legend control
 *   .place-popup, .place-popup button.place-filter   popup of a marker (DOM node)
 *   #asof-slider [data-testid=asof-slider] input[type=range] over the report-time stops
 *   #asof-label [data-testid=asof-label]   current as-of text; data-as-of = ISO or "latest"
 *   #asof-prev, #asof-next, #asof-play     step / replay buttons
 *   #filter-place, #filter-status, #filter-type, #filter-source, #filter-clear
 *   #timeline [data-testid=timeline]       vis-timeline; items .vis-item.status-<status>,
 *                                          item content span.tl-item[data-id][title] (the
 *                                          full label); data-window-start/-end = the
 *                                          window it opened on (ISO)
 *   path.place-marker[data-spread]         how many markers share its spot (laid out on a ring)
 *   #propositions li.proposition[data-id][data-status][data-testid=proposition]
 *     .status-chip[data-status]            status chip (colour + text), also in detail/popups
 *     .reasons li                          reasons of the status
 *   #propositions-count                    "n of m"
 *   #proposition-detail                    header of the selected proposition
 *   #claims .claim-card[data-id][data-stance][data-testid=claim-card]  (.open when opened)
 *     mark.evidence                        the evidence inside the sentence
 *     .claim-source, .claim-chain, .claim-cue, .stance-chip, .claim-outlet, .claim-published,
 *     a.doc-link                           link to the document (http/https only)
 *   #sources [data-testid=sources] tbody tr[data-source]   sources table (click = filter)
 *   #place-panel, #place-history li        control history of the filtered place
 *   #error                                 error banner
 *   body[data-ready="true"]                set once the first render is done
 *   body[data-mode="server"|"report"]
 */
(function () {
  "use strict";

  const STATUSES = ["confirmed", "corroborated", "contested", "unverified", "refuted"];
  const STATUS_RANK = { confirmed: 5, corroborated: 4, contested: 3, unverified: 2, refuted: 1 };
  const STATUS_COLOR = {
    confirmed: "#2e7d32",
    corroborated: "#00897b",
    contested: "#ef6c00",
    unverified: "#757575",
    refuted: "#c62828",
    other: "#a7adb5",
  };
  const TYPES = ["CONTROL", "ENTER", "WITHDRAW", "ATTACK", "DEPART", "DEFECT", "SURRENDER",
    "RELEASE", "CASUALTIES", "STATEMENT", "PROTEST", "ARREST", "AGREE"];
  const STATE_KEYS = ["as_of", "place", "status", "type", "source", "proposition", "claim"];
  const CLAIM_CHUNK = 100;

  // ------------------------------------------------------------------ DOM helpers

  /** Create an element; attrs: class, text, or plain attributes (never on* handlers). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [key, value] of Object.entries(attrs)) {
        if (value === null || value === undefined || value === false) continue;
        if (/^on/i.test(key)) throw new Error("no inline handlers");
        if (key === "class") node.className = value;
        else if (key === "text") node.textContent = String(value);
        else node.setAttribute(key, value === true ? "" : String(value));
      }
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function $(id) {
    return document.getElementById(id);
  }

  function safeHttpUrl(raw) {
    if (typeof raw !== "string" || !raw) return null;
    try {
      const url = new URL(raw);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (_err) {
      return null;
    }
  }

  function time(iso) {
    if (!iso) return NaN;
    const t = Date.parse(iso);
    return Number.isNaN(t) ? NaN : t;
  }

  function fmtTime(iso) {
    const t = time(iso);
    if (Number.isNaN(t)) return "—";
    return new Date(t).toISOString().slice(0, 16).replace("T", " ") + " UTC";
  }

  function fmtDay(iso) {
    const t = time(iso);
    if (Number.isNaN(t)) return "—";
    const s = new Date(t).toISOString();
    return s.endsWith("T00:00:00.000Z") ? s.slice(0, 10) : s.slice(0, 16).replace("T", " ");
  }

  function fmtInterval(start, end) {
    if (!start && !end) return "time unknown";
    return `${start ? fmtDay(start) : "…"} → ${end ? fmtDay(end) : "…"}`;
  }

  function statusChip(status) {
    const s = STATUSES.includes(status) ? status : "unknown";
    return el("span", { class: `status-chip status-${s}`, "data-status": s, text: s });
  }

  function stanceChip(stance) {
    const s = stance || "unknown";
    return el("span", { class: `stance-chip stance-${s.replace(/[^a-z]/gi, "")}`, text: s });
  }

  function placeKey(place) {
    if (!place) return "";
    if (place.geonames_id !== null && place.geonames_id !== undefined) return String(place.geonames_id);
    return place.name ? `name:${place.name}` : "";
  }

  const PHRASES = {
    CONTROL: (a, p) => `${a} controls ${p}`,
    ENTER: (a, p) => `${a} entered ${p}`,
    WITHDRAW: (a, p) => `${a} withdrew from ${p}`,
    ATTACK: (a, p) => `${a} attacked ${p}`,
    DEPART: (a, p) => `${a} left ${p}`,
    DEFECT: (a, p) => `${a} defected in ${p}`,
    SURRENDER: (a, p) => `${a} surrendered in ${p}`,
    RELEASE: (a, p) => `${a} released detainees in ${p}`,
    CASUALTIES: (a, p) => `Casualties in ${p} (${a})`,
    STATEMENT: (a, p) => `Statement by ${a} (${p})`,
  };

  function agentName(agent) {
    if (agent && agent.canonical) return agent.canonical;
    const side = agent && agent.side;
    return side && side !== "none" && side !== "unknown" ? `unnamed ${side} actor` : "unknown actor";
  }

  function propTitle(prop) {
    const agent = agentName(prop.agent);
    let place = (prop.place && prop.place.name) || "unknown place";
    if (prop.facility) place = `${prop.facility}, ${place}`;
    const phrase = PHRASES[prop.type];
    return phrase ? phrase(agent, place) : `${prop.type || "?"}: ${agent}, ${place}`;
  }

  // ------------------------------------------------------------------ data sources

  /** Server mode: the JSON API next to the page. */
  class ApiDataSource {
    constructor() {
      this.mode = "server";
    }

    async get(path, params) {
      const url = new URL(path, document.baseURI);
      for (const [k, v] of Object.entries(params || {})) {
        if (v !== null && v !== undefined && v !== "") url.searchParams.set(k, v);
      }
      const response = await fetch(url.href, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      return response.json();
    }

    meta() {
      return this.get("api/meta");
    }

    stops(meta) {
      return (meta && meta.report_times) || [];
    }

    propositions(asOf) {
      return this.get("api/propositions", { as_of: asOf });
    }

    async claims(ids) {
      const out = [];
      for (let i = 0; i < ids.length; i += CLAIM_CHUNK) {
        const chunk = ids.slice(i, i + CLAIM_CHUNK);
        const data = await this.get("api/claims", { ids: chunk.join(","), limit: chunk.length });
        out.push(...((data && data.claims) || []));
      }
      return out;
    }

    sources() {
      return this.get("api/sources");
    }

    timeline(place, asOf) {
      return this.get(`api/timeline/${encodeURIComponent(place)}`, { as_of: asOf });
    }

    basemap() {
      return this.get("static/vendor/world-atlas/countries-50m.json");
    }

    tileUrl(meta) {
      return (meta && meta.tile_url) || null;
    }
  }

  /** Report mode: everything from the bundle embedded in the page. */
  class BundleDataSource {
    constructor(bundle, basemap) {
      this.mode = "report";
      this.bundle = bundle || {};
      this.basemapData = basemap || null;
      this.snapshots = (this.bundle.snapshots || []).slice()
        .sort((a, b) => time(a.as_of) - time(b.as_of));
      this.claimsById = new Map((this.bundle.claims || []).map((c) => [c.id, c]));
      this.docsById = new Map((this.bundle.documents || []).map((d) => [d.id, d]));
    }

    async meta() {
      return this.bundle.meta || {};
    }

    stops() {
      return this.snapshots.map((s) => s.as_of);
    }

    async propositions(asOf) {
      const snaps = this.snapshots;
      if (!snaps.length) return { as_of: null, propositions: [] };
      let snap = snaps[snaps.length - 1];
      if (asOf) {
        const t = time(asOf);
        const before = snaps.filter((s) => time(s.as_of) <= t);
        snap = before.length ? before[before.length - 1] : { as_of: asOf, propositions: [] };
      }
      return { as_of: snap.as_of, propositions: snap.propositions || [] };
    }

    async claims(ids) {
      const out = [];
      for (const id of ids) {
        const claim = this.claimsById.get(id);
        if (!claim) continue;
        if (!claim.document && this.docsById.has(claim.document_id)) {
          out.push(Object.assign({}, claim, { document: this.docsById.get(claim.document_id) }));
        } else {
          out.push(claim);
        }
      }
      return out;
    }

    async sources() {
      return this.bundle.sources || { method: null, sources: [] };
    }

    async timeline(place) {
      const timelines = this.bundle.timelines || {};
      return timelines[place] || null;
    }

    async basemap() {
      return this.basemapData;
    }

    tileUrl() {
      return null; // the report is offline by design (its CSP allows no remote images)
    }
  }

  function readJsonScript(id) {
    const node = document.getElementById(id);
    if (!node || node.getAttribute("type") !== "application/json") return undefined;
    return JSON.parse(node.textContent);
  }

  function makeDataSource() {
    const bundle = readJsonScript("claimgraph-data");
    if (bundle !== undefined) return new BundleDataSource(bundle, readJsonScript("claimgraph-basemap"));
    return new ApiDataSource();
  }

  // ------------------------------------------------------------------ state

  const state = {
    as_of: null, place: "", status: "", type: "", source: "", proposition: null, claim: null,
  };

  function parseState() {
    const raw = location.hash.length > 1 ? location.hash.slice(1) : location.search.slice(1);
    const params = new URLSearchParams(raw);
    const next = {};
    for (const key of STATE_KEYS) {
      const v = params.get(key);
      next[key] = v === null || v === "" ? (key === "as_of" || key === "proposition" || key === "claim" ? null : "") : v;
    }
    if (next.as_of) {
      next.as_of = next.as_of.replace(/ /g, "+"); // a hand-typed "+00:00" decodes as a space
      if (Number.isNaN(time(next.as_of))) next.as_of = null;
    }
    return next;
  }

  function stateHash() {
    const params = new URLSearchParams();
    for (const key of STATE_KEYS) {
      const v = state[key];
      if (v !== null && v !== undefined && v !== "") params.set(key, v);
    }
    const s = params.toString();
    return s ? `#${s}` : "";
  }

  function writeState(push) {
    const hash = stateHash();
    if (hash === location.hash || (!hash && !location.hash)) return;
    const url = hash || `${location.pathname}${location.search}`;
    try {
      if (push) history.pushState(null, "", url);
      else history.replaceState(null, "", url);
    } catch (_err) {
      location.hash = hash; // the hashchange it fires matches the state and is ignored
    }
  }

  // ------------------------------------------------------------------ app

  const app = {
    ds: null,
    meta: null,
    stops: [],
    props: [], // propositions at the current as-of
    propsAsOf: null,
    knownPlaces: new Map(), // placeKey -> place
    sourceNames: new Set(),
    requestSeq: 0,
    claimSeq: 0,
    map: null,
    markerLayer: null,
    markers: new Map(),
    fitted: false,
    timeline: null,
    tlItems: null,
    tlGroups: null,
    tlFitted: false,
    playTimer: null,
  };

  function showError(message) {
    const box = $("error");
    box.textContent = message;
    box.hidden = false;
  }

  function clearError() {
    const box = $("error");
    box.textContent = "";
    box.hidden = true;
  }

  // ---------- filters

  function filtered(props, ignorePlace) {
    return props.filter((p) => {
      if (!ignorePlace && state.place && placeKey(p.place) !== state.place) return false;
      if (state.status && p.status !== state.status) return false;
      if (state.type && p.type !== state.type) return false;
      if (state.source && !(p.sources || []).some((s) => s && s.name === state.source)) return false;
      return true;
    });
  }

  function fillSelect(select, options, current, allLabel) {
    clear(select);
    select.append(el("option", { value: "", text: allLabel }));
    let found = current === "";
    for (const [value, label] of options) {
      select.append(el("option", { value, text: label }));
      if (value === current) found = true;
    }
    if (!found && current) select.append(el("option", { value: current, text: `${current} (not present)` }));
    select.value = current || "";
  }

  function renderFilters() {
    const places = [...app.knownPlaces.entries()]
      .map(([key, place]) => [key, place.country ? `${place.name} (${place.country})` : place.name || key])
      .sort((a, b) => a[1].localeCompare(b[1]));
    fillSelect($("filter-place"), places, state.place, "All places");
    fillSelect($("filter-status"), STATUSES.map((s) => [s, s]), state.status, "All statuses");
    const types = new Set(TYPES);
    for (const p of app.props) if (p.type) types.add(p.type);
    fillSelect($("filter-type"), [...types].map((t) => [t, t]), state.type, "All types");
    const names = [...app.sourceNames].sort((a, b) => a.localeCompare(b));
    fillSelect($("filter-source"), names.map((n) => [n, n]), state.source, "All sources");
  }

  function onFilterChange(key, value) {
    state[key] = value;
    writeState(true);
    renderAll();
  }

  // ---------- as-of slider

  function stopIndexFor(asOf) {
    if (!app.stops.length) return 0;
    if (!asOf) return app.stops.length - 1;
    const t = time(asOf);
    let idx = 0;
    for (let i = 0; i < app.stops.length; i++) if (time(app.stops[i]) <= t) idx = i;
    return idx;
  }

  function renderAsOfLabel(asOf) {
    const label = $("asof-label");
    const latest = !asOf;
    const shown = asOf || (app.stops.length ? app.stops[app.stops.length - 1] : null);
    label.textContent = shown ? `${fmtTime(shown)}${latest ? " (latest)" : ""}` : "latest";
    label.setAttribute("data-as-of", latest ? "latest" : asOf);
    const slider = $("asof-slider");
    slider.setAttribute("aria-valuetext", label.textContent);
  }

  function setupSlider() {
    const slider = $("asof-slider");
    slider.min = "0";
    slider.max = String(Math.max(0, app.stops.length - 1));
    slider.disabled = app.stops.length < 2;
    slider.value = String(stopIndexFor(state.as_of));
    let debounce = null;
    slider.addEventListener("input", () => {
      const asOf = asOfForIndex(Number(slider.value));
      renderAsOfLabel(asOf);
      clearTimeout(debounce);
      debounce = setTimeout(() => setAsOf(asOf, false), 120);
    });
    slider.addEventListener("change", () => {
      clearTimeout(debounce);
      setAsOf(asOfForIndex(Number(slider.value)), false);
    });
    $("asof-prev").addEventListener("click", () => stepAsOf(-1));
    $("asof-next").addEventListener("click", () => stepAsOf(1));
    $("asof-play").addEventListener("click", togglePlay);
  }

  function asOfForIndex(i) {
    if (!app.stops.length || i >= app.stops.length - 1) return null;
    return app.stops[Math.max(0, i)];
  }

  function stepAsOf(delta) {
    const slider = $("asof-slider");
    const i = Math.min(app.stops.length - 1, Math.max(0, Number(slider.value) + delta));
    slider.value = String(i);
    setAsOf(asOfForIndex(i), false);
  }

  function togglePlay() {
    const button = $("asof-play");
    if (app.playTimer) {
      clearInterval(app.playTimer);
      app.playTimer = null;
      button.textContent = "Replay";
      button.classList.remove("playing");
      return;
    }
    const slider = $("asof-slider");
    if (Number(slider.value) >= app.stops.length - 1) {
      slider.value = "0";
      setAsOf(asOfForIndex(0), false);
    }
    button.textContent = "Pause";
    button.classList.add("playing");
    app.playTimer = setInterval(() => {
      if (Number(slider.value) >= app.stops.length - 1) {
        togglePlay();
        return;
      }
      stepAsOf(1);
    }, 1200);
  }

  async function setAsOf(asOf, push) {
    state.as_of = asOf;
    $("asof-slider").value = String(stopIndexFor(asOf));
    renderAsOfLabel(asOf);
    writeState(push);
    await loadPropositions();
  }

  async function loadPropositions() {
    const seq = ++app.requestSeq;
    document.body.setAttribute("data-loading", "true");
    try {
      const data = await app.ds.propositions(state.as_of);
      if (seq !== app.requestSeq) return;
      app.props = (data && data.propositions) || [];
      app.propsAsOf = data ? data.as_of : null;
      for (const p of app.props) {
        const key = placeKey(p.place);
        if (key && !app.knownPlaces.has(key)) app.knownPlaces.set(key, p.place);
        for (const s of p.sources || []) if (s && s.name) app.sourceNames.add(s.name);
      }
      clearError();
      renderAll();
    } catch (err) {
      if (seq === app.requestSeq) showError(`Could not load propositions: ${err.message}`);
    } finally {
      if (seq === app.requestSeq) document.body.removeAttribute("data-loading");
    }
  }

  // ---------- render all

  function renderAll() {
    renderFilters();
    const shown = filtered(app.props, false);
    renderMap(filtered(app.props, true));
    renderTimeline(shown);
    renderList(shown);
    renderSelection();
    renderPlacePanel();
    renderSourcesHighlight();
  }

  // ---------- map

  function initMap() {
    const map = L.map("map", {
      zoomControl: true,
      attributionControl: false,
      minZoom: 2,
      maxZoom: 12,
      worldCopyJump: false,
      zoomSnap: 0.5,
    });
    map.setView([15, 30], 4);
    const basePane = map.createPane("basemap");
    basePane.classList.add("leaflet-basemap-pane");
    basePane.style.zIndex = "250";
    app.basemapRenderer = L.svg({ pane: "basemap" });
    const tileUrl = app.ds.tileUrl(app.meta);
    if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 18 }).addTo(map);

    const Legend = L.Control.extend({
      onAdd() {
        const box = el("div", { class: "map-legend leaflet-bar", "data-testid": "map-legend" });
        box.append(el("div", { class: "legend-title", text: "Control status" }));
        for (const s of STATUSES) {
          box.append(el("div", { class: "legend-row" },
            el("span", { class: `legend-dot status-${s}` }), s));
        }
        box.append(el("div", { class: "legend-row" },
          el("span", { class: "legend-dot legend-other" }), "other events only"));
        L.DomEvent.disableClickPropagation(box);
        return box;
      },
    });
    new Legend({ position: "bottomright" }).addTo(map);
    const Credit = L.Control.extend({
      onAdd() {
        return el("div", { class: "map-credit", text: "Basemap: Natural Earth · Leaflet" });
      },
    });
    new Credit({ position: "bottomleft" }).addTo(map);

    app.map = map;
    app.markerLayer = L.layerGroup().addTo(map);
    map.on("zoomend", () => { spreadMarkers(); placeLabels(); });
  }

  async function loadBasemap() {
    try {
      const topo = await app.ds.basemap();
      if (!topo || !topo.objects || !window.topojson) return;
      const objectName = topo.objects.countries ? "countries" : Object.keys(topo.objects)[0];
      const geo = topojson.feature(topo, topo.objects[objectName]);
      L.geoJSON(geo, {
        pane: "basemap",
        renderer: app.basemapRenderer,
        interactive: false,
        style: () => ({ color: "#a9a294", weight: 0.8, fillColor: "#f3efe6", fillOpacity: 1 }),
      }).addTo(app.map);
    } catch (err) {
      showError(`Could not load the basemap: ${err.message}`);
    }
  }

  function leadingControl(props) {
    const control = props.filter((p) => p.type === "CONTROL");
    if (!control.length) return null;
    return control.slice().sort((a, b) =>
      (STATUS_RANK[b.status] || 0) - (STATUS_RANK[a.status] || 0) ||
      (b.confidence || 0) - (a.confidence || 0))[0];
  }

  function placePopup(place, props) {
    const box = el("div", { class: "place-popup", "data-testid": "place-popup" });
    box.append(el("h3", { text: place.name || "unknown place" }));
    const coords = place.lat !== null && place.lat !== undefined
      ? `${Number(place.lat).toFixed(3)}, ${Number(place.lon).toFixed(3)}` : "";
    box.append(el("p", { class: "note", text: [place.country, coords, place.geonames_id ? `GeoNames ${place.geonames_id}` : ""].filter(Boolean).join(" · ") }));
    const list = el("ul");
    const sorted = props.slice().sort((a, b) =>
      (a.type === "CONTROL" ? 0 : 1) - (b.type === "CONTROL" ? 0 : 1) ||
      (STATUS_RANK[b.status] || 0) - (STATUS_RANK[a.status] || 0));
    for (const p of sorted.slice(0, 12)) {
      const item = el("li", { "data-id": p.id }, statusChip(p.status), " ", propTitle(p));
      item.addEventListener("click", () => selectProposition(p.id, true));
      list.append(item);
    }
    box.append(list);
    if (sorted.length > 12) box.append(el("p", { class: "note", text: `…and ${sorted.length - 12} more` }));
    const button = el("button", { type: "button", class: "place-filter", text: "Show only this place" });
    button.addEventListener("click", () => {
      app.map.closePopup();
      onFilterChange("place", placeKey(place));
    });
    box.append(button);
    return box;
  }

  function renderMap(props) {
    if (!app.map) return;
    const byPlace = new Map();
    for (const p of props) {
      const place = p.place;
      if (!place || place.lat === null || place.lat === undefined || place.lon === null || place.lon === undefined) continue;
      const key = placeKey(place);
      if (!byPlace.has(key)) byPlace.set(key, { place, props: [] });
      byPlace.get(key).props.push(p);
    }
    app.markerLayer.clearLayers();
    app.markers.clear();
    const entries = [...byPlace.entries()].sort((a, b) =>
      (leadingControl(a[1].props) ? 1 : 0) - (leadingControl(b[1].props) ? 1 : 0));
    const latlngs = [];
    for (const [key, { place, props: placeProps }] of entries) {
      const lead = leadingControl(placeProps);
      const status = lead ? lead.status : "other";
      const color = STATUS_COLOR[status] || STATUS_COLOR.other;
      const selected = state.place === key;
      const marker = L.circleMarker([place.lat, place.lon], {
        radius: lead ? 8 + Math.min(6, placeProps.length) : 5,
        color: selected ? "#111" : lead ? "#ffffff" : "#6b7178",
        weight: selected ? 3 : lead ? 2 : 1,
        fillColor: color,
        fillOpacity: lead ? 0.92 : 0.75,
        className: `place-marker status-${status}${selected ? " selected" : ""}`,
      });
      const radius = marker.getRadius();
      marker.bindTooltip(el("span", { class: "place-tooltip", text: place.name || key }), {
        permanent: byPlace.size <= 40,
        direction: "right",
        offset: [radius, 0],
        className: `place-label${lead ? " place-label-control" : ""}`,
      });
      marker.bindPopup(() => placePopup(place, placeProps), { maxWidth: 320 });
      marker.addTo(app.markerLayer);
      const path = marker.getElement();
      if (path) {
        path.setAttribute("data-place", key);
        path.setAttribute("data-status", status);
        path.setAttribute("data-testid", "place-marker");
      }
      marker.home = L.latLng(place.lat, place.lon);  // where it is; spreading only moves the drawing
      app.markers.set(key, marker);
      latlngs.push([place.lat, place.lon]);
    }
    if (!app.fitted && latlngs.length) {
      app.fitted = true;
      if (latlngs.length === 1) app.map.setView(latlngs[0], 7);
      else app.map.fitBounds(L.latLngBounds(latlngs), { padding: [40, 40], maxZoom: 8 });
    }
    spreadMarkers();
    placeLabels();
  }

  /** Markers that would overlap at this zoom (a town and its dam, two villages) are laid out
   * on a small ring around their middle, each keeping its own colour, label and popup;
   * data-spread on each says how many share the spot. Zooming in puts them back. */
  function spreadMarkers() {
    const markers = [...app.markers.values()];
    const points = markers.map((m) => app.map.latLngToContainerPoint(m.home));
    const group = markers.map((_, i) => i);
    const find = (i) => (group[i] === i ? i : (group[i] = find(group[i])));
    for (let i = 0; i < markers.length; i++) {
      for (let j = i + 1; j < markers.length; j++) {
        const reach = markers[i].getRadius() + markers[j].getRadius() + 2;
        if (points[i].distanceTo(points[j]) < reach) group[find(i)] = find(j);
      }
    }
    const members = new Map();
    markers.forEach((_, i) => {
      const root = find(i);
      if (!members.has(root)) members.set(root, []);
      members.get(root).push(i);
    });
    for (const list of members.values()) {
      const centre = list.reduce((acc, i) => acc.add(points[i]), L.point(0, 0)).divideBy(list.length);
      const widest = Math.max(...list.map((i) => markers[i].getRadius()));
      const ring = list.length > 1 ? (widest + 2) / Math.sin(Math.PI / list.length) : 0;
      list.forEach((i, k) => {
        const marker = markers[i];
        const angle = (2 * Math.PI * k) / list.length - Math.PI / 2;
        const at = list.length > 1 ? centre.add(L.point(Math.cos(angle) * ring, Math.sin(angle) * ring)) : points[i];
        marker.setLatLng(list.length > 1 ? app.map.containerPointToLatLng(at) : marker.home);
        const path = marker.getElement();
        if (path) path.setAttribute("data-spread", String(list.length));
      });
    }
  }

  /** Put a permanent label on the left of its marker when another marker sits on its right. */
  function placeLabels() {
    const points = [...app.markers.values()].map((m) => [m, app.map.latLngToContainerPoint(m.getLatLng())]);
    for (const [marker, p] of points) {
      const tip = marker.getTooltip();
      if (!tip || !tip.options.permanent) continue;
      const crowded = points.some(([other, q]) => other !== marker && q.x >= p.x && q.x - p.x < 110 && Math.abs(q.y - p.y) < 16);
      const r = marker.getRadius();
      tip.options.direction = crowded ? "left" : "right";
      tip.options.offset = L.point(crowded ? -r : r, 0);
      tip.update();
    }
  }

  // ---------- timeline

  function initTimeline() {
    if (!window.vis || !vis.Timeline) return;
    app.tlItems = new vis.DataSet();
    app.tlGroups = new vis.DataSet();
    const options = {
      stack: true,
      orientation: { axis: "top", item: "top" },
      selectable: true,
      multiselect: false,
      showTooltips: false,
      showCurrentTime: false,
      zoomKey: "ctrlKey",
      verticalScroll: true,
      maxHeight: 320,
      minHeight: 140,
      zoomMin: 60 * 60 * 1000,
      margin: { item: { horizontal: 2, vertical: 4 } },
      groupOrder: (a, b) => (a.order || 0) - (b.order || 0),
      moment: (date) => vis.moment(date).utc(),
      xss: { disabled: false, filterOptions: { whiteList: {}, stripIgnoreTag: true, stripIgnoreTagBody: ["script", "style"] } },
    };
    const period = reportPeriod();
    if (period) {
      // an explicit start/end stops vis-timeline's own fit-to-all-items on the first draw
      options.start = period[0];
      options.end = period[1];
    }
    app.timeline = new vis.Timeline($("timeline"), app.tlItems, app.tlGroups, options);
    app.timeline.on("select", (props) => {
      const id = props.items && props.items[0];
      if (id && id !== state.proposition) selectProposition(id, true);
    });
    app.timeline.addCustomTime(new Date(), "asof");
    app.timeline.on("timechanged", (props) => {
      if (props.id !== "asof" || !app.stops.length) return;
      const t = props.time.getTime();
      let idx = 0;
      for (let i = 0; i < app.stops.length; i++) if (time(app.stops[i]) <= t) idx = i;
      setAsOf(asOfForIndex(idx), false);
    });
  }

  function renderTimeline(props) {
    if (!app.timeline) return;
    const groups = new Map();
    const items = [];
    for (const p of props) {
      const vt = p.valid_time || {};
      const start = time(vt.start || p.valid_from || p.first_reported);
      if (Number.isNaN(start)) continue;
      let end = time(vt.end || p.valid_to);
      const key = placeKey(p.place) || "unplaced";
      if (!groups.has(key)) groups.set(key, (p.place && p.place.name) || "unplaced");
      const content = el("span", { class: "tl-item", "data-id": p.id, title: `${p.type || "?"} · ${propTitle(p)} — ${p.status}` },
        el("span", { class: "tl-type", text: p.type || "?" }), " ",
        agentName(p.agent));
      const item = { id: p.id, group: key, start: new Date(start), content, className: `status-${p.status || "unknown"}` };
      if (!Number.isNaN(end) && end > start) item.end = new Date(end);
      else item.type = "point";
      items.push(item);
    }
    const sortedGroups = [...groups.entries()].sort((a, b) => a[1].localeCompare(b[1]));
    app.tlGroups.clear();
    app.tlGroups.add(sortedGroups.map(([key, name], i) => ({
      id: key, order: i, content: el("span", { class: "tl-group", "data-place": key, text: name }),
    })));
    app.tlItems.clear();
    app.tlItems.add(items);
    const asOfTime = state.as_of ? time(state.as_of) : (app.stops.length ? time(app.stops[app.stops.length - 1]) : Date.now());
    if (!Number.isNaN(asOfTime)) app.timeline.setCustomTime(new Date(asOfTime), "asof");
    if (!app.tlFitted && items.length) {
      app.tlFitted = true;
      fitTimeline();
    }
    syncTimelineSelection();
  }

  /** The timeline's initial window: the report period a day either side, or where a long
   * store is, the fortnight with the most reports (a store spanning 2023 and 2024 opens on
   * its busiest weeks, not on two years of slivers). */
  function reportPeriod() {
    const day = 24 * 60 * 60 * 1000;
    const times = app.stops.map(time).filter((t) => !Number.isNaN(t)).sort((a, b) => a - b);
    if (!times.length) return null;
    let [first, last] = [times[0], times[times.length - 1]];
    const span = 14 * day;
    if (last - first > 3 * span) {
      let best = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while (j + 1 < times.length && times[j + 1] - times[i] <= span) j++;
        if (j - i + 1 > best) [best, first, last] = [j - i + 1, times[i], times[j]];
      }
    }
    return [new Date(first - day), new Date(last + day)];
  }

  /** Show the report period, not outliers such as year-long intervals. */
  function fitTimeline() {
    const period = reportPeriod();
    if (period) app.timeline.setWindow(period[0], period[1], { animation: false });
    else app.timeline.fit({ animation: false });
    if (period) {
      $("timeline").setAttribute("data-window-start", period[0].toISOString());
      $("timeline").setAttribute("data-window-end", period[1].toISOString());
    }
  }

  function syncTimelineSelection() {
    if (!app.timeline) return;
    const id = state.proposition;
    app.timeline.setSelection(id && app.tlItems.get(id) ? [id] : []);
  }

  // ---------- propositions list

  function renderList(props) {
    const list = $("propositions");
    clear(list);
    $("propositions-count").textContent = `${props.length} of ${app.props.length}`;
    if (!props.length) {
      list.append(el("li", { class: "empty note", text: app.props.length ? "No propositions match the filters." : "No propositions as of this time." }));
      return;
    }
    const sorted = props.slice().sort((a, b) =>
      (a.type === "CONTROL" ? 0 : 1) - (b.type === "CONTROL" ? 0 : 1) ||
      (STATUS_RANK[b.status] || 0) - (STATUS_RANK[a.status] || 0) ||
      (b.confidence || 0) - (a.confidence || 0) ||
      String(a.id).localeCompare(String(b.id)));
    for (const p of sorted) list.append(propositionItem(p));
  }

  function propositionItem(p) {
    const selected = p.id === state.proposition;
    const item = el("li", {
      class: `proposition status-${p.status}${selected ? " selected" : ""}`,
      "data-id": p.id,
      "data-status": p.status,
      "data-type": p.type,
      "data-place": placeKey(p.place),
      "data-testid": "proposition",
      tabindex: "0",
      role: "button",
      "aria-pressed": selected ? "true" : "false",
    });
    const head = el("div", { class: "prop-head" },
      statusChip(p.status),
      el("span", { class: "prop-type", text: p.type || "?" }),
      el("span", { class: "prop-title", text: propTitle(p) }),
      p.confidence !== null && p.confidence !== undefined
        ? el("span", { class: "confidence", title: "confidence", text: Number(p.confidence).toFixed(2) }) : null);
    item.append(head);
    const vt = p.valid_time || {};
    const nSources = (p.sources || []).length;
    item.append(el("div", { class: "prop-meta", text: [
      `valid ${fmtInterval(vt.start, vt.end)}`,
      `${nSources} source${nSources === 1 ? "" : "s"} (${p.independent_sources ?? "?"} independent)`,
      `${(p.claims || []).length} claim${(p.claims || []).length === 1 ? "" : "s"}`,
      p.first_reported ? `first reported ${fmtTime(p.first_reported)}` : null,
    ].filter(Boolean).join(" · ") }));
    if (p.reasons && p.reasons.length) {
      const reasons = el("ul", { class: "reasons" });
      for (const r of p.reasons) reasons.append(el("li", { text: r }));
      item.append(reasons);
    }
    item.addEventListener("click", () => selectProposition(p.id, true));
    item.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        selectProposition(p.id, true);
      }
    });
    return item;
  }

  // ---------- selection and claims

  function selectProposition(id, push) {
    if (state.proposition !== id) state.claim = null;
    state.proposition = id;
    writeState(push);
    renderSelection();
  }

  function renderSelection() {
    for (const li of document.querySelectorAll("#propositions li.proposition")) {
      const on = li.getAttribute("data-id") === state.proposition;
      li.classList.toggle("selected", on);
      li.setAttribute("aria-pressed", on ? "true" : "false");
    }
    syncTimelineSelection();
    const current = document.querySelector("#propositions li.proposition.selected");
    if (current && !isVisibleIn(current, $("propositions"))) current.scrollIntoView({ block: "nearest" });
    loadClaims();
  }

  function isVisibleIn(node, container) {
    const a = node.getBoundingClientRect();
    const b = container.getBoundingClientRect();
    return a.top >= b.top && a.bottom <= b.bottom;
  }

  async function loadClaims() {
    const seq = ++app.claimSeq;
    const detail = $("proposition-detail");
    const box = $("claims");
    if (!state.proposition) {
      clear(detail);
      clear(box);
      detail.append(el("p", { class: "note", text: "Select a proposition to see the claims behind it." }));
      return;
    }
    const prop = app.props.find((p) => p.id === state.proposition);
    if (!prop) {
      clear(detail);
      clear(box);
      detail.append(el("p", { class: "note", text: `Proposition ${state.proposition} is not known as of ${state.as_of ? fmtTime(state.as_of) : "the latest report"}.` }));
      return;
    }
    let claims;
    try {
      claims = await app.ds.claims(prop.claims || []);
    } catch (err) {
      if (seq === app.claimSeq) showError(`Could not load claims: ${err.message}`);
      return;
    }
    if (seq !== app.claimSeq) return;
    renderDetail(prop);
    renderClaims(prop, claims);
  }

  function renderDetail(prop) {
    const detail = $("proposition-detail");
    clear(detail);
    detail.append(el("div", { class: "detail-head" }, statusChip(prop.status),
      el("strong", { class: "detail-title", text: propTitle(prop) })));
    const vt = prop.valid_time || {};
    const facts = el("p", { class: "note", text: [
      prop.type, `valid ${fmtInterval(vt.start, vt.end)}`,
      prop.confidence !== null && prop.confidence !== undefined ? `confidence ${Number(prop.confidence).toFixed(2)}` : null,
      `${prop.documents ?? "?"} document(s)`,
      prop.last_reported ? `last reported ${fmtTime(prop.last_reported)}` : null,
    ].filter(Boolean).join(" · ") });
    detail.append(facts);
    if ((prop.sources || []).length) {
      const list = el("ul", { class: "detail-sources" });
      for (const s of prop.sources) {
        list.append(el("li", { class: s.retracted ? "retracted" : null },
          stanceChip(s.stance), " ", el("span", { class: "source-name", text: s.name || "unknown" }),
          el("span", { class: "source-meta", text: ` ${[s.kind, s.side].filter(Boolean).join(" · ")}${s.retracted ? " · retracted" : ""}` })));
      }
      detail.append(list);
    }
  }

  function renderClaims(prop, claims) {
    const box = $("claims");
    clear(box);
    const byId = new Map(claims.map((c) => [c.id, c]));
    const support = (prop.support || []).filter((id) => byId.has(id));
    const deny = (prop.deny || []).filter((id) => byId.has(id));
    const used = new Set([...support, ...deny]);
    const other = claims.map((c) => c.id).filter((id) => !used.has(id));
    const byPublished = (a, b) => {
      const da = byId.get(a).document || {};
      const db = byId.get(b).document || {};
      return (time(da.published_at) || 0) - (time(db.published_at) || 0);
    };
    const groups = [["Supporting", support], ["Denying", deny], ["Other", other]];
    for (const [label, ids] of groups) {
      if (!ids.length) continue;
      box.append(el("h3", { class: `claims-group claims-${label.toLowerCase()}`, text: `${label} (${ids.length})` }));
      for (const id of ids.slice().sort(byPublished)) box.append(claimCard(byId.get(id)));
    }
    if (!claims.length) box.append(el("p", { class: "note", text: "No claims available." }));
    if (state.claim) {
      const card = box.querySelector(`.claim-card[data-id="${CSS.escape(state.claim)}"]`);
      if (card) card.scrollIntoView({ block: "nearest" });
    }
  }

  /** Split text (by code points) into nodes, wrapping [start, end) ranges in spans. */
  function markedText(chars, from, to, ranges) {
    const out = [];
    const cuts = new Set([from, to]);
    for (const r of ranges) {
      if (r.end > from && r.start < to) {
        cuts.add(Math.max(from, r.start));
        cuts.add(Math.min(to, r.end));
      }
    }
    const points = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i < points.length - 1; i++) {
      const a = points[i];
      const b = points[i + 1];
      if (b <= a) continue;
      const text = chars.slice(a, b).join("");
      const classes = ranges.filter((r) => r.start <= a && r.end >= b).map((r) => r.cls);
      out.push(classes.length ? el("span", { class: classes.join(" "), text }) : document.createTextNode(text));
    }
    return out;
  }

  /** The sentence with the evidence in <mark class="evidence">, source and cue underlined. */
  function sentenceNode(claim) {
    const sentence = typeof claim.sentence === "string" ? claim.sentence : "";
    const chars = Array.from(sentence); // offsets are code points (Python str indices)
    const base = claim.sentence_span ? claim.sentence_span[0] : 0;
    let start = -1;
    let end = -1;
    if (claim.span && claim.span.length === 2) {
      start = claim.span[0] - base;
      end = claim.span[1] - base;
    }
    if (!(start >= 0 && end > start && end <= chars.length) && claim.evidence) {
      const at = sentence.indexOf(claim.evidence);
      if (at >= 0) {
        start = Array.from(sentence.slice(0, at)).length;
        end = start + Array.from(claim.evidence).length;
      }
    }
    const ranges = [];
    const src = claim.source && claim.source.span;
    if (src && src.length === 2) ranges.push({ start: src[0] - base, end: src[1] - base, cls: "src-span" });
    if (claim.cue_span && claim.cue_span.length === 2) ranges.push({ start: claim.cue_span[0] - base, end: claim.cue_span[1] - base, cls: "cue-span" });
    const quote = el("blockquote", { class: "claim-sentence" });
    if (start >= 0 && end > start && end <= chars.length) {
      quote.append(...markedText(chars, 0, start, ranges));
      quote.append(el("mark", { class: "evidence", "data-testid": "evidence" }, ...markedText(chars, start, end, ranges)));
      quote.append(...markedText(chars, end, chars.length, ranges));
    } else {
      quote.append(...markedText(chars, 0, chars.length, ranges));
    }
    return quote;
  }

  function claimCard(claim) {
    const open = claim.id === state.claim;
    const card = el("article", {
      class: `claim-card stance-${claim.stance || "unknown"}${open ? " open" : ""}`,
      "data-id": claim.id,
      "data-stance": claim.stance || "",
      "data-testid": "claim-card",
      tabindex: "0",
      "aria-expanded": open ? "true" : "false",
    });
    const source = claim.source || {};
    const sourceName = source.canonical || source.text || "the outlet";
    card.append(el("header", { class: "claim-head" },
      stanceChip(claim.stance),
      el("span", { class: "claim-source", text: sourceName }),
      el("span", { class: "source-meta", text: [source.kind, source.side].filter((x) => x && x !== "none" && x !== "unknown").join(" · ") })));
    card.append(sentenceNode(claim));
    const facts = el("dl", { class: "claim-facts" });
    const fact = (label, value, cls) => {
      if (value === null || value === undefined || value === "") return;
      facts.append(el("dt", { text: label }), el("dd", { class: cls, text: value }));
    };
    fact("Chain", (claim.chain || []).join(" > "), "claim-chain");
    fact("Cue", claim.cue ? `“${claim.cue}”` : null, "claim-cue");
    fact("Stance", claim.stance, "claim-stance");
    fact("Quote", claim.quote, "claim-quote");
    fact("Channel", claim.channel, "claim-channel");
    if (claim.hedges && claim.hedges.length) fact("Hedges", claim.hedges.map((h) => h.text || "").join(" "), "claim-hedges");
    card.append(facts);
    const doc = claim.document || {};
    const foot = el("footer", { class: "claim-foot" },
      el("span", { class: "claim-outlet", text: doc.outlet || "unknown outlet" }),
      " · ",
      el("time", { class: "claim-published", datetime: doc.published_at || null, text: doc.published_at ? fmtTime(doc.published_at) : "undated" }));
    const href = safeHttpUrl(doc.url);
    if (href) {
      const link = el("a", { class: "doc-link", href, rel: "noopener noreferrer", target: "_blank", referrerpolicy: "no-referrer", text: doc.title || "document" });
      link.addEventListener("click", (ev) => ev.stopPropagation());
      foot.append(" · ", link);
    } else if (doc.title) {
      foot.append(" · ", el("span", { class: "doc-title", text: doc.title }));
    }
    card.append(foot);
    if (open) card.append(claimDetails(claim));
    const toggle = () => {
      state.claim = state.claim === claim.id ? null : claim.id;
      writeState(true);
      for (const other of document.querySelectorAll("#claims .claim-card")) {
        const on = other.getAttribute("data-id") === state.claim;
        other.classList.toggle("open", on);
        other.setAttribute("aria-expanded", on ? "true" : "false");
        const extra = other.querySelector(".claim-details");
        if (extra && !on) extra.remove();
      }
      if (state.claim === claim.id && !card.querySelector(".claim-details")) card.append(claimDetails(claim));
    };
    card.addEventListener("click", (ev) => {
      if (window.getSelection && String(window.getSelection())) return; // selecting text
      if (ev.target.closest(".claim-details")) return;
      toggle();
    });
    card.addEventListener("keydown", (ev) => {
      if (ev.target === card && (ev.key === "Enter" || ev.key === " ")) {
        ev.preventDefault();
        toggle();
      }
    });
    return card;
  }

  function claimDetails(claim) {
    const box = el("dl", { class: "claim-details", "data-testid": "claim-details" });
    const add = (label, value) => {
      if (value === null || value === undefined || value === "") return;
      box.append(el("dt", { text: label }), el("dd", { text: value }));
    };
    const ev = claim.event;
    if (ev) {
      add("Event", [ev.type, ev.modality].filter(Boolean).join(", "));
      if (ev.agent) add("Agent", [ev.agent.canonical || ev.agent.text, ev.agent.side].filter(Boolean).join(" · "));
      if (ev.place) add("Place", [ev.place.text, ev.place.name && ev.place.name !== ev.place.text ? `= ${ev.place.name}` : null, ev.place.country].filter(Boolean).join(" "));
      if (ev.time) add("Time", `${fmtInterval(ev.time.start, ev.time.end)}${ev.time.text ? ` (“${ev.time.text}”)` : ""}`);
      add("Trigger", ev.trigger);
      add("Count", ev.count);
    }
    const source = claim.source || {};
    add("Source text", source.text);
    add("Attributed", claim.attributed === undefined ? null : claim.attributed ? "yes" : "no (outlet's own voice)");
    add("Document", (claim.document && claim.document.title) || claim.document_id);
    add("Claim id", claim.id);
    add("Extractor", claim.extractor);
    return box;
  }

  // ---------- place panel

  async function renderPlacePanel() {
    const panel = $("place-panel");
    if (!state.place) {
      panel.hidden = true;
      return;
    }
    const place = app.knownPlaces.get(state.place);
    const list = $("place-history");
    $("place-title").textContent = `Control history: ${place ? place.name : state.place}`;
    panel.hidden = false;
    let data = null;
    try {
      data = await app.ds.timeline(state.place.startsWith("name:") ? state.place.slice(5) : state.place, state.as_of);
    } catch (err) {
      data = null;
    }
    clear(list);
    const note = $("place-note");
    note.textContent = app.ds.mode === "report" && state.as_of ? "Shown as of the latest report (the report stores one control history per place)." : "";
    const intervals = (data && data.intervals) || [];
    if (!intervals.length) {
      list.append(el("li", { class: "note", text: "No control propositions for this place." }));
      return;
    }
    for (const iv of intervals) {
      const holder = iv.holder || {};
      const item = el("li", { "data-proposition": iv.proposition || "", title: (iv.reasons || []).join("; ") },
        statusChip(iv.status), " ",
        el("span", { class: "interval-time", text: fmtInterval(iv.start, iv.end) }), " ",
        el("strong", { text: holder.canonical || "unknown holder" }),
        holder.side ? el("span", { class: "source-meta", text: ` (${holder.side})` }) : null);
      if (iv.proposition) item.addEventListener("click", () => selectProposition(iv.proposition, true));
      list.append(item);
    }
  }

  // ---------- sources

  function renderSources(data) {
    const table = $("sources");
    const body = table.tBodies[0];
    clear(body);
    $("sources-method").textContent = data && data.method ? `reliability: ${data.method}` : "";
    const sources = ((data && data.sources) || []).slice().sort((a, b) =>
      (b.reliability ?? -1) - (a.reliability ?? -1) || (b.evidence || 0) - (a.evidence || 0));
    for (const s of sources) {
      if (s.name) app.sourceNames.add(s.name);
      const rel = s.reliability;
      const relCell = el("td", { class: "reliability" });
      if (rel === null || rel === undefined) relCell.append(el("span", { class: "note", text: "n/a" }));
      else {
        const pct = Math.max(0, Math.min(1, Number(rel))) * 100;
        const bar = el("span", { class: "rel-bar" }, el("span", { class: "rel-fill" }));
        bar.firstChild.style.width = `${pct.toFixed(0)}%`;
        relCell.append(bar, el("span", { class: "rel-value", text: Number(rel).toFixed(2) }));
      }
      const row = el("tr", { "data-source": s.name || "", "data-key": s.key || "", "data-testid": "source-row", tabindex: "0", title: "Filter propositions by this source" },
        el("td", { class: "source-name", text: s.name || s.key || "?" }),
        el("td", { text: s.kind || "" }),
        el("td", { text: s.side || "" }),
        relCell,
        el("td", { class: "num", text: s.evidence ?? "" }),
        el("td", { class: "num", text: s.propositions ?? "" }),
        el("td", { class: "num", text: s.asserted ?? "" }),
        el("td", { class: "num", text: s.denied ?? "" }));
      const pick = () => onFilterChange("source", state.source === s.name ? "" : s.name || "");
      row.addEventListener("click", pick);
      row.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter") pick();
      });
      body.append(row);
    }
    if (!sources.length) body.append(el("tr", {}, el("td", { colspan: "8", class: "note", text: "No sources." })));
  }

  function renderSourcesHighlight() {
    for (const row of document.querySelectorAll("#sources tbody tr[data-source]")) {
      row.classList.toggle("selected", !!state.source && row.getAttribute("data-source") === state.source);
    }
  }

  // ---------- meta

  function renderMeta(meta) {
    const parts = [];
    if (meta.documents !== undefined) parts.push(`${meta.documents} documents`);
    if (meta.claims !== undefined) parts.push(`${meta.claims} claims`);
    if (meta.first_reported || meta.last_reported) parts.push(`reports ${fmtTime(meta.first_reported)} – ${fmtTime(meta.last_reported)}`);
    if (meta.version) parts.push(`v${meta.version}`);
    $("meta-summary").textContent = parts.join(" · ");
    if (app.ds.mode === "report") {
      const badge = $("mode-badge");
      badge.textContent = "offline report";
      badge.hidden = false;
    }
  }

  // ---------- wiring

  function wireFilters() {
    for (const key of ["place", "status", "type", "source"]) {
      $(`filter-${key}`).addEventListener("change", (ev) => onFilterChange(key, ev.target.value));
    }
    $("filter-clear").addEventListener("click", () => {
      state.place = "";
      state.status = "";
      state.type = "";
      state.source = "";
      writeState(true);
      renderAll();
    });
  }

  async function applyUrlState() {
    if (location.hash === stateHash()) return; // our own change, or popstate + hashchange twice
    const next = parseState();
    const asOfChanged = next.as_of !== state.as_of;
    Object.assign(state, next);
    $("asof-slider").value = String(stopIndexFor(state.as_of));
    renderAsOfLabel(state.as_of);
    if (asOfChanged) await loadPropositions();
    else renderAll();
  }

  async function main() {
    app.ds = makeDataSource();
    document.body.setAttribute("data-mode", app.ds.mode);
    Object.assign(state, parseState());
    try {
      app.meta = await app.ds.meta();
    } catch (err) {
      showError(`Could not load /api/meta: ${err.message}`);
      return;
    }
    app.stops = app.ds.stops(app.meta).slice().sort((a, b) => time(a) - time(b));
    renderMeta(app.meta);
    setupSlider();
    renderAsOfLabel(state.as_of);
    wireFilters();
    initMap();
    initTimeline();
    const basemap = loadBasemap();
    const sources = app.ds.sources().then(renderSources).catch((err) => showError(`Could not load sources: ${err.message}`));
    if (state.as_of && app.ds.mode === "server") {
      // seed the place list with every place known at the latest report
      try {
        const latest = await app.ds.propositions(null);
        for (const p of (latest && latest.propositions) || []) {
          const key = placeKey(p.place);
          if (key && !app.knownPlaces.has(key)) app.knownPlaces.set(key, p.place);
        }
      } catch (_err) { /* the as-of load below reports errors */ }
    } else if (app.ds.mode === "report") {
      for (const snap of app.ds.snapshots) {
        for (const p of snap.propositions || []) {
          const key = placeKey(p.place);
          if (key && !app.knownPlaces.has(key)) app.knownPlaces.set(key, p.place);
        }
      }
    }
    await Promise.all([sources, loadPropositions(), basemap]);
    renderSourcesHighlight();
    window.addEventListener("hashchange", applyUrlState);
    window.addEventListener("popstate", applyUrlState);
    document.body.setAttribute("data-ready", "true");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", main);
  else main();
})();
