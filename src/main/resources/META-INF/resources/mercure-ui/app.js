// The sse-hub debugging UI: a client of the hub's public HTTP API, nothing more. Whatever comes from
// the hub (event data, ids, topics, payloads, problem details) is only ever inserted with
// textContent and createElement, never parsed as HTML.
"use strict";

(function () {
    // The hub is the parent of this page's path (/.well-known/mercure/ui/ → /.well-known/mercure),
    // and the metrics sit at the root of the same origin, so a path prefix added by a proxy is kept.
    const HUB = new URL("..", location.href).href.replace(/\/$/, "");
    const METRICS = new URL("../../../q/metrics", location.href).href;
    // The hub publishes each Subscription update on this topic (an absolute path on the hub).
    const SUBSCRIPTION_UPDATES = "/.well-known/mercure/subscriptions/{topic}/{subscriber}";

    // The query parameters a subscription can select topics with, and the draft each belongs to:
    // draft-07 has `topic` alone, draft-08 (Mercure 1.0) its matchers. The hub refuses a request that
    // mixes the two, so a subscription takes its selectors from one draft. The rest of the page reads
    // {parameter, value} pairs and never assumes which parameter a selector uses.
    const SELECTOR_PARAMETERS = [
        {name: "topic", label: "topic", draft: 7, placeholder: "https://example.com/books/{id}"},
        {name: "match", label: "match", draft: 8, placeholder: "https://example.com/books/1"},
        {name: "match_urlpattern", label: "match_urlpattern", draft: 8,
            placeholder: "https://example.com/books/:id"},
        {name: "match_uritemplate", label: "match_uritemplate", draft: 8,
            placeholder: "https://example.com/books/{id}"}
    ];
    // A draft-08 subscription takes no token in its URL, and an EventSource sends no headers: the
    // token travels in this cookie, scoped to the hub's path. Browsers keep a `__Secure-` cookie only
    // over HTTPS or from localhost.
    const ACCESS_TOKEN_COOKIE = "__Secure-mercure_access_token";

    // SSE events carry no topic: the browser cannot tell which of a subscription's selectors an event
    // matched. So each selector gets an EventSource of its own, and an event is labelled with the
    // selectors whose streams delivered it; the same update coming over several streams (same id,
    // type and data) is shown once, with each of them. A browser opens at most six HTTP/1.1
    // connections per host, shared by every tab of this origin and by this page's own requests, so
    // beyond MAX_STREAMS selectors one stream carries them all and its events are labelled with all
    // of them ("one of").
    const MAX_STREAMS = 3;
    const MAX_EVENTS = 100;
    const MAX_SAMPLES = 60;
    const POLL_MS = 1000;

    const $ = (id) => document.getElementById(id);

    // ---- helpers ------------------------------------------------------------------------------

    function element(tag, className, text) {
        const node = document.createElement(tag);
        if (className) {
            node.className = className;
        }
        if (text !== undefined && text !== null) {
            node.textContent = text;
        }
        return node;
    }

    function setStatus(node, state, text) {
        node.className = "status " + state;
        node.textContent = text;
    }

    function clock(date) {
        const pad = (n, width) => String(n).padStart(width, "0");
        return pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2)
            + "." + pad(date.getMilliseconds(), 3);
    }

    // JSON objects and arrays indented; anything else as it came.
    function pretty(data) {
        const trimmed = data.trim();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                return {text: JSON.stringify(JSON.parse(trimmed), null, 2), json: true};
            } catch (e) {
                // not JSON after all
            }
        }
        return {text: data, json: false};
    }

    // The problem document's detail (RFC 9457), else the status line.
    async function problemOf(response) {
        let detail = "";
        try {
            const problem = await response.json();
            detail = problem && typeof problem.detail === "string" ? problem.detail : "";
        } catch (e) {
            // not JSON
        }
        return response.status + " " + (response.statusText || "error") + (detail ? ": " + detail : "");
    }

    function words(text) {
        return text.split(/[\s,]+/).filter((word) => word.length > 0);
    }

    // ---- subscribe ----------------------------------------------------------------------------

    const selectorRows = $("selectors");
    const subscribeForm = $("subscribe-form");
    const subscribeToken = $("subscribe-token");
    const lastEventId = $("last-event-id");
    const eventTypes = $("event-types");
    const subscribeButton = $("subscribe-button");
    const unsubscribeButton = $("unsubscribe-button");
    const subscribeStatus = $("subscribe-status");
    const eventsList = $("events");
    const receivedCount = $("received-count");

    let streams = [];
    // Key (id, type, data) → the entry shown for it, to merge an update that several streams deliver.
    let shown = new Map();
    let received = 0;

    function addSelectorRow(parameter, value) {
        const row = element("li", "row selector");
        const menu = element("select", "selector-parameter");
        menu.setAttribute("aria-label", "Query parameter");
        for (const draft of [7, 8]) {
            const group = element("optgroup");
            group.label = "draft-0" + draft;
            for (const kind of SELECTOR_PARAMETERS.filter((k) => k.draft === draft)) {
                const option = element("option", null, kind.label);
                option.value = kind.name;
                group.appendChild(option);
            }
            menu.appendChild(group);
        }
        menu.value = parameter || SELECTOR_PARAMETERS[0].name;
        const input = element("input", "selector-value");
        input.setAttribute("aria-label", "Topic selector");
        input.spellcheck = false;
        input.value = value || "";
        const placeholder = () => {
            const kind = SELECTOR_PARAMETERS.find((k) => k.name === menu.value);
            input.placeholder = kind ? kind.placeholder : "";
        };
        menu.addEventListener("change", placeholder);
        placeholder();
        const remove = element("button", "secondary remove", "Remove");
        remove.type = "button";
        remove.setAttribute("aria-label", "Remove this selector");
        remove.addEventListener("click", function () {
            row.remove();
            if (selectorRows.children.length === 0) {
                addSelectorRow();
            }
        });
        row.append(menu, input, remove);
        selectorRows.appendChild(row);
        return input;
    }

    function selectors() {
        return Array.from(selectorRows.querySelectorAll(".selector"))
            .map((row) => ({
                parameter: row.querySelector(".selector-parameter").value,
                value: row.querySelector(".selector-value").value.trim()
            }))
            .filter((selector) => selector.value.length > 0);
    }

    function listenedTypes() {
        return ["message", "gap"].concat(words(eventTypes.value));
    }

    function draftOf(selector) {
        const kind = SELECTOR_PARAMETERS.find((k) => k.name === selector.parameter);
        return kind ? kind.draft : 7;
    }

    function streamUrl(group, token, from, draft) {
        const url = new URL(HUB);
        for (const selector of group) {
            url.searchParams.append(selector.parameter, selector.value);
        }
        if (token && draft === 7) {
            url.searchParams.set("authorization", token);
        }
        if (from) {
            url.searchParams.set(draft === 7 ? "lastEventID" : "last_event_id", from);
        }
        return url.href;
    }

    // Sets the draft-08 token cookie for the hub's path, or removes it (token empty).
    function setAccessTokenCookie(token) {
        const scope = "; Path=" + new URL(HUB).pathname + "; Secure; SameSite=Strict";
        document.cookie = token
            ? ACCESS_TOKEN_COOKIE + "=" + encodeURIComponent(token) + scope
            : ACCESS_TOKEN_COOKIE + "=" + scope + "; Max-Age=0";
    }

    function subscribe() {
        unsubscribe();
        const chosen = selectors();
        if (chosen.length === 0) {
            setStatus(subscribeStatus, "error", "Add at least one topic selector");
            return;
        }
        const drafts = new Set(chosen.map(draftOf));
        if (drafts.size > 1) {
            setStatus(subscribeStatus, "error",
                "Use draft-07 (topic) or draft-08 (match…) selectors, not both: the hub refuses a mix");
            return;
        }
        const draft = drafts.values().next().value;
        shown = new Map();
        const token = subscribeToken.value.trim();
        const from = lastEventId.value.trim();
        setAccessTokenCookie(draft === 8 ? token : "");
        const groups = chosen.length <= MAX_STREAMS ? chosen.map((selector) => [selector]) : [chosen];
        streams = groups.map(function (group) {
            const stream = {
                group: group,
                label: group.length === 1 ? group[0].value : "one of " + group.map((s) => s.value).join(", "),
                url: streamUrl(group, token, from, draft),
                types: new Set(),
                state: "connecting",
                source: null
            };
            stream.source = new EventSource(stream.url);
            stream.source.addEventListener("open", function () {
                stream.state = "open";
                showStreamStates();
            });
            stream.source.addEventListener("error", function () {
                if (stream.source.readyState === EventSource.CLOSED) {
                    stream.state = "closed";
                    explain(stream);
                } else {
                    stream.state = "connecting";
                }
                showStreamStates();
            });
            listen(stream, listenedTypes());
            return stream;
        });
        subscribeButton.textContent = "Subscribe again";
        unsubscribeButton.disabled = false;
        showStreamStates();
    }

    function listen(stream, types) {
        for (const type of types) {
            if (!stream.types.has(type)) {
                stream.types.add(type);
                stream.source.addEventListener(type, (event) => showEvent(event, stream));
            }
        }
    }

    function unsubscribe() {
        for (const stream of streams) {
            stream.source.close();
        }
        setAccessTokenCookie("");
        const had = streams.length > 0;
        streams = [];
        subscribeButton.textContent = "Subscribe";
        unsubscribeButton.disabled = true;
        if (had) {
            setStatus(subscribeStatus, "idle", "not subscribed");
        }
    }

    function showStreamStates() {
        if (streams.length === 0) {
            return;
        }
        const count = (state) => streams.filter((s) => s.state === state).length;
        const streamsWord = streams.length === 1 ? "stream" : "streams";
        if (count("closed") > 0) {
            const failed = streams.find((s) => s.state === "closed");
            setStatus(subscribeStatus, "error", "refused: " + (failed.reason || "the hub closed the stream"));
        } else if (count("open") === streams.length) {
            setStatus(subscribeStatus, "connected", "connected (" + streams.length + " " + streamsWord + ")");
        } else {
            setStatus(subscribeStatus, "connecting", "connecting… (" + count("open") + " of " + streams.length
                + " " + streamsWord + " open)");
        }
    }

    // An EventSource that gave up says nothing of why: ask again with fetch to read the problem
    // document, and drop the connection at once if this time it succeeds.
    async function explain(stream) {
        const abort = new AbortController();
        try {
            const response = await fetch(stream.url, {headers: {"Accept": "text/event-stream"}, signal: abort.signal});
            stream.reason = response.ok ? "the stream ended; subscribe again" : await problemOf(response);
        } catch (e) {
            stream.reason = "the hub cannot be reached";
        } finally {
            abort.abort();
        }
        if (streams.includes(stream)) {
            showStreamStates();
        }
    }

    function showEvent(event, stream) {
        // A notice (gap) has no id of its own: the browser repeats the last one, so the type and data
        // are part of the key, or the notice would merge into the update before it.
        const key = JSON.stringify([event.lastEventId, event.type, event.data]);
        const existing = shown.get(key);
        if (existing) {
            if (!existing.via.includes(stream.label)) {
                existing.via.push(stream.label);
                existing.viaNode.textContent = existing.via.join(" · ");
            }
            return;
        }
        received += 1;
        receivedCount.textContent = String(received);
        const item = element("li", "event");
        item.dataset.key = key;
        const head = element("div", "event-head");
        const time = element("time", "event-time", clock(new Date()));
        time.dateTime = new Date().toISOString();
        head.append(time, element("span", "event-type", event.type));
        const meta = element("dl", "event-meta");
        const viaNode = element("dd", "event-topics", stream.label);
        meta.append(element("dt", null, "id"), element("dd", "event-id", event.lastEventId || "(none)"),
            element("dt", null, "via"), viaNode);
        const data = pretty(event.data);
        const body = element("pre", "event-data" + (data.json ? " json" : ""), data.text);
        item.append(head, meta, body);
        eventsList.insertBefore(item, eventsList.firstChild);
        shown.set(key, {via: [stream.label], viaNode: viaNode});
        while (eventsList.children.length > MAX_EVENTS) {
            shown.delete(eventsList.lastElementChild.dataset.key);
            eventsList.removeChild(eventsList.lastElementChild);
        }
    }

    subscribeForm.addEventListener("submit", function (event) {
        event.preventDefault();
        subscribe();
    });
    unsubscribeButton.addEventListener("click", unsubscribe);
    $("add-selector").addEventListener("click", () => addSelectorRow().focus());
    $("clear-events").addEventListener("click", function () {
        eventsList.replaceChildren();
        shown = new Map();
        received = 0;
        receivedCount.textContent = "0";
    });
    eventTypes.addEventListener("change", function () {
        for (const stream of streams) {
            listen(stream, listenedTypes());
        }
    });

    // ---- publish ------------------------------------------------------------------------------

    const publishForm = $("publish-form");
    const publishResult = $("publish-result");
    const publishButton = $("publish-button");

    function showResult(state, label, value) {
        publishResult.className = "result " + state;
        publishResult.replaceChildren(element("span", "result-label", label), element("code", "result-value", value));
    }

    publishForm.addEventListener("submit", async function (event) {
        event.preventDefault();
        const form = new URLSearchParams();
        for (const topic of $("publish-topics").value.split("\n").map((t) => t.trim()).filter((t) => t)) {
            form.append("topic", topic);
        }
        form.append("data", $("publish-data").value);
        const optional = {
            id: $("publish-id").value.trim(),
            type: $("publish-type").value.trim(),
            retry: $("publish-retry").value.trim()
        };
        for (const [name, value] of Object.entries(optional)) {
            if (value !== "") {
                form.append(name, value);
            }
        }
        if ($("publish-private").checked) {
            form.append("private", "on");
        }
        // A type published here is one the subscription should hear: listen for it from now on.
        if (optional.type !== "" && !listenedTypes().includes(optional.type)) {
            eventTypes.value = words(eventTypes.value).concat(optional.type).join(", ");
            for (const stream of streams) {
                listen(stream, [optional.type]);
            }
        }
        const headers = {"Content-Type": "application/x-www-form-urlencoded"};
        const token = $("publish-token").value.trim();
        if (token) {
            headers["Authorization"] = "Bearer " + token;
        }
        publishButton.disabled = true;
        showResult("pending", "Publishing…", "");
        try {
            const response = await fetch(HUB, {method: "POST", headers: headers, body: form.toString()});
            if (response.ok) {
                showResult("ok", "Published, id:", await response.text());
            } else {
                showResult("error", "Refused:", await problemOf(response));
            }
        } catch (e) {
            showResult("error", "Not sent:", "the hub cannot be reached (" + e.message + ")");
        } finally {
            publishButton.disabled = false;
        }
    });

    // ---- active subscriptions -----------------------------------------------------------------

    const subscriptionsForm = $("subscriptions-form");
    const subscriptionsStop = $("subscriptions-stop");
    const subscriptionsStatus = $("subscriptions-status");
    const rows = $("subscriptions-rows");
    // Subscription id (its topic on the hub) → its row.
    const rowsById = new Map();
    let watcher = null;

    function cell(label, text, className) {
        const td = element("td", className, text);
        // Shown before the value when the table is laid out as cards on narrow screens.
        td.dataset.label = label;
        return td;
    }

    function upsert(subscription) {
        const row = element("tr", "subscription");
        row.dataset.id = subscription.id;
        const payload = subscription.payload === undefined || subscription.payload === null
            ? "–" : JSON.stringify(subscription.payload);
        row.append(cell("Topic selector", subscription.topic, "subscription-topic"),
            cell("Subscriber", subscription.subscriber, "subscription-subscriber"),
            cell("Payload", payload, "subscription-payload"));
        const old = rowsById.get(subscription.id);
        if (old) {
            old.replaceWith(row);
        } else {
            rows.appendChild(row);
        }
        rowsById.set(subscription.id, row);
    }

    function drop(id) {
        const row = rowsById.get(id);
        if (row) {
            row.remove();
            rowsById.delete(id);
        }
    }

    function showWatchState(state, text) {
        setStatus(subscriptionsStatus, state, text + " · " + rowsById.size + " active");
    }

    async function watch(token, current) {
        let response;
        try {
            response = await fetch(HUB + "/subscriptions", {
                headers: {"Accept": "application/ld+json", "Authorization": "Bearer " + token}
            });
        } catch (e) {
            setStatus(subscriptionsStatus, "error", "the hub cannot be reached (" + e.message + ")");
            return;
        }
        if (watcher !== current) {
            return;
        }
        if (!response.ok) {
            setStatus(subscriptionsStatus, "error", await problemOf(response));
            stopWatching(false);
            return;
        }
        const list = await response.json();
        if (watcher !== current) {
            return;
        }
        rows.replaceChildren();
        rowsById.clear();
        for (const subscription of list.subscriptions || []) {
            upsert(subscription);
        }
        if (current.source) {
            current.source.close();
        }
        // From the list's lastEventID: every change after the list, some maybe repeated, none missed.
        const url = new URL(HUB);
        url.searchParams.append("topic", SUBSCRIPTION_UPDATES);
        url.searchParams.set("authorization", token);
        url.searchParams.set("lastEventID", list.lastEventID || "earliest");
        const source = current.source = new EventSource(url.href);
        source.addEventListener("open", () => showWatchState("connected", "live"));
        source.addEventListener("error", function () {
            if (source.readyState === EventSource.CLOSED) {
                showWatchState("error", "the live stream was refused; Watch again");
            } else {
                showWatchState("connecting", "reconnecting…");
            }
        });
        source.addEventListener("message", function (event) {
            let subscription;
            try {
                subscription = JSON.parse(event.data);
            } catch (e) {
                return;
            }
            if (!subscription || subscription.type !== "Subscription" || typeof subscription.id !== "string") {
                return;
            }
            if (subscription.active) {
                upsert(subscription);
            } else {
                drop(subscription.id);
            }
            showWatchState("connected", "live");
        });
        // The list's lastEventID left the history before the stream opened: list again.
        source.addEventListener("gap", () => watch(token, current));
        showWatchState("connecting", "listed, connecting…");
    }

    function stopWatching(clear) {
        if (watcher && watcher.source) {
            watcher.source.close();
        }
        watcher = null;
        subscriptionsStop.disabled = true;
        if (clear) {
            rows.replaceChildren();
            rowsById.clear();
            setStatus(subscriptionsStatus, "idle", "not watching");
        }
    }

    subscriptionsForm.addEventListener("submit", function (event) {
        event.preventDefault();
        stopWatching(false);
        const token = $("subscriptions-token").value.trim();
        if (!token) {
            setStatus(subscriptionsStatus, "error", "The subscriptions API needs a subscriber token");
            return;
        }
        watcher = {source: null};
        subscriptionsStop.disabled = false;
        setStatus(subscriptionsStatus, "connecting", "listing…");
        watch(token, watcher);
    });
    subscriptionsStop.addEventListener("click", () => stopWatching(true));

    // ---- live figures -------------------------------------------------------------------------

    const figuresStatus = $("figures-status");
    const series = {
        subscribers: {value: $("figure-subscribers"), chart: $("chart-subscribers"), samples: []},
        updates: {value: $("figure-updates"), total: $("figure-updates-total"), chart: $("chart-updates"), samples: []},
        deliveries: {value: $("figure-deliveries"), total: $("figure-deliveries-total"), chart: $("chart-deliveries"),
            samples: []}
    };
    const NAMES = ["sse_hub_subscribers", "sse_hub_updates_published_total", "sse_hub_events_delivered_total"];
    let previous = null;

    // Prometheus text format: "name{labels} value [timestamp]"; series of one name are summed.
    function readMetrics(text) {
        const values = {};
        for (const line of text.split("\n")) {
            const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)/.exec(line);
            if (match && NAMES.includes(match[1])) {
                values[match[1]] = (values[match[1]] || 0) + Number(match[3]);
            }
        }
        return values;
    }

    function record(figure, value, shownText) {
        figure.samples.push(value);
        if (figure.samples.length > MAX_SAMPLES) {
            figure.samples.shift();
        }
        figure.value.textContent = shownText;
        draw(figure.chart, figure.samples);
    }

    function rate(now, before, elapsedSeconds) {
        return elapsedSeconds > 0 ? Math.max(0, now - before) / elapsedSeconds : 0;
    }

    function formatRate(value) {
        return value >= 100 ? String(Math.round(value)) : value.toFixed(1);
    }

    async function poll() {
        try {
            const response = await fetch(METRICS, {headers: {"Accept": "text/plain"}, cache: "no-store"});
            if (!response.ok) {
                throw new Error(await problemOf(response));
            }
            const values = readMetrics(await response.text());
            const at = performance.now();
            const published = values.sse_hub_updates_published_total;
            const delivered = values.sse_hub_events_delivered_total;
            if (values.sse_hub_subscribers === undefined || published === undefined || delivered === undefined) {
                throw new Error("the hub's metrics are missing from " + METRICS);
            }
            record(series.subscribers, values.sse_hub_subscribers, String(values.sse_hub_subscribers));
            series.updates.total.textContent = String(published);
            series.deliveries.total.textContent = String(delivered);
            if (previous !== null) {
                const seconds = (at - previous.at) / 1000;
                const updates = rate(published, previous.published, seconds);
                const deliveries = rate(delivered, previous.delivered, seconds);
                record(series.updates, updates, formatRate(updates));
                record(series.deliveries, deliveries, formatRate(deliveries));
            }
            previous = {at: at, published: published, delivered: delivered};
            setStatus(figuresStatus, "connected", "updated " + clock(new Date()));
        } catch (e) {
            previous = null;
            setStatus(figuresStatus, "error", "cannot read the metrics: " + e.message);
        }
        setTimeout(poll, POLL_MS);
    }

    // A sparkline of the last samples, scaled to their maximum, drawn at the device's pixel ratio.
    function draw(canvas, samples) {
        const ratio = window.devicePixelRatio || 1;
        const width = Math.max(1, canvas.clientWidth);
        const height = Math.max(1, canvas.clientHeight);
        if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
            canvas.width = Math.round(width * ratio);
            canvas.height = Math.round(height * ratio);
        }
        const context = canvas.getContext("2d");
        context.setTransform(ratio, 0, 0, ratio, 0, 0);
        context.clearRect(0, 0, width, height);
        const styles = getComputedStyle(canvas);
        const top = 12;
        const max = Math.max(1, ...samples);
        const x = (i) => width - (samples.length - 1 - i) * (width / (MAX_SAMPLES - 1));
        const y = (value) => height - 1 - (value / max) * (height - top - 2);
        context.strokeStyle = styles.getPropertyValue("--grid").trim() || "#d0d7de";
        context.lineWidth = 1;
        context.beginPath();
        context.moveTo(0, height - 0.5);
        context.lineTo(width, height - 0.5);
        context.stroke();
        if (samples.length > 0) {
            context.beginPath();
            samples.forEach((value, i) => (i === 0 ? context.moveTo(x(i), y(value)) : context.lineTo(x(i), y(value))));
            context.strokeStyle = styles.color;
            context.lineWidth = 1.5;
            context.stroke();
            context.lineTo(x(samples.length - 1), height);
            context.lineTo(x(0), height);
            context.closePath();
            context.globalAlpha = 0.12;
            context.fillStyle = styles.color;
            context.fill();
            context.globalAlpha = 1;
        }
        context.fillStyle = styles.getPropertyValue("--muted").trim() || "#57606a";
        context.font = "10px system-ui, sans-serif";
        context.textAlign = "right";
        context.textBaseline = "top";
        context.fillText("max " + formatRate(max).replace(/\.0$/, ""), width - 2, 0);
        canvas.dataset.samples = String(samples.length);
    }

    window.addEventListener("resize", function () {
        for (const figure of Object.values(series)) {
            draw(figure.chart, figure.samples);
        }
    });

    window.addEventListener("pagehide", function () {
        unsubscribe();
        stopWatching(false);
    });

    addSelectorRow();
    poll();
}());
