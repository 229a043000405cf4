// The sse-hub demo page. Received text is only ever inserted with textContent, never as HTML.
"use strict";

(function () {
    const MAX_LINES = 20;
    const RETRY_AFTER_CLOSE_MS = 3000;

    const statusEl = document.getElementById("status");
    const clockEl = document.getElementById("clock");
    const historyEl = document.getElementById("history");
    const countEl = document.getElementById("count");
    const joinForm = document.getElementById("join-form");
    const nameInput = document.getElementById("name");
    const joinButton = document.getElementById("join");
    const leaveButton = document.getElementById("leave");
    const messageForm = document.getElementById("message-form");
    const textInput = document.getElementById("text");
    const sendButton = document.getElementById("send");
    const errorEl = document.getElementById("chat-error");
    const subscribersEl = document.getElementById("subscribers");
    const JOIN_FIRST = textInput.placeholder;
    const TYPE_HERE = "Type a message (Enter sends, Shift+Enter adds a line)";

    let received = 0;
    let joinedAs = null;
    let source = null;

    function setStatus(state, text) {
        statusEl.className = "status " + state;
        statusEl.textContent = text;
    }

    function addLine(kind, text, id) {
        received += 1;
        countEl.textContent = String(received);
        const li = document.createElement("li");
        li.value = received;
        li.className = kind;
        if (id) {
            li.dataset.id = id;
        }
        const label = document.createElement("span");
        label.className = "kind";
        label.textContent = kind;
        li.appendChild(label);
        li.appendChild(document.createTextNode(text));
        historyEl.appendChild(li);
        while (historyEl.children.length > MAX_LINES) {
            historyEl.removeChild(historyEl.firstElementChild);
        }
        // Scroll the list, not the page, so the status line stays in view.
        historyEl.scrollTop = historyEl.scrollHeight;
    }

    function parse(event) {
        try {
            return JSON.parse(event.data);
        } catch (e) {
            return null;
        }
    }

    function connect() {
        setStatus("connecting", "connecting…");
        source = new EventSource("events");
        source.onopen = function () {
            setStatus("connected", "connected");
        };
        source.onerror = function () {
            if (source.readyState === EventSource.CLOSED) {
                // The browser gave up (e.g. the server answered with an error): retry ourselves.
                setStatus("error", "connection error, reconnecting…");
                setTimeout(connect, RETRY_AFTER_CLOSE_MS);
            } else {
                setStatus("error", "connection error, reconnecting…");
            }
        };
        // Clock ticks are default events and chat messages are named "message": a browser delivers
        // both as "message", so they are told apart by their data (an instant, or a JSON object).
        source.addEventListener("message", function (event) {
            const data = parse(event);
            if (data !== null && typeof data === "object") {
                addLine("message", data.user + ": " + data.text, event.lastEventId);
            } else {
                showTick(event);
            }
        });
        source.addEventListener("user_joined", function (event) {
            const data = parse(event);
            addLine("user_joined", data ? data.user + " joined" : event.data, event.lastEventId);
        });
        source.addEventListener("user_left", function (event) {
            const data = parse(event);
            addLine("user_left", data ? data.user + " left" : event.data, event.lastEventId);
        });
        // How many subscribers follow the chat, from the hub's active subscriptions.
        source.addEventListener("subscribers", function (event) {
            const data = parse(event);
            if (data && typeof data.count === "number") {
                subscribersEl.textContent = String(data.count);
            }
        });
    }

    // The clock shows the latest tick on its own: ticks never enter the history, where one a second
    // would push the chat out within MAX_LINES seconds.
    function showTick(event) {
        const at = new Date(event.data);
        clockEl.textContent = isNaN(at) ? event.data : at.toISOString().substring(11, 19);
        clockEl.dateTime = event.data;
    }

    async function post(method, url, body) {
        errorEl.textContent = "";
        const init = {method: method, headers: {"Accept": "application/json"}};
        if (body !== undefined) {
            init.headers["Content-Type"] = "application/json";
            init.body = JSON.stringify(body);
        }
        try {
            const response = await fetch(url, init);
            if (response.ok) {
                return true;
            }
            let detail = response.status + " " + response.statusText;
            try {
                const problem = await response.json();
                if (problem && problem.detail) {
                    detail = problem.detail;
                }
            } catch (e) {
                // not a problem document: keep the status line
            }
            errorEl.textContent = detail;
        } catch (e) {
            errorEl.textContent = "Could not reach the server: " + e.message;
        }
        return false;
    }

    function setJoined(user) {
        joinedAs = user;
        nameInput.disabled = user !== null;
        joinButton.hidden = user !== null;
        leaveButton.hidden = user === null;
        textInput.disabled = user === null;
        textInput.placeholder = user === null ? JOIN_FIRST : TYPE_HERE;
        sendButton.disabled = user === null;
        if (user !== null) {
            textInput.focus();
        }
    }

    joinForm.addEventListener("submit", async function (event) {
        event.preventDefault();
        const user = nameInput.value;
        if (await post("POST", "users", {user: user})) {
            setJoined(user);
        }
    });

    leaveButton.addEventListener("click", async function () {
        if (joinedAs !== null && await post("DELETE", "users/" + encodeURIComponent(joinedAs))) {
            setJoined(null);
        }
    });

    // Messages go out one at a time, in the order they were sent, however fast they are typed.
    let sending = Promise.resolve();

    messageForm.addEventListener("submit", function (event) {
        event.preventDefault();
        if (joinedAs === null) {
            return;
        }
        // Clear at once so typing can go on while the message is on its way.
        const text = textInput.value;
        const user = joinedAs;
        textInput.value = "";
        sending = sending.then(async function () {
            const sent = await post("POST", "messages", {user: user, text: text});
            if (!sent && textInput.value === "") {
                textInput.value = text;
            }
        });
    });

    textInput.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !event.shiftKey) {
            event.preventDefault();
            messageForm.requestSubmit();
        }
    });

    window.addEventListener("pagehide", function () {
        if (joinedAs !== null) {
            fetch("users/" + encodeURIComponent(joinedAs), {method: "DELETE", keepalive: true});
        }
    });

    connect();
}());
